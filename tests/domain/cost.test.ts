import { describe, expect, it } from "vitest";
import { computeCost, costForAmount, costForDays, measureLabel, type PeriodCostInput } from "../../src/domain/cost.js";
import { parseIsoDate } from "../../src/domain/format.js";
import { RATES_2016, type Rates } from "../../src/domain/rates.js";

const d = (s: string): Date => {
  const date = parseIsoDate(s);
  if (!date) throw new Error(`bad test date ${s}`);
  return date;
};

const rest = (from: string, to: string, children = 0, protection = false): PeriodCostInput => ({
  type: "rest",
  from: d(from),
  to: d(to),
  children,
  protection,
});

describe("computeCost: rest", () => {
  it("NSP010: 30 days with 24-hour protection = 36 000 + 4 500", () => {
    const cost = computeCost(rest("2016-09-01", "2016-09-30", 0, true), RATES_2016);
    expect(cost).toEqual({
      total: 40500,
      days: 30,
      lines: [
        { category: "rest", label: "Vila 30 dagar × 1 200 kr", amount: 36000 },
        { category: "protection", label: "Skyddstillägg 30 dagar × 150 kr", amount: 4500 },
      ],
    });
  });
  it("NSP009: 26 days with one child = 31 200 + 7 800", () => {
    const cost = computeCost(rest("2016-09-01", "2016-09-26", 1), RATES_2016);
    expect(cost.total).toBe(39000);
    expect(cost.days).toBe(26);
    expect(cost.lines).toEqual([
      { category: "rest", label: "Vila 26 dagar × 1 200 kr", amount: 31200 },
      { category: "rest_child", label: "Barntillägg 1 barn × 26 dagar × 300 kr", amount: 7800 },
    ]);
  });
  it("two children and protection: three lines", () => {
    const cost = computeCost(rest("2016-09-01", "2016-09-30", 2, true), RATES_2016);
    expect(cost.lines.map((l) => [l.category, l.amount])).toEqual([
      ["rest", 36000],
      ["rest_child", 18000],
      ["protection", 4500],
    ]);
    expect(cost.lines[1]?.label).toBe("Barntillägg 2 barn × 30 dagar × 300 kr");
    expect(cost.total).toBe(58500);
  });
  it("a single day", () => {
    const cost = computeCost(rest("2016-09-01", "2016-09-01"), RATES_2016);
    expect(cost).toEqual({ total: 1200, days: 1, lines: [{ category: "rest", label: "Vila 1 dag × 1 200 kr", amount: 1200 }] });
  });
  it("counts days across the change to winter time", () => {
    expect(computeCost(rest("2016-10-20", "2016-11-05"), RATES_2016).total).toBe(17 * 1200);
  });
  it("throws when the period ends before it starts", () => {
    expect(() => computeCost(rest("2016-09-02", "2016-09-01"), RATES_2016)).toThrow();
  });
  it("throws on a negative or fractional number of children", () => {
    expect(() => computeCost(rest("2016-09-01", "2016-09-02", -1), RATES_2016)).toThrow();
    expect(() => computeCost(rest("2016-09-01", "2016-09-02", 1.5), RATES_2016)).toThrow();
  });
  it("uses the rates it is given", () => {
    const rates: Rates = { ...RATES_2016, restDailyRate: 1000, restChildDailyRate: 250, protectionDailyRate: 100 };
    expect(computeCost(rest("2016-09-01", "2016-09-10", 1, true), rates).total).toBe(10000 + 2500 + 1000);
  });
});

describe("computeCost: integration", () => {
  it("81 days with one child = 48 600 + 16 200", () => {
    const cost = computeCost({ type: "integration", from: d("2016-09-01"), to: d("2016-11-20"), children: 1 }, RATES_2016);
    expect(cost).toEqual({
      total: 64800,
      days: 81,
      lines: [
        { category: "integration", label: "Integration 81 dagar × 600 kr", amount: 48600 },
        { category: "integration_child", label: "Barntillägg 1 barn × 81 dagar × 200 kr", amount: 16200 },
      ],
    });
  });
  it("90 days without children", () => {
    const cost = computeCost({ type: "integration", from: d("2016-09-01"), to: d("2016-11-29"), children: 0 }, RATES_2016);
    expect(cost.total).toBe(54000);
    expect(cost.lines).toHaveLength(1);
  });
});

