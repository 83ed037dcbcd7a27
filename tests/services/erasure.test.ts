// Personal data has an end date (issue #14, item 3), against the real database: the retention step
// erases the free text of a case closed more than NSP_RETENTION_MONTHS ago and nothing else (the
// report's figures identical before and after), not a day early, once (a second run changes
// nothing), never a reopened case; an admin erases a case at once; an export holds one case only.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { ERASED_TEXT } from "../../src/domain/erasure.js";
import { formatDate } from "../../src/domain/format.js";
import { AdminError } from "../../src/services/admin.js";
import { reopenCase } from "../../src/services/case-outcome.js";
import { cliEraseCase, exportCase, runRetention } from "../../src/services/erasure.js";
import { findActor } from "../../src/services/members.js";
import { loadReport } from "../../src/services/report.js";
import { decideRequest } from "../../src/services/requests.js";
import { closeDb, testDb, truncateAll } from "../helpers/db.js";
import { caseWithText, closedAt, monthsAgo, tablesText, type CaseWithText } from "../helpers/erasure.js";
import { seedFixtures, USERS } from "../helpers/harness.js";
import { insertRequest } from "../helpers/requests.js";

const db = testDb();
afterAll(() => closeDb(db));

let a: CaseWithText;
let b: CaseWithText;
beforeEach(async () => {
  await truncateAll(db);
  await seedFixtures(db);
  a = await caseWithText(db, "NSP004", "alfa");
  b = await caseWithText(db, "NSP005", "beta");
});

const report = () => loadReport(db, { from: "2016-01-01", to: formatDate(new Date()) });

/** The rows every report is built from, without the text columns (what must not change). */
async function figures() {
  const requests = await db.request.findMany({
    orderBy: { id: "asc" },
    omit: { justification: true, decisionReason: true, erasedAt: true, updatedAt: true },
    include: { commitments: true, overrides: { omit: { reason: true } }, infoRequests: { omit: { question: true, answer: true } } },
  });
  const cases = await db.case.findMany({ orderBy: { id: "asc" }, omit: { erasedAt: true } });
  const categories = await db.budgetCategory.findMany({ orderBy: { id: "asc" } });
  return { requests, cases, categories };
}

