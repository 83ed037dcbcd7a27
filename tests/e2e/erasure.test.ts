// The retention step of issue #14 through the real runtime (BullMQ workers, the sweep every second,
// the fake Slack), against a dedicated redis-server started for this file (a real FLUSHALL wipes
// nothing of other test runs): a case closed more than NSP_RETENTION_MONTHS ago loses its free
// text, and the Slack messages that showed it (the decision in the thread, the decision DMs, the
// question DM) are updated once each with the marker, also when Redis loses its data meanwhile.
// Nothing of the step lives in Redis: a worker started after a FLUSHALL erases and updates all the same.
import { Writable } from "node:stream";
import { Redis } from "ioredis";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { FakeSlack } from "../../dev/fake-slack/server.js";
import { DELIVERY_QUEUE } from "../../jobs/deliver-slack-message.js";
import { createQueue } from "../../jobs/queues.js";
import { ERASED_TEXT } from "../../src/domain/erasure.js";
import { closeDb, testDb, truncateAll } from "../helpers/db.js";
import { caseWithText, closedAt, monthsAgo, tablesText } from "../helpers/erasure.js";
import { createLogger } from "../../src/core/logger.js";
import { startRuntime } from "../../src/runtime.js";
import { COORD_CHANNEL, seedFixtures, startHarness, testConfig, USERS, waitFor } from "../helpers/harness.js";
import { dedicatedRedis, flushRedis, sweepThenDrain } from "../helpers/redis-loss.js";

const redisServer = dedicatedRedis();
const db = testDb();

afterAll(async () => {
  await closeDb(db);
});
beforeEach(async () => {
  await truncateAll(db);
  await seedFixtures(db);
});

const CONFIG = { NSP_SWEEP_INTERVAL_MS: "1000", NSP_DELIVERY_LEASE_MS: "2000" };

/** Everything the fake Slack holds in the coordinator channel (threads too) and the applicant's DMs. */
const slackText = (fake: FakeSlack): string => JSON.stringify([...fake.allMessagesIn(COORD_CHANNEL), ...fake.allMessagesIn(USERS.applicant)]);


const allSent = async () => (await db.outboxMessage.count({ where: { status: { not: "sent" } } })) === 0;

describe("the retention step in the running app", () => {
  it("erases the old case and updates each posted message with text once, though Redis lost its data while the updates waited", async () => {
    const a = await caseWithText(db, "NSP004", "alfa");
    await caseWithText(db, "NSP005", "beta");
    // First the app as usual posts the messages of both cases (thread replies wait for their parent)…
    const first = await startHarness({ config: { ...CONFIG, REDIS_URL: redisServer.url } });
    await waitFor(allSent, "every message of both cases posted", 20_000);
    await first.runtime.stop();
    // …then it restarts (same Slack workspace) with retries ten minutes apart: only the sweep can
    // bring the updates back within the test.
    const fake = first.fake;
    const config = testConfig(fake, { ...CONFIG, REDIS_URL: redisServer.url, NSP_DELIVERY_BACKOFF_MS: "600000", NSP_DELIVERY_BACKOFF_MAX_MS: "600000" });
    const runtime = await startRuntime(config, createLogger(config.LOG_LEVEL));
    const redis = new Redis(redisServer.url, { maxRetriesPerRequest: 1 });
    const queue = createQueue(redis, config.NSP_REDIS_PREFIX, DELIVERY_QUEUE);
    try {
      const posted = slackText(fake);
      for (const t of ["Motivering alfa", "Avslag alfa", "Fråga alfa", "Motivering beta"]) expect(posted).toContain(t);
      // Never posted: the justification, the answer, the override reason.
      for (const t of ["Underlag alfa", "Svar alfa", "Överskridande alfa"]) expect(posted).not.toContain(t);

      const updatesBefore = fake.callsTo("chat.update").length; // the question DM was updated when answered
      fake.failNext("chat.update", { status: 500, times: 1000 }); // Slack is down
      await closedAt(db, a.caseId, monthsAgo(25)); // as if closed 25 months ago: due at the next sweep
      const waiting = await waitFor(async () => {
        const rows = await db.outboxMessage.findMany({ where: { kind: "text_erased_update" } });
        return rows.length === 4 && rows.every((r) => r.status === "pending" && r.attempts >= 1 && r.leaseUntil === null) ? rows : null;
      }, "the four updates failed once and wait for their retry", 20_000);
      expect(await tablesText(db)).not.toContain("alfa");
      expect(await redis.flushall()).toBe("OK");
      fake.clearFailures();

      await waitFor(async () => (await db.outboxMessage.count({ where: { kind: "text_erased_update", status: "sent" } })) === 4, "the updates after FLUSHALL", 20_000);
      await sweepThenDrain(runtime, queue, "an idle delivery queue", 15_000);
      const text = slackText(fake);
      expect(text).not.toContain("alfa");
      expect(text).toContain(ERASED_TEXT);
      expect(text).toContain("Motivering beta");
      // Each message updated once (a successful chat.update per sent row).
      const targets = await db.outboxMessage.findMany({ where: { id: { in: waiting.map((w) => w.refId ?? 0) } } });
      for (const t of targets) {
        const ok = fake.callsTo("chat.update").slice(updatesBefore).filter((c) => c.ok && c.args.ts === t.ts);
        expect(ok, t.kind).toHaveLength(1);
        expect(JSON.stringify(fake.message(t.channel ?? "", t.ts ?? ""))).toContain(ERASED_TEXT);
      }
      expect(await db.auditEntry.count({ where: { action: "case.erased" } })).toBe(1);
      // The App Home showed the shared reason: re-published after the erasure, with the marker.
      await waitFor(async () => (await db.outboxMessage.count({ where: { kind: "home_refresh", status: { not: "sent" } } })) === 0, "the Home refreshes", 20_000);
      const home = JSON.stringify(fake.home(USERS.applicant));
      expect(home).toContain(ERASED_TEXT);
      expect(home).not.toContain("alfa");
    } finally {
      await queue.close();
      redis.disconnect();
      await runtime.stop();
      await fake.close();
    }
  });

  it("due while no worker ran and Redis was flushed: a worker starting erases it, and messages not yet posted never show the text", async () => {
    const a = await caseWithText(db, "NSP004", "alfa");
    await closedAt(db, a.caseId, monthsAgo(30));
    await flushRedis(redisServer.url);
    const log: string[] = [];
    const logStream = new Writable({ write: (chunk: Buffer, _enc, done) => (log.push(chunk.toString()), done()) });
    const h = await startHarness({ config: { ...CONFIG, REDIS_URL: redisServer.url, LOG_LEVEL: "info" }, logStream });
    try {
      await waitFor(async () => (await db.case.findUniqueOrThrow({ where: { id: a.caseId } })).erasedAt !== null, "the erasure on start", 20_000);
      // Logged with the case's ref and counts, never its text.
      const line = await waitFor(async () => log.find((l) => l.includes("retention: free text erased")), "the log line", 5_000);
      expect(JSON.parse(line)).toMatchObject({ cases: ["NSP004"], months: 24 });
      await waitFor(allSent, "every message posted", 20_000);
      const text = slackText(h.fake);
      expect(text).not.toContain("alfa");
      expect(text).toContain(ERASED_TEXT);
      // Posted after the erasure: rendered from the erased rows, nothing left to update.
      expect(await db.outboxMessage.count({ where: { kind: "text_erased_update" } })).toBe(0);
      expect(log.join("")).not.toContain("alfa");
    } finally {
      await h.close();
    }
  });
});
