// Structured logs without personal data. Log ids (request id, case ref, Slack user id), never
// request bodies, view state or free text; the redact paths are the backstop for mistakes.
import { LogLevel, type Logger as BoltLogger } from "@slack/bolt";
import { pino, type Logger } from "pino";

export type { Logger };

const REDACT = [
  "body", "*.body", "payload", "*.payload", "view", "*.view", "values", "*.values", "text", "*.text",
  "justification", "*.justification", "reason", "*.reason", "question", "*.question", "answer", "*.answer",
  "blocks", "*.blocks", "args", "*.args",
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const options = { level, base: { app: "nsp" }, redact: { paths: REDACT, censor: "[redacted]" } };
  return destination ? pino(options, destination) : pino(options);
}

/** Bolt's logger interface over pino. Bolt's own messages never carry request bodies at info. */
export function boltLogger(log: Logger): BoltLogger {
  let level: LogLevel = LogLevel.WARN;
  const child = log.child({ component: "bolt" });
  const text = (msg: unknown[]) => msg.map((m) => (m instanceof Error ? m.message : String(m))).join(" ");
  return {
    debug: (...msg) => child.debug(text(msg)),
    info: (...msg) => child.info(text(msg)),
    warn: (...msg) => child.warn(text(msg)),
    error: (...msg) => child.error(text(msg)),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
