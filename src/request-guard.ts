// Slack's rule for a signed request: X-Slack-Request-Timestamp within five minutes of now, either
// way. Bolt 5.1's HTTPReceiver rejects only stale timestamps and accepts one dated an hour ahead,
// so this guard answers 401 for a request dated more than five minutes in the future, before Bolt
// sees it (before authorize, before the Events API's early ack). Stale ones Bolt rejects itself.
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";

/** The largest difference between a request's timestamp and our clock that Slack allows. */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

export interface TimestampGuardOptions {
  /** Paths carrying signed Slack requests (POST only); every other request passes untouched. */
  paths: readonly string[];
  /** Current time in ms (tests). */
  now?: () => number;
  /** Called for each rejected request, e.g. to log it. */
  onReject?: (info: { path: string; timestamp: number; skewSeconds: number }) => void;
}

/**
 * True when the header is a number of seconds more than MAX_CLOCK_SKEW_SECONDS ahead of `nowMs`.
 * A missing or malformed header is not this guard's business: Bolt's verification rejects it.
 */
export function isFutureDated(header: string | string[] | undefined, nowMs: number): boolean {
  if (typeof header !== "string" || header.trim() === "") return false;
  const timestamp = Number(header);
  if (!Number.isFinite(timestamp)) return false;
  return timestamp > Math.floor(nowMs / 1000) + MAX_CLOCK_SKEW_SECONDS;
}

/** Wraps a receiver's request listener; future-dated POSTs to `paths` get 401 with no body. */
export function guardFutureTimestamps(listener: RequestListener, opts: TimestampGuardOptions): RequestListener {
  const now = opts.now ?? Date.now;
  return (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const header = req.headers["x-slack-request-timestamp"];
    if (req.method?.toUpperCase() === "POST" && opts.paths.includes(path) && isFutureDated(header, now())) {
      const timestamp = Number(header);
      opts.onReject?.({ path, timestamp, skewSeconds: timestamp - Math.floor(now() / 1000) });
      req.resume(); // drain the unread body so the connection can be reused
      res.writeHead(401);
      res.end();
      return;
    }
    listener(req, res);
  };
}
