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
  const lines: CostLine[] = [
    { category: kind, label: `${name} ${days} dagar × ${formatKr(daily)}`, amount: days * daily },
    {
      category: kind === "rest" ? "rest_child" : "integration_child",
      label: `Barntillägg ${children} barn × ${days} dagar × ${formatKr(childRate)}`,
      amount: children * days * childRate,
    },
  ];
  if (protection && kind === "rest") {
    lines.push({ category: "protection", label: `Skyddstillägg ${days} dagar × ${formatKr(rates.protectionDailyRate)}`, amount: days * rates.protectionDailyRate });
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
      return costForDays(input, rates, days);
    }
    case "measure": {
      assertWhole(input.quantity, input.unitAmount);
      const label = MEASURE_LABEL[input.measure];
      const text = label.unit
        ? `${label.sv} ${formatNumber(input.quantity)} ${label.unit} × ${formatKr(input.unitAmount)}`
        : input.quantity === 1
          ? label.sv
          : `${label.sv} ${formatNumber(input.quantity)} st × ${formatKr(input.unitAmount)}`;
      const lines: CostLine[] = [{ category: "measure", label: text, amount: input.quantity * input.unitAmount }];
      return { total: sum(lines), lines: lines.filter((l) => l.amount > 0) };
    }
  }
}

/** The cost of a rest or integration period for `days` days (a partial grant of fewer days). */
export function costForDays(
  input: Extract<CostInput, { type: "rest" | "integration" }>,
  rates: Rates,
  days: number,
): CostResult {
  assertWhole(days, input.children);
  const lines = periodLines(input.type, days, input.children, input.type === "rest" && input.protection, rates);
  return { total: sum(lines), days, lines };
}
