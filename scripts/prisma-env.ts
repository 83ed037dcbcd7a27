// Makes sure DATABASE_URL is set for every prisma command: without it Prisma 6.19 falls back to
// downloading a native engine, which fails on machines without internet.
import { loadDotEnv } from "../src/core/config.js";
import { databaseUrl as parseDatabaseUrl } from "../src/core/db-url.js";

let loaded = false;
export function loadDotEnvOnce(): void {
  if (loaded) return;
  loaded = true;
  loadDotEnv();
  process.env.DATABASE_URL = parseDatabaseUrl();
}

export function databaseUrl(): string {
  loadDotEnvOnce();
  return parseDatabaseUrl();
}
