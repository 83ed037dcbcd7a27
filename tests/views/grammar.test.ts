// Issue #15 item 3: Swedish that reads right. Every view in src/views/ is rendered with 0, 1 and 2
// of everything it counts (requests, days, children, meetings, kompletteringar, files, admissions,
// closed cases, waiting requests, working days …), and every text Slack would show is checked:
// - no plural after exactly one ("1 ansökningar", "1 öppna ansökningar", "1 dagar", "1 beviljade");
// - no doubled word ("(valfritt) (valfritt)", "ansökan ansökan"), and no "(valfritt)" in the label of
//   an optional input (Slack adds its own "(valfritt)" to those);
// - no undefined/null/NaN in the text.
// A guard at the end fails when a view module exports a function this file does not render, so a new
// view is checked too (or explicitly listed as a helper that renders no text of its own).
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { reportMarkdown } from "../../src/domain/report-output.js";
import { buildReport, type ReportCaseRow, type ReportRequestRow } from "../../src/domain/report.js";
import type { BudgetReport, RequestBudget } from "../../src/domain/budget.js";
import { capUse, historyOrder, type CaseFile, type CaseFileRequest } from "../../src/domain/case-file.js";
import { forecast } from "../../src/domain/forecast.js";
import type { HomeMeeting, HomeRequest } from "../../src/domain/home.js";
import { REQUEST_TYPES } from "../../src/domain/types.js";
import * as applyModalViews from "../../src/views/apply-modal.js";
import * as budgetForecastViews from "../../src/views/budget-forecast.js";
import * as budgetViews from "../../src/views/budget.js";
import * as caseClockViews from "../../src/views/case-clocks.js";
import * as caseFileViews from "../../src/views/case-file.js";
import * as caseOutcomeViews from "../../src/views/case-outcome.js";
import * as caseTransferViews from "../../src/views/case-transfer.js";
import * as paymentViews from "../../src/views/payments.js";
import * as homeViews from "../../src/views/home.js";
import * as meetingViews from "../../src/views/meetings.js";
import * as modalViews from "../../src/views/modals.js";
import * as outboxViews from "../../src/views/outbox.js";
import * as reportViews from "../../src/views/report.js";
import * as requestChangeViews from "../../src/views/request-changes.js";
import * as requestViews from "../../src/views/request.js";
import type { MeetingInfo } from "../../src/views/meetings.js";
import type { UnderlagInfo } from "../../src/views/modals.js";
import { requestFixture } from "../helpers/fixtures.js";
import { summaryReasons } from "../../jobs/budget-summary.js";
import { erasedText, movedText, requeuedText } from "../../commands/present.js";
import { formatMeetingSeedSummary } from "../../commands/seed-meetings.js";
import { formatSeedSummary } from "../../commands/seed.js";

// ------------------------------------------------------------------------------------------------
// The checks

/** Plural forms the app writes after a count; none of them may follow exactly "1". */
const PLURALS = [
  "ansökningar", "ärenden", "dagar", "arbetsdagar", "möten", "påminnelser", "kompletteringar", "förfrågningar", "medlemmar",
  "filer", "timmar", "tillfällen", "insatser", "kategorier", "organisationer", "meddelanden", "veckor", "rader", "svar",
  "öppna", "inkomna", "beviljade", "nekade", "återkallade", "avslutade", "väntande", "nya", "döda", "flera",
];
const ONE_PLURAL = new RegExp(`(?<![\\p{L}\\p{N}.,:-])1 (${PLURALS.join("|")})(?![\\p{L}])`, "u");
/** Any word ending like a Swedish plural (-ar, -er, -or) after "1", except words that are not plurals. */
const ONE_PLURAL_SHAPE = /(?<![\p{L}\p{N}.,:-])1 (\p{L}+(?:ar|er|or))(?![\p{L}])/u;
/** Words ending in -ar/-er/-or that are not plural nouns (prepositions, months, verbs). */
const NOT_PLURAL = new Set(["under", "september", "oktober", "november", "december", "eller", "efter", "per", "över", "väntar", "kommer", "gäller"]);
const DOUBLED = /(?<![\p{L}\p{N}])(\p{L}{2,}|\(\p{L}+\))\s+\1(?![\p{L}\p{N}])/iu;

