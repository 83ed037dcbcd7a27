// `npm run worker`: the job workers alone (delivery and the outbox sweep), for running them in a
// process of their own beside `npm start`.
import { ConfigError, loadDotEnv, parseConfig } from "./core/config.js";
import { createLogger } from "./core/logger.js";
import { SandboxDatabaseInUse } from "./core/sandbox-mark.js";
import { startRuntime } from "./runtime.js";

loadDotEnv();
try {
  const config = parseConfig();
  const log = createLogger(config.LOG_LEVEL);
  const runtime = await startRuntime(config, log, { http: false }); // refuses the sandbox's database
  log.info("NSP workers started");
  const stop = () => void runtime.stop().then(() => process.exit(0), () => process.exit(1));
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
} catch (err) {
  if (err instanceof SandboxDatabaseInUse) process.stderr.write(`NSP-arbetarna startar inte: ${err.message}\n`);
  else process.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`);
  process.exit(err instanceof ConfigError || err instanceof SandboxDatabaseInUse ? 78 : 1);
}
