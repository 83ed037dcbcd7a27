// Meeting times: Stockholm wall-clock time ("2026-03-29" + "10:00") ⇄ instants (Date).
// All zone handling goes through @date-fns/tz; there is no hand-written offset or DST arithmetic.
import { TZDate } from "@date-fns/tz";
import { format, isValid, subHours } from "date-fns";
import { TIME_ZONE, parseIsoDate } from "./format.js";

/** A Stockholm wall-clock time, "YYYY-MM-DD" and "HH:mm". */
export interface WallClock {
  date: string;
  time: string;
}

/** Strict "HH:mm", 00:00–23:59. */
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

function wallClockText(d: Date): string {
  return format(new TZDate(d.getTime(), TIME_ZONE), "yyyy-MM-dd HH:mm:ss.SSS");
}

/**
 * Resolves a Stockholm wall-clock time (already validated numbers; month 1–12) to an instant.
 *
 * - Ambiguous times (the repeated hour when summer time ends, e.g. 2026-10-25 02:30) resolve to
 *   the FIRST occurrence, i.e. still summer time (CEST). TZDate itself picks the second one, so
 *   we look one real hour earlier: if that instant shows the same wall-clock time in Stockholm,
 *   it is the first occurrence (Sweden's clock changes are always exactly one hour).
 * - Non-existent times (the skipped hour when summer time starts, e.g. 2026-03-29 02:30) come
 *   back with `exact: false` and the instant TZDate picks, which is where the clock would have
 *   been had it not jumped (02:30 → 03:30 CEST, 01:30Z).
 */
export function resolveWallClock(
  year: number,
  month: number,
  day: number,
  hours: number,
  minutes: number,
  seconds = 0,
  milliseconds = 0,
): { instant: Date; exact: boolean } {
  const candidate = new Date(new TZDate(year, month - 1, day, hours, minutes, seconds, milliseconds, TIME_ZONE).getTime());
  const pad = (n: number, width = 2): string => String(n).padStart(width, "0");
  const wanted = `${pad(year, 4)}-${pad(month)}-${pad(day)} ${pad(hours)}:${pad(minutes)}:${pad(seconds)}.${pad(milliseconds, 3)}`;
  if (wallClockText(candidate) !== wanted) return { instant: candidate, exact: false };
  const hourEarlier = subHours(candidate, 1);
  if (wallClockText(hourEarlier) === wanted) return { instant: hourEarlier, exact: true };
  return { instant: candidate, exact: true };
}

/** Splits strict "YYYY-MM-DD" / "HH:mm" into numbers; null when either is invalid. */
export function parseWallClock(
  date: string,
  time: string,
): { year: number; month: number; day: number; hours: number; minutes: number } | null {
  if (parseIsoDate(date) === null) return null;
  const t = TIME_RE.exec(time);
  if (!t) return null;
  const [year, month, day] = date.split("-").map(Number);
  if (year === undefined || month === undefined || day === undefined) return null;
  return { year, month, day, hours: Number(t[1]), minutes: Number(t[2]) };
}

/**
 * The instant of a Stockholm wall-clock time. `date` is strict "YYYY-MM-DD", `time` strict
 * "HH:mm" (24-hour, zero-padded). Returns null for invalid input and for a time that does not
 * exist in Stockholm (the hour skipped when summer time starts, e.g. 2026-03-29 02:30). For an
 * ambiguous time (the hour repeated when summer time ends, e.g. 2026-10-25 02:30) the first
 * occurrence, still in summer time, is returned (2026-10-25T00:30:00Z).
 */
export function wallClockToInstant(date: string, time: string): Date | null {
  const p = parseWallClock(date, time);
  if (!p) return null;
  const { instant, exact } = resolveWallClock(p.year, p.month, p.day, p.hours, p.minutes);
  return exact ? instant : null;
}

/** The Stockholm calendar date and time ("HH:mm", seconds dropped) of an instant. Throws on an
 * invalid Date. */
export function instantToWallClock(d: Date): WallClock {
  if (!isValid(d)) throw new RangeError("instantToWallClock: invalid Date");
  const local = new TZDate(d.getTime(), TIME_ZONE);
  return { date: format(local, "yyyy-MM-dd"), time: format(local, "HH:mm") };
}

/**
 * Swedish display of a meeting's time span in Stockholm time:
 * "2016-09-14 13:00–16:00" (same day, en dash without spaces) or
 * "2016-09-14 13:00 – 2016-09-15 12:00" (different days, spaced en dash).
 */
export function formatMeetingWhen(start: Date, end: Date): string {
  const s = instantToWallClock(start);
  const e = instantToWallClock(end);
  if (s.date === e.date) return `${s.date} ${s.time}\u2013${e.time}`;
  return `${s.date} ${s.time} \u2013 ${e.date} ${e.time}`;
}
