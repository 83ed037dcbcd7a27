// The case file (issue #12, item 1): a case's whole history as plain data, and the arithmetic over
// it — days used and left under the 30- and 90-day caps, money granted per budget category, the
// order of the history and its pages. No Slack, no database: src/services/cases.ts reads the rows,
// src/views/case-file.ts draws them.
import type { CaseTransferEntry } from "./case-transfer.js";
import { daysThatFit } from "./rules.js";
import {
  AGE_BAND_LABEL,
  COUNTRIES,
  EXPLOITATION_LABEL,
  GENDER_LABEL,
  isOpenStatus,
  type AgeBand,
  type CaseBackground,
  type CaseOutcome,
  type ExploitationType,
  type Gender,
  type GrantedFields,
  type RequestedFields,
  type RequestStatus,
  type RequestType,
} from "./types.js";

/** How many requests one page of the case file shows (each takes at most CASE_REQUEST_MAX_BLOCKS
 * blocks, so a page stays far below Slack's 100 blocks per modal). */
export const CASE_FILE_PAGE_SIZE = 8;
/** How many cases one page of `/nsp ärende` lists (one block each). */
export const CASE_LIST_PAGE_SIZE = 20;
/** Questions and answers ("komplettering") shown per request; older ones are counted. */
export const CASE_INFO_SHOWN = 3;

/** One komplettering: free text, for coordinators and admins only (the service leaves it out otherwise). */
export interface CaseFileInfo {
  askedAt: Date;
  question: string;
  answer: string | null;
  answeredAt: Date | null;
}

export interface CaseFileRequest extends RequestedFields, GrantedFields {
  id: number;
  type: RequestType;
  status: RequestStatus;
  startDate: Date | null;
  endDate: Date | null;
  createdAt: Date;
  decidedAt: Date | null;
  decidedBy: string | null;
  /** The coordinator's free-text reason: coordinators and admins only (null for others). */
  decisionReason: string | null;
  /** Caps of the request's budget period (null without a period). */
  caps: CapLimits | null;
  /** Kompletteringar, oldest first; empty for applicants (free text). */
  infoRequests: CaseFileInfo[];
  /** How many kompletteringar the request has, and how many wait for an answer (also counted
   * for applicants, without their text). */
  infoCount: number;
  infoOpen: number;
  /** A grant's payments and settlement (issue #13); absent for requests without money. */
  payments?: CaseFilePayments | null;
}

/** What was paid of a grant, what came back, and whether it is settled (no free text: the
 * payments' notes are never part of the case file). */
export interface CaseFilePayments {
  /** Confirmed payments, and how many reported ones wait for a coordinator. */
  confirmed: number;
  reported: number;
  unconfirmed: number;
  /** Active releases (a closing, a settlement). */
  released: number;
  settledAt: Date | null;
  settledBy: string | null;
}

export interface CapLimits {
  restMaxDays: number;
  integrationMaxDays: number;
}

export interface CaseFile {
  ref: string;
  orgName: string;
  createdAt: Date;
  outcome: CaseOutcome | null;
  closedOn: Date | null;
  /** The anonymised background: coordinators and admins only. */
  background: CaseBackground | null;
  /** Every request of the case, newest first (see historyOrder). */
  requests: CaseFileRequest[];
  caps: CapUse[];
  money: CategoryMoney[];
  /** Handovers to other organisations (issue #14), oldest first; the reason for coordinators and admins only. */
  transfers?: CaseTransferEntry[];
  /** Whether the viewer is a coordinator or admin (sees free text and the background). */
  privileged: boolean;
}

/** A granted period under a cap: its dates and the days granted of it. */
export interface CapEntry {
  requestId: number;
  from: Date | null;
  to: Date | null;
  grantedDays: number;
  requestedDays: number | null;
}

export interface CapUse {
  type: "rest" | "integration";
  /** The cap (null when no budget period tells it). */
  maxDays: number | null;
  used: number;
  /** Days still possible under the cap (null without a cap). */
  left: number | null;
  granted: CapEntry[];
  /** Requests of this type waiting for a decision: their numbers and days asked for. */
  pending: { requestId: number; days: number }[];
}

/** One page of a case's history, as the service returns it. */
export interface CaseFilePage {
  file: CaseFile;
  /** The requests of this page (newest first), a slice of file.requests. */
  requests: CaseFileRequest[];
  page: number;
  pages: number;
}

export interface CaseListItem {
  ref: string;
  orgName: string;
  lastActivity: Date;
  requests: number;
  open: number;
  closedOn: Date | null;
}

export interface CaseListPage {
  items: CaseListItem[];
  total: number;
  page: number;
  pages: number;
  /** Coordinators and admins see every open case; applicants their organisation's cases. */
  scope: "all_open" | "organisation";
  orgName: string;
}

