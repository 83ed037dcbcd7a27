// The budget in Postgres: period figures, a request's impact on its categories, commitments at a
// decision, transfers, admin overrides and threshold warnings. Money checks run under row locks
// (SELECT … FOR NO KEY UPDATE in category-id order, so two decisions never deadlock, and inserts
// that only reference a category – commitments, warnings – never wait for it) and the CHECK
// constraint `remaining + overdraft >= 0` in the migration is the database's own backstop.
import { costForDays, type CostLine, type PeriodCostInput } from "../domain/cost.js";
import {
  amountsByCategory,
  available,
  BUDGET_CATEGORIES,
  CATEGORY_NAME,
  impactOf,
  largestFittingDays,
  largestFittingUnits,
  periodTotals,
  reachedThresholds,
  remaining,
  shortfalls,
  type BudgetRefusal,
  type CategoryFigures,
  type CategoryRow,
  type ImpactLine,
  type PeriodBudget,
  type PeriodRef,
  type PeriodTotals,
  type Proposal,
  type RequestBudget,
} from "../domain/budget.js";
import { MEASURE_LABEL, type MeasureKind } from "../domain/types.js";
import type { Rates } from "../domain/rates.js";
import type { BudgetPeriod, Db, Tx } from "../core/db.js";
import { ratesOf } from "./periods.js";
import { budgetHomeRefresh } from "./home-refresh.js";
import { addToOutbox, type OutboxItem } from "./outbox.js";
import type { NewRequest } from "../domain/request.js";

export const DEFAULT_THRESHOLDS: readonly number[] = [75, 90, 100];

