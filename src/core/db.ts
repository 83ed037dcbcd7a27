// The Prisma client over the pg driver adapter (no native query engine), sharing one pg Pool with
// the few hot-path queries that run before a Slack ack. Those use the pool directly (`sqlOf(db)`):
// measured here, a Prisma query costs ~1.6–3 ms of CPU against ~0.3 ms for the same pg query, and
// a view_submission must be acked fast under load (see `npm run bench`).
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { withSessionTimeZone } from "./db-url.js";
import { PrismaClient } from "../generated/prisma/client.js";

export type Db = InstanceType<typeof PrismaClient>;
export { Prisma } from "../generated/prisma/client.js";
export type * from "../generated/prisma/client.js";

const pools = new WeakMap<Db, pg.Pool>();

/** The default of NSP_DB_CONNECT_TIMEOUT_MS: no query waits longer for a pooled connection. */
export const DEFAULT_DB_CONNECT_TIMEOUT_MS = 2_000;

/**
 * Prisma and its pool; every session runs in UTC (see withSessionTimeZone). A query that cannot
 * get a connection within `connectTimeoutMs` (all busy, or the server slow to accept) fails with
 * pg's "timeout exceeded when trying to connect" instead of waiting without limit.
 */
export function createDb(databaseUrl: string, opts: { max?: number; connectTimeoutMs?: number } = {}): Db {
  const pool = new pg.Pool({
    connectionString: withSessionTimeZone(databaseUrl),
    max: opts.max ?? 10,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? DEFAULT_DB_CONNECT_TIMEOUT_MS,
  });
  // An idle client that loses its connection emits on the pool; without a listener that would crash.
  pool.on("error", () => undefined);
  const db = new PrismaClient({ adapter: new PrismaPg(pool) });
  pools.set(db, pool);
  return db;
}

/** The pg Pool behind `db`, for hand-written SQL on hot paths (always parameterised). */
export function sqlOf(db: Db): pg.Pool {
  const pool = pools.get(db);
  if (!pool) throw new Error("sqlOf: this Db was not created by createDb");
  return pool;
}

/** Closes the Prisma client and its pool. */
export async function closeDb(db: Db): Promise<void> {
  await db.$disconnect();
  const pool = pools.get(db);
  pools.delete(db);
  if (pool && !pool.ended) await pool.end();
}

/** A transaction client, as handed to `db.$transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
