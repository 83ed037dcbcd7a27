import { configDefaults, defineConfig } from "vitest/config";

// Two projects (see tests/README.md). `npm test` runs both; `npm run test:unit` only the first.
//
// unit: no database, no Redis, no globalSetup; files run in parallel. A file belongs here only if
// it needs no service at all (tests/helpers/db.ts throws when a unit file asks for the database).
const UNIT = [
  "tests/domain/**/*.test.ts",
  "tests/views/**/*.test.ts",
  "tests/listeners/**/*.test.ts",
  "tests/jobs/registry.test.ts",
  "tests/fake-slack/**/*.test.ts",
  "tests/sandbox/render.test.ts",
  "tests/sandbox/render-names.test.ts",
  "tests/meetings/domain.test.ts",
  "tests/report/domain.test.ts",
  "tests/report/workbook.test.ts",
  "tests/cli/help-swedish.test.ts",
  "tests/report/home.test.ts",
  "tests/report/moved-cases.test.ts",
  "tests/input/field-specs.test.ts",
  "tests/install/engines.test.ts",
  "tests/install/self-contained.test.ts",
  "tests/architecture.test.ts",
  "tests/config.test.ts",
  "tests/delivery-policy.test.ts",
  "tests/manifest.test.ts",
  "tests/receiver.test.ts",
  "tests/registration.test.ts",
  "tests/vendor.test.ts",
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: UNIT,
          exclude: [...configDefaults.exclude],
          fileParallelism: true,
          // Unit files share a worker's module cache instead of re-importing Bolt, zod and the
          // views for every file (measured: 30 s → 11 s on 2 busy cores). They keep no global
          // state between files; one that changes process.env restores it in afterEach.
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          // Everything else: real PostgreSQL and Redis (tests/global-setup.ts makes a database
          // and a Redis key prefix per run), the runtime through tests/helpers/harness.ts.
          name: "integration",
          include: ["tests/**/*.test.ts"],
          exclude: [...configDefaults.exclude, ...UNIT],
          globalSetup: ["tests/global-setup.ts"],
          // expect.poll waits 1 s by default: too short for a browser page or a worker on a busy
          // 2-core machine (measured: the sandbox's modal polls failed under load). A poll that
          // passes returns at once, so this only lengthens the wait before a real failure.
          expect: { poll: { timeout: 10_000 } },
          // Files share one database per run: one file at a time, so that they do not fight over
          // the same rows (tests inside a file may still be concurrent).
          fileParallelism: false,
        },
      },
    ],
  },
});
