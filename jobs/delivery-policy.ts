// How Slack deliveries are retried, leased and given up (NSP_DELIVERY_* in src/core/config.ts). Plain
// values and pure functions, shared by the outbox delivery and the meeting reminders.
import { ErrorCode } from "@slack/web-api";
import type { Config } from "../src/core/config.js";

export interface DeliveryPolicy {
  /** A claim holds a row this long (ms) and is renewed every third of it while the call is in flight. */
  leaseMs: number;
  /** Attempts before an outbox row becomes dead. */
  maxAttempts: number;
  /** Wait before the 2nd attempt (ms), doubled per attempt … */
  backoffMs: number;
  /** … up to this (ms). */
  backoffMaxMs: number;
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = { leaseMs: 15_000, maxAttempts: 25, backoffMs: 1000, backoffMaxMs: 300_000 };

export function deliveryPolicy(config: Pick<Config, "NSP_DELIVERY_LEASE_MS" | "NSP_DELIVERY_MAX_ATTEMPTS" | "NSP_DELIVERY_BACKOFF_MS" | "NSP_DELIVERY_BACKOFF_MAX_MS">): DeliveryPolicy {
  return {
    leaseMs: config.NSP_DELIVERY_LEASE_MS,
    maxAttempts: config.NSP_DELIVERY_MAX_ATTEMPTS,
    backoffMs: config.NSP_DELIVERY_BACKOFF_MS,
    backoffMaxMs: config.NSP_DELIVERY_BACKOFF_MAX_MS,
  };
}

/** The wait after the `attempts`-th failed attempt (1-based): backoff · 2^(attempts−1), capped. */
export function retryDelayMs(policy: DeliveryPolicy, attempts: number): number {
  const exp = Math.min(Math.max(attempts - 1, 0), 30);
  return Math.min(policy.backoffMs * 2 ** exp, policy.backoffMaxMs);
}

/** How long a message is retried before it is dead (the waits between its attempts, calls not counted). */
export function retryWindowMs(policy: DeliveryPolicy): number {
  let total = 0;
  for (let n = 1; n < policy.maxAttempts; n++) total += retryDelayMs(policy, n);
  return total;
}

/**
 * BullMQ's view of a crashed worker: its active job's lock expires after one lease and is found
 * by a stalled-job check that runs several times per lease (defaults 30 s + 30 s), so the job runs
 * again on a live worker soon after the row's own lease in Postgres has ended.
 */
export function stalledJobOptions(policy: DeliveryPolicy): { lockDuration: number; stalledInterval: number; maxStalledCount: number } {
  return { lockDuration: policy.leaseMs, stalledInterval: Math.max(1000, Math.floor(policy.leaseMs / 3)), maxStalledCount: 10 };
}

/**
 * Slack error codes (`{ ok: false, error }`) that no retry of the same call can fix: the channel
 * or message is gone, the bot is not in the channel, the message is invalid, or the token or its
 * scopes are wrong. A row that gets one becomes dead at once instead of being retried for the
 * whole window; it stays listed and `retry` re-drives it once an operator has fixed the cause
 * (invited the bot, unarchived the channel, replaced the token). Rate limits, 5xx, `internal_error`,
 * `fatal_error`, `service_unavailable`, timeouts and network errors are not here: they are retried.
 */
export const PERMANENT_SLACK_ERRORS: ReadonlySet<string> = new Set([
  // the target
  "channel_not_found",
  "not_in_channel",
  "is_archived",
  "user_not_found",
  "user_disabled",
  "cannot_dm_bot",
  "message_not_found",
  "cant_update_message",
  "edit_window_closed",
  "restricted_action",
  "restricted_action_read_only_channel",
  "restricted_action_thread_only_channel",
  "restricted_action_non_threadable_channel",
  // the message
  "invalid_blocks",
  "invalid_blocks_format",
  "invalid_arguments",
  "invalid_arg_name",
  "invalid_array_arg",
  "invalid_charset",
  "invalid_form_data",
  "invalid_post_type",
  "msg_too_long",
  "no_text",
  "too_many_attachments",
  "too_many_contact_cards",
  "duplicate_message_not_found",
  // the token (a configuration error: an operator fixes it, then retries)
  "invalid_auth",
  "not_authed",
  "account_inactive",
  "token_revoked",
  "token_expired",
  "no_permission",
  "missing_scope",
  "not_allowed_token_type",
  "team_access_not_granted",
  "ekm_access_denied",
]);

/** The Slack error code of a Web API platform error (`{ ok: false, error }`), else null. */
export function slackPlatformErrorCode(err: unknown): string | null {
  if (typeof err !== "object" || err === null || !("code" in err) || err.code !== ErrorCode.PlatformError || !("data" in err)) return null;
  const data = err.data;
  return typeof data === "object" && data !== null && "error" in data && typeof data.error === "string" ? data.error : null;
}

/** True when Slack answered with an error no retry of the same call can fix (see above). */
export function isPermanentSlackError(err: unknown): boolean {
  const code = slackPlatformErrorCode(err);
  return code !== null && PERMANENT_SLACK_ERRORS.has(code);
}
