// Decisions under contention (issue #10, item 7): a decision is committed before the ack, so a
// wait on the budget category's row lock must stay well under Slack's 3 s. Signed requests into
// the real receiver; the lock is held by a separate pg client, as another decision would.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DECISION_BLOCK as D } from "../../src/ids.js";
import { testDatabaseUrl, truncateAll } from "../helpers/db.js";
import { seedFixtures, startHarness, USERS, waitFor, type Harness } from "../helpers/harness.js";
import { category, insertRequest } from "../helpers/requests.js";
import { within } from "../helpers/within.js";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  await truncateAll(h.db);
  await seedFixtures(h.db);
});
afterAll(async () => {
  await h?.close();
});

/** Slack's limit for answering a view_submission; the app must answer before it. */
const SLACK_ACK_LIMIT_MS = 3_000;

async function openDecision(user: string, requestId: number, kind: "grant" | "deny"): Promise<string> {
  const opened = h.fake.callsTo("views.open").length;
  await h.user.blockAction(user, { actionId: `decide_${kind}`, value: String(requestId) });
  const call = await waitFor(async () => h.fake.callsTo("views.open").slice(opened).find((c) => c.args.trigger_id), "decision modal");
  return (call.response as { view: { id: string } }).view.id;
}

describe("a decision whose budget category is locked by another transaction", () => {
  it("answers before Slack's limit with a specific error at the field, stores nothing, and can be sent again", async () => {
    const requestId = await insertRequest(h.db, { type: "measure", measure: "therapy", quantity: 1, unitAmount: 1_000 });
    const before = await category(h.db, "measure");
    const viewId = await openDecision(USERS.coordinator, requestId, "grant");

    const holder = new pg.Client({ connectionString: testDatabaseUrl() });
    await holder.connect();
    let pending: Promise<unknown> | null = null;
    try {
      await holder.query("BEGIN");
      await holder.query(`SELECT "id" FROM "budget_category" WHERE "id" = $1 FOR UPDATE`, [before.id]);
      const submitted = h.user.submitView(USERS.coordinator, viewId, h.user.valuesFor(viewId, { [D.reason]: "Uppfyller kriterierna." }));
      pending = submitted;
      const res = await within(submitted, SLACK_ACK_LIMIT_MS);
      expect(res, "the decision must be answered while the lock is still held").not.toBe("timeout");
      if (res === "timeout") return;
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ response_action: "errors" });
      expect((res.json as { errors: Record<string, string> }).errors[D.reason]).toMatch(/används av ett annat beslut just nu/);
      // Nothing was stored: the request is open, no money, no audit row, no message queued.
      expect((await h.db.request.findUniqueOrThrow({ where: { id: requestId } })).status).toBe("received");
      expect(await h.db.budgetCommitment.count({ where: { requestId } })).toBe(0);
      expect(await h.db.auditEntry.count({ where: { requestId, action: { startsWith: "decision:" } } })).toBe(0);
      expect(await h.db.outboxMessage.count({ where: { requestId, kind: "thread_decision" } })).toBe(0);
    } finally {
      await holder.query("ROLLBACK").catch(() => undefined);
      await holder.end();
      await pending?.catch(() => undefined);
    }

    // The modal stayed open with the error; once the other transaction is done, sending it again works.
    const again = await h.user.submitView(USERS.coordinator, viewId, h.user.valuesFor(viewId, { [D.reason]: "Uppfyller kriterierna." }));
    expect(again.status).toBe(200);
    expect(again.json).toBeUndefined();
    expect(await h.db.request.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ status: "granted", decidedBy: USERS.coordinator });
    expect((await category(h.db, "measure")).committed).toBe(before.committed + 1_000);
  });

  it("a second decision on the same request is told who decided while the first waits for the budget", async () => {
    const requestId = await insertRequest(h.db, { type: "measure", measure: "therapy", quantity: 1, unitAmount: 1_000 });
    const measure = await category(h.db, "measure");
    const grantView = await openDecision(USERS.coordinator, requestId, "grant");
    const denyView = await openDecision(USERS.coordinator2, requestId, "deny");

    const holder = new pg.Client({ connectionString: testDatabaseUrl() });
    await holder.connect();
    let grant: Promise<unknown> | null = null;
    try {
      await holder.query("BEGIN");
      await holder.query(`SELECT "id" FROM "budget_category" WHERE "id" = $1 FOR UPDATE`, [measure.id]);
      // The grant waits for the category; the denial needs no money and must not wait behind it.
      grant = h.user.submitView(USERS.coordinator, grantView, h.user.valuesFor(grantView, { [D.reason]: "Beviljas." }));
      await waitFor(async () => {
        const { rows } = await holder.query<{ n: number }>(
          `SELECT count(*)::int AS "n" FROM pg_stat_activity WHERE "wait_event_type" = 'Lock' AND "datname" = current_database()`,
        );
        return (rows[0]?.n ?? 0) > 0;
      }, "the grant waiting for the category lock");
      const deny = await within(
        h.user.submitView(USERS.coordinator2, denyView, h.user.valuesFor(denyView, { [D.reason]: "Avslås, utanför NSP." })),
        SLACK_ACK_LIMIT_MS,
      );
      expect(deny, "the denial must be answered while the lock is still held").not.toBe("timeout");
      if (deny === "timeout") return;
      expect(deny.status).toBe(200);
      expect(deny.json).toBeUndefined();
      expect(await h.db.request.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ status: "denied", decidedBy: USERS.coordinator2 });
    } finally {
      await holder.query("ROLLBACK").catch(() => undefined);
      await holder.end();
      await grant?.catch(() => undefined);
    }
    // The grant, once it gets the lock (or gives up), is told who decided; no money was committed.
    const res = (await grant) as { json?: unknown };
    expect(JSON.stringify(res.json ?? "")).toMatch(/redan beslutat|används av ett annat beslut/);
    expect(await h.db.budgetCommitment.count({ where: { requestId } })).toBe(0);
    expect((await category(h.db, "measure")).committed).toBe(measure.committed);
  });
});

