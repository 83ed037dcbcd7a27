// The report's pure parts: the percentage rounding rule, period 1's Tabell 3 from the 2016 annual
// report, small-number suppression, decision notes and the file formats.
import { describe, expect, it } from "vitest";
import {
  buildReport,
  buildTable3,
  decisionNote,
  largestRemainderPercents,
  roundedPercent,
  suppressedCells,
  type ReportCaseRow,
  type ReportRequestRow,
} from "../../src/domain/report.js";
import { reportMarkdown, table1Csv, table3Csv } from "../../src/domain/report-output.js";
import { reportSummary } from "../../src/views/report.js";
import { expectValidMessage } from "../helpers/blockkit.js";

const sum = (xs: number[]) => xs.reduce((a, x) => a + x, 0);

describe("largest remainder percentages", () => {
  it("sums to 100 where plain rounding does not (1/3 each: 33 + 33 + 34)", () => {
    expect([1, 1, 1].map((c) => roundedPercent(c, 3))).toEqual([33, 33, 33]);
    expect(largestRemainderPercents([1, 1, 1])).toEqual([34, 33, 33]);
  });

  it("gives the missing points to the largest remainders", () => {
    // 4/7 = 57.14, 2/7 = 28.57, 1/7 = 14.29 → floors 57 + 28 + 14 = 99; 28.57 has the largest remainder.
    expect(largestRemainderPercents([4, 2, 1])).toEqual([57, 29, 14]);
    // 3/7 = 42.86, 1/7, 2/7, 1/7 → 43 + 14 + 29 + 14 (the report's nationality row).
    expect(largestRemainderPercents([3, 1, 2, 1])).toEqual([43, 14, 29, 14]);
  });

  it("ties: the larger count first, then the value listed first", () => {
    // 1/6 = 16.67 and 2/6... remainders: 1→ 66.., 1→ 66.., 4→ 66..: all equal; 4 of 6 gets the point first.
    expect(largestRemainderPercents([1, 1, 4])).toEqual([17, 16, 67]);
    // Equal counts and remainders: the first listed wins.
    expect(largestRemainderPercents([1, 1, 1, 1, 1, 1])).toEqual([17, 17, 17, 17, 16, 16]);
  });

  it("always sums to exactly 100 for any partition, and 0 for nothing", () => {
    for (let total = 1; total <= 60; total++) {
      for (let k = 1; k <= Math.min(total, 7); k++) {
        const counts = Array.from({ length: k }, (_, i) => Math.floor(total / k) + (i < total % k ? 1 : 0));
        const p = largestRemainderPercents(counts);
        expect(sum(p), counts.join(",")).toBe(100);
        p.forEach((x, i) => expect(Math.abs(x - ((counts[i] ?? 0) * 100) / total)).toBeLessThan(1));
      }
    }
    expect(largestRemainderPercents([0, 0])).toEqual([0, 0]);
    expect(largestRemainderPercents([2, 0], 2)).toEqual([100, 0]);
  });
});

/** Period 1 (1 March – 24 August 2016), Tabell 3 of the annual report: 7 admissions. */
const PERIOD1_CASES: ReportCaseRow[] = [
  { nationality: "NG", gender: "woman", ageBand: "18-25", childrenAccompanying: 1, childrenHome: 0, exploitation: ["sexual"], exploitedIn: ["SE"], policeReport: true },
  { nationality: "NG", gender: "woman", ageBand: "18-25", childrenAccompanying: 1, childrenHome: 0, exploitation: ["sexual"], exploitedIn: ["IT"], policeReport: false },
  { nationality: "NG", gender: "woman", ageBand: "26-30", childrenAccompanying: 0, childrenHome: 0, exploitation: ["sexual"], exploitedIn: ["IT", "FR"], policeReport: false },
  { nationality: "RO", gender: "woman", ageBand: "18-25", childrenAccompanying: 0, childrenHome: 0, exploitation: ["sexual", "criminality"], exploitedIn: ["SE"], policeReport: true },
  { nationality: "SE", gender: "woman", ageBand: "18-25", childrenAccompanying: 0, childrenHome: 0, exploitation: ["sexual"], exploitedIn: ["SE"], policeReport: true },
  { nationality: "SE", gender: "woman", ageBand: "26-30", childrenAccompanying: 0, childrenHome: 0, exploitation: ["sexual"], exploitedIn: ["SE"], policeReport: false },
  { nationality: "GN", gender: "woman", ageBand: "31-35", childrenAccompanying: 0, childrenHome: 0, exploitation: ["sexual"], exploitedIn: ["GN"], policeReport: false },
];

