// `npm run admin -- audit` (issue #14, item 4): changes and readings together, newest first, for a
// case, a person and a time span. Returns data (src/domain/audit.ts), never text; the CLI prints it
// (commands/present.ts). A mistake in the arguments is an AdminError in Swedish.
//
// The query: one SELECT over audit_entry, ordered by (at, id) descending with a LIMIT. A case's
// entries are those written for the case (case_id) and those of its requests (request_id: a
// submission or a decision carries only the request), collected as ids through the indexes on
// (case_id, at) and (request_id) (an OR of the two made PostgreSQL walk the whole (at) index: 0.8–1.5 s
// for one case among 1 000 000 entries, against a bounded read of the case's own entries now).
// --user walks (actor, at) backwards, no filter or --from/--to walks (at) backwards (migration
// 20261213600000_audit_indexes). pg plans each query with its values, so the `$n IS NULL OR`
// filters that do not apply fold away.
import { sqlOf, type Db } from "../core/db.js";
import { auditListEntry, type AuditListEntry } from "../domain/audit.js";
import { addDays } from "date-fns";
import { parseIsoDate, stockholmDayStart } from "../domain/format.js";
import { parseCaseRef } from "../domain/rules.js";
import { AdminError, SLACK_USER_ID_RE } from "./admin.js";

export const AUDIT_LIMIT_DEFAULT = 100;
export const AUDIT_LIMIT_MAX = 10_000;

/** An actor as the audit stores it: a Slack id, or "cli:<login>" for an operator without --by. */
const isActor = (s: string): boolean => SLACK_USER_ID_RE.test(s) || /^cli:[A-Za-z0-9._-]{1,64}$/.test(s);

export interface AuditOptions {
  case?: string;
  user?: string;
  from?: string;
  to?: string;
  limit?: string;
}

export interface AuditListing {
  filters: { case: string | null; user: string | null; from: string | null; to: string | null; limit: number };
  entries: AuditListEntry[];
  /** More entries match than `limit`: the oldest ones are not listed. */
  more: boolean;
}

function dateOption(name: string, value: string | undefined): Date | null {
  if (value === undefined) return null;
  const d = parseIsoDate(value.trim());
  if (!d) throw new AdminError(`${name} ska vara ett datum (ÅÅÅÅ-MM-DD), fick "${value.slice(0, 20)}".`);
  return d;
}

function limitOption(value: string | undefined): number {
  if (value === undefined) return AUDIT_LIMIT_DEFAULT;
  const n = /^\d{1,6}$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > AUDIT_LIMIT_MAX) throw new AdminError(`--limit ska vara ett heltal mellan 1 och ${AUDIT_LIMIT_MAX}, fick "${value.slice(0, 20)}".`);
  return n;
}

interface Row {
  id: number;
  at: Date;
  actor: string;
  action: string;
  request_id: number | null;
  case_ref: string | null;
  before: unknown;
  after: unknown;
}

/** The entries matching `opts`, newest first (at most --limit, default 100). */
export async function cliAudit(db: Db, opts: AuditOptions): Promise<AuditListing> {
  let ref: string | null = null;
  if (opts.case !== undefined) {
    ref = opts.case.length <= 20 ? parseCaseRef(opts.case) : null;
    if (!ref) throw new AdminError(`--case: ärendenumret ska se ut som NSP004, fick "${opts.case.slice(0, 20)}".`);
  }
  const user = opts.user?.trim() ?? null;
  if (user !== null && !isActor(user)) throw new AdminError(`--user ska vara ett Slack-id (U…) eller cli:<inloggningsnamn>, fick "${user.slice(0, 20)}".`);
  const from = dateOption("--from", opts.from);
  const to = dateOption("--to", opts.to);
  if (from && to && to < from) throw new AdminError(`--to (${opts.to}) ligger före --from (${opts.from}).`);
  const limit = limitOption(opts.limit);

  let caseId: number | null = null;
  if (ref) {
    const c = await db.case.findUnique({ where: { ref }, select: { id: true } });
    if (!c) throw new AdminError(`Ärendet ${ref} finns inte.`);
    caseId = c.id;
  }
  // Dates are Stockholm days, both included: from its first instant to the next day's first.
  const fromAt = from ? stockholmDayStart(from) : null;
  const toAt = to ? stockholmDayStart(addDays(to, 1)) : null;

  const { rows } = await sqlOf(db).query<Row>({
    text: `
      SELECT a."id", a."at", a."actor", a."action", a."request_id", COALESCE(c."ref", rc."ref") AS "case_ref", a."before", a."after"
      FROM "audit_entry" a
      LEFT JOIN "case" c ON c."id" = a."case_id"
      LEFT JOIN "request" r ON r."id" = a."request_id"
      LEFT JOIN "case" rc ON rc."id" = r."case_id"
      WHERE ($1::int IS NULL OR a."id" IN (
              SELECT e."id" FROM "audit_entry" e WHERE e."case_id" = $1
              UNION ALL
              SELECT e."id" FROM "audit_entry" e JOIN "request" q ON q."id" = e."request_id" WHERE q."case_id" = $1))
        AND ($2::text IS NULL OR a."actor" = $2)
        AND ($3::timestamptz IS NULL OR a."at" >= $3)
        AND ($4::timestamptz IS NULL OR a."at" < $4)
      ORDER BY a."at" DESC, a."id" DESC
      LIMIT $5`,
    values: [caseId, user, fromAt, toAt, limit + 1],
  });
  const entries = rows.slice(0, limit).map((r) =>
    auditListEntry({ id: r.id, at: r.at, actor: r.actor, action: r.action, requestId: r.request_id, caseRef: r.case_ref, before: r.before, after: r.after }),
  );
  return {
    filters: { case: ref, user, from: from ? opts.from?.trim() ?? null : null, to: to ? opts.to?.trim() ?? null : null, limit },
    entries,
    more: rows.length > limit,
  };
}
