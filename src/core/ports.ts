// What the app (listeners, services' callers, the sweep) needs from the job queues, without
// knowing BullMQ: jobs/ implements these (queueDispatcher, reminderScheduler) and src/runtime.ts
// wires them in. Both never throw: when Redis is down the rows stay in Postgres for the sweep.

/** Hands outbox rows to the delivery queue. */
export interface Dispatcher {
  dispatch(outboxIds: number[]): Promise<void>;
}

/** Queues meeting reminders, each delayed until it is due. */
export interface ReminderScheduler {
  schedule(reminders: readonly { id: number; dueAt: Date }[], now?: Date): Promise<void>;
}
