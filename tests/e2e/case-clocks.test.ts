// Issue #12, item 4, end to end with the real runtime (BullMQ workers, the sweep, the outbox) and
// the fake Slack. The data are dated from today, so the reminder is already due: a granted rest
// period ending in 3 days → each member of the case's organisation gets one DM naming the case and
// the end, with "Ansök om nästa steg", which opens the apply modal with the case and "Integration"
// chosen (checked again on click). With three worker processes (two sharing a Redis prefix, one
// with its own queue) every member still gets exactly one DM.
import type { Queue } from "bullmq";
import { Redis } from "ioredis";
import { addDays } from "date-fns";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FakeSlack } from "../../dev/fake-slack/server.js";
import { DELIVERY_QUEUE } from "../../jobs/deliver-slack-message.js";
import { createQueue } from "../../jobs/queues.js";
import { ACTION, APPLY_BLOCK } from "../../src/core/ids.js";
import { createLogger } from "../../src/core/logger.js";
import { todayDate } from "../../src/domain/format.js";
import { startRuntime, type Runtime } from "../../src/runtime.js";
import { closeDb, testDb, truncateAll } from "../helpers/db.js";
import { seedFixtures, startHarness, testConfig, USERS, waitFor, type Harness } from "../helpers/harness.js";
import { insertRequest } from "../helpers/requests.js";

const db = testDb();
afterAll(() => closeDb(db));
beforeEach(async () => {
  await truncateAll(db);
  await seedFixtures(db);
});

/** A granted rest period of a new case of Frälsningsarmén (USERS.applicant, applicant2) ending `daysLeft` days from today. */
async function periodEndingIn(daysLeft: number, ref = "NSP004"): Promise<{ caseId: number; requestId: number; end: string }> {
  const member = await db.member.findUniqueOrThrow({ where: { slackUserId: USERS.applicant } });
  const c = await db.case.create({
    data: { ref, orgId: member.orgId, nationality: "NG", gender: "woman", ageBand: "18-25", childrenAccompanying: 0, childrenHome: 0, exploitation: ["sexual"], exploitedIn: ["SE"], policeReport: false },
  });
  const requestId = await insertRequest(db, { type: "rest", from: "2016-09-01", to: "2016-09-30" }, { caseId: c.id });
  const endDate = addDays(todayDate(), daysLeft);
  await db.request.update({
    where: { id: requestId },
    data: { status: "granted", startDate: addDays(endDate, -29), endDate, days: 30, decidedAt: new Date(), decidedBy: USERS.coordinator },
  });
  return { caseId: c.id, requestId, end: endDate.toISOString().slice(0, 10) };
}

/** The period-end DMs to `user` (insertRequest's receipt DM is another message). */
const dmsTo = (fake: FakeSlack, user: string) =>
  fake.callsTo("chat.postMessage").filter((c) => c.ok && c.args.channel === user && String(c.args.text).includes("perioden för"));

/** More sweeps in every runtime, then waits until the delivery queues hold nothing to run. */
async function sweepThenDrain(runtimes: Runtime[], queues: Queue[]): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await Promise.all(
      runtimes.map((r) => {
        if (!r.workers) throw new Error("a runtime without workers");
        return r.workers.sweepNow();
      }),
    );
  }
  await waitFor(async () => {
    for (const q of queues) {
      const counts = await q.getJobCounts("waiting", "active", "delayed", "prioritized");
      if (Object.values(counts).some((n) => n > 0)) return false;
    }
    return true;
  }, "idle delivery queues", 15_000);
}

