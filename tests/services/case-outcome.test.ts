// Closing a case with an outcome and reopening it (issue #12, item 3), against the real database:
// exactly once, with its audit row and coordinator note; who may; the date rules; no request slips
// into a closed case (also while the closing holds the case's lock); no grant on a closed case.
import pg from "pg";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { APPLY_BLOCK as B } from "../../src/core/ids.js";
import { EMPTY_APPLY_FORM, type ApplyForm } from "../../src/domain/apply-form.js";
import { parseIsoDate } from "../../src/domain/format.js";
import { buildRequest } from "../../src/services/apply.js";
import { caseForOutcome, caseStatusNote, closeCase, reopenCase, type CaseActor } from "../../src/services/case-outcome.js";
import { findActor } from "../../src/services/members.js";
import { CaseClosedError, decideRequest } from "../../src/services/requests.js";
import { createCase } from "../helpers/cases.js";
import { closeDb, testDatabaseUrl, testDb, truncateAll } from "../helpers/db.js";
import { seedFixtures, USERS, waitFor } from "../helpers/harness.js";
import { insertRequest } from "../helpers/requests.js";

const db = testDb();
afterAll(() => closeDb(db));

const day = (s: string): Date => parseIsoDate(s) ?? new Date(NaN);
const TODAY = day("2016-12-01");
let caseId = 0;

async function actor(slackId: string): Promise<CaseActor> {
  const a = await findActor(db, slackId);
  if (!a) throw new Error(`no member ${slackId}`);
  return a;
}

beforeEach(async () => {
  await truncateAll(db);
  await seedFixtures(db);
  // Created 1 September 2016 at 00:30 Swedish time (31 August in UTC): its Stockholm day is 1 September.
  caseId = await createCase(db, "NSP004", "Frälsningsarmén", { createdAt: new Date("2016-08-31T22:30:00Z") });
});

const close = async (who: string, outcome: "returned" | "residence_permit" = "returned", on = "2016-11-30") =>
  closeCase(db, { ref: "NSP004", actor: await actor(who), outcome, closedOn: day(on), today: TODAY });

describe("closing", () => {
  it("closes once: the case, an audit row naming the case (before → after), one coordinator note; the second click is told who closed", async () => {
    const first = await close(USERS.applicant);
    expect(first).toMatchObject({ ok: true, caseRef: "NSP004", outcome: "returned" });
    const c = await db.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(c).toMatchObject({ outcome: "returned", closedBy: USERS.applicant, closedOn: day("2016-11-30") });
    expect(c.closedAt).toBeInstanceOf(Date);
    const audits = await db.auditEntry.findMany({ where: { caseId } });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ action: "case_closed", actor: USERS.applicant, before: { outcome: null }, after: { outcome: "returned", closedOn: "2016-11-30" } });
    const outbox = await db.outboxMessage.findMany({ where: { kind: "case_status" } });
    expect(outbox.map((o) => o.key)).toEqual([`case_status:${audits[0]?.id}`]);
    expect(await caseStatusNote(db, audits[0]?.id ?? 0)).toMatchObject({ caseRef: "NSP004", action: "closed", outcome: "returned", actor: USERS.applicant });

    const again = await close(USERS.coordinator, "residence_permit");
    expect(again).toMatchObject({ ok: false, error: "already_closed", outcome: "returned", closedBy: USERS.applicant });
    expect(await db.auditEntry.count({ where: { caseId } })).toBe(1);
    expect(await db.outboxMessage.count({ where: { kind: "case_status" } })).toBe(1);
  });

  it("two closings at once close once", async () => {
    const results = await Promise.all([close(USERS.applicant), close(USERS.coordinator, "residence_permit")]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.error === "already_closed")).toHaveLength(1);
    expect(await db.auditEntry.count({ where: { caseId, action: "case_closed" } })).toBe(1);
  });

  it("refuses while a request of the case waits for a decision, naming it; after the decision it closes", async () => {
    const id = await insertRequest(db, { type: "rest", from: "2016-10-01", to: "2016-10-10" }, { caseId });
    const refused = await close(USERS.coordinator);
    expect(refused).toMatchObject({ ok: false, error: "open_requests" });
    const { openRequestsText } = await import("../../src/domain/case-outcome.js");
    expect(!refused.ok && refused.error === "open_requests" && openRequestsText(refused.open)).toBe(
      `Ansökan nr ${id} (Vila: 2016-10-01 – 2016-10-10 (10 dagar)) väntar på beslut – besluta eller återkalla den först.`,
    );
    expect((await db.case.findUniqueOrThrow({ where: { id: caseId } })).outcome).toBeNull();
    await decideRequest(db, id, USERS.coordinator, { kind: "deny", reason: "Utanför NSP", shareReason: false });
    expect(await close(USERS.coordinator)).toMatchObject({ ok: true });
  });

  it("the date: not after today (Stockholm), not before the day the case was created", async () => {
    expect(await close(USERS.applicant, "returned", "2016-12-02")).toEqual({ ok: false, error: "date", message: "Datumet får inte ligga i framtiden (i dag är det 2016-12-01)." });
    expect(await close(USERS.applicant, "returned", "2016-08-31")).toEqual({ ok: false, error: "date", message: "Ärendet skapades 2016-09-01; det kan inte avslutas före det." });
    expect(await close(USERS.applicant, "returned", "2016-09-01")).toMatchObject({ ok: true });
    expect(await db.auditEntry.count({ where: { caseId } })).toBe(1);
  });

  it("who may: the owning organisation's members, coordinators and admins; another organisation's member hears 'not found', like for an unknown ref", async () => {
    expect(await close(USERS.otherOrg)).toEqual({ ok: false, error: "not_found" });
    expect(await closeCase(db, { ref: "NSP999", actor: await actor(USERS.coordinator), outcome: "other", closedOn: TODAY, today: TODAY })).toEqual({ ok: false, error: "not_found" });
    expect(await caseForOutcome(db, "NSP004", await actor(USERS.otherOrg), "close")).toEqual({ ok: false, error: "not_found" });
    expect(await caseForOutcome(db, "NSP004", await actor(USERS.applicant2), "close")).toMatchObject({ ok: true, case: { ref: "NSP004", createdOn: day("2016-09-01") } });
    expect((await db.case.findUniqueOrThrow({ where: { id: caseId } })).outcome).toBeNull();
    expect(await close(USERS.admin)).toMatchObject({ ok: true });
  });
});

