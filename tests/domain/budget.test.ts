import { describe, expect, it } from "vitest";
import {
  amountsByCategory,
  budgetReport,
  impactOf,
  largestFittingDays,
  largestFittingUnits,
  maxNewAllocation,
  overheadOf,
  overrideJavText,
  parseThresholds,
  periodTotals,
  proposalText,
  reachedThresholds,
  remaining,
  shortfalls,
  usedPercent,
  type CategoryFigures,
  type PeriodBudget,
} from "../../src/domain/budget.js";
import { RATES_2016 } from "../../src/domain/rates.js";

// The programme's 2016 pilot budget, as printed in the annual report.
const LINES_2016 = [
  { kind: "income" as const, label: "Medel LST 2016", amount: 200_000 },
  { kind: "income" as const, label: "Inestående medel", amount: 4_600 },
  { kind: "cost" as const, label: "Samordnare", amount: 40_000 },
  { kind: "cost" as const, label: "Resor", amount: 500 },
  { kind: "cost" as const, label: "Hemsida", amount: 500 },
];
const ALLOCATIONS_2016 = [62_400, 7_800, 10_000, 48_600, 16_200].map((allocated) => ({ allocated }));

const cat = (key: string, over: Partial<CategoryFigures> = {}): CategoryFigures => ({
  key,
  name: key,
  allocated: 10_000,
  transfersIn: 0,
  transfersOut: 0,
  committed: 0,
  overdraft: 0,
  ...over,
});

describe("period totals", () => {
  it("reproduce the 2016 pilot budget: 145 000 in grants, 18 600 overhead, 204 600 in all, result 0", () => {
    expect(periodTotals(LINES_2016, ALLOCATIONS_2016, 10)).toEqual({
      income: 204_600,
      costs: 41_000,
      allocations: 145_000,
      subtotal: 186_000,
      overhead: 18_600,
      totalCosts: 204_600,
      result: 0,
    });
  });

  it("rounds overhead to whole kronor, half up", () => {
    expect(overheadOf(186_000, 10)).toBe(18_600);
    expect(overheadOf(15, 10)).toBe(2); // 1.5 → 2
    expect(overheadOf(14, 10)).toBe(1); // 1.4 → 1
    expect(overheadOf(0, 10)).toBe(0);
  });

  it("the largest new allocation keeps the result at or above zero, overhead included", () => {
    const totals = periodTotals(LINES_2016, ALLOCATIONS_2016.slice(1), 10); // without the rest category
    const max = maxNewAllocation(totals, 10);
    expect(max).toBe(62_400);
    const fits = periodTotals(LINES_2016, [...ALLOCATIONS_2016.slice(1), { allocated: max }], 10);
    const over = periodTotals(LINES_2016, [...ALLOCATIONS_2016.slice(1), { allocated: max + 1 }], 10);
    expect(fits.result).toBeGreaterThanOrEqual(0);
    expect(over.result).toBeLessThan(0);
    expect(maxNewAllocation(periodTotals(LINES_2016, ALLOCATIONS_2016, 10), 10)).toBe(0);
  });
});

describe("category figures", () => {
  it("remaining = allocated + transfers in − transfers out − committed", () => {
    expect(remaining(cat("rest", { allocated: 100_000, transfersIn: 26_000, committed: 126_000 }))).toBe(0);
    expect(remaining(cat("integration", { allocated: 108_000, transfersOut: 27_524, committed: 30_000 }))).toBe(50_476);
  });

  it("used percent rounds down, so 100 % means everything", () => {
    expect(usedPercent(7_499, 10_000)).toBe(74);
    expect(usedPercent(7_500, 10_000)).toBe(75);
    expect(usedPercent(9_999, 10_000)).toBe(99);
    expect(usedPercent(10_000, 10_000)).toBe(100);
    expect(usedPercent(12_500, 10_000)).toBe(125);
    expect(usedPercent(0, 0)).toBeNull();
    expect(usedPercent(1, 0)).toBe(100);
  });

  it("thresholds are reached exactly at the limit and not one krona before", () => {
    const t = [75, 90, 100];
    expect(reachedThresholds(7_499, 10_000, t)).toEqual([]);
    expect(reachedThresholds(7_500, 10_000, t)).toEqual([75]);
    expect(reachedThresholds(8_999, 10_000, t)).toEqual([75]);
    expect(reachedThresholds(9_000, 10_000, t)).toEqual([75, 90]);
    expect(reachedThresholds(9_999, 10_000, t)).toEqual([75, 90]);
    expect(reachedThresholds(10_000, 10_000, t)).toEqual([75, 90, 100]);
    expect(reachedThresholds(0, 0, t)).toEqual([]);
    expect(reachedThresholds(500, 0, t)).toEqual([75, 90, 100]);
    // 2/3 of 3 kr: 200 ≥ 75·3 is false, no rounding trap
    expect(reachedThresholds(2, 3, t)).toEqual([]);
  });
});

