// Moving money between two categories of a period (coordinators in Slack, operators in the CLI),
// under the same row locks as a decision (budget-commit.ts).
import { remaining, type CategoryRow } from "../domain/budget.js";
import type { Db } from "../core/db.js";
import { addToOutbox, budgetHomeRefresh } from "./outbox.js";
import { queueBudgetRefreshes } from "./budget-refresh.js";
import { DEFAULT_THRESHOLDS, lockCategories, recordWarnings } from "./budget-commit.js";

export type TransferResult =
  | { ok: true; transferId: number; from: CategoryRow; to: CategoryRow; outboxIds: number[] }
  | { ok: false; error: "same_category" | "unknown_from" | "unknown_to" | "not_positive" }
  | { ok: false; error: "insufficient"; remaining: number; name: string };

export interface TransferInput {
  periodId: number;
  from: string;
  to: string;
  amount: number;
  reason: string;
  actor: string;
}

/** Moves money between two categories of a period; never makes the giving category negative. */
export async function transferBudget(db: Db, input: TransferInput, thresholds: readonly number[] = DEFAULT_THRESHOLDS): Promise<TransferResult> {
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0) return { ok: false, error: "not_positive" };
  if (input.from === input.to) return { ok: false, error: "same_category" };
  try {
    return await db.$transaction(async (tx) => {
      const cats = await lockCategories(tx, input.periodId, [input.from, input.to]);
      const from = cats.find((c) => c.key === input.from);
      const to = cats.find((c) => c.key === input.to);
      if (!from) return { ok: false, error: "unknown_from" } as const;
      if (!to) return { ok: false, error: "unknown_to" } as const;
      const left = remaining(from);
      const moved = await tx.$executeRaw`
        UPDATE "budget_category" SET "transfers_out" = "transfers_out" + ${input.amount}
        WHERE "id" = ${from.id} AND "allocated" + "transfers_in" - "transfers_out" - "committed" >= ${input.amount}`;
      if (moved !== 1) throw new TransferRefused(left, from.name);
      await tx.budgetCategory.update({ where: { id: to.id }, data: { transfersIn: { increment: input.amount } } });
      const t = await tx.budgetTransfer.create({
        data: { periodId: input.periodId, fromCategoryId: from.id, toCategoryId: to.id, amount: input.amount, reason: input.reason, actor: input.actor },
      });
      await tx.auditEntry.create({
        data: { actor: input.actor, action: "budget_transfer", after: { transferId: t.id, from: from.key, to: to.key, amount: input.amount } },
      });
      const warnings = await recordWarnings(tx, [from.id], thresholds);
      const outboxIds = [
        ...(await addToOutbox(tx, [...warnings, budgetHomeRefresh(input.periodId, { transfer: t.id })])),
        ...(await queueBudgetRefreshes(tx, input.periodId, [from.id, to.id])),
      ];
      // Both rows are locked by this transaction: their new figures are known without reading them.
      const fromAfter = { ...from, transfersOut: from.transfersOut + input.amount };
      const toAfter = { ...to, transfersIn: to.transfersIn + input.amount };
      return { ok: true, transferId: t.id, from: fromAfter, to: toAfter, outboxIds } as const;
    });
  } catch (err) {
    if (err instanceof TransferRefused) return { ok: false, error: "insufficient", remaining: err.left, name: err.name_ };
    throw err;
  }
}

class TransferRefused extends Error {
  constructor(
    readonly left: number,
    readonly name_: string,
  ) {
    super("transfer refused: insufficient");
  }
}
