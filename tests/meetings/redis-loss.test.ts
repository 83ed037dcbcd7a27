// Reminders survive Redis losing its data and a worker being down: against a dedicated
// redis-server started for this file on a free port (so a real FLUSHALL wipes nothing of other
// test runs), with the real runtime (BullMQ workers, the sweep every second) and the fake Slack.
import { Redis } from "ioredis";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { LATE_AFTER_MS, REMINDER_QUEUE, reminderJobId } from "../../jobs/meeting-reminders.js";
import { createQueue } from "../../jobs/queues.js";
import { parseReminderOffsets } from "../../src/domain/reminders.js";
import { createMeeting } from "../../src/services/meetings.js";
import { closeDb, testDb, truncateAll } from "../helpers/db.js";
import { startHarness, waitFor, type Harness } from "../helpers/harness.js";
import { dedicatedRedis, flushRedis, sweepThenDrain } from "../helpers/redis-loss.js";
import type { Queue } from "bullmq";

const CHANNEL = "C0SLUSSA";
const redisServer = dedicatedRedis();
const db = testDb();

afterAll(async () => {
  await closeDb(db);
});
beforeEach(async () => {
  await truncateAll(db);
});

/** A meeting of the group whose "2h" reminder is due `dueInMs` from now (negative: overdue). */
async function meetingDueIn(dueInMs: number, plannedAt = new Date(Date.now() + Math.min(dueInMs, 0) - 60_000)) {
  const group = await db.workingGroup.upsert({ where: { slug: "slussa-vidare" }, create: { name: "Slussa vidare", slug: "slussa-vidare", channel: CHANNEL }, update: {} });
  const startsAt = new Date(Date.now() + 2 * 3600_000 + dueInMs);
  const draft = { kind: "working_group" as const, title: "Slussa vidare", theme: null, groupId: group.id, startsAt, endsAt: new Date(startsAt.getTime() + 3600_000), place: null, registration: null, registrationDeadline: null };
  const created = await createMeeting(db, { draft, createdBy: "U0CREATOR", submissionKey: null }, parseReminderOffsets("2h"), plannedAt);
  const [reminder] = created.reminders;
  if (!reminder) throw new Error("no reminder planned");
  return { meetingId: created.meetingId, reminderId: reminder.id, dueAt: reminder.dueAt };
}

const remindersIn = (h: Harness) => h.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === CHANNEL && c.ok);

/** Three more sweeps, then waits until the reminder queue holds nothing to run (helpers/redis-loss.ts). */
const drain = (h: Harness, queue: Queue) => sweepThenDrain(h.runtime, queue, "an idle reminder queue", 10_000);

describe("Redis loses its data", () => {
  it("FLUSHALL between scheduling and the due time: the sweep restores the job and the reminder is sent once, on time", async () => {
    const h = await startHarness({ config: { REDIS_URL: redisServer.url, NSP_MEETING_REMINDERS: "2h", NSP_SWEEP_INTERVAL_MS: "1000" } });
    const redis = new Redis(redisServer.url, { maxRetriesPerRequest: 1 });
    const queue = createQueue(redis, h.config.NSP_REDIS_PREFIX, REMINDER_QUEUE);
    try {
      const { reminderId, dueAt } = await meetingDueIn(6000, new Date());
      // The sweep (every second) has added the delayed job…
      await waitFor(async () => (await queue.getJob(reminderJobId(reminderId, dueAt))) ?? null, "delayed job in Redis", 5000);
      // …and then Redis loses everything (this redis-server serves this test only).
      expect(await redis.flushall()).toBe("OK");
      expect(await redis.dbsize()).toBe(0);
      expect(await queue.getJob(reminderJobId(reminderId, dueAt))).toBeUndefined();

      // The row is marked sent just after Slack answered: wait for the row, not the post.
      const row = await waitFor(async () => {
        const r = await db.meetingReminder.findUniqueOrThrow({ where: { id: reminderId } });
        return r.status === "sent" ? r : null;
      }, "reminder after FLUSHALL", 20_000);
      expect(row).toMatchObject({ status: "sent", late: false, channel: CHANNEL });
      expect(row.sentAt?.getTime()).toBeGreaterThanOrEqual(dueAt.getTime());
      expect((row.sentAt?.getTime() ?? 0) - dueAt.getTime()).toBeLessThan(LATE_AFTER_MS); // on time, not "late"
      await drain(h, queue); // three more sweeps re-add nothing that sends
      expect(remindersIn(h)).toHaveLength(1);
      expect(JSON.stringify(remindersIn(h)[0]?.args)).not.toContain("försenad");
    } finally {
      await queue.close();
      redis.disconnect();
      await h.close();
    }
  });

  it("a reminder that fell due while no worker ran is sent once on start, marked late", async () => {
    const { reminderId } = await meetingDueIn(-10 * 60_000);
    await flushRedis(redisServer.url);
    const h = await startHarness({ config: { REDIS_URL: redisServer.url, NSP_MEETING_REMINDERS: "2h", NSP_SWEEP_INTERVAL_MS: "1000" } });
    const queueRedis = new Redis(redisServer.url, { maxRetriesPerRequest: 1 });
    const queue = createQueue(queueRedis, h.config.NSP_REDIS_PREFIX, REMINDER_QUEUE);
    try {
      await waitFor(async () => (await db.meetingReminder.findUniqueOrThrow({ where: { id: reminderId } })).status === "sent", "late reminder", 15_000);
      await drain(h, queue);
      expect(remindersIn(h)).toHaveLength(1);
      expect(JSON.stringify(remindersIn(h)[0]?.args)).toContain("(försenad påminnelse)");
      expect(await db.meetingReminder.findUniqueOrThrow({ where: { id: reminderId } })).toMatchObject({ status: "sent", late: true });
    } finally {
      await queue.close();
      queueRedis.disconnect();
      await h.close();
    }
  });
});
