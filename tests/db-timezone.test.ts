// Instants are right whatever the database's default time zone. tests/global-setup.ts gives the
// test database the default `Europe/Stockholm` (as on a Swedish host); the app pins its own
// sessions to UTC and stores every instant as timestamptz, so a value written by raw SQL `now()`,
// by Prisma or by another session (psql in Stockholm time) is the same instant when read back.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqlOf, type Db } from "../src/core/db.js";
import { withSessionTimeZone } from "../src/core/db-url.js";
import { submitRequest } from "../src/services/requests.js";
import { TEST_DATABASE_TIME_ZONE } from "./global-setup.js";
import { closeDb, testDatabaseUrl, testDb } from "./helpers/db.js";

let db: Db;
let orgId: number;

/** A plain connection that takes the database's defaults, like an operator's psql. */
async function defaultSession<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Within a minute of now: an hour's error (Stockholm is UTC+1 or +2) fails. */
function expectNow(d: Date | null | undefined, what: string): void {
  expect(d, what).toBeInstanceOf(Date);
  expect(Math.abs((d as Date).getTime() - Date.now()), `${what}: ${(d as Date).toISOString()}`).toBeLessThan(60_000);
}

beforeAll(async () => {
  db = testDb();
  const org = await db.organisation.create({ data: { name: `Tidszonstest ${Date.now()}`, certified: true } });
  orgId = org.id;
});
afterAll(async () => {
  await closeDb(db);
});

describe("the test database", () => {
  it("defaults to Stockholm time, and Stockholm is never UTC", async () => {
    const { zone, offset } = await defaultSession(async (c) => {
      const { rows } = await c.query<{ zone: string; offset: string }>(
        `SELECT current_setting('TimeZone') AS "zone", to_char(now(), 'TZH') AS "offset"`,
      );
      return rows[0]!;
    });
    expect(zone).toBe(TEST_DATABASE_TIME_ZONE);
    expect(["+01", "+02"]).toContain(offset);
  });
});

describe("the app's connections", () => {
  it("run in UTC, through the pg pool and through Prisma", async () => {
    const raw = await sqlOf(db).query<{ zone: string }>(`SELECT current_setting('TimeZone') AS "zone"`);
    expect(raw.rows[0]?.zone).toBe("UTC");
    const viaPrisma = await db.$queryRaw<{ zone: string }[]>`SELECT current_setting('TimeZone') AS "zone"`;
    expect(viaPrisma[0]?.zone).toBe("UTC");
  });
});

describe("withSessionTimeZone", () => {
  const optionsOf = (url: string) => new URL(url).searchParams.get("options");
  it("adds -c TimeZone=UTC and keeps the rest of the URL", () => {
    const url = withSessionTimeZone("postgresql://nsp:hemligt@db.example:5433/nsp?sslmode=require");
    expect(optionsOf(url)).toBe("-c TimeZone=UTC");
    const u = new URL(url);
    expect([u.username, u.password, u.host, u.pathname, u.searchParams.get("sslmode")]).toEqual(["nsp", "hemligt", "db.example:5433", "/nsp", "require"]);
  });
  it("keeps options already in the URL and wins over a TimeZone there", () => {
    const url = withSessionTimeZone("postgresql://postgres@127.0.0.1/nsp?options=-c%20search_path%3Dnsp%20-c%20TimeZone%3DEurope%2FStockholm");
    expect(optionsOf(url)).toBe("-c search_path=nsp -c TimeZone=Europe/Stockholm -c TimeZone=UTC");
  });
  it("wins over a TimeZone in the URL on a real connection", async () => {
    const u = new URL(testDatabaseUrl());
    u.searchParams.set("options", "-c TimeZone=Europe/Stockholm");
    const client = new pg.Client({ connectionString: withSessionTimeZone(u.toString()) });
    await client.connect();
    try {
      const { rows } = await client.query<{ zone: string }>(`SELECT current_setting('TimeZone') AS "zone"`);
      expect(rows[0]?.zone).toBe("UTC");
    } finally {
      await client.end();
    }
  });
});

describe("the schema", () => {
  it("has no timestamp without time zone: every instant is timestamptz", async () => {
    const { rows } = await sqlOf(db).query<{ column: string }>(`
      SELECT table_name || '.' || column_name AS "column" FROM information_schema.columns
      WHERE table_schema = current_schema() AND data_type = 'timestamp without time zone'
      ORDER BY 1`);
    expect(rows.map((r) => r.column)).toEqual([]);
  });
});

describe("instants written by raw SQL now()", () => {
  it("a submitted request's outbox rows, audit row and request are dated now", async () => {
    const submitted = await submitRequest(db, {
      submissionKey: `tz-${Date.now()}-${Math.random()}`,
      applicantSlackId: "U0TZAPPLICANT",
      orgId,
      type: "measure",
      caseId: null,
      newCase: null,
      periodId: null,
      startDate: null,
      endDate: null,
      days: null,
      children: null,
      protection: false,
      measure: "therapy",
      quantity: 1,
      unitAmount: 500,
      requestedAmount: 500,
      costLines: [],
      justification: "Tidszonstest utan personuppgifter.",
    });
    const outbox = await db.outboxMessage.findMany({ where: { id: { in: submitted.outboxIds } } });
    expect(outbox.length).toBeGreaterThan(0);
    for (const row of outbox) expectNow(row.createdAt, `outbox ${row.kind}.created_at`);
    const request = await db.request.findUniqueOrThrow({ where: { id: submitted.requestId } });
    expectNow(request.createdAt, "request.created_at");
    expectNow(request.updatedAt, "request.updated_at");
    const audit = await db.auditEntry.findFirstOrThrow({ where: { requestId: submitted.requestId } });
    expectNow(audit.at, "audit_entry.at");
  });

  it("a row written by a session in Stockholm time reads back as the same instant", async () => {
    const key = `tz-psql-${Date.now()}`;
    await defaultSession((c) => c.query(`INSERT INTO "outbox_message" ("key", "kind", "claimed_at") VALUES ($1, 'tz_test', now())`, [key]));
    const row = await db.outboxMessage.findUniqueOrThrow({ where: { key } });
    expectNow(row.createdAt, "outbox.created_at (DEFAULT CURRENT_TIMESTAMP)");
    expectNow(row.claimedAt, "outbox.claimed_at (now())");
    // And the other way round: what Prisma wrote is the same instant for the Stockholm session.
    const written = new Date("2016-12-24T17:30:00.000Z");
    await db.outboxMessage.update({ where: { key }, data: { sentAt: written } });
    const seen = await defaultSession(async (c) => {
      const { rows } = await c.query<{ epoch: string; local: string }>(
        `SELECT extract(epoch FROM "sent_at")::text AS "epoch", to_char("sent_at", 'YYYY-MM-DD HH24:MI') AS "local"
         FROM "outbox_message" WHERE "key" = $1`,
        [key],
      );
      return rows[0]!;
    });
    expect(Number(seen.epoch) * 1000).toBe(written.getTime());
    expect(seen.local).toBe("2016-12-24 18:30");
    await db.outboxMessage.delete({ where: { key } });
  });
});
