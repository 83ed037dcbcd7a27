// Closing a case while one of its grants is being settled (issue #13, item 3; the fix in commit
// be16ad1): releaseOnClose locks every grant's request row before it touches a budget category, the
// order settleGrant uses (request, then categories). Before the fix it locked one request, updated
// its categories, then locked the next: with a grant B being settled meanwhile, the closing held the
// category row and waited for B's request while the settlement held B's request and waited for the
// category – PostgreSQL aborted one of them (deadlock detected, 40P01).
//
// Made deterministic with a third transaction T that holds the shared category row: the closing
// starts and waits on it (old code: holding A only; new code: holding A and B), then the settlement
// of B starts and waits too (old code: on the category, holding B; new code: on B's request row);
// once both wait (pg_stat_activity), T lets go. Both must succeed, and B's money comes back once.
// With the fix the closing has B locked first, so B's unused days return as a closing release and
// the settlement finds nothing more to release.
import pg from "pg";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { closeCase } from "../../src/services/case-outcome.js";
import { findActor } from "../../src/services/members.js";
import { decideRequest } from "../../src/services/requests.js";
import { settleGrant } from "../../src/services/payments.js";
import { closeDb, testDatabaseUrl, testDb, truncateAll } from "../helpers/db.js";
import { seedFixtures, USERS } from "../helpers/harness.js";
import { grant, seedPeriod2, submit } from "../report/seed-2016.js";

const db = testDb();
afterAll(() => closeDb(db));

const d = (s: string) => new Date(`${s}T00:00:00.000Z`);
let refs: Record<"NSP004" | "NSP009" | "NSP010", number>;
let restA = 0;
let restB = 0;

beforeEach(async () => {
  await truncateAll(db);
  await seedFixtures(db, { budget: "2016" });
  refs = await seedPeriod2(db);
  await db.case.updateMany({ data: { createdAt: new Date("2016-09-05T10:00:00Z") } });
  // A: NSP009's 26 days of rest with a child (2016-09-07 – 2016-10-02, 31 200 + 7 800 kr).
  restA = (await db.request.findFirstOrThrow({ where: { caseId: refs.NSP009, type: "rest" } })).id;
  // B: 4 more days of rest in the same category (2016-10-03 – 2016-10-06, 4 × 1 200 kr), a later id.
  const b = await submit(db, { type: "rest", caseId: refs.NSP009, money: { type: "rest", from: "2016-10-03", to: "2016-10-06" } });
  const decided = await decideRequest(db, b.id, USERS.coordinator, grant);
  if (!decided.ok) throw new Error(`decision on B failed: ${JSON.stringify(decided)}`);
  restB = b.id;
});

async function actor(slackUserId: string) {
  const a = await findActor(db, slackUserId);
  if (!a) throw new Error(`no member ${slackUserId}`);
  return a;
}

async function categoryRow(key: string) {
  const pilot = await db.budgetPeriod.findUniqueOrThrow({ where: { name: "Pilot 2016" } });
  return db.budgetCategory.findUniqueOrThrow({ where: { periodId_key: { periodId: pilot.id, key } } });
}

/** Sessions of this test's database waiting for a lock (read outside T: pg_stat_activity is a snapshot within a transaction). */
async function waitingOnLocks(): Promise<number> {
  const rows = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS "n" FROM pg_stat_activity WHERE "datname" = current_database() AND "wait_event_type" = 'Lock'`;
  return rows[0]?.n ?? 0;
}

const settleOutcome = (p: Promise<unknown>) => p.then((v) => v, (err: unknown) => ({ thrown: String(err) }));

describe("closing a case while one of its grants is settled", () => {
  it("neither deadlocks: both succeed and B's money comes back exactly once", async () => {
    const rest = await categoryRow("rest");
    const restChild = await categoryRow("rest_child");
    expect(await db.budgetCommitment.findMany({ where: { requestId: restB }, select: { amount: true } })).toEqual([{ amount: 4_800 }]);
    const coordinator = await actor(USERS.coordinator);

    const holder = new pg.Client({ connectionString: testDatabaseUrl() });
    await holder.connect();
    let closing: Promise<unknown> = Promise.resolve();
    let settling: Promise<unknown> = Promise.resolve();
    try {
      await holder.query("BEGIN");
      await holder.query(`SELECT "id" FROM "budget_category" WHERE "id" = $1 FOR UPDATE`, [rest.id]);
      // Closed 2016-09-20: A used 14 of its 26 days (12 return: 14 400 + 3 600), B none of its 4 (4 800).
      closing = settleOutcome(closeCase(db, { ref: "NSP009", actor: coordinator, outcome: "own_support", closedOn: d("2016-09-20"), today: d("2016-12-01") }));
      await expect.poll(waitingOnLocks, { timeout: 4_000, interval: 50 }).toBe(1);
      settling = settleOutcome(settleGrant(db, { requestId: restB, actor: coordinator }));
      await expect.poll(waitingOnLocks, { timeout: 4_000, interval: 50 }).toBe(2);
      await holder.query("COMMIT");
    } finally {
      await holder.query("ROLLBACK").catch(() => undefined);
      await holder.end();
    }
    const [closed, settled] = await Promise.all([closing, settling]);
    expect(closed).toMatchObject({ ok: true, released: 18_000 + 4_800 });
    expect(settled).toMatchObject({ ok: true, requestId: restB, paid: 0, released: 0 });

    // B: settled, its 4 800 kr released once (by the closing, which locked it first); nothing twice.
    expect(await db.request.findUniqueOrThrow({ where: { id: restB } })).toMatchObject({ settledAt: expect.any(Date) });
    const releases = await db.budgetRelease.findMany({ where: { revertedAt: null }, select: { requestId: true, reason: true, amount: true }, orderBy: [{ requestId: "asc" }, { categoryId: "asc" }] });
    expect(releases).toEqual([
      { requestId: restA, reason: "closed", amount: 14_400 },
      { requestId: restA, reason: "closed", amount: 3_600 },
      { requestId: restB, reason: "closed", amount: 4_800 },
    ]);
    expect((await categoryRow("rest")).committed).toBe(rest.committed - 14_400 - 4_800);
    expect((await categoryRow("rest_child")).committed).toBe(restChild.committed - 3_600);
  });
});
