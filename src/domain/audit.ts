// The audit log as people read it (issue #14, item 4: "who saw what"): the one list of the actions
// that record a reading of free text or background, the Swedish words for every action, and what
// of an entry's before/after may be shown. Pure: rows in (src/services/audit-log.ts), data out.
//
// Readings. Every display of free text (the applicant's justification, kompletteringar, the
// coordinator's reason and questions) or of a case's background to a person writes one
// audit_entry row with one of READ_ACTIONS before the data is shown; when the row cannot be
// written, the reader sees nothing. Messages the app sends (the decision DM with its reason, the
// question DM, a reason shared in the thread or on the Home) are not readings: the change that
// sends them (decision:…, info_requested) is recorded, with who made it and for which request.
//
// Free text in the listing. An entry's before/after rarely carries text itself (a correction
// records only that the justification changed; a handover only the organisations), but some do (a
// payment's override reason under "override") and entries written by others may (a reason, a note). The text listing shows only which fields changed; the JSON keeps numbers, booleans,
// nulls and the string values of the keys in SAFE_TEXT_KEYS (statuses, outcomes, dates, category
// keys) and drops every other string, naming it in `omittedText` ("after.reason").
import { DECISION_KINDS, type DecisionKind } from "./types.js";

/** Every action that records a reading. The single list: services use these constants. */
export const READ = {
  /** A page of the case file (`/nsp ärende`, "Visa ärende"). */
  caseFile: "case.read",
  /** "Visa underlag" on the coordinator message. */
  underlag: "request.read",
  /** The decision modal (Bevilja, Bevilja delvis, Avslå, Begär komplettering): it shows the underlag. */
  decisionModal: "decision_modal.read",
  /** The correction modal ("Ändra"), filled in with the stored justification. */
  editModal: "request_edit.read",
  /** The answer modal ("Svara"): the coordinator's question. */
  infoQuestion: "info_question.read",
  /** `npm run admin -- case export` (written by the export itself). */
  caseExport: "case.export",
  /** `npm run admin -- payment list`: a case's payments (amounts, dates, who; never a note's text). */
  paymentList: "payment.list",
} as const;

export type ReadAction = (typeof READ)[keyof typeof READ];
export const READ_ACTIONS: readonly string[] = Object.values(READ);

export const isReadAction = (action: string): boolean => READ_ACTIONS.includes(action);

const READ_LABEL: Record<ReadAction, string> = {
  "case.read": "läste ärendeakten",
  "request.read": "läste underlaget (Visa underlag)",
  "decision_modal.read": "öppnade beslutsformuläret med underlaget",
  "request_edit.read": "öppnade ansökan för ändring (med beslutsunderlaget)",
  "info_question.read": "läste samordnarens fråga (komplettering)",
  "case.export": "exporterade ärendet",
  "payment.list": "listade utbetalningarna",
};

const CHANGE_LABEL: Record<string, string> = {
  submitted: "lämnade in ansökan",
  info_requested: "begärde komplettering",
  info_answered: "svarade på kompletteringen",
  withdrawn: "återkallade ansökan",
  corrected: "ändrade ansökan",
  case_closed: "avslutade ärendet",
  case_reopened: "öppnade ärendet igen",
  budget_transfer: "flyttade medel mellan kategorier",
  budget_override: "tillät att ansökan överskrider budgeten",
  "case.erased": "raderade ärendets fritext",
  "request.erased": "raderade ansökans fritext",
  case_transferred: "lämnade över ärendet till en annan organisation",
  payment_reported: "registrerade en utbetalning",
  payment_confirmed: "bekräftade en utbetalning",
  payment_rejected: "avvisade en utbetalning",
  grant_settled: "slutreglerade beviljandet",
  budget_released: "frigjorde medel när ärendet avslutades",
  budget_release_reverted: "återförde frigjorda medel när ärendet öppnades igen",
};
// Every action a service writes into audit_entry has Swedish words here, in READ_LABEL or as a
// decision ("decision:<kind>"): tests/domain/audit-actions.test.ts scans src/services for the
// actions written and fails on one without words.

const DECISION_WORDS: Record<DecisionKind, string> = {
  grant: "beviljade",
  partial: "beviljade delvis",
  deny: "avslog",
  info: "begärde komplettering",
};

/** The action in Swedish words ("läste ärendeakten", "beviljade"); an unknown action as it is stored. */
export function actionText(action: string): string {
  if (action in READ_LABEL) return READ_LABEL[action as ReadAction];
  if (action.startsWith("decision:")) {
    const kind = action.slice("decision:".length);
    if ((DECISION_KINDS as readonly string[]).includes(kind)) return DECISION_WORDS[kind as DecisionKind];
    return `beslutade (${kind})`;
  }
  return CHANGE_LABEL[action] ?? action;
}

/** Keys of before/after that point at another row or a submission, not changed fields. */
export const REFERENCE_KEYS: ReadonlySet<string> = new Set(["transferId", "overrideId", "infoRequestId", "paymentId", "submission", "justificationChanged"]);

