// Payments and released money (issue #13, item 3) as plain arithmetic, with NSP009 of the 2016
// annual report: 26 days of rest with one child (31 200 + 7 800 = 39 000 kr committed), actual cost
// 36 192 kr ("Minus ebo: 36 192 varav; 29 354 + barntillägg 6838").
import { describe, expect, it } from "vitest";
import {
  closingRelease,
  coFundingText,
  isCoFundingPayer,
  parsePaymentAmount,
  paymentBeforeDecisionError,
  paymentDateError,
  paymentRoom,
  reduceByContribution,
  releaseSplit,
  settleRelease,
  usedDays,
} from "../../src/domain/payment.js";
import { computeCost } from "../../src/domain/cost.js";
import { RATES_2016 } from "../../src/domain/rates.js";

const d = (s: string) => new Date(`${s}T00:00:00.000Z`);
const nsp009 = [
  { key: "rest", amount: 31_200 },
  { key: "rest_child", amount: 7_800 },
];

describe("payment input", () => {
  it("amounts are whole kronor above zero; spaces and 'kr' are fine", () => {
    expect(parsePaymentAmount("36 192")).toBe(36_192);
    expect(parsePaymentAmount("36192 kr")).toBe(36_192);
    for (const bad of ["0", "-5", "12,5", "1e3", "", "abc", "99999999999"]) expect(parsePaymentAmount(bad), bad).toBeNull();
  });

  it("dates are real calendar days, not in the future", () => {
    const today = d("2016-12-01");
    expect(paymentDateError("2016-11-30", today)).toEqual({ date: d("2016-11-30") });
    expect(paymentDateError("2016-12-01", today)).toEqual({ date: today });
    expect(paymentDateError("2016-12-02", today)).toEqual({ error: "Datumet får inte ligga i framtiden (i dag är det 2016-12-01)." });
    expect(paymentDateError("2016-02-30", today)).toEqual({ error: "Ange datumet som ÅÅÅÅ-MM-DD, t.ex. 2016-10-31." });
  });

  it("the room is the grant minus releases minus payments, never negative", () => {
    expect(paymentRoom({ committed: 39_000, released: 0, paid: 0 })).toBe(39_000);
    expect(paymentRoom({ committed: 39_000, released: 2_808, paid: 30_000 })).toBe(6_192);
    expect(paymentRoom({ committed: 39_000, released: 0, paid: 40_000 })).toBe(0);
  });
});

describe("released money", () => {
  it("settling NSP009 at 36 192 kr releases 2 808 kr, split over rest and child supplement in proportion", () => {
    const released = settleRelease(nsp009, 36_192);
    // 36 192 × 31 200 / 39 000 = 28 953.6 → 28 954 kept (largest remainder), 7 238 kept of 7 800.
    expect(released).toEqual([
      { key: "rest", amount: 2_246 },
      { key: "rest_child", amount: 562 },
    ]);
    expect(released.reduce((a, l) => a + l.amount, 0)).toBe(39_000 - 36_192);
  });

  it("the split always adds up exactly, and paying everything releases nothing", () => {
    for (const keep of [0, 1, 2, 7, 999, 20_001, 38_999]) {
      const r = releaseSplit([{ key: "a", amount: 333 }, { key: "b", amount: 333 }, { key: "c", amount: 38_334 }], keep);
      expect(r.reduce((a, l) => a + l.amount, 0), String(keep)).toBe(39_000 - keep);
      for (const l of r) expect(l.amount).toBeGreaterThan(0);
    }
    expect(settleRelease(nsp009, 39_000)).toEqual([]);
    expect(settleRelease(nsp009, 50_000)).toEqual([]);
    expect(settleRelease(nsp009, 0)).toEqual(nsp009);
  });

  it("a case closed on day 4 of a 10-day rest period with a child and protection releases the 6 unused days per category", () => {
    const input = { type: "rest" as const, from: d("2016-10-01"), to: d("2016-10-10"), children: 1, protection: true };
    const full = computeCost(input, RATES_2016);
    const committed = full.lines.map((l) => ({ key: l.category, amount: l.amount }));
    expect(usedDays(input.from, 10, d("2016-10-04"))).toBe(4);
    expect(closingRelease({ input, rates: RATES_2016, grantedDays: 10, closedOn: d("2016-10-04"), committed, paid: 0 })).toEqual([
      { key: "rest", amount: 6 * 1_200 },
      { key: "rest_child", amount: 6 * 300 },
      { key: "protection", amount: 6 * 150 },
    ]);
    // Closing on or after the last granted day releases nothing; before the start releases all.
    expect(closingRelease({ input, rates: RATES_2016, grantedDays: 10, closedOn: d("2016-10-10"), committed, paid: 0 })).toEqual([]);
    expect(closingRelease({ input, rates: RATES_2016, grantedDays: 10, closedOn: d("2016-09-20"), committed, paid: 0 })).toEqual(committed);
  });

  it("a partial grant of days counts the granted days, and what was paid is never released", () => {
    const input = { type: "integration" as const, from: d("2016-09-01"), to: d("2016-11-29"), children: 0 };
    const committed = [{ key: "integration", amount: 30 * 600 }];
    // 30 of 90 days granted, closed on day 20: 10 days released.
    expect(closingRelease({ input, rates: RATES_2016, grantedDays: 30, closedOn: d("2016-09-20"), committed, paid: 0 })).toEqual([{ key: "integration", amount: 6_000 }]);
    // 15 000 already paid: only 3 000 may come back.
    expect(closingRelease({ input, rates: RATES_2016, grantedDays: 30, closedOn: d("2016-09-20"), committed, paid: 15_000 })).toEqual([{ key: "integration", amount: 3_000 }]);
  });
});

