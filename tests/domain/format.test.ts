import { describe, expect, it } from "vitest";
import {
  TIME_ZONE,
  daysInclusive,
  formatDate,
  formatDateTime,
  formatKr,
  formatNumber,
  isoDay,
  parseIsoDate,
  todayDate,
} from "../../src/domain/format.js";

const d = (s: string): Date => {
  const date = parseIsoDate(s);
  if (!date) throw new Error(`bad test date ${s}`);
  return date;
};

describe("formatNumber / formatKr", () => {
  it.each([
    [0, "0"],
    [5, "5"],
    [500, "500"],
    [999, "999"],
    [1000, "1 000"],
    [12500, "12 500"],
    [204600, "204 600"],
    [1000000, "1 000 000"],
    [-2500, "-2 500"],
    [-500, "-500"],
    [-0, "0"],
  ])("formatNumber(%d) = %j", (n, expected) => {
    expect(formatNumber(n)).toBe(expected);
  });

  it.each([
    [12500, "12 500 kr"],
    [500, "500 kr"],
    [-2500, "-2 500 kr"],
    [0, "0 kr"],
    [1234567, "1 234 567 kr"],
  ])("formatKr(%d) = %j", (n, expected) => {
    expect(formatKr(n)).toBe(expected);
  });

  it("uses a regular space, not a no-break space", () => {
    expect(formatKr(12500)).toBe("12\u0020500\u0020kr");
    expect(formatKr(12500)).not.toMatch(/[\u00a0\u202f]/);
  });

  it.each([12.5, 0.1, Number.NaN, Number.POSITIVE_INFINITY, 1e21])("throws on %d", (n) => {
    expect(() => formatKr(n)).toThrow();
    expect(() => formatNumber(n)).toThrow();
  });
});

describe("formatDate / formatDateTime (Europe/Stockholm)", () => {
  it("exports the time zone", () => {
    expect(TIME_ZONE).toBe("Europe/Stockholm");
  });
  it("formats the Stockholm calendar day", () => {
    expect(formatDate(new Date("2016-09-01T10:00:00Z"))).toBe("2016-09-01");
    expect(formatDate(new Date("2016-08-31T22:30:00Z"))).toBe("2016-09-01"); // 00:30 CEST
    expect(formatDate(new Date("2016-08-31T21:59:00Z"))).toBe("2016-08-31"); // 23:59 CEST
    expect(formatDate(new Date("2016-12-31T23:30:00Z"))).toBe("2017-01-01"); // 00:30 CET
  });
  it("keeps a UTC-midnight calendar date on the same day", () => {
    for (const s of ["2016-01-01", "2016-03-27", "2016-06-30", "2016-10-30", "2016-12-31"]) expect(formatDate(d(s))).toBe(s);
  });
  it("formats date and time with summer and winter time", () => {
    expect(formatDateTime(new Date("2016-09-01T12:05:00Z"))).toBe("2016-09-01 14:05");
    expect(formatDateTime(new Date("2016-12-01T12:05:00Z"))).toBe("2016-12-01 13:05");
    expect(formatDateTime(new Date("2016-03-27T00:59:00Z"))).toBe("2016-03-27 01:59");
    expect(formatDateTime(new Date("2016-03-27T01:00:00Z"))).toBe("2016-03-27 03:00");
    expect(formatDateTime(new Date("2016-08-31T22:00:00Z"))).toBe("2016-09-01 00:00");
  });
});

describe("parseIsoDate", () => {
  it.each(["2016-09-01", "2016-02-29", "2000-02-29", "2016-12-31", "2017-01-01"])("parses %j to UTC midnight", (s) => {
    expect(parseIsoDate(s)?.toISOString()).toBe(`${s}T00:00:00.000Z`);
  });
  it.each([
    "2016-02-30",
    "2017-02-29",
    "1900-02-29",
    "2016-04-31",
    "2016-13-01",
    "2016-00-10",
    "2016-09-00",
    "2016-9-1",
    "2016-09-01T00:00",
    " 2016-09-01",
    "2016/09/01",
    "20160901",
    "01-09-2016",
    "",
    "idag",
  ])("rejects %j", (s) => {
    expect(parseIsoDate(s)).toBeNull();
  });
});

describe("daysInclusive", () => {
  it.each([
    ["2016-09-01", "2016-09-01", 1],
    ["2016-09-01", "2016-09-02", 2],
    ["2016-09-01", "2016-09-30", 30],
    ["2016-09-01", "2016-10-01", 31],
    ["2016-09-01", "2016-11-29", 90],
    ["2016-10-20", "2016-11-05", 17], // across the end of summer time
    ["2016-03-20", "2016-04-02", 14], // across the start of summer time
    ["2016-02-01", "2016-03-01", 30], // leap year
    ["2016-12-20", "2017-01-10", 22],
    ["2016-09-02", "2016-09-01", 0],
    ["2016-09-10", "2016-09-01", -8],
  ])("%s – %s is %d days", (from, to, days) => {
    expect(daysInclusive(d(from), d(to))).toBe(days);
  });
});

describe("todayDate", () => {
  it("is the Stockholm calendar day at UTC midnight", () => {
    expect(todayDate(new Date("2016-08-31T22:30:00Z")).toISOString()).toBe("2016-09-01T00:00:00.000Z");
    expect(todayDate(new Date("2016-09-01T12:00:00Z")).toISOString()).toBe("2016-09-01T00:00:00.000Z");
  });
});

describe("isoDay", () => {
  it("is the UTC calendar day of a @db.Date value (UTC midnight)", () => {
    expect(isoDay(d("2016-09-01"))).toBe("2016-09-01");
    expect(isoDay(d("2016-02-29"))).toBe("2016-02-29");
    expect(isoDay(d("2016-12-31"))).toBe("2016-12-31");
  });

  it("round-trips every day parseIsoDate accepts", () => {
    for (const s of ["2016-01-01", "2016-03-27", "2016-10-30", "2099-12-31"]) expect(isoDay(d(s))).toBe(s);
  });

  it("is the UTC day, not Stockholm's: it differs from formatDate late in the Swedish evening", () => {
    const lateEvening = new Date("2016-08-31T22:30:00Z"); // 00:30 on 1 September in Stockholm
    expect(isoDay(lateEvening)).toBe("2016-08-31");
    expect(formatDate(lateEvening)).toBe("2016-09-01");
  });
});
