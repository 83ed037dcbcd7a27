// The cost of a request from its inputs and the period's rates. Integer kronor only.
import { daysInclusive, formatKr, formatNumber } from "./format.js";
import type { Rates } from "./rates.js";
import { MEASURE_LABEL, type MeasureKind } from "./types.js";

export type CostInput =
  | { type: "inquiry" }
  | { type: "admission" }
  | { type: "rest"; from: Date; to: Date; children: number; protection: boolean }
  | { type: "integration"; from: Date; to: Date; children: number }
  | { type: "measure"; measure: MeasureKind; quantity: number; unitAmount: number };

export type PeriodCostInput = Extract<CostInput, { type: "rest" | "integration" }>;
export type MeasureCostInput = Extract<CostInput, { type: "measure" }>;

export type CostCategory = "rest" | "rest_child" | "protection" | "integration" | "integration_child" | "measure";

export interface CostLine {
  category: CostCategory;
  label: string;
  amount: number;
}

export interface CostResult {
  total: number;
  days?: number;
  lines: CostLine[];
}

function assertWhole(...values: number[]): void {
  for (const v of values) if (!Number.isInteger(v) || v < 0) throw new Error(`cost inputs must be whole non-negative numbers, got ${v}`);
}

function periodLines(kind: "rest" | "integration", days: number, children: number, protection: boolean, rates: Rates): CostLine[] {
  const daily = kind === "rest" ? rates.restDailyRate : rates.integrationDailyRate;
  const childRate = kind === "rest" ? rates.restChildDailyRate : rates.integrationChildDailyRate;
  const name = kind === "rest" ? "Vila" : "Integration";
  const dagar = days === 1 ? "1 dag" : `${formatNumber(days)} dagar`;
  const lines: CostLine[] = [
    { category: kind, label: `${name} ${dagar} × ${formatKr(daily)}`, amount: days * daily },
    {
      category: kind === "rest" ? "rest_child" : "integration_child",
      label: `Barntillägg ${children} barn × ${dagar} × ${formatKr(childRate)}`,
      amount: children * days * childRate,
    },
  ];
  if (protection && kind === "rest") {
    lines.push({ category: "protection", label: `Skyddstillägg ${dagar} × ${formatKr(rates.protectionDailyRate)}`, amount: days * rates.protectionDailyRate });
  }
  return lines.filter((l) => l.amount > 0);
}

const sum = (lines: CostLine[]): number => lines.reduce((acc, l) => acc + l.amount, 0);

export function computeCost(input: CostInput, rates: Rates): CostResult {
  switch (input.type) {
    case "inquiry":
    case "admission":
      return { total: 0, lines: [] };
    case "rest":
    case "integration": {
      const days = daysInclusive(input.from, input.to);
      if (days < 1) throw new Error("cost: the period ends before it starts");
      return costForDays(input, rates, days);
    }
    case "measure": {
      assertWhole(input.quantity, input.unitAmount);
      const lines: CostLine[] = [
        { category: "measure", label: measureLabel(input.measure, input.quantity, input.unitAmount), amount: input.quantity * input.unitAmount },
      ];
      return { total: sum(lines), lines: lines.filter((l) => l.amount > 0) };
    }
  }
}

/** "1 tillfälle", "2 tillfällen": the singular of the units in MEASURE_LABEL. */
const SINGULAR_UNIT: Record<string, string> = { tillfällen: "tillfälle", resor: "resa", timmar: "timme", st: "st" };

/** "Terapi 5 tillfällen × 800 kr"; a measure without a unit and quantity 1 is just its name. */
export function measureLabel(measure: MeasureKind, quantity: number, unitAmount: number): string {
  const { sv, unit } = MEASURE_LABEL[measure];
  if (!unit && quantity === 1) return sv;
  const unitWord = quantity === 1 && unit ? (SINGULAR_UNIT[unit] ?? unit) : (unit ?? "st");
  return `${sv} ${formatNumber(quantity)} ${unitWord} × ${formatKr(unitAmount)}`;
}

/** The cost of a rest or integration period for `days` days (a partial grant of fewer days). */
export function costForDays(
  input: PeriodCostInput,
  rates: Rates,
  days: number,
): CostResult {
  assertWhole(days, input.children);
  const lines = periodLines(input.type, days, input.children, input.type === "rest" && input.protection, rates);
  return { total: sum(lines), days, lines };
}

/** A partial grant of a measure: a lower total amount, kept as one measure line. */
export function costForAmount(input: MeasureCostInput, amount: number): CostResult {
  assertWhole(amount);
  const label = `${MEASURE_LABEL[input.measure].sv} (beviljat belopp)`;
  return { total: amount, lines: amount > 0 ? [{ category: "measure", label, amount }] : [] };
}
