// The period report (issue #5): the programme's three tables built from plain rows. No database,
// no Slack, no I/O: src/services/report.ts selects the rows, src/domain/report-output.ts and
// src/views/report.ts lay the result out.
//
// Decisions (the 2016 annual report is the model; see its "Tabell 1–3"):
// - Table 1 counts the requests *received* in the range, by their status *at the end of the range*:
//   a decision made after the range counts as "under review", so a report for a past range gives
//   the same figures whenever it is run. received = granted + denied + underReview + withdrawn;
//   `granted` includes the partly granted ones, `partlyGranted` says how many of them were partial.
//   `withdrawn` (issue #12): requests the applicant's organisation withdrew before the end of the
//   range. They were received (so they count in `received`) but are neither decided nor under
//   review. The key was added with #12; the others kept their meaning.
//   Inquiries (issue #13) are counted as received only: the programme's own Tabell 1 leaves their
//   Beviljade/Nekade cells empty, because an inquiry is never granted. Their granted, partlyGranted,
//   denied and underReview are null (JSON null, empty cells in CSV and Markdown, left out in Slack);
//   `withdrawn` stays a count (a withdrawn inquiry was received all the same). A coordinator still
//   answers an inquiry (Bevilja = "faller inom NSP"); its decision note says so, never "beviljad".
//   New cases are cases created in the range (an admission creates its case); existing cases are
//   the other cases that had a request in the range, or were moved in it ("En person fanns redan i
//   programmet").
// - Handovers (issue #14). A person who moves to another certified organisation is not admitted
//   again: a coordinator moves the case (case_transfer), which keeps its ref, background and
//   history. The report counts each case once, whichever organisations filed its requests (cases
//   are counted by ref, never per organisation; Table 3 by case). `cases.moved` counts the cases
//   moved to another organisation in the range (once each, however often moved): the annual
//   report's "Antal som redan fanns på boende … flyttade till ansökande aktör", told apart from
//   "Antal nya ärenden som inkom under perioden" (`cases.new`, the admissions). A moved case is
//   also counted in `new` (created in the range) or `existing` (otherwise), never in both.
// - Decision notes ("NSP004: juridiskt biträde 6 timmar × 2 500 kr – delvis beviljad 12 500 kr")
//   are built from structured fields only. Never free text: neither the applicant's justification
//   nor the coordinator's reason is in the report (the report is anonymised: case refs only).
// - Table 2 is the budget arithmetic of the periods overlapping the range, as it stood at the end
//   of the range: budget (allocated) + transfers in − transfers out − granted before the range −
//   each grant decided in the range = remaining, which is the figure `/nsp budget` showed at the
//   end of the range. "Resultat" in the report is that remaining per category (negative when an
//   admin allowed an overdraft, like the 2016 measures column: −2 500).
//   Issue #13: `paid` is what was paid out (confirmed payments dated up to the end of the range) of
//   the grants in the category, each request's payments spread over its categories in proportion
//   to its commitments (src/domain/payment.ts paidByCategory); `released` is the money of grants
//   that came back (a case closed early, a grant settled below its commitment) of the grants
//   decided up to the end of the range, as known now (like Table 4: a settlement is made after
//   the fact, often after the range, and the report then shows the grant's real cost; a reopening
//   that gave the money back removes it). Released money is free again, so
//   remaining = budget + transfers in − transfers out − granted before − granted + released (the
//   figure `/nsp budget` showed). Without payments and releases both are 0 and nothing else changes.
// - Table 3 describes the cases of the admission requests received in the range, whatever their
//   outcome (the 2016 period 1 table: 7 applications, 6 granted, percentages of 7). Each case
//   counts once. Single-valued dimensions (nationality, gender, age band, children yes/no, police
//   report yes/no, exploitation with "multiple" as its own value) get integer percentages that sum
//   to exactly 100 by the largest remainder method. "Exploited in" is multi-valued (a case counts in
//   each country), so its percentages (of the admissions, rounded half up) need not sum to 100.
// - Table 4 (issue #12) counts the cases closed in the range by outcome: a case counts when its
//   current closing date lies in the range, with its current outcome. Every outcome is listed (zeros
//   too), with integer percentages of the closed cases by the largest remainder method (sum 100).
//   A reopened case is not closed, so it is not counted until it is closed again (then by that
//   closing's date). So a past range's Table 4 changes when one of its cases is reopened later, or
//   closed later with a date inside the range: the report shows how the cases ended as known now
//   (the audit log keeps every closing and reopening). Suppression applies as in Table 3.
// - Small numbers (`suppressBelow`, off by default: the funder receives exact counts): in Table 3
//   a count from 1 to N−1 is shown as "<N" without its percentage. Zeros are not suppressed (they
//   reveal no one). In a single-valued dimension a lone suppressed cell could be recomputed from
//   the total, so the next smallest non-zero cell is suppressed as well (complementary
//   suppression). Totals (the number of admissions) and Tables 1–2 are not suppressed: Table 1
//   lists each request by its pseudonymous case ref anyway, and Table 2 holds money, not people.
import { CATEGORY_NAME, isBudgetCategory } from "./budget.js";
import { measureLabel } from "./cost.js";
import { paidByCategory } from "./payment.js";
import { daysText, formatKr } from "./format.js";
import { requestName } from "./request-name.js";
import {
  CASE_OUTCOME_LABEL,
  CASE_OUTCOMES,
  type CaseOutcome,
  AGE_BAND_LABEL,
  AGE_BANDS,
  COUNTRIES,
  EXPLOITATION_LABEL,
  EXPLOITATION_TYPES,
  GENDER_LABEL,
  GENDERS,
  MEASURE_LABEL,
  OPEN_STATUSES,
  REQUEST_TYPE_LABEL,
  REQUEST_TYPES,
  type GrantedFields,
  type MeasureKind,
  type RequestedFields,
  type RequestStatus,
  type RequestType,
} from "./types.js";

