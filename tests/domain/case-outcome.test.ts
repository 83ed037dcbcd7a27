// Issue #12, item 3, the pure parts: the closing date rule, the texts naming requests that wait,
// and Tabell 4 of the period report (by outcome, percentages summing to 100, suppression, files).
import { describe, expect, it } from "vitest";
import { caseClosedText, waitingLabel, closingDateError, openRequestsText } from "../../src/domain/case-outcome.js";
import { buildReport, buildTable4, type ReportClosedCaseRow } from "../../src/domain/report.js";
import { reportFiles, reportJson, reportMarkdown, table4Csv } from "../../src/domain/report-output.js";
import type { CaseOutcome } from "../../src/domain/types.js";
import { reportSummary } from "../../src/views/report.js";
import { closeCaseModal, reopenCaseModal, caseStatusMessage } from "../../src/views/case-outcome.js";
import { expectValidMessage, expectValidModal } from "../helpers/blockkit.js";

const d = (s: string) => new Date(`${s}T00:00:00.000Z`);
const closed = (...outcomes: CaseOutcome[]): ReportClosedCaseRow[] => outcomes.map((outcome) => ({ outcome }));
const EMPTY = { from: "2016-09-01", to: "2016-11-30", periods: [], requests: [], categories: [], grants: [], cases: [] };

describe("closing a case", () => {
  it("the date: today and the creation day are allowed, after today or before the creation day not", () => {
    expect(closingDateError(d("2016-12-01"), d("2016-12-01"), d("2016-09-01"))).toBeNull();
    expect(closingDateError(d("2016-09-01"), d("2016-12-01"), d("2016-09-01"))).toBeNull();
    expect(closingDateError(d("2016-12-02"), d("2016-12-01"), d("2016-09-01"))).toBe("Datumet får inte ligga i framtiden (i dag är det 2016-12-01).");
    expect(closingDateError(d("2016-08-31"), d("2016-12-01"), d("2016-09-01"))).toBe("Ärendet skapades 2016-09-01; det kan inte avslutas före det.");
  });

  it("names each waiting request by its number and what it asks for, never 'ärende'", () => {
    const none = { children: null, protection: false };
    const rest = { id: 12, type: "rest" as const, startDate: d("2016-09-07"), endDate: d("2016-10-02"), days: 26, measure: null, quantity: null, unitAmount: null, ...none };
    const measure = { id: 13, type: "measure" as const, startDate: null, endDate: null, days: null, measure: "legal_counsel", quantity: 6, unitAmount: 2_500, ...none };
    expect(waitingLabel(rest)).toBe("Ansökan nr 12 (Vila: 2016-09-07 – 2016-10-02 (26 dagar))");
    expect(waitingLabel(measure)).toBe("Ansökan nr 13 (Insats: juridiskt biträde 6 timmar × 2 500 kr)");
    expect(openRequestsText([rest, measure])).toBe(
      "Ansökan nr 12 (Vila: 2016-09-07 – 2016-10-02 (26 dagar)) väntar på beslut – besluta eller återkalla den först. " +
        "Ansökan nr 13 (Insats: juridiskt biträde 6 timmar × 2 500 kr) väntar på beslut – besluta eller återkalla den först.",
    );
    expect(caseClosedText("NSP004", "residence_permit", d("2016-11-30"))).toBe(
      "Ärendet NSP004 är avslutat (Uppehållstillstånd/TUT, 2016-11-30). En samordnare kan öppna det igen.",
    );
  });

  it("the modals and the coordinator note are valid Block Kit; the note holds ref, outcome and date only", () => {
    expectValidModal(closeCaseModal({ ref: "NSP004", createdOn: d("2016-03-10") }, d("2016-12-01")));
    expectValidModal(reopenCaseModal({ ref: "NSP004", outcome: "moved", closedOn: d("2016-11-30"), closedBy: "U0COORD" }));
    const note = caseStatusMessage({ caseRef: "NSP004", action: "closed", actor: "U0APPL", outcome: "own_support", closedOn: d("2016-11-30") });
    expectValidMessage(note);
    expect(note.text).toBe(":lock: Ärende NSP004 avslutat av <@U0APPL>: Egen försörjning, 2016-11-30.");
  });
});

