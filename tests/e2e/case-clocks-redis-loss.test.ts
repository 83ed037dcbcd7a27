// The period-end reminders survive Redis losing its data: against a dedicated redis-server started
// for this file on a free port (a real FLUSHALL wipes nothing of other test runs), with the real
// runtime (BullMQ workers, the sweep every second) and the fake Slack. The reminders are planned
// in Postgres (outbox rows with once-only keys), so Redis holds nothing that could be lost for good.
import type { Queue } from "bullmq";
import { addDays } from "date-fns";
import { Redis } from "ioredis";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { FakeSlack } from "../../dev/fake-slack/server.js";
import { DELIVERY_QUEUE, deliveryJobId } from "../../jobs/deliver-slack-message.js";
import { createQueue } from "../../jobs/queues.js";
import { todayDate } from "../../src/domain/format.js";
import { closeDb, testDb, truncateAll } from "../helpers/db.js";
import { seedFixtures, startHarness, USERS, waitFor, type Harness } from "../helpers/harness.js";
import { dedicatedRedis, flushRedis, sweepThenDrain } from "../helpers/redis-loss.js";
import { insertRequest } from "../helpers/requests.js";

const redisServer = dedicatedRedis();
const db = testDb();

afterAll(async () => {
  await closeDb(db);
});
beforeEach(async () => {
  await truncateAll(db);
  await seedFixtures(db);
});

/** A granted rest period of a new case of Frälsningsarmén ending in 3 days (the 5d reminder is due). */
async function periodEndingSoon(): Promise<void> {
  const member = await db.member.findUniqueOrThrow({ where: { slackUserId: USERS.applicant } });
  const c = await db.case.create({
    data: { ref: "NSP004", orgId: member.orgId, nationality: "NG", gender: "woman", ageBand: "18-25", childrenAccompanying: 0, childrenHome: 0, exploitation: ["sexual"], exploitedIn: ["SE"], policeReport: false },
  });
  const requestId = await insertRequest(db, { type: "rest", from: "2016-09-01", to: "2016-09-30" }, { caseId: c.id });
  const endDate = addDays(todayDate(), 3);
  await db.request.update({ where: { id: requestId }, data: { status: "granted", startDate: addDays(endDate, -29), endDate, days: 30, decidedAt: new Date(), decidedBy: USERS.coordinator } });
}

const dmsTo = (fake: FakeSlack, user: string) =>
  fake.callsTo("chat.postMessage").filter((c) => c.ok && c.args.channel === user && String(c.args.text).includes("perioden för"));

const drain = (h: Harness, queue: Queue) => sweepThenDrain(h.runtime, queue, "an idle delivery queue", 15_000);

const CONFIG = { NSP_SWEEP_INTERVAL_MS: "1000", NSP_DELIVERY_LEASE_MS: "2000" };

describe("Redis loses its data", () => {
  it("FLUSHALL while the DMs wait for a retry: the sweep queues them again and each member gets one", async () => {
    // Retries ten minutes apart: only the sweep can bring the DMs back within the test.
    const h = await startHarness({ config: { ...CONFIG, REDIS_URL: redisServer.url, NSP_DELIVERY_BACKOFF_MS: "600000", NSP_DELIVERY_BACKOFF_MAX_MS: "600000" } });
    const redis = new Redis(redisServer.url, { maxRetriesPerRequest: 1 });
    const queue = createQueue(redis, h.config.NSP_REDIS_PREFIX, DELIVERY_QUEUE);
    try {
      h.fake.failNext("chat.postMessage", { status: 500, times: 1000 }); // Slack is down
      await periodEndingSoon();
      const failed = await waitFor(async () => {
        const rows = await db.outboxMessage.findMany({ where: { kind: "period_end_reminder" } });
        return rows.length === 2 && rows.every((r) => r.status === "pending" && r.attempts >= 1 && r.leaseUntil === null) ? rows : null;
      }, "both DMs failed once and wait for their retry", 15_000);
      // Their jobs wait (delayed by the backoff) in Redis…
      for (const row of failed) expect(await queue.getJob(deliveryJobId(row.id))).toBeDefined();
      // …and then Redis loses everything.
      // (The sweep may re-add them at once; each then fails again until Slack is back.)
      expect(await redis.flushall()).toBe("OK");
      h.fake.clearFailures(); // Slack is back; Redis knows nothing of the DMs any more

      await waitFor(async () => dmsTo(h.fake, USERS.applicant).length >= 1 && dmsTo(h.fake, USERS.applicant2).length >= 1, "the DMs after FLUSHALL", 20_000);
      await drain(h, queue);
      expect(dmsTo(h.fake, USERS.applicant)).toHaveLength(1);
      expect(dmsTo(h.fake, USERS.applicant2)).toHaveLength(1);
      const rows = await db.outboxMessage.findMany({ where: { kind: "period_end_reminder" } });
      expect(rows.map((r) => r.status)).toEqual(["sent", "sent"]);
    } finally {
      await queue.close();
      redis.disconnect();
      await h.close();
    }
  });

  it("due while no worker ran and Redis was flushed: each member gets one DM when a worker starts", async () => {
    await periodEndingSoon();
    await flushRedis(redisServer.url);
    const h = await startHarness({ config: { ...CONFIG, REDIS_URL: redisServer.url } });
    const redis = new Redis(redisServer.url, { maxRetriesPerRequest: 1 });
    const queue = createQueue(redis, h.config.NSP_REDIS_PREFIX, DELIVERY_QUEUE);
    try {
      await waitFor(async () => dmsTo(h.fake, USERS.applicant).length >= 1 && dmsTo(h.fake, USERS.applicant2).length >= 1, "the DMs on start", 20_000);
      await drain(h, queue);
      expect(dmsTo(h.fake, USERS.applicant)).toHaveLength(1);
      expect(dmsTo(h.fake, USERS.applicant2)).toHaveLength(1);
    } finally {
      await queue.close();
      redis.disconnect();
      await h.close();
    }
  });
});
