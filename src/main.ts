// `npm start`: the HTTP receiver (or Socket Mode) and the job workers in one process, against
// Slack. Every Slack setting is required: without SLACK_BOT_TOKEN it stops (exit 78) like for any
// other bad setting. The local sandbox has its own entry point (`npm run sandbox`, dev/sandbox/main.ts).
import { ConfigError, configErrorReport, loadDotEnv, parseConfig, type Config } from "./core/config.js";
import { createLogger } from "./core/logger.js";
import { SandboxDatabaseInUse } from "./core/sandbox-mark.js";

function configOrExit(env: Record<string, string | undefined>): Config {
  try {
    return parseConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(configErrorReport(err));
      process.exit(78);
    }
    throw err;
  }
}

async function main(): Promise<void> {
  loadDotEnv();
  const config = configOrExit(process.env);
  // `npm start` runs `--check-config` first, so that a bad setting stops before the Prisma client is
  // generated and before any database is created or migrated.
  if (process.argv.includes("--check-config")) return;
  // Imported after the check: the runtime loads the generated Prisma client, which `npm run setup` makes.
  const { startRuntime } = await import("./runtime.js");
  const log = createLogger(config.LOG_LEVEL);
  let runtime;
  try {
    // Refuses the sandbox's database (its demo admin and queued messages never reach Slack).
    runtime = await startRuntime(config, log, { workers: config.NSP_RUN_WORKERS });
  } catch (err) {
    if (err instanceof SandboxDatabaseInUse) {
      process.stderr.write(`NSP-appen startar inte: ${err.message}\n`);
      process.exit(78);
    }
    throw err;
  }
  log.info({ port: runtime.port, socketMode: Boolean(config.SLACK_APP_TOKEN) }, "NSP app started");
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "stopping");
    runtime.stop().then(
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
