// The forecast's "no top-up" words must be true (review of #13, defect 5): the top-up nets
// shortfalls within a budget post (the documented design that reproduces 2016's 6 492 kr), so with
// rest at −500 kr and the child supplement at +1 000 kr nothing is asked for, and the message says
// that every budget post – not every category – reaches zero, and names the negative category with
// the transfer inside the post that covers it. The Slack message and the CLI say the same.
import { describe, expect, it } from "vitest";
import { forecast, noTopUpLines } from "../../src/domain/forecast.js";
import { formatForecast } from "../../commands/present.js";
import { forecastMessage } from "../../src/views/budget-forecast.js";
import { expectValidMessage } from "../helpers/blockkit.js";

const period = { name: "Pilot 2016", from: new Date("2016-09-01T00:00:00Z"), to: new Date("2016-12-31T00:00:00Z") };
const cat = (key: string, name: string, allocated: number, committed: number) => ({ key, name, allocated, transfersIn: 0, transfersOut: 0, committed, overdraft: 0 });

describe("no top-up although a category is negative (netted within its post)", () => {
  const f = forecast({ period, categories: [cat("rest", "Vila", 1_000, 1_500), cat("rest_child", "Barntillägg vila", 1_000, 0)], pending: [] });

  it("the figures: topUp 0, the rest's shortfall covered by the post", () => {
    expect(f.totalTopUp).toBe(0);
    expect(f.categories.find((c) => c.key === "rest")).toMatchObject({ projected: -500, fromPost: 500, topUp: 0 });
  });

  it("the words: every budget post reaches zero; the negative category and the transfer that covers it", () => {
    const lines = noTopUpLines(f);
    expect(lines).toEqual([
      "Inget tillskott behövs: varje budgetpost når minst noll.",
      "Vila: prognos -500 kr; underskottet täcks av överskott i samma budgetpost (Max 30 dagars vila) – flytta 500 kr dit med /nsp budget flytta.",
    ]);
    const m = forecastMessage(f, { current: true });
    expectValidMessage(m);
    const s = JSON.stringify(m);
    expect(s).not.toContain("varje kategori");
    for (const l of lines) expect(s).toContain(l);
    const cli = formatForecast(f);
    expect(cli).not.toContain("varje kategori");
    for (const l of lines) expect(cli).toContain(l);
  });

  it("no negative category: only the first line", () => {
    expect(noTopUpLines(forecast({ period, categories: [cat("rest", "Vila", 1_000, 0)], pending: [] }))).toEqual(["Inget tillskott behövs: varje budgetpost når minst noll."]);
  });
});
