// Test access to the run's database (created by tests/global-setup.ts).
import { inject } from "vitest";
import { closeDb, createDb, type Db } from "../../src/core/db.js";
export { closeDb };

export function testDatabaseUrl(): string {
  return inject("databaseUrl");
}

export function testDb(): Db {
  return createDb(testDatabaseUrl(), { max: 30 });
}

/**
 * Empties every application table (between test files that need a clean slate). A harness's
 * workers may be sweeping at that moment; TRUNCATE's locks can then deadlock with the sweep's
 * transaction, and Postgres aborts one of them: retry.
 */
export async function truncateAll(db: Db): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await db.$executeRawUnsafe(`
    TRUNCATE "audit_entry", "info_request", "outbox_message", "request", "case", "member",
             "organisation", "budget_period", "counter", "scheduled_run",
             "working_group", "meeting" RESTART IDENTITY CASCADE`);
      return;
    } catch (err) {
      if (attempt >= 5 || !/40P01|deadlock/i.test(err instanceof Error ? err.message : String(err))) throw err;
      await new Promise((r) => setTimeout(r, 50 * attempt));
    }
  }
}
