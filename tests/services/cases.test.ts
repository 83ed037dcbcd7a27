// Issue #12, item 1, through the service against real PostgreSQL: who may read a case file, what it
// holds (history, caps with days left, money per category, kompletteringar for coordinators only),
// its pages, the list of cases, and the audit row written for every reading.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { CASE_FILE_PAGE_SIZE, CASE_LIST_PAGE_SIZE } from "../../src/domain/case-file.js";
import { listCases, loadCaseFile, recordRequestRead } from "../../src/services/cases.js";
import { findActor, type Actor } from "../../src/services/members.js";
import { answerInformation, askForInformation, decideRequest } from "../../src/services/requests.js";
import { createAdmittedCase } from "../helpers/cases.js";
import { closeDb, testDb, truncateAll } from "../helpers/db.js";
import { seedFixtures, USERS } from "../helpers/harness.js";
import { insertRequest } from "../helpers/requests.js";

const db = testDb();
afterAll(() => closeDb(db));
beforeEach(async () => {
  await truncateAll(db);
  await seedFixtures(db);
});

const TODAY = new Date("2016-10-15");
const grant = { kind: "grant", reason: "Uppfyller kriterierna.", shareReason: false } as const;

async function actor(user: string): Promise<Actor> {
  const a = await findActor(db, user);
  if (!a) throw new Error(`no member ${user}`);
  return a;
}

/** An admission of `user`'s organisation (which creates the case), granted. */
const admittedCase = (user: string = USERS.applicant) => createAdmittedCase(db, { user, decision: grant });

const reads = (caseId: number) => db.auditEntry.findMany({ where: { caseId, action: { in: ["case.read", "request.read"] } }, orderBy: { id: "asc" } });