describe("closing a co-funded grant (review #6)", () => {
  it("spreads the other payer's contribution over the days: used days cost committed ÷ full cost of their price", () => {
    // NSP009 minus 2 808 kr ebo (taken from rest): 28 392 + 7 800 committed for 26 days (1 092 kr a day of rest).
    const input = { type: "rest" as const, from: d("2016-09-07"), to: d("2016-10-02"), children: 1, protection: false };
    const committed = [
      { key: "rest", amount: 31_200 - 2_808 },
      { key: "rest_child", amount: 7_800 },
    ];
    // Closed 2016-09-20: 14 days used, 12 released – at 1 092 kr, not at the full 1 200 kr.
    expect(closingRelease({ input, rates: RATES_2016, grantedDays: 26, closedOn: d("2016-09-20"), committed, paid: 0 })).toEqual([
      { key: "rest", amount: 12 * 1_092 },
      { key: "rest_child", amount: 12 * 300 },
    ]);
    // A contribution of 25 000 kr: the early closing still releases the unused days' share (rest 6 200 over 26 days).
    const big = [{ key: "rest", amount: 6_200 }, { key: "rest_child", amount: 7_800 }];
    expect(closingRelease({ input, rates: RATES_2016, grantedDays: 26, closedOn: d("2016-09-20"), committed: big, paid: 0 })).toEqual([
      { key: "rest", amount: 6_200 - Math.ceil((14 * 1_200 * 6_200) / 31_200) },
      { key: "rest_child", amount: 12 * 300 },
    ]);
  });
});

describe("closing again after a kept release (review: release twice)", () => {
  it("prices the used days against the commitment: an earlier second closing frees only the days beyond the kept release", () => {
    // 30 days of rest (36 000 kr); the first closing (day 10) released 24 000 kr, and a reopening kept them.
    const input = { type: "rest" as const, from: d("2016-09-01"), to: d("2016-09-30"), children: 0, protection: false };
    const committed = [{ key: "rest", amount: 36_000 - 24_000, granted: 36_000 }];
    expect(closingRelease({ input, rates: RATES_2016, grantedDays: 30, closedOn: d("2016-09-05"), committed, paid: 0 })).toEqual([{ key: "rest", amount: 6_000 }]);
    // The same closing day again, or a later one: nothing more.
    expect(closingRelease({ input, rates: RATES_2016, grantedDays: 30, closedOn: d("2016-09-10"), committed, paid: 0 })).toEqual([]);
    expect(closingRelease({ input, rates: RATES_2016, grantedDays: 30, closedOn: d("2016-09-20"), committed, paid: 0 })).toEqual([]);
  });
});

describe("co-funding", () => {
  it("NSP009 minus ebo: 2 808 kr off the rest line first", () => {
    const lines = [
      { category: "rest" as const, label: "Vila 26 dagar × 1 200 kr", amount: 31_200 },
      { category: "rest_child" as const, label: "Barntillägg 1 barn × 26 dagar × 300 kr", amount: 7_800 },
    ];
    expect(reduceByContribution(lines, 2_808, "migrationsverket")).toEqual([
      { category: "rest", label: "Vila 26 dagar × 1 200 kr minus 2 808 kr från Migrationsverket (ebo/dagersättning)", amount: 28_392 },
      lines[1],
    ]);
    // Larger than the first line: the rest comes off the next.
    expect(reduceByContribution(lines, 32_000, "kommunen")?.map((l) => [l.category, l.amount])).toEqual([["rest_child", 7_000]]);
    expect(reduceByContribution(lines, 39_000, "annan")).toBeNull();
    expect(reduceByContribution(lines, 0, "annan")).toBeNull();
  });

  it("the payers are a fixed list", () => {
    expect(isCoFundingPayer("migrationsverket")).toBe(true);
    expect(isCoFundingPayer("toString")).toBe(false);
    expect(coFundingText("kommunen", 1_500)).toBe("minus 1 500 kr från Kommunen (socialtjänst)");
  });
});

describe("paymentBeforeDecisionError (review #5)", () => {
  const day = (s: string) => new Date(`${s}T00:00:00.000Z`);
  it("refuses a date before the decision day, accepts the day itself and later, and any date without a decision", () => {
    expect(paymentBeforeDecisionError(day("2016-09-05"), day("2016-09-06"))).toBe("Datumet får inte ligga före beslutet (2016-09-06).");
    expect(paymentBeforeDecisionError(day("2016-09-06"), day("2016-09-06"))).toBeNull();
    expect(paymentBeforeDecisionError(day("2016-10-31"), day("2016-09-06"))).toBeNull();
    expect(paymentBeforeDecisionError(day("2000-01-01"), null)).toBeNull();
  });
});