const cells = (values: { label: string; count: number | null; percent: number | null }[]) => values.map((v) => [v.label, v.count, v.percent]);

describe("Tabell 3 of period 1, 2016", () => {
  const t = buildTable3(PERIOD1_CASES);

  it("reproduces the report's counts and percentages", () => {
    expect(t.admissions).toBe(7);
    expect(cells(t.nationality)).toEqual([
      ["Nigeria", 3, 43],
      ["Sverige", 2, 29],
      ["Guinea", 1, 14],
      ["Rumänien", 1, 14],
    ]);
    expect(cells(t.gender)).toEqual([["Kvinna", 7, 100]]);
    expect(cells(t.ageBand)).toEqual([
      ["18–25", 4, 57],
      ["26–30", 2, 29],
      ["31–35", 1, 14],
    ]);
    expect(cells(t.childrenAccompanying)).toEqual([
      ["Ja", 2, 29],
      ["Nej", 5, 71],
    ]);
    expect(cells(t.childrenHome)).toEqual([
      ["Ja", 0, 0],
      ["Nej", 7, 100],
    ]);
    // "Sexuell: 6 Multipel: 1 (sexuell och kriminell)" – 86 % and 14 %.
    expect(cells(t.exploitation)).toEqual([
      ["Sexuell", 6, 86],
      ["Multipel", 1, 14],
    ]);
    // "Sverige: 4 Italien: 2 Frankrike: 1 Guinea: 1": a case counts in each country.
    expect(cells(t.exploitedIn)).toEqual([
      ["Sverige", 4, 57],
      ["Italien", 2, 29],
      ["Frankrike", 1, 14],
      ["Guinea", 1, 14],
    ]);
    expect(cells(t.policeReport)).toEqual([
      ["Ja", 3, 43],
      ["Nej", 4, 57],
    ]);
  });

  it("every single-valued dimension sums to 100 %", () => {
    for (const d of ["nationality", "gender", "ageBand", "childrenAccompanying", "childrenHome", "exploitation", "policeReport"] as const) {
      expect(sum(t[d].map((v) => v.percent ?? 0)), d).toBe(100);
    }
  });
});

describe("small numbers", () => {
  it("suppresses 1..N−1 (not 0) and one complementary cell in a partition", () => {
    expect(suppressedCells([3, 2, 1, 1], 2, true)).toEqual([false, false, true, true]);
    // One small cell alone could be recomputed from the total: the smallest other is hidden too.
    expect(suppressedCells([5, 4, 1], 2, true)).toEqual([false, true, true]);
    expect(suppressedCells([5, 0, 1], 2, true)).toEqual([true, false, true]);
    // Multi-valued: no complement (values do not add up to the total).
    expect(suppressedCells([5, 1], 2, false)).toEqual([false, true]);
    expect(suppressedCells([5, 1], null, true)).toEqual([false, false]);
  });

  it('shows "<N" without percentages in the JSON, CSV and Markdown', () => {
    const t = buildTable3(PERIOD1_CASES, 3);
    expect(t.nationality).toEqual([
      { value: "NG", label: "Nigeria", count: 3, percent: 43 },
      { value: "SE", label: "Sverige", count: null, percent: null, suppressed: true },
      { value: "GN", label: "Guinea", count: null, percent: null, suppressed: true },
      { value: "RO", label: "Rumänien", count: null, percent: null, suppressed: true },
    ]);
    const report = buildReport({ from: "2016-03-01", to: "2016-08-24", periods: [], requests: [], categories: [], grants: [], cases: PERIOD1_CASES }, { suppressBelow: 3 });
    expect(table3Csv(report)).toContain("nationality,Nationalitet,SE,Sverige,<3,\r\n");
    expect(reportMarkdown(report)).toContain("Nigeria: 3, Sverige: <3, Guinea: <3, Rumänien: <3 | Nigeria: 43 %, Sverige: –");
    expect(JSON.parse(JSON.stringify(report)).table3.gender).toEqual([{ value: "woman", label: "Kvinna", count: 7, percent: 100 }]);
  });
});

const request = (over: Partial<ReportRequestRow>): ReportRequestRow => ({
  id: 1,
  type: "measure",
  status: "granted",
  caseRef: "NSP002",
  caseIsNew: false,
  days: null,
  children: null,
  protection: false,
  measure: "passport",
  quantity: 1,
  unitAmount: 1_300,
  requestedAmount: 1_300,
  grantedDays: null,
  grantedAmount: 1_300,
  ...over,
});