describe("Tabell 4: cases closed in the range by outcome", () => {
  it("lists every outcome in order, with percentages of the closed cases that sum to 100", () => {
    const t = buildTable4(closed("returned", "returned", "residence_permit", "own_support", "own_support", "own_support", "other"));
    expect(t.map((r) => [r.outcome, r.label, r.count, r.percent])).toEqual([
      ["residence_permit", "Uppehållstillstånd/TUT", 1, 14],
      ["returned", "Återvändande", 2, 29],
      ["own_support", "Egen försörjning", 3, 43],
      ["moved", "Flyttat till annan verksamhet", 0, 0],
      ["discontinued", "Avbrutet", 0, 0],
      ["other", "Annat", 1, 14],
    ]);
    expect(t.reduce((a, r) => a + (r.percent ?? 0), 0)).toBe(100);
    expect(buildTable4([]).every((r) => r.count === 0 && r.percent === 0)).toBe(true);
  });

  it("small numbers are suppressed as in Tabell 3 (with a second cell, so none can be worked out)", () => {
    const t = buildTable4(closed("returned", "returned", "returned", "returned", "returned", "moved"), 3);
    expect(t.find((r) => r.outcome === "moved")).toMatchObject({ count: null, percent: null, suppressed: true });
    expect(t.find((r) => r.outcome === "returned")).toMatchObject({ count: null, suppressed: true });
    expect(table4Csv(buildReport({ ...EMPTY, closedCases: closed("returned", "returned", "returned", "returned", "returned", "moved") }, { suppressBelow: 3 }))).toContain("moved,Flyttat till annan verksamhet,<3,");
  });

  it("JSON, CSV, Markdown and the Slack summary; the file only when a case was closed", () => {
    const r = buildReport({ ...EMPTY, closedCases: closed("returned", "moved", "moved") });
    expect(JSON.parse(reportJson(r)).table4[1]).toEqual({ outcome: "returned", label: "Återvändande", count: 1, percent: 33 });
    expect(r.closedCases).toBe(3);
    const csv = table4Csv(r);
    expect(csv.startsWith("\uFEFFnyckel,Utfall,Antal,Procent av avslutade ärenden\r\n")).toBe(true);
    expect(csv).toContain("moved,Flyttat till annan verksamhet,2,67\r\n");
    expect(csv).toContain("closed,Avslutade ärenden,3,100\r\n");
    const md = reportMarkdown(r);
    expect(md).toContain("## Tabell 4 – Avslutade ärenden");
    expect(md).toContain("| Flyttat till annan verksamhet | 2 | 67 % |");
    expect(md).toContain("| Totalt | 3 | 100 % |");
    const summary = reportSummary(r, { sent: true, count: 5 });
    expectValidMessage(summary);
    expect(JSON.stringify(summary.blocks)).toContain("*Tabell 4 – Avslutade ärenden* (3)\\n• Återvändande: 1 (33 %)\\n• Flyttat till annan verksamhet: 2 (67 %)");
    expect(reportFiles(r).map((f) => f.filename)).toContain("tabell4_2016-09-01_2016-11-30.csv");

    const none = buildReport(EMPTY);
    expect(reportMarkdown(none)).toContain("Inga ärenden avslutades under perioden 2016-09-01 – 2016-11-30.");
    expect(reportFiles(none).map((f) => f.filename).some((f) => f.startsWith("tabell4"))).toBe(false);
    expect(JSON.stringify(reportSummary(none, { sent: false }).blocks)).toContain("Inga ärenden avslutades under perioden.");
  });
});
