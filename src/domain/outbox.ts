// The outbox vocabulary: every kind of Slack message the outbox holds, and the one place where a
// row's unique `key` is built and read back. The keys are stored (existing rows) and unique, so a
// retried state change adds nothing twice: never change the text of a key
// (tests/domain/outbox.test.ts pins them).

export const OUTBOX_KINDS = [
  "coord_notice", // the coordinator channel message with the decision buttons
  "coord_refresh", // chat.update of that message after a state change
  "applicant_receipt", // DM: request received
  "thread_decision", // thread reply: the outcome
  "applicant_decision", // DM: the outcome and the reason
  "thread_info_asked", // thread reply: more information was asked for
  "applicant_info_question", // DM: the question, with a button to answer
  "thread_info_answered", // thread reply: the answer arrived
  "applicant_info_answered", // chat.update of the question DM: the answer button is removed
  "thread_withdrawn", // thread reply: the applicant's organisation withdrew the request (ref = audit id)
  "thread_changed", // thread reply: the request was corrected, what changed (ref = audit id)
  "applicant_receipt_refresh", // chat.update of the receipt DM after a change: "Återkalla"/"Ändra" go once it is closed (ref = audit id)
  "budget_warning", // budget channel: a category passed a threshold (ref = budget_warning id)
  "budget_summary", // budget channel: the daily summary (ref = period id; key holds the day)
  "home_refresh", // views.publish of the App Home of everyone a request concerns (ref = request id; key "home:<request>:<audit id>")
  "home_refresh_group", // … of a working group's members, its convener, coordinators and admins after a meeting of the group changed (ref = group id)
  "home_refresh_network", // … of everyone after a whole-network meeting changed (ref = meeting id)
  "home_refresh_budget", // … of coordinators and admins after the budget changed without a request (ref = period id)
  "meeting_cancelled", // meeting channel: a meeting whose reminder went out is cancelled (ref = meeting id)
  "meeting_changed", // meeting channel: time or place of a reminded meeting changed (ref = meeting id; key holds the sequence)
  "meeting_reminder_refresh", // chat.update of a sent reminder after an edit/cancel (ref = reminder id; key holds the sequence)
  "dead_notice", // DM to an admin: Slack messages are dead (ref = member id; key "dead_notice:<day>:<member id>")
  "period_end_reminder", // DM to a member of the case's organisation: a granted rest/integration period ends soon (request = the period's request, ref = member id; key "period_end:<request>:<offset>:<member>")
  "info_reminder", // DM to a member of the request's organisation: a komplettering is unanswered (request, ref = member id; key "info_reminder:<info request>:<member>")
  "decision_digest", // coordinator channel: the requests waiting too long for a decision (key "decision_digest:<day>")
  "case_status", // coordinator channel: a case was closed or reopened (ref = audit entry id; key "case_status:<audit id>")
  "case_transfer_dm", // DM to a member of either organisation: a case was moved between them (issue #14; ref = member id; key "case_transfer:<transfer id>:<member id>")
  "certification_notice", // DM to an admin: an organisation's certification ends within 30 days (ref = member id; key "certification:<org>:<last day>:<member>", issue #14)
  "thread_payment", // thread reply: a payment was registered, with "Bekräfta" while it waits for a coordinator (ref = payment id)
  "thread_payment_refresh", // chat.update of that reply once the payment is confirmed or rejected (ref = payment id)
  "payment_rejected_dm", // DM to the payment's reporter: a coordinator rejected it, without the reason's text (ref = payment id)
  "thread_settled", // thread reply: the grant was settled ("Slutreglera"): who, paid, released per category (ref = the grant_settled audit id)
  "coord_budget_refresh", // chat.update of an open request's coordinator message after its categories changed (a decision, transfer or allocation); one pending row per message (see COALESCING_KINDS)
  "home_refresh_transfer", // views.publish of the Homes of both organisations' members, coordinators and admins after a case was moved between them (issue #14; ref = case_transfer id; key "home:transfer:<id>")
  "meeting_announced", // meeting channel: a new meeting with "Jag kommer" / "Kan inte" (ref = meeting id; key "meeting_announced:<meeting>"); its channel and ts stay on the row for the updates
  "meeting_announcement_refresh", // chat.update of that announcement after an edit/cancel (ref = meeting id; key holds the sequence)
  "text_erased_update", // chat.update of a sent message that showed free text (decision reason, question), re-rendered with the erasure marker (issue #14; request = its request, ref = the sent row's outbox id; key "erased_update:<outbox id>:<audit id>")
] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

