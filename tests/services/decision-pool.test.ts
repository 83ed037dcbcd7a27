// A decision must be answered within Slack's 3 s even when every pooled connection is busy
// (issue #10, item 7): the wait for a connection comes out of the decision's deadline, a decision
// that cannot get one answers "busy" and stores nothing, and the abandoned attempt never commits
// later nor keeps a connection.
import type pg from "pg";
import { afterAll, beforeEach, expect, it } from "vitest";
import { parseConfig } from "../../src/core/config.js";
import { closeDb, createDb, sqlOf } from "../../src/core/db.js";
import { decideRequest } from "../../src/services/requests.js";
import { testDatabaseUrl, testDb, truncateAll } from "../helpers/db.js";
import { seedFixtures, USERS, waitFor } from "../helpers/harness.js";
import { category, insertRequest, registerCoordinators } from "../helpers/requests.js";
import { within } from "../helpers/within.js";

const db = testDb();
afterAll(() => closeDb(db));
beforeEach(async () => {
  await truncateAll(db);
  await seedFixtures(db, { budget: "2016" });
  await registerCoordinators(db, ["U0FIRSTTRY"]);
});

/** Slack's limit for answering a view_submission. */
const SLACK_ACK_LIMIT_MS = 3_000;

/** Every connection of `pool` checked out and busy in a long query, as under a burst of load. */
async function exhaust(pool: pg.Pool, size: number): Promise<{ release(): Promise<void> }> {
  const clients = await Promise.all(Array.from({ length: size }, () => pool.connect()));
  const sleeps = clients.map((c) => c.query("SELECT pg_sleep(30)").catch(() => undefined));
  // The sleeping backends, so that they can be cancelled when the test is done.
  const pids = clients.map((c) => (c as unknown as { processID: number }).processID);
  return {
    async release() {
      const admin = createDb(testDatabaseUrl(), { max: 1 });
      try {
        await sqlOf(admin).query("SELECT pg_cancel_backend(pid) FROM unnest($1::int[]) AS pid", [pids]);
      } finally {
        await closeDb(admin);
      }
      await Promise.all(sleeps);
      for (const c of clients) c.release();
    },
  };
}

it("with every pooled connection busy, a decision answers busy before Slack's limit and stores nothing", async () => {
  const small = createDb(testDatabaseUrl(), { max: 2 });
  try {
    const id = await insertRequest(db, { type: "measure", measure: "therapy", quantity: 1, unitAmount: 1_000 });
    const held = await exhaust(sqlOf(small), 2);
    let pending: Promise<unknown> | null = null;
    try {
      const startedAt = Date.now();
      const deciding = decideRequest(small, id, "U0FIRSTTRY", { kind: "grant", reason: "", shareReason: false });
      pending = deciding;
      const result = await within(deciding, SLACK_ACK_LIMIT_MS + 1_000);
      expect(result, "the decision must be answered while the pool is still exhausted").not.toBe("timeout");
      expect(Date.now() - startedAt).toBeLessThan(SLACK_ACK_LIMIT_MS);
      expect(result).toEqual({ ok: false, error: "busy" });
    } finally {
      await held.release();
      await pending?.catch(() => undefined);
    }
    // Nothing stored, then or later: the abandoned attempt does not commit once a connection frees up.
    expect(await db.request.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "received", decidedBy: null });
    // No connection was kept and the pool works: the same decision sent again is recorded once.
    const again = await decideRequest(small, id, USERS.coordinator, { kind: "grant", reason: "", shareReason: false });
    expect(again).toMatchObject({ ok: true, status: "granted" });
    expect(await db.request.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "granted", decidedBy: USERS.coordinator });
    expect(await db.auditEntry.count({ where: { requestId: id, action: { startsWith: "decision:" } } })).toBe(1);
    expect(await category(db, "measure")).toMatchObject({ committed: 1_000 });
    const pool = sqlOf(small);
    expect(pool.totalCount).toBeLessThanOrEqual(2);
    expect(pool.waitingCount).toBe(0);
    expect(pool.idleCount).toBe(pool.totalCount);
  } finally {
    await closeDb(small);
  }
});

it("a connection that frees up after the decision gave up is returned unused: nothing is stored later", async () => {
  // The pool would wait 10 s; the decision waits only its own deadline, then answers busy.
  const small = createDb(testDatabaseUrl(), { max: 2, connectTimeoutMs: 10_000 });
  try {
    const id = await insertRequest(db, { type: "measure", measure: "therapy", quantity: 1, unitAmount: 1_000 });
    const held = await exhaust(sqlOf(small), 2);
    const startedAt = Date.now();
    let result: unknown;
    try {
      result = await within(decideRequest(small, id, "U0FIRSTTRY", { kind: "grant", reason: "", shareReason: false }), SLACK_ACK_LIMIT_MS + 1_000);
    } finally {
      await held.release();
    }
    expect(result).toEqual({ ok: false, error: "busy" });
    expect(Date.now() - startedAt).toBeLessThan(SLACK_ACK_LIMIT_MS + 1_000);
    // The abandoned transaction got its connection now; it is rolled back and the connection returned.
    const pool = sqlOf(small);
    await waitFor(async () => pool.waitingCount === 0 && pool.idleCount === pool.totalCount, "the pool idle again");
    expect(await db.request.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "received", decidedBy: null });
    expect(await db.auditEntry.count({ where: { requestId: id, action: { startsWith: "decision:" } } })).toBe(0);
    expect(await category(db, "measure")).toMatchObject({ committed: 0 });
    const again = await decideRequest(small, id, USERS.coordinator, { kind: "deny", reason: "Utanför NSP", shareReason: false });
    expect(again).toMatchObject({ ok: true, status: "denied" });
  } finally {
    await closeDb(small);
  }
});

it("any query waits for a pooled connection at most NSP_DB_CONNECT_TIMEOUT_MS", async () => {
  const small = createDb(testDatabaseUrl(), { max: 2, connectTimeoutMs: 300 });
  try {
    const held = await exhaust(sqlOf(small), 2);
    try {
      const startedAt = Date.now();
      const read = await within(small.request.count().then(() => "read", (err: unknown) => err), 2_000);
      expect(read).toBeInstanceOf(Error);
      expect(Date.now() - startedAt).toBeLessThan(1_500);
    } finally {
      await held.release();
    }
    expect(await small.request.count()).toBe(0);
  } finally {
    await closeDb(small);
  }
});

it("NSP_DB_CONNECT_TIMEOUT_MS defaults to 2000 ms and is checked", () => {
  const base = { SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "12345678", NSP_COORDINATOR_CHANNEL: "C0COORD" };
  expect(parseConfig(base).NSP_DB_CONNECT_TIMEOUT_MS).toBe(2_000);
  expect(parseConfig({ ...base, NSP_DB_CONNECT_TIMEOUT_MS: "500" }).NSP_DB_CONNECT_TIMEOUT_MS).toBe(500);
  expect(() => parseConfig({ ...base, NSP_DB_CONNECT_TIMEOUT_MS: "0" })).toThrow(/NSP_DB_CONNECT_TIMEOUT_MS/);
  expect(() => parseConfig({ ...base, NSP_DB_CONNECT_TIMEOUT_MS: "soon" })).toThrow(/NSP_DB_CONNECT_TIMEOUT_MS/);
});
