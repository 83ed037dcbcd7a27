// Job: deliver one outbox row to Slack. The payload is the row id only; the message is rendered
// from the database at send time, so it always shows the current state and carries no free text
// through Redis.
import { DelayedError, type Job } from "bullmq";
import { ErrorCode, type WebClient } from "@slack/web-api";
import { DEFAULT_DELIVERY_POLICY, isPermanentSlackError, retryDelayMs, type DeliveryPolicy } from "./delivery-policy.js";
import { z } from "zod";
import type { Db, OutboxMessage } from "../src/core/db.js";
import type { Logger } from "../src/core/logger.js";
import { grantedDaysForCase, loadRequest, type LoadedRequest } from "../src/services/requests.js";
import { context } from "../src/views/blocks.js";
import { requestBudget } from "../src/services/budget.js";
import { summaryFor } from "./budget-summary.js";
import { isMeetingOutboxKind, planMeetingMessage } from "./meeting-messages.js";
import { isHomeRefreshKind, refreshHomes } from "./home-refresh.js";
import { todayDate } from "../src/domain/format.js";
import { budgetWarningMessage, requestBudgetBlocks } from "../src/views/budget.js";
import type { OutboxKind } from "../src/services/outbox.js";
import { deadSummary } from "../src/services/outbox-admin.js";
import { deadNoticeMessage } from "../src/views/outbox.js";
import {
  applicantDecision,
  applicantQuestion,
  applicantReceipt,
  coordinatorMessage,
  grantedDaysLine,
  threadDecision,
  threadInfoAnswered,
  threadInfoAsked,
  type SlackMessage,
} from "../src/views/request.js";

export const deliverPayload = z.object({ outboxId: z.number().int().positive() });
export type DeliverPayload = z.infer<typeof deliverPayload>;
export const DELIVER_JOB = "deliver";
export const deliveryJobId = (outboxId: number): string => `outbox-${outboxId}`;

export interface DeliveryDeps {
  db: Db;
  slack: WebClient;
  log: Logger;
  coordinatorChannel: string;
  /** Budget warnings and summaries; the coordinator channel when not set. */
  budgetChannel?: string;
  /** Messages about whole-network meetings; the coordinator channel when not set. */
  networkChannel?: string;
  /** Lease, attempts and backoff (NSP_DELIVERY_*); the defaults when not set. */
  policy?: DeliveryPolicy;
}

/** Waits for something else to be delivered first (e.g. a thread reply for its parent). */
export class NotReadyError extends Error {}