export function isOutboxKind(kind: string): kind is OutboxKind {
  return (OUTBOX_KINDS as readonly string[]).includes(kind);
}

/** The kinds that re-publish App Homes (views.publish) instead of posting a message. */
export const HOME_REFRESH_KINDS = ["home_refresh", "home_refresh_group", "home_refresh_network", "home_refresh_budget", "home_refresh_transfer"] as const satisfies readonly OutboxKind[];
export type HomeRefreshKind = (typeof HOME_REFRESH_KINDS)[number];

export function isHomeRefreshKind(kind: string): kind is HomeRefreshKind {
  return (HOME_REFRESH_KINDS as readonly string[]).includes(kind);
}

/** The kinds about meetings: "Ändrat", "Inställt", the update of a reminder already sent, the announcement of a new meeting and its update. */
export const MEETING_OUTBOX_KINDS = ["meeting_cancelled", "meeting_changed", "meeting_reminder_refresh", "meeting_announced", "meeting_announcement_refresh"] as const satisfies readonly OutboxKind[];
export type MeetingOutboxKind = (typeof MEETING_OUTBOX_KINDS)[number];

export function isMeetingOutboxKind(kind: string): kind is MeetingOutboxKind {
  return (MEETING_OUTBOX_KINDS as readonly string[]).includes(kind);
}

/**
 * The kinds whose pending row is shared by every change until a worker claims it: the row is
 * inserted with the key `outboxKeys.request(<request>, kind)` ("12:coord_budget_refresh") and
 * `ON CONFLICT` reuses it, so a burst of changes costs one Slack call per message; the claim renames
 * the key to `claimedKey(key, id)` ("12:coord_budget_refresh:345", which reads back as a request
 * key with refId = the outbox id), so a change committed after the claim queues a new row. The row
 * is rendered from the database at send time, so one pending row shows every change before it.
 */
export const COALESCING_KINDS = ["coord_budget_refresh"] as const satisfies readonly OutboxKind[];

/** The key a coalescing row gets when a worker claims it (see COALESCING_KINDS). */
export const claimedKey = (pendingKey: string, outboxId: number): string => `${pendingKey}:${outboxId}`;

/** What changed a period's budget outside a request; it makes the Home refresh's key unique. */
export type BudgetHomeChange = { transfer: number } | { allocate: string } | "created";

function budgetChangeTag(change: BudgetHomeChange): string {
  if (change === "created") return "created";
  return "transfer" in change ? `transfer:${change.transfer}` : `allocate:${change.allocate}`;
}

/**
 * The key constructors. `request` and `homeRequest` also take a string id, so that one SQL
 * statement can build the keys of rows it inserts (a placeholder replaced in SQL by the new id).
 */
