// The period report's data: six parameterised SQL statements on the pg pool (no per-row queries,
// see dev/bench/bench-report.ts: 10 000 requests and 2 000 cases well under 2 s), then the pure
// builder in src/domain/report.ts. Shared by `/nsp rapport` and `npm run admin -- report`.
//
// A range is two calendar dates, both included, in Stockholm time: a request received at 00:30
// on 1 September Swedish time belongs to September even though it is 31 August in UTC.
import { TZDate } from "@date-fns/tz";
import { sqlOf, type Db } from "../core/db.js";
import { sql } from "../core/sql.js";
import { isoDay, parseIsoDate, TIME_ZONE, todayDate } from "../domain/format.js";
import {
  buildReport,
  type PeriodReport,
  type ReportCaseRow,
  type ReportCategoryRow,
  type ReportGrantRow,
  type ReportOptions,
  type ReportPeriodRef,
  type ReportRequestRow,
} from "../domain/report.js";
import { REPORT_FORMATS, type ReportFormat } from "../domain/report-output.js";
import type { CaseOutcome, RequestStatus, RequestType } from "../domain/types.js";
import { currentPeriod, findPeriodByName } from "./budget-read.js";

export interface ReportRange {
  /** "YYYY-MM-DD", first day included */
  from: string;
  /** "YYYY-MM-DD", last day included */
  to: string;
}

/** The instants where the range starts and ends (exclusive), as ISO strings for SQL. */
export function rangeInstants(range: ReportRange): { start: string; end: string } {
  const at = (day: string, plusDays: number): string => {
    const [y, m, d] = day.split("-").map(Number);
    return new Date(TZDate.tz(TIME_ZONE, y ?? 0, (m ?? 1) - 1, (d ?? 1) + plusDays).getTime()).toISOString();
  };
  return { start: at(range.from, 0), end: at(range.to, 1) };
}

export type RangeResult = { ok: true; range: ReportRange; periodName: string | null } | { ok: false; error: string };

/** Validates two "YYYY-MM-DD" dates (from ≤ to). */
export function parseRange(from: string, to: string): RangeResult {
  const f = parseIsoDate(from);
  const t = parseIsoDate(to);
  if (!f) return { ok: false, error: `"${from.slice(0, 20)}" är inget datum; skriv ÅÅÅÅ-MM-DD, t.ex. 2016-09-01.` };
  if (!t) return { ok: false, error: `"${to.slice(0, 20)}" är inget datum; skriv ÅÅÅÅ-MM-DD, t.ex. 2016-11-30.` };
  if (t < f) return { ok: false, error: `Slutdatumet ${to} ligger före startdatumet ${from}.` };
  return { ok: true, range: { from, to }, periodName: null };
}

/**
 * `/nsp rapport` arguments: none → the current budget period (the one containing today, else the
 * latest); `FROM TO` → those dates; `FROM` → from that date to today; anything else → a period name.
 */
export async function resolveRange(db: Db, args: readonly string[], now: Date = new Date()): Promise<RangeResult> {
  const today = todayDate(now);
  const dateLike = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s);
  if (args.length === 0) {
    const chosen = await currentPeriod(db, today);
    if (!chosen) return { ok: false, error: "Det finns ingen budgetperiod ännu. Ange datum: `/nsp rapport 2016-09-01 2016-11-30`." };
    return { ok: true, range: { from: isoDay(chosen.period.from), to: isoDay(chosen.period.to) }, periodName: chosen.period.name };
  }
  const [first = "", second] = args;
  if (dateLike(first) || (second !== undefined && dateLike(second))) {
    if (args.length > 2) return { ok: false, error: "Ange högst två datum: `/nsp rapport 2016-09-01 2016-11-30`." };
    return parseRange(first, second ?? isoDay(today));
  }
  const name = args.join(" ").replace(/^"|"$/g, "");
  const period = await findPeriodByName(db, name);
  if (!period) return { ok: false, error: `Det finns ingen budgetperiod som heter "${name.slice(0, 80)}". Ange datum: \`/nsp rapport 2016-09-01 2016-11-30\`.` };
  return { ok: true, range: { from: isoDay(period.from), to: isoDay(period.to) }, periodName: period.name };
}

