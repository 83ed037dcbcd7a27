// The sandbox's mark (`npm run sandbox`, dev/sandbox/database.ts): a one-row table in a schema of
// its own, in the database the sandbox created or took over. The sandbox has no login and seeds
// demo users (one of them an admin), so a marked database is never the app's: `npm start`,
// `npm run worker` (src/runtime.ts), `npm run db:migrate`/`setup` (scripts/prisma.ts), the operator
// CLI and `npm run db:seed` refuse it (exit 78), and the sandbox refuses DATABASE_URL's database.
// Production code owns the name; dev/sandbox imports it from here (production never imports dev/).
import pg from "pg";

/** The mark's schema (Prisma's migrations ignore it; `public` stays the app's). */
export const SANDBOX_MARK_SCHEMA = "nsp_sandbox";
export const SANDBOX_MARK_TABLE = `${SANDBOX_MARK_SCHEMA}.mark`;

/** The database carries the sandbox's mark: the app does not use it. */
export class SandboxDatabaseInUse extends Error {}

/** A connection or pool that can run one query. */
interface Queryable {
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));
}

/** The message every production entry point prints before it exits 78. */
export function sandboxDatabaseMessage(url: string): string {
  return (
    `Databasen "${databaseName(url)}" är sandlådans (npm run sandbox) och används inte av appen: ` +
    `den har ingen inloggning och innehåller demoanvändare (bland dem en administratör) och sandlådans köade meddelanden. ` +
    `Ange appens egen databas i DATABASE_URL (standard …/nsp); sandlådan använder NSP_SANDBOX_DATABASE_URL (standard …/nsp_sandbox).`
  );
}

/** True when the database behind `q` carries the mark. */
export async function hasSandboxMark(q: Queryable): Promise<boolean> {
  const found = await q.query<{ t: string | null }>("SELECT to_regclass($1)::text AS t", [SANDBOX_MARK_TABLE]);
  return found.rows[0]?.t != null;
}

/** Throws SandboxDatabaseInUse when the database behind `q` (at `url`) carries the mark. */
export async function refuseSandboxDatabase(q: Queryable, url: string): Promise<void> {
  if (await hasSandboxMark(q)) throw new SandboxDatabaseInUse(sandboxDatabaseMessage(url));
}

/**
 * Like refuseSandboxDatabase, over a connection of its own (for callers without a pool: the
 * migration script, the CLI). A database that does not exist yet carries no mark.
 */
export async function assertNotSandboxDatabase(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (err) {
    if (err && typeof err === "object" && "code" in err && err.code === "3D000") return; // no such database
    throw err;
  }
  try {
    await refuseSandboxDatabase(client, url);
  } finally {
    await client.end();
  }
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

/** Host, port and database name a postgresql:// URL connects to, normalised for comparison. */
function target(url: string): { host: string; port: string; name: string } {
  const u = new URL(url);
  const socketHost = u.searchParams.get("host"); // ?host=/var/run/postgresql
  let host = (socketHost || u.hostname || "localhost").toLowerCase();
  if (LOOPBACK.has(host)) host = "loopback";
  const user = decodeURIComponent(u.username) || "postgres";
  return { host, port: u.port || "5432", name: databaseName(url) || user };
}

/** True when two URLs name the same database (same host, port and database name). */
export function sameDatabase(a: string, b: string): boolean {
  const x = target(a);
  const y = target(b);
  return x.host === y.host && x.port === y.port && x.name === y.name;
}
