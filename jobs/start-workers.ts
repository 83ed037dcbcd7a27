// Starts a BullMQ worker for every job of the registry that the settings switch on, and the
// sweeper with the jobs' reconcile steps. Used by `npm start` (in-process) and `npm run worker`.
import { Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { Dispatcher, ReminderScheduler } from "../src/core/ports.js";
import type { JobContext, WorkerSettings } from "./define.js";
import type { DeliveryDeps } from "./delivery-types.js";
import type { Queues } from "./queues.js";
import { JOBS } from "./registry.js";
import { startSweeper, type SweepHook } from "./sweep.js";

export interface Workers {
  sweepNow(): Promise<number>;
  /** Stops the sweeper (waiting for a sweep in flight) and closes the BullMQ workers. */
  close(): Promise<void>;
  /** Resolves when no sweep runs any more; call after the Redis connections are closed, before the database. */
  settled(): Promise<void>;
}

export interface WorkerOptions extends WorkerSettings {
  /** The workers' own connection (blocking commands; waits for Redis). */
  connection: Redis;
  prefix: string;
  /** The producers' queues (jobs/queues.ts), which the sweep steps and handlers queue jobs on. */
  queues: Queues;
  dispatcher: Dispatcher;
  reminders: ReminderScheduler;
}

export async function startWorkers(deps: DeliveryDeps, opts: WorkerOptions): Promise<Workers> {
  const { connection, prefix, queues, dispatcher, reminders, ...settings } = opts;
  const workers: Worker[] = [];
  const hooks: SweepHook[] = [];
  for (const job of JOBS) {
    const shape = job.worker({ deps, settings, dispatcher, reminders });
    if (!shape) continue;
    const ctx: JobContext = { deps, settings, dispatcher, reminders, queue: queues.of(job.queue) };
    const worker = new Worker(job.queue, job.processor(ctx), { connection, prefix, ...shape });
    worker.on("error", (err) => deps.log.warn({ job: job.name, error: err.message }, "worker error"));
    workers.push(worker);
    hooks.push(...job.sweep(ctx));
  }
  const sweeper = startSweeper(deps.db, dispatcher, deps.log, settings.sweepIntervalMs, hooks);
  void sweeper.runNow(); // reconcile on start
  return {
    sweepNow: () => sweeper.runNow(),
    settled: () => sweeper.settled(),
    async close() {
      await sweeper.stop();
      for (const worker of workers) await worker.close();
    },
  };
}
