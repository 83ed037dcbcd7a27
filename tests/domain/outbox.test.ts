// The outbox keys are stored in existing databases and are unique: a key built today must be the
// very string the old code built (a changed byte would queue a message a second time), and every
// key reads back to what built it.
import { describe, expect, it } from "vitest";
import {
  claimedKey,
  COALESCING_KINDS,
  HOME_REFRESH_KINDS,
  isHomeRefreshKind,
  isMeetingOutboxKind,
  MEETING_OUTBOX_KINDS,
  OUTBOX_KINDS,
  outboxKeys,
  parseBudgetSummaryDay,
  parseOutboxKey,
  type ParsedOutboxKey,
} from "../../src/domain/outbox.js";

// [constructor call, the key the code before domain/outbox.ts built, the parse]
const CASES: [string, string, ParsedOutboxKey][] = [
  [outboxKeys.request(12, "coord_notice"), "12:coord_notice", { key: "request", requestId: 12, kind: "coord_notice" }],
  [outboxKeys.request(12, "applicant_receipt"), "12:applicant_receipt", { key: "request", requestId: 12, kind: "applicant_receipt" }],
  [outboxKeys.request(12, "coord_refresh", 345), "12:coord_refresh:345", { key: "request", requestId: 12, kind: "coord_refresh", refId: 345 }],
  // The pending refresh of an open request's message after a budget change, and the same row once claimed (the claim appends the outbox id).
  [outboxKeys.request(12, "coord_budget_refresh"), "12:coord_budget_refresh", { key: "request", requestId: 12, kind: "coord_budget_refresh" }],
  [claimedKey(outboxKeys.request(12, "coord_budget_refresh"), 345), "12:coord_budget_refresh:345", { key: "request", requestId: 12, kind: "coord_budget_refresh", refId: 345 }],
  [outboxKeys.request(12, "applicant_info_question", 7), "12:applicant_info_question:7", { key: "request", requestId: 12, kind: "applicant_info_question", refId: 7 }],
  [outboxKeys.request(null, "budget_warning", 5), "budget:budget_warning:5", { key: "request", requestId: null, kind: "budget_warning", refId: 5 }],
  [outboxKeys.homeRequest(12, 345), "home:12:345", { key: "homeRequest", requestId: 12, change: 345 }],
  [outboxKeys.homeRequest(12, "submitted"), "home:12:submitted", { key: "homeRequest", requestId: 12, change: "submitted" }],
  [outboxKeys.homeGroup(3, 70, 2), "home:group:3:70:2", { key: "homeGroup", groupId: 3, meetingId: 70, version: 2 }],
  [outboxKeys.homeNetwork(70, 0), "home:network:70:0", { key: "homeNetwork", meetingId: 70, version: 0 }],
  [outboxKeys.homeBudget(4, { transfer: 9 }), "home:budget:4:transfer:9", { key: "homeBudget", periodId: 4, change: { transfer: 9 } }],
  [
    outboxKeys.homeBudget(4, { allocate: "0b5e0f7a-3c1d-4e2b-9a8f-6d5c4b3a2910" }),
    "home:budget:4:allocate:0b5e0f7a-3c1d-4e2b-9a8f-6d5c4b3a2910",
    { key: "homeBudget", periodId: 4, change: { allocate: "0b5e0f7a-3c1d-4e2b-9a8f-6d5c4b3a2910" } },
  ],
  [outboxKeys.homeBudget(4, "created"), "home:budget:4:created", { key: "homeBudget", periodId: 4, change: "created" }],
  [outboxKeys.meetingChanged(70, 3), "meeting_changed:70:3", { key: "meetingChanged", meetingId: 70, sequence: 3 }],
  [outboxKeys.meetingCancelled(70), "meeting_cancelled:70", { key: "meetingCancelled", meetingId: 70 }],
  [outboxKeys.reminderRefresh(81, 3), "meeting_reminder_refresh:81:3", { key: "reminderRefresh", reminderId: 81, sequence: 3 }],
  // Issue #15: the announcement of a new meeting, and its update after an edit or cancellation.
  [outboxKeys.meetingAnnounced(70), "meeting_announced:70", { key: "meetingAnnounced", meetingId: 70 }],
  [outboxKeys.announcementRefresh(70, 3), "meeting_announcement_refresh:70:3", { key: "announcementRefresh", meetingId: 70, sequence: 3 }],
  [outboxKeys.budgetSummary(4, "2016-12-05"), "budget_summary:4:2016-12-05", { key: "budgetSummary", periodId: 4, day: "2016-12-05" }],
  [outboxKeys.deadNotice("2016-12-05", 6), "dead_notice:2016-12-05:6", { key: "deadNotice", day: "2016-12-05", memberId: 6 }],
  [outboxKeys.periodEnd(12, "5d", 6), "period_end:12:5d:6", { key: "periodEnd", requestId: 12, offset: "5d", memberId: 6 }],
  [outboxKeys.infoReminder(7, 6), "info_reminder:7:6", { key: "infoReminder", infoRequestId: 7, memberId: 6 }],
  [outboxKeys.decisionDigest("2016-12-05"), "decision_digest:2016-12-05", { key: "decisionDigest", day: "2016-12-05" }],
  [outboxKeys.caseStatus(42), "case_status:42", { key: "caseStatus", auditId: 42 }],
  [outboxKeys.erasedUpdate(310, 42), "erased_update:310:42", { key: "erasedUpdate", outboxId: 310, auditId: 42 }],
  [outboxKeys.caseTransfer(3, 6), "case_transfer:3:6", { key: "caseTransfer", transferId: 3, memberId: 6 }],
  [outboxKeys.homeTransfer(3), "home:transfer:3", { key: "homeTransfer", transferId: 3 }],
  [outboxKeys.certificationNotice(3, "2017-01-31", 6), "certification:3:2017-01-31:6", { key: "certificationNotice", orgId: 3, until: "2017-01-31", memberId: 6 }],
];

