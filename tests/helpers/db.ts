// Test access to the run's database (created by tests/global-setup.ts).
import { inject, type ProvidedContext } from "vitest";
import { closeDb, createDb, type Db } from "../../src/core/db.js";
export { closeDb };

/**
 * A value tests/global-setup.ts provides (the run's database URL, Redis URL and key prefix). Only
 * the integration project runs that setup: a unit test file that gets here needs a service and
 * belongs in the integration project (vitest.config.ts, the UNIT list).
 */
export function provided<K extends keyof ProvidedContext>(key: K): ProvidedContext[K] {
  const value = inject(key) as ProvidedContext[K] | undefined;
  if (value === undefined) {
    throw new Error(
      `inject("${key}") is unset: this test file needs the integration project (PostgreSQL/Redis via tests/global-setup.ts). ` +
        "Remove it from the UNIT list in vitest.config.ts, or run it with `npx vitest run --project integration <file>`.",
    );
  }
  return value;
}

export function testDatabaseUrl(): string {
  return provided("databaseUrl");
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