export const outboxKeys = {
  /** A request's own message "<request id>:<kind>[:<ref id>]"; "budget:<kind>[:<ref id>]" without a request. */
  request: (requestId: number | string | null, kind: OutboxKind, refId?: number): string =>
    refId === undefined ? `${requestId ?? "budget"}:${kind}` : `${requestId ?? "budget"}:${kind}:${refId}`,
  /** The Home refresh after a change to a request: the audit row's id, or "submitted". */
  homeRequest: (requestId: number | string, change: number | "submitted"): string => `home:${requestId}:${change}`,
  homeGroup: (groupId: number, meetingId: number, version: number): string => `home:group:${groupId}:${meetingId}:${version}`,
  homeNetwork: (meetingId: number, version: number): string => `home:network:${meetingId}:${version}`,
  homeBudget: (periodId: number, change: BudgetHomeChange): string => `home:budget:${periodId}:${budgetChangeTag(change)}`,
  meetingChanged: (meetingId: number, sequence: number): string => `meeting_changed:${meetingId}:${sequence}`,
  meetingCancelled: (meetingId: number): string => `meeting_cancelled:${meetingId}`,
  reminderRefresh: (reminderId: number, sequence: number): string => `meeting_reminder_refresh:${reminderId}:${sequence}`,
  meetingAnnounced: (meetingId: number): string => `meeting_announced:${meetingId}`,
  announcementRefresh: (meetingId: number, sequence: number): string => `meeting_announcement_refresh:${meetingId}:${sequence}`,
  /** The daily summary of a period; `day` is "yyyy-MM-dd" (the Stockholm day it was due). */
  budgetSummary: (periodId: number, day: string): string => `budget_summary:${periodId}:${day}`,
  /** The daily notice about dead rows to one admin; `day` is "yyyy-MM-dd". */
  deadNotice: (day: string, memberId: number): string => `dead_notice:${day}:${memberId}`,
  /** The reminder `offset` ("5d") before the end of a request's granted period, to one member. */
  periodEnd: (requestId: number, offset: string, memberId: number): string => `period_end:${requestId}:${offset}:${memberId}`,
  /** The one reminder about an unanswered komplettering, to one member. */
  infoReminder: (infoRequestId: number, memberId: number): string => `info_reminder:${infoRequestId}:${memberId}`,
  /** The coordinators' digest of a working day ("yyyy-MM-dd"). */
  decisionDigest: (day: string): string => `decision_digest:${day}`,
  /** A case closed or reopened: the audit entry of that change. */
  caseStatus: (auditId: number): string => `case_status:${auditId}`,
  /** The update of sent outbox row `outboxId` after the erasure recorded by audit entry `auditId`. */
  erasedUpdate: (outboxId: number, auditId: number): string => `erased_update:${outboxId}:${auditId}`,
  /** The Homes of both organisations after a case was moved between them (the case_transfer row). */
  homeTransfer: (transferId: number): string => `home:transfer:${transferId}`,
  /** A case moved to another organisation (the case_transfer row), to one member of either organisation. */
  caseTransfer: (transferId: number, memberId: number): string => `case_transfer:${transferId}:${memberId}`,
  /** The notice to one admin that organisation `orgId`'s certification ends on `until` ("yyyy-MM-dd"):
   * once per organisation, end date and admin (a new end date is told again). */
  certificationNotice: (orgId: number, until: string, memberId: number): string => `certification:${orgId}:${until}:${memberId}`,
} as const;

/** A key read back: which constructor built it, with its arguments. */
export type ParsedOutboxKey =
  | { key: "request"; requestId: number | null; kind: OutboxKind; refId?: number }
  | { key: "homeRequest"; requestId: number; change: number | "submitted" }
  | { key: "homeGroup"; groupId: number; meetingId: number; version: number }
  | { key: "homeNetwork"; meetingId: number; version: number }
  | { key: "homeBudget"; periodId: number; change: BudgetHomeChange }
  | { key: "meetingChanged"; meetingId: number; sequence: number }
  | { key: "meetingCancelled"; meetingId: number }
  | { key: "reminderRefresh"; reminderId: number; sequence: number }
  | { key: "meetingAnnounced"; meetingId: number }
  | { key: "announcementRefresh"; meetingId: number; sequence: number }
  | { key: "budgetSummary"; periodId: number; day: string }
  | { key: "deadNotice"; day: string; memberId: number }
  | { key: "periodEnd"; requestId: number; offset: string; memberId: number }
  | { key: "infoReminder"; infoRequestId: number; memberId: number }
  | { key: "decisionDigest"; day: string }
  | { key: "caseStatus"; auditId: number }
  | { key: "erasedUpdate"; outboxId: number; auditId: number }
  | { key: "caseTransfer"; transferId: number; memberId: number }
  | { key: "homeTransfer"; transferId: number }
  | { key: "certificationNotice"; orgId: number; until: string; memberId: number };

