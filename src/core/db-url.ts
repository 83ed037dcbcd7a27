// The one setting needed before the whole config can be parsed (migrations, operator CLI, seed).
import { configSchema } from "./config.js";

export function databaseUrl(env: Record<string, string | undefined> = process.env): string {
  const raw = env.DATABASE_URL?.trim();
  return configSchema.shape.DATABASE_URL.parse(raw === "" ? undefined : raw);
}

/**
 * The time zone of every database session the app opens. Instants are timestamptz, so what is
 * stored never depends on it; what it pins is everything computed in a session's zone: a
 * `timestamp` literal or cast, `::date` of an instant, `to_char`, `date_trunc`. Those must say
 * `AT TIME ZONE 'Europe/Stockholm'` when they mean Swedish calendar time, and get UTC otherwise,
 * whatever the database's default (`Europe/Stockholm` on a Swedish host).
 */
export const SESSION_TIME_ZONE = "UTC";

/**
 * `url` with the session time zone pinned (`options=-c TimeZone=UTC`, sent in the startup packet,
 * so no query runs before it). The one place where it is pinned: src/core/db.ts (the pg pool and the
 * Prisma adapter over it, used by the app, the workers, the CLI and the scripts) and
 * prisma.config.ts (the Prisma CLI, `migrate deploy`) connect with it. An `options` already in the
 * URL is kept; ours comes last, so it wins over a `-c TimeZone` there.
 */
export function withSessionTimeZone(url: string): string {
  const u = new URL(url);
  const given = u.searchParams.get("options")?.trim();
  u.searchParams.set("options", `${given ? `${given} ` : ""}-c TimeZone=${SESSION_TIME_ZONE}`);
  return u.toString();
}
