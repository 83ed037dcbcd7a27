// The audit log as people read it (issue #14, item 4): Swedish words for the actions, the fields a
// change changed, and what of before/after the JSON keeps (never a string that may be free text).
import { describe, expect, it } from "vitest";
import { actionText, auditListEntry, changedFields, fieldText, isReadAction, READ, READ_ACTIONS, withoutText } from "../../src/domain/audit.js";
import { stockholmDayStart } from "../../src/domain/format.js";

describe("actions", () => {
  it("one list of reading actions, each with Swedish words", () => {
    expect(READ_ACTIONS).toEqual(["case.read", "request.read", "decision_modal.read", "request_edit.read", "info_question.read", "case.export", "payment.list"]);
    for (const a of READ_ACTIONS) {
      expect(isReadAction(a)).toBe(true);
      expect(actionText(a)).not.toBe(a);
    }
    expect(actionText(READ.caseFile)).toBe("läste ärendeakten");
    expect(isReadAction("decision:grant")).toBe(false);
  });

  it("changes in Swedish words; an unknown action as stored", () => {
    expect(actionText("decision:grant")).toBe("beviljade");
    expect(actionText("decision:partial")).toBe("beviljade delvis");
    expect(actionText("decision:deny")).toBe("avslog");
    expect(actionText("submitted")).toBe("lämnade in ansökan");
    expect(actionText("case_closed")).toBe("avslutade ärendet");
    expect(actionText("corrected")).toBe("ändrade ansökan");
    expect(actionText("decision:other")).toBe("beslutade (other)");
    expect(actionText("case.transferred")).toBe("case.transferred");
  });
});

describe("changedFields", () => {
  it("the keys whose values differ, without references; a correction's justification by its flag only", () => {
    expect(changedFields({ status: "received" }, { status: "granted", grantedAmount: 2500, reasonShared: false })).toEqual(["status", "grantedAmount", "reasonShared"]);
    expect(changedFields(null, { status: "received" })).toEqual(["status"]);
    expect(changedFields({ status: "received" }, { status: "under_review", infoRequestId: 4 })).toEqual(["status"]);
    expect(
      changedFields({ days: 10, startDate: "2016-10-01", children: 0 }, { days: 12, startDate: "2016-10-01", children: 0, justificationChanged: true, submission: "V1" }),
    ).toEqual(["days", "justification"]);
    expect(changedFields(null, null)).toEqual([]);
    expect(fieldText("grantedAmount")).toBe("beviljat belopp");
    expect(fieldText("somethingNew")).toBe("somethingNew");
  });
});

describe("what the JSON keeps of before/after", () => {
  it("numbers, booleans, nulls and the strings of code keys; any other string is left out and named", () => {
    const omitted: string[] = [];
    const kept = withoutText(
      { status: "granted", amount: 100, shared: true, none: null, reason: "Anna Andersson, 070-123 45 67", costLines: [{ category: "rest", label: "Vila", amount: 900 }] },
      "after",
      omitted,
    );
    expect(kept).toEqual({ status: "granted", amount: 100, shared: true, none: null, costLines: [{ category: "rest", amount: 900 }] });
    expect(omitted).toEqual(["after.reason", "after.costLines[0].label"]);
  });

  it("an entry: a reading has no changed fields; a change lists them; the text never reaches the entry", () => {
    const at = new Date("2016-10-01T08:00:00Z");
    expect(auditListEntry({ id: 1, at, actor: "U0COORD", action: "case.read", caseRef: "NSP001", requestId: null, before: null, after: null })).toEqual({
      id: 1,
      at: "2016-10-01T08:00:00.000Z",
      caseRef: "NSP001",
      requestId: null,
      actor: "U0COORD",
      action: "case.read",
      kind: "read",
      text: "läste ärendeakten",
      changed: [],
      before: null,
      after: null,
      omittedText: [],
    });
    const change = auditListEntry({ id: 2, at, actor: "U0ADMIN", action: "case.erased", caseRef: "NSP001", requestId: 5, before: { reason: "Hemlig text" }, after: { reason: null } });
    expect(change).toMatchObject({ kind: "change", changed: ["reason"], before: {}, after: { reason: null }, omittedText: ["before.reason"] });
    expect(JSON.stringify(change)).not.toContain("Hemlig");
  });

  it("a handover's and a payment's entries: Swedish words, amounts and ids kept, the handover reason, payment note and override reason never shown", () => {
    const at = new Date("2016-10-01T08:00:00Z");
    const moved = auditListEntry({
      id: 3,
      at,
      actor: "U0COORD",
      action: "case_transferred",
      caseRef: "NSP004",
      requestId: null,
      before: { orgId: 1, org: "Frälsningsarmén" },
      // As case-transfer.ts writes it, plus a reason as an older or future row may hold one.
      after: { orgId: 2, org: "Talita", transferId: 7, reason: "Flyttar till Anna på Storgatan 1" },
    });
    expect(moved).toMatchObject({ text: "lämnade över ärendet till en annan organisation", changed: ["orgId", "org", "reason"], before: { orgId: 1 }, after: { orgId: 2, transferId: 7 } });
    expect(moved.omittedText).toEqual(["before.org", "after.org", "after.reason"]);
    expect(JSON.stringify(moved)).not.toContain("Storgatan");

    const paid = auditListEntry({
      id: 4,
      at,
      actor: "U0ADMIN",
      action: "payment_confirmed",
      caseRef: "NSP004",
      requestId: 5,
      before: { paid: 0, room: 5_000 },
      after: { paymentId: 2, amount: 5_500, paidOn: "2016-10-05", status: "confirmed", source: "cli", override: "Dyrare ombud för Anna", note: "Kvitto från Anna Andersson" },
    });
    expect(paid).toMatchObject({ text: "bekräftade en utbetalning", after: { paymentId: 2, amount: 5_500, status: "confirmed" } });
    expect(paid.omittedText).toEqual(expect.arrayContaining(["after.override", "after.note"]));
    expect(JSON.stringify(paid)).not.toContain("Anna");
    expect(fieldText("override")).toBe("skäl för mer än beviljat");
    expect(actionText("payment_reported")).toBe("registrerade en utbetalning");
  });
});

describe("stockholmDayStart", () => {
  it("the first instant of a Stockholm day, summer and winter time", () => {
    expect(stockholmDayStart(new Date("2016-09-01T00:00:00Z")).toISOString()).toBe("2016-08-31T22:00:00.000Z");
    expect(stockholmDayStart(new Date("2016-12-01T00:00:00Z")).toISOString()).toBe("2016-11-30T23:00:00.000Z");
    expect(stockholmDayStart(new Date("2016-03-27T00:00:00Z")).toISOString()).toBe("2016-03-26T23:00:00.000Z");
  });
});
