// Builds the Bolt app: HTTP receiver on /slack/events (or Socket Mode when an app token is set),
// /healthz, and every listener group. Thin by design; the work lives in listeners and services.
import { Server } from "node:http";
import { App, HTTPReceiver, LogLevel, SocketModeReceiver, type CustomRoute } from "@slack/bolt";
import type { Redis } from "ioredis";
import type { Dispatcher, ReminderScheduler } from "./core/ports.js";
import type { Config } from "./core/config.js";
import type { Db } from "./core/db.js";
import { calendarRoutes, guardCalendarPaths } from "./calendar.js";
import { slackClientOptions } from "./core/slack-client.js";
import { healthRoute } from "./health.js";
import { registerListeners } from "./listeners/index.js";
import { ackUnhandledInteractions } from "./listeners/unhandled.js";
import { boltLogger, type Logger } from "./core/logger.js";
import { guardPayloads, SLACK_RESPONSE_URL_ORIGIN } from "./payload-guard.js";
import { guardFutureTimestamps } from "./request-guard.js";
import { botTokenAuthorize } from "./slack-auth.js";
import { parseIsoDate } from "./domain/format.js";

/** NSP_TODAY (checked by the config) as the listeners' clock. */
function fixedDay(iso: string): () => Date {
  const day = parseIsoDate(iso);
  if (!day) throw new Error(`NSP_TODAY is not a date: ${iso}`);
  return () => day;
}

export interface AppDeps {
  config: Config;
  db: Db;
  redis: Redis;
  dispatcher: Dispatcher;
  log: Logger;
  /** More HTTP routes on the receiver's server (the sandbox page). */
  extraRoutes?: CustomRoute[];
  /** Adds delayed jobs for newly planned meeting reminders. */
  reminders?: ReminderScheduler;
}

export const EVENTS_PATH = "/slack/events";

export function createApp(deps: AppDeps): App {
  const { config } = deps;
  const customRoutes: CustomRoute[] = [healthRoute(deps.db, deps.redis), ...calendarRoutes(deps.db, deps.log), ...(deps.extraRoutes ?? [])];
  // A listener's Slack call serves a user who is waiting (and a trigger id lives 3 s): no retries,
  // and a timeout on every call (also auth.test's client below).
  const clientOptions = slackClientOptions(config);
  const logger = boltLogger(deps.log);
  // The app starts even when Slack is unreachable; auth.test runs on the first request (slack-auth.ts).
  const authorize = botTokenAuthorize(config.SLACK_BOT_TOKEN, clientOptions, (err) =>
    deps.log.warn({ error: err instanceof Error ? err.message : String(err) }, "auth.test failed; request served with the bot token alone"),
  );
  const app = new App({
    authorize,
    receiver: createReceiver(config, customRoutes, logger, deps.log),
    clientOptions,
    logger,
    logLevel: LogLevel.WARN,
  });
  registerListeners(app, {
    db: deps.db,
    dispatcher: deps.dispatcher,
    log: deps.log,
    budgetThresholds: config.NSP_BUDGET_WARNING_THRESHOLDS,
    meetingReminders: config.NSP_MEETING_REMINDERS,
    ...(config.NSP_TODAY ? { today: fixedDay(config.NSP_TODAY) } : {}),
    ...(deps.reminders ? { reminders: deps.reminders } : {}),
  });
  ackUnhandledInteractions(app);
  app.error(async (err) => {
    deps.log.error({ error: err.message, code: "code" in err ? err.code : undefined }, "unhandled listener error");
  });
  return app;
}

/**
 * Socket Mode when SLACK_APP_TOKEN is set (no public URL; /healthz still served on PORT), else the
 * HTTP receiver on /slack/events.
 */
export function createReceiver(
  config: Config,
  customRoutes: CustomRoute[],
  logger: ReturnType<typeof boltLogger>,
  log: Logger,
): HTTPReceiver | SocketModeReceiver {
  if (config.SLACK_APP_TOKEN) {
    const receiver = new SocketModeReceiver({
      appToken: config.SLACK_APP_TOKEN,
      customRoutes,
      installerOptions: { port: config.PORT },
      logger,
      logLevel: LogLevel.WARN,
    });
    guardSocketModeRoutes(receiver);
    return receiver;
  }
  return httpReceiver(config, customRoutes, logger, log);
}

/**
 * The HTTP receiver, with requests dated more than five minutes ahead rejected (see request-guard)
 * and signed bodies that are not Slack payloads answered 400 before Bolt parses them (payload-guard).
 */
function httpReceiver(
  config: Config,
  customRoutes: CustomRoute[],
  logger: ReturnType<typeof boltLogger>,
  log: Logger,
): HTTPReceiver {
  const receiver = new HTTPReceiver({
    signingSecret: config.SLACK_SIGNING_SECRET,
    endpoints: EVENTS_PATH,
    customRoutes,
    logger,
    logLevel: LogLevel.WARN,
  });
  const checked = guardPayloads(guardCalendarPaths(receiver.requestListener), {
    paths: [EVENTS_PATH],
    signingSecret: config.SLACK_SIGNING_SECRET,
    // Slack's response URLs; with SLACK_API_URL (the fake Slack, a test double) also its origin.
    responseUrlOrigins: [SLACK_RESPONSE_URL_ORIGIN, ...(config.SLACK_API_URL ? [new URL(config.SLACK_API_URL).origin] : [])],
    onReject: ({ path, status, reason }) => log.warn({ path, status, reason }, "request refused"),
  });
  receiver.requestListener = guardFutureTimestamps(checked, {
    paths: [EVENTS_PATH],
    onReject: ({ path, skewSeconds }) => log.warn({ path, skewSeconds }, "request timestamp too far in the future"),
  });
  return receiver;
}

/** Socket Mode's HTTP server gets the same calendar path guard as the HTTP receiver (see calendar.ts). */
function guardSocketModeRoutes(receiver: SocketModeReceiver): void {
  const server = socketModeHttpServer(receiver);
  if (!server) return;
  const listeners = server.listeners("request");
  server.removeAllListeners("request");
  for (const listener of listeners) {
    server.on(
      "request",
      guardCalendarPaths((req, res) => {
        Reflect.apply(listener, server, [req, res]);
      }),
    );
  }
}

/**
 * The HTTP server Bolt's Socket Mode receiver creates for the custom routes (undefined without
 * routes). Bolt keeps it in a private field; reading it here keeps that knowledge in one place,
 * and tests/input/socket-mode-routes.test.ts fails if a Bolt upgrade moves it.
 */
export function socketModeHttpServer(receiver: SocketModeReceiver): Server | undefined {
  const server: unknown = Reflect.get(receiver, "httpServer");
  return server instanceof Server ? server : undefined;
}
