// Issue #12 item 6: a request's visible name and what was asked, pinned word for word.
import { describe, expect, it } from "vitest";
import { askedLabel, requestLine, requestName, requestNo, type AskedFields } from "../../src/domain/request-name.js";

const none: AskedFields = { type: "inquiry", startDate: null, endDate: null, days: null, children: null, protection: false, measure: null, quantity: null, unitAmount: null };
const period = { startDate: new Date("2016-09-01T00:00:00Z"), endDate: new Date("2016-09-30T00:00:00Z"), days: 30 };

describe("request names", () => {
  it("a request is 'Ansökan nr 12', never 'ärende'", () => {
    expect(requestNo(12)).toBe("nr 12");
    expect(requestName(12)).toBe("Ansökan nr 12");
  });

  it.each([
    [{ ...none }, "Förfrågan"],
    [{ ...none, type: "admission" }, "Tillträde"],
    [{ ...none, type: "rest", ...period }, "Vila: 2016-09-01 – 2016-09-30 (30 dagar)"],
    [{ ...none, type: "rest", ...period, children: 2, protection: true }, "Vila: 2016-09-01 – 2016-09-30 (30 dagar), 2 medföljande barn, dygnet-runt-skydd"],
    [{ ...none, type: "integration", ...period, days: 30, children: 1 }, "Integration: 2016-09-01 – 2016-09-30 (30 dagar), 1 medföljande barn"],
    [{ ...none, type: "measure", measure: "therapy", quantity: 5, unitAmount: 500 }, "Insats: terapi 5 tillfällen × 500 kr"],
    [{ ...none, type: "measure", measure: "travel", quantity: 1, unitAmount: 1250 }, "Insats: resa 1 resa × 1 250 kr"],
    [{ ...none, type: "measure", measure: "passport", quantity: 1, unitAmount: 1500 }, "Insats: passansökan"],
    [{ ...none, type: "measure", measure: "no-such-measure", quantity: 1, unitAmount: 1 }, "Insats"],
    [{ ...none, type: "rest" }, "Vila"],
  ] as [AskedFields, string][])("askedLabel %o = %s", (r, label) => {
    expect(askedLabel(r)).toBe(label);
  });

  it("requestLine: number, what was asked and the case; no parenthesis without a case", () => {
    const measure: AskedFields = { ...none, type: "measure", measure: "therapy", quantity: 5, unitAmount: 500 };
    expect(requestLine({ ...measure, id: 12, caseRef: "NSP001" })).toBe("Ansökan nr 12 – Insats: terapi 5 tillfällen × 500 kr (NSP001)");
    expect(requestLine({ ...none, id: 3, caseRef: null })).toBe("Ansökan nr 3 – Förfrågan");
  });
});
