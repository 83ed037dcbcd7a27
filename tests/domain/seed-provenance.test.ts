// Issue #13 item 5: the seed says where each figure comes from, and the figures it calls "report"
// are the 2016 annual report's own. The expected numbers below are copied from the report's budget
// for the pilot period 1 September – 31 December 2016 and its period 1 Tabell 2, not from the seed.
import { describe, expect, it } from "vitest";
import {
  DEMO_MEMBERS,
  formatSeedSummary,
  SEED_BUDGETS,
  SEED_ORGANISATIONS,
  SEED_PERIODS,
  SEED_PROVENANCE_NOTE,
  SEED_RATES_2016,
  SEED_RATES_SOURCE,
  type SeedSource,
} from "../../commands/seed.js";

const SOURCES: readonly SeedSource[] = ["report", "derived", "example"];

describe("seed provenance", () => {
  it("every seeded period, budget line, category and organisation names its source", () => {
    for (const p of SEED_PERIODS) expect(SOURCES, p.name).toContain(p.source);
    for (const [name, budget] of Object.entries(SEED_BUDGETS)) {
      for (const l of budget.lines) expect(SOURCES, `${name}: ${l.label}`).toContain(l.source);
      for (const c of budget.categories) expect(SOURCES, `${name}: ${c.key}`).toContain(c.source);
    }
    for (const o of SEED_ORGANISATIONS) expect(o.source, o.name).toBe("example");
    expect(SEED_RATES_SOURCE).toBe("report");
  });

  it("the pilot budget's report figures are the report's: income 204 600, costs 41 000, grants 145 000, 10 % overhead, result 0", () => {
    const pilot = SEED_BUDGETS["Pilot 2016"];
    const stated = (kind: "income" | "cost") => pilot.lines.filter((l) => l.kind === kind && l.source === "report").map((l) => [l.label, l.amount]);
    expect(stated("income")).toEqual([
      ["Medel LST 2016", 200_000],
      ["Inestående medel pilot 2016", 4_600],
    ]);
    expect(stated("cost")).toEqual([
      ["Samordnare anställning 15 %", 40_000],
      ["Resor, utlägg", 500],
      ["Hemsida domänkostn.", 500],
    ]);
    const categories = Object.fromEntries(pilot.categories.filter((c) => c.source === "report").map((c) => [c.key, c.allocated]));
    expect(categories).toEqual({ rest: 62_400, rest_child: 7_800, measure: 10_000, integration: 48_600, integration_child: 16_200 });
    const grants = pilot.categories.reduce((a, c) => a + c.allocated, 0);
    expect(grants).toBe(145_000); // "SUMMA UTBETLN. -145 000"
    const costs = 40_000 + 500 + 500;
    const overhead = ((costs + grants) * SEED_RATES_2016.overheadPercent) / 100;
    expect(overhead).toBe(18_600); // "OH-kostnad 10 % -18 600"
    expect(204_600 - costs - grants - overhead).toBe(0); // "Resultat 0"
    // Only the protection category, which the budget does not have, is derived (0 kr).
    expect(pilot.categories.filter((c) => c.source !== "report")).toEqual([expect.objectContaining({ key: "protection", allocated: 0, source: "derived" })]);
  });

  it("period 1's categories are its Tabell 2 totals; its income line is derived from them", () => {
    const p1 = SEED_BUDGETS["Period 1 2016"];
    const stated = Object.fromEntries(p1.categories.filter((c) => c.source === "report").map((c) => [c.key, c.allocated]));
    expect(stated).toEqual({ rest: 100_000, integration: 108_000, measure: 15_000 }); // "TOTALT 100 000 / 108 000 / 15 000"
    expect(p1.lines).toEqual([expect.objectContaining({ kind: "income", amount: ((100_000 + 108_000 + 15_000) * 11) / 10, source: "derived" })]);
    expect(SEED_PERIODS.find((p) => p.name === "Pilot 2016")).toMatchObject({ from: "2016-09-01", to: "2016-12-31", source: "report" });
  });

  it("the rates are the budget's schablons and limits", () => {
    expect(SEED_RATES_2016).toMatchObject({
      restDailyRate: 1200, // "1200x30"
      restChildDailyRate: 300, // "300X30"
      protectionDailyRate: 150, // "150/dygn"
      integrationDailyRate: 600, // "600x90"
      integrationChildDailyRate: 200, // "200X90"
      restMaxDays: 30,
      integrationMaxDays: 90,
      measureMinAmount: 500, // "500-5000"
      measureMaxAmount: 5000,
      overheadPercent: 10, // "OH-kostnad 10 %"
    });
  });

  it("the seed's summary ends with the one-line provenance note, which says the organisations and demo users are examples", () => {
    const text = formatSeedSummary({ periods: { created: 2, existing: 0 }, organisations: { created: 7, existing: 0 }, counter: "created", members: null });
    expect(text.split("\n").at(-1)).toBe(SEED_PROVENANCE_NOTE);
    expect(SEED_PROVENANCE_NOTE).not.toContain("\n");
    expect(SEED_PROVENANCE_NOTE).toMatch(/årsrapporten 2016/);
    expect(SEED_PROVENANCE_NOTE).toMatch(/organisationerna, deras certifiering och demomedlemmarna är exempel/);
    expect(DEMO_MEMBERS.every((m) => /^U0DEMO/.test(m.slackUserId))).toBe(true);
  });
});