describe("a granted period about to end", () => {
  let h: Harness;
  let redis: Redis;
  let queue: Queue;
  beforeAll(async () => {
    h = await startHarness();
    redis = new Redis(h.config.REDIS_URL, { maxRetriesPerRequest: 1 });
    queue = createQueue(redis, h.config.NSP_REDIS_PREFIX, DELIVERY_QUEUE);
  });
  afterAll(async () => {
    await queue.close();
    redis.disconnect();
    await h.close();
  });
  afterEach(() => h.fake.reset());

  it("DMs each member of the organisation once, and the button opens the apply modal for the next step", async () => {
    const { requestId, end } = await periodEndingIn(3);
    const runtime = h.runtime;
    await runtime.workers?.sweepNow();
    await waitFor(async () => dmsTo(h.fake, USERS.applicant).length === 1 && dmsTo(h.fake, USERS.applicant2).length === 1, "a DM to both members", 15_000);
    await sweepThenDrain([runtime], [queue]);
    expect(dmsTo(h.fake, USERS.applicant)).toHaveLength(1);
    expect(dmsTo(h.fake, USERS.applicant2)).toHaveLength(1);
    expect(dmsTo(h.fake, USERS.otherOrg)).toHaveLength(0);
    expect(dmsTo(h.fake, USERS.coordinator)).toHaveLength(0);
    const dm = dmsTo(h.fake, USERS.applicant)[0];
    expect(dm?.args.text).toBe(`Viloperioden för NSP004 slutar ${end} (om 3 dagar).`);
    expect(JSON.stringify(dm?.args.blocks)).toContain(`Ansökan nr ${requestId}`);
    expect(JSON.stringify(dm?.args.blocks)).not.toContain("Testunderlag"); // no free text

    // The member clicks "Ansök om nästa steg": the apply modal, with the case and Integration chosen.
    const row = await db.outboxMessage.findFirstOrThrow({ where: { kind: "period_end_reminder", refId: (await db.member.findUniqueOrThrow({ where: { slackUserId: USERS.applicant } })).id } });
    expect(row.channel).not.toBeNull();
    const message = { channel: row.channel ?? "", ts: row.ts ?? "" };
    const opened = h.fake.callsTo("views.open").length;
    await h.user.blockAction(USERS.applicant, { actionId: ACTION.applyNextStep, message });
    const call = await waitFor(async () => h.fake.callsTo("views.open")[opened], "the apply modal");
    const blocks = (call.args.view as { blocks: { block_id?: string; element?: Record<string, unknown> }[] }).blocks;
    expect(blocks.find((b) => b.block_id === APPLY_BLOCK.type)?.element?.initial_option).toMatchObject({ value: "integration" });
    expect(blocks.find((b) => b.block_id === APPLY_BLOCK.caseRef)?.element?.initial_value).toBe("NSP004");
  });

  it("a forged or stale button gets a refusal, never the modal: another organisation, a closed case, a bad value", async () => {
    const { caseId } = await periodEndingIn(3);
    const value = JSON.stringify({ ref: "NSP004", type: "integration" });
    const click = async (user: string, v: string) => {
      const opened = h.fake.callsTo("views.open").length;
      await h.user.blockAction(user, { actionId: ACTION.applyNextStep, value: v });
      const call = await waitFor(async () => h.fake.callsTo("views.open")[opened], "a modal");
      return JSON.stringify(call.args.view);
    };
    expect(await click(USERS.otherOrg, value)).toContain("finns inte hos din organisation");
    expect(await click(USERS.applicant, '{"ref":"NSP004","type":"admission"}')).toContain("Knappen är ogiltig");
    expect(await click(USERS.applicant, "not json")).toContain("Knappen är ogiltig");
    expect(await click(USERS.applicant, "")).toContain("Knappen är ogiltig");
    expect(await click(USERS.applicant, JSON.stringify({ ref: "NSP999", type: "integration" }))).toContain("finns inte hos din organisation");
    expect(await click(USERS.uncertified, value)).toContain("inte certifierad");
    await db.case.update({ where: { id: caseId }, data: { outcome: "own_support", closedOn: todayDate(), closedAt: new Date(), closedBy: USERS.applicant } });
    expect(await click(USERS.applicant, value)).toContain("är avslutat");
  });

  it("nothing for a case closed before the reminder is due", async () => {
    const { caseId } = await periodEndingIn(3);
    await db.case.update({ where: { id: caseId }, data: { outcome: "own_support", closedOn: todayDate(), closedAt: new Date(), closedBy: USERS.applicant } });
    await sweepThenDrain([h.runtime], [queue]);
    expect(dmsTo(h.fake, USERS.applicant)).toHaveLength(0);
    expect(await db.outboxMessage.count({ where: { kind: "period_end_reminder" } })).toBe(0);
  });
});

