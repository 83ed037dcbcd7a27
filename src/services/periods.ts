// Budget periods carry the rates and limits; a request is charged to the period containing its
// start date (its submission date when it has none).
import type { BudgetPeriod, Db } from "../db.js";
import type { Rates } from "../domain/rates.js";

export async function periodForDate(db: Db, date: Date): Promise<BudgetPeriod | null> {
  return db.budgetPeriod.findFirst({
    where: { fromDate: { lte: date }, toDate: { gte: date } },
    orderBy: { fromDate: "desc" },
  });
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