describe("reopening", () => {
  it("coordinators reopen: the outcome is cleared, the audit keeps what it was, a note goes to the coordinators", async () => {
    await close(USERS.applicant);
    expect(await reopenCase(db, { ref: "NSP004", actor: await actor(USERS.applicant) })).toEqual({ ok: false, error: "not_allowed", caseRef: "NSP004" });
    expect(await reopenCase(db, { ref: "NSP004", actor: await actor(USERS.otherOrg) })).toEqual({ ok: false, error: "not_found" });
    const reopened = await reopenCase(db, { ref: "NSP004", actor: await actor(USERS.coordinator) });
    expect(reopened).toMatchObject({ ok: true, caseRef: "NSP004", was: { outcome: "returned", closedOn: day("2016-11-30") } });
    expect(await db.case.findUniqueOrThrow({ where: { id: caseId } })).toMatchObject({ outcome: null, closedOn: null, closedAt: null, closedBy: null });
    const audit = await db.auditEntry.findFirstOrThrow({ where: { caseId, action: "case_reopened" } });
    expect(audit).toMatchObject({ actor: USERS.coordinator, before: { outcome: "returned", closedOn: "2016-11-30", closedBy: USERS.applicant }, after: { outcome: null } });
    expect(await caseStatusNote(db, audit.id)).toMatchObject({ action: "reopened", outcome: "returned", closedOn: day("2016-11-30"), actor: USERS.coordinator });
    expect(await db.outboxMessage.count({ where: { kind: "case_status" } })).toBe(2);
    expect(await reopenCase(db, { ref: "NSP004", actor: await actor(USERS.coordinator) })).toEqual({ ok: false, error: "not_closed", caseRef: "NSP004" });
    // Closed again: a new closing, a new note.
    expect(await close(USERS.coordinator, "residence_permit")).toMatchObject({ ok: true });
    expect(await db.outboxMessage.count({ where: { kind: "case_status" } })).toBe(3);
  });
});

