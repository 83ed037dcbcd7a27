// The sandbox runs only when asked for (`npm run sandbox`, dev/sandbox/main.ts), on its own marked
// database, bound to 127.0.0.1: it refuses a database that holds anything else (the app's real
// one), and its demo users never enter such a database.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { networkInterfaces } from "node:os";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { runPrisma } from "../../scripts/prisma.js";
import { prepareSandboxDatabase, SandboxDatabaseRefused } from "../../dev/sandbox/database.js";
import { SANDBOX_MARK_TABLE } from "../../src/core/sandbox-mark.js";

const base = new URL(inject("databaseUrl"));
const suffix = randomBytes(3).toString("hex");
const created: string[] = [];

function dbUrl(name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

async function onDb<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh database name that afterAll drops. */
function fresh(kind: string): string {
  const name = `nsp_test_sbx_${kind}_${suffix}`;
  created.push(name);
  return dbUrl(name);
}

const hasMark = (url: string) => onDb(url, async (c) => (await c.query("SELECT to_regclass($1)::text AS t", [SANDBOX_MARK_TABLE])).rows[0]?.t != null);
const demoMembers = (url: string) => onDb(url, async (c) => (await c.query(`SELECT slack_user_id FROM member WHERE slack_user_id LIKE 'U0DEMO%'`)).rowCount);

// A database like the app's real one: migrated, with an organisation and a request's worth of data.
let production: string;
beforeAll(async () => {
  production = fresh("prod");
  await onDb(dbUrl("postgres"), (c) => c.query(`CREATE DATABASE "${new URL(production).pathname.slice(1)}"`));
  const migrated = runPrisma(["migrate", "deploy"], production);
  expect(migrated.ok, migrated.output).toBe(true);
  await onDb(production, (c) => c.query(`INSERT INTO organisation (name, certified) VALUES ('Riktig organisation', true)`));
}, 120_000);

afterAll(async () => {
  await onDb(dbUrl("postgres"), async (c) => {
    for (const name of created) await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
}, 60_000);

describe("prepareSandboxDatabase", () => {
  it("creates and marks a missing database, and accepts it again", async () => {
    const url = fresh("new");
    expect(await prepareSandboxDatabase(url)).toBe("created");
    expect(await hasMark(url)).toBe(true);
    expect(await prepareSandboxDatabase(url)).toBe("ready");
  });

  it("marks an empty database created by hand", async () => {
    const url = fresh("empty");
    await onDb(dbUrl("postgres"), (c) => c.query(`CREATE DATABASE "${new URL(url).pathname.slice(1)}"`));
    expect(await prepareSandboxDatabase(url)).toBe("marked");
    expect(await hasMark(url)).toBe(true);
  });

  it("refuses a database with tables and no mark, and leaves it untouched", async () => {
    await expect(prepareSandboxDatabase(production)).rejects.toThrow(SandboxDatabaseRefused);
    await expect(prepareSandboxDatabase(production)).rejects.toThrow(/ingen sandlådedatabas.*NSP_SANDBOX_DATABASE_URL/s);
    expect(await hasMark(production)).toBe(false);
    // Even a migrated database without a row is someone's: refused too.
    const migratedOnly = fresh("migrated");
    await onDb(dbUrl("postgres"), (c) => c.query(`CREATE DATABASE "${new URL(migratedOnly).pathname.slice(1)}"`));
    expect(runPrisma(["migrate", "deploy"], migratedOnly).ok).toBe(true);
    await expect(prepareSandboxDatabase(migratedOnly)).rejects.toThrow(SandboxDatabaseRefused);
  }, 120_000);

  it("refuses the maintenance database", async () => {
    await expect(prepareSandboxDatabase(dbUrl("postgres"))).rejects.toThrow(/systemdatabasen "postgres"/);
  });
});

// ------------------------------------------------------------------ the entry point

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function runSandbox(env: Record<string, string>): Run {
  const child = spawn(process.execPath, ["--import", "tsx", "dev/sandbox/main.ts"], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", LOG_LEVEL: "silent", REDIS_URL: inject("redisUrl"), NSP_REDIS_PREFIX: `${inject("redisPrefix")}_entry`, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

describe("npm run sandbox (dev/sandbox/main.ts)", () => {
  it("refuses a database that holds non-sandbox data: exit 78, a clear message, no demo users", async () => {
    const run = runSandbox({ NSP_SANDBOX_DATABASE_URL: production, PORT: "0" });
    const code = await run.exited;
    expect(code, run.stderr()).toBe(78);
    expect(run.stderr()).toContain("Sandlådan startar inte");
    expect(run.stderr()).toContain("NSP_SANDBOX_DATABASE_URL");
    expect(await demoMembers(production)).toBe(0);
    expect(await hasMark(production)).toBe(false);
  }, 120_000);

  it("refuses when NSP_SANDBOX_DATABASE_URL names DATABASE_URL's database (even spelled differently): exit 78, nothing created", async () => {
    const same = fresh("same");
    const spelled = new URL(same);
    spelled.hostname = spelled.hostname === "127.0.0.1" ? "localhost" : spelled.hostname;
    spelled.search = "?sslmode=disable";
    const run = runSandbox({ NSP_SANDBOX_DATABASE_URL: same, DATABASE_URL: spelled.toString(), PORT: "0" });
    const code = await run.exited;
    expect(code, run.stderr()).toBe(78);
    expect(run.stderr()).toContain("Sandlådan startar inte");
    expect(run.stderr()).toMatch(/NSP_SANDBOX_DATABASE_URL och DATABASE_URL pekar på samma databas/);
    const exists = await onDb(dbUrl("postgres"), async (c) => (await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [new URL(same).pathname.slice(1)])).rowCount);
    expect(exists).toBe(0);
  }, 120_000);

  it("uses its own database (never DATABASE_URL) and listens on 127.0.0.1 only", async () => {
    const own = fresh("run");
    const run = runSandbox({ NSP_SANDBOX_DATABASE_URL: own, DATABASE_URL: production, PORT: "0" });
    try {
      await expect.poll(() => /öppna (http:\/\/\S+)/.exec(run.stdout())?.[1] ?? run.stderr(), { timeout: 90_000, interval: 250 }).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sandbox$/);
      const page = /öppna (http:\/\/\S+)/.exec(run.stdout())?.[1] ?? "";
      expect((await fetch(page)).status).toBe(200);
      const port = new URL(page).port;
      // Not reachable on this machine's other interfaces.
      const external = Object.values(networkInterfaces())
        .flat()
        .find((a) => a && a.family === "IPv4" && !a.internal);
      if (external) await expect(fetch(`http://${external.address}:${port}/sandbox`, { signal: AbortSignal.timeout(5000) })).rejects.toThrow();
      expect(await hasMark(own)).toBe(true);
      expect(await demoMembers(own)).toBe(3);
      // It runs on the real day, with the demo data around it (dev/sandbox/today.ts).
      expect(run.stdout()).toMatch(/Budgetperioder kring i dag \(pilotens budget och satser, härledda\): Sandlåda \d{4} (jan–jun|jul–dec) \(ny\)/);
      expect(run.stdout()).toContain("Demoärenden: NSP001: ansökan om tillträde väntar på beslut");
      expect(await demoMembers(production)).toBe(0);
    } finally {
      run.child.kill("SIGTERM");
      await run.exited;
    }
  }, 150_000);
});
