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
  return { meetingId: created.meetingId, reminderId: reminder.id };
}

const posts = () => fake.callsTo("chat.postMessage").filter((c) => c.args.channel === CHANNEL && c.ok);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function workers(): Promise<Runtime[]> {
  const base = testConfig(fake, { NSP_MEETING_REMINDERS: "2h", NSP_SWEEP_INTERVAL_MS: "1000" });
  const other = { ...base, NSP_REDIS_PREFIX: `${base.NSP_REDIS_PREFIX}_b` };
  const log = createLogger("silent");
  return Promise.all([startRuntime(base, log, { http: false }), startRuntime(base, log, { http: false }), startRuntime(other, log, { http: false })]);
}

describe("two worker processes", () => {
  it("race for the same due reminder: exactly one message", async () => {
    const { reminderId } = await meetingDueIn(2500);
    const runtimes = await workers();
    try {
      await waitFor(async () => (await db.meetingReminder.findUniqueOrThrow({ where: { id: reminderId } })).status === "sent", "reminder", 15_000);
      await sleep(3000); // every process sweeps and re-adds its job a few more times
      expect(posts()).toHaveLength(1);
      expect(await db.meetingReminder.findUniqueOrThrow({ where: { id: reminderId } })).toMatchObject({ status: "sent", attempts: 1 });
    } finally {
      await Promise.all(runtimes.map((r) => r.stop()));
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
    const { meetingId, reminderId } = await meetingDueIn(2000);
    const runtimes = await workers();
    try {
      await cancelMeeting(db, { meetingId, actor: "U0CREATOR" });
      await sleep(4000);
      expect(posts()).toHaveLength(0);
      expect(await db.meetingReminder.findUniqueOrThrow({ where: { id: reminderId } })).toMatchObject({ status: "cancelled" });
    } finally {
      await Promise.all(runtimes.map((r) => r.stop()));
    }
  });
});

