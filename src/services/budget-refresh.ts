// After a change of a period's budget categories (a decision's money, a transfer, an allocation;
// later a payment), the coordinator message of every open request of that period that shows one of
// those categories is updated (outbox kind "coord_budget_refresh", rendered by
// jobs/render-request.ts from the request and the budget as they are at send time).
//
// Coalesced: one pending row per message. The row's key is "<request>:coord_budget_refresh" until
// a worker claims it (the claim renames it, src/domain/outbox.ts COALESCING_KINDS), so twenty
// changes before the worker comes round cost one chat.update per message, not twenty; a change
// committed after the claim queues a new row, which shows it.
//
// ON CONFLICT DO UPDATE (not DO NOTHING): the no-op update locks the pending row until this
// transaction commits, so a claim that comes in between waits for the commit and its render sees
// this change (with DO NOTHING the worker could render the figures from before it). Rows are
// written in request-id order, so two changes of different categories never deadlock on them.
import type { Tx } from "../core/db.js";
import { outboxKeys } from "../domain/outbox.js";
import { OPEN_STATUSES } from "../domain/types.js";

const ID = "{id}";

/**
 * Queues the refresh of every open request's coordinator message of the period whose cost lines
 * use one of the categories (ids of `budget_category` rows of the period). One statement; call it
 * inside the change's transaction, after the change. Returns the ids of the rows (new or joined),
 * for the dispatcher.
 */
export async function queueBudgetRefreshes(tx: Tx, periodId: number, categoryIds: readonly number[]): Promise<number[]> {
  if (categoryIds.length === 0) return [];
  const ids = [...categoryIds];
  const open: string[] = [...OPEN_STATUSES];
  const rows = await tx.$queryRaw<{ id: number }[]>`
    INSERT INTO "outbox_message" ("key", "kind", "request_id")
    SELECT replace(${outboxKeys.request(ID, "coord_budget_refresh")}, ${ID}, r."id"::text), 'coord_budget_refresh', r."id"
    FROM "request" r
    WHERE r."status" = ANY(${open}::"RequestStatus"[]) AND r."period_id" = ${periodId}
      AND jsonb_typeof(r."cost_lines") = 'array'
      AND EXISTS (
        SELECT 1 FROM jsonb_array_elements(r."cost_lines") l JOIN "budget_category" c ON c."key" = l->>'category'
        WHERE c."id" = ANY(${ids}::int[]) AND c."period_id" = ${periodId})
    ORDER BY r."id"
    ON CONFLICT ("key") DO UPDATE SET "created_at" = "outbox_message"."created_at"
    RETURNING "id"`;
  return rows.map((r) => r.id);
}
