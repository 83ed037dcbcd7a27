// Meeting reminders: parsing NSP_MEETING_REMINDERS and computing when each reminder is due.
// Pure functions; all zone handling goes through @date-fns/tz (no offset/DST arithmetic here).
import { TZDate } from "@date-fns/tz";
import { isValid, subDays, subMinutes } from "date-fns";
import { TIME_ZONE } from "./format.js";
import { instantToWallClock, parseWallClock, resolveWallClock } from "./meeting-time.js";

/** Used when NSP_MEETING_REMINDERS is not set: a week before and the day before, at 09:00. */
export const DEFAULT_MEETING_REMINDERS = "7d@09:00,1d@09:00";

const ENV_NAME = "NSP_MEETING_REMINDERS";
const MAX_DAYS = 365;
const MAX_MINUTES = MAX_DAYS * 24 * 60;

/**
 * One reminder offset from NSP_MEETING_REMINDERS.
 *
 * - `daysAt` (`7d@09:00`): N calendar days before the meeting's Stockholm date, at that Stockholm
 *   wall-clock time. `0d@07:00` (the meeting day itself) is allowed.
 * - `days` (`1d`): N calendar days before, at the same Stockholm wall-clock time as the start.
 *   This is NOT N×24 hours: across a daylight-saving change it is 23 or 25 real hours per day.
 * - `duration` (`2h`, `30m`): exactly that many real minutes before the start instant.
 *
 * `key` is canonical and stable (used in job ids, so it never contains ':'):
 * "7d@0900", "1d", "2h", "30m"; `120m` is normalised to "2h". `label` is Swedish and tells how far
 * away the meeting is when the reminder is sent on time: "om 7 dagar", "i morgon", "om 2 timmar".
 */
export type ReminderOffset =
  | { kind: "daysAt"; days: number; time: string; key: string; label: string }
  | { kind: "days"; days: number; key: string; label: string }
  | { kind: "duration"; minutes: number; key: string; label: string };

export interface PlannedReminder {
  /** ReminderOffset.key, or "deadline" for the registration-deadline reminder. */
  key: string;
  kind: "before" | "deadline";
  dueAt: Date;
  /** Swedish: how far away the meeting (kind "before") or the deadline (kind "deadline") is. */
  label: string;
  /** dueAt is at or before `now`: the caller decides whether to send it late or skip it. */
  overdue: boolean;
}

export interface PlanRemindersInput {
  start: Date;
  /** Last day to register, "YYYY-MM-DD" (Stockholm calendar date); null/undefined/"" = none. */
  registrationDeadline?: string | null;
  offsets: readonly ReminderOffset[];
  now: Date;
  /** Stockholm time of the deadline reminder, "HH:mm"; default "09:00". */
  deadlineAt?: string;
}

/** Key of the registration-deadline reminder in PlannedReminder.key. */
export const DEADLINE_REMINDER_KEY = "deadline";

function daysLabel(days: number): string {
  if (days === 0) return "i dag";
  if (days === 1) return "i morgon";
  return `om ${days} dagar`;
}

function durationOffset(minutes: number): ReminderOffset {
  if (minutes % 60 === 0) {
    const hours = minutes / 60;
    return { kind: "duration", minutes, key: `${hours}h`, label: hours === 1 ? "om 1 timme" : `om ${hours} timmar` };
  }
  return { kind: "duration", minutes, key: `${minutes}m`, label: minutes === 1 ? "om 1 minut" : `om ${minutes} minuter` };
}

function invalid(part: string, why: string): Error {
  return new Error(`${ENV_NAME}: '${part}' is not ${why} (expected a comma-separated list like "7d@09:00,1d,2h,30m")`);
}

function parsePart(part: string): ReminderOffset {
  const p = part.toLowerCase();
  let m = /^(\d{1,6})\s*d\s*@\s*(\d{1,2}):(\d{2})$/.exec(p);
  if (m) {
    const days = Number(m[1]);
    const hh = Number(m[2]);
    const mm = Number(m[3]);
    if (days > MAX_DAYS) throw invalid(part, `a valid reminder: at most ${MAX_DAYS} days`);
    if (hh > 23 || mm > 59) throw invalid(part, "a valid reminder: the time must be 00:00–23:59");
    const time = `${String(hh).padStart(2, "0")}:${String(mm).padStart(2, "0")}`;
    return { kind: "daysAt", days, time, key: `${days}d@${time.replace(":", "")}`, label: daysLabel(days) };
  }
  m = /^(\d{1,6})\s*([dhm])$/.exec(p);
  if (m) {
    const n = Number(m[1]);
    const unit = m[2];
    if (n === 0) throw invalid(part, "a valid reminder: it must be before the meeting (use at least 1)");
    if (unit === "d") {
      if (n > MAX_DAYS) throw invalid(part, `a valid reminder: at most ${MAX_DAYS} days`);
      return { kind: "days", days: n, key: `${n}d`, label: daysLabel(n) };
    }
    const minutes = unit === "h" ? n * 60 : n;
    if (minutes > MAX_MINUTES) throw invalid(part, `a valid reminder: at most ${MAX_DAYS} days`);
    return durationOffset(minutes);
  }
  throw invalid(part, "a valid reminder");
}

/**
 * Parses NSP_MEETING_REMINDERS, e.g. "7d@09:00, 1d@09:00, 2h". Parts are comma-separated;
 * whitespace around parts, units and '@' is ignored, letters are case-insensitive, and empty parts
 * (a trailing comma) are skipped. "" → []. Duplicates (same canonical key, so "2h" and "120m"
 * count as one) are removed, keeping the first; otherwise the input order is kept. An invalid
 * part throws an Error naming it, for operators.
 */
