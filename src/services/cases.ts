// The case file (issue #12, item 1): who may read which case, what its file holds, and the record
// of every reading. Returns data (src/domain/case-file.ts), never Block Kit.
//
// Access: coordinators and admins read every case; any other member reads only the cases of their
// own organisation, which is the case's current one (`case.org_id`: a case moved to another
// organisation, issue #14, is no longer the old organisation's, though its requests were filed there). A case of another organisation is answered exactly like an unknown reference
// ("not_found"), so nobody learns whether it exists. Free text (the coordinator's reason, the
// kompletteringar) and the anonymised background are selected for coordinators and admins only.
//
// Every reading of a case file (each page shown) and of a request's documentation ("Visa
// underlag"), the decision modal, the correction modal and a komplettering question writes an
// audit_entry row (actor = Slack id, action one of READ in src/domain/audit.ts, caseId, requestId
// for a request, before/after null) before the data is returned: when the row cannot be written,
// the caller gets the error and the reader sees nothing.
import { sqlOf, type Db } from "../core/db.js";
import { sql } from "../core/sql.js";
import { todayDate } from "../domain/format.js";
import {
  CASE_FILE_PAGE_SIZE,
  CASE_LIST_PAGE_SIZE,
  capUse,
  historyOrder,
  moneyByCategory,
  pageOf,
  type CapLimits,
  type CaseFilePage,
  type CaseFilePayments,
  type CaseFileRequest,
  type CaseListPage,
} from "../domain/case-file.js";
import { offersPayment } from "../domain/payment.js";
import type { CaseOutcome } from "../domain/types.js";
import { READ, type ReadAction } from "../domain/audit.js";
import type { Actor } from "./members.js";
import { caseTransfers } from "./case-transfer.js";
import { periodForDate } from "./periods.js";

export const CASE_READ = READ.caseFile;
export const REQUEST_READ = READ.underlag;

/** Coordinators and admins see every case, its free text and its background. */
export function seesAllCases(actor: Actor): boolean {
  return actor.role === "coordinator" || actor.role === "admin";
}

export type CaseFileResult =
  | { ok: true; file: CaseFilePage; caseId: number; orgId: number }
  | { ok: false; error: "not_member" | "not_found" };

/** The caps of the period containing `today`, else of the newest period (null without any). */
async function currentCaps(db: Db, today: Date): Promise<CapLimits | null> {
  const period = (await periodForDate(db, today)) ?? (await db.budgetPeriod.findFirst({ orderBy: { fromDate: "desc" } }));
  return period ? { restMaxDays: period.restMaxDays, integrationMaxDays: period.integrationMaxDays } : null;
}

/**
 * One page (1 = the newest requests) of the case file of `ref` for `actor`, after recording the
 * reading. `ref` is a normalised reference ("NSP004"); a page past the end shows the last page.
 */
export async function loadCaseFile(
  db: Db,
  ref: string,
  actor: Actor | null,
  opts: { page?: number; today?: Date } = {},
): Promise<CaseFileResult> {
  if (!actor) return { ok: false, error: "not_member" };
  const c = await db.case.findUnique({
    where: { ref },
    include: {
      org: { select: { name: true } },
      requests: {
        include: {
          period: { select: { restMaxDays: true, integrationMaxDays: true } },
          infoRequests: { orderBy: { id: "asc" } },
          commitments: { include: { category: { select: { key: true, name: true } } } },
          payments: { select: { amount: true, status: true } },
          releases: { where: { revertedAt: null }, select: { amount: true } },
        },
      },
    },
  });
  const privileged = seesAllCases(actor);
  if (!c || (!privileged && c.orgId !== actor.orgId)) return { ok: false, error: "not_found" };

  const requests: CaseFileRequest[] = historyOrder(
    c.requests.map((r) => ({
      id: r.id,
      type: r.type,
      status: r.status,
      startDate: r.startDate,
      endDate: r.endDate,
      days: r.days,
      children: r.children,
      protection: r.protection,
      measure: r.measure,
      quantity: r.quantity,
      unitAmount: r.unitAmount,
      requestedAmount: r.requestedAmount,
      grantedDays: r.grantedDays,
      grantedAmount: r.grantedAmount,
      coFundingPayer: r.coFundingPayer,
      coFundingAmount: r.coFundingAmount,
      createdAt: r.createdAt,
      decidedAt: r.decidedAt,
      decidedBy: r.decidedBy,
      decisionReason: privileged ? r.decisionReason : null,
      caps: r.period,
      infoCount: r.infoRequests.length,
      infoOpen: r.infoRequests.filter((i) => i.answeredAt === null).length,
      infoRequests: privileged
        ? r.infoRequests.map((i) => ({ askedAt: i.askedAt, question: i.question, answer: i.answer, answeredAt: i.answeredAt }))
        : [],
      payments: caseFilePayments(r),
    })),
  );
  const money = moneyByCategory(c.requests.flatMap((r) => r.commitments.map((m) => ({ key: m.category.key, name: m.category.name, amount: m.amount }))));
  const caps = capUse(requests, await currentCaps(db, opts.today ?? todayDate()));
  const { page, pages, offset } = pageOf(requests.length, CASE_FILE_PAGE_SIZE, opts.page ?? 1);
  const transfers = await caseTransfers(db, c.id, privileged);

  await db.auditEntry.create({ data: { caseId: c.id, actor: actor.slackUserId, action: CASE_READ } });

  const background = privileged
    ? {
        nationality: c.nationality,
        gender: c.gender,
        ageBand: c.ageBand,
        childrenAccompanying: c.childrenAccompanying,
        childrenHome: c.childrenHome,
        exploitation: c.exploitation,
        exploitedIn: c.exploitedIn,
        policeReport: c.policeReport,
      }
    : null;
  return {
    ok: true,
    caseId: c.id,
    orgId: c.orgId,
    file: {
      file: {
        ref: c.ref,
        orgName: c.org.name,
        createdAt: c.createdAt,
        outcome: c.outcome,
        closedOn: c.closedOn,
        background,
        requests,
        caps,
        money,
        transfers,
        privileged,
      },
      requests: requests.slice(offset, offset + CASE_FILE_PAGE_SIZE),
      page,
      pages,
    },
  };
}

