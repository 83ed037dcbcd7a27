// `npm run bench`: ack latency of `/nsp ansök` and of an apply `view_submission` under 50
// concurrent signed requests on loopback, side by side with the floor: a minimal Bolt app that
// acks and opens one fixed modal. Prints figures and ratios; the ratio is what counts on a
// shared, noisy machine (target: p99 within 1.5× of the floor's).
import { createHmac, randomBytes } from "node:crypto";
import { spawnSync } from "node:child_process";
import autocannon from "autocannon";
import { App, HTTPReceiver, LogLevel } from "@slack/bolt";
import pg from "pg";
import { parseConfig } from "../src/config.js";
import { FakeSlack } from "../src/fake-slack/server.js";
import { createLogger } from "../src/logger.js";
import { startRuntime } from "../src/runtime.js";
import { RATES_2016 } from "../src/domain/rates.js";
import { APPLY_BLOCK as B, CALLBACK } from "../src/ids.js";
import { ensureDatabase } from "./prisma.js";

const SECRET = "bench-signing-secret-0123456789";
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const USER = "U0BENCHAPPL";

function sign(body: string): Record<string, string> {
  const ts = Math.floor(Date.now() / 1000).toString();
  const sig = createHmac("sha256", SECRET).update(`v0:${ts}:${body}`).digest("hex");
  return {
    "content-type": "application/x-www-form-urlencoded",
    "x-slack-request-timestamp": ts,
    "x-slack-signature": `v0=${sig}`,
  };
}

function commandBody(fake: FakeSlack): string {
  return new URLSearchParams({
    token: "x", team_id: "T0BENCH", team_domain: "bench", channel_id: "C0BENCH", channel_name: "bench",
    user_id: USER, user_name: "bench", command: "/nsp", text: "ansök vila", api_app_id: "A0BENCH",
    response_url: fake.newResponseUrl(), trigger_id: `bench.${randomBytes(8).toString("hex")}`,
  }).toString();
}

function submissionBody(): string {
  const viewId = `VB${randomBytes(6).toString("hex").toUpperCase()}`;
  const payload = {
    type: "view_submission",
    team: { id: "T0BENCH", domain: "bench" },
    user: { id: USER, username: "bench", team_id: "T0BENCH" },
    api_app_id: "A0BENCH",
    token: "x",
    trigger_id: `bench.${randomBytes(8).toString("hex")}`,
    view: {
      id: viewId, team_id: "T0BENCH", type: "modal", callback_id: CALLBACK.apply, private_metadata: JSON.stringify({ type: "inquiry" }),
      hash: "1.abc", blocks: [], title: { type: "plain_text", text: "Ansök" }, close: null, submit: null, app_id: "A0BENCH", bot_id: "B0BENCH",
      root_view_id: viewId, previous_view_id: null, clear_on_close: false, notify_on_close: false,
      state: {
        values: {
          [B.type]: { apply_type: { type: "static_select", selected_option: { value: "inquiry", text: { type: "plain_text", text: "Förfrågan" } } } },
          [B.caseRef]: { value: { type: "plain_text_input", value: "" } },
          [B.justification]: { value: { type: "plain_text_input", value: "Förfrågan om en individ inför en ansökan om vila." } },
        },
      },
    },
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

interface Figures { p50: number; p99: number; rps: number; errors: number; non2xx: number }

async function measure(url: string, body: () => string): Promise<Figures> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    amount: REQUESTS,
    method: "POST",
    setupClient: undefined,
    requests: [
      {
        method: "POST",
        setupRequest: (req) => {
          const b = body();
          return { ...req, body: b, headers: { ...req.headers, ...sign(b) } };
        },
      },
    ],
  });
  return { p50: result.latency.p50, p99: result.latency.p99, rps: result.requests.average, errors: result.errors, non2xx: result.non2xx };
}

