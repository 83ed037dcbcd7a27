// A worker process that dies mid-send (issue #10, item 2). Before, its claimed rows waited for a
// 120 s claim and BullMQ's stalled check (30 s + 30 s), then a sweep: 121–148 s after a restart.
// Now a claim is a short lease (NSP_DELIVERY_LEASE_MS) renewed while the Slack call is in flight;
// a dead process renews nothing, and the restarted worker takes the rows as soon as it ends.
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";
import { startRuntime, type Runtime } from "../../src/runtime.js";
import { truncateAll } from "../helpers/db.js";
import { coordinatorPostsFor, COORD_CHANNEL, SIGNING_SECRET, seedFixtures, startHarness, submitInquiry, waitFor, type Harness } from "../helpers/harness.js";

const LEASE_MS = 3000;
const ROWS = 4; // two inquiries: a coordinator notice and a receipt each

let h: Harness;
let child: ChildProcess | null = null;
let restarted: Runtime | null = null;
beforeAll(async () => {
  h = await startHarness({ workers: false, config: { NSP_DELIVERY_LEASE_MS: String(LEASE_MS) } });
  await truncateAll(h.db);
  await seedFixtures(h.db);
});
afterAll(async () => {
  child?.kill("SIGKILL");
  await restarted?.stop();
  await h?.close();
});

const messageRows = () => h.db.outboxMessage.findMany({ where: { kind: { in: ["coord_notice", "applicant_receipt"] } }, orderBy: { id: "asc" } });

it("rows claimed by a worker that died are delivered within 30 s of the restart, once", async () => {
  for (let i = 0; i < 2; i++) await submitInquiry(h, `Förfrågan ${i + 1} före kraschen.`);
  expect(await messageRows()).toHaveLength(ROWS);

  // A worker in its own process takes the rows; Slack never answers its posts.
  h.fake.failNext("chat.postMessage", { hang: true, times: ROWS });
  child = spawn(process.execPath, ["--import", "tsx", "src/worker-main.ts"], {
    cwd: process.cwd(),
    stdio: "ignore",
    env: {
      PATH: process.env.PATH,
      SLACK_BOT_TOKEN: "xoxb-test-token",
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: h.fake.apiUrl,
      DATABASE_URL: h.config.DATABASE_URL,
      REDIS_URL: h.config.REDIS_URL,
      NSP_REDIS_PREFIX: h.config.NSP_REDIS_PREFIX,
      NSP_COORDINATOR_CHANNEL: COORD_CHANNEL,
      NSP_SWEEP_INTERVAL_MS: "1000",
      NSP_DELIVERY_LEASE_MS: String(LEASE_MS),
      NSP_SLACK_TIMEOUT_MS: "120000", // the calls stay in flight until the process dies
      LOG_LEVEL: "silent",
    },
  });
  await waitFor(async () => h.fake.openHungCalls === ROWS, "the worker's posts in flight", 30_000);
  const claimed = await messageRows();
  for (const r of claimed) expect(r.leaseUntil).not.toBeNull();

  // The lease is renewed while the calls are in flight: after more than a lease, still held.
  const firstLease = Math.max(...claimed.map((r) => r.leaseUntil?.getTime() ?? 0));
  await waitFor(async () => (await messageRows()).every((r) => (r.leaseUntil?.getTime() ?? 0) > firstLease + LEASE_MS / 2), "leases renewed", 10_000);
  expect((await messageRows()).every((r) => r.status === "pending" && r.attempts === 1)).toBe(true);

  // Crash: no shutdown, nothing released.
  child.kill("SIGKILL");
  await new Promise((resolve) => child?.once("exit", resolve));
  child = null;
  const leases = (await messageRows()).map((r) => r.leaseUntil?.getTime() ?? 0);
  expect(leases.every((t) => t > 0)).toBe(true);

  const restartAt = Date.now();
  restarted = await startRuntime(h.config, createLogger("silent"), { http: false });
  await waitFor(async () => (await messageRows()).every((r) => r.status === "sent"), "the rows delivered after the restart", 30_000);
  const elapsed = Date.now() - restartAt;
  expect(elapsed).toBeLessThan(30_000);

  // Not before the dead worker's lease ended (a live worker's call might still have been in flight).
  const okPosts = h.fake.callsTo("chat.postMessage").filter((c) => c.ok);
  expect(okPosts).toHaveLength(ROWS);
  expect(Math.min(...okPosts.map((c) => c.at))).toBeGreaterThanOrEqual(Math.min(...leases) - 50);
  for (const r of await h.db.request.findMany({ select: { id: true } })) expect(coordinatorPostsFor(h, r.id)).toHaveLength(1);
  expect((await messageRows()).every((r) => r.attempts === 2)).toBe(true);
  console.log(`crash recovery: delivered ${elapsed} ms after the restart (lease ${LEASE_MS} ms)`);
}, 120_000);