describe("the retention step", () => {
  it("erases the text of a case closed more than 24 months ago; figures, reports and the other case unchanged; a second run changes nothing", async () => {
    await closedAt(db, a.caseId, monthsAgo(25));
    await closedAt(db, b.caseId, monthsAgo(23));
    // The messages with text were posted (the delivery records where).
    await db.outboxMessage.updateMany({ where: { kind: { in: ["thread_decision", "applicant_decision", "applicant_info_question"] } }, data: { status: "sent", channel: "D0APPL", ts: "1.000100" } });
    const reportBefore = await report();
    const figuresBefore = await figures();
    expect(await tablesText(db)).toContain("alfa");

    const run = await runRetention(db, 24, new Date());
    expect(run.cases).toEqual(["NSP004"]);

    const text = await tablesText(db);
    expect(text).not.toContain("alfa");
    for (const t of ["Underlag beta", "Fråga beta", "Svar beta", "Motivering beta", "Avslag beta", "Överskridande beta", "Flytt beta"]) expect(text).toContain(t);
    const rest = await db.request.findUniqueOrThrow({ where: { id: a.rest }, include: { infoRequests: true } });
    expect(rest).toMatchObject({ justification: ERASED_TEXT, decisionReason: ERASED_TEXT, status: "granted", grantedDays: 30, reasonShared: true });
    expect(rest.erasedAt).toBeInstanceOf(Date);
    expect(rest.infoRequests).toMatchObject([{ question: ERASED_TEXT, answer: ERASED_TEXT, askedBy: USERS.coordinator, answeredBy: USERS.applicant }]);
    expect(await db.budgetOverride.findMany({ where: { requestId: a.measure } })).toMatchObject([{ reason: ERASED_TEXT, amount: 1_000 }]);
    const transfer = await db.auditEntry.findFirstOrThrow({ where: { caseId: a.caseId, action: "case.transferred" } });
    expect(transfer.after).toEqual({ orgId: expect.any(Number), transferReason: ERASED_TEXT });
    const caseA = await db.case.findUniqueOrThrow({ where: { id: a.caseId } });
    expect(caseA.erasedAt).toBeInstanceOf(Date);
    expect((await db.case.findUniqueOrThrow({ where: { id: b.caseId } })).erasedAt).toBeNull();

    // The report's figures (Tabell 1–4) and every structured field are exactly as before.
    expect(await report()).toEqual(reportBefore);
    expect(await figures()).toEqual(figuresBefore);

    // Audited without text; the posted messages that showed text are updated through the outbox.
    const audit = await db.auditEntry.findFirstOrThrow({ where: { caseId: a.caseId, action: "case.erased" } });
    expect(audit).toMatchObject({ actor: "system:retention", after: { trigger: "retention", requests: 2, infoRequests: 1, overrides: 1, auditEntries: 1, slackUpdates: 4 } });
    const updates = await db.outboxMessage.findMany({ where: { kind: "text_erased_update" }, orderBy: { id: "asc" } });
    const sentKinds = await db.outboxMessage.findMany({ where: { id: { in: updates.map((u) => u.refId ?? 0) } }, select: { kind: true, requestId: true } });
    // The measure's reason was not shared in the thread: only its DM showed it.
    expect(sentKinds.map((s) => `${s.requestId}:${s.kind}`).sort()).toEqual(
      [`${a.rest}:applicant_decision`, `${a.rest}:applicant_info_question`, `${a.rest}:thread_decision`, `${a.measure}:applicant_decision`].sort(),
    );
    // The organisation's Homes showed the shared reason of the rest period: re-published once.
    const homes = await db.outboxMessage.findMany({ where: { kind: "home_refresh", key: `home:${a.rest}:${audit.id}` } });
    expect(homes).toHaveLength(1);
    expect(run.outboxIds.sort()).toEqual([...updates.map((u) => u.id), ...homes.map((h) => h.id)].sort());

    // Once: a second run (another worker, the next sweep, the next day) finds nothing.
    const counts = async () => [await db.auditEntry.count(), await db.outboxMessage.count(), (await db.case.findUniqueOrThrow({ where: { id: a.caseId } })).erasedAt?.getTime()];
    const before = await counts();
    expect(await runRetention(db, 24, new Date())).toEqual({ cases: [], requests: [], outboxIds: [] });
    expect(await counts()).toEqual(before);
  });

  it("not before the time: closed 24 months ago today is not due; the next day it is", async () => {
    await closedAt(db, a.caseId, new Date("2024-11-30T11:00:00Z"));
    await closedAt(db, b.caseId, monthsAgo(1));
    expect(await runRetention(db, 24, new Date("2026-11-30T10:00:00Z"))).toMatchObject({ cases: [] });
    expect(await tablesText(db)).toContain("Underlag alfa");
    expect(await runRetention(db, 24, new Date("2026-12-01T10:00:00Z"))).toMatchObject({ cases: ["NSP004"] });
    // A shorter retention (NSP_RETENTION_MONTHS=1) reaches the case closed a month ago only the day after.
    expect(await runRetention(db, 1, new Date())).toMatchObject({ cases: [] });
    expect(await tablesText(db)).toContain("Underlag beta");
  });

  it("the closing day is the later of the closing date and the day it was recorded: a case closed today with an old date keeps its text", async () => {
    // Both cases were closed today with the closing date 2016-11-30.
    expect(await runRetention(db, 24, new Date())).toMatchObject({ cases: [] });
    expect(await tablesText(db)).toContain("Underlag alfa");
  });

  it("a reopened case is not erased; closed again, its time starts again", async () => {
    await closedAt(db, a.caseId, monthsAgo(36));
    const coordinator = await findActor(db, USERS.coordinator);
    if (!coordinator) throw new Error("no coordinator");
    expect(await reopenCase(db, { ref: "NSP004", actor: coordinator })).toMatchObject({ ok: true });
    expect(await runRetention(db, 24, new Date())).toMatchObject({ cases: [] });
    expect(await tablesText(db)).toContain("Underlag alfa");
  });

  it("a case erased and then reopened and closed again is erased again after the time, with the text added since", async () => {
    await closedAt(db, a.caseId, monthsAgo(25));
    expect((await runRetention(db, 24, new Date())).cases).toEqual(["NSP004"]);
    // Reopened and closed again long ago (as if): new text came in between.
    await db.request.update({ where: { id: a.measure }, data: { justification: "Nytt underlag alfa" } });
    await db.case.update({ where: { id: a.caseId }, data: { closedAt: new Date(Date.now() + 1000) } });
    expect((await runRetention(db, 24, new Date())).cases).toEqual([]);
    expect((await runRetention(db, 24, monthsAgo(-25))).cases).toEqual(["NSP004", "NSP005"]);
    expect(await tablesText(db)).not.toContain("alfa");
  });

  it("a decided request without a case is erased the same time after its decision", async () => {
    const loose = await insertRequest(db, { type: "measure", measure: "legal_counsel", quantity: 2, unitAmount: 2_500 });
    await db.request.update({ where: { id: loose }, data: { justification: "Underlag gamma utan ärende" } });
    expect(await decideRequest(db, loose, USERS.coordinator, { kind: "deny", reason: "Avslag gamma", shareReason: true })).toMatchObject({ ok: true });
    expect((await runRetention(db, 24, new Date())).requests).toEqual([]);
    await db.request.update({ where: { id: loose }, data: { decidedAt: monthsAgo(25) } });
    expect((await runRetention(db, 24, new Date())).requests).toEqual([loose]);
    expect(await db.request.findUniqueOrThrow({ where: { id: loose } })).toMatchObject({ justification: ERASED_TEXT, decisionReason: ERASED_TEXT, status: "denied" });
    expect(await db.auditEntry.count({ where: { requestId: loose, action: "request.erased" } })).toBe(1);
    expect((await runRetention(db, 24, new Date())).requests).toEqual([]);
  });
});

