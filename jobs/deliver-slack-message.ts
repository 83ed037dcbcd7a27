// Job: deliver one outbox row to Slack. The payload is the row id only; the message is rendered
// from the database at send time, so it always shows the current state and carries no free text
// through Redis.
import { DelayedError, type Job } from "bullmq";
import { ErrorCode, type WebClient } from "@slack/web-api";
import { z } from "zod";
import type { Db, OutboxMessage } from "../src/db.js";
import type { Logger } from "../src/logger.js";
import { grantedDaysForCase, loadRequest, type LoadedRequest } from "../src/services/requests.js";
import { context } from "../src/views/blocks.js";
import { requestBudget } from "../src/services/budget.js";
import { summaryFor } from "./budget-summary.js";
import { isMeetingOutboxKind, planMeetingMessage } from "./meeting-messages.js";
import { isHomeRefreshKind, refreshHomes } from "./home-refresh.js";
import { todayDate } from "../src/domain/format.js";
import { budgetWarningMessage, requestBudgetBlocks } from "../src/views/budget.js";
import type { OutboxKind } from "../src/services/outbox.js";
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
}

/** A claim older than this is considered abandoned (a worker died mid-send) and may be taken. */
const CLAIM_TTL_SECONDS = 120;
export const MAX_DELIVERY_ATTEMPTS = 25;

/** Waits for something else to be delivered first (e.g. a thread reply for its parent). */
export class NotReadyError extends Error {}

export type ClaimedRow = Pick<OutboxMessage, "id" | "key" | "kind" | "requestId" | "refId" | "attempts">;

/** Claims the row atomically (one statement); null when it is sent, failed or held by another worker. */
async function claim(db: Db, id: number): Promise<ClaimedRow | null> {
  const rows = await db.$queryRaw<ClaimedRow[]>`
    UPDATE "outbox_message" SET "claimed_at" = now(), "attempts" = "attempts" + 1
    WHERE "id" = ${id} AND "status" = 'pending'
      AND ("claimed_at" IS NULL OR "claimed_at" < now() - make_interval(secs => ${CLAIM_TTL_SECONDS}))
    RETURNING "id", "key", "kind", "request_id" AS "requestId", "ref_id" AS "refId", "attempts"`;
  return rows[0] ?? null;
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
           "sent_at" = now(), "claimed_at" = NULL, "last_error" = NULL
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

async function plan(deps: DeliveryDeps, row: ClaimedRow): Promise<Send> {
  const kind = row.kind as OutboxKind;
  if (kind === "budget_warning" || kind === "budget_summary") return planBudget(deps, row, kind);
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

export type DeliveryOutcome = "sent" | "skipped";

/** Delivers one outbox row. Throws on failure (the queue retries); never sends a row twice. */
export async function deliverOutboxRow(deps: DeliveryDeps, outboxId: number): Promise<DeliveryOutcome> {
  const row = await claim(deps.db, outboxId);
  if (!row) return "skipped"; // sent already, failed for good, or another worker holds it
  try {
    const target = isHomeRefreshKind(row.kind) ? await refreshHomes(deps, { ...row, kind: row.kind }) : await send(deps.slack, await plan(deps, row));
    await markSent(deps.db, row, row.requestId, target);
    deps.log.info({ outboxId, kind: row.kind, requestId: row.requestId }, "slack message delivered");
    return "sent";
  } catch (err) {
    const code = errorCode(err);
    const giveUp = row.attempts >= MAX_DELIVERY_ATTEMPTS && !(err instanceof NotReadyError);
    await deps.db.outboxMessage.update({
      where: { id: row.id },
      data: { claimedAt: null, lastError: code, ...(giveUp ? { status: "failed" } : {}) },
    });
    (giveUp ? deps.log.error : deps.log.warn).call(deps.log, { outboxId, kind: row.kind, error: code, attempts: row.attempts }, "slack delivery failed");
    throw err;
  }
}

/** The BullMQ processor: validates the payload, honours Slack's Retry-After on 429. */
export function deliveryProcessor(deps: DeliveryDeps) {
  return async (job: Job, token?: string): Promise<DeliveryOutcome> => {
    const { outboxId } = deliverPayload.parse(job.data);
    try {
      return await deliverOutboxRow(deps, outboxId);
    } catch (err) {
      const retryAfter = retryAfterSeconds(err);
      if (retryAfter !== null && token) {
        await job.moveToDelayed(Date.now() + retryAfter * 1000, token);
        throw new DelayedError();
      }
      throw err;
    }
  };
}
