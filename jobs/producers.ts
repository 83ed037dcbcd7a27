// The app's side of the queues (src/core/ports.ts), built from the job definitions. Neither ever
// throws: when Redis is down the rows simply stay in Postgres and the sweep queues them later.
import { differenceInMilliseconds } from "date-fns";
import type { Logger } from "../src/core/logger.js";
import type { Dispatcher, ReminderScheduler } from "../src/core/ports.js";
import { withTimeout } from "../src/core/timeout.js";
import { deliverSlackMessage } from "./deliver-slack-message.js";
import { jobFor } from "./define.js";
import { meetingReminder } from "./meeting-reminders.js";
import type { Queues } from "./queues.js";

/** Hands outbox rows to the delivery queue. */
export function queueDispatcher(queues: Queues, log: Logger, timeoutMs = 2000): Dispatcher {
  const queue = queues.of(deliverSlackMessage.queue);
  return {
    async dispatch(outboxIds) {
      if (outboxIds.length === 0) return;
      const jobs = outboxIds.map((outboxId) => jobFor(deliverSlackMessage, outboxId));
      try {
        await withTimeout(queue.addBulk(jobs), timeoutMs, "queue.addBulk");
      } catch (err) {
        log.warn({ outboxIds, error: err instanceof Error ? err.message : String(err) }, "could not queue delivery; the sweep will");
      }
    },
  };
}

/** Adds delayed jobs for reminder rows (the reconcile repairs what could not be added). */
export function reminderScheduler(queues: Queues, log: Logger, timeoutMs = 2000): ReminderScheduler {
  const queue = queues.of(meetingReminder.queue);
  return {
    async schedule(reminders, now = new Date()) {
      if (reminders.length === 0) return;
      const jobs = reminders.map((r) => jobFor(meetingReminder, r, { delay: Math.max(0, differenceInMilliseconds(r.dueAt, now)) }));
      try {
        await withTimeout(queue.addBulk(jobs), timeoutMs, "reminder addBulk");
      } catch (err) {
        log.warn({ reminders: reminders.map((r) => r.id), error: err instanceof Error ? err.message : String(err) }, "could not queue reminders; the sweep will");
      }
    },
  };
}
