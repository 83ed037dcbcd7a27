// Issue #14, item 2: a case moved to another organisation is one case in the report (counted by
// ref, whichever organisations filed its requests), and the cases moved in the range are told apart
// from the new ones, in the words of the 2016 report's Tabell 1 ("Antal nya ärenden som inkom under
// perioden" / "Antal som redan fanns på boende … flyttade till ansökande aktör").
import { describe, expect, it } from "vitest";
import { buildReport, countCases, type ReportRequestRow } from "../../src/domain/report.js";
import { MOVED_LABEL, reportMarkdown, table1Csv } from "../../src/domain/report-output.js";
import { reportSummary } from "../../src/views/report.js";
import { expectValidMessage } from "../helpers/blockkit.js";

const request = (over: Partial<ReportRequestRow>): ReportRequestRow => ({
  id: 1,
  type: "rest",
  status: "granted",
  caseRef: "NSP004",
  caseIsNew: false,
  days: 10,
  children: 0,
  protection: false,
  measure: null,
  quantity: null,
  unitAmount: null,
  requestedAmount: 12_000,
  grantedDays: 10,
  grantedAmount: 12_000,
  ...over,
});

describe("moved cases in the report", () => {
  it("a case with requests of two organisations and a handover counts once", () => {
    // NSP004: one request by the organisation it left, one by the one it moved to (same ref); NSP005 new.
    const rows = [request({ id: 1 }), request({ id: 2 }), request({ id: 3, type: "admission", caseRef: "NSP005", caseIsNew: true })];
    expect(countCases(rows, [{ caseRef: "NSP004", caseIsNew: false }])).toEqual({ new: 1, existing: 1, moved: 1 });
    // Moved twice in the range: still one case, one move.
    expect(countCases(rows, [{ caseRef: "NSP004", caseIsNew: false }, { caseRef: "NSP004", caseIsNew: false }])).toEqual({ new: 1, existing: 1, moved: 1 });
    // Moved in the range without a request in it: a case already in the programme.
    expect(countCases([], [{ caseRef: "NSP007", caseIsNew: false }])).toEqual({ new: 0, existing: 1, moved: 1 });
    // Created and moved in the range: new, and moved.
    expect(countCases([request({ type: "admission", caseRef: "NSP008", caseIsNew: true })], [{ caseRef: "NSP008", caseIsNew: true }])).toEqual({ new: 1, existing: 0, moved: 1 });
    expect(countCases(rows)).toEqual({ new: 1, existing: 1, moved: 0 });
  });

  it("CSV, Markdown and the Slack summary name the moved cases apart from the new ones", () => {
    const r = buildReport({
      from: "2016-09-01",
      to: "2016-11-30",
      periods: [],
      requests: [request({ id: 1 }), request({ id: 2, type: "admission", caseRef: "NSP009", caseIsNew: true })],
      categories: [],
      grants: [],
      cases: [],
      transfers: [{ caseRef: "NSP004", caseIsNew: false }],
    });
    const csv = table1Csv(r).split("\r\n");
    expect(csv).toContain(`cases_moved,${MOVED_LABEL},1,,,,,,`);
    // The rows before keep their places (cases_new, cases_existing come first).
    expect(csv.findIndex((l) => l.startsWith("cases_new"))).toBeLessThan(csv.findIndex((l) => l.startsWith("cases_moved")));
    const md = reportMarkdown(r);
    expect(md).toContain("Antal nya ärenden som inkom under perioden: 1. Antal ärenden som redan fanns i programmet: 1.");
    expect(md).toContain(`${MOVED_LABEL}: 1.`);
    const summary = reportSummary(r, { sent: false });
    expectValidMessage(summary);
    expect(JSON.stringify(summary.blocks)).toContain("varav flyttade till en annan aktör: *1*");
    // Without a move nothing extra is printed.
    const none = buildReport({ from: "2016-09-01", to: "2016-11-30", periods: [], requests: [request({})], categories: [], grants: [], cases: [] });
    expect(reportMarkdown(none)).not.toContain(MOVED_LABEL);
    expect(none.cases.moved).toBe(0);
  });
});