const periodRef = (p: Pick<BudgetPeriod, "id" | "name" | "fromDate" | "toDate" | "overheadPercent">): PeriodRef => ({
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
  return { period: periodRef(p), lines, categories, totals: periodTotals(lines, categories, p.overheadPercent), rates: ratesOf(p) };
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

function storedLines(r: BudgetRequest): CostLine[] {
  if (!Array.isArray(r.costLines)) return [];
  return r.costLines.flatMap((l: unknown) =>
    typeof l === "object" && l !== null && "category" in l && "amount" in l && typeof l.amount === "number" && typeof l.category === "string"
      ? [{ category: l.category as CostLine["category"], label: "label" in l ? String(l.label) : "", amount: l.amount }]
      : [],
  );
}

function periodInput(r: BudgetRequest): PeriodCostInput | null {
  if ((r.type !== "rest" && r.type !== "integration") || !r.startDate || !r.endDate) return null;
  return r.type === "rest"
    ? { type: "rest", from: r.startDate, to: r.endDate, children: r.children ?? 0, protection: r.protection }
    : { type: "integration", from: r.startDate, to: r.endDate, children: r.children ?? 0 };
}

export type GrantedMoney = { kind: "grant" } | { kind: "partial"; grantedDays: number | null; grantedAmount: number };

/** The cost lines a decision commits: the request's own lines for a full grant, the lines for the
 * granted days (period rates) or one measure line for a lower amount for a partial grant. */
export function grantedLines(r: BudgetRequest, money: GrantedMoney, rates: Rates | null): CostLine[] {
  if (money.kind === "grant") return storedLines(r);
  const input = periodInput(r);
  if (input && money.grantedDays !== null) {
    if (!rates) throw new Error("grantedLines: a partial grant of days needs the period's rates");
    return costForDays(input, rates, money.grantedDays).lines;
  }
  return money.grantedAmount > 0 ? [{ category: "measure", label: "Beviljat belopp", amount: money.grantedAmount }] : [];
}

async function overrideAllowance(db: Client, requestId: number): Promise<number> {
  const rows = await db.budgetOverride.findMany({ where: { requestId, usedAt: null }, select: { amount: true } });
  return rows.reduce((a, r) => a + r.amount, 0);
}

/** Spreads a request's total admin allowance over its categories for display (each may use all). */
function allowanceMap(impactKeys: Iterable<string>, total: number): Map<string, number> {
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
// Committing money at a decision (inside the decision's transaction)

/** Thrown inside a transaction to roll it back; carries what to tell the coordinator. */
export class BudgetRefusedError extends Error {
  constructor(readonly refusal: BudgetRefusal) {
    super(`budget refused: ${refusal.reason}`);
  }
}

export interface LockedCategory extends CategoryRow {
  periodName: string;
}

async function lockCategories(tx: Tx, periodId: number, keys: string[]): Promise<LockedCategory[]> {
  return tx.$queryRaw<LockedCategory[]>`
    SELECT c."id", c."key", c."name", c."spec", c."allocated", c."transfers_in" AS "transfersIn", c."transfers_out" AS "transfersOut",
           c."committed", c."overdraft", p."name" AS "periodName"
    FROM "budget_category" c JOIN "budget_period" p ON p."id" = c."period_id"
    WHERE c."period_id" = ${periodId} AND c."key" = ANY(${keys}::text[])
    ORDER BY c."id"
    FOR NO KEY UPDATE OF c`;
}

/**
 * Records the thresholds the given categories have reached (once per category and threshold: a
 * unique row) and returns the outbox item for the warning to post. When one change passes several
 * thresholds at once (0 → 100 %), every one is recorded but only the highest is posted: "slut"
 * says all that "75 %" and "90 %" would, and the lower ones are never posted later.
 */
export async function recordWarnings(tx: Tx, categoryIds: number[], thresholds: readonly number[]): Promise<OutboxItem[]> {
  if (categoryIds.length === 0 || thresholds.length === 0) return [];
  const cats = await tx.budgetCategory.findMany({ where: { id: { in: categoryIds } } });
  return recordWarningsOf(tx, cats, thresholds);
}

/** recordWarnings for categories whose current figures are known (rows locked by the caller). */
async function recordWarningsOf(tx: Tx, cats: (CategoryFigures & { id: number })[], thresholds: readonly number[]): Promise<OutboxItem[]> {
  const items: OutboxItem[] = [];
  for (const c of cats) {
    const avail = available(c);
    const reached = reachedThresholds(c.committed, avail, thresholds);
    if (reached.length === 0) continue;
    // One statement for all the thresholds reached: this runs while the category is locked.
    const rows = await tx.$queryRaw<{ id: number; threshold: number }[]>`
      INSERT INTO "budget_warning" ("category_id", "threshold", "committed", "available")
      SELECT ${c.id}, t, ${c.committed}, ${avail} FROM unnest(${reached}::int[]) AS t
      ON CONFLICT ("category_id", "threshold") DO NOTHING RETURNING "id", "threshold"`;
    const highest = rows.reduce<{ id: number; threshold: number } | null>((a, r) => (!a || r.threshold > a.threshold ? r : a), null);
    if (highest) items.push({ kind: "budget_warning", requestId: null, refId: highest.id });
  }
  return items;
}

/**
 * Commits a decision's money in its period's categories, or throws BudgetRefusedError (rolling back
 * the caller's transaction). Runs under row locks; an admin's unused override for the request lets
 * it go below zero by at most the override's amount, recorded as the category's overdraft.
 */
export async function commitBudget(
  tx: Tx,
  r: BudgetRequest,
  lines: CostLine[],
  thresholds: readonly number[],
): Promise<OutboxItem[]> {
  const locked = await lockBudget(tx, r, lines);
  return locked ? applyBudget(tx, locked, thresholds) : [];
}

/** What lockBudget holds: the request's categories (locked), its unused overrides (locked) and
 * what each category gives, checked against the locked figures. */
export interface LockedBudget {
  requestId: number;
  amounts: Map<string, number>;
  cats: LockedCategory[];
  overrides: { id: number; amount: number }[];
  overdrawn: Map<string, number>;
  allowanceUsed: number;
  impact: ImpactLine[];
}

/**
 * The first half of commitBudget: locks the request's overrides, then its categories (the one
 * lock decisions on different requests share: callers keep what follows short), and checks the
 * money. Returns null when the lines hold no money; throws BudgetRefusedError when it does not fit.
 */
export async function lockBudget(tx: Tx, r: BudgetRequest, lines: CostLine[]): Promise<LockedBudget | null> {
  const amounts = amountsByCategory(lines);
  if (amounts.size === 0) return null;
  if (r.periodId === null) throw new BudgetRefusedError({ reason: "no_period", date: r.startDate });
  const keys = [...amounts.keys()];
  // The request's own rows first: no other decision waits for them.
  const overrides = await tx.$queryRaw<{ id: number; amount: number }[]>`
    SELECT "id", "amount" FROM "budget_override" WHERE "request_id" = ${r.id} AND "used_at" IS NULL ORDER BY "id" FOR UPDATE`;
  const cats = await lockCategories(tx, r.periodId, keys);
  const missing = keys.find((k) => !cats.some((c) => c.key === k));
  if (missing) {
    const p = await tx.budgetPeriod.findUnique({ where: { id: r.periodId } });
    throw new BudgetRefusedError({ reason: "category_missing", period: p?.name ?? "?", category: missing });
  }
  const allowanceTotal = overrides.reduce((a, o) => a + o.amount, 0);
  let allowanceLeft = allowanceTotal;
  const impact = impactOf(amounts, cats, allowanceMap(keys, allowanceLeft));
  const overdrawn = new Map<string, number>();
  for (const line of impact) {
    const over = Math.max(0, line.amount - Math.max(line.remainingBefore, 0));
    if (over > allowanceLeft) {
      throw new BudgetRefusedError({ reason: "insufficient", period: cats[0]?.periodName ?? "?", lines: impact });
    }
    allowanceLeft -= over;
    overdrawn.set(line.key, over);
  }
  return { requestId: r.id, amounts, cats, overrides, overdrawn, allowanceUsed: allowanceTotal - allowanceLeft, impact };
}

/** The second half of commitBudget: commits the checked money under the locks lockBudget took. */
export async function applyBudget(tx: Tx, b: LockedBudget, thresholds: readonly number[]): Promise<OutboxItem[]> {
  const after: LockedCategory[] = [];
  for (const c of b.cats) {
    const amount = b.amounts.get(c.key) ?? 0;
    const over = b.overdrawn.get(c.key) ?? 0;
    // Conditional as well as locked: the WHERE re-checks the money on the row being updated.
    const updated = await tx.$executeRaw`
      UPDATE "budget_category" SET "committed" = "committed" + ${amount}, "overdraft" = "overdraft" + ${over}
      WHERE "id" = ${c.id} AND "allocated" + "transfers_in" - "transfers_out" - "committed" + "overdraft" + ${over} >= ${amount}`;
    if (updated !== 1) throw new BudgetRefusedError({ reason: "insufficient", period: c.periodName, lines: b.impact });
    // The row is locked: its new figures are known without reading it again.
    after.push({ ...c, committed: c.committed + amount, overdraft: c.overdraft + over });
  }
  await tx.budgetCommitment.createMany({
    data: b.cats.map((c) => ({ requestId: b.requestId, categoryId: c.id, amount: b.amounts.get(c.key) ?? 0, overdrawn: b.overdrawn.get(c.key) ?? 0 })),
  });
  if (b.overrides.length > 0) {
    await tx.budgetOverride.updateMany({ where: { id: { in: b.overrides.map((o) => o.id) } }, data: { usedAt: new Date(), usedAmount: b.allowanceUsed } });
  }
  return recordWarningsOf(tx, after, thresholds);
}

// ---------------------------------------------------------------------------------------------
// Transfers, overrides, periods (coordinators in Slack and operators in the CLI)

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
      const outboxIds = await addToOutbox(tx, [...warnings, budgetHomeRefresh(input.periodId, `transfer:${t.id}`)]);
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

/** An admin allows one request to overdraw its categories by up to `amount` kr (reason recorded). */
export async function addOverride(db: Db, input: { requestId: number; amount: number; reason: string; actor: string }) {
  return db.$transaction(async (tx) => {
    const override = await tx.budgetOverride.create({ data: input });
    const audit = await tx.auditEntry.create({
      data: { requestId: input.requestId, actor: input.actor, action: "budget_override", after: { overrideId: override.id, amount: input.amount } },
    });
    // The coordinator message shows the allowance (from the CLI, which has no queue, the sweep delivers it).
    const outboxIds = await addToOutbox(tx, [{ kind: "coord_refresh", requestId: input.requestId, refId: audit.id }]);
    return { override, outboxIds };
  });
}

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
