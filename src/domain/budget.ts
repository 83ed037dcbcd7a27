// Budget arithmetic: plain functions over whole kronor (integers), no database, no Slack.
//
// A period has income lines, cost lines that are not grants (coordinator, travel, web), grant
// categories with allocations, and an overhead percentage on everything spent (cost lines +
// allocations), as in the programme's 2016 budget: (41 000 + 145 000) × 10 % = 18 600, total
// 204 600 = income, result 0.
//
// Per category: available = allocated + transfers in − transfers out; remaining = available −
// committed. `overdraft` is what an admin has explicitly allowed a category to go below zero
// (recorded with a reason); the database's CHECK is `remaining + overdraft >= 0`.
import type { CostCategory, CostLine } from "./cost.js";
import { formatKr, formatNumber, isoDay } from "./format.js";
import type { Rates } from "./rates.js";

/** The largest amount (kronor) a modal accepts for a transfer, an override or a granted sum: far
 * above any NSP budget, far below what PostgreSQL's integer columns (and their sums) can hold. */
export const AMOUNT_MAX_KR = 100_000_000;

export const BUDGET_CATEGORIES = ["rest", "rest_child", "protection", "measure", "integration", "integration_child"] as const satisfies readonly CostCategory[];
export type BudgetCategoryKey = (typeof BUDGET_CATEGORIES)[number];

/** Swedish names, as the 2016 budget calls the posts. */
export const CATEGORY_NAME: Record<BudgetCategoryKey, string> = {
  rest: "Max 30 dagars vila",
  rest_child: "Barntillägg vila",
  protection: "Skyddstillägg",
  measure: "Stödinsatser",
  integration: "Integrationsperiod max 90 dagar",
  integration_child: "Barntillägg integration",
};

export function isBudgetCategory(key: string): key is BudgetCategoryKey {
  return (BUDGET_CATEGORIES as readonly string[]).includes(key);
}

export interface CategoryFigures {
  key: string;
  name: string;
  allocated: number;
  transfersIn: number;
  transfersOut: number;
  committed: number;
  overdraft: number;
}

export const available = (c: Pick<CategoryFigures, "allocated" | "transfersIn" | "transfersOut">): number =>
  c.allocated + c.transfersIn - c.transfersOut;

export const remaining = (c: Omit<CategoryFigures, "key" | "name" | "overdraft">): number => available(c) - c.committed;

/** Percent of the available money committed, rounded down (so "100 %" means really all of it);
 * null when nothing is available and nothing is committed. Over-committed categories exceed 100. */
export function usedPercent(committed: number, avail: number): number | null {
  if (avail <= 0) return committed > 0 ? 100 : null;
  return Math.floor((committed * 100) / avail);
}

/** The thresholds (percent) reached at `committed` of `avail`, in integers: committed·100 ≥ t·avail. */
export function reachedThresholds(committed: number, avail: number, thresholds: readonly number[]): number[] {
  if (committed <= 0) return [];
  if (avail <= 0) return [...thresholds];
  return thresholds.filter((t) => committed * 100 >= t * avail);
}

export interface BudgetLineFigures {
  kind: "income" | "cost";
  label: string;
  amount: number;
}

export interface PeriodTotals {
  income: number;
  costs: number;
  allocations: number;
  /** costs + allocations */
  subtotal: number;
  overhead: number;
  /** subtotal + overhead */
  totalCosts: number;
  /** income − totalCosts: money not yet allocated (never negative unless overhead rounding). */
  result: number;
}

/** Overhead on `amount` at `percent`, rounded to whole kronor (half up). */
export function overheadOf(amount: number, percent: number): number {
  return Math.floor((amount * percent + 50) / 100);
}

export function periodTotals(lines: readonly BudgetLineFigures[], categories: readonly Pick<CategoryFigures, "allocated">[], overheadPercent: number): PeriodTotals {
  const income = lines.filter((l) => l.kind === "income").reduce((a, l) => a + l.amount, 0);
  const costs = lines.filter((l) => l.kind === "cost").reduce((a, l) => a + l.amount, 0);
  const allocations = categories.reduce((a, c) => a + c.allocated, 0);
  const subtotal = costs + allocations;
  const overhead = overheadOf(subtotal, overheadPercent);
  const totalCosts = subtotal + overhead;
  return { income, costs, allocations, subtotal, overhead, totalCosts, result: income - totalCosts };
}

