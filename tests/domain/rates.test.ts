import { describe, expect, it } from "vitest";
import { RATES_2016 } from "../../src/domain/rates.js";

describe("RATES_2016", () => {
  it("holds the 2016 pilot's rates in whole kronor", () => {
    expect(RATES_2016).toEqual({
      restDailyRate: 1200,
      restChildDailyRate: 300,
      protectionDailyRate: 150,
      integrationDailyRate: 600,
      integrationChildDailyRate: 200,
      restMaxDays: 30,
      integrationMaxDays: 90,
      measureMinAmount: 500,
      measureMaxAmount: 5000,
    });
    for (const v of Object.values(RATES_2016)) expect(Number.isInteger(v)).toBe(true);
  });
});
