// Issue #12, item 2: the plain rules behind the decision-time caps, the admission order and a
// period that started in the past.
import { describe, expect, it } from "vitest";
import { parseIsoDate } from "../../src/domain/format.js";
import { admissionRefusalText, capRefusalText, daysThatFit, pastStart } from "../../src/domain/rules.js";

const day = (s: string) => parseIsoDate(s) as Date;

describe("daysThatFit", () => {
  it("is what is left under the cap, at most the request, never negative", () => {
    expect(daysThatFit(30, 20, 20)).toBe(10);
    expect(daysThatFit(30, 0, 20)).toBe(20);
    expect(daysThatFit(30, 30, 5)).toBe(0);
    expect(daysThatFit(30, 40, 5)).toBe(0);
    expect(daysThatFit(90, 89, 2)).toBe(1);
  });
});

describe("capRefusalText", () => {
  it("names the cap, the days granted and the largest grant that fits", () => {
    const text = capRefusalText({ type: "rest", maxDays: 30, alreadyGranted: 20, requestedDays: 20, fits: 10 });
    expect(text).toContain("10 av 20 dagar ryms");
    expect(text).toContain("30 dagar");
    expect(text).toContain("20 dagar");
    expect(text).toContain("Bevilja delvis");
  });
  it("says that nothing fits when the cap is used up", () => {
    const text = capRefusalText({ type: "integration", maxDays: 90, alreadyGranted: 90, requestedDays: 2, fits: 0 });
    expect(text).toContain("90");
    expect(text).toMatch(/inga fler dagar/);
    expect(text).not.toContain("Bevilja delvis");
  });
});

describe("admissionRefusalText", () => {
  it("tells the coordinator why, by case reference", () => {
    expect(admissionRefusalText("NSP004", "received")).toMatch(/Tillträdet för NSP004 är inte beviljat/);
    expect(admissionRefusalText("NSP004", "under_review")).toMatch(/inte beviljat/);
    expect(admissionRefusalText("NSP004", "denied")).toMatch(/avslag/);
  });
});

describe("pastStart", () => {
  const today = day("2016-10-15");
  it("is nothing for a period starting today or later", () => {
    expect(pastStart(day("2016-10-15"), today)).toBeNull();
    expect(pastStart(day("2016-11-01"), today)).toBeNull();
  });
  it("is a note up to 30 days ago", () => {
    expect(pastStart(day("2016-10-03"), today)).toEqual({ daysAgo: 12, refused: false, text: "Perioden började 2016-10-03 (för 12 dagar sedan)." });
    expect(pastStart(day("2016-10-14"), today)?.text).toBe("Perioden började 2016-10-14 (för 1 dag sedan).");
    expect(pastStart(day("2016-09-15"), today)).toMatchObject({ daysAgo: 30, refused: false });
  });
  it("is refused from 31 days ago", () => {
    const r = pastStart(day("2016-09-14"), today);
    expect(r).toMatchObject({ daysAgo: 31, refused: true });
    expect(r?.text).toContain("2016-09-14");
    expect(r?.text).toContain("mer än 30 dagar");
  });
});