/** The largest allocation that can be added without making the result negative (overhead counted). */
export function maxNewAllocation(totals: PeriodTotals, overheadPercent: number): number {
  // Largest x with overheadOf(subtotal + x) + subtotal + x <= income.
  let x = Math.max(0, Math.floor((totals.income * 100) / (100 + overheadPercent)) - totals.subtotal + 2);
  while (x > 0 && totals.subtotal + x + overheadOf(totals.subtotal + x, overheadPercent) > totals.income) x--;
  return x;
}

/** A cost line's amount summed per category (a request's commitment). */
export function amountsByCategory(lines: readonly Pick<CostLine, "category" | "amount">[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const l of lines) if (l.amount > 0) out.set(l.category, (out.get(l.category) ?? 0) + l.amount);
  return out;
}

export interface ImpactLine {
  key: string;
  name: string;
  available: number;
  committed: number;
  remainingBefore: number;
  amount: number;
  remainingAfter: number;
  /** What an admin has allowed this request to overdraw (kr), if anything. */
  overrideAllowance: number;
}

/** For each category a request touches: the figures before and after granting `amounts`. A
 * category missing from the period counts as allocated 0. */
export function impactOf(amounts: Map<string, number>, categories: readonly CategoryFigures[], allowances: ReadonlyMap<string, number> = new Map()): ImpactLine[] {
  return [...amounts].map(([key, amount]) => {
    const c = categories.find((x) => x.key === key);
    const before = c ? remaining(c) : 0;
    return {
      key,
      name: c?.name ?? (isBudgetCategory(key) ? CATEGORY_NAME[key] : key),
      available: c ? available(c) : 0,
      committed: c?.committed ?? 0,
      remainingBefore: before,
      amount,
      remainingAfter: before - amount,
      overrideAllowance: allowances.get(key) ?? 0,
    };
  });
}

/** The lines that do not fit: the amount exceeds what remains (plus any admin allowance). */
export function shortfalls(impact: readonly ImpactLine[]): ImpactLine[] {
  return impact.filter((l) => l.amount > Math.max(l.remainingBefore, 0) + l.overrideAllowance);
}

/** Largest number of days (≤ requested) whose per-day amounts fit every category's remaining. */
export function largestFittingDays(perDay: Map<string, number>, remainingOf: (key: string) => number, requestedDays: number): number {
  let days = requestedDays;
  for (const [key, rate] of perDay) {
    if (rate <= 0) continue;
    days = Math.min(days, Math.floor(Math.max(remainingOf(key), 0) / rate));
  }
  return Math.max(days, 0);
}

/** Largest number of whole units (≤ requested) that fit `remaining`. */
export function largestFittingUnits(unitAmount: number, remainingKr: number, requestedUnits: number): number {
  if (unitAmount <= 0) return 0;
  return Math.max(0, Math.min(requestedUnits, Math.floor(Math.max(remainingKr, 0) / unitAmount)));
}

export type Proposal =
  | { kind: "days"; days: number; of: number; amount: number }
  | { kind: "units"; units: number; of: number; unit: string; amount: number }
  | { kind: "amount"; amount: number; of: number };

/** An admin who is a member of the applying organisation asks to let its request overdraw the
 * budget (issue #14, jäv): only another admin may, so the refusal names an admin – not "en annan
 * samordnare beslutar", which is the decision's refusal (as payment.ts's "en annan administratör
 * godkänner" for a payment over the grant). Slack and the CLI say the same. */
export function overrideJavText(orgName: string): string {
  return `Jäv – en annan administratör godkänner ett budgetöverskridande. Du är medlem i ${orgName}, som har lämnat in ansökan, och kan därför inte tillåta att den överskrider budgeten. Inget ändrades.`;
}

