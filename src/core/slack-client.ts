// Options of every Slack Web API client the app creates (Bolt's, auth.test's, the workers'): a
// timeout on each call (NSP_SLACK_TIMEOUT_MS; @slack/web-api has none by default, and a call that
// never answers held a worker forever), and no retries inside the client (a listener serves a user
// who is waiting; in the workers the queue owns retries, and a client retrying for ~30 min would
// outlive the job's lock).
// `fetch` carries the same timeout to the calls that do not go through the Web API client: Bolt
// posts respond()'s answers to the response_url with `clientOptions.fetch` (else the global fetch,
// which has no overall timeout: undici waits up to its default headersTimeout of 300 s).
import { LogLevel, type FetchFunction, type WebClientOptions } from "@slack/web-api";
import type { Config } from "./config.js";

export function slackClientOptions(config: Pick<Config, "SLACK_API_URL" | "NSP_SLACK_TIMEOUT_MS">): WebClientOptions {
  return {
    ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
    timeout: config.NSP_SLACK_TIMEOUT_MS,
    fetch: fetchWithTimeout(config.NSP_SLACK_TIMEOUT_MS),
    retryConfig: { retries: 0 },
    // A failed call is logged by the caller (with the row it was for); the client's own warning
    // would only repeat it on stderr.
    logLevel: LogLevel.ERROR,
  };
}

/** The global fetch, aborted after `timeoutMs` unless the caller brings its own signal (the Web API client does). */
export function fetchWithTimeout(timeoutMs: number): FetchFunction {
  return (url, init) => fetch(url, { ...init, signal: init?.signal ?? AbortSignal.timeout(timeoutMs) });
}
