// Personal data has an end date (issue #14, item 3) also for a case that never opened: its
// admission was denied or withdrawn, so it was never closed. Its end date is the latest decision or
// withdrawal of its requests (none of them still pending), and the retention step erases its text
// NSP_RETENTION_MONTHS after it: once, with the report's figures unchanged.
import { randomUUID } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { ERASED_TEXT } from "../../src/domain/erasure.js";
import { formatDate, todayDate } from "../../src/domain/format.js";
import { transferCase } from "../../src/services/case-transfer.js";
import { runRetention } from "../../src/services/erasure.js";
import { findActor } from "../../src/services/members.js";
import { loadReport } from "../../src/services/report.js";
import { withdrawRequest } from "../../src/services/request-changes.js";
import { answerInformation, askForInformation, decideRequest, submitRequest } from "../../src/services/requests.js";
import { closeDb, testDb, truncateAll } from "../helpers/db.js";
import { monthsAgo, tablesText } from "../helpers/erasure.js";
import { seedFixtures, USERS } from "../helpers/harness.js";
import { insertRequest } from "../helpers/requests.js";

const db = testDb();
afterAll(() => closeDb(db));
beforeEach(async () => {
  await truncateAll(db);
  await seedFixtures(db);
});

async function applicant() {
  const found = await findActor(db, USERS.applicant);
  if (!found) throw new Error("seedFixtures first");
  return found;
}

/** An admission with text in its justification, a komplettering and (when decided) the reason. */
async function admission(tag: string): Promise<{ requestId: number; caseId: number; ref: string }> {
  const actor = await applicant();
  const s = await submitRequest(db, {
    submissionKey: `t-${randomUUID()}`,
    applicantSlackId: USERS.applicant,
    orgId: actor.orgId,
    type: "admission",
    caseId: null,
    newCase: { nationality: "NG", gender: "woman", ageBand: "18-25", childrenAccompanying: 0, childrenHome: 0, exploitation: ["sexual"], exploitedIn: ["SE"], policeReport: false },
    periodId: null,
    startDate: null,
    endDate: null,
    days: null,
    children: null,
    protection: false,
    measure: null,
    quantity: null,
    unitAmount: null,
    requestedAmount: 0,
    costLines: [],
    justification: `Underlag ${tag}: utsatt i Malmö`,
  });
  const asked = await askForInformation(db, s.requestId, USERS.coordinator, `Fråga ${tag}: sedan när?`);
  if (!asked.ok || !("infoRequestId" in asked)) throw new Error(`ask: ${JSON.stringify(asked)}`);
  const answered = await answerInformation(db, asked.infoRequestId, actor, `Svar ${tag}: sedan i våras`);
  if (!answered.ok) throw new Error(`answer: ${answered.error}`);
  const r = await db.request.findUniqueOrThrow({ where: { id: s.requestId }, include: { case: true } });
  if (!r.case) throw new Error("no case");
  return { requestId: r.id, caseId: r.case.id, ref: r.case.ref };
}

async function deny(requestId: number, tag: string, at: Date): Promise<void> {
  const d = await decideRequest(db, requestId, USERS.coordinator, { kind: "deny", reason: `Avslag ${tag}: utanför programmet`, shareReason: true });
  if (!d.ok) throw new Error(`deny: ${JSON.stringify(d)}`);
  await db.request.update({ where: { id: requestId }, data: { decidedAt: at } });
}

const report = () => loadReport(db, { from: "2016-01-01", to: formatDate(new Date()) });

/** The structured rows (what the reports are built from), without the text columns. */
async function figures() {
  const requests = await db.request.findMany({
    orderBy: { id: "asc" },
    omit: { justification: true, decisionReason: true, erasedAt: true, updatedAt: true },
    include: { infoRequests: { omit: { question: true, answer: true } } },
  });
  const cases = await db.case.findMany({ orderBy: { id: "asc" }, omit: { erasedAt: true } });
  return { requests, cases };
}

