// Starts the delivery worker and its sweeper. Used by `npm start` (in-process) and `npm run worker`.
import { Worker } from "bullmq";
import type { Redis } from "ioredis";
import { deliveryProcessor, type DeliveryDeps } from "./deliver-slack-message.js";
import type { Dispatcher } from "./dispatcher.js";
import { DELIVERY_QUEUE } from "./queue.js";
import { startSweeper } from "./sweep.js";

export interface Workers {
  sweepNow(): Promise<number>;
  close(): Promise<void>;
}

export async function startWorkers(
  deps: DeliveryDeps,
  opts: { connection: Redis; prefix: string; dispatcher: Dispatcher; sweepIntervalMs: number; ratePerSecond: number; concurrency?: number },
): Promise<Workers> {
  const worker = new Worker(DELIVERY_QUEUE, deliveryProcessor(deps), {
    connection: opts.connection,
    prefix: opts.prefix,
    concurrency: opts.concurrency ?? 5,
    limiter: { max: opts.ratePerSecond, duration: 1000 },
  });
  worker.on("error", (err) => deps.log.warn({ error: err.message }, "delivery worker error"));
  const sweeper = startSweeper(deps.db, opts.dispatcher, deps.log, opts.sweepIntervalMs);
  void sweeper.runNow(); // reconcile on start
  return {
    sweepNow: sweeper.runNow,
    async close() {
      sweeper.stop();
      await worker.close();
    },
  };
}
