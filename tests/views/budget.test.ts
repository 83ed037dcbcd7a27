// The budget views validate against Slack's Block Kit schema and read the way a coordinator expects.
import { describe, expect, it } from "vitest";
import type { BudgetReport, RequestBudget } from "../../src/domain/budget.js";
import { bar, budgetMessage, budgetSummaryMessage, budgetWarningMessage, refusalText, requestBudgetBlocks, transferModal } from "../../src/views/budget.js";
import { expectValidMessage, expectValidModal } from "../helpers/blockkit.js";

const cat = (key: string, name: string, allocated: number, committed: number, transfersIn = 0, transfersOut = 0) => {
  const avail = allocated + transfersIn - transfersOut;
  return { key, name, allocated, transfersIn, transfersOut, committed, remaining: avail - committed, usedPercent: avail > 0 ? Math.floor((committed * 100) / avail) : null, overdraft: Math.max(0, committed - avail), paid: 0, released: 0 };
};

const REPORT: BudgetReport = {
  period: { id: 2, name: "Pilot 2016", from: "2016-09-01", to: "2016-12-31", overheadPercent: 10 },
  categories: [
    cat("rest", "Max 30 dagars vila", 62_400, 31_200),
    cat("rest_child", "Barntillägg vila", 7_800, 0),
    cat("measure", "Stödinsatser", 10_000, 12_500),
    cat("integration", "Integrationsperiod max 90 dagar", 48_600, 48_600),
  ],
  lines: [],
  totals: { income: 204_600, costs: 41_000, allocations: 145_000, subtotal: 186_000, overhead: 18_600, totalCosts: 204_600, result: 0, remaining: 38_500, paid: 0, released: 0 },
};

const all = (m: { text: string; blocks: unknown[] }) => JSON.stringify(m);

describe("budget views", () => {
  it("/nsp budget: one line per category with a bar, Swedish amounts and the totals", () => {
    const m = budgetMessage(REPORT, { current: true });
    expectValidMessage(m);
    const s = all(m);
    expect(s).toContain("*Max 30 dagars vila*  ▰▰▰▰▰▱▱▱▱▱ 50 % använt");
    expect(s).toContain("Tilldelat 62 400 kr · beviljat 31 200 kr · *kvar 31 200 kr*");
    expect(s).toContain("*kvar -2 500 kr* · :warning: *Varning:* övertrasserat med admins godkännande 2 500 kr");
    expect(s).toContain("intäkter 204 600 kr · övriga kostnader 41 000 kr · OH 10 % 18 600 kr · ej fördelat 0 kr");
    expect(all(budgetMessage(REPORT, { current: false }))).toContain("ingen period omfattar dagens datum");
  });

  it("bars stay within ten segments", () => {
    expect(bar(0)).toBe("▱▱▱▱▱▱▱▱▱▱");
    expect(bar(74)).toBe("▰▰▰▰▰▰▰▱▱▱");
    expect(bar(125)).toBe("▰▰▰▰▰▰▰▰▰▰");
    expect(bar(null)).toBe("▱▱▱▱▱▱▱▱▱▱");
  });

  it("the transfer modal lists the categories with what is left", () => {
    const v = transferModal(REPORT, 2);
    expectValidModal(v);
    expect(JSON.stringify(v)).toContain("Max 30 dagars vila (kvar 31 200 kr)");
    expect(JSON.parse(v.private_metadata ?? "")).toEqual({ periodId: 2 });
  });

  it("warnings and the daily summary", () => {
    const w = budgetWarningMessage({ period: "Pilot 2016", category: "Stödinsatser", threshold: 90, committed: 9_000, available: 10_000 });
    expectValidMessage(w);
    expect(all(w)).toContain(":warning: *Varning:* *Stödinsatser* har passerat 90 % av budgeten i Pilot 2016: 9 000 kr av 10 000 kr beviljat, 1 000 kr kvar.");
    const s = budgetSummaryMessage(REPORT, ["*Stödinsatser* är 125 % använd (kvar -2 500 kr)."], new Date("2016-12-05T00:00:00Z"));
    expectValidMessage(s);
    expect(all(s)).toContain("Budgetläge 2016-12-05 – Pilot 2016");
  });

  it("the money of a request, with the proposal when it does not fit", () => {
    const rb: RequestBudget = {
      period: { id: 2, name: "Pilot 2016", from: new Date("2016-09-01"), to: new Date("2016-12-31"), overheadPercent: 10 },
      impact: [{ key: "rest", name: "Max 30 dagars vila", available: 62_400, committed: 36_000, remainingBefore: 26_400, amount: 36_000, remainingAfter: -9_600, overrideAllowance: 0 }],
      fits: false,
      proposal: { kind: "days", days: 22, of: 30, amount: 26_400 },
    };
    const blocks = requestBudgetBlocks(rb, { requestId: 9 });
    expectValidMessage({ text: "x", blocks });
    const s = JSON.stringify(blocks);
    expect(s).toContain("kvar 26 400 kr → efter beslut *-9 600 kr* (denna ansökan 36 000 kr)");
    expect(s).toContain("22 av 30 dagar ryms (26 400 kr) – välj *Bevilja delvis*");
    expect(JSON.stringify(requestBudgetBlocks({ ...rb, period: null, impact: [] }, { requestId: 9 }))).toContain("Ingen budgetperiod omfattar");
    expect(requestBudgetBlocks({ period: null, impact: [], fits: true, proposal: null }, { requestId: 9 })).toEqual([]);
  });

  it("refusals say what is missing and what fits", () => {
    const lines = [{ key: "rest", name: "Max 30 dagars vila", available: 62_400, committed: 36_000, remainingBefore: 26_400, amount: 36_000, remainingAfter: -9_600, overrideAllowance: 0 }];
    expect(refusalText({ reason: "insufficient", period: "Pilot 2016", lines }, { kind: "days", days: 22, of: 30, amount: 26_400 })).toBe(
      "Ryms inte i budgeten (Pilot 2016): Max 30 dagars vila har 26 400 kr kvar, beslutet kräver 36 000 kr. 22 av 30 dagar ryms (26 400 kr): välj Bevilja delvis.",
    );
    expect(refusalText({ reason: "no_period", date: new Date("2017-01-05T00:00:00Z") }, null)).toContain("Ingen budgetperiod omfattar ansökans datum 2017-01-05");
  });
});
