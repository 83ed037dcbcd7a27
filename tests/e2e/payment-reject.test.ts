// End to end (review of #13, defect 1): a wrongly reported payment's note in the coordinator
// thread has "Avvisa" next to "Bekräfta utbetalning"; a coordinator's click opens the reason modal
// (the reason is checked at its field), the submit rejects the payment, the note is updated (no
// buttons left, "Avvisad av …") and the reporter gets a DM without the reason's text. (A confirmation
// after it is refused by the service: tests/services/payment-reject.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTION, CALLBACK, PAYMENT_BLOCK as P } from "../../src/core/ids.js";
import { findActor } from "../../src/services/members.js";
import { recordPayment, requestMoney } from "../../src/services/payments.js";
import { truncateAll } from "../helpers/db.js";
import { seedFixtures, startHarness, USERS, waitFor, type Harness } from "../helpers/harness.js";
import { seedPeriod2 } from "../report/seed-2016.js";

let h: Harness;
let rest009 = 0;

beforeAll(async () => {
  h = await startHarness();
  await truncateAll(h.db);
  await seedFixtures(h.db, { budget: "2016" });
  const refs = await seedPeriod2(h.db);
  rest009 = (await h.db.request.findFirstOrThrow({ where: { caseId: refs.NSP009, type: "rest" } })).id;
});
afterAll(async () => {
  await h?.close();
});

type Opened = { id: string; callback_id?: string; blocks: unknown[] };

async function sentMessage(key: string): Promise<{ channel: string; ts: string }> {
  const row = await waitFor(async () => h.db.outboxMessage.findFirst({ where: { key, status: "sent", ts: { not: null } } }), `${key} delivered`, 30_000);
  return { channel: row.channel ?? "", ts: row.ts ?? "" };
}

describe("rejecting a payment from Slack", () => {
  it("Avvisa → reason modal → rejected: the note loses its buttons, the reporter is told without the reason", async () => {
    const reporter = await findActor(h.db, USERS.applicant2);
    if (!reporter) throw new Error("seed");
    const r = await recordPayment(h.db, { requestId: rest009, actor: reporter, amount: 39_000, paidOn: new Date("2016-10-31T00:00:00Z"), note: null, today: new Date("2016-12-01T00:00:00Z"), source: "slack" });
    if (!r.ok) throw new Error(r.error);
    const note = await sentMessage(`${rest009}:thread_payment:${r.paymentId}`);
    expect(JSON.stringify(h.fake.message(note.channel, note.ts)?.blocks)).toContain(ACTION.rejectPayment);

    const before = h.fake.callsTo("views.open").length;
    await h.user.blockAction(USERS.coordinator, { actionId: ACTION.rejectPayment, message: note });
    const opened = await waitFor(async () => h.fake.callsTo("views.open")[before], "views.open");
    const view = (opened.response as { view: Opened }).view;
    expect(view.callback_id).toBe(CALLBACK.rejectPayment);

    const submit = (reason: string) => h.user.submitView(USERS.coordinator, view.id, h.user.valuesFor(view.id, { [P.rejectReason]: reason }));
    const pii = await submit("Fel belopp enligt 070-123 45 67");
    expect((pii.json as { errors: Record<string, string> }).errors[P.rejectReason]).toBeTruthy();
    expect((await h.db.payment.findUniqueOrThrow({ where: { id: r.paymentId } })).status).toBe("reported");
    const done = await submit("Fel belopp: 36 192 kr enligt faktura");
    expect(done.json).toMatchObject({ response_action: "update" });
    expect(JSON.stringify(done.json)).toContain(`Utbetalningen på 39 000 kr för Ansökan nr ${rest009} är avvisad.`);
    expect(await h.db.payment.findUniqueOrThrow({ where: { id: r.paymentId } })).toMatchObject({ status: "rejected", rejectedBy: USERS.coordinator });
    expect((await requestMoney(h.db, rest009))?.room).toBe(39_000);

    await sentMessage(`${rest009}:thread_payment_refresh:${r.paymentId}`);
    const updated = JSON.stringify(h.fake.message(note.channel, note.ts)?.blocks);
    expect(updated).toContain(`*Avvisad* av <@${USERS.coordinator}>`);
    expect(updated).not.toContain(ACTION.confirmPayment);
    expect(updated).not.toContain(ACTION.rejectPayment);
    expect(updated).not.toContain("faktura");

    const dm = await sentMessage(`${rest009}:payment_rejected_dm:${r.paymentId}`);
    const dmRow = await h.db.outboxMessage.findFirstOrThrow({ where: { key: `${rest009}:payment_rejected_dm:${r.paymentId}` } });
    const posted = h.fake.message(dm.channel, dm.ts);
    expect(dmRow.channel).toBeTruthy();
    expect(JSON.stringify(posted?.blocks)).toContain(`avvisade utbetalningen på *39 000 kr* (2016-10-31) för *Ansökan nr ${rest009}*`);
    expect(JSON.stringify(posted)).not.toContain("faktura");
  });
});
