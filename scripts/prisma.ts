// `npm run db:generate` / `npm run db:migrate`: runs the prisma CLI with DATABASE_URL set, and
// before `migrate deploy` creates the database when it does not exist yet.
//
// Prisma's own output is kept and shown only when the command fails; a success prints one line of
// ours. Prisma 6.19 prints, on every `migrate`, a warning that the schema's `url` is not used with a
// driver adapter — but its `generate` cannot read a schema without that `url` (it then tries to
// download a native engine, see TRAPS.md), so the line stays and the warning is not the reader's to fix.
import { spawnSync } from "node:child_process";
import pg from "pg";
import { databaseUrl } from "./prisma-env.js";
import { assertNotSandboxDatabase, SandboxDatabaseInUse } from "../src/core/sandbox-mark.js";

export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ""));
  if (!name) return;
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

export interface PrismaRun {
  ok: boolean;
  /** stdout and stderr of the CLI, in order of arrival per stream (stdout first). */
  output: string;
}

/** Runs `npx prisma <args>` against `url`, capturing its output. */
export function runPrisma(args: readonly string[], url: string): PrismaRun {
  const result = spawnSync("npx", ["prisma", ...args], {
    env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    encoding: "utf8",
  });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}${result.error ? `\n${result.error.message}` : ""}`;
  return { ok: result.status === 0, output };
}

/** One line saying what a successful run did, from Prisma's output. */
export function summary(args: readonly string[], output: string, url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, "")) || "(standard)";
  if (args[0] === "generate") return "Prisma-klienten genererad (src/generated/prisma).";
  if (args[0] === "migrate" && args[1] === "deploy") {
    const applied = /The following migration\(s\) have been applied/.test(output);
    const found = /(\d+) migrations? found/.exec(output)?.[1];
    return applied
      ? `Databasen ${name}: migreringar tillämpade (${found ?? "?"} totalt).`
      : `Databasen ${name} är uppdaterad (${found ?? "?"} migreringar).`;
  }
  return `prisma ${args.join(" ")}: klart.`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const url = databaseUrl();
  if (args[0] === "migrate") {
    // The sandbox's database is migrated by the sandbox itself (runPrisma), never by db:migrate/setup.
    try {
      await assertNotSandboxDatabase(url);
    } catch (err) {
      if (!(err instanceof SandboxDatabaseInUse)) throw err;
      process.stderr.write(`${err.message}\n`);
      process.exit(78);
    }
    await ensureDatabase(url);
  }
  const run = runPrisma(args, url);
  if (!run.ok) {
    process.stderr.write(run.output);
    process.exit(1);
  }
  process.stdout.write(`${summary(args, run.output, url)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
