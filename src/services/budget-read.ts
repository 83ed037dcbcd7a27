// The budget as read from Postgres: a period's figures, the current period, and the money a
// request would take from its categories (shown to the coordinator before a decision). Reads only;
// decisions commit money in budget-commit.ts, transfers in budget-transfer.ts, periods are created
// in budget-periods.ts. The types and budgetReport() are in src/domain/budget.ts.
import { costForDays, type CostLine, type PeriodCostInput } from "../domain/cost.js";
import {
  amountsByCategory,
  impactOf,
  largestFittingDays,
  largestFittingUnits,
  periodTotals,
  remaining,
  shortfalls,
  type CategoryRow,
  type PeriodBudget,
  type PeriodRef,
  type Proposal,
  type RequestBudget,
} from "../domain/budget.js";
import type { NewRequest } from "../domain/request.js";
import { paidByCategory } from "../domain/payment.js";
import { MEASURE_LABEL, type MeasureKind } from "../domain/types.js";
import type { Rates } from "../domain/rates.js";
import type { BudgetPeriod, Db, Tx } from "../core/db.js";
import { ratesOf } from "./periods.js";

/** A period row as the budget code names it (budget-periods.ts builds one for a new period too). */
export const periodRef = (p: Pick<BudgetPeriod, "id" | "name" | "fromDate" | "toDate" | "overheadPercent">): PeriodRef => ({
  id: p.id,
  name: p.name,
  from: p.fromDate,
  to: p.toDate,
  overheadPercent: p.overheadPercent,
});

type Client = Db | Tx;

export async function loadPeriodBudget(db: Client, periodId: number): Promise<PeriodBudget | null> {
  const p = await db.budgetPeriod.findUnique({
    where: { id: periodId },
    include: { lines: { orderBy: [{ kind: "asc" }, { sortOrder: "asc" }, { id: "asc" }] }, categories: { orderBy: [{ sortOrder: "asc" }, { id: "asc" }] } },
  });
  if (!p) return null;
  const categories: CategoryRow[] = p.categories.map((c) => ({
    id: c.id,
    key: c.key,
    name: c.name,
    spec: c.spec,
    allocated: c.allocated,
    transfersIn: c.transfersIn,
    transfersOut: c.transfersOut,
    committed: c.committed,
    overdraft: c.overdraft,
  }));
  const lines = p.lines.map((l) => ({ kind: l.kind, label: l.label, spec: l.spec, amount: l.amount }));
  const flows = await paidAndReleased(db, periodId);
  return { period: periodRef(p), lines, categories, totals: periodTotals(lines, categories, p.overheadPercent), rates: ratesOf(p), flows };
}

/** The period containing `today`, else the latest one that started before it (with `current` false). */
export async function currentPeriod(db: Db, today: Date): Promise<{ period: PeriodRef; current: boolean } | null> {
  const containing = await db.budgetPeriod.findFirst({ where: { fromDate: { lte: today }, toDate: { gte: today } }, orderBy: { fromDate: "desc" } });
  if (containing) return { period: periodRef(containing), current: true };
  const latest = await db.budgetPeriod.findFirst({ where: { fromDate: { lte: today } }, orderBy: { toDate: "desc" } });
  return latest ? { period: periodRef(latest), current: false } : null;
}

export async function findPeriodByName(db: Db, name: string): Promise<PeriodRef | null> {
  const p = await db.budgetPeriod.findFirst({ where: { name: { equals: name.trim(), mode: "insensitive" } } });
  return p ? periodRef(p) : null;
}

// ---------------------------------------------------------------------------------------------
// A request's money

/** What the budget code reads of a request (a stored request: its cost lines are JSON). */
export type BudgetRequest = Pick<
  NewRequest,
  "type" | "periodId" | "caseId" | "startDate" | "endDate" | "days" | "children" | "protection" | "measure" | "quantity" | "unitAmount" | "requestedAmount"
> & { id: number; costLines: unknown };

/** The request's cost lines as stored (JSON), keeping only well-formed ones. */
export function storedLines(r: BudgetRequest): CostLine[] {
  if (!Array.isArray(r.costLines)) return [];
  return r.costLines.flatMap((l: unknown) =>
    typeof l === "object" && l !== null && "category" in l && "amount" in l && typeof l.amount === "number" && typeof l.category === "string"
      ? [{ category: l.category as CostLine["category"], label: "label" in l ? String(l.label) : "", amount: l.amount }]
      : [],
  );
}

