// Two (three) worker processes racing for the same due reminder post it exactly once: the claim
// is one conditional UPDATE in Postgres, whatever BullMQ does. Runtimes with the same Redis prefix
// share the queue; one with another prefix has its own queue (as if a second deployment or a
// restored Redis held the same job twice). Also: a cancelled meeting's delayed job sends nothing.
import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deliverReminder } from "../../jobs/meeting-reminders.js";
import { parseReminderOffsets } from "../../src/domain/reminders.js";
import { FakeSlack } from "../../dev/fake-slack/server.js";
import { createLogger } from "../../src/core/logger.js";
import { startRuntime, type Runtime } from "../../src/runtime.js";
import { cancelMeeting, createMeeting } from "../../src/services/meetings.js";
import { closeDb, testDb, truncateAll } from "../helpers/db.js";
import { testConfig, waitFor } from "../helpers/harness.js";
import { Redis } from "ioredis";
import { createReminderQueue, reminderJobId } from "../../jobs/meeting-reminders.js";

const CHANNEL = "C0SLUSSA";
const db = testDb();
let fake: FakeSlack;

beforeAll(async () => {
  fake = await FakeSlack.start();
});
afterAll(async () => {
  await fake.close();
  await closeDb(db);
});
beforeEach(async () => {
  await truncateAll(db);
  fake.reset();
});

async function meetingDueIn(dueInMs: number) {
  const group = await db.workingGroup.create({ data: { name: "Slussa vidare", slug: "slussa-vidare", channel: CHANNEL } });
  const startsAt = new Date(Date.now() + 2 * 3600_000 + dueInMs);
  const draft = { kind: "working_group" as const, title: "Slussa vidare", theme: null, groupId: group.id, startsAt, endsAt: new Date(startsAt.getTime() + 3600_000), place: null, registration: null, registrationDeadline: null };
  const created = await createMeeting(db, { draft, createdBy: "U0CREATOR", submissionKey: null }, parseReminderOffsets("2h"), new Date(Date.now() - 60_000));
  const [reminder] = created.reminders;
  if (!reminder) throw new Error("no reminder planned");
  return { meetingId: created.meetingId, reminderId: reminder.id, dueAt: reminder.dueAt };
}

const posts = () => fake.callsTo("chat.postMessage").filter((c) => c.args.channel === CHANNEL && c.ok);

interface Workers {
  runtimes: Runtime[];
  /** Whether each queue (both prefixes) holds the job, in any state (completed jobs are removed). */
  hold(jobId: string): Promise<boolean[]>;
  stop(): Promise<void>;
}

/** Three worker processes: two share a Redis prefix (one queue), the third has its own. */
async function workers(): Promise<Workers> {
  const base = testConfig(fake, { NSP_MEETING_REMINDERS: "2h", NSP_SWEEP_INTERVAL_MS: "1000" });
  const other = { ...base, NSP_REDIS_PREFIX: `${base.NSP_REDIS_PREFIX}_b` };
  const log = createLogger("silent");
  const runtimes = await Promise.all([startRuntime(base, log, { http: false }), startRuntime(base, log, { http: false }), startRuntime(other, log, { http: false })]);
  const redis = new Redis(base.REDIS_URL, { maxRetriesPerRequest: 1 });
  const queues = [createReminderQueue(redis, base.NSP_REDIS_PREFIX), createReminderQueue(redis, other.NSP_REDIS_PREFIX)];
  return {
    runtimes,
    hold: (jobId) => Promise.all(queues.map(async (q) => (await q.getJob(jobId)) !== undefined)),
    async stop() {
      await Promise.all(runtimes.map((r) => r.stop()));
      await Promise.all(queues.map((q) => q.close()));
      redis.disconnect();
    },
  };
}

/** `n` more sweeps in every process (each reconciles the reminders and may re-add their jobs). */
async function sweep(w: Workers, n = 3): Promise<void> {
  for (let i = 0; i < n; i++) {
    await Promise.all(
      w.runtimes.map((r) => {
        if (!r.workers) throw new Error("a runtime without workers");
        return r.workers.sweepNow();
      }),
    );
  }
}

describe("two worker processes", () => {
  it("race for the same due reminder: exactly one message", async () => {
    const { reminderId, dueAt } = await meetingDueIn(2500);
    const w = await workers();
    try {
      await waitFor(async () => (await db.meetingReminder.findUniqueOrThrow({ where: { id: reminderId } })).status === "sent", "reminder", 15_000);
      await sweep(w); // every process sweeps and could re-add its job a few more times
      // Every copy of the job (one per queue, and any re-added) has run: completed jobs are removed.
      const jobId = reminderJobId(reminderId, dueAt);
      await waitFor(async () => (await w.hold(jobId)).every((held) => !held), "every copy of the reminder job to run", 10_000);
      expect(posts()).toHaveLength(1);
      expect(await db.meetingReminder.findUniqueOrThrow({ where: { id: reminderId } })).toMatchObject({ status: "sent", attempts: 1 });
    } finally {
      await w.stop();
    }
  });

  it("twenty concurrent deliveries of one overdue reminder post it once", async () => {
    const { reminderId } = await meetingDueIn(-1000);
    const slack = new WebClient("xoxb-test", { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    const deps = { db, slack, log: createLogger("silent"), networkChannel: "C0NETWORK" };
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => deliverReminder(deps, reminderId)));
    expect(outcomes.filter((o) => o === "sent")).toHaveLength(1);
    expect(posts()).toHaveLength(1);
  });

  it("a cancelled meeting's delayed job sends nothing", async () => {
    const { meetingId, reminderId, dueAt } = await meetingDueIn(2000);
    const w = await workers();
    try {
      // The start-up reconcile has put the delayed job in both queues; then the meeting is cancelled.
      const jobId = reminderJobId(reminderId, dueAt);
      await waitFor(async () => (await w.hold(jobId)).every(Boolean), "the delayed job in both queues", 10_000);
      await cancelMeeting(db, { meetingId, actor: "U0CREATOR" });
      // Both jobs fall due and run (completed jobs are removed), and neither posts.
      await waitFor(async () => (await w.hold(jobId)).every((held) => !held), "both delayed jobs to run", 15_000);
      expect(posts()).toHaveLength(0);
      expect(await db.meetingReminder.findUniqueOrThrow({ where: { id: reminderId } })).toMatchObject({ status: "cancelled" });
    } finally {
      await w.stop();
    }
  });
});

