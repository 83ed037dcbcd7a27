// The rules of erasure (issue #14, item 3): when a closed case is due, and how text leaves an
// audit row's JSON while its structure stays.
import { describe, expect, it } from "vitest";
import { auditJsonHasText, ERASED_TEXT, isTextKey, retentionCutoff, scrubAuditJson } from "../../src/domain/erasure.js";
import { isoDay } from "../../src/domain/format.js";

describe("retentionCutoff: closed more than N months ago", () => {
  it("is the day before today minus N months (Stockholm calendar)", () => {
    // 2026-12-01 10:00 in Stockholm: a case closed 2024-11-30 is more than 24 months ago, one closed 2024-12-01 is not.
    expect(isoDay(retentionCutoff(new Date("2026-12-01T09:00:00Z"), 24))).toBe("2024-11-30");
    expect(isoDay(retentionCutoff(new Date("2026-12-01T09:00:00Z"), 1))).toBe("2026-10-31");
  });

  it("counts the Stockholm day, not the UTC one", () => {
    // 2026-11-30 23:30 UTC is already 1 December in Stockholm.
    expect(isoDay(retentionCutoff(new Date("2026-11-30T23:30:00Z"), 24))).toBe("2024-11-30");
    expect(isoDay(retentionCutoff(new Date("2026-11-30T22:30:00Z"), 24))).toBe("2024-11-29");
  });

  it("keeps the day of month where it exists (31 March − 1 month = 28 February)", () => {
    expect(isoDay(retentionCutoff(new Date("2027-03-31T10:00:00Z"), 1))).toBe("2027-02-27");
  });
});

describe("scrubAuditJson", () => {
  it("replaces text under text keys at any depth and keeps every other value and the shape", () => {
    const after = {
      status: "granted",
      grantedDays: 30,
      reasonShared: true,
      transferReason: "Flyttar till skyddat boende i annan stad",
      toOrgId: 3,
      note: "",
      nested: { question: "Hur länge?", answers: ["Två veckor", "Kanske mer"], closedOn: "2016-11-30" },
      justificationChanged: true,
      submission: "V0123",
    };
    expect(scrubAuditJson(after)).toEqual({
      status: "granted",
      grantedDays: 30,
      reasonShared: true,
      transferReason: ERASED_TEXT,
      toOrgId: 3,
      note: "",
      nested: { question: ERASED_TEXT, answers: [ERASED_TEXT, ERASED_TEXT], closedOn: "2016-11-30" },
      justificationChanged: true,
      submission: "V0123",
    });
    expect(auditJsonHasText(after)).toBe(true);
  });

  it("leaves the audit rows the app writes today as they are (no text in them)", () => {
    for (const row of [
      { status: "received" },
      { status: "partly_granted", grantedDays: 10, grantedAmount: 5000, reasonShared: false },
      { outcome: "returned", closedOn: "2016-11-30", closedBy: "U0COORD" },
      { startDate: "2016-09-01", endDate: "2016-09-30", days: 30, children: 0, protection: false, measure: null, quantity: null, unitAmount: null, requestedAmount: 30000, periodId: 1, justificationChanged: true, submission: "V1" },
      null,
    ]) {
      expect(scrubAuditJson(row)).toEqual(row);
      expect(auditJsonHasText(row)).toBe(false);
    }
  });

  it("text keys: reason, justification, question, answer, note and words ending in them", () => {
    for (const k of ["reason", "decisionReason", "transferReason", "justification", "question", "answer", "closeNote", "text", "comment"]) expect(isTextKey(k), k).toBe(true);
    for (const k of ["status", "reasonShared", "justificationChanged", "closedOn", "outcome", "submission", "measure"]) expect(isTextKey(k), k).toBe(false);
  });
});
