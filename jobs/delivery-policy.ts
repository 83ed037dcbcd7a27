// How Slack deliveries are retried, leased and given up (NSP_DELIVERY_* in src/core/config.ts). Plain
// values and pure functions, shared by the outbox delivery and the meeting reminders.
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