describe("20 coordinators deciding 20 requests in one budget category at once", () => {
  it("all are answered with success before Slack's limit, and the budget is exact", async () => {
    const before = await category(h.db, "measure");
    const ids: number[] = [];
    for (let i = 0; i < 20; i++) ids.push(await insertRequest(h.db, { type: "measure", measure: "therapy", quantity: 1, unitAmount: 1_000 + i }));
    const views: string[] = [];
    for (const [i, id] of ids.entries()) views.push(await openDecision(i % 2 ? USERS.coordinator : USERS.coordinator2, id, "grant"));

    const results = await Promise.all(
      views.map(async (viewId, i) => {
        const started = performance.now();
        const res = await h.user.submitView(i % 2 ? USERS.coordinator : USERS.coordinator2, viewId, h.user.valuesFor(viewId, { [D.reason]: `Beslut ${i}` }));
        return { res, ms: performance.now() - started };
      }),
    );
    for (const { res, ms } of results) {
      expect(res.status).toBe(200);
      expect(res.json, JSON.stringify(res.json)).toBeUndefined();
      expect(ms).toBeLessThan(SLACK_ACK_LIMIT_MS);
    }
    const expected = ids.reduce((a, _, i) => a + 1_000 + i, 0);
    expect(await h.db.request.count({ where: { id: { in: ids }, status: "granted" } })).toBe(20);
    expect((await category(h.db, "measure")).committed).toBe(before.committed + expected);
    const sum = await h.db.budgetCommitment.aggregate({ where: { requestId: { in: ids } }, _sum: { amount: true }, _count: true });
    expect(sum).toMatchObject({ _sum: { amount: expected }, _count: 20 });
    expect(await h.db.auditEntry.count({ where: { requestId: { in: ids }, action: "decision:grant" } })).toBe(20);
  });
});
