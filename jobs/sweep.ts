// The reconcile: queue every outbox row that is still pending. Runs at start and on a timer in
// each worker process (a plain timer, not a BullMQ job, so it survives Redis losing its data).
// Queuing is idempotent (deterministic job ids) and delivery claims rows in Postgres, so two
// processes sweeping at once never send twice.
import type { Db } from "../src/db.js";
import type { Logger } from "../src/logger.js";
import { MAX_DELIVERY_ATTEMPTS } from "./deliver-slack-message.js";
import type { Dispatcher } from "./dispatcher.js";

export async function sweepOutbox(db: Db, dispatcher: Dispatcher, limit = 500): Promise<number> {
  const rows = await db.outboxMessage.findMany({
    where: { status: "pending", attempts: { lt: MAX_DELIVERY_ATTEMPTS } },
    orderBy: { id: "asc" },
    take: limit,
    select: { id: true },
  });
  await dispatcher.dispatch(rows.map((r) => r.id));
  return rows.length;
}

/** Extra reconcile steps run before each sweep (e.g. repairing job schedulers Redis lost). */
export type SweepHook = () => Promise<void>;

export function startSweeper(
  db: Db,
  dispatcher: Dispatcher,
  log: Logger,
  intervalMs: number,
  hooks: SweepHook[] = [],
): { stop(): void; runNow(): Promise<number> } {
  let running: Promise<number> | null = null;
  const runHooks = async (): Promise<void> => {
    for (const hook of hooks) {
      try {
        await hook();
      } catch (err) {
        log.warn({ error: err instanceof Error ? err.message : String(err) }, "sweep step failed");
      }
    }
  };
  const run = (): Promise<number> => {
    running ??= runHooks()
      .then(() => sweepOutbox(db, dispatcher))
      .then((n) => {
        if (n > 0) log.info({ queued: n }, "outbox sweep queued pending messages");
        return n;
      })
      .catch((err: unknown) => {
        log.warn({ error: err instanceof Error ? err.message : String(err) }, "outbox sweep failed");
        return 0;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer), runNow: run };
}