describe("computeCost: measure", () => {
  it("therapy: quantity × unit amount", () => {
    const cost = computeCost({ type: "measure", measure: "therapy", quantity: 5, unitAmount: 800 }, RATES_2016);
    expect(cost).toEqual({ total: 4000, lines: [{ category: "measure", label: "Terapi 5 tillfällen × 800 kr", amount: 4000 }] });
    expect(cost.days).toBeUndefined();
  });
  it("legal counsel: 5 hours × 2 500 kr = 12 500 kr", () => {
    const cost = computeCost({ type: "measure", measure: "legal_counsel", quantity: 5, unitAmount: 2500 }, RATES_2016);
    expect(cost.total).toBe(12500);
    expect(cost.lines[0]?.label).toBe("Juridiskt biträde 5 timmar × 2 500 kr");
  });
  it("zero quantity gives no lines", () => {
    expect(computeCost({ type: "measure", measure: "travel", quantity: 0, unitAmount: 800 }, RATES_2016)).toEqual({ total: 0, lines: [] });
  });
  it("throws on fractional or negative amounts", () => {
    expect(() => computeCost({ type: "measure", measure: "therapy", quantity: 1, unitAmount: 800.5 }, RATES_2016)).toThrow();
    expect(() => computeCost({ type: "measure", measure: "therapy", quantity: -1, unitAmount: 800 }, RATES_2016)).toThrow();
  });
  it.each([
    ["therapy", 1, 800, "Terapi 1 tillfälle × 800 kr"],
    ["travel", 2, 1500, "Resa 2 resor × 1 500 kr"],
    ["travel", 1, 1500, "Resa 1 resa × 1 500 kr"],
    ["legal_counsel", 1, 1200, "Juridiskt biträde 1 timme × 1 200 kr"],
    ["passport", 1, 1200, "Passansökan"],
    ["passport", 2, 1200, "Passansökan 2 st × 1 200 kr"],
    ["medical_certificate", 1, 3000, "Medicinskt utlåtande"],
    ["other", 3, 500, "Annan insats 3 st × 500 kr"],
    ["tattoo", 4, 5000, "Tatueringsborttagning/-rekonstruktion 4 tillfällen × 5 000 kr"],
  ] as const)("measureLabel(%s, %d, %d) = %j", (measure, quantity, unitAmount, label) => {
    expect(measureLabel(measure, quantity, unitAmount)).toBe(label);
  });
});

describe("computeCost: inquiry and admission", () => {
  it("cost nothing and have no lines", () => {
    expect(computeCost({ type: "inquiry" }, RATES_2016)).toEqual({ total: 0, lines: [] });
    expect(computeCost({ type: "admission" }, RATES_2016)).toEqual({ total: 0, lines: [] });
  });
});

describe("partial grants", () => {
  it("costForDays recomputes a rest period for fewer days", () => {
    const input = rest("2016-09-01", "2016-09-30", 2, true);
    expect(costForDays(input, RATES_2016, 18)).toEqual({
      total: 18 * 1200 + 2 * 18 * 300 + 18 * 150,
      days: 18,
      lines: [
        { category: "rest", label: "Vila 18 dagar × 1 200 kr", amount: 21600 },
        { category: "rest_child", label: "Barntillägg 2 barn × 18 dagar × 300 kr", amount: 10800 },
        { category: "protection", label: "Skyddstillägg 18 dagar × 150 kr", amount: 2700 },
      ],
    });
  });
  it("costForDays for integration ignores protection", () => {
    const input: PeriodCostInput = { type: "integration", from: d("2016-09-01"), to: d("2016-11-29"), children: 1 };
    expect(costForDays(input, RATES_2016, 60).total).toBe(60 * 600 + 60 * 200);
  });
  it("costForDays with 0 days is nothing", () => {
    expect(costForDays(rest("2016-09-01", "2016-09-30", 1, true), RATES_2016, 0)).toEqual({ total: 0, days: 0, lines: [] });
  });
  it("costForDays refuses negative or fractional days", () => {
    expect(() => costForDays(rest("2016-09-01", "2016-09-30"), RATES_2016, -1)).toThrow();
    expect(() => costForDays(rest("2016-09-01", "2016-09-30"), RATES_2016, 2.5)).toThrow();
  });
  it("costForAmount grants a lower amount for a measure", () => {
    const input = { type: "measure" as const, measure: "therapy" as const, quantity: 5, unitAmount: 800 };
    expect(costForAmount(input, 2400)).toEqual({
      total: 2400,
      lines: [{ category: "measure", label: "Terapi (beviljat belopp)", amount: 2400 }],
    });
    expect(costForAmount(input, 0)).toEqual({ total: 0, lines: [] });
    expect(() => costForAmount(input, 99.5)).toThrow();
  });
});
