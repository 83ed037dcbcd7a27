// Who is the clicking user? Always looked up from the Slack user id Slack signed, never from a
// payload field the client controls.
import { sqlOf, type Db } from "../core/db.js";
import { sql } from "../core/sql.js";
import type { Role } from "../domain/types.js";

export interface Actor {
  slackUserId: string;
  role: Role;
  orgId: number;
  orgName: string;
  orgCertified: boolean;
}

/** One round trip on the pg pool (this runs before every ack). */
export async function findActor(db: Db, slackUserId: string): Promise<Actor | null> {
  const { rows } = await sqlOf(db).query<{ role: Role; org_id: number; name: string; certified: boolean }>(sql`
    SELECT m."role"::text AS "role", m."org_id", o."name", o."certified"
    FROM "member" m JOIN "organisation" o ON o."id" = m."org_id"
    WHERE m."slack_user_id" = ${slackUserId}`);
  const row = rows[0];
  if (!row) return null;
  return { slackUserId, role: row.role, orgId: row.org_id, orgName: row.name, orgCertified: row.certified };
}

/** Members of a certified organisation may apply (any role). */
export function canApply(actor: Actor): boolean {
  return actor.orgCertified;
}

/** Only coordinators decide (issue #2: "Only members with role coordinator may decide"). */
export function canDecide(actor: Actor | null): actor is Actor {
  return actor !== null && actor.role === "coordinator";
}

/** Coordinators and admins take out period reports (`/nsp rapport`), as they see the budget. */
export function canViewReports(actor: Actor | null): actor is Actor {
  return actor !== null && (actor.role === "coordinator" || actor.role === "admin");
}

/** Coordinators and admins see the budget and move money between categories. */
export function canManageBudget(actor: Actor | null): actor is Actor {
  return actor !== null && (actor.role === "coordinator" || actor.role === "admin");
}
