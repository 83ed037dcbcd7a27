// End to end (issue #13, item 3): "Slutreglera" in the case file. A coordinator sees the button next
// to the grant's payments (the organisation never does); while a payment waits for confirmation the
// click is answered with a notice; the confirmation modal shows the server's figures; a submit whose
// figures changed meanwhile, an applicant's forged submit, a forged request id and a jäv coordinator
// are refused in Swedish with nothing changed; the coordinator's submit settles once, the note
// reaches the request's coordinator thread through the outbox, the case file below is refreshed
// without the button, and a later click is told it is already settled.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTION, CALLBACK } from "../../src/core/ids.js";
import { findActor } from "../../src/services/members.js";
import { cliAddPayment, confirmPayment, recordPayment } from "../../src/services/payments.js";
import { truncateAll } from "../helpers/db.js";
import { seedFixtures, startHarness, USERS, waitFor, type Harness } from "../helpers/harness.js";
import { seedPeriod2 } from "../report/seed-2016.js";

let h: Harness;
let rest009 = 0;
let admission009 = 0;
const TODAY = new Date("2016-09-01T00:00:00Z");

beforeAll(async () => {
  h = await startHarness();
  await truncateAll(h.db);
  await seedFixtures(h.db, { budget: "2016" });
  const refs = await seedPeriod2(h.db);
  rest009 = (await h.db.request.findFirstOrThrow({ where: { caseId: refs.NSP009, type: "rest" } })).id;
  admission009 = (await h.db.request.findFirstOrThrow({ where: { caseId: refs.NSP009, type: "admission" } })).id;
  await h.db.request.update({ where: { id: rest009 }, data: { decidedAt: new Date("2016-08-31T10:00:00Z") } });
});
afterAll(async () => {
  await h?.close();
});

type View = { id: string; callback_id?: string; blocks: unknown[]; private_metadata?: string };

/** Runs `act` and returns the next view opened with `method`. */
async function nextView(method: "views.open" | "views.push", act: () => Promise<unknown>): Promise<View> {
  const before = h.fake.callsTo(method).length;
  await act();
  const call = await waitFor(async () => h.fake.callsTo(method)[before], method);
  expect(call.response, JSON.stringify(call.response)).toMatchObject({ ok: true });
  return (call.response as { view: View }).view;
}

const settleId = () => `${ACTION.settleGrant}_${rest009}`;
const caseFile = (user: string) => nextView("views.open", () => h.user.command(user, "ärende NSP009"));
const clickSettle = (user: string, fileId: string) => nextView("views.push", () => h.user.blockAction(user, { actionId: settleId(), view: fileId }));
const settled = async () => (await h.db.request.findUniqueOrThrow({ where: { id: rest009 } })).settledAt;

