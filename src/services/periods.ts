// Budget periods carry the rates and limits; a request is charged to the period containing its
// start date (its submission date when it has none).
import { sqlOf, type BudgetPeriod, type Db } from "../core/db.js";
import { sql, sqlDate } from "../core/sql.js";
import type { Rates } from "../domain/rates.js";

export async function periodForDate(db: Db, date: Date): Promise<BudgetPeriod | null> {
  return db.budgetPeriod.findFirst({
    where: { fromDate: { lte: date }, toDate: { gte: date } },
    orderBy: { fromDate: "desc" },
  });
}

export interface PeriodRates extends Rates {
  id: number;
  name: string;
}

/** The period containing `date` with its rates, in one raw round trip (used before an ack). */
export async function periodRatesForDate(db: Db, date: Date): Promise<PeriodRates | null> {
  const { rows } = await sqlOf(db).query<PeriodRates>(sql`
    SELECT "id", "name", "rest_daily_rate" AS "restDailyRate", "rest_child_daily_rate" AS "restChildDailyRate",
           "protection_daily_rate" AS "protectionDailyRate", "integration_daily_rate" AS "integrationDailyRate",
           "integration_child_daily_rate" AS "integrationChildDailyRate", "rest_max_days" AS "restMaxDays",
           "integration_max_days" AS "integrationMaxDays", "measure_min_amount" AS "measureMinAmount",
           "measure_max_amount" AS "measureMaxAmount"
    FROM "budget_period" WHERE "from_date" <= ${sqlDate(date)}::date AND "to_date" >= ${sqlDate(date)}::date
    ORDER BY "from_date" DESC LIMIT 1`);
  return rows[0] ?? null;
}

export function ratesOf(period: BudgetPeriod): Rates {
  return {
    restDailyRate: period.restDailyRate,
    restChildDailyRate: period.restChildDailyRate,
    protectionDailyRate: period.protectionDailyRate,
    integrationDailyRate: period.integrationDailyRate,
    integrationChildDailyRate: period.integrationChildDailyRate,
    restMaxDays: period.restMaxDays,
    integrationMaxDays: period.integrationMaxDays,
    measureMinAmount: period.measureMinAmount,
    measureMaxAmount: period.measureMaxAmount,
  };
}

// Reads used by listeners

export async function findPeriodById(db: Db, periodId: number): Promise<BudgetPeriod | null> {
  return db.budgetPeriod.findUnique({ where: { id: periodId } });
}