/** "18 av 30 dagar ryms (21 600 kr)". */
export function proposalText(p: Proposal): string {
  switch (p.kind) {
    case "days":
      return `${formatNumber(p.days)} av ${formatNumber(p.of)} dagar ryms (${formatKr(p.amount)})`;
    case "units":
      return `${formatNumber(p.units)} av ${formatNumber(p.of)} ${p.unit} ryms (${formatKr(p.amount)})`;
    case "amount":
      return `${formatKr(p.amount)} av ${formatKr(p.of)} ryms`;
  }
}

/** Parses "75,90,100" (NSP_BUDGET_WARNING_THRESHOLDS): distinct integers 1–1000, sorted. */
export function parseThresholds(spec: string): number[] {
  const parts = spec.split(",").map((s) => s.trim()).filter(Boolean);
  const out = parts.map((p) => {
    if (!/^\d{1,4}$/.test(p) || Number(p) < 1 || Number(p) > 1000) throw new Error(`'${p}' is not a whole percentage between 1 and 1000`);
    return Number(p);
  });
  return [...new Set(out)].sort((a, b) => a - b);
}

// ---------------------------------------------------------------------------------------------
// A period's budget as the services read it (src/services/budget-read.ts), and the report the
// CLI, `/nsp budget`, the daily summary and the Home show.

export interface PeriodRef {
  id: number;
  name: string;
  from: Date;
  to: Date;
  overheadPercent: number;
}

export interface CategoryRow extends CategoryFigures {
  id: number;
  spec: string | null;
}

export interface PeriodBudget {
  period: PeriodRef;
  lines: (BudgetLineFigures & { spec: string | null })[];
  categories: CategoryRow[];
  totals: PeriodTotals;
  rates: Rates;
  /** Confirmed payments and active releases per category key (issue #13; services/payments.ts).
   * `committed` is already net of the releases. Missing: nothing paid or released. */
  flows?: ReadonlyMap<string, { paid: number; released: number }>;
}

/** The JSON the CLI prints and `/nsp budget` shows (amounts in whole kronor). */
export interface BudgetReport {
  period: { id: number; name: string; from: string; to: string; overheadPercent: number };
  /** `paid`: confirmed payments of the category's grants; `released`: money of grants that came
   * back (a case closed early, a grant settled below its commitment), already out of `committed`. */
  categories: (CategoryFigures & { remaining: number; usedPercent: number | null; paid: number; released: number })[];
  lines: { kind: "income" | "cost"; label: string; spec: string | null; amount: number }[];
  totals: PeriodTotals & { remaining: number; paid: number; released: number };
}

export function budgetReport(b: PeriodBudget): BudgetReport {
  const categories = b.categories.map((c) => ({
    key: c.key,
    name: c.name,
    allocated: c.allocated,
    transfersIn: c.transfersIn,
    transfersOut: c.transfersOut,
    committed: c.committed,
    remaining: remaining(c),
    usedPercent: usedPercent(c.committed, available(c)),
    overdraft: c.overdraft,
    paid: b.flows?.get(c.key)?.paid ?? 0,
    released: b.flows?.get(c.key)?.released ?? 0,
  }));
  return {
    period: { id: b.period.id, name: b.period.name, from: isoDay(b.period.from), to: isoDay(b.period.to), overheadPercent: b.period.overheadPercent },
    categories,
    lines: b.lines,
    totals: {
      ...b.totals,
      remaining: categories.reduce((a, c) => a + c.remaining, 0),
      paid: categories.reduce((a, c) => a + c.paid, 0),
      released: categories.reduce((a, c) => a + c.released, 0),
    },
  };
}

/** What a request would take from its period's categories, shown to the coordinator. */
export interface RequestBudget {
  period: PeriodRef | null;
  impact: ImpactLine[];
  fits: boolean;
  /** The largest partial grant that fits, when the full request does not (null if nothing fits). */
  proposal: Proposal | null;
}

/** Why a decision's money was refused (the coordinator is told; nothing was committed). */
export type BudgetRefusal =
  | { reason: "no_period"; date: Date | null }
  | { reason: "category_missing"; period: string; category: string }
  | { reason: "insufficient"; period: string; lines: ImpactLine[] };
