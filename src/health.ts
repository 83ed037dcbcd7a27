// GET /healthz: the state of Postgres and Redis (503 when either is down) and the number of dead
// Slack messages and meeting reminders (status "degraded" but still 200 while any exist: the app
// works, an operator has to look: `npm run admin -- outbox list --dead`, `reminders list --dead`).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Redis } from "ioredis";
import { withTimeout } from "./core/timeout.js";
import type { Db } from "./core/db.js";
import { deadCount, deadReminderCount } from "./services/outbox-admin.js";

export interface Health {
  status: "ok" | "degraded";
  postgres: "ok" | "down";
  redis: "ok" | "down";
  /** Slack messages whose retries ran out (null when Postgres did not answer). */
  deadMessages: number | null;
  /** Meeting reminders Slack did not take, for meetings not started yet (null when Postgres did not answer). */
  deadReminders: number | null;
}

async function probe<T>(check: () => Promise<T>, what: string): Promise<{ state: "ok" | "down"; value: T | null }> {
  try {
    return { state: "ok", value: await withTimeout(check(), 1500, what) };
  } catch {
    return { state: "down", value: null };
  }
}

export async function checkHealth(db: Db, redis: Redis): Promise<Health> {
  const [postgres, redisState] = await Promise.all([probe(async () => ({ messages: await deadCount(db), reminders: await deadReminderCount(db) }), "postgres"), probe(() => redis.ping(), "redis")]);
  const up = postgres.state === "ok" && redisState.state === "ok";
  return {
    status: up && postgres.value?.messages === 0 && postgres.value.reminders === 0 ? "ok" : "degraded",
    postgres: postgres.state,
    redis: redisState.state,
    deadMessages: postgres.value?.messages ?? null,
    deadReminders: postgres.value?.reminders ?? null,
  };
}

/** 503 only when a backend is down; dead messages alone answer 200 "degraded". */
export function healthHttpStatus(health: Health): number {
  return health.postgres === "ok" && health.redis === "ok" ? 200 : 503;
}

export function healthRoute(db: Db, redis: Redis) {
  return {
    path: "/healthz",
    method: ["GET"],
    handler: (_req: IncomingMessage, res: ServerResponse) => {
      void checkHealth(db, redis).then((health) => {
        res.writeHead(healthHttpStatus(health), { "Content-Type": "application/json" });
        res.end(JSON.stringify(health));
      });
    },
  };
}