describe("decision notes", () => {
  it("are built from structured fields, like the report's Beslutsunderlag", () => {
    expect(decisionNote(request({}))).toBe("NSP002: passansökan – beviljad 1 300 kr");
    expect(decisionNote(request({ status: "denied", grantedAmount: 0 }))).toBe("NSP002: passansökan – avslagen");
    expect(
      decisionNote(request({ caseRef: "NSP004", measure: "legal_counsel", quantity: 6, unitAmount: 2_500, requestedAmount: 15_000, status: "partly_granted", grantedAmount: 12_500 })),
    ).toBe("NSP004: juridiskt biträde 6 timmar × 2 500 kr – delvis beviljad (12 500 kr)");
    expect(decisionNote(request({ type: "rest", measure: null, days: 30, protection: true, status: "under_review", caseRef: "NSP010" }))).toBe(
      "NSP010: vila 30 dagar, dygnet-runt-skydd – under behandling",
    );
    expect(decisionNote(request({ type: "inquiry", caseRef: null, caseIsNew: null, status: "granted" }))).toBe("Utan ärendenummer: förfrågan – faller inom NSP");
  });

  it("table 1 counts: granted includes partly granted; received = granted + denied + under review", () => {
    const rows = [request({ status: "granted" }), request({ id: 2, status: "partly_granted" }), request({ id: 3, status: "denied" }), request({ id: 4, status: "received" })];
    const r = buildReport({ from: "2016-09-01", to: "2016-11-30", periods: [], requests: rows, categories: [], grants: [], cases: [] });
    expect(r.table1.find((t) => t.type === "measure")).toMatchObject({ received: 4, granted: 2, partlyGranted: 1, denied: 1, underReview: 1 });
    expect(table1Csv(r).startsWith("\uFEFFnyckel,Typ,Inkomna")).toBe(true);
    expect(r.table1.map((t) => t.type)).toEqual(["inquiry", "admission", "rest", "integration", "measure"]);
  });

  it("inquiries are counted as received only (issue #13): no granted/denied counts in JSON, CSV, Markdown or Slack", () => {
    const inquiry = (id: number, status: ReportRequestRow["status"]) => request({ id, type: "inquiry", measure: null, quantity: null, unitAmount: null, requestedAmount: 0, grantedAmount: null, status });
    const rows = [inquiry(1, "granted"), inquiry(2, "denied"), inquiry(3, "received"), request({ id: 4, status: "granted" })];
    const r = buildReport({ from: "2016-09-01", to: "2016-11-30", periods: [], requests: rows, categories: [], grants: [], cases: [] });
    expect(r.table1.find((t) => t.type === "inquiry")).toMatchObject({ received: 3, granted: null, partlyGranted: null, denied: null, underReview: null });
    expect(r.table1.find((t) => t.type === "measure")).toMatchObject({ received: 1, granted: 1, denied: 0, underReview: 0 });
    expect(JSON.parse(JSON.stringify(r)).table1[0]).toMatchObject({ type: "inquiry", received: 3, granted: null, denied: null });
    expect(table1Csv(r).split("\r\n")[1]).toMatch(/^inquiry,Förfrågan[^,]*,3,,,,,/);
    expect(reportMarkdown(r)).toMatch(/\| Antal förfrågningar[^|]*\| 3 \|\s+\|\s+\|\s+\|\s+\|/);
    expect(r.table1[0]?.notes).toEqual(["NSP002: förfrågan – faller inom NSP", "NSP002: förfrågan – faller utanför NSP", "NSP002: förfrågan – under behandling"]);
    const summary = JSON.stringify(reportSummary(r, { sent: false }).blocks);
    expect(summary).toMatch(/Förfrågan[^•]*\*3\* inkomna\\n/);
    expect(summary).not.toMatch(/null/);
  });

  it("the Slack summary is valid Block Kit within the message limit", () => {
    const r = buildReport({ from: "2016-03-01", to: "2016-08-24", periods: [{ name: "Period 1 2016", from: "2016-03-01", to: "2016-08-24" }], requests: [request({})], categories: [], grants: [], cases: PERIOD1_CASES });
    const message = reportSummary(r, { sent: true, count: 4 });
    expectValidMessage(message);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
  });
});