/** Loads the rows for a range and builds the report. */
export async function loadReport(db: Db, range: ReportRange, opts: ReportOptions = {}): Promise<PeriodReport> {
  const pool = sqlOf(db);
  const { start, end } = rangeInstants(range);
  // Instants are timestamptz: compared with the range's instants (Stockholm midnights) as they are.
  const periods = await pool.query<{ id: number; name: string; from: string; to: string }>(sql`
    SELECT "id", "name", to_char("from_date", 'YYYY-MM-DD') AS "from", to_char("to_date", 'YYYY-MM-DD') AS "to"
    FROM "budget_period" WHERE "from_date" <= ${range.to}::date AND "to_date" >= ${range.from}::date
    ORDER BY "from_date", "id"`);
  const periodIds = periods.rows.map((p) => p.id);

  const [requests, categories, grants, cases, closed, transfers, flows] = await Promise.all([
    // Table 1: the requests received in the range, with their status at the end of the range.
    pool.query<{
      id: number;
      type: RequestType;
      status: RequestStatus;
      ref: string | null;
      case_new: boolean | null;
      days: number | null;
      children: number | null;
      protection: boolean;
      measure: string | null;
      quantity: number | null;
      unit_amount: number | null;
      requested_amount: number;
      granted_days: number | null;
      granted_amount: number | null;
    }>(sql`
      SELECT r."id", r."type"::text AS "type",
             CASE WHEN r."decided_at" < ${end}::timestamptz THEN r."status"::text ELSE 'under_review' END AS "status",
             c."ref",
             CASE WHEN c."id" IS NULL THEN NULL
                  ELSE c."created_at" >= ${start}::timestamptz AND c."created_at" < ${end}::timestamptz END AS "case_new",
             r."days", r."children", r."protection", r."measure", r."quantity", r."unit_amount", r."requested_amount",
             r."granted_days", r."granted_amount"
      FROM "request" r LEFT JOIN "case" c ON c."id" = r."case_id"
      WHERE r."created_at" >= ${start}::timestamptz AND r."created_at" < ${end}::timestamptz
      ORDER BY c."id" NULLS LAST, r."id"`),
    // Table 2: categories by key over the overlapping periods, with transfers up to the end of the
    // range and what decisions before the range committed.
    pool.query<ReportCategoryRow & { sort: number }>(sql`
      WITH "cat" AS (
        SELECT c."id", c."key", c."name", c."sort_order", c."allocated" FROM "budget_category" c WHERE c."period_id" = ANY(${periodIds}::int[])
      ), "tin" AS (
        SELECT t."to_category_id" AS "id", SUM(t."amount") AS "amount" FROM "budget_transfer" t
        WHERE t."period_id" = ANY(${periodIds}::int[]) AND t."created_at" < ${end}::timestamptz GROUP BY 1
      ), "tout" AS (
        SELECT t."from_category_id" AS "id", SUM(t."amount") AS "amount" FROM "budget_transfer" t
        WHERE t."period_id" = ANY(${periodIds}::int[]) AND t."created_at" < ${end}::timestamptz GROUP BY 1
      ), "before" AS (
        SELECT bc."category_id" AS "id", SUM(bc."amount") AS "amount" FROM "budget_commitment" bc JOIN "request" r ON r."id" = bc."request_id"
        WHERE bc."category_id" IN (SELECT "id" FROM "cat") AND r."decided_at" < ${start}::timestamptz
        GROUP BY 1
      )
      SELECT "cat"."key", MIN("cat"."name") AS "name", MIN("cat"."sort_order")::int AS "sort", SUM("cat"."allocated")::int AS "allocated",
             COALESCE(SUM("tin"."amount"), 0)::int AS "transfersIn", COALESCE(SUM("tout"."amount"), 0)::int AS "transfersOut",
             COALESCE(SUM("before"."amount"), 0)::int AS "grantedBefore"
      FROM "cat" LEFT JOIN "tin" ON "tin"."id" = "cat"."id" LEFT JOIN "tout" ON "tout"."id" = "cat"."id"
           LEFT JOIN "before" ON "before"."id" = "cat"."id"
      GROUP BY "cat"."key" ORDER BY "sort", "cat"."key"`),
    // Table 2: each grant decided in the range.
    pool.query<{ key: string; request_id: number; ref: string | null; amount: number }>(sql`
      SELECT c."key", r."id" AS "request_id", cs."ref", bc."amount"
      FROM "budget_commitment" bc
      JOIN "budget_category" c ON c."id" = bc."category_id"
      JOIN "request" r ON r."id" = bc."request_id"
      LEFT JOIN "case" cs ON cs."id" = r."case_id"
      WHERE c."period_id" = ANY(${periodIds}::int[])
        AND r."decided_at" >= ${start}::timestamptz AND r."decided_at" < ${end}::timestamptz
      ORDER BY r."decided_at", r."id", c."sort_order"`),
    // Table 3: each case of an admission request received in the range, once.
    pool.query<{
      nationality: string;
      gender: string;
      age_band: string;
      children_accompanying: number;
      children_home: number;
      exploitation: string[];
      exploited_in: string[];
      police_report: boolean;
    }>(sql`
      SELECT c."nationality", c."gender", c."age_band", c."children_accompanying", c."children_home", c."exploitation",
             c."exploited_in", c."police_report"
      FROM "case" c
      WHERE c."id" IN (SELECT r."case_id" FROM "request" r
                       WHERE r."type" = 'admission' AND r."case_id" IS NOT NULL
                         AND r."created_at" >= ${start}::timestamptz AND r."created_at" < ${end}::timestamptz)
      ORDER BY c."id"`),
    // Table 4: the cases whose current closing date lies in the range (a reopened case has none).
    pool.query<{ outcome: CaseOutcome }>(sql`
      SELECT "outcome"::text AS "outcome" FROM "case"
      WHERE "closed_on" >= ${range.from}::date AND "closed_on" <= ${range.to}::date
      ORDER BY "id"`),
    // Table 1 (issue #14): the cases moved to another organisation in the range, once each.
    pool.query<{ ref: string; case_new: boolean }>(sql`
      SELECT c."ref", bool_or(c."created_at" >= ${start}::timestamptz AND c."created_at" < ${end}::timestamptz) AS "case_new"
      FROM "case_transfer" t JOIN "case" c ON c."id" = t."case_id"
      WHERE t."at" >= ${start}::timestamptz AND t."at" < ${end}::timestamptz
      GROUP BY c."id", c."ref" ORDER BY c."id"`),
    // Table 2 (issue #13): each commitment of the periods' categories made before the end of the
    // range, with its request's confirmed payments dated in or before the range and the category's
    // active releases as known now (a settlement is made after the fact; see src/domain/report.ts).
    pool.query<{ request_id: number; key: string; committed: number; paid: number; released: number }>(sql`
      SELECT bc."request_id", c."key", bc."amount" AS "committed",
             COALESCE((SELECT SUM(p."amount") FROM "payment" p
                       WHERE p."request_id" = bc."request_id" AND p."status" = 'confirmed' AND p."paid_on" <= ${range.to}::date), 0)::int AS "paid",
             COALESCE((SELECT SUM(x."amount") FROM "budget_release" x
                       WHERE x."request_id" = bc."request_id" AND x."category_id" = bc."category_id" AND x."reverted_at" IS NULL), 0)::int AS "released"
      FROM "budget_commitment" bc
      JOIN "budget_category" c ON c."id" = bc."category_id"
      JOIN "request" r ON r."id" = bc."request_id"
      WHERE c."period_id" = ANY(${periodIds}::int[]) AND r."decided_at" < ${end}::timestamptz
      ORDER BY bc."request_id", bc."category_id"`),
  ]);

  const periodRefs: ReportPeriodRef[] = periods.rows.map((p) => ({ name: p.name, from: p.from, to: p.to }));
  const requestRows: ReportRequestRow[] = requests.rows.map((r) => ({
    id: r.id,
    type: r.type,
    status: r.status,
    caseRef: r.ref,
    caseIsNew: r.case_new,
    days: r.days,
    children: r.children,
    protection: r.protection,
    measure: r.measure,
    quantity: r.quantity,
    unitAmount: r.unit_amount,
    requestedAmount: r.requested_amount,
    grantedDays: r.granted_days,
    grantedAmount: r.granted_amount,
  }));
  const grantRows: ReportGrantRow[] = grants.rows.map((g) => ({ categoryKey: g.key, requestId: g.request_id, caseRef: g.ref, amount: g.amount }));
  const caseRows: ReportCaseRow[] = cases.rows.map((c) => ({
    nationality: c.nationality,
    gender: c.gender,
    ageBand: c.age_band,
    childrenAccompanying: c.children_accompanying,
    childrenHome: c.children_home,
    exploitation: c.exploitation,
    exploitedIn: c.exploited_in,
    policeReport: c.police_report,
  }));
  return buildReport(
    {
      from: range.from,
      to: range.to,
      periods: periodRefs,
      requests: requestRows,
      categories: categories.rows.map(({ sort: _sort, ...c }) => c),
      grants: grantRows,
      cases: caseRows,
      closedCases: closed.rows.map((c) => ({ outcome: c.outcome })),
      transfers: transfers.rows.map((t) => ({ caseRef: t.ref, caseIsNew: t.case_new })),
      flows: flows.rows.map((f) => ({ requestId: f.request_id, categoryKey: f.key, committed: f.committed, paid: f.paid, released: f.released })),
    },
    opts,
  );
}

