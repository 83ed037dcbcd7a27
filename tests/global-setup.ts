// Each test run gets its own PostgreSQL database (migrated with the real migrations) and its own
// Redis key prefix, and removes both at the end. Tests read them with `inject(...)`. The database's
// default session time zone is Europe/Stockholm, as on a Swedish host: every test runs against it,
// so a timestamp that depends on the session's zone shows up as an hour (or two) off.
import { randomBytes } from "node:crypto";
import { spawnSync } from "node:child_process";
import { Redis } from "ioredis";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { ensureDatabase } from "../scripts/prisma.js";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    redisUrl: string;
    redisPrefix: string;
  }
}

/** The default session time zone of the test database (see tests/db-timezone.test.ts). */
export const TEST_DATABASE_TIME_ZONE = "Europe/Stockholm";

const baseDatabaseUrl = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const redisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/** `ALTER DATABASE … SET timezone`: the default of every later session that does not set its own. */
export async function setDefaultTimeZone(databaseUrl: string, zone: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const name = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ""));
    const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;
    const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;
    await client.query(`ALTER DATABASE ${ident(name)} SET timezone TO ${literal(zone)}`);
  } finally {
    await client.end();
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const runId = `${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const url = new URL(baseDatabaseUrl);
  url.pathname = `/nsp_test_${runId}`;
  const databaseUrl = url.toString();
  await ensureDatabase(databaseUrl);
  await setDefaultTimeZone(databaseUrl, TEST_DATABASE_TIME_ZONE);
  const migrate = spawnSync("npx", ["prisma", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    encoding: "utf8",
  });
  if (migrate.status !== 0) throw new Error(`migrate deploy failed:\n${migrate.stdout}\n${migrate.stderr}`);

  const redisPrefix = `nsptest_${runId}`;
  project.provide("databaseUrl", databaseUrl);
  project.provide("redisUrl", redisUrl);
  project.provide("redisPrefix", redisPrefix);

  return async () => {
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
    try {
      let cursor = "0";
      do {
        const [next, keys] = await redis.scan(cursor, "MATCH", `${redisPrefix}*`, "COUNT", 500);
        cursor = next;
        if (keys.length > 0) await redis.del(...keys);
      } while (cursor !== "0");
    } finally {
      redis.disconnect();
    }
    const admin = new URL(databaseUrl);
    admin.pathname = "/postgres";
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS "nsp_test_${runId}" WITH (FORCE)`);
    } finally {
      await client.end();
    }
  };
}
