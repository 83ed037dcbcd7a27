// What every listener may use. Handed in by app.ts; tests build their own.
import type { Dispatcher, ReminderScheduler } from "../../core/ports.js";
import type { ReminderOffset } from "../../domain/reminders.js";
import type { Db } from "../../core/db.js";
import type { Logger } from "../../core/logger.js";
import { todayDate } from "../../domain/format.js";

export interface ListenerDeps {
  db: Db;
  dispatcher: Dispatcher;
  log: Logger;
  /** NSP_BUDGET_WARNING_THRESHOLDS (percent); the defaults 75, 90, 100 when not given. */
  budgetThresholds?: readonly number[];
  /** Adds the delayed jobs of newly planned meeting reminders (the sweep repairs what it misses). */
  reminders?: ReminderScheduler;
  /** Today's calendar date (UTC midnight) for the date rules of an application: NSP_TODAY, else the
   * real day in Stockholm (src/domain/format.ts todayDate) when not given. */
  today?: () => Date;
  /** NSP_MEETING_REMINDERS; the default (7d@09:00, 1d@09:00) when not given. */
  meetingReminders?: readonly ReminderOffset[];
}

/** Today's calendar date for the date rules: deps.today (NSP_TODAY in tests), else the real Stockholm day. */
export function todayOf(deps: Pick<ListenerDeps, "today">): Date {
  return deps.today?.() ?? todayDate();
}

export function errorMessage(err: unknown): string {
  if (typeof err === "object" && err !== null && "data" in err) {
    const data = err.data;
    if (typeof data === "object" && data !== null && "error" in data) return String(data.error);
  }
  return err instanceof Error ? err.message : String(err);
}
