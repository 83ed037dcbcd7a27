// End to end (issue #13, item 3): the applicant's organisation clicks "Registrera utbetalning" in
// the decision DM (the button is found in the delivered message), fills in the payment modal
// (checked at the fields: more than granted, a future date, personal data in the note), the note
// with "Bekräfta utbetalning" reaches the coordinator thread, and a coordinator's click confirms it
// (the note is updated; an applicant's click changes nothing).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTION, CALLBACK, PAYMENT_BLOCK as P } from "../../src/core/ids.js";
import { TEXT_ERASED_NOTE } from "../../src/domain/erasure.js";
import { cliEraseCase } from "../../src/services/erasure.js";
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
  // The harness's "today" is 2016-09-01 and a payment is never dated before its decision (review
  // #5): the grant was decided the day before (the seed dates it 2016-09-08).
  await h.db.request.update({ where: { id: rest009 }, data: { decidedAt: new Date("2016-08-31T10:00:00Z") } });
});
afterAll(async () => {
  await h?.close();
});

type Opened = { id: string; callback_id?: string; blocks: unknown[] };

/** Where the outbox row `key` landed in Slack, once delivered. */
async function sentMessage(key: string): Promise<{ channel: string; ts: string }> {
  const row = await waitFor(async () => h.db.outboxMessage.findFirst({ where: { key, status: "sent", ts: { not: null } } }), `${key} delivered`, 30_000);
  return { channel: row.channel ?? "", ts: row.ts ?? "" };
}

const errorsOf = (json: unknown): Record<string, string> => (json as { errors: Record<string, string> }).errors;

