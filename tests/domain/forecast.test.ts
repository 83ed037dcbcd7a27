// The forecast and the top-up (issue #13, item 4) as plain arithmetic, with the 2016 annual
// report's figures: "Budget för år 2016 pilotperiod 1 september–31 december" and Tabell 2 of
// period 2, footnote "för att nå nollresultat räcker 6492 som tillskott".
import { describe, expect, it } from "vitest";
import { forecast, forecastJson, funderText, type PendingRequest } from "../../src/domain/forecast.js";
import type { CategoryFigures } from "../../src/domain/budget.js";

const cat = (key: string, allocated: number, committed = 0, extra: Partial<CategoryFigures> = {}): CategoryFigures => ({
  key,
  name: key,
  allocated,
  transfersIn: 0,
  transfersOut: 0,
  committed,
  overdraft: 0,
  ...extra,
});
const period = { name: "Pilot 2016", from: new Date("2016-09-01T00:00:00Z"), to: new Date("2016-12-31T00:00:00Z") };

// NSP010: 30 days of rest at 1 200 kr with 24-hour protection at 150 kr/dygn, under review:
// 26 days in the budget (31 200) + 4 extra days (4 800) + protection (4 500) = 40 500 kr.
const nsp010: PendingRequest = {
  id: 12,
  caseRef: "NSP010",
  asked: "Vila: 2016-10-12 – 2016-11-10 (30 dagar), dygnet-runt-skydd",
  lines: [
    { category: "rest", amount: 36_000 },
    { category: "protection", amount: 4_500 },
  ],
};

describe("forecast", () => {
  it("reproduces the 2016 top-up for NSP010: 6 492 kr from the report's figures", () => {
    // The max-30 post without the 9 300 skyddstillägg (the top-up itself): 62 400 + 7 800 = 70 200.
    // NSP009 cost 36 192 ("Minus ebo: 36 192 varav; 29 354 + barntillägg 6838").
    const f = forecast({
      period,
      categories: [cat("rest", 62_400, 29_354), cat("rest_child", 7_800, 6_838), cat("protection", 0), cat("measure", 10_000, 12_500, { overdraft: 2_500 }), cat("integration", 48_600, 48_600), cat("integration_child", 16_200, 16_200)],
      pending: [nsp010],
    });
    const by = Object.fromEntries(f.categories.map((c) => [c.key, c]));
    expect(by.rest).toMatchObject({ remaining: 33_046, pending: 36_000, projected: -2_954, fromPost: 962, topUp: 1_992 });
    expect(by.rest_child).toMatchObject({ remaining: 962, pending: 0, projected: 962, topUp: 0 });
    expect(by.protection).toMatchObject({ remaining: 0, pending: 4_500, projected: -4_500, topUp: 4_500 });
    const max30 = f.posts.find((p) => p.name === "Max 30 dagars vila");
    // 70 200 − 36 192 − 40 500 = −6 492: "för att nå nollresultat räcker 6492 som tillskott".
    expect(max30).toMatchObject({ projected: -6_492, topUp: 6_492 });
    // The measures' admin-approved overdraft (−2 500) still needs money; max 90 ends at 0.
    expect(by.measure).toMatchObject({ remaining: -2_500, projected: -2_500, topUp: 2_500 });
    expect(by.integration).toMatchObject({ projected: 0, topUp: 0 });
    expect(f.totalTopUp).toBe(6_492 + 2_500);
  });

  it("with the whole 9 300 skyddstillägg in the budget the max-30 post ends at +2 808, as Tabell 2", () => {
    const f = forecast({ period, categories: [cat("rest", 62_400, 29_354), cat("rest_child", 7_800, 6_838), cat("protection", 9_300)], pending: [nsp010] });
    expect(f.posts[0]).toMatchObject({ projected: 2_808, topUp: 0 });
    expect(f.totalTopUp).toBe(0);
    expect(funderText(f)).toBeNull();
  });

  it("never nets across posts, and a category without a post stands alone", () => {
    const f = forecast({ period, categories: [cat("rest", 1_000), cat("integration", 50_000), cat("other", 0)], pending: [{ id: 3, caseRef: "NSP001", asked: "Vila", lines: [{ category: "rest", amount: 1_500 }, { category: "other", amount: 200 }] }] });
    expect(f.categories.map((c) => [c.key, c.projected, c.topUp])).toEqual([
      ["rest", -500, 500],
      ["integration", 50_000, 0],
      ["other", -200, 200],
    ]);
    expect(f.totalTopUp).toBe(700);
  });

  it("counts transfers like budget show, and a pending line in a missing category as allocated 0", () => {
    const f = forecast({
      period,
      categories: [cat("rest", 10_000, 2_000, { transfersIn: 1_000, transfersOut: 500 })],
      pending: [{ id: 4, caseRef: null, asked: "Integration", lines: [{ category: "integration", amount: 600 }, { category: "rest", amount: 0 }] }],
    });
    expect(f.categories.map((c) => [c.key, c.remaining, c.pending, c.projected, c.topUp])).toEqual([
      ["rest", 8_500, 0, 8_500, 0],
      ["integration", 0, 600, -600, 600],
    ]);
  });

  it("the JSON has exactly the issue's shape", () => {
    const f = forecast({ period, categories: [cat("rest", 62_400, 29_354), cat("rest_child", 7_800, 6_838), cat("protection", 0)], pending: [nsp010] });
    const json = forecastJson(f);
    expect(Object.keys(json)).toEqual(["period", "categories", "totalTopUp"]);
    expect(json.period).toEqual({ name: "Pilot 2016", from: "2016-09-01", to: "2016-12-31" });
    for (const c of json.categories) expect(Object.keys(c)).toEqual(["key", "remaining", "pending", "projected", "topUp"]);
    expect(json.totalTopUp).toBe(6_492);
  });

  it("the funder text names the case by reference and the request by number, with Swedish amounts", () => {
    const f = forecast({ period, categories: [cat("rest", 62_400, 29_354), cat("rest_child", 7_800, 6_838), cat("protection", 0)], pending: [nsp010] });
    const text = funderText(f) ?? "";
    expect(text).toContain("Ansökan om tillskott – Pilot 2016 (2016-09-01 – 2016-12-31)");
    expect(text).toContain("Max 30 dagars vila: prognos -6 492 kr.");
    expect(text).toContain("- Ansökan nr 12 (NSP010) – Vila: 2016-10-12 – 2016-11-10 (30 dagar), dygnet-runt-skydd: 40 500 kr under behandling");
    expect(text).toContain("För att nå nollresultat räcker 6 492 kr som tillskott.");
    expect(text).toContain("Begärt tillskott totalt: 6 492 kr.");
    expect(text).not.toMatch(/ärende nr|Ansökan nr 12 \(ärende/);
  });
});
