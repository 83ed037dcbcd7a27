// Prisma CLI configuration: the WebAssembly schema engine through the pg driver adapter, so that
// `generate`, `migrate diff` and `migrate deploy` run without downloading a native engine. Its
// sessions run in UTC like the app's (src/core/db-url.ts).
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";
import { withSessionTimeZone } from "./src/core/db-url.js";
import { databaseUrl, loadDotEnvOnce } from "./scripts/prisma-env.js";

loadDotEnvOnce();

export default defineConfig({
  schema: "prisma/schema.prisma",
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => new PrismaPg({ connectionString: withSessionTimeZone(databaseUrl()) }),
});
