// A decision that gives up waiting for the budget answers "busy" (try again) only while the request
// is still open; when someone else decided it meanwhile, the answer is who decided, at once.
import pg from "pg";
import { afterAll, beforeEach, expect, it } from "vitest";
import { decideRequest } from "../../src/services/requests.js";
import { closeDb, testDatabaseUrl, testDb, truncateAll } from "../helpers/db.js";
import { seedFixtures, USERS } from "../helpers/harness.js";
import { category, insertRequest, registerCoordinators } from "../helpers/requests.js";

const db = testDb();
afterAll(() => closeDb(db));
beforeEach(async () => {
  await truncateAll(db);
  await seedFixtures(db, { budget: "2016" });
  await registerCoordinators(db, ["U0OTHERCOORD"]);
});

async function withCategoryLocked<T>(categoryId: number, fn: () => Promise<T>): Promise<T> {
  const holder = new pg.Client({ connectionString: testDatabaseUrl() });
  await holder.connect();
  try {
    await holder.query("BEGIN");
    await holder.query(`SELECT "id" FROM "budget_category" WHERE "id" = $1 FOR UPDATE`, [categoryId]);
    return await fn();
  } finally {
    await holder.query("ROLLBACK").catch(() => undefined);
    await holder.end();
  }
}

it("a grant waiting for the budget while another coordinator denies the request is told who decided", async () => {
  const id = await insertRequest(db, { type: "measure", measure: "therapy", quantity: 1, unitAmount: 1_000 });
  const measure = await category(db, "measure");
  const [grant, deny] = await withCategoryLocked(measure.id, async () => {
    const waiting = decideRequest(db, id, USERS.coordinator, { kind: "grant", reason: "", shareReason: false });
    // A denial needs no money, so it does not wait for the budget lock.
    const denied = await decideRequest(db, id, "U0OTHERCOORD", { kind: "deny", reason: "Faller utanför NSP", shareReason: false });
    return [await waiting, denied] as const;
  });
  expect(deny).toMatchObject({ ok: true, status: "denied" });
  expect(grant).toMatchObject({ ok: false, error: "already_decided", status: "denied", decidedBy: "U0OTHERCOORD" });
  expect(await category(db, "measure")).toMatchObject({ committed: 0 });
});

it("a grant that gives up on an open request answers busy and stores nothing", async () => {
  const id = await insertRequest(db, { type: "measure", measure: "therapy", quantity: 1, unitAmount: 1_000 });
  const measure = await category(db, "measure");
  const auditBefore = await db.auditEntry.count({ where: { requestId: id } });
  const result = await withCategoryLocked(measure.id, () =>
    decideRequest(db, id, USERS.coordinator, { kind: "grant", reason: "", shareReason: false }),
  );
  expect(result).toEqual({ ok: false, error: "busy" });
  expect(await db.request.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "received", decidedBy: null });
  expect(await db.auditEntry.count({ where: { requestId: id } })).toBe(auditBefore);
});
