// Swedish working days (issue #12, item 4): Monday–Friday except the public holidays that fall on
// a weekday. Midsommarafton, julafton and nyårsafton are not public holidays by law but offices
// are closed, so they count as holidays here. Days are "YYYY-MM-DD" calendar days (Stockholm).
import { addDays } from "date-fns";

const iso = (d: Date): string => d.toISOString().slice(0, 10);
const utcDay = (s: string): Date => new Date(`${s}T00:00:00.000Z`);

/** Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm), as a UTC-midnight Date. */
export function easterSunday(year: number): Date {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return new Date(Date.UTC(year, month - 1, day));
}

/** The days off of a year that can fall on a weekday ("YYYY-MM-DD" → Swedish name). */
export function swedishHolidays(year: number): Map<string, string> {
  const easter = easterSunday(year);
  // Midsommarafton: the Friday between 19 and 25 June.
  const june19 = new Date(Date.UTC(year, 5, 19));
  const midsummerEve = addDays(june19, (5 - june19.getUTCDay() + 7) % 7);
  const y = String(year);
  return new Map<string, string>([
    [`${y}-01-01`, "nyårsdagen"],
    [`${y}-01-06`, "trettondedag jul"],
    [iso(addDays(easter, -2)), "långfredagen"],
    [iso(addDays(easter, 1)), "annandag påsk"],
    [`${y}-05-01`, "första maj"],
    [iso(addDays(easter, 39)), "Kristi himmelsfärdsdag"],
    [`${y}-06-06`, "Sveriges nationaldag"],
    [iso(midsummerEve), "midsommarafton"],
    [`${y}-12-24`, "julafton"],
    [`${y}-12-25`, "juldagen"],
    [`${y}-12-26`, "annandag jul"],
    [`${y}-12-31`, "nyårsafton"],
  ]);
}

const cache = new Map<number, Map<string, string>>();
function holidaysOf(year: number): Map<string, string> {
  let h = cache.get(year);
  if (!h) {
    h = swedishHolidays(year);
    cache.set(year, h);
  }
  return h;
}

/** True for a Monday–Friday that is not a Swedish holiday ("YYYY-MM-DD"). */
export function isWorkingDay(day: string): boolean {
  const d = utcDay(day);
  if (Number.isNaN(d.getTime())) throw new RangeError(`isWorkingDay: invalid day '${day}'`);
  const weekday = d.getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !holidaysOf(d.getUTCFullYear()).has(day);
}

/**
 * The full working days that lie strictly between two calendar days ("YYYY-MM-DD"): a request
 * received on `from` and looked at on `to` has waited this many whole working days (neither the
 * day it arrived nor today counts). 0 when `to` is not after `from`.
 *
 * Received Monday → 2 on Thursday, 3 on Friday. Received Friday or Saturday → 3 on the next
 * Thursday. Received Thursday 2026-04-02 (Easter) → 2 on Thursday 2026-04-09, 3 on Friday 04-10.
 */
export function fullWorkingDaysBetween(from: string, to: string): number {
  const start = utcDay(from);
  const span = Math.round((utcDay(to).getTime() - start.getTime()) / 86_400_000);
  let n = 0;
  for (let i = 1; i < span; i++) if (isWorkingDay(iso(addDays(start, i)))) n++;
  return n;
}
