// Kept for tests/e2e (not edited during #11); production imports src/core/ids.ts.
export * from "./core/ids.js";
