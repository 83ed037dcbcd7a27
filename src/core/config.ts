// The one place that reads the environment. Every key is parsed with zod; a missing or bad value
// stops the app with a message that names every bad key at once.
import { z } from "zod";
import { parseThresholds } from "../domain/budget.js";
import { parseIsoDate } from "../domain/format.js";
import { DEFAULT_MEETING_REMINDERS, parseReminderOffsets } from "../domain/reminders.js";
import { DEFAULT_CASE_REMINDERS, parseCaseReminders } from "../domain/case-clocks.js";

const slackId = (prefix: string) =>
  z.string().regex(new RegExp(`^${prefix}[A-Z0-9]{2,}$`), `ett Slack-id som börjar med ${prefix}`);

export const configSchema = z.object({
  SLACK_BOT_TOKEN: z.string().startsWith("xoxb-", "ska börja med xoxb-"),
  SLACK_SIGNING_SECRET: z.string().min(8, "minst 8 tecken"),
  SLACK_APP_TOKEN: z.string().startsWith("xapp-", "ska börja med xapp-").optional(),
  SLACK_API_URL: z.url().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.url().default("postgresql://postgres@127.0.0.1:5432/nsp"),
  REDIS_URL: z.url().default("redis://127.0.0.1:6379"),
  /** Prefix of every BullMQ key in Redis; lets tests and several installations share one Redis. */
  NSP_REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/).default("nsp"),
  NSP_COORDINATOR_CHANNEL: slackId("[CG]"),
  /** Where budget warnings and the daily budget summary go; the coordinator channel when unset. */
  NSP_BUDGET_CHANNEL: slackId("[CG]").optional(),
  /** Percentages of a category's money used at which a warning is posted, once each. */
  NSP_BUDGET_WARNING_THRESHOLDS: z
    .string()
    .default("75,90,100")
    .transform((spec, ctx) => {
      try {
        return parseThresholds(spec);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: err instanceof Error ? err.message : String(err) });
        return z.NEVER;
      }
    }),
  /** Local time (Europe/Stockholm) of the daily budget check, "HH:mm". */
  NSP_BUDGET_SUMMARY_AT: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "en tid HH:mm").default("08:00"),
  /** Meeting reminders before the start: "7d@09:00" (7 days before at 09:00 Stockholm time), "2h", "30m". */
  NSP_MEETING_REMINDERS: z
    .string()
    .default(DEFAULT_MEETING_REMINDERS)
    .transform((spec, ctx) => {
      try {
        return parseReminderOffsets(spec);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: err instanceof Error ? err.message : String(err) });
        return z.NEVER;
      }
    }),
  /**
   * DMs to the organisation's members before a granted rest or integration period ends: "5d,1d"
   * = 5 and 1 days before its last day, at 09:00 Stockholm time. Empty: none.
   */
  NSP_CASE_REMINDERS: z
    .string()
    .default(DEFAULT_CASE_REMINDERS)
    .transform((spec, ctx) => {
      try {
        return parseCaseReminders(spec);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: err instanceof Error ? err.message : String(err) });
        return z.NEVER;
      }
    }),
  /** Local time (Europe/Stockholm) of the working-day digest of requests waiting for a decision, "HH:mm". */
  /** "off" turns the digest off (the test harness does, so that a run after 08:30 posts nothing unasked). */
  NSP_DECISION_DIGEST_AT: z.string().regex(/^(off|([01]\d|2[0-3]):[0-5]\d)$/, "en tid HH:mm eller off").default("08:30"),
  /** A request is in the digest once it has waited more than this many full working days. */
  NSP_DECISION_DIGEST_WORKDAYS: z.coerce.number().int().min(0).max(60).default(2),
  /** Days after which an unanswered komplettering is reminded once to the organisation's members. */
  NSP_INFO_REMINDER_DAYS: z.coerce.number().int().min(1).max(90).default(5),
  /**
   * Months after a case was closed (or a request without a case was decided or withdrawn) before
   * its free text is erased by the daily retention step (issue #14; README, "Dataskydd").
   */
  NSP_RETENTION_MONTHS: z.coerce.number().int().min(1).max(240).default(24),
  /** Where reminders of whole-network meetings go; the coordinator channel when unset. */
  NSP_NETWORK_CHANNEL: slackId("[CG]").optional(),
  /**
   * How often the sweep re-queues undelivered Slack messages and re-creates lost reminder jobs
   * (ms). At most a minute: a reminder lost with Redis's data must still go out on time.
   */
  NSP_SWEEP_INTERVAL_MS: z.coerce.number().int().min(1000).max(60_000, "högst 60000 (svepet ska gå minst en gång i minuten)").default(30_000),
  /**
   * Most Slack messages delivered per second (a BullMQ limiter). Slack allows about one message
   * per second per channel; a burst is spread out here and any 429 is honoured on top.
   */
  NSP_DELIVERY_RATE_PER_SEC: z.coerce.number().int().min(1).max(1000).default(10),
  /**
   * Longest wait for one Slack Web API call (ms), for every client the app creates. A call that
   * takes longer is abandoned and retried like a 5xx, so a hung call never holds a worker.
   */
  NSP_SLACK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** Parallel Slack deliveries per worker process (a hung call holds one until its timeout). */
  NSP_DELIVERY_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(10),
  /**
   * How long a worker's claim on a message (or reminder) holds (ms); renewed while its Slack call
   * is in flight. After a crash, its rows are delivered by another worker within about one lease.
   */
  NSP_DELIVERY_LEASE_MS: z.coerce.number().int().min(1000).max(300_000).default(15_000),
  /** Attempts of one Slack message before it becomes dead (kept, listed, retried by an admin). */
  NSP_DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(25),
  /** Wait before the 2nd attempt (ms); doubled for each further attempt up to the maximum below. */
  NSP_DELIVERY_BACKOFF_MS: z.coerce.number().int().min(10).max(600_000).default(1000),
  /** Longest wait between two attempts (ms). The defaults retry for about 1 h 25 min before a message is dead. */
  NSP_DELIVERY_BACKOFF_MAX_MS: z.coerce.number().int().min(10).max(3_600_000).default(300_000),
  /** Local time (Europe/Stockholm) of the daily message to admins while dead messages exist, "HH:mm". */
  NSP_DEAD_NOTICE_AT: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "en tid HH:mm").default("09:00"),
  /** `false` runs the HTTP receiver alone, with the workers in their own process (`npm run worker`). */
  NSP_RUN_WORKERS: z.enum(["true", "false"]).default("true").transform((v) => v === "true"),
  /** PostgreSQL connections per process (the receiver's acks wait for one under load). */
  NSP_DB_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(20),
  /**
   * Longest wait for a pooled PostgreSQL connection (ms), for every query of the process; past it
   * the query fails instead of waiting forever. Under Slack's 3 s so that a handler whose pool is
   * exhausted still answers in time ("försök igen"). Also bounds opening a new connection.
   */
  NSP_DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(2_000),
  /**
   * The calendar day the app takes as today for the date rules of an application (a period that
   * started more than 30 days ago is refused), "YYYY-MM-DD". Unset (production): the real day in
   * Stockholm. For tests and the sandbox, whose demo data are the 2016 periods.
   */
  NSP_TODAY: z
    .string()
    .refine((s) => parseIsoDate(s) !== null, "ett datum YYYY-MM-DD")
    .optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Ogiltig konfiguration (invalid configuration):\n${issues.map((i) => `  - ${i}`).join("\n")}`);
  }
}

/**
 * What `npm start` prints on stderr before it exits 78 (EX_CONFIG): every bad key, where the
 * settings are described, and without a bot token the way to run without Slack.
 */
export function configErrorReport(err: ConfigError): string {
  const noToken = err.issues.some((i) => i.startsWith("SLACK_BOT_TOKEN:"));
  const hint = noToken ? "Utan Slack: `npm run sandbox` kör sandlådan lokalt (egen databas, bara på den här datorn).\n" : "";
  return `${err.message}\nSe README.md (Konfiguration) och .env.example.\n${hint}`;
}

/** Parses `env`; throws a ConfigError naming every bad key. Empty strings count as unset. */
export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  return parseWith(configSchema, env);
}

function parseWith<S extends z.ZodObject>(schema: S, env: Record<string, string | undefined>): z.infer<S> {
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== "") cleaned[key] = value.trim();
  }
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => {
      const key = issue.path.join(".") || "(env)";
      const message = issue.code === "invalid_type" && cleaned[key] === undefined ? "saknas (missing)" : issue.message;
      return `${key}: ${message}`;
    });
    throw new ConfigError(issues);
  }
  return result.data;
}

/**
 * The sandbox's own keys (`npm run sandbox`, dev/sandbox/main.ts). It never uses DATABASE_URL: its
 * database is a separate one that it creates and marks itself (dev/sandbox/database.ts).
 */
export const sandboxConfigSchema = z.object({
  NSP_SANDBOX_DATABASE_URL: z.url().default("postgresql://postgres@127.0.0.1:5432/nsp_sandbox"),
  /** Interface the sandbox listens on; it has no login, so only this machine by default. */
  NSP_SANDBOX_HOST: z
    .string()
    .regex(/^[A-Za-z0-9.:-]+$/, "en adress eller ett värdnamn, t.ex. 127.0.0.1 eller 0.0.0.0")
    .default("127.0.0.1"),
  /** The coordinator channel the sandbox's page shows; its own (C0SBXCOORD) when unset. */
  NSP_COORDINATOR_CHANNEL: slackId("[CG]").optional(),
});

export type SandboxConfig = z.infer<typeof sandboxConfigSchema>;

/** Parses the sandbox's keys like `parseConfig`; throws a ConfigError naming every bad key. */
export function parseSandboxConfig(env: Record<string, string | undefined> = process.env): SandboxConfig {
  return parseWith(sandboxConfigSchema, env);
}

/** Loads `.env` from the working directory when present (values already set win). */
export function loadDotEnv(path = ".env"): void {
  try {
    process.loadEnvFile(path);
  } catch (err) {
    if (!(err instanceof Error && "code" in err && err.code === "ENOENT")) throw err;
  }
}
