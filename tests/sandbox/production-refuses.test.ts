// Issue #10 item 1: the sandbox's demo users (one an admin) and its queued messages never reach the
// real app. A database carrying the sandbox's mark is refused, with exit 78, by `npm start`
// (src/main.ts → startRuntime), `npm run worker`, `npm run db:migrate`, the operator CLI and the seed.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { runPrisma } from "../../scripts/prisma.js";
import { prepareSandboxDatabase } from "../../dev/sandbox/database.js";
import { parseConfig } from "../../src/core/config.js";
import { createLogger } from "../../src/core/logger.js";
import { startRuntime } from "../../src/runtime.js";
import { assertNotSandboxDatabase, sameDatabase, SandboxDatabaseInUse } from "../../src/core/sandbox-mark.js";

const base = new URL(inject("databaseUrl"));
const suffix = randomBytes(3).toString("hex");
const marked = dbUrl(`nsp_test_sbxmark_${suffix}`);
const REFUSAL = /Databasen "nsp_test_sbxmark_\w+" är sandlådans \(npm run sandbox\) och används inte av appen/;

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

/** The sandbox's database as `npm run sandbox` leaves it: marked, migrated, with a queued message. */
beforeAll(async () => {
  expect(await prepareSandboxDatabase(marked)).toBe("created");
  const migrated = runPrisma(["migrate", "deploy"], marked);
  expect(migrated.ok, migrated.output).toBe(true);
}, 120_000);

afterAll(async () => {
  await onDb(dbUrl("postgres"), (c) => c.query(`DROP DATABASE IF EXISTS "${new URL(marked).pathname.slice(1)}" WITH (FORCE)`));
}, 60_000);

const appEnv = (databaseUrl: string): Record<string, string> => ({
  PATH: process.env.PATH ?? "",
  HOME: process.env.HOME ?? "/tmp",
  LOG_LEVEL: "silent",
  NODE_NO_WARNINGS: "1",
  DATABASE_URL: databaseUrl,
  REDIS_URL: inject("redisUrl"),
  NSP_REDIS_PREFIX: `${inject("redisPrefix")}_sbxmark`,
  SLACK_BOT_TOKEN: "xoxb-not-a-real-token",
  SLACK_SIGNING_SECRET: "not-a-real-secret",
  SLACK_API_URL: "http://127.0.0.1:1/api/", // never the real Slack, whatever happens
  NSP_COORDINATOR_CHANNEL: "C0TESTCOORD",
  PORT: "0",
});

/** Runs `node --import tsx <args>`; a process still running after `limitMs` is stopped (code null). */
function run(args: string[], env: Record<string, string>, limitMs = 60_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), limitMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe("a database with the sandbox's mark", () => {
  it("npm start (src/main.ts) refuses it: exit 78 and the Swedish message, nothing delivered", async () => {
    const r = await run(["src/main.ts"], appEnv(marked));
    expect(r.code, `${r.stdout}${r.stderr}`).toBe(78);
    expect(r.stderr).toMatch(REFUSAL);
    expect(r.stderr).toContain("DATABASE_URL");
  }, 90_000);

  it("npm run worker refuses it", async () => {
    const r = await run(["src/worker-main.ts"], appEnv(marked));
    expect(r.code, `${r.stdout}${r.stderr}`).toBe(78);
    expect(r.stderr).toMatch(REFUSAL);
  }, 90_000);

  it("npm run db:migrate refuses it", async () => {
    const r = await run(["scripts/prisma.ts", "migrate", "deploy"], appEnv(marked));
    expect(r.code, `${r.stdout}${r.stderr}`).toBe(78);
    expect(r.stderr).toMatch(REFUSAL);
  }, 90_000);

  it("the operator CLI and the seed refuse it, and add nothing", async () => {
    const admin = await run(["commands/admin.ts", "member", "add", "U0INTRUDER", "--org", "NSP samordning", "--role", "admin"], appEnv(marked));
    expect(admin.code, `${admin.stdout}${admin.stderr}`).toBe(78);
    expect(admin.stderr).toMatch(REFUSAL);
    const seeded = await run(["commands/seed.ts", "--demo-members"], appEnv(marked));
    expect(seeded.code, `${seeded.stdout}${seeded.stderr}`).toBe(78);
    expect(seeded.stderr).toMatch(REFUSAL);
    expect(await onDb(marked, async (c) => (await c.query("SELECT count(*)::int AS n FROM organisation")).rows[0]?.n)).toBe(0);
  }, 120_000);

  it("startRuntime refuses it (the check every production start goes through), and the sandbox's start needs the mark", async () => {
    const log = createLogger("silent");
    await expect(startRuntime(parseConfig(appEnv(marked)), log, { http: false, workers: false })).rejects.toThrow(SandboxDatabaseInUse);
    await expect(startRuntime(parseConfig(appEnv(inject("databaseUrl"))), log, { http: false, workers: false, sandbox: true })).rejects.toThrow(/ingen sandlådedatabas/);
  });

  it("assertNotSandboxDatabase: refuses the marked one, passes the app's and a missing one", async () => {
    await expect(assertNotSandboxDatabase(marked)).rejects.toThrow(REFUSAL);
    await expect(assertNotSandboxDatabase(inject("databaseUrl"))).resolves.toBeUndefined();
    await expect(assertNotSandboxDatabase(dbUrl(`nsp_test_missing_${suffix}`))).resolves.toBeUndefined();
  });
});

describe("sameDatabase", () => {
  it("compares host, port and database name", () => {
    expect(sameDatabase("postgresql://postgres@127.0.0.1:5432/nsp", "postgresql://other:pw@localhost/nsp?sslmode=disable")).toBe(true);
    expect(sameDatabase("postgresql://postgres@127.0.0.1:5432/nsp", "postgresql://postgres@127.0.0.1:5432/nsp_sandbox")).toBe(false);
    expect(sameDatabase("postgresql://postgres@127.0.0.1:5432/nsp", "postgresql://postgres@127.0.0.1:5433/nsp")).toBe(false);
    expect(sameDatabase("postgresql://postgres@db.example:5432/nsp", "postgresql://postgres@127.0.0.1:5432/nsp")).toBe(false);
    expect(sameDatabase("postgresql://postgres@DB.example/n%73p", "postgresql://postgres@db.example:5432/nsp")).toBe(true);
  });
});
