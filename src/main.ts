// `npm start`: the HTTP receiver (or Socket Mode) and the job workers in one process.
import { ConfigError, loadDotEnv, parseConfig } from "./config.js";
import { createLogger } from "./logger.js";
import { startRuntime } from "./runtime.js";

async function main(): Promise<void> {
  loadDotEnv();
  let config;
  try {
    config = parseConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nSe README.md (Konfiguration) och .env.example.\n`);
      process.exit(78);
    }
    throw err;
  }
  const log = createLogger(config.LOG_LEVEL);
  const runtime = await startRuntime(config, log, { workers: config.NSP_RUN_WORKERS });
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
