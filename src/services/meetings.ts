// Meetings in Postgres: create, edit, cancel, list, RSVP. Every change plans the meeting's
// reminders (MeetingReminder rows) in the same transaction, so the database always knows what is
// due; BullMQ jobs only wake a worker (jobs/meeting-reminders.ts).
//
// Decisions:
// - Reminders are planned per meeting `sequence`. An edit bumps the sequence, cancels the pending
//   rows of the old plan and inserts the new plan; its delayed jobs find their rows cancelled and
//   do nothing. A reminder already sent stays sent.
// - Only reminders due after `now` are planned. One already due when the meeting is created or
//   edited (a 7-day reminder for a meeting three days ahead, or the 1-day reminder that was sent
//   before the meeting moved by an hour) would tell members nothing new; "late" sending is for
//   reminders that were due while a worker or Redis was down.
// - When a reminder had already gone out: an edit of time, date or place posts "Ändrat" to the
//   channel, a cancellation posts "Inställt", and every sent reminder message is refreshed
//   (chat.update, rendered from the database) so it shows the current details and no buttons
//   after a cancellation. All through the outbox, in the same transaction.
// - A meeting created from the modal is announced in its channel (outbox "meeting_announced",
//   issue #15) with "Jag kommer" / "Kan inte", so members can answer long before the first
//   reminder. `announce` is the caller's choice: the modal announces; rows made by imports, the
//   seed or tests that only need a meeting do not. Once the announcement went out (or a worker is
//   sending it) the channel knows the meeting, so an edit or cancellation posts "Ändrat" /
//   "Inställt" and refreshes it, like a sent reminder.
// - Anyone who can see a meeting may answer it: `/nsp möten` lists every coming meeting to anyone
//   in the workspace and the reminders go to channels. The answer is validated here (the meeting
//   exists, is not cancelled, has not started); only the Slack id is stored.
// - Edits are optimistic: the modal carries the sequence it showed; a meeting changed by someone
//   else in between is not overwritten.
import { Prisma, sqlOf, type Db, type Tx } from "../core/db.js";
import { subDays } from "date-fns";
import type { MeetingDraft } from "../domain/meetings.js";
import { planReminders, type ReminderOffset } from "../domain/reminders.js";
import { sql } from "../core/sql.js";
import { findActor, type Actor } from "./members.js";
import { meetingHomeRefreshes } from "./outbox.js";
import { addToOutbox, type OutboxItem } from "./outbox.js";
import { outboxKeys } from "../domain/outbox.js";
import { isoDay } from "../domain/format.js";

export interface ScheduledReminder {
  id: number;
  dueAt: Date;
}

const meetingWithGroup = { group: true } as const;
export type MeetingWithGroup = Prisma.MeetingGetPayload<{ include: typeof meetingWithGroup }>;

/** The channel a meeting's messages go to: its group's, else the network channel. */
export function meetingChannel(m: { group: { channel: string } | null }, networkChannel: string): string {
  return m.group?.channel ?? networkChannel;
}

/** Creator, the group's convener or an admin (a registered member in every case). */
export function canManageMeeting(actor: Actor | null, m: { createdBy: string; group: { convenerSlackId: string | null } | null }): actor is Actor {
  if (!actor) return false;
  return actor.role === "admin" || m.createdBy === actor.slackUserId || m.group?.convenerSlackId === actor.slackUserId;
}

const deadlineDate = (d: string | null): Date | null => (d ? new Date(`${d}T00:00:00.000Z`) : null);

function draftData(d: MeetingDraft) {
  return {
    kind: d.kind,
    title: d.title,
    theme: d.theme,
    groupId: d.groupId,
    startsAt: d.startsAt,
    endsAt: d.endsAt,
    place: d.place,
    registration: d.registration,
    registrationDeadline: deadlineDate(d.registrationDeadline),
  };
}

