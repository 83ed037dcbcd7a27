// Rates and limits of a budget period, in whole kronor. The app reads them from the database per
// period; RATES_2016 is the programme's 2016 pilot (annual report), used by the seed and tests.

export interface Rates {
  restDailyRate: number;
  restChildDailyRate: number;
  protectionDailyRate: number;
  integrationDailyRate: number;
  integrationChildDailyRate: number;
  restMaxDays: number;
  integrationMaxDays: number;
  measureMinAmount: number;
  measureMaxAmount: number;
}

export const RATES_2016: Rates = {
  restDailyRate: 1200,
  restChildDailyRate: 300,
  protectionDailyRate: 150,
  integrationDailyRate: 600,
  integrationChildDailyRate: 200,
  restMaxDays: 30,
  integrationMaxDays: 90,
  measureMinAmount: 500,
  measureMaxAmount: 5000,
};
