// The sandbox's database: a separate one (NSP_SANDBOX_DATABASE_URL, default nsp_sandbox) that the
// sandbox creates itself and marks with a one-row table, so that its demo users and demo cases
// never enter a database that holds anything else. Before anything is migrated or seeded:
// - no such database: it is created and marked;
// - marked: it is used;
// - not marked but without a single table (created empty by hand): it is marked and used;
// - not marked and holding tables (the app's real database, or anything else): refused.
// The mark's name lives in production code (src/core/sandbox-mark.ts), where the app's entry points
// refuse a marked database; `sameDatabase` lets the sandbox refuse DATABASE_URL's database.
import pg from "pg";
import { databaseName, hasSandboxMark, SANDBOX_MARK_SCHEMA, SANDBOX_MARK_TABLE } from "../../src/core/sandbox-mark.js";

/** The database exists, holds data and is not a sandbox database: the sandbox will not touch it. */
export class SandboxDatabaseRefused extends Error {}

export type SandboxDatabaseState = "created" | "marked" | "ready";

const MAINTENANCE = new Set(["postgres", "template0", "template1"]);

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function mark(client: pg.Client): Promise<void> {
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${SANDBOX_MARK_SCHEMA}`);
  await client.query(
    `CREATE TABLE IF NOT EXISTS ${SANDBOX_MARK_TABLE} (
       id int PRIMARY KEY DEFAULT 1 CHECK (id = 1),
       created_at timestamptz NOT NULL DEFAULT now(),
       note text NOT NULL
     )`,
  );
  await client.query(`INSERT INTO ${SANDBOX_MARK_TABLE} (note) VALUES ($1) ON CONFLICT (id) DO NOTHING`, [
    "NSP sandbox database: demo data only (created by npm run sandbox)",
  ]);
}

/** Creates, marks or checks the sandbox database; throws SandboxDatabaseRefused for any other. */
export async function prepareSandboxDatabase(url: string): Promise<SandboxDatabaseState> {
  const name = databaseName(url);
  if (!name || MAINTENANCE.has(name)) {
    throw new SandboxDatabaseRefused(
      `NSP_SANDBOX_DATABASE_URL pekar på ${name ? `systemdatabasen "${name}"` : "ingen databas"}: ange en egen databas för sandlådan, t.ex. …/nsp_sandbox.`,
    );
  }
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const created = await withClient(admin.toString(), async (client) => {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount !== 0) return false;
    await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    return true;
  });
  return withClient(url, async (client) => {
    if (created) {
      await mark(client);
      return "created";
    }
    if (await hasSandboxMark(client)) return "ready";
    const tables = await client.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema', $1)",
      [SANDBOX_MARK_SCHEMA],
    );
    if ((tables.rows[0]?.n ?? 0) > 0) {
      throw new SandboxDatabaseRefused(
        `Databasen "${name}" innehåller redan tabeller och är ingen sandlådedatabas: sandlådan använder den inte ` +
          `(den skulle annars lägga in demoanvändare och visa databasens ärenden utan inloggning). ` +
          `Ange en egen databas i NSP_SANDBOX_DATABASE_URL (standard …/nsp_sandbox): sandlådan skapar och märker den själv.`,
      );
    }
    await mark(client);
    return "marked";
  });
}
