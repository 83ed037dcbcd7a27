// Starts the delivery worker and its sweeper. Used by `npm start` (in-process) and `npm run worker`.
import { Worker } from "bullmq";
import type { Redis } from "ioredis";
import { deliveryProcessor, type DeliveryDeps } from "./deliver-slack-message.js";
import type { Dispatcher } from "../src/core/ports.js";
import { DELIVERY_QUEUE } from "./queue.js";
import { runDeadNoticeCheck } from "../src/services/outbox-admin.js";
import { DEFAULT_DELIVERY_POLICY, stalledJobOptions } from "./delivery-policy.js";
import { startSweeper, type SweepHook } from "./sweep.js";
import { startReminderWorker } from "./meeting-reminders.js";
import { BUDGET_QUEUE, budgetJobProcessor, budgetScheduler, runDailyBudgetCheck, summaryTimePassed, type BudgetScheduler } from "./budget-summary.js";

export interface Workers {
  sweepNow(): Promise<number>;
  /** Stops the sweeper (waiting for a sweep in flight) and closes the BullMQ workers and queues. */
  close(): Promise<void>;
  /** Resolves when no sweep runs any more; call after the Redis connections are closed, before the database. */
  settled(): Promise<void>;
}

export interface WorkerOptions {
  connection: Redis;
  prefix: string;
  dispatcher: Dispatcher;
  sweepIntervalMs: number;
  ratePerSecond: number;
  concurrency?: number;
  /** Local time of the daily budget check ("HH:mm"); omitted → no budget scheduler. */
  budgetSummaryAt?: string;
  /**
   * Local time ("HH:mm") from which each day's sweep checks for dead outbox rows and DMs the admins
   * once that day (scheduled_run); omitted → no notice.
   */
  deadNoticeAt?: string;
  /** Meeting reminders, posted to the group's channel or this one (whole network); omitted → no reminder worker. */
  meetingReminders?: { networkChannel: string };
}

export async function startWorkers(deps: DeliveryDeps, opts: WorkerOptions): Promise<Workers> {
  const worker = new Worker(DELIVERY_QUEUE, deliveryProcessor(deps), {
    connection: opts.connection,
    prefix: opts.prefix,
    concurrency: opts.concurrency ?? 10,
    limiter: { max: opts.ratePerSecond, duration: 1000 },
    ...stalledJobOptions(deps.policy ?? DEFAULT_DELIVERY_POLICY),
  });
  worker.on("error", (err) => deps.log.warn({ error: err.message }, "delivery worker error"));
  const hooks: SweepHook[] = [];
  let budget: { scheduler: BudgetScheduler; worker: Worker } | null = null;
  if (opts.budgetSummaryAt) {
    const at = opts.budgetSummaryAt;
    const scheduler = budgetScheduler(opts.connection, opts.prefix, at);
    scheduler.queue.on("error", (err) => deps.log.warn({ error: err.message }, "budget queue error"));
    const budgetWorker = new Worker(BUDGET_QUEUE, budgetJobProcessor(deps.db, (ids) => opts.dispatcher.dispatch(ids)), {
      connection: opts.connection,
      prefix: opts.prefix,
      concurrency: 1,
    });
    budgetWorker.on("error", (err) => deps.log.warn({ error: err.message }, "budget worker error"));
    budget = { scheduler, worker: budgetWorker };
    // The scheduler lives in Redis, which keeps nothing: re-create it on every sweep (idempotent),
    // and if today's check is due but was missed, run it here (Postgres makes it once per day).
    hooks.push(() => scheduler.ensure(), async () => {
      const now = new Date();
      if (summaryTimePassed(now, at)) await opts.dispatcher.dispatch(await runDailyBudgetCheck(deps.db, now));
    });
  }
  if (opts.deadNoticeAt) {
    const at = opts.deadNoticeAt;
    // A plain sweep step (at least once a minute), nothing kept in Redis: the first sweep after
    // `at` on a day with dead rows queues the notice; Postgres makes it once per day.
    hooks.push(async () => {
      const now = new Date();
      if (summaryTimePassed(now, at)) await opts.dispatcher.dispatch(await runDeadNoticeCheck(deps.db, now));
    });
  }
  // Reminders live in Postgres; their delayed jobs are re-created (and overdue ones sent) by the
  // reconcile on start and before every sweep, which survives Redis losing its data.
  const reminders = opts.meetingReminders
    ? startReminderWorker(
        { db: deps.db, slack: deps.slack, log: deps.log, networkChannel: opts.meetingReminders.networkChannel, leaseMs: (deps.policy ?? DEFAULT_DELIVERY_POLICY).leaseMs },
        opts,
      )
    : null;
  if (reminders) hooks.push(() => reminders.reconcile());
  const sweeper = startSweeper(deps.db, opts.dispatcher, deps.log, opts.sweepIntervalMs, hooks);
  void sweeper.runNow(); // reconcile on start
  return {
    sweepNow: () => sweeper.runNow(),
    settled: () => sweeper.settled(),
    async close() {
      await sweeper.stop();
      await worker.close();
      await budget?.worker.close();
      await budget?.scheduler.close();
      await reminders?.close();
    },
  };
}
