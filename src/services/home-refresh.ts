// Outbox items that re-publish App Homes after a change that is not about a request (those are in
// services/requests.ts). Kept apart from services/home.ts, which reads meetings and the budget, so
// the meeting and budget services can queue refreshes without an import cycle. Delivered by
// jobs/home-refresh.ts, which picks the audience by kind.
import type { OutboxItem } from "./outbox.js";

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
        ? { kind: "home_refresh_network", requestId: null, refId: meetingId, key: `home:network:${meetingId}:${version}` }
        : { kind: "home_refresh_group", requestId: null, refId: groupId, key: `home:group:${groupId}:${meetingId}:${version}` };
    items.set(item.key ?? "", item);
  }
  return [...items.values()];
}

/** The Home refresh for a change of a period's budget; `change` makes the key unique (e.g. "transfer:12"). */
export function budgetHomeRefresh(periodId: number, change: string): OutboxItem {
  return { kind: "home_refresh_budget", requestId: null, refId: periodId, key: `home:budget:${periodId}:${change}` };
}
