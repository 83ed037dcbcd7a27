// The budget forecast read from Postgres (issue #13, item 4): a period's categories as `budget
// show` reads them and the open requests charged to the period at their stored cost lines. The
// arithmetic and the funder text are in src/domain/forecast.ts. Reads only; reads no free text.
import { forecast, type Forecast, type PendingRequest } from "../domain/forecast.js";
import { askedLabel } from "../domain/request-name.js";
import { OPEN_STATUSES } from "../domain/types.js";
import type { Db } from "../core/db.js";
import { AdminError } from "./admin.js";
import { resolvePeriod } from "./budget-admin.js";
import { loadPeriodBudget, storedLines } from "./budget-read.js";

/** The open requests (received, under review) charged to the period, with their cost lines. */
export async function pendingRequests(db: Db, periodId: number): Promise<PendingRequest[]> {
  const rows = await db.request.findMany({
    where: { periodId, status: { in: [...OPEN_STATUSES] } },
    orderBy: { id: "asc" },
    select: {
      id: true,
      type: true,
      periodId: true,
      caseId: true,
      startDate: true,
      endDate: true,
      days: true,
      children: true,
      protection: true,
      measure: true,
      quantity: true,
      unitAmount: true,
      requestedAmount: true,
      costLines: true,
      case: { select: { ref: true } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    caseRef: r.case?.ref ?? null,
    asked: askedLabel(r),
    lines: storedLines(r).map((l) => ({ category: l.category, amount: l.amount })),
  }));
}

/** The forecast of one period, or null when it does not exist. */
export async function loadForecast(db: Db, periodId: number): Promise<Forecast | null> {
  const budget = await loadPeriodBudget(db, periodId);
  if (!budget) return null;
  const pending = await pendingRequests(db, periodId);
  return forecast({ period: budget.period, categories: budget.categories, pending });
}

/** `npm run admin -- budget forecast [--period "<namn>"]`: the named period, else the current one. */
export async function cliForecast(db: Db, periodName?: string): Promise<Forecast> {
  const period = await resolvePeriod(db, periodName);
  const f = await loadForecast(db, period.id);
  if (!f) throw new AdminError("Perioden hittades inte.");
  return f;
}
