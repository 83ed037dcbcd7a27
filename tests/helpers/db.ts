// Test access to the run's database (created by tests/global-setup.ts).
import { inject } from "vitest";
import { closeDb, createDb, type Db } from "../../src/db.js";
export { closeDb };

export function testDatabaseUrl(): string {
  return inject("databaseUrl");
}

export function testDb(): Db {
  return createDb(testDatabaseUrl(), { max: 30 });
}

/** Empties every application table (between test files that need a clean slate). */
export async function truncateAll(db: Db): Promise<void> {
  await db.$executeRawUnsafe(`
    TRUNCATE "audit_entry", "info_request", "outbox_message", "request", "case", "member",
             "organisation", "budget_period", "counter", "scheduled_run" RESTART IDENTITY CASCADE`);
}
