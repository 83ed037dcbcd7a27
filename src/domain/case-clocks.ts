// The clocks of issue #12, item 4, as pure functions: when a reminder before the end of a granted
// rest or integration period is due, which step comes next, when a komplettering is overdue, and
// which requests go into the coordinators' morning digest. Times are Europe/Stockholm.
import { TZDate } from "@date-fns/tz";
import { addDays } from "date-fns";
import { formatDate, TIME_ZONE } from "./format.js";
import { resolveWallClock } from "./meeting-time.js";
import type { RequestType } from "./types.js";
import { fullWorkingDaysBetween, isWorkingDay } from "./working-days.js";

/** NSP_CASE_REMINDERS when unset: five days and one day before the period's last day. */
export const DEFAULT_CASE_REMINDERS = "5d,1d";
/** Stockholm time at which a period-end reminder of a day becomes due (the start of an office day). */
export const CASE_REMINDER_TIME = "09:00";

/** One offset of NSP_CASE_REMINDERS: `days` calendar days before the period's last day. Key "5d". */
export interface CaseReminderOffset {
  days: number;
  key: string;
}

/**
 * Parses NSP_CASE_REMINDERS: comma-separated "Nd" (1–60), e.g. "5d,1d"; whitespace ignored,
 * duplicates dropped, sorted from the earliest (largest N) to the latest. "" → none. Throws an
 * Error naming a bad part (the config turns it into a message for operators).
 */
export function parseCaseReminders(spec: string): CaseReminderOffset[] {
  const seen = new Map<number, CaseReminderOffset>();
  for (const raw of spec.split(",")) {
    const part = raw.trim().toLowerCase();
    if (part === "") continue;
    const m = /^(\d{1,3})\s*d$/.exec(part);
    const days = m ? Number(m[1]) : NaN;
    if (!m || days < 0 || days > 60) throw new Error(`NSP_CASE_REMINDERS: '${raw.trim()}' is not a reminder (expected days before the end, 0–60, like "5d,1d")`);
    seen.set(days, { days, key: `${days}d` });
  }
  return [...seen.values()].sort((a, b) => b.days - a.days);
}

const utcDay = (s: string): Date => new Date(`${s}T00:00:00.000Z`);
const isoOf = (d: Date): string => d.toISOString().slice(0, 10);

/** When the reminder `offset` before a period whose last day is `end` ("YYYY-MM-DD") is due: 09:00 Stockholm, N days before. */
export function caseReminderDueAt(end: string, offset: CaseReminderOffset): Date {
  const day = addDays(utcDay(end), -offset.days);
  const [hh = 9, mm = 0] = CASE_REMINDER_TIME.split(":").map(Number);
  return resolveWallClock(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), hh, mm, 0, 0).instant;
}

/**
 * The reminder to send now for a period whose last day is `end`, or null. Decisions:
 * - Nothing once the period has ended (today in Stockholm after `end`).
 * - Of the offsets already due, only the latest one (smallest N): after a long outage, or for a
 *   period granted 3 days before its end, the members get one reminder, not "5 days" and "1 day"
 *   at once. A reminder skipped this way is never sent later (its time has passed).
 */
export function dueCaseReminder(end: string, offsets: readonly CaseReminderOffset[], now: Date): CaseReminderOffset | null {
  if (formatDate(now) > end) return null;
  let due: CaseReminderOffset | null = null;
  for (const o of offsets) {
    if (caseReminderDueAt(end, o).getTime() <= now.getTime() && (due === null || o.days < due.days)) due = o;
  }
  return due;
}

/** Days from today (Stockholm) to the period's last day: 0 = ends today. */
export function daysUntilEnd(end: string, now: Date): number {
  return Math.round((utcDay(end).getTime() - utcDay(formatDate(now)).getTime()) / 86_400_000);
}

/** The last day of a granted period: its end, or earlier when fewer days were granted than asked. */
export function grantedEnd(start: Date | null, end: Date, grantedDays: number | null): string {
  if (start && grantedDays !== null && grantedDays > 0) {
    const byDays = isoOf(addDays(start, grantedDays - 1));
    const asked = isoOf(end);
    return byDays < asked ? byDays : asked;
  }
  return isoOf(end);
}

/** The step after a granted period: integration after rest, a measure after integration. */
export const NEXT_STEP: Partial<Record<RequestType, RequestType>> = { rest: "integration", integration: "measure" };

export function nextStep(type: RequestType): RequestType | null {
  return NEXT_STEP[type] ?? null;
}

/** A komplettering asked at `askedAt` is overdue (one reminder) once `days` × 24 h have passed. */
export function infoReminderDue(askedAt: Date, days: number, now: Date): boolean {
  return now.getTime() - askedAt.getTime() >= days * 86_400_000;
}

/** "HH:mm" of the Stockholm wall clock has been reached on `now`'s day. */
export function localTimeReached(now: Date, at: string): boolean {
  const local = new TZDate(now.getTime(), TIME_ZONE);
  const [h = 0, m = 0] = at.split(":").map(Number);
  return local.getHours() * 60 + local.getMinutes() >= h * 60 + m;
}

/**
 * The digest is due on a working day once its time has passed (a day missed while every worker
 * was down is not caught up on a later day: the next digest lists the same requests anyway).
 */
export function digestDue(now: Date, at: string): boolean {
  return isWorkingDay(formatDate(now)) && localTimeReached(now, at);
}

/** How many full working days a request received at `receivedAt` has waited at `now`. */
export function workdaysWaiting(receivedAt: Date, now: Date): number {
  return fullWorkingDaysBetween(formatDate(receivedAt), formatDate(now));
}

/** The requests waiting more than `minWorkdays` full working days, oldest first, with their count. */
export function waitingTooLong<T extends { id: number; createdAt: Date }>(rows: readonly T[], now: Date, minWorkdays: number): (T & { workdays: number })[] {
  return rows
    .map((r) => ({ ...r, workdays: workdaysWaiting(r.createdAt, now) }))
    .filter((r) => r.workdays > minWorkdays)
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id);
}
