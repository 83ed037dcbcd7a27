// Transactional outbox of Slack messages. A state change writes its messages here in the same
// transaction; a job delivers them (jobs/deliver-slack-message.ts). The unique `key` (built in
// domain/outbox.ts, "<request id>:<kind>[:<ref id>]" by default) makes each message exist once
// however often a handler runs (double clicks, Slack retries).
import type { Tx } from "../core/db.js";
import { outboxKeys, type BudgetHomeChange, type OutboxKind } from "../domain/outbox.js";

export interface OutboxItem {
  kind: OutboxKind;
  /** The request the message is about; null for messages about the budget as a whole. */
  requestId: number | null;
  /** A second id that makes the key unique for kinds that can happen more than once. */
  refId?: number;
  /** An explicit unique key, for messages keyed by something else (e.g. the day of a summary). */
  key?: string;
}

function outboxKey(item: OutboxItem): string {
  return item.key ?? outboxKeys.request(item.requestId, item.kind, item.refId);
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

// Items that re-publish App Homes (delivered by jobs/publish-home.ts, which picks the audience by
// kind). `requestId` stays null: the row is about people's Homes, not one of a request's messages.

/** The Home refresh after a change to a request (`change`: the audit row's id). */
export function homeRefreshForRequest(requestId: number, change: number): OutboxItem {
  return { kind: "home_refresh", requestId: null, refId: requestId, key: outboxKeys.homeRequest(requestId, change) };
}

/**
 * The Home refreshes for a change of a meeting, one per audience that sees it before or after the
 * change (an edit can move a meeting between groups, or to the whole network). `version` is the
 * meeting's sequence after the change, so each change is queued once however often it is retried.
 */
export function meetingHomeRefreshes(meetingId: number, version: number, groupIds: readonly (number | null)[]): OutboxItem[] {
  const items = new Map<string, OutboxItem>();
  for (const groupId of groupIds) {
    const item: OutboxItem =
      groupId === null
        ? { kind: "home_refresh_network", requestId: null, refId: meetingId, key: outboxKeys.homeNetwork(meetingId, version) }
        : { kind: "home_refresh_group", requestId: null, refId: groupId, key: outboxKeys.homeGroup(groupId, meetingId, version) };
    items.set(outboxKey(item), item);
  }
  return [...items.values()];
}

/** The Home refresh for a change of a period's budget; `change` makes the key unique. */
export function budgetHomeRefresh(periodId: number, change: BudgetHomeChange): OutboxItem {
  return { kind: "home_refresh_budget", requestId: null, refId: periodId, key: outboxKeys.homeBudget(periodId, change) };
}

/** The Home refresh after a case was moved between two organisations (issue #14): both organisations' members, coordinators and admins. */
export function transferHomeRefresh(transferId: number): OutboxItem {
  return { kind: "home_refresh_transfer", requestId: null, refId: transferId, key: outboxKeys.homeTransfer(transferId) };
}
