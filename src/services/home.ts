// What the App Home shows each person (issue #5), read from Postgres as the plain data of
// src/domain/home.ts; callers draw it with homeView(...(await loadHomePage(db, user))) from
// src/views/home.ts. Published when the user opens the tab (src/listeners/events) and after every
// change that concerns them (outbox kind "home_refresh", delivered by jobs/publish-home.ts).
//
// Privacy: only structured fields are read (type, status, case ref, dates, amounts). The
// applicant's justification and answers are never selected; the coordinator's decision reason only
// when the coordinator marked it as free of personal data (`reason_shared`), because the Home shows
// the organisation's requests to every member of the organisation, not only to the applicant.
import { sqlOf, type Db } from "../core/db.js";
import { sql, type SqlQuery } from "../core/sql.js";
import { todayDate } from "../domain/format.js";
import { OPEN_STATUSES, type RequestStatus, type RequestType } from "../domain/types.js";
import { currentPeriod, loadPeriodBudget } from "./budget-read.js";
import { budgetReport } from "../domain/budget.js";
import { HOME_LIMITS, type HomeData, type HomeMeeting, type HomePage, type HomeRequest } from "../domain/home.js";
import { canDecide, canManageBudget, findActor } from "./members.js";
import { listComingMeetings } from "./meetings.js";

interface Row {
  id: number;
  type: RequestType;
  status: RequestStatus;
  ref: string | null;
  org: string;
  applicant: string;
  created_at: Date;
  decided_at: Date | null;
  requested_amount: number;
  granted_amount: number | null;
  granted_days: number | null;
  days: number | null;
  /** date columns read as 'YYYY-MM-DD' text: pg would parse a date at the process's local midnight. */
  start_date: string | null;
  end_date: string | null;
  children: number | null;
  protection: boolean;
  measure: string | null;
  quantity: number | null;
  unit_amount: number | null;
  shared_reason: string | null;
  has_reason: boolean;
  info: "asked" | "answered" | null;
  total: string;
}

const COLUMNS = `
  r."id", r."type"::text AS "type", r."status"::text AS "status", c."ref", o."name" AS "org", r."applicant_slack_id" AS "applicant",
  r."created_at", r."decided_at", r."requested_amount", r."granted_amount", r."granted_days", r."days",
  r."start_date"::text AS "start_date", r."end_date"::text AS "end_date", r."children", r."protection", r."measure"::text AS "measure", r."quantity", r."unit_amount",
  CASE WHEN r."reason_shared" THEN r."decision_reason" END AS "shared_reason", r."decision_reason" IS NOT NULL AS "has_reason",
  (SELECT CASE WHEN i."answered_at" IS NULL THEN 'asked' ELSE 'answered' END FROM "info_request" i
    WHERE i."request_id" = r."id" ORDER BY i."id" DESC LIMIT 1) AS "info",
  count(*) OVER () AS "total"`;

const FROM = `FROM "request" r JOIN "organisation" o ON o."id" = r."org_id" LEFT JOIN "case" c ON c."id" = r."case_id"`;

/** A date column's 'YYYY-MM-DD' as the Date Prisma gives it (UTC midnight). */
const dayOf = (d: string | null): Date | null => (d ? new Date(`${d}T00:00:00Z`) : null);

function toHomeRequest(r: Row): HomeRequest {
  return {
    id: r.id,
    type: r.type,
    status: r.status,
    caseRef: r.ref,
    orgName: r.org,
    applicantSlackId: r.applicant,
    createdAt: r.created_at,
    decidedAt: r.decided_at,
    requestedAmount: r.requested_amount,
    grantedAmount: r.granted_amount,
    grantedDays: r.granted_days,
    days: r.days,
    startDate: dayOf(r.start_date),
    endDate: dayOf(r.end_date),
    children: r.children,
    protection: r.protection,
    measure: r.measure,
    quantity: r.quantity,
    unitAmount: r.unit_amount,
    sharedReason: r.shared_reason,
    hasReason: r.has_reason,
    info: r.info,
  };
}

