// What the outbox delivery and its renderers share (kept apart so that the renderers need not
// import deliver-slack-message.ts, which imports them).
import type { WebClient } from "@slack/web-api";
import type { Db, OutboxMessage } from "../src/core/db.js";
import type { Logger } from "../src/core/logger.js";
import type { SlackMessage } from "../src/views/request.js";
import type { DeliveryPolicy } from "./delivery-policy.js";

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
  /** The digest's threshold (NSP_DECISION_DIGEST_WORKDAYS); the default when not set. */
  clocks?: { digestWorkdays: number };
}

export type ClaimedRow = Pick<OutboxMessage, "id" | "key" | "kind" | "requestId" | "refId" | "attempts">;

/** Where a delivered row landed (markSent records it). */
export interface SentTarget {
  channel: string;
  ts: string;
}

/**
 * What a renderer asks for: a post, an update of a message already sent, nothing more (the
 * renderer published App Homes itself, which is not one message), or nothing at all.
 */
export type Send =
  | { method: "post"; channel: string; threadTs?: string; message: SlackMessage }
  | { method: "update"; channel: string; ts: string; message: SlackMessage }
  | { method: "published"; target: SentTarget }
  /** Nothing to post any more (a reminder whose case was closed or request decided meanwhile): marked sent without a channel, `reason` in last_error. */
  | { method: "none"; reason: string };

/** Renders one claimed row of a kind from the database as it is now. */
export type Renderer = (deps: DeliveryDeps, row: ClaimedRow) => Promise<Send>;

/** Waits for something else to be delivered first (e.g. a thread reply for its parent). */
export class NotReadyError extends Error {}
