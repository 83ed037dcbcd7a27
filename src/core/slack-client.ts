// Options of every Slack Web API client the app creates (Bolt's, auth.test's, the workers'): a
// timeout on each call (NSP_SLACK_TIMEOUT_MS; @slack/web-api has none by default, and a call that
// never answers held a worker forever), and no retries inside the client (a listener serves a user
// who is waiting; in the workers the queue owns retries, and a client retrying for ~30 min would
// outlive the job's lock).
import { LogLevel, type WebClientOptions } from "@slack/web-api";
import type { Config } from "./config.js";

export function slackClientOptions(config: Pick<Config, "SLACK_API_URL" | "NSP_SLACK_TIMEOUT_MS">): WebClientOptions {
  return {
    ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
    timeout: config.NSP_SLACK_TIMEOUT_MS,
    retryConfig: { retries: 0 },
    // A failed call is logged by the caller (with the row it was for); the client's own warning
    // would only repeat it on stderr.
    logLevel: LogLevel.ERROR,
  };
}