/** A failed attempt to be tried again after `delayMs` (the processor delays the job). */
export class RetryLaterError extends Error {
  constructor(
    readonly delayMs: number,
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

export type ClaimedRow = Pick<OutboxMessage, "id" | "key" | "kind" | "requestId" | "refId" | "attempts">;

/**
 * Claims the row atomically (one statement) with a lease of `leaseMs`; null when it is sent, dead
 * or leased by another worker. `attempts` after the claim identifies this claim (renew, release).
 */
async function claim(db: Db, id: number, leaseMs: number): Promise<ClaimedRow | null> {
  const rows = await db.$queryRaw<ClaimedRow[]>`
    UPDATE "outbox_message" SET "claimed_at" = now(), "lease_until" = now() + make_interval(secs => ${leaseMs / 1000}),
           "attempts" = "attempts" + 1
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
async function markSent(db: Db, row: ClaimedRow, requestId: number | null, target: { channel: string; ts: string }): Promise<void> {
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

export type Send =
  | { method: "post"; channel: string; threadTs?: string; message: SlackMessage }
  | { method: "update"; channel: string; ts: string; message: SlackMessage };

async function sentRow(db: Db, key: string): Promise<{ channel: string; ts: string }> {
  const row = await db.outboxMessage.findUnique({ where: { key } });
  if (!row || row.status !== "sent" || !row.channel || !row.ts) throw new NotReadyError(`waiting for ${key}`);
  return { channel: row.channel, ts: row.ts };
}

function parent(r: LoadedRequest): { channel: string; ts: string } {
  if (!r.coordChannel || !r.coordTs) throw new NotReadyError("coordinator message not posted yet");
  return { channel: r.coordChannel, ts: r.coordTs };
}

/** The coordinator message with the money the request would take now. */
async function coordinatorMessageNow(db: Db, r: LoadedRequest): Promise<SlackMessage> {
  const open = r.status === "received" || r.status === "under_review";
  if (!open) return coordinatorMessage(r);
  const budget = requestBudgetBlocks(await requestBudget(db, r), { requestId: r.id });
  const capType = r.type === "rest" || r.type === "integration" ? r.type : null;
  if (capType && r.caseId && r.period) {
    const days = await grantedDaysForCase(db, r.caseId, capType);
    const max = capType === "rest" ? r.period.restMaxDays : r.period.integrationMaxDays;
    budget.push(context(grantedDaysLine(days, max)));
  }
  return coordinatorMessage(r, budget);
}

async function planBudget(deps: DeliveryDeps, row: ClaimedRow, kind: "budget_warning" | "budget_summary"): Promise<Send> {
  const channel = deps.budgetChannel ?? deps.coordinatorChannel;
  if (row.refId === null) throw new Error(`${kind} without ref`);
  if (kind === "budget_warning") {
    const w = await deps.db.budgetWarning.findUnique({ where: { id: row.refId }, include: { category: { include: { period: true } } } });
    if (!w) throw new Error(`budget warning ${row.refId} not found`);
    const message = budgetWarningMessage({ period: w.category.period.name, category: w.category.name, threshold: w.threshold, committed: w.committed, available: w.available });
    return { method: "post", channel, message };
  }
  // The summary is rendered for the day it was due (in its key), with the figures of now.
  const day = /:(\d{4}-\d{2}-\d{2})$/.exec(row.key)?.[1];
  const summary = await summaryFor(deps.db, row.refId, day ? new Date(`${day}T00:00:00.000Z`) : todayDate());
  if (!summary) throw new Error(`budget period ${row.refId} not found`);
  return { method: "post", channel, message: summary };
}

/** The daily notice to one admin, rendered now (the rows may have been retried since). */
async function planDeadNotice(deps: DeliveryDeps, row: ClaimedRow): Promise<Send> {
  if (row.refId === null) throw new Error("dead_notice without ref");
  const admin = await deps.db.member.findUnique({ where: { id: row.refId }, select: { slackUserId: true } });
  if (!admin) throw new Error(`member ${row.refId} not found`);
  return { method: "post", channel: admin.slackUserId, message: deadNoticeMessage(await deadSummary(deps.db)) };
}

async function plan(deps: DeliveryDeps, row: ClaimedRow): Promise<Send> {
  const kind = row.kind as OutboxKind;
  if (kind === "budget_warning" || kind === "budget_summary") return planBudget(deps, row, kind);
  if (kind === "dead_notice") return planDeadNotice(deps, row);
  if (isMeetingOutboxKind(kind)) return planMeetingMessage(deps, row, kind);
  if (isHomeRefreshKind(kind)) throw new Error(`${kind} is published (refreshHomes), not posted`);
  if (row.requestId === null) throw new Error("outbox row without request");
  const r = await loadRequest(deps.db, row.requestId);
  if (!r) throw new Error(`request ${row.requestId} not found`);
  const info = r.infoRequests.find((i) => i.id === row.refId);
  switch (kind) {
    case "coord_notice":
      return { method: "post", channel: deps.coordinatorChannel, message: await coordinatorMessageNow(deps.db, r) };
    case "coord_refresh":
      return { method: "update", ...parent(r), message: await coordinatorMessageNow(deps.db, r) };
    case "applicant_receipt":
      return { method: "post", channel: r.applicantSlackId, message: applicantReceipt(r) };
    case "thread_decision": {
      const p = parent(r);
      return { method: "post", channel: p.channel, threadTs: p.ts, message: threadDecision(r) };
    }
    case "applicant_decision":
      return { method: "post", channel: r.applicantSlackId, message: applicantDecision(r) };
    case "thread_info_asked": {
      const p = parent(r);
      return { method: "post", channel: p.channel, threadTs: p.ts, message: threadInfoAsked(r, info?.askedBy ?? "?") };
    }
    case "applicant_info_question":
      if (!info) throw new Error(`info request ${row.refId} not found`);
      return { method: "post", channel: r.applicantSlackId, message: applicantQuestion(r, info) };
    case "thread_info_answered": {
      const p = parent(r);
      return { method: "post", channel: p.channel, threadTs: p.ts, message: threadInfoAnswered(r) };
    }
    case "applicant_info_answered": {
      if (!info) throw new Error(`info request ${row.refId} not found`);
      const question = await sentRow(deps.db, `${r.id}:applicant_info_question:${info.id}`);
      return { method: "update", ...question, message: applicantQuestion(r, info) };
    }
  }
}

async function send(slack: WebClient, s: Send): Promise<{ channel: string; ts: string }> {
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
    const target = isHomeRefreshKind(row.kind) ? await refreshHomes(deps, { ...row, kind: row.kind }) : await send(deps.slack, await plan(deps, row));
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
 * The BullMQ processor: validates the payload; a failed attempt is delayed by its backoff (or
 * Slack's Retry-After); a row leased by a worker that may have died is tried again the moment its
 * lease ends, not at the next sweep.
 */
export function deliveryProcessor(deps: DeliveryDeps) {
  return async (job: Job, token?: string): Promise<DeliveryOutcome> => {
    const { outboxId } = deliverPayload.parse(job.data);
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
  };
}
