// Transactional outbox of Slack messages. A state change writes its messages here in the same
// transaction; a job delivers them. The unique `key` is "<request id>:<kind>[:<ref id>]", so each
// (request, message kind) exists once however often a handler runs (double clicks, Slack retries).
import type { Tx } from "../core/db.js";

export const OUTBOX_KINDS = [
  "coord_notice", // the coordinator channel message with the decision buttons
  "coord_refresh", // chat.update of that message after a state change
  "applicant_receipt", // DM: request received
  "thread_decision", // thread reply: the outcome
  "applicant_decision", // DM: the outcome and the reason
  "thread_info_asked", // thread reply: more information was asked for
  "applicant_info_question", // DM: the question, with a button to answer
  "thread_info_answered", // thread reply: the answer arrived
  "applicant_info_answered", // chat.update of the question DM: the answer button is removed
  "budget_warning", // budget channel: a category passed a threshold (ref = budget_warning id)
  "budget_summary", // budget channel: the daily summary (ref = period id; key holds the day)
  "home_refresh", // views.publish of the App Home of everyone a request concerns (ref = request id; key "home:<request>:<audit id>")
  "home_refresh_group", // … of a working group's members, its convener, coordinators and admins after a meeting of the group changed (ref = group id)
  "home_refresh_network", // … of everyone after a whole-network meeting changed (ref = meeting id)
  "home_refresh_budget", // … of coordinators and admins after the budget changed without a request (ref = period id)
  "meeting_cancelled", // meeting channel: a meeting whose reminder went out is cancelled (ref = meeting id)
  "meeting_changed", // meeting channel: time or place of a reminded meeting changed (ref = meeting id; key holds the sequence)
  "meeting_reminder_refresh", // chat.update of a sent reminder after an edit/cancel (ref = reminder id; key holds the sequence)
  "dead_notice", // DM to an admin: Slack messages are dead (ref = member id; key "dead_notice:<day>:<member id>")
] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

export interface OutboxItem {
  kind: OutboxKind;
  /** The request the message is about; null for messages about the budget as a whole. */
  requestId: number | null;
  /** A second id that makes the key unique for kinds that can happen more than once. */
  refId?: number;
  /** An explicit unique key, for messages keyed by something else (e.g. the day of a summary). */
  key?: string;
}

export function outboxKey(item: OutboxItem): string {
  if (item.key) return item.key;
  const owner = item.requestId ?? "budget";
  return item.refId === undefined ? `${owner}:${item.kind}` : `${owner}:${item.kind}:${item.refId}`;
}

/** Adds the items (ignoring ones already there) and returns the ids of the rows, new or old. */
export async function addToOutbox(tx: Tx, items: OutboxItem[]): Promise<number[]> {
  if (items.length === 0) return [];
  const keys = items.map(outboxKey);
  await tx.outboxMessage.createMany({
    data: items.map((item, i) => ({
      key: keys[i] as string,
      kind: item.kind,
      requestId: item.requestId,
      refId: item.refId ?? null,
    })),
    skipDuplicates: true,
  });
  const rows = await tx.outboxMessage.findMany({ where: { key: { in: keys } }, select: { id: true } });
  return rows.map((r) => r.id);
}
