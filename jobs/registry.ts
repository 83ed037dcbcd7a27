// Every job of the app. A definition (jobs/define.ts) not listed here never gets a worker:
// tests/jobs/registry.test.ts fails for one that is defined but missing.
import { budgetSummary } from "./budget-summary.js";
import { deliverSlackMessage } from "./deliver-slack-message.js";
import { meetingReminder } from "./meeting-reminders.js";

export const JOBS = [deliverSlackMessage, meetingReminder, budgetSummary] as const;

/** The queue names, each once. */
export const JOB_QUEUES: readonly string[] = [...new Set(JOBS.map((job) => job.queue))];