describe("who may read a case file", () => {
  it("the owning organisation's members, coordinators and admins; another organisation gets not_found like an unknown ref; strangers not_member", async () => {
    const { ref } = await admittedCase();
    for (const user of [USERS.applicant, USERS.applicant2, USERS.coordinator, USERS.admin]) {
      expect((await loadCaseFile(db, ref, await actor(user), { today: TODAY })).ok, user).toBe(true);
    }
    expect(await loadCaseFile(db, ref, await actor(USERS.otherOrg))).toEqual({ ok: false, error: "not_found" });
    expect(await loadCaseFile(db, "NSP999", await actor(USERS.otherOrg))).toEqual({ ok: false, error: "not_found" });
    expect(await loadCaseFile(db, ref, await findActor(db, USERS.stranger))).toEqual({ ok: false, error: "not_member" });
  });

  it("records every reading (who, which case, when) and none for a refusal", async () => {
    const { ref, caseId } = await admittedCase();
    const before = new Date();
    await loadCaseFile(db, ref, await actor(USERS.coordinator));
    await loadCaseFile(db, ref, await actor(USERS.applicant2), { page: 2 });
    await loadCaseFile(db, ref, await actor(USERS.otherOrg));
    const rows = await reads(caseId);
    expect(rows.map((r) => [r.actor, r.action, r.requestId, r.before, r.after])).toEqual([
      [USERS.coordinator, "case.read", null, null, null],
      [USERS.applicant2, "case.read", null, null, null],
    ]);
    expect(rows[0]?.at.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
  });

  it("a reading that cannot be recorded shows nothing: the error reaches the caller", async () => {
    const { ref, caseId } = await admittedCase();
    await db.$executeRawUnsafe(`
      CREATE FUNCTION test_refuse_read() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.action = 'case.read' THEN RAISE EXCEPTION 'audit down'; END IF; RETURN NEW; END $$`);
    await db.$executeRawUnsafe(`CREATE TRIGGER test_refuse_read BEFORE INSERT ON "audit_entry" FOR EACH ROW EXECUTE FUNCTION test_refuse_read()`);
    try {
      await expect(loadCaseFile(db, ref, await actor(USERS.coordinator))).rejects.toThrow(/audit down/);
    } finally {
      await db.$executeRawUnsafe(`DROP TRIGGER test_refuse_read ON "audit_entry"`);
      await db.$executeRawUnsafe(`DROP FUNCTION test_refuse_read()`);
    }
    expect(await reads(caseId)).toEqual([]);
  });

  it("Visa underlag's reading is recorded with the request and its case", async () => {
    const { caseId, admissionId } = await admittedCase();
    await recordRequestRead(db, { id: admissionId, caseId }, USERS.coordinator);
    expect((await reads(caseId)).map((r) => [r.actor, r.action, r.requestId])).toEqual([[USERS.coordinator, "request.read", admissionId]]);
  });
});

describe("what the case file holds", () => {
  it("every request newest first with what was asked, caps with days used and left, money per category", async () => {
    const { ref, caseId, admissionId } = await admittedCase();
    const rest1 = await insertRequest(db, { type: "rest", from: "2016-11-01", to: "2016-11-20", children: 1 }, { caseId });
    const rest2 = await insertRequest(db, { type: "rest", from: "2016-11-21", to: "2016-12-10", children: 1 }, { caseId });
    const therapy = await insertRequest(db, { type: "measure", measure: "therapy", quantity: 5, unitAmount: 500, date: "2016-11-01" }, { caseId });
    const integ = await insertRequest(db, { type: "integration", from: "2016-12-11", to: "2016-12-20" }, { caseId });
    expect(await decideRequest(db, rest1, USERS.coordinator, grant)).toMatchObject({ ok: true });
    expect(await decideRequest(db, rest2, USERS.coordinator, { kind: "partial", reason: "Taket", shareReason: false, grantedDays: 10, grantedAmount: 15_000 })).toMatchObject({ ok: true });
    expect(await decideRequest(db, therapy, USERS.coordinator, grant)).toMatchObject({ ok: true });

    const result = await loadCaseFile(db, ref, await actor(USERS.applicant), { today: TODAY });
    if (!result.ok) throw new Error("not ok");
    const f = result.file.file;
    expect(f.requests.map((r) => r.id)).toEqual([integ, therapy, rest2, rest1, admissionId]);
    expect(f.requests.find((r) => r.id === therapy)).toMatchObject({ type: "measure", measure: "therapy", quantity: 5, unitAmount: 500, requestedAmount: 2_500, status: "granted" });
    expect(f.requests.find((r) => r.id === rest2)).toMatchObject({ status: "partly_granted", grantedDays: 10, days: 20, decidedBy: USERS.coordinator });
    const [rest, integration] = f.caps;
    expect(rest).toMatchObject({ maxDays: 30, used: 30, left: 0 });
    expect(rest?.granted.map((g) => [g.requestId, g.grantedDays, g.from?.toISOString().slice(0, 10), g.to?.toISOString().slice(0, 10)])).toEqual([
      [rest1, 20, "2016-11-01", "2016-11-20"],
      [rest2, 10, "2016-11-21", "2016-12-10"],
    ]);
    expect(integration).toMatchObject({ maxDays: 90, used: 0, left: 90, pending: [{ requestId: integ, days: 10 }] });
    // The money is what the decisions committed, per category.
    const committed = await db.budgetCommitment.findMany({ where: { request: { caseId } }, include: { category: true } });
    const expected = new Map<string, number>();
    for (const c of committed) expected.set(c.category.name, (expected.get(c.category.name) ?? 0) + c.amount);
    expect(new Map(f.money.map((m) => [m.name, m.amount]))).toEqual(expected);
    expect(f.money.find((m) => m.key === "measure")?.amount).toBe(2_500);
    expect(f.money.reduce((a, m) => a + m.amount, 0)).toBe(committed.reduce((a, c) => a + c.amount, 0));
  });

  it("kompletteringar, reasons and the background for coordinators and admins only", async () => {
    const { ref, caseId } = await admittedCase();
    const rest = await insertRequest(db, { type: "rest", from: "2016-11-01", to: "2016-11-05" }, { caseId });
    const asked = await askForInformation(db, rest, USERS.coordinator, "Finns skyddat boende ordnat?");
    if (!asked.ok || !("infoRequestId" in asked)) throw new Error("ask failed");
    expect(await answerInformation(db, asked.infoRequestId, await actor(USERS.applicant), "Ja, från och med måndag.")).toMatchObject({ ok: true });
    expect(await decideRequest(db, rest, USERS.coordinator, { kind: "deny", reason: "Intern motivering", shareReason: false })).toMatchObject({ ok: true });

    const coord = await loadCaseFile(db, ref, await actor(USERS.coordinator));
    const appl = await loadCaseFile(db, ref, await actor(USERS.applicant));
    if (!coord.ok || !appl.ok) throw new Error("not ok");
    const c = coord.file.file.requests.find((r) => r.id === rest);
    expect(c?.infoRequests).toMatchObject([{ question: "Finns skyddat boende ordnat?", answer: "Ja, från och med måndag." }]);
    expect(c?.decisionReason).toBe("Intern motivering");
    expect(coord.file.file.background).toMatchObject({ nationality: "NG", exploitation: ["sexual"] });
    const a = appl.file.file.requests.find((r) => r.id === rest);
    expect(a).toMatchObject({ infoRequests: [], infoCount: 1, infoOpen: 0, decisionReason: null, status: "denied" });
    expect(appl.file.file.background).toBeNull();
    expect(JSON.stringify(appl)).not.toMatch(/skyddat boende|måndag|Intern motivering/);
  });

  it("pages the history: page 2 holds the next requests, a page past the end the last page", async () => {
    const { ref, caseId } = await admittedCase();
    for (let i = 0; i < CASE_FILE_PAGE_SIZE + 2; i++) {
      await insertRequest(db, { type: "measure", measure: "travel", quantity: 1, unitAmount: 500 + i, date: "2016-11-01" }, { caseId });
    }
    const me = await actor(USERS.coordinator);
    const p1 = await loadCaseFile(db, ref, me);
    const p2 = await loadCaseFile(db, ref, me, { page: 2 });
    const p9 = await loadCaseFile(db, ref, me, { page: 9 });
    if (!p1.ok || !p2.ok || !p9.ok) throw new Error("not ok");
    expect([p1.file.page, p1.file.pages, p1.file.requests.length]).toEqual([1, 2, CASE_FILE_PAGE_SIZE]);
    expect([p2.file.page, p2.file.requests.length]).toEqual([2, 3]);
    expect(p9.file.page).toBe(2);
    const all = [...p1.file.requests, ...p2.file.requests].map((r) => r.id);
    expect(new Set(all).size).toBe(CASE_FILE_PAGE_SIZE + 3);
    expect(all).toEqual([...all].sort((x, y) => y - x));
  });
});

describe("the list of cases", () => {
  it("applicants see their organisation's cases; coordinators every open case, newest activity first, paged", async () => {
    const a = await admittedCase();
    const b = await admittedCase();
    const other = await admittedCase(USERS.otherOrg);
    // Activity on the oldest case moves it to the top.
    await insertRequest(db, { type: "rest", from: "2016-11-01", to: "2016-11-05" }, { caseId: a.caseId });
    // A closed case (closed long ago: closing counts as activity) is not in the coordinators' list of open cases.
    await db.case.update({ where: { id: b.caseId }, data: { outcome: "returned", closedOn: new Date("2016-10-01"), closedAt: new Date("2016-10-01T12:00:00Z"), closedBy: USERS.coordinator } });

    const mine = await listCases(db, await actor(USERS.applicant));
    expect(mine.scope).toBe("organisation");
    expect(mine.items.map((c) => c.ref)).toEqual([a.ref, b.ref]);
    expect(mine.items[1]?.closedOn?.toISOString().slice(0, 10)).toBe("2016-10-01");
    expect(mine.items[0]).toMatchObject({ requests: 2, open: 1 });
    expect((await listCases(db, await actor(USERS.otherOrg))).items.map((c) => c.ref)).toEqual([other.ref]);
    const all = await listCases(db, await actor(USERS.coordinator));
    expect(all.scope).toBe("all_open");
    expect(all.items.map((c) => c.ref)).toEqual([a.ref, other.ref]);
    expect(all.items.find((c) => c.ref === other.ref)?.orgName).toBe("Talita");
  });

  it("pages within CASE_LIST_PAGE_SIZE", async () => {
    for (let i = 0; i < CASE_LIST_PAGE_SIZE + 1; i++) await admittedCase();
    const me = await actor(USERS.admin);
    const p1 = await listCases(db, me);
    const p2 = await listCases(db, me, { page: 2 });
    expect([p1.total, p1.pages, p1.items.length, p2.items.length]).toEqual([CASE_LIST_PAGE_SIZE + 1, 2, CASE_LIST_PAGE_SIZE, 1]);
    expect(new Set([...p1.items, ...p2.items].map((c) => c.ref)).size).toBe(CASE_LIST_PAGE_SIZE + 1);
  });
});