/** Inserts the reminders of the meeting's current sequence that are due after `now`. */
async function planRows(
  tx: Tx,
  m: { id: number; sequence: number; startsAt: Date; registrationDeadline: Date | null },
  offsets: readonly ReminderOffset[],
  now: Date,
): Promise<ScheduledReminder[]> {
  const planned = planReminders({
    start: m.startsAt,
    registrationDeadline: m.registrationDeadline ? isoDay(m.registrationDeadline) : null,
    offsets,
    now,
  }).filter((p) => !p.overdue);
  if (planned.length === 0) return [];
  await tx.meetingReminder.createMany({
    data: planned.map((p) => ({ meetingId: m.id, key: p.key, sequence: m.sequence, label: p.label, dueAt: p.dueAt })),
    skipDuplicates: true,
  });
  return tx.meetingReminder.findMany({
    where: { meetingId: m.id, sequence: m.sequence, status: "pending" },
    select: { id: true, dueAt: true },
    orderBy: { dueAt: "asc" },
  });
}

function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";
}

/** Stores a new meeting and its reminders. A replayed submission (same key) stores nothing new. */
export async function createMeeting(
  db: Db,
  input: { draft: MeetingDraft; createdBy: string; submissionKey: string | null; announce?: boolean },
  offsets: readonly ReminderOffset[],
  now: Date = new Date(),
): Promise<{ meetingId: number; created: boolean; reminders: ScheduledReminder[]; outboxIds: number[] }> {
  try {
    return await db.$transaction(async (tx) => {
      const m = await tx.meeting.create({ data: { ...draftData(input.draft), createdBy: input.createdBy, submissionKey: input.submissionKey } });
      const reminders = await planRows(tx, m, offsets, now);
      const announced: OutboxItem[] = input.announce ? [{ kind: "meeting_announced", requestId: null, refId: m.id, key: outboxKeys.meetingAnnounced(m.id) }] : [];
      return { meetingId: m.id, created: true, reminders, outboxIds: await addToOutbox(tx, [...announced, ...meetingHomeRefreshes(m.id, m.sequence, [m.groupId])]) };
    });
  } catch (err) {
    if (!isUniqueViolation(err) || input.submissionKey === null) throw err;
    const m = await db.meeting.findUniqueOrThrow({ where: { submissionKey: input.submissionKey } });
    return { meetingId: m.id, created: false, reminders: [], outboxIds: [] };
  }
}

/**
 * Outbox items for a change of a meeting whose reminders went out (see the decisions above). A
 * reminder a worker has claimed but not yet marked sent counts as gone out for the notice (it may
 * be on its way to Slack right now); only sent ones, whose message is known, are refreshed.
 */
async function sentReminderItems(tx: Tx, meetingId: number, sequence: number, notice: OutboxItem | null): Promise<OutboxItem[]> {
  const [out, announcement] = await Promise.all([
    tx.meetingReminder.findMany({
      where: { meetingId, OR: [{ status: "sent" }, { status: "pending", claimedAt: { not: null } }] },
      select: { id: true, status: true },
    }),
    tx.outboxMessage.findFirst({
      where: { kind: "meeting_announced", refId: meetingId, OR: [{ status: "sent", ts: { not: null } }, { status: "pending", claimedAt: { not: null } }] },
      select: { status: true },
    }),
  ]);
  if (out.length === 0 && !announcement) return [];
  const refresh = out
    .filter((r) => r.status === "sent")
    .map((r): OutboxItem => ({ kind: "meeting_reminder_refresh", requestId: null, refId: r.id, key: outboxKeys.reminderRefresh(r.id, sequence) }));
  if (announcement?.status === "sent") {
    refresh.push({ kind: "meeting_announcement_refresh", requestId: null, refId: meetingId, key: outboxKeys.announcementRefresh(meetingId, sequence) });
  }
  return notice ? [notice, ...refresh] : refresh;
}

export type UpdateMeetingResult =
  | { ok: true; reminders: ScheduledReminder[]; outboxIds: number[] }
  | { ok: false; reason: "missing" | "cancelled" | "changed" };