async function list(db: Db, where: string, values: unknown[], order: string, limit: number): Promise<{ items: HomeRequest[]; total: number }> {
  const text = `SELECT ${COLUMNS} ${FROM} WHERE ${where} ORDER BY ${order} LIMIT ${Math.trunc(limit)}`;
  const { rows } = await sqlOf(db).query<Row>({ text, values });
  return { items: rows.map(toHomeRequest), total: Number(rows[0]?.total ?? 0) };
}

/**
 * Whose Home shows a request: its case's current organisation (issue #14: a case moved to another
 * organisation takes its history along and leaves the old organisation's Home), else, for a
 * request without a case (an inquiry), the organisation that filed it.
 */
const ORG_OF_REQUEST = `COALESCE(c."org_id", r."org_id")`;

/** The open requests (OPEN_STATUSES, passed as the query's parameter $n). */
const openWhere = (n: number): string => `r."status" = ANY($${n}::"RequestStatus"[])`;

/** Everything the Home shows `slackUserId`, except meetings (see `upcomingMeetings`). */
export async function loadHome(db: Db, slackUserId: string, now: Date = new Date()): Promise<HomeData> {
  const actor = await findActor(db, slackUserId);
  if (!actor) return { userId: slackUserId, now, actor: null, applicant: null, coordinator: null };
  const applicantPart = async (): Promise<HomeData["applicant"]> => {
    if (!actor.orgCertified) return null;
    const [open, decided] = await Promise.all([
      list(db, `${ORG_OF_REQUEST} = $1 AND ${openWhere(2)}`, [actor.orgId, OPEN_STATUSES], `r."created_at", r."id"`, HOME_LIMITS.open),
      list(db, `${ORG_OF_REQUEST} = $1 AND r."decided_at" IS NOT NULL`, [actor.orgId], `r."decided_at" DESC, r."id" DESC`, HOME_LIMITS.decided),
    ]);
    return { orgName: actor.orgName, open: open.items, openTotal: open.total, decided: decided.items };
  };
  const coordinatorPart = async (): Promise<HomeData["coordinator"]> => {
    if (!canDecide(actor) && !canManageBudget(actor)) return null;
    const queue = await list(db, openWhere(1), [OPEN_STATUSES], `r."created_at", r."id"`, HOME_LIMITS.queue);
    const chosen = await currentPeriod(db, todayDate(now));
    const budget = chosen ? await loadPeriodBudget(db, chosen.period.id) : null;
    return { canDecide: canDecide(actor), queue: queue.items, queueTotal: queue.total, budget: budget ? budgetReport(budget) : null, budgetIsCurrent: chosen?.current ?? false };
  };
  const [applicant, coordinator] = await Promise.all([applicantPart(), coordinatorPart()]);
  return { userId: slackUserId, now, actor: { role: actor.role, orgName: actor.orgName }, applicant, coordinator };
}

/**
 * The next meetings for the Home: those of the user's working groups, of the whole network and
 * the ones the user created (issue #15: an applicant who created a meeting for a group they are
 * not in did not find it on their Home); coordinators and admins see every group's. The user's
 * groups first, with the user's answer.
 */
export async function upcomingMeetings(db: Db, slackUserId: string, now: Date): Promise<HomeMeeting[]> {
  const [coming, actor] = await Promise.all([listComingMeetings(db, slackUserId, now, 50), findActor(db, slackUserId)]);
  const seesAll = actor !== null && (actor.role === "coordinator" || actor.role === "admin");
  const shown = coming
    .filter(({ meeting, mine }) => mine || meeting.group === null || meeting.createdBy === slackUserId || seesAll)
    .slice(0, HOME_LIMITS.meetings);
  const answers = await db.rsvp.findMany({ where: { slackUserId, meetingId: { in: shown.map((m) => m.meeting.id) } } });
  const answerOf = new Map(answers.map((a) => [a.meetingId, a.answer]));
  return shown.map(({ meeting }) => ({
    id: meeting.id,
    title: meeting.title,
    start: meeting.startsAt,
    place: meeting.place,
    rsvp: answerOf.get(meeting.id) ?? null,
  }));
}