// ------------------------------------------------------------------------------------------------
// Input rows

/** A request received in the range. `status` is its status at the end of the range. */
export interface ReportRequestRow extends RequestedFields, GrantedFields {
  id: number;
  type: RequestType;
  status: RequestStatus;
  caseRef: string | null;
  /** The case was created in the range (null: no case, e.g. an inquiry about someone not yet admitted). */
  caseIsNew: boolean | null;
}

/** A grant category, summed by key over the periods overlapping the range. */
export interface ReportCategoryRow {
  key: string;
  name: string;
  allocated: number;
  /** Transfers made up to the end of the range. */
  transfersIn: number;
  transfersOut: number;
  /** Money committed by decisions made before the range started. */
  grantedBefore: number;
}

/** Money a decision made in the range committed in a category. */
export interface ReportGrantRow {
  categoryKey: string;
  requestId: number;
  caseRef: string | null;
  amount: number;
}

/** A commitment of a category of the overlapping periods, with its request's paid total and the
 * category's active releases of that request, both as at the end of the range (Table 2, issue #13). */
export interface ReportFlowRow {
  requestId: number;
  categoryKey: string;
  committed: number;
  paid: number;
  released: number;
}

/** The anonymised background of one case (each case once). */
export interface ReportCaseRow {
  nationality: string;
  gender: string;
  ageBand: string;
  childrenAccompanying: number;
  childrenHome: number;
  exploitation: readonly string[];
  exploitedIn: readonly string[];
  policeReport: boolean;
}

/** A case moved to another organisation in the range (one row per case, issue #14). */
export interface ReportTransferRow {
  caseRef: string;
  /** The case was created in the range. */
  caseIsNew: boolean;
}

/** A case closed in the range (its current closing date lies in it). */
export interface ReportClosedCaseRow {
  outcome: CaseOutcome;
}

export interface ReportPeriodRef {
  name: string;
  from: string;
  to: string;
}

export interface ReportInput {
  from: string;
  to: string;
  periods: readonly ReportPeriodRef[];
  requests: readonly ReportRequestRow[];
  categories: readonly ReportCategoryRow[];
  grants: readonly ReportGrantRow[];
  cases: readonly ReportCaseRow[];
  /** Table 4: the cases closed in the range (none when not given). */
  closedCases?: readonly ReportClosedCaseRow[];
  /** Table 1: the cases moved to another organisation in the range (none when not given). */
  transfers?: readonly ReportTransferRow[];
  /** Table 2's paid and released (none when not given). */
  flows?: readonly ReportFlowRow[];
}

export interface ReportOptions {
  /** Counts from 1 to N−1 in Table 3 are shown as "<N" (null or ≤ 1: off). */
  suppressBelow?: number | null;
}

// ------------------------------------------------------------------------------------------------
// Output

