import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration test files share one database per run; run files one at a time so that
    // they do not fight over the same rows, while tests inside a file may still be concurrent.
    fileParallelism: false,
  },
});
