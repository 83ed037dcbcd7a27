// Personal data has an end date (issue #14, item 3) also for text that arrives after an erasure:
// a closed case whose text was erased accepts no new free text (a payment's note is refused next to
// its field, an admin's override reason is stored already erased), a case whose text was somehow
// written after its erasure is due again, and an erasure re-publishes the App Homes that showed the
// shared decision reason (they show the marker afterwards).
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { ERASED_TEXT } from "../../src/domain/erasure.js";
import { formatDate, todayDate } from "../../src/domain/format.js";
import { closeCase, reopenCase } from "../../src/services/case-outcome.js";
import { cliEraseCase, runRetention, TEXT_ERASED_NOTE } from "../../src/services/erasure.js";
import { homeAudience, loadHomePage } from "../../src/services/home.js";
import { findActor } from "../../src/services/members.js";
import { cliAddPayment, recordPayment, rejectPayment, requestMoney } from "../../src/services/payments.js";
import { loadReport } from "../../src/services/report.js";
import { homeView } from "../../src/views/home.js";
import { closeDb, testDb, truncateAll } from "../helpers/db.js";
import { caseWithText, closedAt, monthsAgo, tablesText, type CaseWithText } from "../helpers/erasure.js";
import { seedFixtures, USERS } from "../helpers/harness.js";
import { insertRequest } from "../helpers/requests.js";

const db = testDb();
afterAll(() => closeDb(db));

let a: CaseWithText;
beforeEach(async () => {
  await truncateAll(db);
  await seedFixtures(db);
  a = await caseWithText(db, "NSP004", "alfa");
});

async function actor(id: string) {
  const found = await findActor(db, id);
  if (!found) throw new Error(`no member ${id}`);
  return found;
}

/** A payment of the granted rest period today, from the applicant in Slack. */
async function slackPayment(requestId: number, note: string | null) {
  return recordPayment(db, { requestId, actor: await actor(USERS.applicant), amount: 100, paidOn: todayDate(), note, today: todayDate(), source: "slack" });
}