describe("case erase (an admin, at a person's request)", () => {
  it("is refused for a coordinator, an applicant and an unknown user: nothing changes", async () => {
    for (const by of [USERS.coordinator, USERS.applicant, "U0NOBODY"]) {
      await expect(cliEraseCase(db, { ref: "NSP004", reason: "Begäran om radering", by })).rejects.toThrow(/inte administratör/);
    }
    expect(await tablesText(db)).toContain("Underlag alfa");
    expect(await db.auditEntry.count({ where: { action: "case.erased" } })).toBe(0);
  });

  it("refuses personal data in the reason before anything else", async () => {
    await expect(cliEraseCase(db, { ref: "NSP004", reason: "Begäran från 850101-1236", by: USERS.admin })).rejects.toThrow(/^--reason: .*personnummer/);
    await expect(cliEraseCase(db, { ref: "NSP004", reason: "  ", by: USERS.admin })).rejects.toThrow(AdminError);
    expect(await tablesText(db)).toContain("Underlag alfa");
  });

  it("erases at once, whatever the case's age, with the reason and the admin in the audit; the other case untouched", async () => {
    const r = await cliEraseCase(db, { ref: "nsp004", reason: "Begäran om radering (art. 17)", by: USERS.admin });
    expect(r).toMatchObject({ caseRef: "NSP004", requests: 2, infoRequests: 1, overrides: 1 });
    const text = await tablesText(db);
    expect(text).not.toContain("alfa");
    expect(text).toContain("Underlag beta");
    expect(await db.auditEntry.findFirstOrThrow({ where: { action: "case.erased" } })).toMatchObject({
      caseId: a.caseId,
      actor: USERS.admin,
      after: { trigger: "request", reason: "Begäran om radering (art. 17)" },
    });
    // The retention step later does not erase it again.
    await closedAt(db, a.caseId, monthsAgo(25));
    await db.case.update({ where: { id: a.caseId }, data: { erasedAt: new Date() } });
    expect((await runRetention(db, 24, new Date())).cases).toEqual([]);
  });
});

