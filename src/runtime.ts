// Wires the whole process: database, Redis, queue, Bolt app and workers. Used by src/main.ts and
// by the end-to-end tests (which start it on port 0 against the fake Slack).
import type { Server } from "node:http";
import { WebClient } from "@slack/web-api";
import type { App } from "@slack/bolt";
import { createQueues, producerConnection, workerConnection } from "../jobs/queues.js";
import { queueDispatcher, reminderScheduler } from "../jobs/producers.js";
import type { Dispatcher } from "./core/ports.js";
import { startWorkers, type Workers } from "../jobs/start-workers.js";
import { createApp, type AppDeps } from "./app.js";
import type { Config } from "./core/config.js";
import { slackClientOptions } from "./core/slack-client.js";
import { deliveryPolicy } from "../jobs/delivery-policy.js";
import { closeDb, createDb, sqlOf, type Db } from "./core/db.js";
import { hasSandboxMark, refuseSandboxDatabase, SandboxDatabaseInUse } from "./core/sandbox-mark.js";
import type { Logger } from "./core/logger.js";

export interface Runtime {
  app: App;
  db: Db;
  dispatcher: Dispatcher;
  workers: Workers | null;
  port: number;
  stop(): Promise<void>;
}

/**
 * `http: false` runs the workers only (`npm run worker`); `workers: false` the receiver only;
 * `host` binds the HTTP server to one interface (the sandbox: 127.0.0.1), else to every one.
 * A database carrying the sandbox's mark is refused (SandboxDatabaseInUse, src/core/sandbox-mark.ts)
 * before Redis, Slack or a worker is touched; `sandbox: true` (dev/sandbox/main.ts) requires the mark instead.
 */
export async function startRuntime(
  config: Config,
  log: Logger,
  opts: { workers?: boolean; http?: boolean; host?: string; extraRoutes?: AppDeps["extraRoutes"]; sandbox?: boolean } = {},
): Promise<Runtime> {
  const db = createDb(config.DATABASE_URL, { max: config.NSP_DB_POOL_SIZE, connectTimeoutMs: config.NSP_DB_CONNECT_TIMEOUT_MS });
  try {
    if (!opts.sandbox) await refuseSandboxDatabase(sqlOf(db), config.DATABASE_URL);
    else if (!(await hasSandboxMark(sqlOf(db)))) throw new Error("startRuntime({ sandbox: true }): ingen sandlådedatabas (märket saknas)");
  } catch (err) {
    // Postgres down at start does not stop the app (requests wait in Slack's retries, /healthz
    // says 503, the sweep catches up): the mark cannot be read then, and `npm start`'s setup
    // (scripts/prisma.ts) has refused a sandbox database before any start that reached it.
    const unreachable = !opts.sandbox && !(err instanceof SandboxDatabaseInUse);
    if (!unreachable) {
      await closeDb(db);
      throw err;
    }
    log.warn({ error: err instanceof Error ? err.message : String(err) }, "database unreachable at start: sandbox mark not checked");
  }
  const redis = producerConnection(config.REDIS_URL);
  redis.on("error", (err) => log.warn({ error: err.message }, "redis (producer) error"));
  const queues = createQueues(redis, config.NSP_REDIS_PREFIX, log);
  const dispatcher = queueDispatcher(queues, log);
  const reminders = reminderScheduler(queues, log);
  const networkChannel = config.NSP_NETWORK_CHANNEL ?? config.NSP_COORDINATOR_CHANNEL;
  const app = createApp({ config, db, redis, dispatcher, log, reminders, ...(opts.extraRoutes ? { extraRoutes: opts.extraRoutes } : {}) });

  let workers: Workers | null = null;
  let workerRedis: ReturnType<typeof workerConnection> | null = null;
  if (opts.workers !== false) {
    workerRedis = workerConnection(config.REDIS_URL);
    workerRedis.on("error", (err) => log.warn({ error: err.message }, "redis (worker) error"));
    const slack = new WebClient(config.SLACK_BOT_TOKEN, {
      ...slackClientOptions(config), // a timeout on every call; the queue owns retries
      rejectRateLimitedCalls: true, // a 429 becomes a delayed job (Retry-After), not a sleep
    });
    workers = await startWorkers(
      { db, slack, log, coordinatorChannel: config.NSP_COORDINATOR_CHANNEL, budgetChannel: config.NSP_BUDGET_CHANNEL, networkChannel, policy: deliveryPolicy(config), clocks: { digestWorkdays: config.NSP_DECISION_DIGEST_WORKDAYS } },
      {
        connection: workerRedis,
        prefix: config.NSP_REDIS_PREFIX,
        queues,
        dispatcher,
        reminders,
        sweepIntervalMs: config.NSP_SWEEP_INTERVAL_MS,
        ratePerSecond: config.NSP_DELIVERY_RATE_PER_SEC,
        concurrency: config.NSP_DELIVERY_CONCURRENCY,
        deadNoticeAt: config.NSP_DEAD_NOTICE_AT,
        budgetSummaryAt: config.NSP_BUDGET_SUMMARY_AT,
        meetingReminders: { networkChannel },
        caseClocks: {
          periodEnd: config.NSP_CASE_REMINDERS,
          digestAt: config.NSP_DECISION_DIGEST_AT,
          digestWorkdays: config.NSP_DECISION_DIGEST_WORKDAYS,
          infoReminderDays: config.NSP_INFO_REMINDER_DAYS,
        },
        retentionMonths: config.NSP_RETENTION_MONTHS,
      },
    );
  }

  const started = opts.http === false ? undefined : await app.start(opts.host ? { port: config.PORT, host: opts.host } : config.PORT);
  const server = started as Server | undefined;
  const address = server && typeof server.address === "function" ? server.address() : null;
  const port = address && typeof address === "object" ? address.port : config.PORT;

  return {
    app,
    db,
    dispatcher,
    workers,
    port,
    async stop() {
      if (opts.http !== false) await app.stop();
      await workers?.close();
      await queues.close();
      redis.disconnect();
      workerRedis?.disconnect();
      // A sweep still in flight holds a database connection: let it end before the pool closes
      // (pool.end() waits for it, and would wait forever for a sweep waiting on Redis).
      await workers?.settled();
      await closeDb(db);
    },
  };
}