export async function updateMeeting(
  db: Db,
  input: { meetingId: number; expectedSequence: number; draft: MeetingDraft },
  offsets: readonly ReminderOffset[],
  now: Date = new Date(),
): Promise<UpdateMeetingResult> {
  return db.$transaction(async (tx) => {
    const before = await tx.meeting.findUnique({ where: { id: input.meetingId } });
    if (!before) return { ok: false, reason: "missing" };
    if (before.cancelledAt) return { ok: false, reason: "cancelled" };
    const updated = await tx.meeting.updateMany({
      where: { id: input.meetingId, sequence: input.expectedSequence, cancelledAt: null },
      data: { ...draftData(input.draft), sequence: { increment: 1 } },
    });
    if (updated.count !== 1) return { ok: false, reason: "changed" };
    const m = await tx.meeting.findUniqueOrThrow({ where: { id: input.meetingId } });
    const moved =
      before.startsAt.getTime() !== m.startsAt.getTime() ||
      before.endsAt.getTime() !== m.endsAt.getTime() ||
      (before.place ?? "") !== (m.place ?? "") ||
      before.groupId !== m.groupId;
    const notice: OutboxItem | null = moved ? { kind: "meeting_changed", requestId: null, refId: m.id, key: outboxKeys.meetingChanged(m.id, m.sequence) } : null;
    const items = await sentReminderItems(tx, m.id, m.sequence, notice);
    await tx.meetingReminder.updateMany({ where: { meetingId: m.id, status: "pending" }, data: { status: "cancelled" } });
    const reminders = await planRows(tx, m, offsets, now);
    const homes = meetingHomeRefreshes(m.id, m.sequence, [before.groupId, m.groupId]);
    return { ok: true, reminders, outboxIds: await addToOutbox(tx, [...items, ...homes]) };
  });
}

/** Cancels the meeting and its pending reminders (once; a second call changes nothing). */
export async function cancelMeeting(
  db: Db,
  input: { meetingId: number; actor: string },
  now: Date = new Date(),
): Promise<{ ok: true; outboxIds: number[] } | { ok: false; reason: "missing" | "cancelled" }> {
  return db.$transaction(async (tx) => {
    const updated = await tx.meeting.updateMany({
      where: { id: input.meetingId, cancelledAt: null },
      data: { cancelledAt: now, cancelledBy: input.actor, sequence: { increment: 1 } },
    });
    if (updated.count !== 1) return { ok: false, reason: (await tx.meeting.count({ where: { id: input.meetingId } })) ? "cancelled" : "missing" };
    const m = await tx.meeting.findUniqueOrThrow({ where: { id: input.meetingId } });
    const notice: OutboxItem = { kind: "meeting_cancelled", requestId: null, refId: m.id, key: outboxKeys.meetingCancelled(m.id) };
    const items = await sentReminderItems(tx, m.id, m.sequence, notice);
    await tx.meetingReminder.updateMany({ where: { meetingId: m.id, status: "pending" }, data: { status: "cancelled" } });
    return { ok: true, outboxIds: await addToOutbox(tx, [...items, ...meetingHomeRefreshes(m.id, m.sequence, [m.groupId])]) };
  });
}

export async function loadMeeting(db: Db | Tx, meetingId: number): Promise<MeetingWithGroup | null> {
  return db.meeting.findUnique({ where: { id: meetingId }, include: meetingWithGroup });
}

/** Coming meetings (not ended, not cancelled): those of the caller's groups first, then by start. */
export async function listComingMeetings(db: Db, slackUserId: string, now: Date = new Date(), limit = 15): Promise<{ meeting: MeetingWithGroup; mine: boolean }[]> {
  const [meetings, memberships] = await Promise.all([
    db.meeting.findMany({ where: { endsAt: { gt: now }, cancelledAt: null }, include: meetingWithGroup, orderBy: [{ startsAt: "asc" }, { id: "asc" }], take: 200 }),
    db.groupMember.findMany({ where: { slackUserId }, select: { groupId: true } }),
  ]);
  const mine = new Set(memberships.map((g) => g.groupId));
  const tagged = meetings.map((meeting) => ({
    meeting,
    mine: meeting.group !== null && (mine.has(meeting.group.id) || meeting.group.convenerSlackId === slackUserId),
  }));
  // Array.prototype.sort is stable: within each part the start order is kept.
  return tagged.sort((a, b) => Number(b.mine) - Number(a.mine)).slice(0, limit);
}

