// Undelivered Slack messages for operators: `npm run admin -- outbox list|retry` and
// `reminders list|retry` (meeting reminders), /healthz and the daily notice to admins. Only ids,
// kinds, attempts, the last Slack error code and times: never a message's content, a channel or a
// person.
import type { Db } from "../core/db.js";
import { formatDate, todayDate } from "../domain/format.js";
import { addToOutbox } from "./outbox.js";

export interface OutboxEntry {
  id: number;
  kind: string;
  status: "pending" | "dead";
  attempts: number;
  lastError: string | null;
  createdAt: string;
  deadAt: string | null;
  /** Until when a worker holds it (a Slack call in flight), if one does. */
  leaseUntil: string | null;
}

/** A Slack error code, an HTTP/network error code, or the first words of another error; never free text of a user. */
function errorCodeOnly(lastError: string | null): string | null {
  if (lastError === null) return null;
  return lastError.replace(/\s+/g, " ").slice(0, 80);
}

/** Rows not delivered yet (pending and dead), or only the dead ones; oldest first. */
export async function listOutbox(db: Db, opts: { dead?: boolean; limit?: number } = {}): Promise<OutboxEntry[]> {
  const rows = await db.outboxMessage.findMany({
    where: opts.dead ? { status: "dead" } : { status: { in: ["pending", "dead"] } },
    orderBy: { id: "asc" },
    take: opts.limit ?? 1000,
    select: { id: true, kind: true, status: true, attempts: true, lastError: true, createdAt: true, deadAt: true, leaseUntil: true },
  });
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    status: r.status === "dead" ? "dead" : "pending",
    attempts: r.attempts,
    lastError: errorCodeOnly(r.lastError),
    createdAt: r.createdAt.toISOString(),
    deadAt: r.deadAt?.toISOString() ?? null,
    leaseUntil: r.leaseUntil?.toISOString() ?? null,
  }));
}

export class OutboxRetryError extends Error {}

/**
 * Makes dead rows pending again with a fresh set of attempts; the sweep queues them (within
 * NSP_SWEEP_INTERVAL_MS). Delivery still claims each row, so a row is never posted twice. Returns
 * the ids re-driven.
 */
export async function retryDead(db: Db, which: { id: number } | { all: true }): Promise<number[]> {
  const where = "id" in which ? { id: which.id, status: "dead" as const } : { status: "dead" as const };
  if ("id" in which) {
    const row = await db.outboxMessage.findUnique({ where: { id: which.id }, select: { status: true } });
    if (!row) throw new OutboxRetryError(`Meddelande ${which.id} finns inte.`);
    if (row.status !== "dead") throw new OutboxRetryError(`Meddelande ${which.id} är inte dött (status ${row.status}); bara döda meddelanden kan köas igen.`);
  }
  return db.$transaction(async (tx) => {
    const ids = (await tx.outboxMessage.findMany({ where, select: { id: true }, orderBy: { id: "asc" } })).map((r) => r.id);
    if (ids.length === 0) return [];
    await tx.outboxMessage.updateMany({
      where: { id: { in: ids }, status: "dead" },
      data: { status: "pending", attempts: 0, deadAt: null, claimedAt: null, leaseUntil: null },
    });
    return ids;
  });
}

/** The kind under which dead meeting reminders appear in the daily notice. */
export const REMINDER_KIND = "meeting_reminder";

export interface ReminderEntry {
  id: number;
  meetingId: number;
  /** The offset's key ("7d@0900", "2h", "deadline"). */
  key: string;
  status: "pending" | "dead";
  attempts: number;
  lastError: string | null;
  dueAt: string;
  deadAt: string | null;
  /** After this the reminder is pointless: the reconcile marks it skipped, retry refuses it. */
  meetingStartsAt: string;
}

/** Reminders not delivered: dead ones and pending ones already due (or only the dead); oldest first. */
export async function listReminders(db: Db, opts: { dead?: boolean; limit?: number; now?: Date } = {}): Promise<ReminderEntry[]> {
  const rows = await db.meetingReminder.findMany({
    where: opts.dead ? { status: "dead" } : { OR: [{ status: "dead" }, { status: "pending", dueAt: { lte: opts.now ?? new Date() } }] },
    orderBy: [{ dueAt: "asc" }, { id: "asc" }],
    take: opts.limit ?? 1000,
    select: { id: true, meetingId: true, key: true, status: true, attempts: true, lastError: true, dueAt: true, deadAt: true, meeting: { select: { startsAt: true } } },
  });
  return rows.map((r) => ({
    id: r.id,
    meetingId: r.meetingId,
    key: r.key,
    status: r.status === "dead" ? "dead" : "pending",
    attempts: r.attempts,
    lastError: errorCodeOnly(r.lastError),
    dueAt: r.dueAt.toISOString(),
    deadAt: r.deadAt?.toISOString() ?? null,
    meetingStartsAt: r.meeting.startsAt.toISOString(),
  }));
}

