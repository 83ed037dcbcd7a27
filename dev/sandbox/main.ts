// `npm run sandbox`: the real app (HTTP receiver, listeners, PostgreSQL, BullMQ queues and workers)
// against the in-process fake Slack, with a Slack-like page at /sandbox and demo data. It has no
// login, so it runs only when asked for, listens on 127.0.0.1 unless NSP_SANDBOX_HOST says
// otherwise, and uses its own database (NSP_SANDBOX_DATABASE_URL), never DATABASE_URL: one it
// created and marked itself, or an empty one (dev/sandbox/database.ts); it refuses the database
// DATABASE_URL names, and the app refuses the mark (src/core/sandbox-mark.ts). Its Redis keys get their own
// prefix (`<NSP_REDIS_PREFIX>-sandbox`), so it never takes the real app's jobs.
import { ConfigError, loadDotEnv, parseConfig, parseSandboxConfig } from "../../src/core/config.js";
import type { Db } from "../../src/core/db.js";
import { databaseUrl } from "../../src/core/db-url.js";
import { databaseName, sameDatabase } from "../../src/core/sandbox-mark.js";
import { createLogger } from "../../src/core/logger.js";
import { startRuntime } from "../../src/runtime.js";
import { runPrisma } from "../../scripts/prisma.js";
import { prepareSandboxDatabase, SandboxDatabaseRefused } from "./database.js";
import { groupChannels, SANDBOX_PATH, seedSandbox, startSandbox } from "./sandbox.js";
import { formatTodaySummary } from "./today.js";

function refuse(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(78);
}

/** The address to print: a wildcard bind is reachable as localhost, a specific one as itself. */
function pageUrl(host: string, port: number): string {
  const shown = host === "0.0.0.0" || host === "::" ? "localhost" : host.includes(":") ? `[${host}]` : host;
  return `http://${shown}:${port}${SANDBOX_PATH}`;
}

async function main(): Promise<void> {
  loadDotEnv();
  let sb;
  try {
    sb = parseSandboxConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) refuse(`${err.message}\nSe README.md (Konfiguration) och .env.example.`);
    throw err;
  }
  const appDatabase = (() => {
    try {
      return databaseUrl(process.env);
    } catch {
      return null; // not a URL: names no database the sandbox could take
    }
  })();
  if (appDatabase && sameDatabase(sb.NSP_SANDBOX_DATABASE_URL, appDatabase)) {
    refuse(
      `Sandlådan startar inte: NSP_SANDBOX_DATABASE_URL och DATABASE_URL pekar på samma databas ("${databaseName(sb.NSP_SANDBOX_DATABASE_URL)}"): ` +
        `sandlådan använder aldrig appens databas. Ange en egen databas i NSP_SANDBOX_DATABASE_URL (standard …/nsp_sandbox).`,
    );
  }
  try {
    await prepareSandboxDatabase(sb.NSP_SANDBOX_DATABASE_URL);
  } catch (err) {
    if (err instanceof SandboxDatabaseRefused) refuse(`Sandlådan startar inte: ${err.message}`);
    throw err;
  }
  const migrated = runPrisma(["migrate", "deploy"], sb.NSP_SANDBOX_DATABASE_URL);
  if (!migrated.ok) throw new Error(`migreringen av sandlådans databas misslyckades:\n${migrated.output}`);

  let runtimeDb: Db | null = null;
  const sandbox = await startSandbox({
    ...(sb.NSP_COORDINATOR_CHANNEL ? { coordinatorChannel: sb.NSP_COORDINATOR_CHANNEL } : {}),
    channels: async () => (runtimeDb ? groupChannels(runtimeDb) : {}),
  });
  let config;
  try {
    // The sandbox's today is the real day (issue #15): its seed adds budget periods around today
    // (dev/sandbox/today.ts). NSP_TODAY still pins the apply rules' day when set.
    const parsed = parseConfig({ ...process.env, ...sandbox.env, DATABASE_URL: sb.NSP_SANDBOX_DATABASE_URL });
    config = { ...parsed, NSP_REDIS_PREFIX: `${parsed.NSP_REDIS_PREFIX}-sandbox` };
  } catch (err) {
    await sandbox.close();
    if (err instanceof ConfigError) refuse(`${err.message}\nSe README.md (Konfiguration) och .env.example.`);
    throw err;
  }
  const log = createLogger(config.LOG_LEVEL);
  const runtime = await startRuntime(config, log, { workers: true, host: sb.NSP_SANDBOX_HOST, extraRoutes: sandbox.routes, sandbox: true });
  runtimeDb = runtime.db;
  const today = await seedSandbox(runtime.db, config.NSP_MEETING_REMINDERS);
  const url = pageUrl(sb.NSP_SANDBOX_HOST, runtime.port);
  log.info({ url, host: sb.NSP_SANDBOX_HOST }, "NSP sandbox started: open the page");
  process.stdout.write(`\nNSP-sandlådan körs: öppna ${url}\n${formatTodaySummary(today)}\n\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "stopping");
    runtime
      .stop()
      .then(() => sandbox.close())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((err: unknown) => {
  process.stderr.write(`NSP-sandlådan kunde inte starta: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