/** A view_submission of `view` as `user` with private_metadata replaced (a forged body, correctly signed). */
async function forgedSubmit(user: string, view: View, privateMetadata: string): Promise<string> {
  const payload = {
    type: "view_submission",
    team: { id: h.fake.teamId, domain: h.fake.teamDomain },
    user: { id: user, team_id: h.fake.teamId },
    api_app_id: h.fake.appId,
    view: { ...view, private_metadata: privateMetadata, state: { values: {} } },
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const res = await fetch(h.user.appUrl, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", ...h.user.sign(body) }, body });
  return JSON.stringify(await res.json());
}

describe("Slutreglera from the case file", () => {
  it("refusals first, then one settlement with its thread note; the button is gone afterwards", async () => {
    await cliAddPayment(h.db, { request: String(rest009), amount: "35900", date: "2016-09-01", operator: "cli:test" }, TODAY);
    const applicant2 = await findActor(h.db, USERS.applicant2);
    if (!applicant2) throw new Error("no applicant2");
    const reported = await recordPayment(h.db, { requestId: rest009, actor: applicant2, amount: 192, paidOn: TODAY, note: null, today: TODAY, source: "slack" });
    if (!reported.ok) throw new Error(JSON.stringify(reported));

    // The organisation sees the payments, never the button; a coordinator sees both.
    const own = await caseFile(USERS.applicant2);
    expect(JSON.stringify(own.blocks)).toContain("*Utbetalningar:* Utbetalt 35 900 kr, 192 kr väntar på bekräftelse");
    expect(JSON.stringify(own.blocks)).not.toContain(ACTION.settleGrant);
    // A forged click by the organisation is refused like any non-coordinator.
    const byApplicant = await nextView("views.open", () => h.user.blockAction(USERS.applicant2, { actionId: settleId(), value: String(rest009) }));
    expect(JSON.stringify(byApplicant.blocks)).toContain("Bara samordnare och administratörer kan slutreglera.");

    const file = await caseFile(USERS.coordinator);
    expect(JSON.stringify(file.blocks)).toContain(`"action_id":"${settleId()}"`);

    // A payment waiting for confirmation holds the settlement back: a notice, nothing to submit.
    const waiting = await clickSettle(USERS.coordinator, file.id);
    expect(waiting.callback_id).toBeFalsy();
    expect(JSON.stringify(waiting.blocks)).toContain(`Ansökan nr ${rest009} har en utbetalning som väntar på bekräftelse.`);
    await h.user.closeView(USERS.coordinator, waiting.id);
    const coordinator = await findActor(h.db, USERS.coordinator);
    if (!coordinator) throw new Error("no coordinator");
    expect(await confirmPayment(h.db, reported.paymentId, coordinator)).toMatchObject({ ok: true });

    // The modal shows the server's figures; a payment entered meanwhile makes its total stale.
    const stale = await clickSettle(USERS.coordinator, file.id);
    expect(stale.callback_id).toBe(CALLBACK.settleGrant);
    expect(JSON.stringify(stale.blocks)).toContain("Tillbaka till budgeten: *2 908 kr*");
    await cliAddPayment(h.db, { request: String(rest009), amount: "100", date: "2016-09-01", operator: "cli:test" }, TODAY);
    const changed = await h.user.submitView(USERS.coordinator, stale.id, {});
    expect(JSON.stringify(changed.json)).toContain("Utbetalningarna ändrades medan du tittade: nu skulle 2 808 kr gå tillbaka. Inget ändrades");
    expect(await settled()).toBeNull();
    await h.user.closeView(USERS.coordinator, stale.id);

    const view = await clickSettle(USERS.coordinator, file.id);
    const shown = JSON.stringify(view.blocks);
    expect(shown).toContain("Beviljat: *39 000 kr*");
    expect(shown).toContain("Bekräftat utbetalt: *36 192 kr*");
    expect(shown).toContain("Tillbaka till budgeten: *2 808 kr*");
    expect(shown).toContain("2 246 kr");
    expect(shown).toContain("562 kr");
    expect(shown).toContain("kan inte ångras");

    // Forged submits: by the organisation, for another request id, for an unknown one; a jäv coordinator.
    expect(await forgedSubmit(USERS.applicant2, view, view.private_metadata ?? "")).toContain("Bara samordnare och administratörer kan slutreglera.");
    expect(await forgedSubmit(USERS.coordinator, view, JSON.stringify({ requestId: admission009, release: 0 }))).toContain(`Ansökan nr ${admission009} har inga pengar att slutreglera.`);
    expect(await forgedSubmit(USERS.coordinator, view, JSON.stringify({ requestId: 999_999, release: 0 }))).toContain("Ansökan finns inte.");
    expect(await forgedSubmit(USERS.coordinator, view, '{"requestId":"x"}')).toContain("Ansökan finns inte.");
    await h.db.member.update({ where: { slackUserId: USERS.applicant2 }, data: { role: "coordinator" } });
    expect(await forgedSubmit(USERS.applicant2, view, view.private_metadata ?? "")).toContain("Jäv – en annan samordnare slutreglerar.");
    await h.db.member.update({ where: { slackUserId: USERS.applicant2 }, data: { role: "applicant" } });
    expect(await settled()).toBeNull();
    expect(await h.db.budgetRelease.count({ where: { requestId: rest009 } })).toBe(0);

    // The coordinator's submit settles: 2 808 kr back, once.
    const updatesBefore = h.fake.callsTo("views.update").length;
    const done = await h.user.submitView(USERS.coordinator, view.id, {});
    expect(JSON.stringify(done.json)).toContain(`Ansökan nr ${rest009} är slutreglerad: utbetalt 36 192 kr, 2 808 kr tillbaka till budgeten.`);
    expect(await settled()).not.toBeNull();
    expect((await h.db.budgetRelease.findMany({ where: { requestId: rest009, reason: "settled" } })).reduce((a, r) => a + r.amount, 0)).toBe(2_808);

    // The note in the request's coordinator thread, delivered through the outbox.
    const row = await waitFor(async () => h.db.outboxMessage.findFirst({ where: { requestId: rest009, kind: "thread_settled", status: "sent" } }), "thread_settled sent", 30_000);
    const note = h.fake.message(row.channel ?? "", row.ts ?? "");
    expect(note?.thread_ts).toBeTruthy();
    const text = JSON.stringify(note?.blocks);
    expect(text).toContain(`<@${USERS.coordinator}> slutreglerade *Ansökan nr ${rest009}*. Utbetalt *36 192 kr*. *2 808 kr* tillbaka till budgeten:`);
    expect(text).toContain("2 246 kr");

    // The case file below is refreshed: settled, no Slutreglera, no Registrera utbetalning.
    const update = await waitFor(async () => h.fake.callsTo("views.update").slice(updatesBefore).find((c) => c.args.view_id === file.id), "case file refreshed");
    const refreshed = JSON.stringify((update.args as { view: View }).view.blocks);
    expect(refreshed).toContain("Slutreglerad");
    expect(refreshed).not.toContain(ACTION.settleGrant);
    expect(refreshed).not.toContain(`${ACTION.registerPayment}_${rest009}`);

    // A replay of the same submission and a later click: already settled, nothing changes.
    expect(await forgedSubmit(USERS.coordinator, view, view.private_metadata ?? "")).toContain(`Ansökan nr ${rest009} är redan slutreglerad. Inget ändrades.`);
    const again = await nextView("views.open", () => h.user.blockAction(USERS.coordinator, { actionId: settleId(), value: String(rest009) }));
    expect(JSON.stringify(again.blocks)).toContain(`Ansökan nr ${rest009} är redan slutreglerad.`);
    expect(await h.db.budgetRelease.count({ where: { requestId: rest009 } })).toBe(2);
  });
});