describe("a case whose admission was denied or withdrawn", () => {
  it("denied more than 24 months ago: its text is erased, the report's figures unchanged, once; one denied 23 months ago keeps its text", async () => {
    const old = await admission("omega");
    await deny(old.requestId, "omega", monthsAgo(30));
    const recent = await admission("sigma");
    await deny(recent.requestId, "sigma", monthsAgo(23));
    const reportBefore = await report();
    const figuresBefore = await figures();

    const run = await runRetention(db, 24, new Date());
    expect(run.cases).toEqual([old.ref]);
    const text = await tablesText(db);
    expect(text).not.toContain("omega");
    for (const t of ["Underlag sigma", "Fråga sigma", "Svar sigma", "Avslag sigma"]) expect(text).toContain(t);
    expect(await db.request.findUniqueOrThrow({ where: { id: old.requestId } })).toMatchObject({ justification: ERASED_TEXT, decisionReason: ERASED_TEXT, status: "denied" });
    expect((await db.case.findUniqueOrThrow({ where: { id: old.caseId } })).erasedAt).toBeInstanceOf(Date);
    expect(await db.auditEntry.findFirstOrThrow({ where: { caseId: old.caseId, action: "case.erased" } })).toMatchObject({ actor: "system:retention", after: { trigger: "retention", requests: 1, infoRequests: 1 } });
    // The shared reason was on the organisation's Home: refreshed.
    expect(await db.outboxMessage.count({ where: { kind: "home_refresh", refId: old.requestId, key: { startsWith: `home:${old.requestId}:` }, id: { in: run.outboxIds } } })).toBe(1);

    expect(await report()).toEqual(reportBefore);
    expect(await figures()).toEqual(figuresBefore);
    const audits = await db.auditEntry.count();
    expect(await runRetention(db, 24, new Date())).toEqual({ cases: [], requests: [], outboxIds: [] });
    expect(await db.auditEntry.count()).toBe(audits);
  });

  it("withdrawn: erased the same time after the withdrawal, not a day early", async () => {
    const w = await admission("omega");
    expect(await withdrawRequest(db, w.requestId, await applicant())).toMatchObject({ ok: true });
    await db.request.update({ where: { id: w.requestId }, data: { decidedAt: new Date("2024-11-30T11:00:00Z") } });
    expect((await runRetention(db, 24, new Date("2026-11-30T10:00:00Z"))).cases).toEqual([]);
    expect(await tablesText(db)).toContain("Underlag omega");
    expect((await runRetention(db, 24, new Date("2026-12-01T10:00:00Z"))).cases).toEqual([w.ref]);
    expect(await tablesText(db)).not.toContain("omega");
  });

  it("a later request of the case: not while it is pending; then from its decision, the latest of the case's", async () => {
    const d = await admission("omega");
    await deny(d.requestId, "omega", monthsAgo(30));
    const later = await insertRequest(db, { type: "measure", measure: "legal_counsel", quantity: 2, unitAmount: 2_500 }, { caseId: d.caseId });
    await db.request.update({ where: { id: later }, data: { justification: "Underlag omega: ombud" } });
    expect((await runRetention(db, 24, new Date())).cases).toEqual([]);
    expect(await tablesText(db)).toContain("omega");

    // Denied (its admission was denied) ten months ago: the case's end date is that decision.
    await deny(later, "omega", monthsAgo(10));
    expect((await runRetention(db, 24, new Date())).cases).toEqual([]);
    expect((await runRetention(db, 24, monthsAgo(-15))).cases).toEqual([d.ref]);
    expect(await tablesText(db)).not.toContain("omega");
  });

  it("erased, then handed over to another organisation with a reason: its time starts again from the handover", async () => {
    const d = await admission("omega");
    await deny(d.requestId, "omega", monthsAgo(30));
    expect((await runRetention(db, 24, new Date())).cases).toEqual([d.ref]);
    const talita = await db.organisation.findUniqueOrThrow({ where: { name: "Talita" } });
    const coordinator = await findActor(db, USERS.coordinator);
    if (!coordinator) throw new Error("no coordinator");
    const moved = await transferCase(db, { ref: d.ref, actor: coordinator, toOrgId: talita.id, reason: "Överlämning sigma: ny ort", today: todayDate() });
    expect(moved).toMatchObject({ ok: true });
    expect((await runRetention(db, 24, new Date())).cases).toEqual([]);
    expect(await tablesText(db)).toContain("Överlämning sigma");
    expect((await runRetention(db, 24, monthsAgo(-25))).cases).toEqual([d.ref]);
    expect(await tablesText(db)).not.toContain("sigma");
  });

  it("an admission still waiting for its decision, and a granted one (an open case), are never erased by their age", async () => {
    const waiting = await admission("omega");
    await db.request.update({ where: { id: waiting.requestId }, data: { createdAt: monthsAgo(40) } });
    const granted = await admission("sigma");
    const g = await decideRequest(db, granted.requestId, USERS.coordinator, { kind: "grant", reason: "Beviljat sigma", shareReason: false });
    expect(g.ok).toBe(true);
    await db.request.update({ where: { id: granted.requestId }, data: { decidedAt: monthsAgo(40) } });
    expect((await runRetention(db, 24, new Date())).cases).toEqual([]);
    const text = await tablesText(db);
    expect(text).toContain("Underlag omega");
    expect(text).toContain("Underlag sigma");
  });
});