describe("a request against the budget", () => {
  const cats = [cat("rest", { allocated: 62_400, committed: 36_000 }), cat("rest_child", { allocated: 7_800 })];

  it("fits exactly at the limit and not one krona over", () => {
    const exact = impactOf(new Map([["rest", 26_400]]), cats);
    expect(shortfalls(exact)).toEqual([]);
    expect(exact[0]).toMatchObject({ available: 62_400, committed: 36_000, remainingBefore: 26_400, remainingAfter: 0 });
    const over = impactOf(new Map([["rest", 26_401]]), cats);
    expect(shortfalls(over).map((l) => l.key)).toEqual(["rest"]);
    expect(over[0]?.remainingAfter).toBe(-1);
  });

  it("an admin allowance lets a line go over by at most the allowance", () => {
    const lines = impactOf(new Map([["rest", 28_900]]), cats, new Map([["rest", 2_500]]));
    expect(shortfalls(lines)).toEqual([]);
    expect(shortfalls(impactOf(new Map([["rest", 28_901]]), cats, new Map([["rest", 2_500]])))).toHaveLength(1);
  });

  it("a category missing from the period counts as allocation 0", () => {
    const [line] = impactOf(new Map([["protection", 4_500]]), cats);
    expect(line).toMatchObject({ key: "protection", name: "Skyddstillägg", available: 0, remainingBefore: 0 });
    expect(shortfalls(line ? [line] : [])).toHaveLength(1);
  });

  it("sums cost lines per category", () => {
    const sums = amountsByCategory([
      { category: "rest", amount: 36_000 },
      { category: "rest_child", amount: 9_000 },
      { category: "rest", amount: 1_200 },
      { category: "protection", amount: 0 },
    ]);
    expect([...sums]).toEqual([
      ["rest", 37_200],
      ["rest_child", 9_000],
    ]);
  });

  it("the largest partial grant in days fits every category it touches", () => {
    // 30 days of rest with one child: 1 200 + 300 per day; 26 400 left for rest, 7 800 for children.
    const perDay = new Map([
      ["rest", 1_200],
      ["rest_child", 300],
    ]);
    const left = new Map([
      ["rest", 26_400],
      ["rest_child", 7_800],
    ]);
    expect(largestFittingDays(perDay, (k) => left.get(k) ?? 0, 30)).toBe(22);
    left.set("rest_child", 5_400);
    expect(largestFittingDays(perDay, (k) => left.get(k) ?? 0, 30)).toBe(18);
    expect(largestFittingDays(perDay, () => -5, 30)).toBe(0);
    expect(largestFittingDays(perDay, () => 1_000_000, 29)).toBe(29);
  });

  it("the largest partial grant in units: 4 of 6 lawyer hours at 2 500 kr fit 10 000 kr (the 2016 case)", () => {
    expect(largestFittingUnits(2_500, 10_000, 6)).toBe(4);
    expect(largestFittingUnits(2_500, 9_999, 6)).toBe(3);
    expect(largestFittingUnits(2_500, 100_000, 5)).toBe(5);
    expect(largestFittingUnits(2_500, -1, 5)).toBe(0);
    expect(proposalText({ kind: "units", units: 4, of: 6, unit: "timmar", amount: 10_000 })).toBe("4 av 6 timmar ryms (10 000 kr)");
    expect(proposalText({ kind: "days", days: 18, of: 30, amount: 21_600 })).toBe("18 av 30 dagar ryms (21 600 kr)");
    expect(proposalText({ kind: "amount", amount: 900, of: 4_000 })).toBe("900 kr av 4 000 kr ryms");
  });
});