export interface Table1Row {
  type: RequestType;
  label: string;
  received: number;
  /** Granted in full or in part. null for inquiries: an inquiry is counted as received only. */
  granted: number | null;
  partlyGranted: number | null;
  denied: number | null;
  underReview: number | null;
  /** Withdrawn by the applicant's organisation before the end of the range (counted in `received`). */
  withdrawn: number;
  /** "NSP002: passansökan – beviljad 1 300 kr", one per request, in case order. */
  notes: string[];
}

export interface Table2Row {
  key: string;
  category: string;
  budget: number;
  transfersIn: number;
  transfersOut: number;
  grantedBefore: number;
  grants: { ref: string; requestId: number; amount: number }[];
  /** Sum of `grants` (the range's grants only). */
  granted: number;
  /** Confirmed payments of the category's grants up to the end of the range (issue #13). */
  paid: number;
  /** Money of the category's grants (decided up to the end of the range) that came back, as known now (issue #13). */
  released: number;
  /** budget + transfersIn − transfersOut − grantedBefore − granted + released */
  remaining: number;
}

export interface DimensionValue {
  value: string;
  label: string;
  /** null when suppressed. */
  count: number | null;
  /** Integer percent of the admissions; null when suppressed. */
  percent: number | null;
  suppressed?: true;
}

