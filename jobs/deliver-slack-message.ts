// Job: deliver one outbox row to Slack. The payload is the row id only; the message is rendered
// from the database at send time, so it always shows the current state and carries no free text
// through Redis.
import { DelayedError, type Job } from "bullmq";
import { ErrorCode, type WebClient } from "@slack/web-api";
import { DEFAULT_DELIVERY_POLICY, isPermanentSlackError, retryDelayMs } from "./delivery-policy.js";
import { z } from "zod";
import type { Db } from "../src/core/db.js";
import { NotReadyError, type ClaimedRow, type DeliveryDeps, type Send, type SentTarget } from "./delivery-types.js";
import { render } from "./outbox-renderers.js";
import { COALESCING_KINDS } from "../src/domain/outbox.js";
import { runDeadNoticeCheck } from "../src/services/outbox-admin.js";
import { defineJob } from "./define.js";
import { stalledJobOptions } from "./delivery-policy.js";
import { summaryTimePassed } from "./budget-summary.js";
import { caseClockSteps } from "./case-clocks.js";
import { retentionSteps } from "./retention.js";

export const DELIVERY_QUEUE = "slack-delivery";
export const DELIVER_JOB = "deliver";
export const deliverPayload = z.object({ outboxId: z.number().int().positive() });
export type DeliverPayload = z.infer<typeof deliverPayload>;
export const deliveryJobId = (outboxId: number): string => `outbox-${outboxId}`;
export const DELIVERY_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: "exponential", delay: 1000 },
  removeOnComplete: true,
  // Failed jobs are removed too: the outbox row stays pending and the sweep queues it again.
  removeOnFail: true,
} as const;