describe("case export", () => {
  it("holds everything about the one case and nothing of the other; the read is audited", async () => {
    const data = await exportCase(db, { ref: "NSP004", by: USERS.admin });
    const json = JSON.stringify(data);
    for (const t of ["Underlag alfa", "Fråga alfa", "Svar alfa", "Motivering alfa", "Avslag alfa", "Överskridande alfa", "Flytt alfa"]) expect(json).toContain(t);
    expect(json).not.toContain("beta");
    expect(json).not.toContain("NSP005");
    expect(data.case).toMatchObject({ ref: "NSP004", nationality: "NG", policeReport: true, outcome: "returned" });
    expect(data.requests.map((r) => r.id)).toEqual([a.rest, a.measure]);
    expect(data.requests[0]?.commitments.length).toBeGreaterThan(0);
    const bIds = new Set([b.rest, b.measure]);
    expect(data.auditEntries.some((e) => e.caseId === b.caseId || (e.requestId !== null && bIds.has(e.requestId)))).toBe(false);
    expect(data.outboxMessages.length).toBeGreaterThan(0);
    expect(data.outboxMessages.every((o) => (o.requestId !== null ? o.requestId === a.rest || o.requestId === a.measure : true))).toBe(true);
    expect(data.outboxMessages.some((o) => o.kind === "case_status")).toBe(true);
    expect(data.outboxMessages.some((o) => o.kind === "home_refresh" && o.refId !== null && bIds.has(o.refId))).toBe(false);
    expect(await db.auditEntry.findMany({ where: { action: "case.export" } })).toMatchObject([{ caseId: a.caseId, actor: USERS.admin }]);
  });

  it("is refused for a non-admin (nothing audited) and for an unknown case", async () => {
    await expect(exportCase(db, { ref: "NSP004", by: USERS.coordinator })).rejects.toThrow(/inte administratör/);
    await expect(exportCase(db, { ref: "NSP099", by: USERS.admin })).rejects.toThrow(/finns inte/);
    expect(await db.auditEntry.count({ where: { action: "case.export" } })).toBe(0);
  });
});

