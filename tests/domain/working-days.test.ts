// Swedish working days: the holidays of 2016 (the programme's year) and 2026, and the count of
// full working days a request has waited (the digest's rule).
import { describe, expect, it } from "vitest";
import { easterSunday, fullWorkingDaysBetween, isWorkingDay, swedishHolidays } from "../../src/domain/working-days.js";

describe("Swedish holidays", () => {
  it("finds Easter", () => {
    expect(easterSunday(2016).toISOString().slice(0, 10)).toBe("2016-03-27");
    expect(easterSunday(2026).toISOString().slice(0, 10)).toBe("2026-04-05");
    expect(easterSunday(2019).toISOString().slice(0, 10)).toBe("2019-04-21");
  });

  it("lists the days off of 2016", () => {
    expect([...swedishHolidays(2016).keys()].sort()).toEqual([
      "2016-01-01", "2016-01-06", "2016-03-25", "2016-03-28", "2016-05-01", "2016-05-05", "2016-06-06",
      "2016-06-24", "2016-12-24", "2016-12-25", "2016-12-26", "2016-12-31",
    ]);
  });

  it("lists the days off of 2026 (midsommarafton 19 June, Kristi himmelsfärd 14 May)", () => {
    const h = swedishHolidays(2026);
    expect(h.get("2026-04-03")).toBe("långfredagen");
    expect(h.get("2026-04-06")).toBe("annandag påsk");
    expect(h.get("2026-05-14")).toBe("Kristi himmelsfärdsdag");
    expect(h.get("2026-06-19")).toBe("midsommarafton");
    expect(h.size).toBe(12);
  });

  it("tells working days from weekends and holidays", () => {
    expect(isWorkingDay("2026-12-01")).toBe(true); // Tuesday
    expect(isWorkingDay("2026-12-05")).toBe(false); // Saturday
    expect(isWorkingDay("2026-12-06")).toBe(false); // Sunday
    expect(isWorkingDay("2026-01-06")).toBe(false); // trettondedag jul, a Tuesday
    expect(isWorkingDay("2016-06-24")).toBe(false); // midsommarafton
    expect(isWorkingDay("2016-06-23")).toBe(true);
    expect(isWorkingDay("2016-12-26")).toBe(false); // annandag jul, a Monday
    expect(isWorkingDay("2016-12-27")).toBe(true);
    expect(isWorkingDay("2016-05-05")).toBe(false); // Kristi himmelsfärdsdag
    expect(() => isWorkingDay("2016-13-01")).toThrow();
  });
});

describe("full working days between two days", () => {
  it("counts neither the day of receipt nor today", () => {
    expect(fullWorkingDaysBetween("2026-03-02", "2026-03-02")).toBe(0);
    expect(fullWorkingDaysBetween("2026-03-02", "2026-03-03")).toBe(0);
    expect(fullWorkingDaysBetween("2026-03-02", "2026-03-05")).toBe(2); // Monday → Thursday
    expect(fullWorkingDaysBetween("2026-03-02", "2026-03-06")).toBe(3); // → Friday
    expect(fullWorkingDaysBetween("2026-03-05", "2026-03-02")).toBe(0);
  });

  it("skips the weekend after a Friday or Saturday submission", () => {
    expect(fullWorkingDaysBetween("2026-03-06", "2026-03-11")).toBe(2); // Friday → Wednesday
    expect(fullWorkingDaysBetween("2026-03-06", "2026-03-12")).toBe(3); // → Thursday
    expect(fullWorkingDaysBetween("2026-03-07", "2026-03-12")).toBe(3); // Saturday → Thursday
  });

  it("skips Easter and midsommar", () => {
    expect(fullWorkingDaysBetween("2026-04-02", "2026-04-09")).toBe(2); // skärtorsdagen → Thursday after Easter
    expect(fullWorkingDaysBetween("2026-04-02", "2026-04-10")).toBe(3);
    expect(fullWorkingDaysBetween("2016-03-24", "2016-03-31")).toBe(2);
    expect(fullWorkingDaysBetween("2016-06-23", "2016-06-28")).toBe(1);
    expect(fullWorkingDaysBetween("2016-12-23", "2016-12-29")).toBe(2); // julafton–annandag, 27 and 28
  });
});
