// Hands outbox rows to the delivery queue. Never throws: when Redis is down the rows simply stay
// pending in Postgres and the sweep queues them once Redis is back.
import type { Queue } from "bullmq";
import type { Logger } from "../src/core/logger.js";
import { DELIVER_JOB, deliveryJobId, type DeliverPayload } from "./deliver-slack-message.js";
import { DELIVERY_JOB_OPTIONS } from "./queue.js";
import type { Dispatcher } from "../src/core/ports.js";
import { withTimeout } from "../src/core/timeout.js";

export function queueDispatcher(queue: Queue, log: Logger, timeoutMs = 2000): Dispatcher {
  return {
    async dispatch(outboxIds) {
      if (outboxIds.length === 0) return;
      const jobs = outboxIds.map((outboxId) => ({
        name: DELIVER_JOB,
        data: { outboxId } satisfies DeliverPayload,
        opts: { ...DELIVERY_JOB_OPTIONS, jobId: deliveryJobId(outboxId) },
      }));
      try {
        await withTimeout(queue.addBulk(jobs), timeoutMs, "queue.addBulk");
      } catch (err) {
        log.warn({ outboxIds, error: err instanceof Error ? err.message : String(err) }, "could not queue delivery; the sweep will");
      }
    },
  };
}
