// Kept for tests/e2e (not edited during #11); production imports src/core/logger.ts.
export * from "./core/logger.js";