describe("payments and handovers (issue #13 item 3, #14 item 2) are erased and exported with their case", () => {
  let c: CaseWithText;
  let d: CaseWithText;
  beforeEach(async () => {
    c = await caseWithText(db, "NSP006", "gamma", { money: true });
    d = await caseWithText(db, "NSP007", "delta", { money: true });
  });

  /** The payment, release and handover rows without their text columns (what must not change). */
  async function moneyFigures() {
    const payments = await db.payment.findMany({ orderBy: { id: "asc" }, omit: { note: true, overrideReason: true } });
    const releases = await db.budgetRelease.findMany({ orderBy: { id: "asc" } });
    const transfers = await db.caseTransfer.findMany({ orderBy: { id: "asc" }, omit: { reason: true } });
    return { payments, releases, transfers };
  }

  it("the retention step erases a moved and paid case's note, override reason and handover reason; figures and the other case unchanged", async () => {
    await closedAt(db, c.caseId, monthsAgo(25));
    await closedAt(db, d.caseId, monthsAgo(23));
    const before = await tablesText(db);
    for (const t of ["Betalning gamma", "Merbetalning gamma", "Överlämning gamma"]) expect(before).toContain(t);
    const reportBefore = await report();
    const figuresBefore = await figures();
    const moneyBefore = await moneyFigures();
    expect(moneyBefore.releases.length).toBeGreaterThan(0);

    expect((await runRetention(db, 24, new Date())).cases).toEqual(["NSP006"]);

    const text = await tablesText(db);
    expect(text).not.toContain("gamma");
    for (const t of ["Betalning delta", "Merbetalning delta", "Överlämning delta", "Underlag alfa", "Underlag beta"]) expect(text).toContain(t);
    const payments = await db.payment.findMany({ where: { request: { caseId: c.caseId } }, orderBy: { id: "asc" } });
    expect(payments).toMatchObject([
      { requestId: c.rest, amount: 1_000, status: "confirmed", note: ERASED_TEXT, overrideReason: null },
      { requestId: c.paidMeasure, status: "confirmed", note: null, overrideReason: ERASED_TEXT, overrideBy: USERS.admin },
    ]);
    expect(await db.caseTransfer.findMany({ where: { caseId: c.caseId } })).toMatchObject([{ id: c.transferId, reason: ERASED_TEXT, actor: USERS.coordinator }]);
    const payAudit = await db.auditEntry.findFirstOrThrow({ where: { requestId: c.paidMeasure, action: "payment_confirmed" } });
    expect(payAudit.after).toMatchObject({ override: ERASED_TEXT, status: "confirmed" });
    expect(await db.auditEntry.findFirstOrThrow({ where: { caseId: c.caseId, action: "case.erased" } })).toMatchObject({ after: { payments: 2, transfers: 1 } });
    const dPayments = await db.payment.findMany({ where: { request: { caseId: d.caseId } }, orderBy: { id: "asc" } });
    expect(dPayments.map((p) => p.note ?? p.overrideReason)).toEqual(["Betalning delta: första delen", "Merbetalning delta: dyrare ombud"]);

    expect(await report()).toEqual(reportBefore);
    expect(await figures()).toEqual(figuresBefore);
    expect(await moneyFigures()).toEqual(moneyBefore);
  });

  it("case erase erases them at once, for that case only", async () => {
    expect(await cliEraseCase(db, { ref: "NSP006", reason: "Begäran om radering", by: USERS.admin })).toMatchObject({ caseRef: "NSP006", payments: 2, transfers: 1 });
    const text = await tablesText(db);
    expect(text).not.toContain("gamma");
    for (const t of ["Betalning delta", "Merbetalning delta", "Överlämning delta"]) expect(text).toContain(t);
  });

  it("case export holds the case's handovers, payments, releases and co-funding, and nothing of the other case", async () => {
    const data = await exportCase(db, { ref: "NSP006", by: USERS.admin });
    const json = JSON.stringify(data);
    for (const t of ["Betalning gamma", "Merbetalning gamma", "Överlämning gamma"]) expect(json).toContain(t);
    for (const t of ["delta", "NSP007", "Underlag alfa", "Underlag beta", "NSP004", "NSP005"]) expect(json).not.toContain(t);
    expect(data.transfers).toMatchObject([{ id: c.transferId, fromOrg: { name: "Frälsningsarmén" }, toOrg: { name: "Talita" }, actor: USERS.coordinator, reason: "Överlämning gamma: flyttat till annan ort" }]);
    const rest = data.requests.find((r) => r.id === c.rest);
    expect(rest).toMatchObject({ coFundingPayer: "migrationsverket", coFundingAmount: 500, settledBy: USERS.coordinator });
    expect(rest?.payments).toMatchObject([{ amount: 1_000, status: "confirmed", note: "Betalning gamma: första delen", reportedBy: USERS.applicant, confirmedBy: USERS.coordinator }]);
    expect(rest?.releases.length).toBeGreaterThan(0);
    expect(rest?.releases.every((r) => r.reason === "settled" && r.requestId === c.rest)).toBe(true);
    expect(data.requests.find((r) => r.id === c.paidMeasure)?.payments).toMatchObject([{ overrideReason: "Merbetalning gamma: dyrare ombud", overrideBy: USERS.admin }]);
    // The handover's DMs and Home refresh are the case's messages; the other case's are not.
    const dms = data.outboxMessages.filter((o) => o.kind === "case_transfer_dm");
    expect(dms.length).toBeGreaterThan(0);
    expect(dms.every((o) => o.key.startsWith(`case_transfer:${c.transferId}:`))).toBe(true);
    expect(data.outboxMessages.filter((o) => o.kind === "home_refresh_transfer").map((o) => o.refId)).toEqual([c.transferId]);
  });
});