describe("a closed case accepts no new requests", () => {
  const restForm = (caseRef: string): ApplyForm => ({
    ...EMPTY_APPLY_FORM,
    type: "rest",
    caseRef,
    from: "2016-10-01",
    to: "2016-10-05",
    children: "0",
    justification: "Behöver vila efter flytt till skyddat boende.",
  });

  it("the apply form is refused at the case field, naming the outcome and the date", async () => {
    await close(USERS.applicant);
    const built = await buildRequest(db, (await findActor(db, USERS.applicant))!, restForm("nsp004"), "view-1", day("2016-09-01"));
    expect(built).toEqual({ errors: { [B.caseRef]: "Ärendet NSP004 är avslutat (Återvändande, 2016-11-30). En samordnare kan öppna det igen." } });
  });

  it("a request that passed the check before the closing is not stored (submitRequest checks again)", async () => {
    await close(USERS.applicant);
    await expect(insertRequest(db, { type: "rest", from: "2016-10-01", to: "2016-10-05" }, { caseId })).rejects.toBeInstanceOf(CaseClosedError);
    expect(await db.request.count({ where: { caseId } })).toBe(0);
    expect(await db.auditEntry.count({ where: { action: "submitted" } })).toBe(0);
    expect(await db.outboxMessage.count({ where: { kind: { not: "case_status" } } })).toBe(0);
  });

  it("a request submitted while a closing holds the case waits, then is refused", async () => {
    const holder = new pg.Client({ connectionString: testDatabaseUrl() });
    await holder.connect();
    try {
      // What closeCase does: lock the case FOR UPDATE, then set the outcome.
      await holder.query("BEGIN");
      await holder.query(`SELECT "id" FROM "case" WHERE "id" = $1 FOR UPDATE`, [caseId]);
      const submitting = insertRequest(db, { type: "rest", from: "2016-10-01", to: "2016-10-05" }, { caseId }).then(
        () => "stored",
        (err: unknown) => (err instanceof CaseClosedError ? "closed" : String(err)),
      );
      await waitFor(async () => {
        // Read outside the holder's transaction: pg_stat_activity is a snapshot within one.
        const rows = await db.$queryRaw<{ n: number }[]>`
          SELECT count(*)::int AS "n" FROM pg_stat_activity WHERE "wait_event_type" = 'Lock' AND "query" LIKE '%INSERT INTO "counter"%'`;
        return (rows[0]?.n ?? 0) > 0;
      }, "the submission waiting for the case lock");
      await holder.query(`UPDATE "case" SET "outcome" = 'returned', "closed_on" = '2016-11-30', "closed_at" = now(), "closed_by" = 'U0COORD' WHERE "id" = $1`, [caseId]);
      await holder.query("COMMIT");
      expect(await submitting).toBe("closed");
    } finally {
      await holder.end();
    }
    expect(await db.request.count({ where: { caseId } })).toBe(0);
  });

  it("reopened, the case takes requests again", async () => {
    await close(USERS.applicant);
    await reopenCase(db, { ref: "NSP004", actor: await actor(USERS.coordinator) });
    const id = await insertRequest(db, { type: "rest", from: "2016-10-01", to: "2016-10-05" }, { caseId });
    expect(await db.request.findUniqueOrThrow({ where: { id } })).toMatchObject({ caseId, status: "received" });
  });
});

describe("no grant on a closed case", () => {
  it("a request left open on a closed case (older data) cannot be granted, with the reason; it can be denied", async () => {
    const id = await insertRequest(db, { type: "measure", measure: "therapy", quantity: 1, unitAmount: 1_000 }, { caseId });
    // Older data: closed without the app's check.
    await db.case.update({ where: { id: caseId }, data: { outcome: "moved", closedOn: day("2016-11-15"), closedAt: new Date(), closedBy: USERS.coordinator } });
    const granted = await decideRequest(db, id, USERS.coordinator, { kind: "grant", reason: "", shareReason: false });
    expect(granted).toEqual({ ok: false, error: "case_closed", caseRef: "NSP004", outcome: "moved", closedOn: day("2016-11-15") });
    expect(await db.request.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "received", grantedAmount: null });
    expect(await db.budgetCommitment.count({ where: { requestId: id } })).toBe(0);
    expect(await decideRequest(db, id, USERS.coordinator, { kind: "deny", reason: "Ärendet är avslutat", shareReason: false })).toMatchObject({ ok: true, status: "denied" });
  });
});
