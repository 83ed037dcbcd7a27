// `npm start` with a bad setting stops before it touches anything: the configuration is checked
// (`src/main.ts --check-config`) before `npm run setup` generates the client and creates or
// migrates the database that DATABASE_URL names.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, expect, inject, it } from "vitest";

const target = new URL(inject("databaseUrl"));
const name = `nsp_test_start_${randomBytes(4).toString("hex")}`;
target.pathname = `/${name}`;

async function databaseExists(): Promise<boolean> {
  const admin = new URL(target);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    return ((await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  const admin = new URL(target);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
});

it("npm start without SLACK_BOT_TOKEN exits 78 and creates no database", async () => {
  const r = spawnSync("npm", ["start", "--silent"], {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      LOG_LEVEL: "silent",
      SLACK_BOT_TOKEN: "",
      DATABASE_URL: target.toString(),
      REDIS_URL: "redis://127.0.0.1:1",
    },
    encoding: "utf8",
    timeout: 120_000,
  });
  expect(r.status, `${r.stdout}${r.stderr}`).toBe(78);
  expect(r.stderr).toContain("SLACK_BOT_TOKEN");
  expect(await databaseExists()).toBe(false);
}, 150_000);