/** The day-based cost input of a rest or integration request, else null. */
export function periodInput(r: BudgetRequest): PeriodCostInput | null {
  if ((r.type !== "rest" && r.type !== "integration") || !r.startDate || !r.endDate) return null;
  return r.type === "rest"
    ? { type: "rest", from: r.startDate, to: r.endDate, children: r.children ?? 0, protection: r.protection }
    : { type: "integration", from: r.startDate, to: r.endDate, children: r.children ?? 0 };
}

async function overrideAllowance(db: Client, requestId: number): Promise<number> {
  const rows = await db.budgetOverride.findMany({ where: { requestId, usedAt: null }, select: { amount: true } });
  return rows.reduce((a, r) => a + r.amount, 0);
}

/** Spreads a request's total admin allowance over its categories for display (each may use all). */
export function allowanceMap(impactKeys: Iterable<string>, total: number): Map<string, number> {
  return new Map([...impactKeys].map((k) => [k, total]));
}

function proposalFor(r: BudgetRequest, rates: Rates | null, remainingOf: (key: string) => number): Proposal | null {
  const input = periodInput(r);
  if (input && rates && r.days) {
    const perDay = amountsByCategory(costForDays(input, rates, 1).lines);
    const days = largestFittingDays(perDay, remainingOf, r.days - 1);
    return days > 0 ? { kind: "days", days, of: r.days, amount: costForDays(input, rates, days).total } : null;
  }
  if (r.type === "measure") {
    const left = Math.max(remainingOf("measure"), 0);
    const measure = r.measure as MeasureKind | null;
    const unit = measure && measure in MEASURE_LABEL ? MEASURE_LABEL[measure].unit : null;
    if (unit && r.quantity && r.quantity > 1 && r.unitAmount) {
      const units = largestFittingUnits(r.unitAmount, left, r.quantity - 1);
      if (units > 0) return { kind: "units", units, of: r.quantity, unit, amount: units * r.unitAmount };
    }
    const amount = Math.min(left, r.requestedAmount - 1);
    return amount > 0 ? { kind: "amount", amount, of: r.requestedAmount } : null;
  }
  return null;
}

/** The money a request would take from each category if granted in full, before and after. */
export async function requestBudget(db: Db, r: BudgetRequest): Promise<RequestBudget> {
  const amounts = amountsByCategory(storedLines(r));
  if (amounts.size === 0) return { period: null, impact: [], fits: true, proposal: null };
  const budget = r.periodId ? await loadPeriodBudget(db, r.periodId) : null;
  if (!budget) return { period: null, impact: [], fits: false, proposal: null };
  const allowance = await overrideAllowance(db, r.id);
  const impact = impactOf(amounts, budget.categories, allowanceMap(amounts.keys(), allowance));
  const fits = shortfalls(impact).length === 0;
  const remainingOf = (key: string) => {
    const c = budget.categories.find((x) => x.key === key);
    return c ? remaining(c) : 0;
  };
  return { period: budget.period, impact, fits, proposal: fits ? null : proposalFor(r, budget.rates, remainingOf) };
}

// ---------------------------------------------------------------------------------------------
// Figures per category (budget show, Tabell 2)

/**
 * Confirmed payments and active releases per category key of a period. A request's payments are
 * spread over its categories in proportion to its commitments (the part of a payment above the
 * commitment, an admin's override, counts in its first category).
 */
export async function paidAndReleased(db: Db | Tx, periodId: number): Promise<Map<string, { paid: number; released: number }>> {
  const rows = await db.$queryRaw<{ request_id: number; key: string; committed: number; released: number; paid: number }[]>`
    SELECT bc."request_id", c."key", bc."amount" AS "committed",
           COALESCE((SELECT SUM(r."amount") FROM "budget_release" r WHERE r."request_id" = bc."request_id" AND r."category_id" = bc."category_id" AND r."reverted_at" IS NULL), 0)::int AS "released",
           COALESCE((SELECT SUM(p."amount") FROM "payment" p WHERE p."request_id" = bc."request_id" AND p."status" = 'confirmed'), 0)::int AS "paid"
    FROM "budget_commitment" bc JOIN "budget_category" c ON c."id" = bc."category_id"
    WHERE c."period_id" = ${periodId}
    ORDER BY bc."request_id", bc."category_id"`;
  const paid = paidByCategory(rows.map((r) => ({ requestId: r.request_id, key: r.key, committed: r.committed, paid: r.paid })));
  const out = new Map<string, { paid: number; released: number }>();
  for (const r of rows) {
    const cur = out.get(r.key) ?? { paid: paid.get(r.key) ?? 0, released: 0 };
    out.set(r.key, { paid: cur.paid, released: cur.released + r.released });
  }
  return out;
}