/** Newest first: by submission time, then by number (a later request with the same instant first). */
export function historyOrder<T extends { id: number; createdAt: Date }>(requests: readonly T[]): T[] {
  return [...requests].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id);
}

const GRANTED: readonly RequestStatus[] = ["granted", "partly_granted"];

/**
 * Days used and left under the rest (30) and integration (90) caps, counted as decideRequest counts
 * them: the days granted to the case's granted and partly granted requests of the type. The cap is
 * the one of the newest request of the type with a budget period, else `fallback` (the current
 * period's). Withdrawn and denied requests count for nothing; open ones are listed as pending.
 */
export function capUse(requests: readonly CaseFileRequest[], fallback: CapLimits | null): CapUse[] {
  return (["rest", "integration"] as const).map((type) => {
    const ofType = historyOrder(requests.filter((r) => r.type === type));
    const limits = ofType.find((r) => r.caps)?.caps ?? fallback;
    const maxDays = limits ? (type === "rest" ? limits.restMaxDays : limits.integrationMaxDays) : null;
    const granted = [...ofType]
      .reverse()
      .filter((r) => GRANTED.includes(r.status) && (r.grantedDays ?? 0) > 0)
      .map((r) => ({ requestId: r.id, from: r.startDate, to: r.endDate, grantedDays: r.grantedDays ?? 0, requestedDays: r.days }));
    const used = granted.reduce((sum, g) => sum + g.grantedDays, 0);
    const pending = [...ofType].reverse().filter((r) => isOpenStatus(r.status)).map((r) => ({ requestId: r.id, days: r.days ?? 0 }));
    // daysThatFit(max, used, max) is what a request of the whole cap could still be granted.
    return { type, maxDays, used, left: maxDays === null ? null : daysThatFit(maxDays, used, maxDays), granted, pending };
  });
}

export interface CategoryMoney {
  key: string;
  name: string;
  amount: number;
}

/** Money granted to the case per budget category (its requests' commitments, summed over periods
 * by category key), largest first; categories with nothing are left out. */
export function moneyByCategory(commitments: readonly CategoryMoney[]): CategoryMoney[] {
  const byKey = new Map<string, CategoryMoney>();
  for (const c of commitments) {
    const seen = byKey.get(c.key);
    if (seen) seen.amount += c.amount;
    else byKey.set(c.key, { ...c });
  }
  return [...byKey.values()].filter((c) => c.amount > 0).sort((a, b) => b.amount - a.amount || a.name.localeCompare(b.name, "sv"));
}

/** A page number from 1 to the last page (a page past the end shows the last one). */
export function pageOf(total: number, pageSize: number, page: number): { page: number; pages: number; offset: number } {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const p = Math.min(Math.max(1, Math.trunc(page) || 1), pages);
  return { page: p, pages, offset: (p - 1) * pageSize };
}

/**
 * A case reference as typed after `/nsp ärende`: "NSP004", "nsp4", "NSP 4", "nsp-004" and the bare
 * number "4" or "004" all mean NSP004 (case-insensitive). Anything else: null.
 */
export function parseCaseArg(words: readonly string[]): string | null {
  const text = words.join("").trim();
  const m = /^(?:nsp-?)?(\d{1,6})$/i.exec(text);
  if (!m?.[1]) return null;
  const n = Number(m[1]);
  return n > 0 ? `NSP${String(n).padStart(3, "0")}` : null;
}

const countryName = (code: string): string => COUNTRIES[code] ?? code;

/** A case's background as [Swedish heading, Swedish value]: every code as its label ("woman" →
 * "Kvinna", "NG" → "Nigeria", "18-25" → "18–25"). The case file modal and the case export's
 * readable copy (commands/present.ts) show the same words. */
export function backgroundFields(c: CaseBackground): [string, string][] {
  const exploitation = c.exploitation.map((e) => EXPLOITATION_LABEL[e as ExploitationType] ?? e);
  return [
    ["Nationalitet", countryName(c.nationality)],
    ["Kön", GENDER_LABEL[c.gender as Gender] ?? c.gender],
    ["Ålder", AGE_BAND_LABEL[c.ageBand as AgeBand] ?? c.ageBand],
    ["Barn (medföljande / i hemlandet)", `${c.childrenAccompanying} / ${c.childrenHome}`],
    ["Typ av människohandel", exploitation.length > 1 ? `Multipel (${exploitation.join(", ")})` : (exploitation[0] ?? "–")],
    ["Utnyttjad i", c.exploitedIn.map(countryName).join(", ") || "–"],
    ["Polisanmälan gjord", c.policeReport ? "Ja" : "Nej"],
  ];
}
