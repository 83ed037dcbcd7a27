// `npm start`: the HTTP receiver (or Socket Mode) and the job workers in one process. Without a
// Slack bot token it starts the local sandbox instead (src/sandbox): the same app against the
// in-process fake Slack, with a Slack-like page at /sandbox and demo data.
import { ConfigError, loadDotEnv, parseConfig, type Config } from "./config.js";
import { createLogger } from "./logger.js";
import { startRuntime } from "./runtime.js";
import type { Db } from "./db.js";
import { groupChannels, isSandboxEnv, SANDBOX_PATH, seedSandbox, startSandbox, type Sandbox } from "./sandbox/sandbox.js";

function configOrExit(env: Record<string, string | undefined>): Config {
  try {
    return parseConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nSe README.md (Konfiguration) och .env.example.\n`);
      process.exit(78);
    }
    throw err;
  }
}

async function main(): Promise<void> {
  loadDotEnv();
  let sandbox: Sandbox | null = null;
  let runtimeDb: Db | null = null;
  let env: Record<string, string | undefined> = process.env;
  if (isSandboxEnv(process.env)) {
    sandbox = await startSandbox({
      coordinatorChannel: process.env.NSP_COORDINATOR_CHANNEL?.trim() || undefined,
      channels: async () => (runtimeDb ? groupChannels(runtimeDb) : {}),
    });
    env = { ...process.env, ...sandbox.env };
  }
  const config = configOrExit(env);
  const log = createLogger(config.LOG_LEVEL);
  const runtime = await startRuntime(config, log, {
    workers: sandbox ? true : config.NSP_RUN_WORKERS,
    ...(sandbox ? { extraRoutes: sandbox.routes } : {}),
  });
  runtimeDb = runtime.db;
  if (sandbox) {
    await seedSandbox(runtime.db, config.NSP_MEETING_REMINDERS);
    log.info({ url: `http://localhost:${runtime.port}${SANDBOX_PATH}` }, "NSP sandbox started (no SLACK_BOT_TOKEN): open the page");
    process.stdout.write(`\nNSP-sandlådan körs: öppna http://localhost:${runtime.port}${SANDBOX_PATH}\n\n`);
  } else {
    log.info({ port: runtime.port, socketMode: Boolean(config.SLACK_APP_TOKEN) }, "NSP app started");
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "stopping");
    runtime
      .stop()
      .then(() => sandbox?.close())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((err: unknown) => {
  process.stderr.write(`NSP app failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