/** Swedish names of the fields entries record; an unknown key is shown as it is stored. */
export const FIELD_LABEL: Readonly<Record<string, string>> = {
  status: "status",
  grantedDays: "beviljade dagar",
  grantedAmount: "beviljat belopp",
  reasonShared: "motivering i tråden",
  periodId: "budgetperiod",
  startDate: "från",
  endDate: "till",
  days: "dagar",
  children: "barn",
  protection: "skyddstillägg",
  measure: "insats",
  quantity: "antal",
  unitAmount: "à-pris",
  requestedAmount: "belopp",
  costLines: "kostnadsrader",
  startedDaysAgo: "dagar sedan start",
  outcome: "utfall",
  closedOn: "avslutsdatum",
  closedBy: "avslutat av",
  from: "från kategori",
  to: "till kategori",
  amount: "belopp",
  justification: "beslutsunderlag",
  orgId: "organisation",
  org: "organisation (namn)",
  paidOn: "utbetalningsdag",
  paid: "utbetalt",
  room: "kvar att betala ut",
  source: "registrerad via",
  override: "skäl för mer än beviljat",
  committed: "reserverat",
  released: "frigjort",
  restored: "återfört",
  kept: "kvar som frigjort",
  lines: "kategorirader",
  reason: "skäl",
  coFunding: "medfinansiering",
  deputy: "som ställföreträdande",
  // An erasure (case.erased, request.erased; src/services/erasure.ts): how it was started and how
  // many rows of each kind had their text replaced.
  trigger: "utlöst av",
  requests: "ansökningar",
  infoRequests: "kompletteringar",
  overrides: "budgetöverskridanden",
  payments: "utbetalningar",
  transfers: "överlämningar",
  auditEntries: "loggrader",
  slackUpdates: "Slack-meddelanden som uppdateras",
};

export const fieldText = (key: string): string => FIELD_LABEL[key] ?? key;

/** The order of FIELD_LABEL, then unknown keys alphabetically (jsonb does not keep the written order). */
const FIELD_ORDER = Object.keys(FIELD_LABEL);
function byFieldOrder(x: string, y: string): number {
  const i = FIELD_ORDER.indexOf(x);
  const j = FIELD_ORDER.indexOf(y);
  if (i >= 0 && j >= 0) return i - j;
  if (i >= 0 || j >= 0) return i >= 0 ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

const asRecord = (v: unknown): Record<string, unknown> => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/**
 * The fields an entry changed (their keys, in FIELD_LABEL's order): those whose value differs
 * between before and after (every key of after when there is no before), without the keys that
 * only point at other rows; "justification" when a correction says the justification changed.
 */
export function changedFields(before: unknown, after: unknown): string[] {
  const b = asRecord(before);
  const a = asRecord(after);
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !REFERENCE_KEYS.has(k));
  const changed = keys.filter((k) => JSON.stringify(b[k] ?? null) !== JSON.stringify(a[k] ?? null));
  if (a.justificationChanged === true) changed.push("justification");
  return changed.sort(byFieldOrder);
}

/** Keys whose string values are codes, dates or Slack ids, never free text: kept in the JSON. */
export const SAFE_TEXT_KEYS: ReadonlySet<string> = new Set(["status", "outcome", "closedOn", "closedBy", "from", "to", "startDate", "endDate", "measure", "category", "kind", "submission"]);

/** `value` with every string that is not under a SAFE_TEXT_KEYS key left out; the paths left out in `omitted`. */
export function withoutText(value: unknown, path: string, omitted: string[], key = ""): unknown {
  if (typeof value === "string") {
    if (SAFE_TEXT_KEYS.has(key)) return value;
    omitted.push(path);
    return undefined;
  }
  if (Array.isArray(value)) return value.map((v, i) => withoutText(v, `${path}[${i}]`, omitted, key) ?? null);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const kept = withoutText(v, `${path}.${k}`, omitted, k);
      if (kept !== undefined) out[k] = kept;
    }
    return out;
  }
  return value ?? null;
}

/** One audit row as read from the database (with its case's reference, through the request if need be). */
export interface AuditRow {
  id: number;
  at: Date;
  actor: string;
  action: string;
  caseRef: string | null;
  requestId: number | null;
  before: unknown;
  after: unknown;
}

/** One entry of `npm run admin -- audit` (also its --json shape). */
export interface AuditListEntry {
  id: number;
  /** ISO UTC; the text listing shows it in Stockholm time. */
  at: string;
  caseRef: string | null;
  requestId: number | null;
  actor: string;
  action: string;
  kind: "read" | "change";
  /** The action in Swedish words. */
  text: string;
  /** The keys of the fields a change changed (empty for a reading). */
  changed: string[];
  before: unknown;
  after: unknown;
  /** Where a string was left out of before/after ("after.reason"): possibly free text. */
  omittedText: string[];
}

export function auditListEntry(row: AuditRow): AuditListEntry {
  const read = isReadAction(row.action);
  const omitted: string[] = [];
  const before = row.before === null || row.before === undefined ? null : withoutText(row.before, "before", omitted);
  const after = row.after === null || row.after === undefined ? null : withoutText(row.after, "after", omitted);
  return {
    id: row.id,
    at: row.at.toISOString(),
    caseRef: row.caseRef,
    requestId: row.requestId,
    actor: row.actor,
    action: row.action,
    kind: read ? "read" : "change",
    text: actionText(row.action),
    changed: read ? [] : changedFields(row.before, row.after),
    before,
    after,
    omittedText: omitted,
  };
}