/** `/nsp möten` for one user: the coming meetings with what the user may do and their answer. */
export async function meetingListFor(db: Db, slackUserId: string, now: Date = new Date()): Promise<{ meeting: MeetingWithGroup; mine: boolean; canManage: boolean; answer: "yes" | "no" | null }[]> {
  const [items, actor] = await Promise.all([listComingMeetings(db, slackUserId, now), findActor(db, slackUserId)]);
  const answers = await db.rsvp.findMany({ where: { slackUserId, meetingId: { in: items.map((i) => i.meeting.id) } } });
  const answerOf = new Map(answers.map((a) => [a.meetingId, a.answer]));
  return items.map((i) => ({ ...i, canManage: canManageMeeting(actor, i.meeting), answer: answerOf.get(i.meeting.id) ?? null }));
}

export type RsvpResult = { ok: true } | { ok: false; reason: "missing" | "cancelled" | "past" };

/** Records an answer (the latest click wins); refused for cancelled and started meetings. */
export async function setRsvp(db: Db, meetingId: number, slackUserId: string, answer: "yes" | "no", now: Date = new Date()): Promise<RsvpResult> {
  const { rows } = await sqlOf(db).query<{ meeting_id: number }>(sql`
    INSERT INTO "rsvp" ("meeting_id", "slack_user_id", "answer", "answered_at")
    SELECT m."id", ${slackUserId}, ${answer}::"RsvpAnswer", ${now}
    FROM "meeting" m WHERE m."id" = ${meetingId} AND m."cancelled_at" IS NULL AND m."starts_at" > ${now}
    ON CONFLICT ("meeting_id", "slack_user_id") DO UPDATE SET "answer" = EXCLUDED."answer", "answered_at" = EXCLUDED."answered_at"
    RETURNING "meeting_id"`);
  if (rows.length === 1) return { ok: true };
  const m = await db.meeting.findUnique({ where: { id: meetingId }, select: { cancelledAt: true } });
  return { ok: false, reason: !m ? "missing" : m.cancelledAt ? "cancelled" : "past" };
}

export interface RsvpSummary {
  yes: string[];
  no: string[];
}

export async function rsvpSummary(db: Db | Tx, meetingId: number): Promise<RsvpSummary> {
  const rows = await db.rsvp.findMany({ where: { meetingId }, orderBy: [{ answeredAt: "asc" }, { slackUserId: "asc" }] });
  return { yes: rows.filter((r) => r.answer === "yes").map((r) => r.slackUserId), no: rows.filter((r) => r.answer === "no").map((r) => r.slackUserId) };
}

/** Meetings for the iCalendar feed: not ended more than `pastDays` ago, optionally of one group. */
export async function calendarMeetings(db: Db, opts: { groupId?: number; now?: Date; pastDays?: number } = {}): Promise<MeetingWithGroup[]> {
  const now = opts.now ?? new Date();
  const since = subDays(now, opts.pastDays ?? 30);
  return db.meeting.findMany({
    where: { endsAt: { gt: since }, ...(opts.groupId !== undefined ? { groupId: opts.groupId } : {}) },
    include: meetingWithGroup,
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    take: 1000,
  });
}

/** "YYYY-MM-DD" of a `@db.Date` column, or null. */
export function dateOnly(d: Date | null): string | null {
  return d ? isoDay(d) : null;
}

// Reads used by listeners

/** The meeting's reminders that were posted (oldest first): the messages an RSVP updates. */
export async function sentReminders(db: Db, meetingId: number) {
  return db.meetingReminder.findMany({ where: { meetingId, status: "sent" }, orderBy: { id: "asc" } });
}

/** Where the meeting's announcement was posted, once it was (the outbox row keeps channel and ts). */
export async function sentAnnouncement(db: Db | Tx, meetingId: number): Promise<{ channel: string; ts: string } | null> {
  const row = await db.outboxMessage.findFirst({ where: { kind: "meeting_announced", refId: meetingId, status: "sent" }, select: { channel: true, ts: true } });
  return row?.channel && row.ts ? { channel: row.channel, ts: row.ts } : null;
}
