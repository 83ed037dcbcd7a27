// The one setting needed before the whole config can be parsed (migrations, operator CLI, seed).
import { configSchema } from "./config.js";

export function databaseUrl(env: Record<string, string | undefined> = process.env): string {
  const raw = env.DATABASE_URL?.trim();
  return configSchema.shape.DATABASE_URL.parse(raw === "" ? undefined : raw);
}
