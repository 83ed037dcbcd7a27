// A normal start prints only the app's own lines: the schema carries no deprecated Prisma preview
// features, and `npm run db:migrate` (run by `npm start`) prints one line of ours, not Prisma's
// banner and its "values from your schema will NOT be used" warning.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, expect, inject, it } from "vitest";

function run(cmd: string, args: string[], env: Record<string, string>) {
  const r = spawnSync(cmd, args, { env: { ...process.env, ...env }, encoding: "utf8", timeout: 120_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

const fresh = new URL(inject("databaseUrl"));
fresh.pathname = `/nsp_test_out_${randomBytes(4).toString("hex")}`;

afterAll(async () => {
  const admin = new URL(fresh);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${fresh.pathname.slice(1)}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}, 180_000);

it("the Prisma schema validates without warnings", () => {
  const r = run("npx", ["prisma", "validate"], { DATABASE_URL: fresh.toString(), PRISMA_HIDE_UPDATE_MESSAGE: "1" });
  expect(r.status, r.out).toBe(0);
  expect(r.out).not.toMatch(/warn|deprecated/i);
}, 180_000);

it("db:migrate creates and migrates a database, printing one line of its own and no warning", () => {
  const first = run("npx", ["tsx", "scripts/prisma.ts", "migrate", "deploy"], { DATABASE_URL: fresh.toString() });
  expect(first.status, first.out).toBe(0);
  expect(first.out.trim().split("\n")).toEqual([expect.stringMatching(/^Databasen nsp_test_out_\w+: migreringar tillämpade/)]);
  const again = run("npx", ["tsx", "scripts/prisma.ts", "migrate", "deploy"], { DATABASE_URL: fresh.toString() });
  expect(again.status, again.out).toBe(0);
  expect(again.out.trim().split("\n")).toEqual([expect.stringMatching(/^Databasen nsp_test_out_\w+ är uppdaterad/)]);
}, 180_000);
