// Benchmark of the period report (issue #5: "10 000 requests and 2 000 cases in under 2 s"): seeds
// a throwaway database with 2 000 cases and 10 000 requests (every type and status, decisions with
// commitments, transfers) in one budget period, then times the whole report — the SQL, the tables,
// and the Markdown, CSV and JSON files — over several runs and prints the figures.
// Run: `npx tsx dev/bench/bench-report.ts` (PostgreSQL on 127.0.0.1:5432, user postgres).
import { spawnSync } from "node:child_process";
import pg from "pg";
import { closeDb, createDb, sqlOf } from "../../src/core/db.js";
import { BUDGET_CATEGORIES, CATEGORY_NAME } from "../../src/domain/budget.js";
import { RATES_2016 } from "../../src/domain/rates.js";
import { reportJson } from "../../src/domain/report-output.js";
import { reportUploadFiles } from "../../src/services/report-workbook.js";
import { loadReport } from "../../src/services/report.js";
import { seedHistory } from "./bench-seed.js";
import { ensureDatabase } from "../../scripts/prisma.js";

const CASES = Number(process.env.BENCH_CASES ?? 2_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const LIMIT_MS = 2_000;

async function seed(databaseUrl: string): Promise<void> {
  const db = createDb(databaseUrl, { max: 2 });
  try {
    const org = await db.organisation.create({ data: { name: "Bench", certified: true } });
    const period = await db.budgetPeriod.create({ data: { name: "Bench 2016", fromDate: new Date("2016-01-01"), toDate: new Date("2016-12-31"), ...RATES_2016 } });
    await db.budgetCategory.createMany({
      data: BUDGET_CATEGORIES.map((key, i) => ({ periodId: period.id, key, name: CATEGORY_NAME[key], allocated: 100_000_000, sortOrder: i })),
    });
    const pool = sqlOf(db);
    await seedHistory(pool, { orgId: org.id, periodId: period.id, cases: CASES, requests: REQUESTS });
    await pool.query(
      `INSERT INTO "budget_transfer" ("period_id", "from_category_id", "to_category_id", "amount", "reason", "actor", "created_at")
       SELECT $1, f."id", t."id", 1000, 'bench', 'U0BENCHCOORD', TIMESTAMPTZ '2016-06-01 00:00+00' + make_interval(days => g)
       FROM generate_series(1, 50) g
       JOIN "budget_category" f ON f."period_id" = $1 AND f."key" = 'integration'
       JOIN "budget_category" t ON t."period_id" = $1 AND t."key" = 'measure'`,
      [period.id],
    );
    await pool.query(`ANALYZE`);
    const { rows } = await pool.query<{ requests: string; cases: string }>(`SELECT (SELECT count(*) FROM "request") AS "requests", (SELECT count(*) FROM "case") AS "cases"`);
    process.stderr.write(`bench-report: seeded ${rows[0]?.requests} requests and ${rows[0]?.cases} cases\n`);
  } finally {
    await closeDb(db);
  }
}

async function main(): Promise<void> {
  const dbName = `nsp_bench_report_${Date.now().toString(36)}`;
  const databaseUrl = `postgresql://postgres@127.0.0.1:5432/${dbName}`;
  await ensureDatabase(databaseUrl);
  try {
    const migrate = spawnSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: databaseUrl }, encoding: "utf8" });
    if (migrate.status !== 0) throw new Error(migrate.stderr);
    await seed(databaseUrl);
    // A fresh pool as the app has one (the default size of the receiver's pool).
    const db = createDb(databaseUrl, { max: 20 });
    try {
      const times: number[] = [];
      let bytes = 0;
      let received = 0;
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now();
        const report = await loadReport(db, { from: "2016-01-01", to: "2016-12-31" });
        const files = await reportUploadFiles(report); // what /nsp rapport uploads: Markdown, the xlsx workbook, the CSVs
        const json = reportJson(report);
        times.push(performance.now() - started);
        bytes = files.reduce((a, f) => a + Buffer.byteLength(f.content), 0) + Buffer.byteLength(json);
        received = report.table1.reduce((a, t) => a + t.received, 0);
      }
      const sorted = [...times].sort((a, b) => a - b);
      const median = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
      const worst = sorted.at(-1) ?? Number.NaN;
      console.log(`\nPeriod report, ${REQUESTS} requests and ${CASES} cases in one budget period (SQL + tables + Markdown, xlsx, CSV and JSON files).`);
      console.log(`runs: ${times.map((t) => `${Math.round(t)} ms`).join(" / ")}  (the first includes connecting and warming up)`);
      console.log(`median ${Math.round(median)} ms · slowest ${Math.round(worst)} ms · limit ${LIMIT_MS} ms · ${received} requests in Table 1 · ${Math.round(bytes / 1024)} KiB of files`);
      console.log(worst < LIMIT_MS ? "OK: under the limit." : "SLOW: over the limit.");
      if (worst >= LIMIT_MS) process.exitCode = 1;
    } finally {
      await closeDb(db);
    }
  } finally {
    const admin = new pg.Client({ connectionString: "postgresql://postgres@127.0.0.1:5432/postgres" });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.end();
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
