// Swedish formatting: amounts as "12 500 kr", dates as "2016-09-01", times in Europe/Stockholm.
// Calendar dates (periods, meeting days) are Dates at UTC midnight of that day.
import { TZDate } from "@date-fns/tz";
import { differenceInCalendarDays, format, isValid, parse } from "date-fns";

export const TIME_ZONE = "Europe/Stockholm";

/** 12500 → "12 500" (regular spaces, so tests and Slack read the same). */
export function formatNumber(n: number): string {
  if (!Number.isSafeInteger(n)) throw new Error(`formatNumber expects an integer, got ${n}`);
  const sign = n < 0 ? "-" : "";
  return sign + String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, " ");
}

export function formatKr(amount: number): string {
  return `${formatNumber(amount)} kr`;
}

/** The calendar date in Stockholm, "YYYY-MM-DD". */
export function formatDate(d: Date): string {
  return format(new TZDate(d.getTime(), TIME_ZONE), "yyyy-MM-dd");
}

/** The UTC calendar day of a `@db.Date` value (a Date at UTC midnight) as "YYYY-MM-DD". Not
 * formatDate(): that gives the Stockholm day of an instant, which is the next day for a Date after
 * 22:00/23:00 UTC. Use isoDay for date columns (periods, deadlines), formatDate for timestamps. */
export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** "YYYY-MM-DD HH:mm" in Stockholm. */
export function formatDateTime(d: Date): string {
  return format(new TZDate(d.getTime(), TIME_ZONE), "yyyy-MM-dd HH:mm");
}

/** Strict "YYYY-MM-DD" → Date at UTC midnight of that calendar day; null when invalid. */
export function parseIsoDate(s: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return null;
  const local = parse(s, "yyyy-MM-dd", new Date(0));
  if (!isValid(local) || format(local, "yyyy-MM-dd") !== s) return null;
  return new Date(`${s}T00:00:00.000Z`);
}

/** The instant the Stockholm calendar day `day` (a Date at UTC midnight) begins: 2016-09-01 →
 * 2016-08-31T22:00Z in summer, 23:00Z in winter. */
export function stockholmDayStart(day: Date): Date {
  return new Date(new TZDate(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), TIME_ZONE).getTime());
}

/** Days from `from` to `to`, both included (calendar dates at UTC midnight); 0 or less when `to`
 * is before `from`. */
export function daysInclusive(from: Date, to: Date): number {
  return differenceInCalendarDays(new TZDate(to.getTime(), "UTC"), new TZDate(from.getTime(), "UTC")) + 1;
}

/** Today's calendar date in Stockholm as a UTC-midnight Date. */
export function todayDate(now: Date = new Date()): Date {
  return new Date(`${formatDate(now)}T00:00:00.000Z`);
}

/** "1 dag", "2 dagar", "0 dagar": a count with the Swedish singular for exactly one. */
export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "(1 dag)" / "30 dagar", "? dagar" when the days are unknown. */
export function daysText(days: number | null): string {
  return days === null ? "? dagar" : plural(days, "dag", "dagar");
}