/**
 * Makes dead reminders of meetings that have not started pending again with a fresh set of
 * attempts; the reconcile (every NSP_SWEEP_INTERVAL_MS) queues them and they go out marked late.
 * The worker still claims each row, so none is posted twice. Returns the ids re-driven.
 */
export async function retryDeadReminders(db: Db, which: { id: number } | { all: true }, now: Date = new Date()): Promise<number[]> {
  if ("id" in which) {
    const row = await db.meetingReminder.findUnique({ where: { id: which.id }, select: { status: true, meeting: { select: { startsAt: true } } } });
    if (!row) throw new OutboxRetryError(`Påminnelse ${which.id} finns inte.`);
    if (row.status !== "dead") throw new OutboxRetryError(`Påminnelse ${which.id} är inte död (status ${row.status}); bara döda påminnelser kan köas igen.`);
    if (row.meeting.startsAt <= now) throw new OutboxRetryError(`Mötet för påminnelse ${which.id} har redan börjat; påminnelsen skickas inte.`);
  }
  return db.$transaction(async (tx) => {
    const where = { ...("id" in which ? { id: which.id } : {}), status: "dead" as const, meeting: { startsAt: { gt: now }, cancelledAt: null } };
    const ids = (await tx.meetingReminder.findMany({ where, select: { id: true }, orderBy: { id: "asc" } })).map((r) => r.id);
    if (ids.length === 0) return [];
    await tx.meetingReminder.updateMany({ where: { id: { in: ids }, status: "dead" }, data: { status: "pending", attempts: 0, deadAt: null, claimedAt: null } });
    return ids;
  });
}

/** Dead meeting reminders: /healthz and the daily notice. */
export async function deadReminderCount(db: Db): Promise<number> {
  return db.meetingReminder.count({ where: { status: "dead" } });
}

/** Dead rows (not counting the notices about them): /healthz and the daily notice. */
export async function deadCount(db: Db): Promise<number> {
  return db.outboxMessage.count({ where: { status: "dead", kind: { not: "dead_notice" } } });
}

export interface DeadSummary {
  count: number;
  kinds: { kind: string; count: number }[];
  oldest: Date | null;
}

export async function deadSummary(db: Db): Promise<DeadSummary> {
  const groups = await db.outboxMessage.groupBy({
    by: ["kind"],
    where: { status: "dead", kind: { not: "dead_notice" } },
    _count: { _all: true },
    _min: { deadAt: true },
  });
  const reminders = await db.meetingReminder.aggregate({ where: { status: "dead" }, _count: { _all: true }, _min: { deadAt: true } });
  if (reminders._count._all > 0) groups.push({ kind: REMINDER_KIND, _count: { _all: reminders._count._all }, _min: { deadAt: reminders._min.deadAt } });
  const kinds = groups.map((g) => ({ kind: g.kind, count: g._count._all })).sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind));
  const oldest = groups.map((g) => g._min.deadAt).filter((d): d is Date => d !== null).sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
  return { count: kinds.reduce((a, k) => a + k.count, 0), kinds, oldest };
}

const RUN_NAME = "outbox_dead_notice";
export const deadNoticeKey = (day: string, memberId: number): string => `dead_notice:${day}:${memberId}`;

/**
 * The daily notice to admins: on the first check of a Stockholm day at which dead rows exist, one
 * outbox row per admin (a DM), once per day (`scheduled_run`, also with two workers). Returns the
 * new outbox ids. If Slack is still down the notice may die too; the next day's check sends a new one.
 */
export async function runDeadNoticeCheck(db: Db, now: Date): Promise<number[]> {
  const day = formatDate(todayDate(now));
  return db.$transaction(async (tx) => {
    const dead = (await tx.outboxMessage.count({ where: { status: "dead", kind: { not: "dead_notice" } } })) + (await tx.meetingReminder.count({ where: { status: "dead" } }));
    if (dead === 0) return [];
    const claimed = await tx.$executeRaw`
      INSERT INTO "scheduled_run" ("name", "day") VALUES (${RUN_NAME}, ${day}::date) ON CONFLICT DO NOTHING`;
    if (claimed !== 1) return [];
    const admins = await tx.member.findMany({ where: { role: "admin" }, select: { id: true }, orderBy: { id: "asc" } });
    return addToOutbox(
      tx,
      admins.map((a) => ({ kind: "dead_notice" as const, requestId: null, refId: a.id, key: deadNoticeKey(day, a.id) })),
    );
  });
}
