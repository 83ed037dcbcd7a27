// Migration 20261130000000_timestamptz keeps the meaning of existing values: a database at the
// previous migration, whose sessions default to Europe/Stockholm, holds instants written as UTC
// (as Prisma wrote them); after the migration they are the same instants, whatever the zone of
// the session that ran it.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDatabase } from "../scripts/prisma.js";
import { closeDb, createDb } from "../src/core/db.js";
import { setDefaultTimeZone, TEST_DATABASE_TIME_ZONE } from "./global-setup.js";
import { testDatabaseUrl } from "./helpers/db.js";

const MIGRATION = "20261130000000_timestamptz";
const migrationsDir = join(process.cwd(), "prisma", "migrations");

const url = new URL(testDatabaseUrl());
url.pathname = `${url.pathname}_mig`;
const databaseUrl = url.toString();
const dbName = url.pathname.slice(1);
let tmp = "";

function deploy(schemaPath: string): void {
  const run = spawnSync("npx", ["prisma", "migrate", "deploy", "--schema", schemaPath], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`migrate deploy failed:\n${run.stdout}\n${run.stderr}`);
}

/** A session with the database's defaults (Stockholm time), like psql on a Swedish host. */
async function session<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

// Values as the old schema held them: UTC wall-clock time without a zone.
const OLD = {
  orgCreated: "2016-09-05 10:00:00.123", // summer: Stockholm is UTC+2
  outboxCreated: "2016-12-24 17:30:00", // winter: UTC+1
  outboxSent: "2016-12-24 17:30:05.5",
  auditAt: "2016-10-30 00:30:00", // the night clocks went back in Stockholm
  runAt: "2016-09-04 22:30:00", // already the 5th in Stockholm
};
const utc = (s: string): number => Date.parse(`${s.replace(" ", "T")}Z`);

const EPOCHS_SQL = `
  SELECT (SELECT extract(epoch FROM "created_at") FROM "organisation" WHERE "name" = 'Migreringstest')::text AS "orgCreated",
         (SELECT extract(epoch FROM "created_at") FROM "outbox_message" WHERE "key" = 'mig:1')::text AS "outboxCreated",
         (SELECT extract(epoch FROM "sent_at") FROM "outbox_message" WHERE "key" = 'mig:1')::text AS "outboxSent",
         (SELECT extract(epoch FROM "at") FROM "audit_entry" WHERE "actor" = 'U0MIG')::text AS "auditAt",
         (SELECT extract(epoch FROM "run_at") FROM "scheduled_run" WHERE "name" = 'mig')::text AS "runAt",
         (SELECT to_char("day", 'YYYY-MM-DD') FROM "scheduled_run" WHERE "name" = 'mig') AS "day"`;

async function epochs(c: pg.Client): Promise<Record<keyof typeof OLD, number> & { day: string }> {
  const { rows } = await c.query<Record<keyof typeof OLD | "day", string>>(EPOCHS_SQL);
  const r = rows[0]!;
  return {
    orgCreated: Math.round(Number(r.orgCreated) * 1000),
    outboxCreated: Math.round(Number(r.outboxCreated) * 1000),
    outboxSent: Math.round(Number(r.outboxSent) * 1000),
    auditAt: Math.round(Number(r.auditAt) * 1000),
    runAt: Math.round(Number(r.runAt) * 1000),
    day: r.day,
  };
}

const expected = {
  orgCreated: utc(OLD.orgCreated),
  outboxCreated: utc(OLD.outboxCreated),
  outboxSent: utc(OLD.outboxSent),
  auditAt: utc(OLD.auditAt),
  runAt: utc(OLD.runAt),
  day: "2016-09-05",
};

