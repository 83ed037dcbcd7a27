// The daily budget check: a BullMQ job scheduler fires it at NSP_BUDGET_SUMMARY_AT (Stockholm
// time); it posts a summary to the budget channel when a category of a current period is above
// 90 % used, or when the period ends within 30 days with money left. Postgres decides that a day
// is evaluated once (`scheduled_run`), so two workers, a replay, or the sweep's catch-up after
// Redis lost the scheduler never post twice; the message itself goes through the outbox.
import { TZDate } from "@date-fns/tz";
import { differenceInCalendarDays } from "date-fns";
import type { Queue } from "bullmq";
import { z } from "zod";
import type { Db } from "../src/core/db.js";
import { daysText, formatDate, formatKr, TIME_ZONE, todayDate } from "../src/domain/format.js";
import { loadPeriodBudget } from "../src/services/budget-read.js";
import { budgetReport, type BudgetReport } from "../src/domain/budget.js";
import { addToOutbox } from "../src/services/outbox.js";
import { budgetSummaryMessage } from "../src/views/budget.js";
import type { SlackMessage } from "../src/views/request.js";
import { outboxKeys } from "../src/domain/outbox.js";
import { defineJob } from "./define.js";

export const BUDGET_QUEUE = "budget-daily";
export const BUDGET_SCHEDULER_ID = "budget-daily-summary";
export const BUDGET_JOB = "budget-summary";
const RUN_NAME = "budget_summary";
/** Used share (percent) at which a category is named in the daily summary. */
export const SUMMARY_PERCENT = 90;
/** Days before a period's end from which money left is reported. */
export const SUMMARY_END_DAYS = 30;

/** The scheduler's payload (nothing but an optional day for a manual run), re-validated in the worker. */
export const budgetJobPayload = z.object({ day: z.iso.date().optional() }).strict();

/** Why a summary is due for this period on `today` (Swedish lines); empty when none is. */
export function summaryReasons(report: BudgetReport, today: Date): string[] {
  const reasons: string[] = [];
  for (const c of report.categories) {
    if (c.usedPercent !== null && c.usedPercent >= SUMMARY_PERCENT) {
      reasons.push(`*${c.name}* är ${c.usedPercent} % använd (kvar ${formatKr(c.remaining)}).`);
    }
  }
  const end = new Date(`${report.period.to}T00:00:00.000Z`);
  const daysLeft = differenceInCalendarDays(new TZDate(end.getTime(), "UTC"), new TZDate(today.getTime(), "UTC"));
  const left = report.categories.reduce((a, c) => a + Math.max(c.remaining, 0), 0) + Math.max(report.totals.result, 0);
  if (daysLeft >= 0 && daysLeft <= SUMMARY_END_DAYS && left > 0) {
    const when = daysLeft === 0 ? "i dag" : daysLeft === 1 ? "i morgon" : `om ${daysText(daysLeft)}`;
    reasons.push(`Perioden slutar ${report.period.to} (${when}) och ${formatKr(left)} är ännu inte beviljat.`);
  }
  return reasons;
}

/** The summary message for a period as of `today` (null when the period does not exist). */
export async function summaryFor(db: Db, periodId: number, today: Date): Promise<SlackMessage | null> {
  const budget = await loadPeriodBudget(db, periodId);
  if (!budget) return null;
  const report = budgetReport(budget);
  const reasons = summaryReasons(report, today);
  return budgetSummaryMessage(report, reasons.length ? reasons : ["Inget att varna för."], today);
}

/** Evaluates `day` once: returns the outbox ids of the summaries to send (none on a second run). */
export async function runDailyBudgetCheck(db: Db, now: Date): Promise<number[]> {
  const day = todayDate(now);
  return db.$transaction(async (tx) => {
    const claimed = await tx.$executeRaw`
      INSERT INTO "scheduled_run" ("name", "day") VALUES (${RUN_NAME}, ${formatDate(day)}::date) ON CONFLICT DO NOTHING`;
    if (claimed !== 1) return [];
    const periods = await tx.budgetPeriod.findMany({ where: { fromDate: { lte: day }, toDate: { gte: day } }, select: { id: true } });
    const items = [];
    for (const { id } of periods) {
      const budget = await loadPeriodBudget(tx, id);
      if (budget && summaryReasons(budgetReport(budget), day).length > 0) {
        items.push({ kind: "budget_summary" as const, requestId: null, refId: id, key: outboxKeys.budgetSummary(id, formatDate(day)) });
      }
    }
    return addToOutbox(tx, items);
  });
}

/** True once the day's summary time has passed in Stockholm (the sweep's catch-up condition). */
export function summaryTimePassed(now: Date, at: string): boolean {
  const local = new TZDate(now.getTime(), TIME_ZONE);
  const [h = 0, m = 0] = at.split(":").map(Number);
  return local.getHours() * 60 + local.getMinutes() >= h * 60 + m;
}

/** Creates or repairs the job scheduler (idempotent; Redis may have lost it). */
export async function ensureBudgetScheduler(queue: Queue, at: string): Promise<void> {
  const [h = "8", m = "0"] = at.split(":");
  await queue.upsertJobScheduler(
    BUDGET_SCHEDULER_ID,
    { pattern: `${Number(m)} ${Number(h)} * * *`, tz: TIME_ZONE },
    { name: BUDGET_JOB, data: {}, opts: budgetSummary.options },
  );
}

export const budgetSummary = defineJob({
  name: BUDGET_JOB,
  queue: BUDGET_QUEUE,
  payload: budgetJobPayload,
  // The jobs come from the job scheduler BUDGET_SCHEDULER_ID (BullMQ names them).
  jobId: null,
  data: (payload: z.infer<typeof budgetJobPayload>) => payload,
  options: { removeOnComplete: true, removeOnFail: true },
  worker: ({ settings }) => (settings.budgetSummaryAt ? { concurrency: 1 } : null),
  handler:
    ({ deps, dispatcher }) =>
    async (payload): Promise<number> => {
      const now = payload.day ? new Date(`${payload.day}T12:00:00.000Z`) : new Date();
      const ids = await runDailyBudgetCheck(deps.db, now);
      await dispatcher.dispatch(ids);
      return ids.length;
    },
  // The scheduler lives in Redis, which keeps nothing: re-create it on every sweep (idempotent),
  // and if today's check is due but was missed, run it here (Postgres makes it once per day).
  sweep: ({ deps, settings, dispatcher, queue }) => {
    const at = settings.budgetSummaryAt;
    if (!at) return [];
    return [
      () => ensureBudgetScheduler(queue, at),
      async () => {
        const now = new Date();
        if (summaryTimePassed(now, at)) await dispatcher.dispatch(await runDailyBudgetCheck(deps.db, now));
      },
    ];
  },
});