describe("registering and confirming a payment from Slack", () => {
  it("button in the decision DM → modal → thread note → confirmed by a coordinator", async () => {
    const dm = await sentMessage(`${rest009}:applicant_decision`);
    const before = h.fake.callsTo("views.open").length;
    const res = await h.user.blockAction(USERS.applicant2, { actionId: ACTION.registerPayment, message: dm });
    expect(res.status).toBe(200);
    const opened = await waitFor(async () => h.fake.callsTo("views.open")[before], "views.open");
    const view = (opened.response as { view: Opened }).view;
    expect(view.callback_id).toBe(CALLBACK.payment);
    expect(JSON.stringify(view.blocks)).toContain("Kvar att betala ut: *39 000 kr*");

    // Another organisation's member is told the request does not exist.
    const other = h.fake.callsTo("views.open").length;
    await h.user.blockAction(USERS.otherOrg, { actionId: ACTION.registerPayment, message: dm });
    const refused = await waitFor(async () => h.fake.callsTo("views.open")[other], "views.open (other org)");
    expect((refused.response as { view: Opened }).view.callback_id).toBeFalsy();

    const submit = (values: Record<string, string>) => h.user.submitView(USERS.applicant2, view.id, h.user.valuesFor(view.id, values));
    const over = await submit({ [P.amount]: "40000", [P.paidOn]: "2016-09-01" });
    expect(errorsOf(over.json)[P.amount]).toBe("Det är mer än beviljat: högst 39 000 kr återstår att betala ut. Mer kräver att en administratör godkänner det med ett skäl.");
    const future = await submit({ [P.amount]: "36192", [P.paidOn]: "2016-09-02" });
    expect(errorsOf(future.json)[P.paidOn]).toBe("Datumet får inte ligga i framtiden (i dag är det 2016-09-01).");
    const early = await submit({ [P.amount]: "36192", [P.paidOn]: "2016-08-30" });
    expect(errorsOf(early.json)[P.paidOn]).toBe("Datumet får inte ligga före beslutet (2016-08-31).");
    const pii = await submit({ [P.amount]: "36192", [P.paidOn]: "2016-09-01", [P.note]: "Till 811228-9874" });
    expect(errorsOf(pii.json)[P.note]).toBeTruthy();
    expect(await h.db.payment.count()).toBe(0);

    const done = await submit({ [P.amount]: "36192", [P.paidOn]: "2016-09-01", [P.note]: "Slutlig kostnad enligt faktura" });
    expect(done.json).toMatchObject({ response_action: "update" });
    expect(JSON.stringify(done.json)).toContain(`Utbetalningen på 36 192 kr för Ansökan nr ${rest009} är registrerad. En samordnare bekräftar den.`);
    const payment = await h.db.payment.findFirstOrThrow();
    expect(payment).toMatchObject({ requestId: rest009, amount: 36_192, status: "reported", reportedBy: USERS.applicant2 });

    // The note in the coordinator thread, never the payment's own note text.
    const note = await sentMessage(`${rest009}:thread_payment:${payment.id}`);
    const posted = h.fake.message(note.channel, note.ts);
    expect(posted?.thread_ts).toBeTruthy();
    expect(posted?.text).toBe(`Utbetalning 36 192 kr: Ansökan nr ${rest009}`);
    expect(JSON.stringify(posted?.blocks)).not.toContain("faktura");

    // An applicant cannot confirm; a coordinator can, once.
    await h.user.blockAction(USERS.applicant, { actionId: ACTION.confirmPayment, message: note });
    await waitFor(async () => h.fake.ephemerals(USERS.applicant).find((e) => e.text.includes("Bara en samordnare")), "ephemeral refusal");
    expect((await h.db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("reported");
    await h.user.blockAction(USERS.coordinator, { actionId: ACTION.confirmPayment, message: note });
    await waitFor(async () => h.db.payment.findFirst({ where: { id: payment.id, status: "confirmed", confirmedBy: USERS.coordinator } }), "confirmed");
    await sentMessage(`${rest009}:thread_payment_refresh:${payment.id}`);
    const updated = h.fake.message(note.channel, note.ts);
    expect(JSON.stringify(updated?.blocks)).toContain(`Bekräftad av <@${USERS.coordinator}>`);
    expect(JSON.stringify(updated?.blocks)).not.toContain(ACTION.confirmPayment);
  });

  it("after a case transfer the new organisation reports; a coordinator of the applying organisation is told 'Jäv' (review #2, #3)", async () => {
    const talita = await h.db.member.findUniqueOrThrow({ where: { slackUserId: USERS.otherOrg } });
    const nsp009 = await h.db.request.findUniqueOrThrow({ where: { id: rest009 }, select: { caseId: true } });
    // What transferCase writes on the case; the request keeps its filing organisation.
    await h.db.case.update({ where: { id: nsp009.caseId ?? 0 }, data: { orgId: talita.orgId } });
    const dm = await sentMessage(`${rest009}:applicant_decision`);

    const old = h.fake.callsTo("views.open").length;
    await h.user.blockAction(USERS.applicant2, { actionId: ACTION.registerPayment, message: dm });
    const refused = await waitFor(async () => h.fake.callsTo("views.open")[old], "views.open (old org)");
    expect((refused.response as { view: Opened }).view.callback_id).toBeFalsy();

    const before = h.fake.callsTo("views.open").length;
    await h.user.blockAction(USERS.otherOrg, { actionId: ACTION.registerPayment, message: dm });
    const opened = await waitFor(async () => h.fake.callsTo("views.open")[before], "views.open (new org)");
    const view = (opened.response as { view: Opened }).view;
    expect(view.callback_id).toBe(CALLBACK.payment);
    const done = await h.user.submitView(USERS.otherOrg, view.id, h.user.valuesFor(view.id, { [P.amount]: "1000", [P.paidOn]: "2016-09-01" }));
    expect(done.json).toMatchObject({ response_action: "update" });
    const payment = await h.db.payment.findFirstOrThrow({ where: { reportedBy: USERS.otherOrg } });

    // A coordinator who is a member of the case's organisation may not confirm it.
    await h.db.member.update({ where: { slackUserId: USERS.otherOrg }, data: { role: "coordinator" } });
    const note = await sentMessage(`${rest009}:thread_payment:${payment.id}`);
    await h.user.blockAction(USERS.otherOrg, { actionId: ACTION.confirmPayment, message: note });
    await waitFor(async () => h.fake.ephemerals(USERS.otherOrg).find((e) => e.text.startsWith("Jäv – en annan samordnare bekräftar.")), "ephemeral jäv");
    expect((await h.db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("reported");
  });

  it("on a closed case whose text was erased, a note is refused next to the note field (issue #14); without one the payment is registered", async () => {
    await h.db.member.update({ where: { slackUserId: USERS.otherOrg }, data: { role: "applicant" } });
    const nsp009 = await h.db.case.findFirstOrThrow({ where: { requests: { some: { id: rest009 } } } });
    // Closed (as closeCase writes it), then erased at a person's request.
    await h.db.case.update({ where: { id: nsp009.id }, data: { outcome: "returned", closedOn: new Date("2016-09-01T00:00:00Z"), closedAt: new Date(), closedBy: USERS.coordinator } });
    await cliEraseCase(h.db, { ref: nsp009.ref, reason: "Begäran om radering", by: USERS.admin });
    const dm = await sentMessage(`${rest009}:applicant_decision`);
    const before = h.fake.callsTo("views.open").length;
    await h.user.blockAction(USERS.otherOrg, { actionId: ACTION.registerPayment, message: dm });
    const opened = await waitFor(async () => h.fake.callsTo("views.open")[before], "views.open (erased case)");
    const view = (opened.response as { view: Opened }).view;
    expect(view.callback_id).toBe(CALLBACK.payment);
    const payments = await h.db.payment.count();
    const submit = (values: Record<string, string>) => h.user.submitView(USERS.otherOrg, view.id, h.user.valuesFor(view.id, values));
    const refused = await submit({ [P.amount]: "500", [P.paidOn]: "2016-09-01", [P.note]: "Hyra till värdinnan" });
    expect(errorsOf(refused.json)).toEqual({ [P.note]: TEXT_ERASED_NOTE });
    expect(await h.db.payment.count()).toBe(payments);
    const done = await submit({ [P.amount]: "500", [P.paidOn]: "2016-09-01" });
    expect(done.json).toMatchObject({ response_action: "update" });
    expect(await h.db.payment.count()).toBe(payments + 1);
  });
});