export function parseReminderOffsets(spec: string): ReminderOffset[] {
  const out: ReminderOffset[] = [];
  const seen = new Set<string>();
  for (const raw of spec.split(",")) {
    const part = raw.trim();
    if (part === "") continue;
    const offset = parsePart(part);
    if (seen.has(offset.key)) continue;
    seen.add(offset.key);
    out.push(offset);
  }
  return out;
}

function assertValidDate(d: Date, what: string): void {
  if (!isValid(d)) throw new RangeError(`${what}: invalid Date`);
}

/**
 * The Stockholm calendar day `days` days before the given Stockholm calendar day. Evaluated at
 * local noon so that a daylight-saving change can never move the result to another day.
 */
function localDayBefore(year: number, month: number, day: number, days: number): TZDate {
  return subDays(new TZDate(year, month - 1, day, 12, 0, TIME_ZONE), days);
}

/** Wall-clock time on a TZDate's Stockholm day, resolved like meeting-time's resolveWallClock:
 * an ambiguous time takes the first (summer-time) occurrence, a skipped one moves forward by the
 * gap (02:30 on the spring-forward day → 03:30 CEST). */
function atLocalTime(day: TZDate, hours: number, minutes: number, seconds = 0, ms = 0): Date {
  return resolveWallClock(day.getFullYear(), day.getMonth() + 1, day.getDate(), hours, minutes, seconds, ms).instant;
}

/**
 * When a reminder for a meeting starting at `start` is due.
 * - `Nd@HH:mm`: N calendar days before the meeting's Stockholm date, at HH:mm Stockholm time
 *   (1d@09:00 before Monday 2026-03-30 10:00 → Sunday 2026-03-29 09:00 CEST = 07:00Z).
 * - `Nd`: N calendar days before, at the start's Stockholm wall-clock time.
 * - `Nh`/`Nm`: exactly that much real time before `start`.
 * A wall-clock time that falls in the spring-forward gap moves forward by the gap; one in the
 * repeated autumn hour takes the first (summer-time) occurrence.
 */
export function reminderDueAt(start: Date, offset: ReminderOffset): Date {
  assertValidDate(start, "reminderDueAt");
  if (offset.kind === "duration") return subMinutes(start, offset.minutes);
  const local = new TZDate(start.getTime(), TIME_ZONE);
  const day = localDayBefore(local.getFullYear(), local.getMonth() + 1, local.getDate(), offset.days);
  if (offset.kind === "days") {
    return atLocalTime(day, local.getHours(), local.getMinutes(), local.getSeconds(), local.getMilliseconds());
  }
  const [hh, mm] = offset.time.split(":").map(Number);
  return atLocalTime(day, hh ?? 0, mm ?? 0);
}

/**
 * When the reminder about a registration deadline ("YYYY-MM-DD", the last day to register) is
 * due: the day before the deadline at `at` ("HH:mm", default 09:00) Stockholm time. Throws on an
 * invalid deadline or time.
 */
export function deadlineReminderDueAt(deadline: string, at = "09:00"): Date {
  const p = parseWallClock(deadline, at);
  if (!p) throw new Error(`deadlineReminderDueAt: invalid deadline '${deadline}' or time '${at}'`);
  return atLocalTime(localDayBefore(p.year, p.month, p.day, 1), p.hours, p.minutes);
}

/**
 * Every reminder for one meeting, sorted by dueAt (ties: input order of `offsets`, then the
 * deadline reminder).
 *
 * Decisions:
 * - Reminders due in the past are KEPT (flagged `overdue`, i.e. dueAt <= now): a 7-day reminder
 *   for a meeting created two days ahead is returned; the caller decides to send it late or skip.
 * - Reminders due at or after the meeting start are dropped (e.g. 0d@09:00 for an 08:00 meeting).
 * - Two "before" offsets that land on the same instant (e.g. "1d" and "24h" away from a DST
 *   change) are merged into one, keeping the first offset: members should not get two identical
 *   messages at once. The deadline reminder is a different message and is never merged.
 * - The deadline reminder is dropped when the deadline is after the meeting's Stockholm date
 *   (a data mistake; registering after the meeting is meaningless) or when it would be due at or
 *   after the start. A deadline on the meeting day itself is kept.
 * - An invalid `start`, `now` or deadline string throws.
 */
export function planReminders(input: PlanRemindersInput): PlannedReminder[] {
  const { start, offsets, now } = input;
  assertValidDate(start, "planReminders start");
  assertValidDate(now, "planReminders now");
  const startMs = start.getTime();
  const planned: PlannedReminder[] = [];
  const seenKeys = new Set<string>();
  const seenDue = new Set<number>();

  const push = (key: string, kind: PlannedReminder["kind"], dueAt: Date, label: string): void => {
    planned.push({ key, kind, dueAt, label, overdue: dueAt.getTime() <= now.getTime() });
  };

  for (const offset of offsets) {
    if (seenKeys.has(offset.key)) continue;
    seenKeys.add(offset.key);
    const dueAt = reminderDueAt(start, offset);
    if (dueAt.getTime() >= startMs || seenDue.has(dueAt.getTime())) continue;
    seenDue.add(dueAt.getTime());
    push(offset.key, "before", dueAt, offset.label);
  }

  const deadline = input.registrationDeadline?.trim();
  if (deadline) {
    const dueAt = deadlineReminderDueAt(deadline, input.deadlineAt);
    const meetingDate = instantToWallClock(start).date;
    // "YYYY-MM-DD" strings compare like the dates they name.
    if (deadline <= meetingDate && dueAt.getTime() < startMs) push(DEADLINE_REMINDER_KEY, "deadline", dueAt, daysLabel(1));
  }

  // Array.prototype.sort is stable, so ties keep the insertion order described above.
  return planned.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}