describe("a closed case whose text was erased accepts no new free text", () => {
  it("the retention step erased it: a payment note from Slack is refused next to the note (nothing stored); without a note the payment is registered", async () => {
    await closedAt(db, a.caseId, monthsAgo(25));
    expect((await runRetention(db, 24, new Date())).cases).toEqual(["NSP004"]);
    const paymentsBefore = await db.payment.count();

    const refused = await slackPayment(a.rest, "Betalning omega: hyra till värdinnan");
    expect(refused).toEqual({ ok: false, error: "note", message: TEXT_ERASED_NOTE });
    expect(TEXT_ERASED_NOTE).toMatch(/fritext är raderad.*lämna anteckningen tom/);
    expect(await db.payment.count()).toBe(paymentsBefore);

    const paid = await slackPayment(a.rest, null);
    expect(paid).toMatchObject({ ok: true, status: "reported" });
    expect(await tablesText(db)).not.toContain("omega");
  });

  it("erased at a person's request and closed: `payment add --note` is refused at --note; an admin's override reason is stored as the marker", async () => {
    await cliEraseCase(db, { ref: "NSP004", reason: "Begäran om radering", by: USERS.admin });
    await expect(cliAddPayment(db, { request: String(a.rest), amount: "100", date: formatDate(new Date()), note: "Betalning omega: efter radering", operator: "cli:op" })).rejects.toThrow(
      `--note: ${TEXT_ERASED_NOTE}`,
    );
    const room = (await requestMoney(db, a.rest))?.room ?? 0;
    expect(room).toBeGreaterThan(0);
    const over = await cliAddPayment(db, {
      request: String(a.rest),
      amount: String(room + 500),
      date: formatDate(new Date()),
      override: true,
      reason: "Merbetalning omega: dyrare boende",
      by: USERS.admin,
      operator: "cli:op",
    });
    expect(over).toMatchObject({ status: "confirmed", override: ERASED_TEXT, actor: USERS.admin });
    const payment = await db.payment.findUniqueOrThrow({ where: { id: over.paymentId } });
    expect(payment).toMatchObject({ overrideReason: ERASED_TEXT, overrideBy: USERS.admin, amount: room + 500 });
    const audit = await db.auditEntry.findFirstOrThrow({ where: { requestId: a.rest, action: "payment_confirmed" }, orderBy: { id: "desc" } });
    expect(audit.after).toMatchObject({ override: ERASED_TEXT, amount: room + 500 });
    expect(await tablesText(db)).not.toContain("omega");
  });

  it("the retention step erased it: a coordinator's reason for rejecting a payment reported afterwards is stored as the marker; the rejection stands", async () => {
    await closedAt(db, a.caseId, monthsAgo(25));
    expect((await runRetention(db, 24, new Date())).cases).toEqual(["NSP004"]);
    const paid = await slackPayment(a.rest, null);
    if (!paid.ok) throw new Error(JSON.stringify(paid));
    const rejected = await rejectPayment(db, paid.paymentId, await actor(USERS.coordinator2), "Fel belopp omega: hyran till värdinnan");
    expect(rejected).toMatchObject({ ok: true });
    expect(await db.payment.findUniqueOrThrow({ where: { id: paid.paymentId } })).toMatchObject({ status: "rejected", rejectReason: ERASED_TEXT });
    const audit = await db.auditEntry.findFirstOrThrow({ where: { requestId: a.rest, action: "payment_rejected" } });
    expect(audit.after).toMatchObject({ reason: ERASED_TEXT });
    expect(await tablesText(db)).not.toContain("omega");
  });

  it("an erased case that is still active takes new text (it is erased after the case closes); reopened after an erasure, the same, and closed again its time starts again", async () => {
    await closedAt(db, a.caseId, monthsAgo(25));
    expect((await runRetention(db, 24, new Date())).cases).toEqual(["NSP004"]);
    const coordinator = await actor(USERS.coordinator);
    expect(await reopenCase(db, { ref: "NSP004", actor: coordinator })).toMatchObject({ ok: true });
    expect(await slackPayment(a.rest, "Betalning omega: efter återöppning")).toMatchObject({ ok: true });
    expect(await closeCase(db, { ref: "NSP004", actor: coordinator, outcome: "returned", closedOn: todayDate(), today: todayDate() })).toMatchObject({ ok: true });
    // Closed today: the note stays its whole time, then goes.
    expect((await runRetention(db, 24, new Date())).cases).toEqual([]);
    expect(await tablesText(db)).toContain("omega");
    expect((await runRetention(db, 24, monthsAgo(-25))).cases).toEqual(["NSP004"]);
    expect(await tablesText(db)).not.toContain("omega");
    // Closed and erased again: a new note is refused again.
    expect(await slackPayment(a.rest, "Betalning omega igen")).toMatchObject({ ok: false, error: "note" });
  });
});