/** Every text Slack shows: `text` of blocks and objects, labels, placeholders; mrkdwn marks removed. */
function textsOf(out: unknown): string[] {
  if (typeof out === "string") return [out];
  const found: string[] = [];
  JSON.stringify(out, (key, value: unknown) => {
    if (typeof value === "string" && ["text", "title", "placeholder", "hint", "label"].includes(key)) found.push(value);
    return value;
  });
  return found;
}
const clean = (s: string): string => s.replace(/[*_~`]/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

function problems(out: unknown): string[] {
  const found: string[] = [];
  for (const raw of textsOf(out)) {
    const s = clean(raw);
    const one = ONE_PLURAL.exec(s);
    if (one) found.push(`plural after 1: "${one[0]}" in "${s.slice(0, 160)}"`);
    const shape = ONE_PLURAL_SHAPE.exec(s);
    if (shape && !NOT_PLURAL.has((shape[1] ?? "").toLowerCase()) && !one) found.push(`plural-looking word after 1: "${shape[0]}" in "${s.slice(0, 160)}"`);
    // "(om 0 dagar)": a count of zero days ahead is "i dag".
    if (/\bom 0 (dag|dagar)\b/.test(s)) found.push(`"om 0 dagar" (say "i dag") in "${s.slice(0, 160)}"`);
    const doubled = DOUBLED.exec(s);
    if (doubled) found.push(`doubled word: "${doubled[0]}" in "${s.slice(0, 160)}"`);
    if (/\b(undefined|null|NaN)\b/.test(s)) found.push(`a value leaked: "${s.slice(0, 160)}"`);
  }
  // Slack appends "(valfritt)" to an optional input's label itself.
  JSON.stringify(out, (_key, value: unknown) => {
    if (typeof value === "object" && value !== null && (value as { type?: unknown }).type === "input" && (value as { optional?: unknown }).optional === true) {
      const label = (value as { label?: { text?: string } }).label?.text ?? "";
      if (/valfri/i.test(label)) found.push(`optional input says "valfritt" itself (Slack adds it): "${label}"`);
    }
    return value;
  });
  return found;
}

// ------------------------------------------------------------------------------------------------
// Fixtures with n of everything

const NOW = new Date("2016-11-30T12:00:00Z");
const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `U0MEMBER${i}`);
const times = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

function underlag(n: number, over: Partial<UnderlagInfo> = {}): UnderlagInfo {
  return requestFixture("Motivering", {
    days: Math.max(n, 1),
    children: n,
    endDate: new Date(Date.UTC(2016, 8, Math.max(n, 1))),
    infoRequests: times(n, (i) => ({ id: i + 1, askedAt: NOW, answeredAt: i % 2 ? NOW : null, question: "Fråga?", answer: i % 2 ? "Svar." : null })),
    ...over,
  });
}

function homeRequest(i: number, n: number): HomeRequest {
  return {
    id: i + 1, type: REQUEST_TYPES[i % 5] ?? "rest", status: "received", caseRef: `NSP00${i + 1}`, orgName: "Frälsningsarmén", applicantSlackId: "U0APPL",
    createdAt: new Date(NOW.getTime() - n * 86_400_000), decidedAt: NOW, requestedAmount: 1_200 * Math.max(n, 1), grantedAmount: 1_200 * n, grantedDays: n,
    days: Math.max(n, 1), startDate: new Date("2016-09-01T00:00:00Z"), endDate: new Date(Date.UTC(2016, 8, Math.max(n, 1))), children: n, protection: n > 0,
    measure: "therapy", quantity: Math.max(n, 1), unitAmount: 500, sharedReason: null, hasReason: false, info: null,
  };
}

const cat = (key: string, name: string, allocated: number, committed: number) => {
  const remaining = allocated - committed;
  return { key, name, allocated, transfersIn: 0, transfersOut: 0, committed, remaining, usedPercent: allocated > 0 ? Math.floor((committed * 100) / allocated) : null, overdraft: Math.max(0, -remaining), paid: 0, released: 0 };
};
const budgetReport = (n: number): BudgetReport => ({
  period: { id: 2, name: "Pilot 2016", from: "2016-09-01", to: "2016-12-31", overheadPercent: 10 },
  categories: times(Math.max(n, 1), (i) => cat(i ? "measure" : "rest", i ? "Stödinsatser" : "Max 30 dagars vila", 10_000, 5_000 * n)),
  lines: [],
  totals: { income: 20_000, costs: 0, allocations: 20_000, subtotal: 20_000, overhead: 0, totalCosts: 20_000, result: 0, remaining: 10_000, paid: 0, released: 0 },
});
/** n categories 95 % used (the daily summary counts those over 90 %). */
const highBudgetReport = (n: number): BudgetReport => ({ ...budgetReport(n), categories: times(n, (i) => cat(`k${i}`, `Kategori ${i}`, 10_000, 9_500)) });
const requestBudget = (n: number): RequestBudget => ({
  period: { id: 2, name: "Pilot 2016", from: new Date("2016-09-01"), to: new Date("2016-12-31"), overheadPercent: 10 },
  impact: [{ key: "rest", name: "Max 30 dagars vila", available: 1_200 * n, committed: 0, remainingBefore: 1_200 * n, amount: 1_200 * (n + 1), remainingAfter: -1_200, overrideAllowance: 0 }],
  fits: false,
  proposal: n > 0 ? { kind: "days", days: n, of: n + 1, amount: 1_200 * n } : null,
});

function caseFileRequest(i: number, n: number): CaseFileRequest {
  return {
    id: i + 1, type: "rest", status: i === 0 ? "received" : "granted", startDate: new Date("2016-11-01"), endDate: new Date(Date.UTC(2016, 10, Math.max(n, 1))), days: Math.max(n, 1),
    children: n, protection: false, measure: null, quantity: null, unitAmount: null, requestedAmount: 1_200 * Math.max(n, 1), grantedDays: i === 0 ? null : n,
    grantedAmount: i === 0 ? null : 1_200 * n, createdAt: new Date(Date.UTC(2016, 9, 1, 8 + i)), decidedAt: i === 0 ? null : NOW, decidedBy: i === 0 ? null : "U0COORD",
    decisionReason: null, caps: { restMaxDays: 30, integrationMaxDays: 90 }, infoCount: n + 3, infoOpen: n,
    infoRequests: times(n + 3, (k) => ({ askedAt: NOW, question: "Fråga", answer: k < n ? null : "Svar", answeredAt: k < n ? null : NOW })),
  };
}
function caseFile(n: number): CaseFile {
  const requests = historyOrder(times(n, (i) => caseFileRequest(i, n)));
  return {
    ref: "NSP004", orgName: "Frälsningsarmén", createdAt: new Date("2016-09-01T09:00:00Z"), outcome: null, closedOn: null, background: null, requests,
    caps: capUse(requests, { restMaxDays: 30, integrationMaxDays: 90 }), money: times(n, (i) => ({ key: `k${i}`, name: `Kategori ${i}`, amount: 1_000 })), privileged: true,
  };
}

const meeting = (n: number): MeetingInfo => ({
  id: 7, kind: "platform", title: "Decembermöte", theme: n ? "Tema" : null, startsAt: new Date("2016-12-05T09:00:00Z"), endsAt: new Date("2016-12-05T11:00:00Z"),
  place: n ? "Frälsningsarmén HK" : null, registration: null, registrationDeadline: n ? new Date("2016-12-01T00:00:00Z") : null, cancelledAt: null, sequence: n, group: n ? { id: 1, name: "Slussa vidare" } : null,
});

function report(n: number) {
  const row = (i: number, over: Partial<ReportRequestRow> = {}): ReportRequestRow => ({
    id: i + 1, type: "measure", status: "granted", caseRef: `NSP00${i + 1}`, caseIsNew: i === 0, days: null, children: null, protection: false, measure: "passport",
    quantity: 1, unitAmount: 1_300, requestedAmount: 1_300, grantedDays: null, grantedAmount: 1_300, ...over,
  });
  const statuses = ["granted", "partly_granted", "denied", "received", "withdrawn"] as const;
  const requests = REQUEST_TYPES.flatMap((type, t) => statuses.flatMap((status, s) => times(n, (i) => row(t * 100 + s * 10 + i, { type, status }))));
  const kase: ReportCaseRow = { nationality: "NG", gender: "woman", ageBand: "18-25", childrenAccompanying: 0, childrenHome: 0, exploitation: ["sexual"], exploitedIn: ["SE"], policeReport: true };
  return buildReport({
    from: "2016-09-01", to: "2016-11-30", periods: [{ name: "Pilot 2016", from: "2016-09-01", to: "2016-12-31" }], requests,
    categories: [{ key: "measure", name: "Stödinsatser", allocated: 10_000, transfersIn: 0, transfersOut: 0, grantedBefore: 0 }],
    grants: times(n, (i) => ({ categoryKey: "measure", requestId: i + 1, caseRef: `NSP00${i + 1}`, amount: 1_300 })),
    cases: times(n, () => kase), closedCases: times(n, () => ({ outcome: "returned" as const })),
  });
}

/** Every renderer of src/views with n of everything: [name, output]. */
function renderAll(n: number): [string, unknown][] {
  const r = underlag(n);
  const measure = underlag(n, { type: "measure", startDate: null, endDate: null, days: null, measure: "therapy", quantity: Math.max(n, 1), unitAmount: 500, requestedAmount: 500 * Math.max(n, 1) });
  const decided = underlag(n, { status: "partly_granted", decidedBy: "U0COORD", decidedAt: NOW, grantedDays: n, grantedAmount: 1_200 * n, decisionReason: "Skäl", reasonShared: true });
  const asked = { id: 12, type: "rest" as const, startDate: new Date("2016-09-01T00:00:00Z"), endDate: new Date(Date.UTC(2016, 8, Math.max(n, 1))), days: Math.max(n, 1), children: n, protection: false, measure: null, quantity: null, unitAmount: null };
  const meetings: HomeMeeting[] = times(n, (i) => ({ id: i + 1, title: `Möte ${i}`, start: NOW, place: null, rsvp: i === 0 ? ("yes" as const) : null }));
  const home = (role: "applicant" | "coordinator", meetingLimit: number) =>
    homeViews.homeView(
      {
        userId: "U0X", now: NOW, actor: { role, orgName: "Frälsningsarmén" },
        applicant: { orgName: "Frälsningsarmén", open: times(n, (i) => homeRequest(i, n)), openTotal: n, decided: times(n, (i) => ({ ...homeRequest(i, n), status: "partly_granted" as const })) },
        coordinator: role === "coordinator" ? { canDecide: true, queue: times(n, (i) => homeRequest(i, n)), queueTotal: n, budget: budgetReport(n), budgetIsCurrent: true } : null,
      },
      meetings,
      { meetings: meetingLimit }, // 0: "… och n möten till."
    );
  const f = caseFile(n);
  const rep = report(n);
  const fc = forecast({
    period: { name: "Pilot 2016", from: new Date("2016-09-01T00:00:00Z"), to: new Date("2016-12-31T00:00:00Z") },
    categories: [{ key: "rest", name: "Max 30 dagars vila", allocated: 1_000, transfersIn: 0, transfersOut: 0, committed: 0, overdraft: 0 }],
    pending: times(n, (i) => ({ id: i + 1, caseRef: `NSP00${i + 1}`, asked: "Vila", lines: [{ category: "rest", amount: 2_000 }] })),
  });
  return [
    ["applyModal", REQUEST_TYPES.map((type) => applyModalViews.applyModal({ type, orgName: "Frälsningsarmén", caseRef: "NSP003", costPreview: null }))],
    ["applyConfirmation", applyModalViews.applyConfirmation("NSP004", "Ansökan om tillträde", n ? "Notering." : null)],
    ["costRecalculatedText", applyModalViews.costRecalculatedText(1_000 * n)],
    ["forecastMessage", budgetForecastViews.forecastMessage(fc, { current: n > 0 })],
    ["budgetMessage", budgetViews.budgetMessage(budgetReport(n), { current: n > 0 })],
    ["transferModal", budgetViews.transferModal(budgetReport(n), 2)],
    ["transferDoneModal", budgetViews.transferDoneModal({ amount: n, fromName: "Vila", toName: "Insatser", fromRemaining: n, toRemaining: n, period: "Pilot 2016" })],
    ["budgetWarningMessage", budgetViews.budgetWarningMessage({ period: "Pilot 2016", category: "Stödinsatser", threshold: 90, committed: 9_000, available: 10_000 - n })],
    ["budgetSummaryMessage", [budgetViews.budgetSummaryMessage(budgetReport(n), times(n, () => "Skäl."), NOW), budgetViews.budgetSummaryMessage(highBudgetReport(n), [], NOW)]],
    ["requestBudgetBlocks", budgetViews.requestBudgetBlocks(requestBudget(n), { requestId: 9 })],
    ["refusalText", budgetViews.refusalText({ reason: "insufficient", period: "Pilot 2016", lines: requestBudget(n).impact }, requestBudget(n).proposal)],
    ["overrideModal", budgetViews.overrideModal({ id: 9, title: "Ansökan nr 9" }, requestBudget(n))],
    ["periodEndReminder", caseClockViews.periodEndReminder({ request: asked, caseRef: "NSP004", end: "2016-09-30", daysLeft: n, next: "integration" })],
    ["infoReminder", caseClockViews.infoReminder({ request: asked, caseRef: "NSP004", infoId: 7, askedAt: NOW, days: n })],
    ["decisionDigest", caseClockViews.decisionDigest(times(n, (i) => ({ request: { ...asked, id: i + 1 }, caseRef: "NSP004", orgName: "Hopp", workdays: n })), n)],
    ["askedForText", f.requests.map((x) => caseFileViews.askedForText(x))],
    ["decisionNote", f.requests.map((x) => caseFileViews.decisionNote(x))],
    ["requestBlocks", f.requests.map((x) => caseFileViews.requestBlocks(x, true))],
    ["capText", f.caps.map((c) => caseFileViews.capText(c))],
    ["caseFileModal", caseFileViews.caseFileModal({ file: f, requests: f.requests, page: 1, pages: Math.max(n, 1) }, { closeActions: true, canClose: true, canReopen: true })],
    ["caseListModal", caseFileViews.caseListModal({ items: times(n, (i) => ({ ref: `NSP00${i}`, orgName: "X", lastActivity: NOW, requests: n, open: n, closedOn: null })), total: n, page: 1, pages: Math.max(n, 1), scope: "all_open", orgName: "X" })],
    ["caseNotFoundText", [caseFileViews.caseNotFoundText("NSP004"), caseOutcomeViews.caseNotFoundText("NSP004"), caseOutcomeViews.caseNotFoundText(null)]],
    ["closeCaseModal", caseOutcomeViews.closeCaseModal({ ref: "NSP004", createdOn: new Date("2016-09-01") }, NOW)],
    ["reopenCaseModal", caseOutcomeViews.reopenCaseModal({ ref: "NSP004", outcome: "returned", closedOn: NOW, closedBy: n ? "U0COORD" : null })],
    ["closedDoneText", caseOutcomeViews.closedDoneText("NSP004", "returned", NOW)],
    ["alreadyClosedText", caseOutcomeViews.alreadyClosedText("NSP004", "returned", NOW, n ? "U0COORD" : null)],
    ["reopenedText", caseOutcomeViews.reopenedText("NSP004")],
    ["notClosedText", caseOutcomeViews.notClosedText("NSP004")],
    ["caseStatusMessage", (["closed", "reopened"] as const).map((action) => caseOutcomeViews.caseStatusMessage({ caseRef: "NSP004", action, actor: "U0COORD", outcome: "returned", closedOn: NOW }))],
    ["homeView", [home("applicant", 10), home("coordinator", 10), home("applicant", 0)]],
    ["ageText", homeViews.ageText(new Date(NOW.getTime() - n * 86_400_000), NOW)],
    ["meetingModal", [meetingViews.meetingModal(times(n, (i) => ({ id: i + 1, name: `Grupp ${i}` }))), meetingViews.meetingModal([], meeting(n))]],
    ["meetingSavedModal", meetingViews.meetingSavedModal(meeting(n), n > 0, times(n, () => NOW))],
    ["meetingDetails", meetingViews.meetingDetails(meeting(n))],
    ["meetingListMessage", meetingViews.meetingListMessage(times(n, (i) => ({ meeting: { ...meeting(n), id: i + 1 }, mine: i === 0, canManage: true, answer: i === 0 ? ("no" as const) : null })))],
    ["reminderMessage", meetingViews.reminderMessage(meeting(n), { key: "1d@0900", label: "i morgon", late: n > 0 }, { yes: ids(n), no: ids(n) })],
    ["meetingCancelledMessage", meetingViews.meetingCancelledMessage(meeting(n))],
    ["meetingChangedMessage", meetingViews.meetingChangedMessage(meeting(n))],
    ["announcementMessage", [meetingViews.announcementMessage(meeting(n), { yes: ids(n), no: ids(n) }), meetingViews.announcementMessage({ ...meeting(n), cancelledAt: NOW }, { yes: ids(n), no: [] })]],
    ["rsvpButtons", meetingViews.rsvpButtons(n + 1, { suffix: n ? `h${n}` : undefined, primary: n > 0 })],
    ["yourAnswerText", [meetingViews.yourAnswerText(null), meetingViews.yourAnswerText(n ? "yes" : "no")]],
    ["meter", [budgetViews.meter(null), budgetViews.meter(50 * n)]],
    ["certificationNotice", caseClockViews.certificationNotice({ orgName: "Talita", until: "2017-01-31", daysLeft: n })],
    ["transferCaseModal", caseTransferViews.transferCaseModal({ ref: "NSP004", orgName: "Talita" }, times(n, (i) => ({ id: i + 1, name: `Org ${i}` })))],
    ["noTargetsText", caseTransferViews.noTargetsText("NSP004")],
    ["transferDoneText", caseTransferViews.transferDoneText("NSP004", "Talita", "Frälsningsarmén")],
    ["transferDmMessage", [true, false].map((receiving) => caseTransferViews.transferDmMessage({ caseRef: "NSP004", fromOrg: "Talita", toOrg: "Frälsningsarmén", actor: "U0COORD", at: NOW, receiving }))],
    ["registerPaymentButton", paymentViews.registerPaymentButton(12, n ? "cf" : undefined)],
    ["paymentModal", [true, false].map((isAdmin) => paymentViews.paymentModal({ requestId: 12, title: "Ansökan nr 12", committed: 1_000 * n, released: 100 * n, paid: 200 * n, room: 700 * n, isAdmin }, NOW))],
    ["paymentDoneText", (["reported", "confirmed"] as const).map((status) => paymentViews.paymentDoneText(12, 500 * n, status))],
    ["notGrantedText", paymentViews.notGrantedText(12)],
    ["settledText", paymentViews.settledText(12)],
    ["rejectPaymentModal", [paymentViews.rejectPaymentModal({ id: 1, requestId: 12, amount: 500 * n, paidOn: NOW })]],
    ["paymentRejectedDoneText", [paymentViews.paymentRejectedDoneText(12, 500 * n)]],
    ["paymentRejectedDm", [paymentViews.paymentRejectedDm({ requestId: 12, amount: 500 * n, paidOn: NOW, rejectedBy: n ? "U0COORD" : null })]],
    ["paymentThreadMessage", (["reported", "confirmed", "rejected"] as const).map((status) => paymentViews.paymentThreadMessage({ id: 1, requestId: 12, amount: 500 * n, paidOn: NOW, status, reportedBy: "U0APPL", confirmedBy: status === "confirmed" ? "U0COORD" : null, confirmedAt: status === "confirmed" ? NOW : null, rejectedBy: status === "rejected" ? "U0COORD" : null, rejectedAt: status === "rejected" ? NOW : null, overrideReason: n ? "Skäl" : null, overrideBy: n ? "U0ADMIN" : null }))],
    ["settleButton", paymentViews.settleButton(12)],
    ["settleModal", paymentViews.settleModal({ requestId: 12, title: "Ansökan nr 12", committed: 1_000 * n, released: 100 * n, paid: 200 * n, lines: Array.from({ length: n }, (_, i) => ({ name: `Kategori ${i}`, amount: 350 })), total: 350 * n })],
    ["settleDoneText", paymentViews.settleDoneText(12, 200 * n, 700 * n)],
    ["settleRefusalText", [
      paymentViews.settleRefusalText(12, { error: "unconfirmed", count: n }),
      paymentViews.settleRefusalText(12, { error: "changed", released: 100 * n }),
      ...(["not_found", "not_allowed", "settled", "no_money"] as const).map((error) => paymentViews.settleRefusalText(12, { error })),
      paymentViews.settleRefusalText(12, { error: "not_granted", status: "denied" }),
      paymentViews.settleRefusalText(12, { error: "jav", message: "Jäv – en annan samordnare slutreglerar." }),
    ]],
    ["settledThreadMessage", paymentViews.settledThreadMessage({ requestId: 12, actor: "U0COORD", paid: 200 * n, released: 350 * n, lines: Array.from({ length: n }, (_, i) => ({ name: `Kategori ${i}`, amount: 350 })) })],
    ["paymentsBlock", [true, false].map((privileged) => caseFileViews.paymentsBlock(12, { confirmed: 200 * n, reported: 100 * n, unconfirmed: n, released: 50 * n, settledAt: n ? NOW : null, settledBy: n ? "U0COORD" : null }, privileged))],
    ["underlagBlocks", modalViews.underlagBlocks(r)],
    ["underlagModal", [modalViews.underlagModal(r), modalViews.underlagModal(measure), modalViews.underlagModal(decided)]],
    ["decisionModal", (["grant", "partial", "deny", "info"] as const).map((kind) => modalViews.decisionModal(r, kind, { alreadyGrantedDays: n, maxDays: 30, budget: budgetViews.requestBudgetBlocks(requestBudget(n), { requestId: 7 }), proposal: requestBudget(n).proposal }))],
    ["infoAnswerModal", modalViews.infoAnswerModal({ id: 3, question: "Fråga?" }, r)],
    ["deadNoticeMessage", outboxViews.deadNoticeMessage({ count: n, kinds: times(n, () => ({ kind: "request_receipt", count: n })), oldest: n ? NOW : null })],
    ["reportSummary", [reportViews.reportSummary(rep, { sent: true, count: n + 4 }), reportViews.reportSummary(rep, { sent: false })]],
    ["reportMarkdown (the report file, not a Slack view)", reportMarkdown(rep).split("\n")],
    ["askedText", requestChangeViews.askedText(r)],
    ["threadWithdrawn", requestChangeViews.threadWithdrawn(r, "U0APPL", NOW)],
    ["threadChanged", requestChangeViews.threadChanged(r, "U0APPL", times(n, () => "dagar 1 → 2"))],
    ["requestChangeBlock", requestChangeViews.requestChangeBlock(times(Math.max(n, 1), (i) => ({ ...asked, id: i + 1, caseRef: "NSP004" })))],
    ["editRequestModal", REQUEST_TYPES.map((type) => requestChangeViews.editRequestModal({ ...underlag(n, { type }), justification: "Motivering" }))],
    // Issue #13: the new cost beside the current one, the same, incomplete, recalculated on submit.
    ["editRequestModal (cost)", [1_000 * n, r.requestedAmount].map((total) => requestChangeViews.editRequestModal({ ...r, justification: "Motivering" }, { total, text: null, detail: "– satser för Pilot 2016" }, { recalculated: n > 0 }))],
    ["editRequestModal (incomplete)", requestChangeViews.editRequestModal({ ...r, justification: "Motivering" }, { total: null, text: null, detail: null })],
    ["editCostRecalculatedText", requestChangeViews.editCostRecalculatedText(1_000 * n)],
    ["editConfirmation", requestChangeViews.editConfirmation(7, times(n, () => "dagar 1 → 2"))],
    ["caseLabel", requestViews.caseLabel(r)],
    ["typeLabel", REQUEST_TYPES.map((t) => requestViews.typeLabel(t))],
    ["statusLabel", requestViews.statusLabel("received")],
    ["whatLabel", [requestViews.whatLabel(r), requestViews.whatLabel(measure)]],
    ["requestTitle", requestViews.requestTitle(r)],
    ["costLabel", requestViews.costLabel(r)],
    ["outcomeText", requestViews.outcomeText(decided)],
    ["outcomeLabel", requestViews.outcomeLabel(decided)],
    ["coordinatorMessage", [requestViews.coordinatorMessage(r), requestViews.coordinatorMessage(decided), requestViews.coordinatorMessage(measure)]],
    ["threadDecision", requestViews.threadDecision(decided)],
    ["threadInfoAsked", requestViews.threadInfoAsked(r, "U0COORD")],
    ["threadInfoAnswered", requestViews.threadInfoAnswered(r)],
    ["applicantReceipt", [requestViews.applicantReceipt(r), requestViews.applicantReceipt(measure)]],
    ["applicantDecision", requestViews.applicantDecision(decided)],
    ["applicantQuestion", requestViews.applicantQuestion(r, { id: 3, question: "Fråga?", answeredAt: null })],
    ["startedNote", requestViews.startedNote({ startDate: new Date("2016-09-01"), startedDaysAgo: n })],
    ["grantedDaysLine", [requestViews.grantedDaysLine(n, 30, n + 1), requestViews.grantedDaysLine(30 - n, 30, n + 1)]],
    ["admissionPendingLine", (["received", "under_review", "denied"] as const).map((a) => requestViews.admissionPendingLine("NSP004", a))],
  ];
}

/** Texts built outside src/views, with n of everything: the daily budget summary's reasons and what
 * the operator CLI prints (commands/). */
function renderOutside(n: number): [string, unknown][] {
  const endsIn = (days: number) => new Date(Date.UTC(2016, 11, 31 - days)); // the period ends 2016-12-31
  const seedCount = { created: n, existing: n };
  return [
    ["summaryReasons", summaryReasons(highBudgetReport(Math.max(n, 1)), endsIn(n))],
    ["erasedText", erasedText({ caseRef: "NSP004", requests: n, infoRequests: n, overrides: n, payments: n, transfers: n, auditEntries: n, slackUpdates: n })],
    ["movedText", movedText({ caseRef: "NSP004", from: "Talita", to: "Frälsningsarmén", messages: n })],
    ["requeuedText", [requeuedText("reminders", times(n, (i) => i + 1)), requeuedText("messages", times(n, (i) => i + 1))]],
    ["formatMeetingSeedSummary", formatMeetingSeedSummary({ groups: seedCount, meetings: seedCount })],
    ["formatSeedSummary", formatSeedSummary({ periods: seedCount, organisations: seedCount, counter: "created", members: seedCount })],
  ];
}

describe("Swedish that reads right outside the views (the budget summary job, the operator CLI)", () => {
  it.each([0, 1, 2])("with %i of everything: singular after 1, \"i dag\" for 0 days", (n) => {
    const found = renderOutside(n).flatMap(([name, out]) => problems(out).map((p) => `${name}: ${p}`));
    expect(found).toEqual([]);
  });

  it("the budget summary says when the period ends in words: i dag, i morgon, om 2 dagar", () => {
    const report = highBudgetReport(1);
    const ending = (today: string) => summaryReasons(report, new Date(`${today}T00:00:00.000Z`)).find((r) => r.startsWith("Perioden slutar")) ?? "";
    expect(ending("2016-12-31")).toContain("(i dag)");
    expect(ending("2016-12-30")).toContain("(i morgon)");
    expect(ending("2016-12-29")).toContain("(om 2 dagar)");
  });
});

describe("Swedish that reads right (issue #15)", () => {
  it.each([0, 1, 2])("every view with %i of everything: singular after 1, no doubled words", (n) => {
    const found = renderAll(n).flatMap(([name, out]) => problems(out).map((p) => `${name}: ${p}`));
    expect(found).toEqual([]);
  });

  it("the checks catch the phrases of the issue", () => {
    for (const bad of ["1 ansökningar väntar", "*1* öppna ansökningar", "(1 ansökningar om tillträde)", "Datum för insatsen (valfritt) (valfritt)", "1 dagar", "1 beviljade"]) {
      expect(problems({ text: bad }), bad).not.toEqual([]);
    }
    expect(problems({ type: "input", optional: true, label: { type: "plain_text", text: "Datum för insatsen (valfritt)" } })).not.toEqual([]);
    for (const good of ["1 ansökan väntar", "2 ansökningar väntar", "0 öppna ansökningar", "1 300 kr", "2016-09-01 dagar", "1 under behandling", "11 dagar"]) {
      expect(problems({ text: good }), good).toEqual([]);
    }
  });

  it("the report names Tabell 1's rows as the annual report does", () => {
    const md = JSON.stringify(renderAll(2).find(([name]) => name === "reportSummary"));
    expect(md).not.toMatch(/Antal (förfrågan|ansökan|insats)\b/);
  });
});

/** Exported functions of src/views that build no user-facing text of their own. */
const NOT_RENDERERS: Record<string, string> = {
  parseMetadata: "reads private_metadata", readApplyForm: "reads a submitted view", checkFields: "validates input", optionsOf: "options of a field spec",
  textLimits: "limits of a field spec", numberLimits: "limits of a field spec", editFieldsFor: "a field spec", nextStepValue: "a button value",
  pageValue: "a button value", parsePageValue: "reads a button value", caseFileMetadata: "private_metadata", fitModalBlocks: "caps a block list",
  fitHomeBlocks: "caps a block list", bar: "the budget bar (characters, checked in budget.test.ts)",
  homeRsvpBlock: "a block id", meetingListActionsBlock: "a block id",
};

it("every exported view is rendered above (a new view must be added to renderAll)", () => {
  const modules = [applyModalViews, budgetForecastViews, budgetViews, caseClockViews, caseFileViews, caseOutcomeViews, caseTransferViews, paymentViews, homeViews, meetingViews, modalViews, outboxViews, reportViews, requestChangeViews, requestViews];
  const rendered = new Set(renderAll(1).map(([name]) => name));
  const exported = modules.flatMap((m) => Object.entries(m).filter(([, v]) => typeof v === "function").map(([k]) => k));
  expect(exported.filter((name) => !rendered.has(name) && !(name in NOT_RENDERERS))).toEqual([]);
  // A new file in src/views must join `modules` above (these four build no text: blocks, field
  // specs and reading submitted state).
  const helpers = new Set(["apply-form.ts", "blocks.ts", "fields.ts", "state.ts"]);
  expect(readdirSync("src/views").filter((f) => f.endsWith(".ts") && !helpers.has(f))).toHaveLength(modules.length);
});
