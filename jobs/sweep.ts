// The reconcile: queue every outbox row that is still pending. Runs at start and on a timer in
// each worker process (a plain timer, not a BullMQ job, so it survives Redis losing its data).
// Queuing is idempotent (deterministic job ids) and delivery claims rows in Postgres, so two
// processes sweeping at once never send twice.
import type { Db } from "../src/core/db.js";
import type { Logger } from "../src/core/logger.js";
import type { Dispatcher } from "../src/core/ports.js";

export async function sweepOutbox(db: Db, dispatcher: Dispatcher, limit = 500): Promise<number> {
  const rows = await db.outboxMessage.findMany({
    // Dead rows wait for `outbox retry`; a leased row's job waits for its lease (deliverSlackMessage).
    where: { status: "pending" },
    orderBy: { id: "asc" },
    take: limit,
    select: { id: true },
  });
  await dispatcher.dispatch(rows.map((r) => r.id));
  return rows.length;
}

/** Extra reconcile steps run before each sweep (e.g. repairing job schedulers Redis lost). */
export type SweepHook = () => Promise<void>;

/** How long a shutdown waits for a sweep in flight (Redis may be down: its calls then wait forever). */
export const STOP_GRACE_MS = 5_000;

export interface Sweeper {
  /** Runs a sweep now, or joins the one in flight; after stop() it does nothing. */
  runNow(): Promise<number>;
  /**
   * No new sweeps or steps; waits (at most graceMs) for the one in flight, so the connections it
   * uses are not closed under it. A sweep still in flight after that is waited for with settled()
   * once the Redis connections are closed (which rejects its pending commands).
   */
  stop(graceMs?: number): Promise<void>;
  settled(): Promise<void>;
}

export function startSweeper(
  db: Db,
  dispatcher: Dispatcher,
  log: Logger,
  intervalMs: number,
  hooks: SweepHook[] = [],
): Sweeper {
  let running: Promise<number> | null = null;
  let stopped = false;
  const runHooks = async (): Promise<void> => {
    for (const hook of hooks) {
      if (stopped) return;
      try {
        await hook();
      } catch (err) {
        log.warn({ error: err instanceof Error ? err.message : String(err) }, "sweep step failed");
      }
    }
  };
  const run = (): Promise<number> => {
    if (stopped) return Promise.resolve(0);
    running ??= runHooks()
      .then(() => (stopped ? 0 : sweepOutbox(db, dispatcher)))
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
  return {
    runNow: run,
    async stop(graceMs = STOP_GRACE_MS) {
      stopped = true;
      clearInterval(timer);
      const inFlight = running;
      if (!inFlight) return;
      let timeout: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([
        inFlight.then(() => "done" as const),
        new Promise<"timeout">((resolve) => {
          timeout = setTimeout(() => resolve("timeout"), graceMs);
        }),
      ]);
      clearTimeout(timeout);
      if (outcome === "timeout") log.warn({ graceMs }, "sweep still running at shutdown; its Redis calls end when the connections close");
    },
    settled: () => running?.then(() => undefined) ?? Promise.resolve(),
  };
}