// ------------------------------------------------------------------------------------------------
// The operator CLI: `npm run admin -- report [--from … --to …] [--format md|csv|json] [--out DIR]`

export interface CliReportOptions {
  from?: string;
  to?: string;
  format?: string;
  suppressBelow?: string;
}

export class ReportOptionError extends Error {}

/** Validates the CLI's options and builds the report (the current budget period when no dates are given). */
export async function cliReport(db: Db, opts: CliReportOptions, now: Date = new Date()): Promise<{ report: PeriodReport; format: ReportFormat }> {
  const format = (opts.format ?? "md") as ReportFormat;
  if (!REPORT_FORMATS.includes(format)) throw new ReportOptionError(`--format ska vara ${REPORT_FORMATS.join(", ")}.`);
  let suppressBelow: number | null = null;
  if (opts.suppressBelow !== undefined) {
    const n = Number(opts.suppressBelow);
    if (!Number.isSafeInteger(n) || n < 2) throw new ReportOptionError(`--suppress-below ska vara ett heltal från 2, fick "${opts.suppressBelow}".`);
    suppressBelow = n;
  }
  if ((opts.from === undefined) !== (opts.to === undefined)) throw new ReportOptionError("Ange både --from och --to (eller ingen av dem för den aktuella budgetperioden).");
  const range = opts.from !== undefined && opts.to !== undefined ? parseRange(opts.from, opts.to) : await resolveRange(db, [], now);
  if (!range.ok) throw new ReportOptionError(range.error.replace(/`\/nsp rapport ([^`]*)`/g, "--from/--to"));
  return { report: await loadReport(db, range.range, { suppressBelow }), format };
}
