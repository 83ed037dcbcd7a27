// Every job defined in jobs/ is registered (a definition missing from JOBS would never get a
// worker), names and queues are unique, and jobs/README.md lists every job. A unit test: it only
// imports the modules, it starts nothing.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { isJobDefinition, type JobDefinition } from "../../jobs/define.js";
import { JOB_QUEUES, JOBS } from "../../jobs/registry.js";

const JOBS_DIR = fileURLToPath(new URL("../../jobs/", import.meta.url));

async function definedJobs(): Promise<{ file: string; name: string; job: JobDefinition<unknown, never> }[]> {
  const found = [];
  for (const file of readdirSync(JOBS_DIR).filter((f) => f.endsWith(".ts")).sort()) {
    // Every file of jobs/, found at run time: the import's path is not static, so vite is told not to
    // analyse it (it warned "invalid import … A file extension must be included in the static part").
    const mod = (await import(/* @vite-ignore */ new URL(`../../jobs/${file}`, import.meta.url).href)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) if (isJobDefinition(value)) found.push({ file, name, job: value });
  }
  return found;
}

describe("jobs/registry.ts", () => {
  it("lists every job defined in jobs/", async () => {
    const defined = await definedJobs();
    expect(defined.length).toBeGreaterThanOrEqual(3);
    const registered: readonly unknown[] = JOBS;
    for (const { file, name, job } of defined) expect(registered.includes(job), `${file}: ${name} (${job.name}) is not in JOBS`).toBe(true);
    expect(JOBS.length).toBe(new Set(defined.map((d) => d.job)).size);
  });

  it("gives every job its own name and queue", () => {
    expect(new Set(JOBS.map((j) => j.name)).size).toBe(JOBS.length);
    expect(new Set(JOBS.map((j) => j.queue)).size).toBe(JOBS.length);
    expect([...JOB_QUEUES].sort()).toEqual(JOBS.map((j) => j.queue).sort());
  });

  it("keeps the job ids of the jobs already in Redis", async () => {
    const { deliverSlackMessage } = await import("../../jobs/deliver-slack-message.js");
    const { meetingReminder } = await import("../../jobs/meeting-reminders.js");
    const { budgetSummary } = await import("../../jobs/budget-summary.js");
    expect(deliverSlackMessage.jobId?.(42)).toBe("outbox-42");
    expect(meetingReminder.jobId?.({ id: 12, dueAt: new Date(1795936963000) })).toBe("reminder-12-1795936963000");
    expect(budgetSummary.jobId).toBeNull();
    expect(deliverSlackMessage.payload.parse(deliverSlackMessage.data(42))).toEqual({ outboxId: 42 });
    expect(meetingReminder.payload.parse(meetingReminder.data({ id: 12, dueAt: new Date() }))).toEqual({ reminderId: 12 });
    expect(() => meetingReminder.payload.parse({ reminderId: 12, text: "x" })).toThrow();
  });

  it("is documented: jobs/README.md names every job and its queue", () => {
    const readme = readFileSync(`${JOBS_DIR}README.md`, "utf8");
    for (const job of JOBS) {
      expect(readme, job.name).toContain(`\`${job.name}\``);
      expect(readme, job.queue).toContain(`\`${job.queue}\``);
    }
  });
});