describe("the sweep is robust: text written after an erasure makes the case due again", () => {
  it("a note stored on a closed, erased case by another way is erased by the next run, once; the report's figures unchanged", async () => {
    await closedAt(db, a.caseId, monthsAgo(25));
    expect((await runRetention(db, 24, new Date())).cases).toEqual(["NSP004"]);
    // As if written past the check (an older app version, a hand edit): the text is there again.
    const paid = await slackPayment(a.rest, null);
    if (!paid.ok) throw new Error(JSON.stringify(paid));
    await db.payment.update({ where: { id: paid.paymentId }, data: { note: "Betalning omega: förbi kontrollen" } });
    const talita = await db.organisation.findUniqueOrThrow({ where: { name: "Talita" } });
    await db.caseTransfer.create({ data: { caseId: a.caseId, fromOrgId: (await actor(USERS.applicant)).orgId, toOrgId: talita.id, reason: "Flytt omega", actor: USERS.coordinator } });
    const reportBefore = await loadReport(db, { from: "2016-01-01", to: formatDate(new Date()) });

    expect((await runRetention(db, 24, new Date())).cases).toEqual(["NSP004"]);
    expect(await tablesText(db)).not.toContain("omega");
    expect(await db.payment.findUniqueOrThrow({ where: { id: paid.paymentId } })).toMatchObject({ note: ERASED_TEXT, amount: 100 });
    expect(await loadReport(db, { from: "2016-01-01", to: formatDate(new Date()) })).toEqual(reportBefore);
    expect(await db.auditEntry.count({ where: { caseId: a.caseId, action: "case.erased" } })).toBe(2);
    expect(await runRetention(db, 24, new Date())).toEqual({ cases: [], requests: [], outboxIds: [] });
  });

  it("a rejection reason written past the check on a closed, erased case is erased by the next run", async () => {
    await closedAt(db, a.caseId, monthsAgo(25));
    expect((await runRetention(db, 24, new Date())).cases).toEqual(["NSP004"]);
    const paid = await slackPayment(a.rest, null);
    if (!paid.ok) throw new Error(JSON.stringify(paid));
    await db.payment.update({ where: { id: paid.paymentId }, data: { status: "rejected", rejectedBy: USERS.coordinator2, rejectedAt: new Date(), rejectReason: "Fel belopp omega" } });
    expect((await runRetention(db, 24, new Date())).cases).toEqual(["NSP004"]);
    expect(await db.payment.findUniqueOrThrow({ where: { id: paid.paymentId } })).toMatchObject({ rejectReason: ERASED_TEXT, status: "rejected" });
    expect(await tablesText(db)).not.toContain("omega");
  });

  it("a request without a case, erased, with text written afterwards, is erased again", async () => {
    const loose = await insertRequest(db, { type: "measure", measure: "legal_counsel", quantity: 2, unitAmount: 2_500 });
    await db.request.update({ where: { id: loose }, data: { justification: "Underlag gamma", status: "denied", decidedAt: monthsAgo(25), decidedBy: USERS.coordinator, decisionReason: "Avslag gamma" } });
    expect((await runRetention(db, 24, new Date())).requests).toEqual([loose]);
    await db.request.update({ where: { id: loose }, data: { decisionReason: "Avslag omega" } });
    expect((await runRetention(db, 24, new Date())).requests).toEqual([loose]);
    expect(await tablesText(db)).not.toContain("omega");
    expect((await runRetention(db, 24, new Date())).requests).toEqual([]);
  });
});

describe("an erasure re-publishes the App Homes that showed the shared decision reason", () => {
  const homeOf = async (user: string) => JSON.stringify(homeView(...(await loadHomePage(db, user))));

  it("the retention step queues the Home refresh of the case's organisation, coordinators and admins; the Home then shows the marker", async () => {
    await closedAt(db, a.caseId, monthsAgo(25));
    expect(await homeOf(USERS.applicant)).toContain("Motivering alfa");
    const maxBefore = (await db.outboxMessage.aggregate({ _max: { id: true } }))._max.id ?? 0;

    const run = await runRetention(db, 24, new Date());
    const audit = await db.auditEntry.findFirstOrThrow({ where: { caseId: a.caseId, action: "case.erased" } });
    const homes = await db.outboxMessage.findMany({ where: { id: { gt: maxBefore }, kind: "home_refresh" } });
    expect(homes).toMatchObject([{ refId: a.rest, key: `home:${a.rest}:${audit.id}`, status: "pending" }]);
    expect(run.outboxIds).toContain(homes[0]?.id);
    const audience = await homeAudience(db, a.rest);
    for (const u of [USERS.applicant, USERS.coordinator, USERS.admin]) expect(audience).toContain(u);

    for (const u of [USERS.applicant, USERS.coordinator]) {
      const home = await homeOf(u);
      expect(home).not.toContain("alfa");
    }
    expect(await homeOf(USERS.applicant)).toContain(ERASED_TEXT);
  });

  it("case erase queues it too; a case without a shared reason queues none", async () => {
    const b = await caseWithText(db, "NSP005", "beta");
    await db.request.update({ where: { id: b.rest }, data: { reasonShared: false } });
    const maxBefore = (await db.outboxMessage.aggregate({ _max: { id: true } }))._max.id ?? 0;
    const erased = await cliEraseCase(db, { ref: "NSP004", reason: "Begäran om radering", by: USERS.admin });
    await cliEraseCase(db, { ref: "NSP005", reason: "Begäran om radering", by: USERS.admin });
    const homes = await db.outboxMessage.findMany({ where: { id: { gt: maxBefore }, kind: "home_refresh" } });
    expect(homes).toMatchObject([{ refId: a.rest, key: `home:${a.rest}:${erased.auditId}` }]);
    expect(erased.outboxIds).toContain(homes[0]?.id);
    expect(await homeOf(USERS.applicant)).not.toContain("alfa");
  });
});
