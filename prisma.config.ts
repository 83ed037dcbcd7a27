// Prisma CLI configuration: the WebAssembly schema engine through the pg driver adapter, so that
// `generate`, `migrate diff` and `migrate deploy` run without downloading a native engine.
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";
import { databaseUrl, loadDotEnvOnce } from "./scripts/prisma-env.js";

loadDotEnvOnce();

export default defineConfig({
  schema: "prisma/schema.prisma",
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => new PrismaPg({ connectionString: databaseUrl() }),
});
