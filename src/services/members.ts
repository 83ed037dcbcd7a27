// Who is the clicking user? Always looked up from the Slack user id Slack signed, never from a
// payload field the client controls.
import type { Db } from "../db.js";
import type { Role } from "../domain/types.js";

export interface Actor {
  slackUserId: string;
  role: Role;
  orgId: number;
  orgName: string;
  orgCertified: boolean;
}

export async function findActor(db: Db, slackUserId: string): Promise<Actor | null> {
  const member = await db.member.findUnique({ where: { slackUserId }, include: { org: true } });
  if (!member) return null;
  return {
    slackUserId,
    role: member.role,
    orgId: member.orgId,
    orgName: member.org.name,
    orgCertified: member.org.certified,
  };
}

/** Members of a certified organisation may apply (any role). */
export function canApply(actor: Actor): boolean {
  return actor.orgCertified;
}

/** Only coordinators decide (issue #2: "Only members with role coordinator may decide"). */
export function canDecide(actor: Actor | null): actor is Actor {
  return actor !== null && actor.role === "coordinator";
}