beforeAll(async () => {
  await ensureDatabase(databaseUrl);
  await setDefaultTimeZone(databaseUrl, TEST_DATABASE_TIME_ZONE);
  // A copy of the migrations up to the one under test: the database as it was before.
  tmp = mkdtempSync(join(tmpdir(), "nsp-mig-"));
  cpSync(join(process.cwd(), "prisma", "schema.prisma"), join(tmp, "schema.prisma"));
  const before = readdirSync(migrationsDir).filter((n) => n === "migration_lock.toml" || n < MIGRATION);
  expect(before).toContain("20261129200000_meetings");
  for (const name of before) cpSync(join(migrationsDir, name), join(tmp, "migrations", name), { recursive: true });
  deploy(join(tmp, "schema.prisma"));

  await session(async (c) => {
    const org = await c.query<{ id: number }>(
      `INSERT INTO "organisation" ("name", "created_at") VALUES ('Migreringstest', $1) RETURNING "id"`,
      [OLD.orgCreated],
    );
    expect(org.rows[0]?.id).toBeGreaterThan(0);
    await c.query(`INSERT INTO "outbox_message" ("key", "kind", "created_at", "sent_at", "status") VALUES ('mig:1', 'coord_notice', $1, $2, 'sent')`, [
      OLD.outboxCreated,
      OLD.outboxSent,
    ]);
    await c.query(`INSERT INTO "audit_entry" ("actor", "action", "at") VALUES ('U0MIG', 'submitted', $1)`, [OLD.auditAt]);
    await c.query(`INSERT INTO "scheduled_run" ("name", "day", "run_at") VALUES ('mig', '2016-09-05', $1)`, [OLD.runAt]);
    const zone = await c.query<{ zone: string }>(`SELECT current_setting('TimeZone') AS "zone"`);
    expect(zone.rows[0]?.zone).toBe(TEST_DATABASE_TIME_ZONE);
  });
}, 120_000);

afterAll(async () => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  const admin = new URL(databaseUrl);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${dbName.replace(/"/g, '""')}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
});

describe(`migration ${MIGRATION}`, () => {
  it("keeps every instant when run by hand in a session in Stockholm time", async () => {
    const script = readFileSync(join(migrationsDir, MIGRATION, "migration.sql"), "utf8");
    await session(async (c) => {
      await c.query("BEGIN");
      try {
        await c.query(script);
        expect(await epochs(c)).toEqual(expected);
      } finally {
        await c.query("ROLLBACK");
      }
    });
  });

  it("keeps every instant through `prisma migrate deploy`, and leaves no timestamp without time zone", { timeout: 120_000 }, async () => {
    deploy(join(process.cwd(), "prisma", "schema.prisma"));
    expect(await session(epochs)).toEqual(expected);

    const db = createDb(databaseUrl, { max: 2 });
    try {
      const org = await db.organisation.findUniqueOrThrow({ where: { name: "Migreringstest" } });
      expect(org.createdAt.toISOString()).toBe("2016-09-05T10:00:00.123Z");
      const out = await db.outboxMessage.findUniqueOrThrow({ where: { key: "mig:1" } });
      expect(out.createdAt.toISOString()).toBe("2016-12-24T17:30:00.000Z");
      expect(out.sentAt?.toISOString()).toBe("2016-12-24T17:30:05.500Z");
    } finally {
      await closeDb(db);
    }

    await session(async (c) => {
      const left = await c.query<{ column: string }>(`
        SELECT table_name || '.' || column_name AS "column" FROM information_schema.columns
        WHERE table_schema = current_schema() AND data_type = 'timestamp without time zone'`);
      expect(left.rows).toEqual([]);
      // The defaults are the instant now, also for a session in Stockholm time.
      await c.query(`INSERT INTO "audit_entry" ("actor", "action") VALUES ('U0MIGNOW', 'submitted')`);
      const now = await c.query<{ ms: string }>(`SELECT (extract(epoch FROM "at") * 1000)::bigint::text AS "ms" FROM "audit_entry" WHERE "actor" = 'U0MIGNOW'`);
      expect(Math.abs(Number(now.rows[0]?.ms) - Date.now())).toBeLessThan(60_000);
    });
  });
});
