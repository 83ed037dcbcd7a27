// The daily budget check is a BullMQ job scheduler in Redis; Redis keeps nothing, so the sweep
// re-creates it. A job (here added by hand for a 2016 day) posts the summary once per day.
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { BUDGET_JOB, BUDGET_QUEUE, BUDGET_SCHEDULER_ID } from "../../jobs/budget-summary.js";
import { truncateAll } from "../helpers/db.js";
import { COORD_CHANNEL, seedFixtures, startHarness, waitFor, type Harness } from "../helpers/harness.js";

let h: Harness;
let redis: Redis;
let queue: Queue;

beforeAll(async () => {
  h = await startHarness({ config: { NSP_BUDGET_SUMMARY_AT: "07:30" } });
  await truncateAll(h.db);
  await seedFixtures(h.db, { budget: "2016" });
  redis = new Redis(h.config.REDIS_URL, { maxRetriesPerRequest: null });
  queue = new Queue(BUDGET_QUEUE, { connection: redis, prefix: h.config.NSP_REDIS_PREFIX });
});
afterAll(async () => {
  await queue?.close();
  redis?.disconnect();
  await h?.close();
});

const summaries = () =>
  h.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === COORD_CHANNEL && String(c.args.text).startsWith("Budgetläge") && (c.response as { ok?: boolean }).ok);

it("the scheduler runs daily at NSP_BUDGET_SUMMARY_AT, Stockholm time, and is re-created after Redis lost it", async () => {
  await h.runtime.workers?.sweepNow();
  const scheduler = await waitFor(async () => queue.getJobScheduler(BUDGET_SCHEDULER_ID), "job scheduler");
  expect(scheduler).toMatchObject({ pattern: "30 7 * * *", tz: "Europe/Stockholm" });
  // Redis loses everything of this queue (what a restart of this Redis does).
  await queue.obliterate({ force: true });
  expect(await queue.getJobScheduler(BUDGET_SCHEDULER_ID)).toBeFalsy();
  await h.runtime.workers?.sweepNow();
  expect(await queue.getJobScheduler(BUDGET_SCHEDULER_ID)).toMatchObject({ pattern: "30 7 * * *" });
});

it("a run for a day near the period's end posts one summary; a second run that day posts nothing", async () => {
  await queue.add(BUDGET_JOB, { day: "2016-12-05" });
  await waitFor(async () => summaries().length === 1, "summary posted");
  const text = JSON.stringify(summaries()[0]?.args);
  expect(text).toContain("Budgetläge 2016-12-05 – Pilot 2016");
  expect(text).toContain("Perioden slutar 2016-12-31 (om 26 dagar) och 145 000 kr är ännu inte beviljat.");
  await queue.add(BUDGET_JOB, { day: "2016-12-05" });
  await new Promise((r) => setTimeout(r, 1500));
  await h.runtime.workers?.sweepNow();
  expect(summaries()).toHaveLength(1);
});

it("a job with a payload that is not the schema's fails and sends nothing", async () => {
  const job = await queue.add(BUDGET_JOB, { day: "5 december", extra: true });
  await waitFor(async () => (await job.isFailed()) || (await queue.getJob(job.id ?? "")) === undefined, "job failed");
  expect(summaries()).toHaveLength(1);
});
