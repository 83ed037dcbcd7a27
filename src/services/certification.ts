// Certification end dates (issue #14, item 3): an organisation certified until a date (its last
// day, Stockholm calendar) can no longer apply after it (members.ts `certificationExpired`, the apply listeners'
// `applyRefusal`, checked again at the modal's submit);
// admins are told CERTIFICATION_NOTICE_DAYS before, by DM through the outbox.
//
// Planned like the clocks of issue #12 (services/case-clocks.ts): a sweep step of every worker (at
// start and every NSP_SWEEP_INTERVAL_MS) asks Postgres which certifications end within the window
// and inserts one outbox row per (organisation, end date, admin) with a unique key, ON CONFLICT DO
// NOTHING. So each admin is told once per end date, whatever the number of workers, sweeps or
// restarts, and nothing is lost when Redis loses its data (the row is in Postgres; the sweep
// re-queues pending rows). A new end date (a renewal that is again near) is told again. The
// renderer checks again at send time and posts nothing for a certification renewed or withdrawn
// meanwhile, or to a member who is no longer an admin.
import { addDays } from "date-fns";
import type { Db } from "../core/db.js";
import { isoDay, todayDate } from "../domain/format.js";
import { outboxKeys } from "../domain/outbox.js";
import { addToOutbox, type OutboxItem } from "./outbox.js";

/** How many days before the last certified day the admins are told. */
export const CERTIFICATION_NOTICE_DAYS = 30;

/** Days from `today` to `until` (both calendar dates at UTC midnight). */
const daysBetween = (today: Date, until: Date): number => Math.round((until.getTime() - today.getTime()) / 86_400_000);

/**
 * Inserts the notices due at `now`: for every certified organisation whose last day is today or
 * within CERTIFICATION_NOTICE_DAYS days, one row per admin. Returns the ids of the rows still pending.
 */
export async function planCertificationNotices(db: Db, now: Date): Promise<number[]> {
  const today = todayDate(now);
  const orgs = await db.organisation.findMany({
    where: { certified: true, certifiedUntil: { gte: today, lte: addDays(today, CERTIFICATION_NOTICE_DAYS) } },
    select: { id: true, certifiedUntil: true },
    orderBy: { id: "asc" },
  });
  if (orgs.length === 0) return [];
  const admins = await db.member.findMany({ where: { role: "admin" }, select: { id: true }, orderBy: { id: "asc" } });
  const items: OutboxItem[] = [];
  for (const org of orgs) {
    if (!org.certifiedUntil) continue;
    for (const admin of admins) {
      items.push({ kind: "certification_notice", requestId: null, refId: admin.id, key: outboxKeys.certificationNotice(org.id, isoDay(org.certifiedUntil), admin.id) });
    }
  }
  const ids = await db.$transaction((tx) => addToOutbox(tx, items));
  if (ids.length === 0) return [];
  const pending = await db.outboxMessage.findMany({ where: { id: { in: ids }, status: "pending" }, select: { id: true } });
  return pending.map((r) => r.id);
}

export interface CertificationNoticeState {
  slackUserId: string;
  orgName: string;
  until: string;
  daysLeft: number;
}

/**
 * At send time: the notice's content, or null when it is no longer wanted (the organisation was
 * renewed to another date or uncertified, the date has passed, the member is no longer an admin).
 */
export async function certificationNoticeNow(db: Db, orgId: number, until: string, memberId: number, now: Date): Promise<CertificationNoticeState | null> {
  const [org, member] = await Promise.all([
    db.organisation.findUnique({ where: { id: orgId }, select: { name: true, certified: true, certifiedUntil: true } }),
    db.member.findUnique({ where: { id: memberId }, select: { slackUserId: true, role: true } }),
  ]);
  if (!org?.certified || !org.certifiedUntil || isoDay(org.certifiedUntil) !== until) return null;
  if (member?.role !== "admin") return null;
  const daysLeft = daysBetween(todayDate(now), org.certifiedUntil);
  if (daysLeft < 0) return null;
  return { slackUserId: member.slackUserId, orgName: org.name, until, daysLeft };
}