/** Everything the Home shows a user, as it is now: `homeView(...(await loadHomePage(db, user)))`. */
export function loadHomePage(db: Db, slackUserId: string, now: Date = new Date()): Promise<HomePage> {
  return Promise.all([loadHome(db, slackUserId, now), upcomingMeetings(db, slackUserId, now)]);
}

/** The Slack user ids a query selects as "slack_user_id". */
async function slackIds(db: Db, query: SqlQuery): Promise<string[]> {
  const { rows } = await sqlOf(db).query<{ slack_user_id: string }>(query);
  return rows.map((r) => r.slack_user_id);
}

/** Whose Home a change to a request concerns: its (case's current) organisation's members, coordinators and admins. */
export function homeAudience(db: Db, requestId: number): Promise<string[]> {
  return slackIds(db, sql`
    SELECT m."slack_user_id" FROM "member" m
    WHERE m."org_id" = (SELECT COALESCE(c."org_id", r."org_id") FROM "request" r LEFT JOIN "case" c ON c."id" = r."case_id" WHERE r."id" = ${requestId})
       OR m."role" IN ('coordinator', 'admin')
    ORDER BY m."id"`);
}

// Homes refreshed by changes that are not about a request. The Home lists the meetings of the
// user's groups and of the whole network (coordinators and admins: every group's), and shows
// coordinators and admins the budget; each change re-publishes the Homes that show it.

/**
 * A meeting of a group changed: the group's members, its convener, coordinators and admins, and
 * the creators of the group's meetings that have not ended (their Home lists them, see
 * upcomingMeetings; a cancelled one too, so that it leaves their Home).
 */
export function groupHomeAudience(db: Db, groupId: number): Promise<string[]> {
  return slackIds(db, sql`
    SELECT "slack_user_id" FROM "group_member" WHERE "group_id" = ${groupId}
    UNION SELECT "convener_slack_id" FROM "working_group" WHERE "id" = ${groupId} AND "convener_slack_id" IS NOT NULL
    UNION SELECT "created_by" FROM "meeting" WHERE "group_id" = ${groupId} AND "ends_at" > now()
    UNION SELECT "slack_user_id" FROM "member" WHERE "role" IN ('coordinator', 'admin')
    ORDER BY 1`);
}

/** A whole-network meeting changed: every member and everyone in a working group. */
export function networkHomeAudience(db: Db): Promise<string[]> {
  return slackIds(db, sql`
    SELECT "slack_user_id" FROM "member"
    UNION SELECT "slack_user_id" FROM "group_member"
    UNION SELECT "convener_slack_id" FROM "working_group" WHERE "convener_slack_id" IS NOT NULL
    ORDER BY 1`);
}

/** A case moved between two organisations (issue #14): both organisations' members, coordinators and admins. */
export function transferHomeAudience(db: Db, transferId: number): Promise<string[]> {
  return slackIds(db, sql`
    SELECT m."slack_user_id" FROM "member" m
    WHERE m."org_id" IN (SELECT "from_org_id" FROM "case_transfer" WHERE "id" = ${transferId}
                         UNION SELECT "to_org_id" FROM "case_transfer" WHERE "id" = ${transferId})
       OR m."role" IN ('coordinator', 'admin')
    ORDER BY m."id"`);
}

/** The budget changed (a transfer, an allocation, a new period): coordinators and admins. */
export function budgetHomeAudience(db: Db): Promise<string[]> {
  return slackIds(db, sql`SELECT "slack_user_id" FROM "member" WHERE "role" IN ('coordinator', 'admin') ORDER BY "id"`);
}
