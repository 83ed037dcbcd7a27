// Budget periods: creating one (from the CLI) and listing them with their totals.
import { BUDGET_CATEGORIES, CATEGORY_NAME, type PeriodRef, type PeriodTotals } from "../domain/budget.js";
import type { Rates } from "../domain/rates.js";
import type { Db } from "../core/db.js";
import { ratesOf } from "./periods.js";
import { addToOutbox, budgetHomeRefresh } from "./outbox.js";
import { loadPeriodBudget, periodRef } from "./budget-read.js";

export interface NewPeriod {
  name: string;
  from: Date;
  to: Date;
  copyFrom?: string;
  actor: string;
}

export type CreatePeriodResult =
  | { ok: true; period: PeriodRef; copiedFrom: string | null }
  | { ok: false; error: "exists" | "dates" | "overlap" | "copy_not_found"; detail?: string };

/** Creates a period; `copyFrom` copies lines, categories (allocations), rates and overhead. Without
 * it the period takes the rates of the latest period (or the 2016 rates) and gets every category
 * with allocation 0, ready for `budget allocate`. */
export async function createPeriod(db: Db, input: NewPeriod, defaultRates: Rates & { overheadPercent: number }): Promise<CreatePeriodResult> {
  if (input.to < input.from) return { ok: false, error: "dates" };
  return db.$transaction(async (tx) => {
    if (await tx.budgetPeriod.findUnique({ where: { name: input.name } })) return { ok: false, error: "exists" } as const;
    const overlap = await tx.budgetPeriod.findFirst({ where: { fromDate: { lte: input.to }, toDate: { gte: input.from } } });
    if (overlap) return { ok: false, error: "overlap", detail: overlap.name } as const;
    const source = input.copyFrom
      ? await tx.budgetPeriod.findFirst({ where: { name: { equals: input.copyFrom, mode: "insensitive" } }, include: { lines: true, categories: true } })
      : null;
    if (input.copyFrom && !source) return { ok: false, error: "copy_not_found" } as const;
    const latest = source ?? (await tx.budgetPeriod.findFirst({ orderBy: { toDate: "desc" } }));
    const rates = latest ? { ...ratesOf(latest), overheadPercent: latest.overheadPercent } : defaultRates;
    const created = await tx.budgetPeriod.create({ data: { name: input.name, fromDate: input.from, toDate: input.to, ...rates } });
    if (source) {
      await tx.budgetLine.createMany({
        data: source.lines.map((l) => ({ periodId: created.id, kind: l.kind, label: l.label, spec: l.spec, amount: l.amount, sortOrder: l.sortOrder, createdBy: input.actor })),
      });
      await tx.budgetCategory.createMany({
        data: source.categories.map((c) => ({ periodId: created.id, key: c.key, name: c.name, spec: c.spec, allocated: c.allocated, sortOrder: c.sortOrder })),
      });
    } else {
      await tx.budgetCategory.createMany({
        data: BUDGET_CATEGORIES.map((key, i) => ({ periodId: created.id, key, name: CATEGORY_NAME[key], allocated: 0, sortOrder: i })),
      });
    }
    // A period that covers today replaces the budget coordinators and admins see on their Home.
    await addToOutbox(tx, [budgetHomeRefresh(created.id, "created")]);
    return { ok: true, period: periodRef(created), copiedFrom: source?.name ?? null } as const;
  });
}

export async function listPeriods(db: Db): Promise<(PeriodRef & { totals: PeriodTotals; committed: number })[]> {
  const periods = await db.budgetPeriod.findMany({ orderBy: { fromDate: "asc" }, select: { id: true } });
  const out = [];
  for (const { id } of periods) {
    const b = await loadPeriodBudget(db, id);
    if (b) out.push({ ...b.period, totals: b.totals, committed: b.categories.reduce((a, c) => a + c.committed, 0) });
  }
  return out;
}
