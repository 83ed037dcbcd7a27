// GET /healthz: 200 with the state of Postgres and Redis, 503 when either is down.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Redis } from "ioredis";
import { withTimeout } from "../jobs/queue.js";
import type { Db } from "./db.js";

export interface Health {
  status: "ok" | "degraded";
  postgres: "ok" | "down";
  redis: "ok" | "down";
}

async function probe(check: () => Promise<unknown>, what: string): Promise<"ok" | "down"> {
  try {
    await withTimeout(check(), 1500, what);
    return "ok";
  } catch {
    return "down";
  }
}

export async function checkHealth(db: Db, redis: Redis): Promise<Health> {
  const [postgres, redisState] = await Promise.all([
    probe(() => db.$queryRaw`SELECT 1`, "postgres"),
    probe(() => redis.ping(), "redis"),
  ]);
  return { status: postgres === "ok" && redisState === "ok" ? "ok" : "degraded", postgres, redis: redisState };
}

export function healthRoute(db: Db, redis: Redis) {
  return {
    path: "/healthz",
    method: ["GET"],
    handler: (_req: IncomingMessage, res: ServerResponse) => {
      void checkHealth(db, redis).then((health) => {
        res.writeHead(health.status === "ok" ? 200 : 503, { "Content-Type": "application/json" });
        res.end(JSON.stringify(health));
      });
    },
  };
}