export const DIMENSIONS = [
  "nationality",
  "gender",
  "ageBand",
  "childrenAccompanying",
  "childrenHome",
  "exploitation",
  "exploitedIn",
  "policeReport",
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Swedish row names of Tabell 3. */
export const DIMENSION_LABEL: Record<Dimension, string> = {
  nationality: "Nationalitet",
  gender: "Kön",
  ageBand: "Ålder",
  childrenAccompanying: "Medföljande barn",
  childrenHome: "Barn i hemlandet",
  exploitation: "Typ av människohandel",
  exploitedIn: "Utnyttjad i land",
  policeReport: "Polisanmälan gjord",
};

/** Multi-valued dimensions: a case may count under several values, percentages need not sum to 100. */
export const MULTI_VALUED: ReadonlySet<Dimension> = new Set(["exploitedIn"]);

export type Table3 = { admissions: number } & Record<Dimension, DimensionValue[]>;

/** Table 4: one row per outcome. `count` and `percent` are null when suppressed. */
export interface Table4Row {
  outcome: CaseOutcome;
  label: string;
  count: number | null;
  /** Integer percent of the cases closed in the range; null when suppressed. */
  percent: number | null;
  suppressed?: true;
}

export interface PeriodReport {
  from: string;
  to: string;
  periods: ReportPeriodRef[];
  suppressBelow: number | null;
  table1: Table1Row[];
  /** Cases counted once each: created in the range (`new`) or already in the programme
   * (`existing`); `moved`: those of them moved to another organisation in the range (issue #14). */
  cases: CaseCounts;
  table2: Table2Row[];
  table2Total: Omit<Table2Row, "key" | "category" | "grants">;
  table3: Table3;
  /** Table 4's total: the cases closed in the range. */
  closedCases: number;
  table4: Table4Row[];
}

// ------------------------------------------------------------------------------------------------
// Percentages

/**
 * Integer percentages of `total` that sum to exactly 100 (largest remainder method), for counts
 * that partition the total. Each value first gets floor(100·count/total); the points still missing
 * go one each to the values with the largest remainders (computed exactly in integers). Ties go
 * to the larger count, then to the value listed first. A total of 0 gives all zeros.
 */
export function largestRemainderPercents(counts: readonly number[], total: number = counts.reduce((a, c) => a + c, 0)): number[] {
  if (total <= 0) return counts.map(() => 0);
  const floors = counts.map((c) => Math.floor((c * 100) / total));
  const missing = 100 - floors.reduce((a, f) => a + f, 0);
  const order = counts
    .map((c, i) => ({ i, c, rem: (c * 100) % total }))
    .filter((x) => x.rem > 0)
    .sort((a, b) => b.rem - a.rem || b.c - a.c || a.i - b.i);
  for (let k = 0; k < missing && k < order.length; k++) {
    const i = order[k]?.i;
    if (i !== undefined) floors[i] = (floors[i] ?? 0) + 1;
  }
  return floors;
}

/** Percent of `total`, rounded half up (for multi-valued dimensions). */
export function roundedPercent(count: number, total: number): number {
  return total <= 0 ? 0 : Math.floor((count * 200 + total) / (2 * total));
}

// ------------------------------------------------------------------------------------------------
// Table 1

const OUTCOME: Record<RequestStatus, string> = {
  received: "under behandling",
  under_review: "under behandling",
  granted: "beviljad",
  partly_granted: "delvis beviljad",
  denied: "avslagen",
  withdrawn: "återkallad",
};

/** Tabell 1's row names as the 2016 annual report writes them ("Antal ansökningar om max 30 dagars
 * vila"): a count of requests, so the plural of the noun. The Markdown report and the workbook use
 * these; the CSV keeps the type's own name (REQUEST_TYPE_LABEL) in its "Typ" column. */
export const TABLE1_ROW_LABEL: Record<RequestType, string> = {
  inquiry: "Antal förfrågningar gällande specifik individ",
  admission: "Antal ansökningar om tillträde",
  rest: "Antal ansökningar om max 30 dagars vila",
  integration: "Antal ansökningar om max 90 dagars integration",
  measure: "Antal ansökningar om insats",
};

const hasMoney = (t: RequestType): boolean => t === "rest" || t === "integration" || t === "measure";

function whatOf(r: ReportRequestRow): string {
  switch (r.type) {
    case "inquiry":
      return "förfrågan";
    case "admission":
      return r.caseIsNew ? "ansökan om tillträde (nytt ärende)" : "ansökan om tillträde";
    case "rest":
    case "integration": {
      const extras = [r.children ? `${r.children} medföljande barn` : null, r.protection ? "dygnet-runt-skydd" : null].filter(Boolean);
      return `${r.type === "rest" ? "vila" : "integration"} ${daysText(r.days)}${extras.length ? `, ${extras.join(", ")}` : ""}`;
    }
    case "measure": {
      const kind = r.measure as MeasureKind | null;
      if (!kind || !(kind in MEASURE_LABEL)) return "insats";
      const label = measureLabel(kind, r.quantity ?? 1, r.unitAmount ?? 0);
      return label.charAt(0).toLowerCase() + label.slice(1);
    }
  }
}

/** An inquiry is answered, never granted: "Bevilja" on it means it falls within NSP. */
const INQUIRY_OUTCOME: Partial<Record<RequestStatus, string>> = {
  granted: "faller inom NSP",
  partly_granted: "faller inom NSP",
  denied: "faller utanför NSP",
};

/** "NSP004: vila 26 dagar, 1 medföljande barn – beviljad 39 000 kr". Structured fields only. */
export function decisionNote(r: ReportRequestRow): string {
  const ref = r.caseRef ?? "Utan ärendenummer";
  if (r.type === "inquiry") return `${ref}: ${whatOf(r)} – ${INQUIRY_OUTCOME[r.status] ?? OUTCOME[r.status]}`;
  let outcome = OUTCOME[r.status];
  if (r.status === "partly_granted") {
    const days = r.grantedDays !== null && r.days !== null ? `${r.grantedDays} av ${daysText(r.days)}, ` : "";
    outcome += ` (${days}${formatKr(r.grantedAmount ?? 0)})`;
  } else if (r.status === "granted" && hasMoney(r.type)) {
    outcome += ` ${formatKr(r.grantedAmount ?? r.requestedAmount)}`;
  }
  return `${ref}: ${whatOf(r)} – ${outcome}`;
}

export function buildTable1(requests: readonly ReportRequestRow[]): Table1Row[] {
  return REQUEST_TYPES.map((type) => {
    const rows = requests.filter((r) => r.type === type);
    // Inquiries are received, never granted or denied (the 2016 Tabell 1 leaves those cells empty).
    const count = (...s: RequestStatus[]) => (type === "inquiry" ? null : rows.filter((r) => s.includes(r.status)).length);
    return {
      type,
      label: REQUEST_TYPE_LABEL[type].sv,
      received: rows.length,
      granted: count("granted", "partly_granted"),
      partlyGranted: count("partly_granted"),
      denied: count("denied"),
      underReview: count(...OPEN_STATUSES),
      withdrawn: rows.filter((r) => r.status === "withdrawn").length,
      notes: rows.map(decisionNote),
    };
  });
}

export interface CaseCounts {
  new: number;
  existing: number;
  /** Cases moved to another organisation in the range (each once; also in `new` or `existing`). */
  moved: number;
}

/**
 * New cases (created in the range) and cases already in the programme, among the cases of the
 * range's requests and the cases moved in the range; each case once, by ref (so a case moved from
 * one organisation to another is one case, not one per organisation).
 */
export function countCases(requests: readonly ReportRequestRow[], transfers: readonly ReportTransferRow[] = []): CaseCounts {
  const byRef = new Map<string, boolean>();
  for (const r of requests) if (r.caseRef !== null && r.caseIsNew !== null) byRef.set(r.caseRef, r.caseIsNew);
  for (const t of transfers) byRef.set(t.caseRef, t.caseIsNew);
  const values = [...byRef.values()];
  return { new: values.filter(Boolean).length, existing: values.filter((v) => !v).length, moved: new Set(transfers.map((t) => t.caseRef)).size };
}

// ------------------------------------------------------------------------------------------------
// Table 2

export function buildTable2(categories: readonly ReportCategoryRow[], grants: readonly ReportGrantRow[], flows: readonly ReportFlowRow[] = []): Table2Row[] {
  const paidBy = paidByCategory(flows.map((f) => ({ requestId: f.requestId, key: f.categoryKey, committed: f.committed, paid: f.paid })));
  return categories.map((c) => {
    const mine = grants.filter((g) => g.categoryKey === c.key).map((g) => ({ ref: g.caseRef ?? requestName(g.requestId), requestId: g.requestId, amount: g.amount }));
    const granted = mine.reduce((a, g) => a + g.amount, 0);
    const released = flows.filter((f) => f.categoryKey === c.key).reduce((a, f) => a + f.released, 0);
    return {
      key: c.key,
      category: c.name || (isBudgetCategory(c.key) ? CATEGORY_NAME[c.key] : c.key),
      budget: c.allocated,
      transfersIn: c.transfersIn,
      transfersOut: c.transfersOut,
      grantedBefore: c.grantedBefore,
      grants: mine,
      granted,
      paid: paidBy.get(c.key) ?? 0,
      released,
      remaining: c.allocated + c.transfersIn - c.transfersOut - c.grantedBefore - granted + released,
    };
  });
}

function table2Total(rows: readonly Table2Row[]): PeriodReport["table2Total"] {
  const sum = (f: (r: Table2Row) => number) => rows.reduce((a, r) => a + f(r), 0);
  return {
    budget: sum((r) => r.budget),
    transfersIn: sum((r) => r.transfersIn),
    transfersOut: sum((r) => r.transfersOut),
    grantedBefore: sum((r) => r.grantedBefore),
    granted: sum((r) => r.granted),
    paid: sum((r) => r.paid),
    released: sum((r) => r.released),
    remaining: sum((r) => r.remaining),
  };
}

// ------------------------------------------------------------------------------------------------
// Table 3

const UNKNOWN = { value: "unknown", label: "Uppgift saknas" };
const YES_NO = [
  { value: "yes", label: "Ja" },
  { value: "no", label: "Nej" },
];

interface Tally {
  /** Values in display order: those that occur, and always both of yes/no. */
  values: { value: string; label: string; count: number }[];
}

function tally(keys: readonly string[], labelOf: (v: string) => string, canonical: readonly string[] | null): Tally {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  const values = [...counts].map(([value, count]) => ({ value, label: labelOf(value), count }));
  const rank = (v: string) => {
    const i = canonical?.indexOf(v) ?? -1;
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  // Canonical order (age bands, genders, exploitation types) where there is one; otherwise the
  // largest count first, then alphabetically in Swedish.
  values.sort((a, b) => (canonical ? rank(a.value) - rank(b.value) : 0) || b.count - a.count || a.label.localeCompare(b.label, "sv"));
  return { values };
}

function yesNo(flags: readonly boolean[]): Tally {
  const yes = flags.filter(Boolean).length;
  return { values: YES_NO.map((v) => ({ ...v, count: v.value === "yes" ? yes : flags.length - yes })) };
}

const label = (table: Record<string, string>) => (v: string) => (v === UNKNOWN.value ? UNKNOWN.label : (table[v] ?? v));
const known = (v: string, table: Record<string, string>) => (v && Object.hasOwn(table, v) ? v : UNKNOWN.value);

function exploitationKey(types: readonly string[]): string {
  const unique = [...new Set(types)];
  if (unique.length > 1) return "multiple";
  const only = unique[0];
  return only ? known(only, EXPLOITATION_LABEL) : UNKNOWN.value;
}

const EXPLOITATION_WITH_MULTIPLE: Record<string, string> = { ...EXPLOITATION_LABEL, multiple: "Multipel" };

function tallies(cases: readonly ReportCaseRow[]): Record<Dimension, Tally> {
  return {
    nationality: tally(cases.map((c) => known(c.nationality, COUNTRIES)), label(COUNTRIES), null),
    gender: tally(cases.map((c) => known(c.gender, GENDER_LABEL)), label(GENDER_LABEL), GENDERS),
    ageBand: tally(cases.map((c) => known(c.ageBand, AGE_BAND_LABEL)), label(AGE_BAND_LABEL), AGE_BANDS),
    childrenAccompanying: yesNo(cases.map((c) => c.childrenAccompanying > 0)),
    childrenHome: yesNo(cases.map((c) => c.childrenHome > 0)),
    exploitation: tally(cases.map((c) => exploitationKey(c.exploitation)), label(EXPLOITATION_WITH_MULTIPLE), [...EXPLOITATION_TYPES, "multiple"]),
    exploitedIn: tally(cases.flatMap((c) => [...new Set(c.exploitedIn)].map((v) => known(v, COUNTRIES))), label(COUNTRIES), null),
    policeReport: yesNo(cases.map((c) => c.policeReport)),
  };
}

/** Which cells to suppress: 1 ≤ count < n, plus (single-valued) the complementary cell. */
export function suppressedCells(counts: readonly number[], n: number | null, partition: boolean): boolean[] {
  if (n === null || n <= 1) return counts.map(() => false);
  const hidden = counts.map((c) => c > 0 && c < n);
  if (partition && hidden.filter(Boolean).length === 1) {
    // The smallest other non-zero cell (the last listed among equals).
    let pick = -1;
    counts.forEach((c, i) => {
      if (!hidden[i] && c > 0 && (pick < 0 || c <= (counts[pick] ?? 0))) pick = i;
    });
    if (pick >= 0) hidden[pick] = true;
  }
  return hidden;
}

export function buildTable3(cases: readonly ReportCaseRow[], suppressBelow: number | null = null): Table3 {
  const admissions = cases.length;
  const t = tallies(cases);
  const dimension = (d: Dimension): DimensionValue[] => {
    const values = t[d].values;
    const counts = values.map((v) => v.count);
    const multi = MULTI_VALUED.has(d);
    const percents = multi ? counts.map((c) => roundedPercent(c, admissions)) : largestRemainderPercents(counts, admissions);
    const hidden = suppressedCells(counts, suppressBelow, !multi);
    return values.map((v, i) =>
      hidden[i]
        ? { value: v.value, label: v.label, count: null, percent: null, suppressed: true as const }
        : { value: v.value, label: v.label, count: v.count, percent: percents[i] ?? 0 },
    );
  };
  const out = { admissions } as Table3;
  for (const d of DIMENSIONS) out[d] = dimension(d);
  return out;
}

// ------------------------------------------------------------------------------------------------
// Table 4

export function buildTable4(closed: readonly ReportClosedCaseRow[], suppressBelow: number | null = null): Table4Row[] {
  const counts = CASE_OUTCOMES.map((o) => closed.filter((c) => c.outcome === o).length);
  const percents = largestRemainderPercents(counts, closed.length);
  const hidden = suppressedCells(counts, suppressBelow, true);
  return CASE_OUTCOMES.map((outcome, i) =>
    hidden[i]
      ? { outcome, label: CASE_OUTCOME_LABEL[outcome], count: null, percent: null, suppressed: true as const }
      : { outcome, label: CASE_OUTCOME_LABEL[outcome], count: counts[i] ?? 0, percent: percents[i] ?? 0 },
  );
}

// ------------------------------------------------------------------------------------------------

export function buildReport(input: ReportInput, opts: ReportOptions = {}): PeriodReport {
  const suppressBelow = opts.suppressBelow && opts.suppressBelow > 1 ? opts.suppressBelow : null;
  const table2 = buildTable2(input.categories, input.grants, input.flows ?? []);
  return {
    from: input.from,
    to: input.to,
    periods: [...input.periods],
    suppressBelow,
    table1: buildTable1(input.requests),
    cases: countCases(input.requests, input.transfers ?? []),
    table2,
    table2Total: table2Total(table2),
    table3: buildTable3(input.cases, suppressBelow),
    closedCases: input.closedCases?.length ?? 0,
    table4: buildTable4(input.closedCases ?? [], suppressBelow),
  };
}

/** "<5" for a suppressed count, else the number. */
export function countText(v: Pick<DimensionValue, "count">, suppressBelow: number | null): string {
  return v.count === null ? `<${suppressBelow ?? "?"}` : String(v.count);
}