/** A failed attempt to be tried again after `delayMs` (the processor delays the job). */
export class RetryLaterError extends Error {
  constructor(
    readonly delayMs: number,
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

/**
 * Claims the row atomically (one statement) with a lease of `leaseMs`; null when it is sent, dead
 * or leased by another worker. `attempts` after the claim identifies this claim (renew, release).
 * A row of a coalescing kind gets its claimed key (`claimedKey` in src/domain/outbox.ts) in the
 * same statement, so a change committed from now on queues a new row instead of joining this one;
 * the statement waits for a change that joined the row and has not committed yet (it holds the
 * row's lock), so this claim's render sees that change.
 */
async function claim(db: Db, id: number, leaseMs: number): Promise<ClaimedRow | null> {
  const coalescing: string[] = [...COALESCING_KINDS];
  const rows = await db.$queryRaw<ClaimedRow[]>`
    UPDATE "outbox_message" SET "claimed_at" = now(), "lease_until" = now() + make_interval(secs => ${leaseMs / 1000}),
           "attempts" = "attempts" + 1,
           "key" = CASE WHEN "kind" = ANY(${coalescing}::text[]) AND "key" NOT LIKE ('%:' || "id"::text) THEN "key" || ':' || "id"::text ELSE "key" END
    WHERE "id" = ${id} AND "status" = 'pending' AND ("lease_until" IS NULL OR "lease_until" < now())
    RETURNING "id", "key", "kind", "request_id" AS "requestId", "ref_id" AS "refId", "attempts"`;
  return rows[0] ?? null;
}

/**
 * Keeps the claim alive while Slack is being called: every third of the lease, the lease is
 * extended, as long as the row is still this claim's. A crashed process renews nothing, so its
 * rows are free again within one lease.
 */
function renewWhileInFlight(deps: DeliveryDeps, row: ClaimedRow, leaseMs: number): () => void {
  const timer = setInterval(() => {
    deps.db.$executeRaw`
      UPDATE "outbox_message" SET "lease_until" = now() + make_interval(secs => ${leaseMs / 1000})
      WHERE "id" = ${row.id} AND "status" = 'pending' AND "attempts" = ${row.attempts} AND "lease_until" IS NOT NULL`.catch((err: unknown) =>
      deps.log.warn({ outboxId: row.id, error: err instanceof Error ? err.message : String(err) }, "outbox lease renewal failed"),
    );
  }, Math.max(200, Math.floor(leaseMs / 3)));
  timer.unref();
  return () => clearInterval(timer);
}

/** Milliseconds until another worker's lease on a pending row ends; null when the row is not leased. */
export async function leaseRemainingMs(db: Db, id: number): Promise<number | null> {
  const rows = await db.$queryRaw<{ ms: number }[]>`
    SELECT CEIL(EXTRACT(EPOCH FROM ("lease_until" - now())) * 1000)::int AS "ms" FROM "outbox_message"
    WHERE "id" = ${id} AND "status" = 'pending' AND "lease_until" > now()`;
  return rows[0]?.ms ?? null;
}

/** Marks the row sent and, for the coordinator notice, records where it landed: one statement. */
async function markSent(db: Db, row: ClaimedRow, requestId: number | null, target: SentTarget): Promise<void> {
  const isNotice = row.kind === "coord_notice";
  await db.$executeRaw`
    WITH "req" AS (
      UPDATE "request" SET "coord_channel" = ${target.channel}, "coord_ts" = ${target.ts}, "updated_at" = now()
      WHERE "id" = ${requestId} AND ${isNotice}
    )
    UPDATE "outbox_message" SET "status" = 'sent', "channel" = ${target.channel}, "ts" = ${target.ts},
           "sent_at" = now(), "claimed_at" = NULL, "lease_until" = NULL, "last_error" = NULL
    WHERE "id" = ${row.id}`;
}

/** A row whose message is no longer wanted: done (status sent), no channel, the reason in last_error. */
async function markNothingToSend(db: Db, row: ClaimedRow, reason: string): Promise<void> {
  await db.outboxMessage.update({
    where: { id: row.id },
    data: { status: "sent", channel: null, ts: null, sentAt: new Date(), claimedAt: null, leaseUntil: null, lastError: `skipped: ${reason}`.slice(0, 200) },
  });
}

async function send(slack: WebClient, s: Exclude<Send, { method: "none" }>): Promise<SentTarget> {
  if (s.method === "published") return s.target;
  if (s.method === "post") {
    const res = await slack.chat.postMessage({
      channel: s.channel,
      text: s.message.text,
      blocks: s.message.blocks,
      ...(s.threadTs ? { thread_ts: s.threadTs } : {}),
      unfurl_links: false,
      unfurl_media: false,
    });
    return { channel: res.channel ?? s.channel, ts: res.ts ?? "" };
  }
  const res = await slack.chat.update({ channel: s.channel, ts: s.ts, text: s.message.text, blocks: s.message.blocks });
  return { channel: res.channel ?? s.channel, ts: res.ts ?? s.ts };
}

function errorCode(err: unknown): string {
  if (err instanceof NotReadyError) return "not_ready";
  if (typeof err === "object" && err !== null && "code" in err && err.code === ErrorCode.PlatformError && "data" in err) {
    const data = err.data;
    if (typeof data === "object" && data !== null && "error" in data) return String(data.error);
  }
  if (typeof err === "object" && err !== null && "code" in err) return String(err.code);
  return err instanceof Error ? err.message.slice(0, 200) : "unknown";
}

function retryAfterSeconds(err: unknown): number | null {
  if (typeof err === "object" && err !== null && "code" in err && err.code === ErrorCode.RateLimitedError && "retryAfter" in err) {
    return Number(err.retryAfter) || 1;
  }
  return null;
}

export type DeliveryOutcome = "sent" | "skipped" | "dead";

/**
 * Delivers one outbox row; never sends a row twice. A failure releases the claim and throws a
 * RetryLaterError (the processor delays the job by the backoff, or by Slack's Retry-After); after
 * the policy's last attempt, or at once on a Slack error no retry can fix (PERMANENT_SLACK_ERRORS),
 * the row becomes dead instead (kept for `outbox retry`), except while it only waits for another
 * message (NotReadyError), which never kills it.
 */
export async function deliverOutboxRow(deps: DeliveryDeps, outboxId: number): Promise<DeliveryOutcome> {
  const policy = deps.policy ?? DEFAULT_DELIVERY_POLICY;
  const row = await claim(deps.db, outboxId, policy.leaseMs);
  if (!row) return "skipped"; // sent already, dead, or another worker holds it
  const stopRenewing = renewWhileInFlight(deps, row, policy.leaseMs);
  try {
    const rendered = await render(deps, row);
    if (rendered.method === "none") {
      stopRenewing();
      await markNothingToSend(deps.db, row, rendered.reason);
      deps.log.info({ outboxId, kind: row.kind, requestId: row.requestId, reason: rendered.reason }, "outbox row no longer wanted: nothing posted");
      return "sent";
    }
    const target = await send(deps.slack, rendered);
    stopRenewing();
    await markSent(deps.db, row, row.requestId, target);
    deps.log.info({ outboxId, kind: row.kind, requestId: row.requestId }, "slack message delivered");
    return "sent";
  } catch (err) {
    stopRenewing();
    const code = errorCode(err).slice(0, 200);
    // Dead after the last attempt, or at once when Slack's answer cannot change on a retry.
    const dead = (row.attempts >= policy.maxAttempts && !(err instanceof NotReadyError)) || isPermanentSlackError(err);
    // Released only if still this claim's (attempts identifies it).
    await deps.db.outboxMessage.updateMany({
      where: { id: row.id, status: "pending", attempts: row.attempts },
      data: { claimedAt: null, leaseUntil: null, lastError: code, ...(dead ? { status: "dead", deadAt: new Date() } : {}) },
    });
    if (dead) {
      deps.log.error({ outboxId, kind: row.kind, error: code, attempts: row.attempts }, row.attempts >= policy.maxAttempts ? "slack delivery gave up: message is dead (npm run admin -- outbox retry)" : "slack refused the message: dead at once (fix the cause, then npm run admin -- outbox retry)");
      return "dead";
    }
    deps.log.warn({ outboxId, kind: row.kind, error: code, attempts: row.attempts }, "slack delivery failed; retrying");
    const retryAfter = retryAfterSeconds(err);
    throw new RetryLaterError(retryAfter !== null ? retryAfter * 1000 : retryDelayMs(policy, row.attempts), err);
  }
}

/**
 * The job's handler (the payload is validated by the definition): a failed attempt is delayed by
 * its backoff (or Slack's Retry-After); a row leased by a worker that may have died is tried again
 * the moment its lease ends, not at the next sweep.
 */
async function deliverJob(deps: DeliveryDeps, outboxId: number, job: Job, token?: string): Promise<DeliveryOutcome> {
  let delayMs: number | null = null;
  try {
    const outcome = await deliverOutboxRow(deps, outboxId);
    if (outcome !== "skipped") return outcome;
    const lease = await leaseRemainingMs(deps.db, outboxId);
    if (lease === null) return outcome;
    delayMs = lease + 50;
  } catch (err) {
    if (!(err instanceof RetryLaterError) || !token) throw err;
    delayMs = err.delayMs;
  }
  if (!token) return "skipped";
  await job.moveToDelayed(Date.now() + delayMs, token);
  throw new DelayedError();
}

export const deliverSlackMessage = defineJob({
  name: DELIVER_JOB,
  queue: DELIVERY_QUEUE,
  payload: deliverPayload,
  jobId: deliveryJobId,
  data: (outboxId: number): DeliverPayload => ({ outboxId }),
  options: DELIVERY_JOB_OPTIONS,
  worker: ({ deps, settings }) => ({
    concurrency: settings.concurrency ?? 10,
    limiter: { max: settings.ratePerSecond, duration: 1000 },
    ...stalledJobOptions(deps.policy ?? DEFAULT_DELIVERY_POLICY),
  }),
  handler:
    ({ deps }) =>
    (payload, job, token) =>
      deliverJob(deps, payload.outboxId, job, token),
  sweep: ({ deps, settings, dispatcher }) => {
    const at = settings.deadNoticeAt;
    // The clocks of issue #12 (jobs/case-clocks.ts) are sweep steps of the delivery, which always runs.
    // So is the daily retention step of issue #14 (jobs/retention.ts).
    if (!at) return [...caseClockSteps({ deps, settings, dispatcher }), ...retentionSteps({ deps, settings, dispatcher })];
    // A plain sweep step (at least once a minute), nothing kept in Redis: the first sweep after
    // `at` on a day with dead rows queues the notice; Postgres makes it once per day.
    return [
      async () => {
        const now = new Date();
        if (summaryTimePassed(now, at)) await dispatcher.dispatch(await runDeadNoticeCheck(deps.db, now));
      },
      ...caseClockSteps({ deps, settings, dispatcher }),
      ...retentionSteps({ deps, settings, dispatcher }),
    ];
  },
});
