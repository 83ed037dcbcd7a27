// Who is the clicking user? Always looked up from the Slack user id Slack signed, never from a
// payload field the client controls.
import { sqlOf, type Db, type Tx } from "../core/db.js";
import { sql } from "../core/sql.js";
import type { Role } from "../domain/types.js";

export interface Actor {
  slackUserId: string;
  role: Role;
  orgId: number;
  orgName: string;
  orgCertified: boolean;
  /** The organisation's last certified day (issue #14), or null when it has no end date. */
  orgCertifiedUntil: Date | null;
}

/** One round trip on the pg pool (this runs before every ack). */
export async function findActor(db: Db, slackUserId: string): Promise<Actor | null> {
  const { rows } = await sqlOf(db).query<{ role: Role; org_id: number; name: string; certified: boolean; certified_until: string | null }>(sql`
    SELECT m."role"::text AS "role", m."org_id", o."name", o."certified", to_char(o."certified_until", 'YYYY-MM-DD') AS "certified_until"
    FROM "member" m JOIN "organisation" o ON o."id" = m."org_id"
    WHERE m."slack_user_id" = ${slackUserId}`);
  const row = rows[0];
  if (!row) return null;
  const until = row.certified_until ? new Date(`${row.certified_until}T00:00:00Z`) : null;
  return { slackUserId, role: row.role, orgId: row.org_id, orgName: row.name, orgCertified: row.certified, orgCertifiedUntil: until };
}

/**
 * Members of a certified organisation may apply (any role), up to and including its last certified
 * day: the certification ended before `today` (both calendar dates at UTC midnight, as
 * domain/format.ts todayDate). The answers are listeners/common/texts.ts `applyRefusal`.
 */
export function certificationExpired(certifiedUntil: Date | null, today: Date): boolean {
  return certifiedUntil !== null && certifiedUntil.getTime() < today.getTime();
}

/**
 * Coordinators see the decision queue (the Home tab). Whether they may decide one request depends
 * on its organisation: see decisionAuthority (issue #14, jäv).
 */
export function canDecide(actor: Actor | null): actor is Actor {
  return actor !== null && actor.role === "coordinator";
}

/**
 * Who may decide (grant, partly grant, deny, ask for more) a request of organisation `requestOrgId`
 * (issue #14: no one decides their own organisation's request):
 * - a coordinator who is not a member of that organisation;
 * - an admin who is not a member of it, as deputy ("ställföreträdande"), only when no coordinator
 *   outside that organisation exists;
 * - no one else. A member of the applying organisation is jäv whatever their role.
 */
export type DecisionAuthority =
  | { ok: true; deputy: boolean }
  | { ok: false; refusal: DecisionRefusal };
/** `not_member`/`not_coordinator`: no such role; `jav`: a member of the applying organisation;
 * `not_deputy`: an admin while a coordinator outside the applying organisation exists. */
export type DecisionRefusal = "not_member" | "not_coordinator" | "jav" | "not_deputy";

/** The rule above, from the member's row and whether another coordinator exists (pure). */
export function decisionAuthorityOf(
  member: { role: Role; orgId: number } | null,
  requestOrgId: number,
  otherCoordinatorExists: boolean,
): DecisionAuthority {
  if (!member) return { ok: false, refusal: "not_member" };
  if (member.role === "applicant") return { ok: false, refusal: "not_coordinator" };
  if (member.orgId === requestOrgId) return { ok: false, refusal: "jav" };
  if (member.role === "coordinator") return { ok: true, deputy: false };
  return otherCoordinatorExists ? { ok: false, refusal: "not_deputy" } : { ok: true, deputy: true };
}

/**
 * decisionAuthority for an actor already read (findActor): no query unless it is an admin outside
 * the applying organisation, who needs to know whether another coordinator exists.
 */
export async function actorDecisionAuthority(client: Db | Tx, actor: Actor, requestOrgId: number): Promise<DecisionAuthority> {
  if (actor.role !== "admin" || actor.orgId === requestOrgId) return decisionAuthorityOf(actor, requestOrgId, true);
  return decisionAuthority(client, actor.slackUserId, requestOrgId);
}

/**
 * decisionAuthorityOf for the Slack user `slackUserId`, read in one query (inside a decision's
 * transaction too, so a forged submission is refused where the decision is written).
 */
export async function decisionAuthority(client: Db | Tx, slackUserId: string, requestOrgId: number): Promise<DecisionAuthority> {
  const rows = await client.$queryRaw<{ role: Role | null; org_id: number | null; other: boolean }[]>`
    SELECT m."role"::text AS "role", m."org_id",
           EXISTS (SELECT 1 FROM "member" c WHERE c."role" = 'coordinator' AND c."org_id" <> ${requestOrgId}) AS "other"
    FROM (SELECT 1) AS "one" LEFT JOIN "member" m ON m."slack_user_id" = ${slackUserId}`;
  const row = rows[0];
  const member = row?.role && row.org_id !== null ? { role: row.role, orgId: row.org_id } : null;
  return decisionAuthorityOf(member, requestOrgId, row?.other ?? false);
}

/** Coordinators and admins take out period reports (`/nsp rapport`), as they see the budget. */
export function canViewReports(actor: Actor | null): actor is Actor {
  return actor !== null && (actor.role === "coordinator" || actor.role === "admin");
}

/** Coordinators and admins see the budget and move money between categories. */
export function canManageBudget(actor: Actor | null): actor is Actor {
  return actor !== null && (actor.role === "coordinator" || actor.role === "admin");
}