describe("outbox keys", () => {
  it.each(CASES)("%s is today's key and reads back", (built, today, parsed) => {
    expect(built).toBe(today);
    expect(parseOutboxKey(built)).toEqual(parsed);
  });

  it("covers every constructor", () => {
    expect(new Set(CASES.map(([, , p]) => p.key))).toEqual(new Set(Object.keys(outboxKeys)));
  });

  it("builds a key for the rows of one SQL statement from a placeholder id", () => {
    // services/requests.ts submitRequest replaces "{id}" by the new request's id in SQL.
    expect(outboxKeys.request("{id}", "coord_notice").replace("{id}", "12")).toBe("12:coord_notice");
    expect(outboxKeys.homeRequest("{id}", "submitted").replace("{id}", "12")).toBe("home:12:submitted");
  });

  it("keys of different rows differ", () => {
    const keys = CASES.map(([k]) => k);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("reads the summary's day only from a summary key", () => {
    expect(parseBudgetSummaryDay("budget_summary:4:2016-12-05")).toBe("2016-12-05");
    expect(parseBudgetSummaryDay("dead_notice:2016-12-05:6")).toBeNull();
    expect(parseBudgetSummaryDay("budget_summary:4")).toBeNull();
  });

  it("does not read keys no constructor builds", () => {
    for (const key of ["", "12:no_such_kind", "home:group:3", "budget_summary:4:yesterday", "home:budget:4:other", "x:coord_notice"]) {
      expect(parseOutboxKey(key), key).toBeNull();
    }
  });
});

describe("outbox kinds", () => {
  it("sorts the home and meeting kinds out of every kind", () => {
    expect(OUTBOX_KINDS.filter(isHomeRefreshKind)).toEqual([...HOME_REFRESH_KINDS]);
    expect(OUTBOX_KINDS.filter(isMeetingOutboxKind)).toEqual([...MEETING_OUTBOX_KINDS]);
    expect(new Set(OUTBOX_KINDS).size).toBe(OUTBOX_KINDS.length);
  });

  it("a coalescing kind's pending key and claimed key differ, and the claimed key is the SQL rename (key || ':' || id)", () => {
    expect([...COALESCING_KINDS]).toEqual(["coord_budget_refresh"]);
    const pending = outboxKeys.request(12, "coord_budget_refresh");
    expect(claimedKey(pending, 345)).not.toBe(pending);
    expect(claimedKey(pending, 345)).toBe(`${pending}:345`);
    // The claim renames once: a claimed key ends with ":<id>", a pending key never does.
    expect(claimedKey(pending, 345).endsWith(":345")).toBe(true);
    expect(pending.endsWith(":12")).toBe(false);
  });
});