const ID = "(\\d+)";
const DAY = "(\\d{4}-\\d{2}-\\d{2})";
const KEY_PATTERNS: { re: RegExp; parse: (m: string[]) => ParsedOutboxKey | null }[] = [
  { re: new RegExp(`^home:group:${ID}:${ID}:${ID}$`), parse: ([, g, m, v]) => ({ key: "homeGroup", groupId: Number(g), meetingId: Number(m), version: Number(v) }) },
  { re: new RegExp(`^home:transfer:${ID}$`), parse: ([, t]) => ({ key: "homeTransfer", transferId: Number(t) }) },
  { re: new RegExp(`^home:network:${ID}:${ID}$`), parse: ([, m, v]) => ({ key: "homeNetwork", meetingId: Number(m), version: Number(v) }) },
  { re: new RegExp(`^home:budget:${ID}:(created|transfer:\\d+|allocate:[0-9a-f-]+)$`), parse: ([, p, c]) => ({ key: "homeBudget", periodId: Number(p), change: parseBudgetChange(c ?? "") }) },
  { re: new RegExp(`^home:${ID}:(\\d+|submitted)$`), parse: ([, r, c]) => ({ key: "homeRequest", requestId: Number(r), change: c === "submitted" ? "submitted" : Number(c) }) },
  { re: new RegExp(`^meeting_changed:${ID}:${ID}$`), parse: ([, m, s]) => ({ key: "meetingChanged", meetingId: Number(m), sequence: Number(s) }) },
  { re: new RegExp(`^meeting_cancelled:${ID}$`), parse: ([, m]) => ({ key: "meetingCancelled", meetingId: Number(m) }) },
  { re: new RegExp(`^meeting_reminder_refresh:${ID}:${ID}$`), parse: ([, r, s]) => ({ key: "reminderRefresh", reminderId: Number(r), sequence: Number(s) }) },
  { re: new RegExp(`^meeting_announced:${ID}$`), parse: ([, m]) => ({ key: "meetingAnnounced", meetingId: Number(m) }) },
  { re: new RegExp(`^meeting_announcement_refresh:${ID}:${ID}$`), parse: ([, m, s]) => ({ key: "announcementRefresh", meetingId: Number(m), sequence: Number(s) }) },
  { re: new RegExp(`^budget_summary:${ID}:${DAY}$`), parse: ([, p, d]) => ({ key: "budgetSummary", periodId: Number(p), day: d ?? "" }) },
  { re: new RegExp(`^dead_notice:${DAY}:${ID}$`), parse: ([, d, m]) => ({ key: "deadNotice", day: d ?? "", memberId: Number(m) }) },
  { re: new RegExp(`^period_end:${ID}:(\\d+d):${ID}$`), parse: ([, r, o, m]) => ({ key: "periodEnd", requestId: Number(r), offset: o ?? "", memberId: Number(m) }) },
  { re: new RegExp(`^info_reminder:${ID}:${ID}$`), parse: ([, i, m]) => ({ key: "infoReminder", infoRequestId: Number(i), memberId: Number(m) }) },
  { re: new RegExp(`^decision_digest:${DAY}$`), parse: ([, d]) => ({ key: "decisionDigest", day: d ?? "" }) },
  { re: new RegExp(`^case_status:${ID}$`), parse: ([, a]) => ({ key: "caseStatus", auditId: Number(a) }) },
  { re: new RegExp(`^erased_update:${ID}:${ID}$`), parse: ([, o, a]) => ({ key: "erasedUpdate", outboxId: Number(o), auditId: Number(a) }) },
  { re: new RegExp(`^case_transfer:${ID}:${ID}$`), parse: ([, t, m]) => ({ key: "caseTransfer", transferId: Number(t), memberId: Number(m) }) },
  {
    re: new RegExp(`^certification:${ID}:${DAY}:${ID}$`),
    parse: ([, o, d, m]) => ({ key: "certificationNotice", orgId: Number(o), until: d ?? "", memberId: Number(m) }),
  },
  {
    re: new RegExp(`^(\\d+|budget):([a-z_]+)(?::${ID})?$`),
    parse: ([, owner, kind, ref]) =>
      kind !== undefined && isOutboxKind(kind)
        ? { key: "request", requestId: owner === "budget" ? null : Number(owner), kind, ...(ref !== undefined ? { refId: Number(ref) } : {}) }
        : null,
  },
];

function parseBudgetChange(tag: string): BudgetHomeChange {
  if (tag.startsWith("transfer:")) return { transfer: Number(tag.slice("transfer:".length)) };
  if (tag.startsWith("allocate:")) return { allocate: tag.slice("allocate:".length) };
  return "created";
}

/** Reads a key back; null for a key no constructor builds. */
export function parseOutboxKey(key: string): ParsedOutboxKey | null {
  for (const { re, parse } of KEY_PATTERNS) {
    const m = re.exec(key);
    if (m) return parse([...m]);
  }
  return null;
}

/** The day a budget summary was due ("yyyy-MM-dd", from its key); null for another key. */
export function parseBudgetSummaryDay(key: string): string | null {
  const parsed = parseOutboxKey(key);
  return parsed?.key === "budgetSummary" ? parsed.day : null;
}
