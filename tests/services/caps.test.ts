// Issue #12, item 2, through the service: decideRequest checks the 30/90-day caps and the case's
// admission under the case's lock, so two decisions on two requests of one case cannot both pass
// the cap, whatever their timing.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { decideRequest } from "../../src/services/requests.js";
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

const grant = { kind: "grant", reason: "", shareReason: false } as const;

/** An admission (which creates the case); granted unless `decided: false`. */
const admittedCase = (opts: { decided?: boolean } = {}) => createAdmittedCase(db, { decision: opts.decided === false ? null : grant });

async function grantedDays(caseId: number, type: "rest" | "integration") {
  const rows = await db.request.findMany({ where: { caseId, type, status: { in: ["granted", "partly_granted"] } } });
  return rows.reduce((a, r) => a + (r.grantedDays ?? 0), 0);
}

describe("the caps at the decision", () => {
  it("refuses a grant that would pass the 30-day cap, with the largest grant that fits", async () => {
    const { caseId } = await admittedCase();
    const a = await insertRequest(db, { type: "rest", from: "2016-11-01", to: "2016-11-20", children: 1 }, { caseId });
    const b = await insertRequest(db, { type: "rest", from: "2016-11-21", to: "2016-12-10", children: 1 }, { caseId });
    expect(await decideRequest(db, a, USERS.coordinator, grant)).toMatchObject({ ok: true });
    expect(await decideRequest(db, b, USERS.coordinator, grant)).toEqual({
      ok: false,
      error: "cap",
      cap: { type: "rest", maxDays: 30, alreadyGranted: 20, requestedDays: 20, fits: 10 },
    });
    const partial = (days: number) => ({ kind: "partial", reason: "Delvis", shareReason: false, grantedDays: days, grantedAmount: days * 1500 }) as const;
    expect(await decideRequest(db, b, USERS.coordinator, partial(11))).toMatchObject({ ok: false, error: "cap", cap: { fits: 10 } });
    expect(await decideRequest(db, b, USERS.coordinator, partial(10))).toMatchObject({ ok: true, status: "partly_granted" });
    expect(await grantedDays(caseId, "rest")).toBe(30);
    // The money follows the days: 10 days and 10 days of the child's supplement.
    const commitments = await db.budgetCommitment.findMany({ where: { requestId: b }, include: { category: true } });
    expect(Object.fromEntries(commitments.map((c) => [c.category.key, c.amount]))).toEqual({ rest: 12_000, rest_child: 3_000 });
  });

  it("nothing fits once the cap is used up; the 90-day integration cap is its own", async () => {
    const { caseId } = await admittedCase();
    const a = await insertRequest(db, { type: "rest", from: "2016-11-01", to: "2016-11-30" }, { caseId });
    const b = await insertRequest(db, { type: "rest", from: "2016-12-01", to: "2016-12-05" }, { caseId });
    const i = await insertRequest(db, { type: "integration", from: "2016-09-01", to: "2016-11-29" }, { caseId });
    const j = await insertRequest(db, { type: "integration", from: "2016-12-01", to: "2016-12-02" }, { caseId });
    expect(await decideRequest(db, a, USERS.coordinator, grant)).toMatchObject({ ok: true });
    expect(await decideRequest(db, b, USERS.coordinator, grant)).toMatchObject({ ok: false, error: "cap", cap: { alreadyGranted: 30, fits: 0 } });
    expect(await decideRequest(db, i, USERS.coordinator, grant)).toMatchObject({ ok: true });
    expect(await decideRequest(db, j, USERS.coordinator, grant)).toMatchObject({ ok: false, error: "cap", cap: { type: "integration", maxDays: 90, alreadyGranted: 90, fits: 0 } });
    // A denial is always possible.
    expect(await decideRequest(db, b, USERS.coordinator, { kind: "deny", reason: "Taket är nått.", shareReason: false })).toMatchObject({ ok: true, status: "denied" });
  });

  it("two decisions on two requests of one case at the same moment never grant past the cap", async () => {
    for (let round = 0; round < 8; round++) {
      const { caseId } = await admittedCase();
      const ids = await Promise.all([
        insertRequest(db, { type: "rest", from: "2016-11-01", to: "2016-11-20" }, { caseId }),
        insertRequest(db, { type: "rest", from: "2016-11-21", to: "2016-12-10" }, { caseId }),
      ]);
      const results = await Promise.all(ids.map((id, k) => decideRequest(db, id, k ? USERS.coordinator2 : USERS.coordinator, grant)));
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok && (r.error === "cap" || r.error === "busy"))).toHaveLength(1);
      expect(await grantedDays(caseId, "rest")).toBe(20);
    }
  });

  it("a case's requests of different types do not count against each other's cap", async () => {
    const { caseId } = await admittedCase();
    const rest = await insertRequest(db, { type: "rest", from: "2016-11-01", to: "2016-11-30" }, { caseId });
    const integration = await insertRequest(db, { type: "integration", from: "2016-09-01", to: "2016-11-29" }, { caseId });
    const results = await Promise.all([decideRequest(db, rest, USERS.coordinator, grant), decideRequest(db, integration, USERS.coordinator2, grant)]);
    expect(results.map((r) => r.ok)).toEqual([true, true]);
  });
});

describe("admission first", () => {
  it("rest, integration and measures cannot be granted before the case's admission is granted", async () => {
    const { caseId, admissionId, ref } = await admittedCase({ decided: false });
    const rest = await insertRequest(db, { type: "rest", from: "2016-11-01", to: "2016-11-10" }, { caseId });
    const measure = await insertRequest(db, { type: "measure", measure: "therapy", quantity: 2, unitAmount: 1_000 }, { caseId });
    for (const id of [rest, measure]) {
      expect(await decideRequest(db, id, USERS.coordinator, grant)).toEqual({ ok: false, error: "admission", caseRef: ref, admission: "received" });
    }
    expect(await db.budgetCommitment.count({ where: { requestId: { in: [rest, measure] } } })).toBe(0);
    expect(await decideRequest(db, measure, USERS.coordinator, { kind: "deny", reason: "Nej.", shareReason: false })).toMatchObject({ ok: true });
    // A denied admission keeps them refused; a granted one lets them through.
    expect(await decideRequest(db, admissionId, USERS.coordinator, grant)).toMatchObject({ ok: true });
    expect(await decideRequest(db, rest, USERS.coordinator, grant)).toMatchObject({ ok: true, status: "granted" });
  });

  it("a denied admission keeps the case's requests from being granted", async () => {
    const { caseId, admissionId, ref } = await admittedCase({ decided: false });
    await decideRequest(db, admissionId, USERS.coordinator, { kind: "deny", reason: "Utanför NSP.", shareReason: false });
    const rest = await insertRequest(db, { type: "rest", from: "2016-11-01", to: "2016-11-10" }, { caseId });
    expect(await decideRequest(db, rest, USERS.coordinator, grant)).toEqual({ ok: false, error: "admission", caseRef: ref, admission: "denied" });
  });
});