/** A grant's payments as the case file shows them (amounts and status only, never a note). */
function caseFilePayments(r: {
  status: string;
  type: string;
  settledAt: Date | null;
  settledBy: string | null;
  payments: { amount: number; status: string }[];
  releases: { amount: number }[];
}): CaseFilePayments | null {
  if (!offersPayment(r)) return null;
  const sum = (xs: { amount: number }[]) => xs.reduce((a, x) => a + x.amount, 0);
  const reported = r.payments.filter((p) => p.status === "reported");
  return {
    confirmed: sum(r.payments.filter((p) => p.status === "confirmed")),
    reported: sum(reported),
    unconfirmed: reported.length,
    released: sum(r.releases),
    settledAt: r.settledAt,
    settledBy: r.settledBy,
  };
}

/**
 * Records that `actor` is shown a request's free text: one insert, `action` one of READ
 * (src/domain/audit.ts). Called before the view is opened; throws when the row cannot be written,
 * and the caller then shows an error instead of the text.
 */
export async function recordRead(db: Db, action: ReadAction, request: { id: number; caseId: number | null }, actor: string): Promise<void> {
  await db.auditEntry.create({ data: { requestId: request.id, caseId: request.caseId, actor, action } });
}

/** Records that `actor` read request `requestId`'s documentation ("Visa underlag"). Throws when
 * the row cannot be written: the caller then shows the error instead of the documentation. */
export async function recordRequestRead(db: Db, request: { id: number; caseId: number | null }, actor: string): Promise<void> {
  await recordRead(db, READ.underlag, request, actor);
}

interface ListRow {
  ref: string;
  org: string;
  closed_on: Date | null;
  outcome: CaseOutcome | null;
  requests: number;
  open: number;
  last: Date;
}

/**
 * `/nsp ärende` alone: the cases `actor` may open, newest activity first (the latest of the case's
 * creation, closing and any change to one of its requests: submitted, asked, answered, decided).
 * Coordinators and admins: every open (not closed) case; other members: their organisation's cases,
 * closed ones too. Not recorded as a reading: the list shows no more than references and counts.
 */
export async function listCases(db: Db, actor: Actor, opts: { page?: number } = {}): Promise<CaseListPage> {
  const all = seesAllCases(actor);
  const orgId = all ? null : actor.orgId;
  const pool = sqlOf(db);
  const where = sql`WHERE (${orgId}::int IS NULL OR c."org_id" = ${orgId}::int) AND (${all}::boolean = false OR c."outcome" IS NULL)`;
  const counted = await pool.query<{ n: number }>({ text: `SELECT count(*)::int AS "n" FROM "case" c ${where.text}`, values: where.values });
  const total = counted.rows[0]?.n ?? 0;
  const { page, pages, offset } = pageOf(total, CASE_LIST_PAGE_SIZE, opts.page ?? 1);
  const n = where.values.length;
  const { rows } = await pool.query<ListRow>({
    text: `
      SELECT c."ref", o."name" AS "org", c."closed_on", c."outcome"::text AS "outcome",
             count(r."id")::int AS "requests",
             (count(r."id") FILTER (WHERE r."status" IN ('received', 'under_review')))::int AS "open",
             GREATEST(c."created_at", c."closed_at", max(r."updated_at")) AS "last"
      FROM "case" c JOIN "organisation" o ON o."id" = c."org_id" LEFT JOIN "request" r ON r."case_id" = c."id"
      ${where.text}
      GROUP BY c."id", o."name"
      ORDER BY "last" DESC, c."id" DESC
      LIMIT $${n + 1} OFFSET $${n + 2}`,
    values: [...where.values, CASE_LIST_PAGE_SIZE, offset],
  });
  return {
    items: rows.map((r) => ({
      ref: r.ref,
      orgName: r.org,
      lastActivity: r.last,
      requests: r.requests,
      open: r.open,
      closedOn: r.outcome ? r.closed_on : null,
    })),
    total,
    page,
    pages,
    scope: all ? "all_open" : "organisation",
    orgName: actor.orgName,
  };
}