describe("warning thresholds (NSP_BUDGET_WARNING_THRESHOLDS)", () => {
  it("parses, sorts and de-duplicates", () => {
    expect(parseThresholds("75,90,100")).toEqual([75, 90, 100]);
    expect(parseThresholds(" 100 , 50,50 ")).toEqual([50, 100]);
    expect(parseThresholds("")).toEqual([]);
  });

  it("rejects anything but whole percentages, naming the bad part", () => {
    for (const bad of ["75,abc", "0", "7.5", "-10", "2000"]) expect(() => parseThresholds(bad), bad).toThrow(/is not a whole percentage/);
  });
});

describe("budgetReport (the JSON of the CLI, /nsp budget and the Home)", () => {
  const budget: PeriodBudget = {
    period: { id: 7, name: "Pilot 2016", from: new Date("2016-09-01T00:00:00Z"), to: new Date("2016-12-31T00:00:00Z"), overheadPercent: 10 },
    lines: [{ kind: "income", label: "Bidrag", spec: null, amount: 204_600 }],
    categories: [
      { id: 1, key: "rest", name: "Max 30 dagar vila", spec: null, allocated: 100_000, transfersIn: 26_000, transfersOut: 18_000, committed: 108_000, overdraft: 0 },
      { id: 2, key: "measure", name: "Stödinsatser", spec: "juridik", allocated: 15_000, transfersIn: 1_524, transfersOut: 0, committed: 0, overdraft: 0 },
      { id: 3, key: "protection", name: "Skyddstillägg", spec: null, allocated: 0, transfersIn: 0, transfersOut: 0, committed: 500, overdraft: 500 },
    ],
    totals: { income: 204_600, costs: 41_000, allocations: 115_000, subtotal: 156_000, overhead: 15_600, totalCosts: 171_600, result: 33_000 },
    rates: RATES_2016,
  };

  it("gives each category its remaining money and used percent, without ids or specs", () => {
    const r = budgetReport(budget);
    expect(r.categories).toEqual([
      { key: "rest", name: "Max 30 dagar vila", allocated: 100_000, transfersIn: 26_000, transfersOut: 18_000, committed: 108_000, remaining: 0, usedPercent: 100, overdraft: 0, paid: 0, released: 0 },
      { key: "measure", name: "Stödinsatser", allocated: 15_000, transfersIn: 1_524, transfersOut: 0, committed: 0, remaining: 16_524, usedPercent: 0, overdraft: 0, paid: 0, released: 0 },
      { key: "protection", name: "Skyddstillägg", allocated: 0, transfersIn: 0, transfersOut: 0, committed: 500, remaining: -500, usedPercent: 100, overdraft: 500, paid: 0, released: 0 },
    ]);
  });

  it("shows what was paid and released per category and in total (issue #13)", () => {
    const r = budgetReport({ ...budget, flows: new Map([["rest", { paid: 90_000, released: 2_000 }], ["protection", { paid: 500, released: 0 }]]) });
    expect(r.categories.map((c) => [c.key, c.paid, c.released])).toEqual([["rest", 90_000, 2_000], ["measure", 0, 0], ["protection", 500, 0]]);
    expect(r.totals).toMatchObject({ paid: 90_500, released: 2_000 });
  });

  it("writes the period's dates as their calendar days and sums what remains", () => {
    const r = budgetReport(budget);
    expect(r.period).toEqual({ id: 7, name: "Pilot 2016", from: "2016-09-01", to: "2016-12-31", overheadPercent: 10 });
    expect(r.totals).toEqual({ ...budget.totals, remaining: 16_024, paid: 0, released: 0 });
    expect(r.lines).toBe(budget.lines);
  });
});

describe("the jäv refusal of a budget override (issue #14 review)", () => {
  it("names another admin, not a coordinator, and what is refused: the override, not a decision", () => {
    const text = overrideJavText("Frälsningsarmén");
    expect(text).toBe(
      "Jäv – en annan administratör godkänner ett budgetöverskridande. Du är medlem i Frälsningsarmén, som har lämnat in ansökan, och kan därför inte tillåta att den överskrider budgeten. Inget ändrades.",
    );
    expect(text).not.toMatch(/samordnare|besluta/);
  });
});
