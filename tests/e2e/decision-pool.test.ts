// A decision submitted while every pooled connection is busy (issue #10, item 7): the receiver
// answers before Slack's 3 s with a specific error at the field – never a 500 or no answer – and
// stores nothing; once connections are free again the same modal can be sent and is recorded.
import type pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { sqlOf } from "../../src/core/db.js";
import { DECISION_BLOCK as D } from "../../src/core/ids.js";
import { seedFixtures, startHarness, USERS, waitFor, type Harness } from "../helpers/harness.js";
import { insertRequest } from "../helpers/requests.js";
import { truncateAll } from "../helpers/db.js";
import { within } from "../helpers/within.js";

let h: Harness;

beforeAll(async () => {
  // Two connections, no workers: the test can hold every connection the receiver has.
  h = await startHarness({ workers: false, config: { NSP_DB_POOL_SIZE: "2" } });
  await truncateAll(h.db);
  await seedFixtures(h.db);
});
afterAll(async () => {
  await h?.close();
});

const SLACK_ACK_LIMIT_MS = 3_000;

it("answers a decision at the field before Slack's limit when the pool is exhausted, and stores nothing", async () => {
  const requestId = await insertRequest(h.db, { type: "measure", measure: "therapy", quantity: 1, unitAmount: 1_000 });
  const opened = h.fake.callsTo("views.open").length;
  await h.user.blockAction(USERS.coordinator, { actionId: "decide_grant", value: String(requestId) });
  const call = await waitFor(async () => h.fake.callsTo("views.open").slice(opened).find((c) => c.args.trigger_id), "decision modal");
  const viewId = (call.response as { view: { id: string } }).view.id;

  const pool = sqlOf(h.db);
  const clients: pg.PoolClient[] = [];
  let pending: Promise<unknown> | null = null;
  try {
    while (clients.length < 2) clients.push(await pool.connect());
    const started = Date.now();
    const submitted = h.user.submitView(USERS.coordinator, viewId, h.user.valuesFor(viewId, { [D.reason]: "Uppfyller kriterierna." }));
    pending = submitted;
    const res = await within(submitted, SLACK_ACK_LIMIT_MS + 1_000);
    expect(res, "the decision must be answered while every connection is held").not.toBe("timeout");
    if (res === "timeout") return;
    expect(Date.now() - started).toBeLessThan(SLACK_ACK_LIMIT_MS);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ response_action: "errors" });
    expect((res.json as { errors: Record<string, string> }).errors[D.reason]).toMatch(/försök igen om en stund\. Inget har sparats\./);
  } finally {
    for (const c of clients) c.release();
    await pending?.catch(() => undefined);
  }
  expect(await h.db.request.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ status: "received", decidedBy: null });
  expect(await h.db.auditEntry.count({ where: { requestId, action: { startsWith: "decision:" } } })).toBe(0);

  const again = await h.user.submitView(USERS.coordinator, viewId, h.user.valuesFor(viewId, { [D.reason]: "Uppfyller kriterierna." }));
  expect(again.status).toBe(200);
  expect(again.json).toBeUndefined();
  expect(await h.db.request.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ status: "granted", decidedBy: USERS.coordinator });
  expect(await h.db.auditEntry.count({ where: { requestId, action: { startsWith: "decision:" } } })).toBe(1);
});