async function floorApp(fake: FakeSlack): Promise<{ url: string; stop: () => Promise<void> }> {
  const fixed = { type: "modal" as const, title: { type: "plain_text" as const, text: "Floor" }, blocks: [{ type: "section" as const, text: { type: "mrkdwn" as const, text: "floor" } }] };
  const receiver = new HTTPReceiver({ signingSecret: SECRET, endpoints: "/slack/events", logLevel: LogLevel.ERROR });
  const app = new App({ token: "xoxb-bench", receiver, clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } }, logLevel: LogLevel.ERROR });
  app.command("/nsp", async ({ ack, client, command }) => {
    await ack();
    await client.views.open({ trigger_id: command.trigger_id, view: fixed }).catch(() => undefined);
  });
  app.view(CALLBACK.apply, async ({ ack }) => {
    await ack();
  });
  const server = (await app.start(0)) as unknown as import("node:http").Server;
  const address = server.address();
  const port = address && typeof address === "object" ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/slack/events`, stop: () => app.stop().then(() => undefined) };
}

async function main(): Promise<void> {
  const dbName = `nsp_bench_${Date.now().toString(36)}`;
  const databaseUrl = `postgresql://postgres@127.0.0.1:5432/${dbName}`;
  await ensureDatabase(databaseUrl);
  const migrate = spawnSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: databaseUrl }, encoding: "utf8" });
  if (migrate.status !== 0) throw new Error(migrate.stderr);

  const fake = await FakeSlack.start({ triggerExpiry: false } as Parameters<typeof FakeSlack.start>[0]);
  const config = parseConfig({
    SLACK_BOT_TOKEN: "xoxb-bench", SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, PORT: "0",
    DATABASE_URL: databaseUrl, REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    NSP_REDIS_PREFIX: `nspbench_${randomBytes(3).toString("hex")}`, NSP_COORDINATOR_CHANNEL: "C0BENCHCOORD", LOG_LEVEL: "silent",
  });
  const runtime = await startRuntime(config, createLogger("silent"));
  const org = await runtime.db.organisation.create({ data: { name: "Bench", certified: true } });
  await runtime.db.member.create({ data: { slackUserId: USER, orgId: org.id, role: "applicant" } });
  await runtime.db.budgetPeriod.create({ data: { name: "Bench", fromDate: new Date("2000-01-01"), toDate: new Date("2099-12-31"), ...RATES_2016 } });
  const appUrl = `http://127.0.0.1:${runtime.port}/slack/events`;
  const floor = await floorApp(fake);

  try {
    const rows: [string, Figures, Figures][] = [];
    // warm-up
    await measure(floor.url, () => commandBody(fake));
    await measure(appUrl, () => commandBody(fake));
    // interleave app and floor so that machine noise hits both alike
    const floorCmd = await measure(floor.url, () => commandBody(fake));
    const appCmd = await measure(appUrl, () => commandBody(fake));
    rows.push(["/nsp ansök", appCmd, floorCmd]);
    const floorSub = await measure(floor.url, submissionBody);
    const appSub = await measure(appUrl, submissionBody);
    rows.push(["view_submission (apply)", appSub, floorSub]);

    console.log(`\nAck latency, ${CONNECTIONS} concurrent connections, ${REQUESTS} signed requests each, loopback\n`);
    console.log("what                      |  app p50 |  app p99 | floor p50 | floor p99 | p99 ratio | errors");
    console.log("--------------------------|----------|----------|-----------|-----------|-----------|-------");
    for (const [name, app, fl] of rows) {
      const ratio = fl.p99 > 0 ? app.p99 / fl.p99 : Number.NaN;
      console.log(
        `${name.padEnd(26)}| ${`${app.p50} ms`.padStart(8)} | ${`${app.p99} ms`.padStart(8)} | ${`${fl.p50} ms`.padStart(9)} | ${`${fl.p99} ms`.padStart(9)} | ${ratio.toFixed(2).padStart(8)}× | ${app.errors + app.non2xx}/${fl.errors + fl.non2xx}`,
      );
    }
    const stored = await runtime.db.request.count();
    console.log(`\nrequests stored by the submissions: ${stored} (target for p99 ratio: ≤ 1.5×)`);
  } finally {
    await floor.stop();
    await runtime.stop();
    await fake.close();
    const admin = new pg.Client({ connectionString: "postgresql://postgres@127.0.0.1:5432/postgres" });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.end();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
