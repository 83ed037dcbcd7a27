// Working groups (operator CLI `group add/list/member`): name, slug, description, the Slack channel
// their reminders go to and the convener's Slack id. Only Slack ids are stored, never names.
import type { Db } from "../core/db.js";
import { personalDataError } from "../domain/pii.js";
import { slugify } from "../domain/meetings.js";
import { AdminError, checkSlackUserId } from "./admin.js";

export const CHANNEL_ID_RE = /^[CG][A-Z0-9]{2,}$/;

export interface GroupSummary {
  name: string;
  slug: string;
  description: string | null;
  channel: string;
  convener: string | null;
  members: number;
}

export interface UpsertGroupResult {
  group: GroupSummary;
  action: "created" | "updated" | "unchanged";
}

function checkChannel(raw: string): string {
  const channel = raw.trim();
  if (!CHANNEL_ID_RE.test(channel)) {
    throw new AdminError(`Ogiltigt kanal-id "${raw}": det börjar med C eller G följt av versaler och siffror, t.ex. C0123ABCD (invalid channel id).`);
  }
  return channel;
}

function checkName(raw: string): { name: string; slug: string } {
  const name = raw.trim().replace(/\s+/g, " ");
  if (name === "" || name.length > 100) throw new AdminError("Gruppens namn ska vara 1–100 tecken (invalid group name).");
  const slug = slugify(name);
  if (slug === "") throw new AdminError(`Gruppens namn "${name}" behöver minst en bokstav eller siffra (invalid group name).`);
  return { name, slug };
}

function summary(g: { name: string; slug: string; description: string | null; channel: string; convenerSlackId: string | null }, members: number): GroupSummary {
  return { name: g.name, slug: g.slug, description: g.description, channel: g.channel, convener: g.convenerSlackId, members };
}

/** The group with this name (exact or case-insensitive), or by slug. */
export async function findGroup(db: Db, rawName: string) {
  const name = rawName.trim();
  return (
    (await db.workingGroup.findFirst({ where: { name: { equals: name, mode: "insensitive" } } })) ??
    (await db.workingGroup.findUnique({ where: { slug: slugify(name) } }))
  );
}

/** The group with exactly this slug (the calendar feed's URL), or null. */
export async function findGroupBySlug(db: Db, slug: string): Promise<{ id: number; name: string } | null> {
  return db.workingGroup.findUnique({ where: { slug }, select: { id: true, name: true } });
}

/**
 * `group add "<name>" --channel C… [--description …] [--convener U…]`: creates the group, or
 * updates an existing one (same name or slug) with the options given; options not given are kept.
 * The convener is also made a member of the group.
 */
export async function upsertGroup(
  db: Db,
  input: { name: string; channel?: string; description?: string; convener?: string },
): Promise<UpsertGroupResult> {
  const { name, slug } = checkName(input.name);
  const channel = input.channel === undefined ? undefined : checkChannel(input.channel);
  const description = input.description?.trim();
  if (description !== undefined) {
    const pii = personalDataError(description);
    if (pii) throw new AdminError(`--description: ${pii}`);
  }
  const convener = input.convener === undefined ? undefined : checkSlackUserId(input.convener);
  const existing = await findGroup(db, name);
  if (!existing && channel === undefined) throw new AdminError(`Gruppen "${name}" finns inte; ange --channel <kanal-id> för att skapa den.`);
  const data = {
    ...(channel !== undefined ? { channel } : {}),
    ...(description !== undefined ? { description: description === "" ? null : description } : {}),
    ...(convener !== undefined ? { convenerSlackId: convener } : {}),
  };
  const changed = existing ? Object.entries(data).some(([k, v]) => existing[k as keyof typeof existing] !== v) : true;
  const group = existing
    ? changed
      ? await db.workingGroup.update({ where: { id: existing.id }, data })
      : existing
    : await db.workingGroup.create({ data: { name, slug, channel: channel ?? "", ...data } });
  if (convener) {
    await db.groupMember.createMany({ data: [{ groupId: group.id, slackUserId: convener }], skipDuplicates: true });
  }
  const members = await db.groupMember.count({ where: { groupId: group.id } });
  return { group: summary(group, members), action: existing ? (changed ? "updated" : "unchanged") : "created" };
}

export async function listGroups(db: Db): Promise<GroupSummary[]> {
  const groups = await db.workingGroup.findMany({ orderBy: { name: "asc" }, include: { _count: { select: { members: true } } } });
  return groups.map((g) => summary(g, g._count.members));
}

/** `group member add|remove "<name>" <SlackId>`; returns whether anything changed. */
export async function setGroupMember(db: Db, groupName: string, rawId: string, member: boolean): Promise<{ group: string; slackUserId: string; changed: boolean }> {
  const slackUserId = checkSlackUserId(rawId);
  const group = await findGroup(db, groupName);
  if (!group) throw new AdminError(`Gruppen "${groupName.trim()}" finns inte (group not found). Se "npm run admin -- group list".`);
  const result = member
    ? await db.groupMember.createMany({ data: [{ groupId: group.id, slackUserId }], skipDuplicates: true })
    : await db.groupMember.deleteMany({ where: { groupId: group.id, slackUserId } });
  return { group: group.name, slackUserId, changed: result.count > 0 };
}

// Reads used by listeners

/** The ids of every working group (what a meeting's group field may name). */
export async function groupIds(db: Db): Promise<Set<number>> {
  return new Set((await db.workingGroup.findMany({ select: { id: true } })).map((g) => g.id));
}

/** The working groups by name, for the meeting modal's group select. */
export async function groupOptions(db: Db): Promise<{ id: number; name: string }[]> {
  return db.workingGroup.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true } });
}