describe("an unanswered komplettering", () => {
  it("after 5 days: one DM to each member of the organisation, whose Svara opens the answer modal", async () => {
    const h = await startHarness();
    try {
      const requestId = await insertRequest(db, { type: "rest", from: "2016-09-01", to: "2016-09-30" });
      await db.request.update({ where: { id: requestId }, data: { status: "under_review" } });
      const info = await db.infoRequest.create({ data: { requestId, question: "Vilken kommun?", askedBy: USERS.coordinator, askedAt: new Date(Date.now() - 6 * 86_400_000) } });
      const reminders = (user: string) => h.fake.callsTo("chat.postMessage").filter((c) => c.ok && c.args.channel === user && String(c.args.text).startsWith("Påminnelse"));
      await waitFor(async () => reminders(USERS.applicant).length === 1 && reminders(USERS.applicant2).length === 1, "the reminder DMs", 15_000);
      for (let i = 0; i < 3; i++) await h.runtime.workers?.sweepNow();
      expect(reminders(USERS.applicant)).toHaveLength(1);
      expect(reminders(USERS.applicant2)).toHaveLength(1);
      expect(JSON.stringify(reminders(USERS.applicant2)[0]?.args)).not.toContain("Vilken kommun");
      const row = await db.outboxMessage.findFirstOrThrow({ where: { kind: "info_reminder", refId: (await db.member.findUniqueOrThrow({ where: { slackUserId: USERS.applicant2 } })).id } });
      const opened = h.fake.callsTo("views.open").length;
      await h.user.blockAction(USERS.applicant2, { actionId: ACTION.answerInfo, message: { channel: row.channel ?? "", ts: row.ts ?? "" } });
      const call = await waitFor(async () => h.fake.callsTo("views.open")[opened], "the answer modal");
      expect(JSON.stringify(call.args.view)).toContain("Vilken kommun"); // the question, in a modal only
      expect(row.key).toBe(`info_reminder:${info.id}:${row.refId}`);
    } finally {
      await h.close();
    }
  });
});

describe("three worker processes", () => {
  it("plan and deliver the reminder: exactly one DM per member", async () => {
    const fake = await FakeSlack.start();
    // A short lease: a job that lost the claim race waits one lease before it looks again.
    const base = testConfig(fake, { NSP_SWEEP_INTERVAL_MS: "1000", NSP_DELIVERY_LEASE_MS: "2000" });
    const other = { ...base, NSP_REDIS_PREFIX: `${base.NSP_REDIS_PREFIX}_b` };
    const log = createLogger("silent");
    await periodEndingIn(1); // the 1d reminder is due from 09:00 today, the 5d one since 4 days: one DM either way
    const runtimes = await Promise.all([startRuntime(base, log, { http: false }), startRuntime(base, log, { http: false }), startRuntime(other, log, { http: false })]);
    const redis = new Redis(base.REDIS_URL, { maxRetriesPerRequest: 1 });
    const queues = [createQueue(redis, base.NSP_REDIS_PREFIX, DELIVERY_QUEUE), createQueue(redis, other.NSP_REDIS_PREFIX, DELIVERY_QUEUE)];
    try {
      await waitFor(async () => dmsTo(fake, USERS.applicant).length >= 1 && dmsTo(fake, USERS.applicant2).length >= 1, "the DMs", 15_000);
      await sweepThenDrain(runtimes, queues);
      expect(dmsTo(fake, USERS.applicant)).toHaveLength(1);
      expect(dmsTo(fake, USERS.applicant2)).toHaveLength(1);
      const keys = (await db.outboxMessage.findMany({ where: { kind: "period_end_reminder" } })).map((r) => r.key);
      // One offset (1d after 09:00, else 5d), one row per member.
      expect(keys).toHaveLength(2);
      expect(new Set(keys.map((k) => k.split(":")[2])).size).toBe(1);
    } finally {
      await Promise.all(runtimes.map((r) => r.stop()));
      await Promise.all(queues.map((q) => q.close()));
      redis.disconnect();
      await fake.close();
    }
  });
});
