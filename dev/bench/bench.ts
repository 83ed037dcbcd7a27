// `npm run bench`: ack latency of `/nsp ansök` and of an apply `view_submission` under 50
// concurrent signed requests on loopback, side by side with the floor: a minimal Bolt app that
// acks and opens one fixed modal (dev/bench/bench-floor.ts). The app runs as `npm start` does
// (receiver + workers in one process). Prints figures and ratios; the ratio is what counts on a
// shared, noisy machine (target: p99 within 1.5× of the floor's).
// Before those rounds, the data-size runs: 20 coordinators submitting decisions on 20 distinct
// requests at once (all granting from one budget category, so they queue on its row lock) and the
// apply submission, first on a database holding ~1 000 requests, then grown (set-based SQL) to
// 100 000 requests and 20 000 cases; printed beside the floor and as the ratio of the two sizes
// (target: at most 1.2×).
import { createHmac, randomBytes } from "node:crypto";
import { spawnSync } from "node:child_process";
import autocannon from "autocannon";
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:http";
import pg from "pg";
import { closeDb, createDb, sqlOf, type Db } from "../../src/core/db.js";
import { BUDGET_CATEGORIES, CATEGORY_NAME } from "../../src/domain/budget.js";
import { RATES_2016 } from "../../src/domain/rates.js";
import { APPLY_BLOCK as B, CALLBACK, DECISION_BLOCK as D } from "../../src/core/ids.js";
import { seedHistory } from "./bench-seed.js";
import { ensureDatabase } from "../../scripts/prisma.js";

const SECRET = "bench-signing-secret-0123456789";
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const USER = "U0BENCHAPPL";
const COORDINATOR = "U0BENCHCOORD";
const BURST = 20;
const BURST_ROUNDS = Number(process.env.BENCH_BURST_ROUNDS ?? 5);
const SMALL = { requests: 1_000, cases: 200 };
const LARGE = { requests: Number(process.env.BENCH_LARGE_REQUESTS ?? 100_000), cases: Number(process.env.BENCH_LARGE_CASES ?? 20_000) };
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

function sign(body: string): Record<string, string> {
  const ts = Math.floor(Date.now() / 1000).toString();
  const sig = createHmac("sha256", SECRET).update(`v0:${ts}:${body}`).digest("hex");
  return {
    "content-type": "application/x-www-form-urlencoded",
    "x-slack-request-timestamp": ts,
    "x-slack-signature": `v0=${sig}`,
  };
}

function commandBody(responseUrl: string): string {
  return new URLSearchParams({
    token: "x", team_id: "T0BENCH", team_domain: "bench", channel_id: "C0BENCH", channel_name: "bench",
    user_id: USER, user_name: "bench", command: "/nsp", text: "ansök vila", api_app_id: "A0BENCH",
    response_url: responseUrl, trigger_id: `bench.${randomBytes(8).toString("hex")}`,
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

/** A coordinator's grant of request `requestId`, as Slack sends the decision modal's submit. */
function decisionBody(requestId: number): string {
  const viewId = `VD${randomBytes(6).toString("hex").toUpperCase()}`;
  const payload = {
    type: "view_submission",
    team: { id: "T0BENCH", domain: "bench" },
    user: { id: COORDINATOR, username: "coord", team_id: "T0BENCH" },
    api_app_id: "A0BENCH",
    token: "x",
    trigger_id: `bench.${randomBytes(8).toString("hex")}`,
    view: {
      id: viewId, team_id: "T0BENCH", type: "modal", callback_id: CALLBACK.decision,
      private_metadata: JSON.stringify({ requestId, kind: "grant" }),
      hash: "1.abc", blocks: [], title: { type: "plain_text", text: "Beslut" }, close: null, submit: null, app_id: "A0BENCH", bot_id: "B0BENCH",
      root_view_id: viewId, previous_view_id: null, clear_on_close: false, notify_on_close: false,
      state: { values: { [D.reason]: { value: { type: "plain_text_input", value: "Uppfyller kriterierna." } } } },
    },
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** Sends `bodies` all at once (one connection each) and returns each answer's latency in ms. */
async function burst(url: string, bodies: string[]): Promise<{ ms: number[]; failures: string[] }> {
  const failures: string[] = [];
  const ms = await Promise.all(
    bodies.map(async (body) => {
      const started = performance.now();
      const res = await fetch(url, { method: "POST", body, headers: sign(body), signal: AbortSignal.timeout(10_000) });
      const text = await res.text();
      const took = performance.now() - started;
      // A decision that succeeds answers 200 with an empty body (the modal closes).
      if (res.status !== 200 || text.trim() !== "") failures.push(`${res.status} ${text.slice(0, 120)}`);
      return took;
    }),
  );
  return { ms, failures };
}

const percentile = (xs: number[], p: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};

interface Figures { p50: number; p99: number; rps: number; errors: number; non2xx: number }

async function measure(url: string, body: () => string, amount = REQUESTS): Promise<Figures> {
  process.stderr.write(`bench: ${amount} requests to ${url}\n`);
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    amount,
    method: "POST",
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

interface Child {
  proc: ChildProcess;
  line: Record<string, unknown>;
}

/** Starts `tsx <script>` and waits for its first JSON line on stdout. */
function spawnJson(script: string, env: Record<string, string>): Promise<Child> {
  return new Promise((resolvePromise, reject) => {
    const proc = spawn("npx", ["tsx", script], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"], detached: true });
    let buffer = "";
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      const nl = buffer.indexOf("\n");
      if (nl >= 0) {
        proc.stdout?.off("data", onData);
        try {
          resolvePromise({ proc, line: JSON.parse(buffer.slice(0, nl)) as Record<string, unknown> });
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      }
    };
    proc.stdout?.on("data", onData);
    proc.on("exit", (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const address = server.address();
  await new Promise<void>((r) => server.close(() => r()));
  return address && typeof address === "object" ? address.port : 0;
}

async function waitHealthy(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.status === 200) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not become healthy`);
}

let seedContext = { orgId: 0, periodId: 0 };

/** `count` open measure requests of 1 000 kr in the seeded period, to be granted by the decision bursts. */
async function decisionTargets(db: Db, count: number): Promise<number[]> {
  const { rows } = await sqlOf(db).query<{ id: number }>(
    `INSERT INTO "request" ("type", "status", "org_id", "period_id", "applicant_slack_id", "submission_key", "measure", "quantity",
                            "unit_amount", "requested_amount", "cost_lines", "justification", "updated_at")
     SELECT 'measure', 'received', $1, $2, $3, 'target-' || md5(random()::text || g), 'therapy', 1, 1000, 1000,
            '[{"category":"measure","label":"Terapi","amount":1000}]'::jsonb, 'Bench', now()
     FROM generate_series(1, $4::int) g RETURNING "id"`,
    [seedContext.orgId, seedContext.periodId, USER, count],
  );
  return rows.map((r) => r.id);
}

interface SizeRun {
  label: string;
  requests: number;
  cases: number;
  floor: number[];
  decisions: number[];
  failures: string[];
  apply: Figures;
  applyFloor: Figures;
}

/** The decision bursts and the apply submission on the database as it is now. */
async function sizeRun(db: Db, label: string, urls: { appUrl: string; floorUrl: string }): Promise<SizeRun> {
  const counts = await sqlOf(db).query<{ requests: number; cases: number }>(
    `SELECT (SELECT count(*) FROM "request")::int AS "requests", (SELECT count(*) FROM "case")::int AS "cases"`,
  );
  const floor: number[] = [];
  const decisions: number[] = [];
  const failures: string[] = [];
  for (let round = 0; round < BURST_ROUNDS; round++) {
    const ids = await decisionTargets(db, BURST);
    const f = await burst(urls.floorUrl, ids.map(() => submissionBody()));
    floor.push(...f.ms);
    const d = await burst(urls.appUrl, ids.map(decisionBody));
    decisions.push(...d.ms);
    failures.push(...d.failures);
  }
  const granted = await db.request.count({ where: { status: "granted", submissionKey: { startsWith: "target-" } } });
  process.stderr.write(`bench: ${label}: ${granted} decision targets granted so far\n`);
  const applyFloor = await measure(urls.floorUrl, submissionBody, 500);
  const apply = await measure(urls.appUrl, submissionBody, 500);
  return { label, requests: counts.rows[0]?.requests ?? 0, cases: counts.rows[0]?.cases ?? 0, floor, decisions, failures, apply, applyFloor };
}

async function dataSizeRuns(db: Db, urls: { appUrl: string; floorUrl: string }): Promise<[SizeRun, SizeRun]> {
  // Warm-up: the decision path's first run compiles its queries.
  await burst(urls.appUrl, (await decisionTargets(db, BURST)).map(decisionBody));
  const small = await sizeRun(db, "small", urls);
  process.stderr.write(`bench: growing the database to ${LARGE.requests} requests and ${LARGE.cases} cases\n`);
  const started = performance.now();
  await seedHistory(sqlOf(db), { ...seedContext, ...LARGE });
  process.stderr.write(`bench: grown in ${Math.round(performance.now() - started)} ms\n`);
  const large = await sizeRun(db, "large", urls);
  return [small, large];
}

function printSizes([small, large]: [SizeRun, SizeRun]): void {
  const ms = (n: number) => `${Math.round(n)} ms`;
  console.log(`\n${BURST} coordinators submitting a grant on ${BURST} distinct requests at once (one budget category), ${BURST_ROUNDS} bursts per size;`);
  console.log(`floor = the same burst of ${BURST} view_submissions to the floor. Then the apply view_submission (500 requests, ${CONNECTIONS} connections).`);
  console.log("Latencies in ms over all bursts; Slack's limit for an answer is 3 000 ms.\n");
  console.log("database                        | floor p50 / p99 | decisions p50 / p99 / max | apply p50 / p99 (floor p99) | decision failures");
  console.log("--------------------------------|-----------------|---------------------------|-----------------------------|------------------");
  for (const r of [small, large]) {
    console.log(
      `${`${r.requests} requests, ${r.cases} cases`.padEnd(32)}| ${`${ms(percentile(r.floor, 50))} / ${ms(percentile(r.floor, 99))}`.padEnd(16)}| ${`${ms(percentile(r.decisions, 50))} / ${ms(percentile(r.decisions, 99))} / ${ms(Math.max(...r.decisions))}`.padEnd(26)}| ${`${r.apply.p50} / ${r.apply.p99} (${r.applyFloor.p99})`.padEnd(28)}| ${r.failures.length}${r.failures[0] ? ` e.g. ${r.failures[0]}` : ""}`,
    );
  }
  const ratio = (a: number, b: number) => `${(b / a).toFixed(2)}×`;
  console.log(
    `\nratio large/small: decisions p50 ${ratio(percentile(small.decisions, 50), percentile(large.decisions, 50))}, p99 ${ratio(percentile(small.decisions, 99), percentile(large.decisions, 99))}; ` +
      `apply p50 ${ratio(small.apply.p50, large.apply.p50)}, p99 ${ratio(small.apply.p99, large.apply.p99)}; ` +
      `floor p99 ${ratio(percentile(small.floor, 99), percentile(large.floor, 99))} (target: at most 1.2×)`,
  );
}

async function main(): Promise<void> {
  const dbName = `nsp_bench_${Date.now().toString(36)}`;
  const databaseUrl = `postgresql://postgres@127.0.0.1:5432/${dbName}`;
  await ensureDatabase(databaseUrl);
  const migrate = spawnSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: databaseUrl }, encoding: "utf8" });
  if (migrate.status !== 0) throw new Error(migrate.stderr);
  const db = createDb(databaseUrl);
  const org = await db.organisation.create({ data: { name: "Bench", certified: true } });
  await db.member.create({ data: { slackUserId: USER, orgId: org.id, role: "applicant" } });
  await db.budgetPeriod.create({ data: { name: "Bench", fromDate: new Date("2000-01-01"), toDate: new Date("2099-12-31"), ...RATES_2016 } });
  await db.member.create({ data: { slackUserId: COORDINATOR, orgId: org.id, role: "coordinator" } });
  const history = await db.budgetPeriod.create({ data: { name: "Bench 2016", fromDate: new Date("2016-01-01"), toDate: new Date("2016-12-31"), ...RATES_2016 } });
  await db.budgetCategory.createMany({
    data: BUDGET_CATEGORIES.map((key, i) => ({ periodId: history.id, key, name: CATEGORY_NAME[key], allocated: 1_000_000_000, sortOrder: i })),
  });
  await seedHistory(sqlOf(db), { orgId: org.id, periodId: history.id, ...SMALL });
  seedContext = { orgId: org.id, periodId: history.id };

  const children: ChildProcess[] = [];
  try {
    process.stderr.write("bench: starting fake Slack, app and floor\n");
    const fake = await spawnJson("dev/bench/bench-fake.ts", { BENCH_USER: USER });
    children.push(fake.proc);
    const apiUrl = String(fake.line.apiUrl);
    const baseUrl = String(fake.line.baseUrl);
    const appPort = await freePort();
    const appEnv = {
      ...process.env,
      SLACK_BOT_TOKEN: "xoxb-bench", SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: apiUrl, SLACK_APP_TOKEN: "",
      PORT: String(appPort), DATABASE_URL: databaseUrl, REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
      NSP_REDIS_PREFIX: `nspbench_${randomBytes(3).toString("hex")}`, NSP_COORDINATOR_CHANNEL: "C0BENCHCOORD",
      LOG_LEVEL: "silent", NSP_DELIVERY_RATE_PER_SEC: "50", NSP_RUN_WORKERS: "false",
    };
    // BENCH_PROFILE=<dir>: the receiver writes a V8 CPU profile there when it stops (for finding hot spots).
    const profile = process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
    const app = spawn("node", [...profile, "--import", "tsx", "src/main.ts"], { env: appEnv, stdio: ["ignore", "ignore", "inherit"], detached: true });
    children.push(app);
    // The workers run in their own process (`npm run worker`), as in a production deployment that
    // keeps the receiver responsive; the receiver is what acks, and what is measured.
    const worker = spawn("npx", ["tsx", "src/worker-main.ts"], { env: appEnv, stdio: ["ignore", "ignore", "inherit"], detached: true });
    children.push(worker);
    const floor = await spawnJson("dev/bench/bench-floor.ts", { SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: apiUrl, PORT: "0" });
    children.push(floor.proc);
    await waitHealthy(`http://127.0.0.1:${appPort}/healthz`);
    const appUrl = `http://127.0.0.1:${appPort}/slack/events`;
    const floorUrl = `http://127.0.0.1:${String(floor.line.port)}/slack/events`;
    const responseUrl = `${baseUrl}/response/bench`;

    // Warm-up, then ROUNDS rounds interleaving floor and app so that the machine's noise hits
    // both alike; the figure that counts is the median p99 of each over the rounds.
    await measure(floorUrl, () => commandBody(responseUrl), 300);
    await measure(appUrl, () => commandBody(responseUrl), 300);
    await measure(appUrl, submissionBody, 300);
    const sizes = await dataSizeRuns(db, { appUrl, floorUrl });
    const runs: Record<"floor" | "command" | "submission", Figures[]> = { floor: [], command: [], submission: [] };
    // Each submission queues two Slack messages; the app delivers them in the background. A burst
    // of thousands of submissions in seconds never happens in this programme, so each run starts
    // with the outbox drained (the delivery rate is raised for the benchmark so that it drains fast).
    const drained = async () => {
      const deadline = Date.now() + 120_000;
      while (Date.now() < deadline && (await db.outboxMessage.count({ where: { status: "pending" } })) > 0) {
        await new Promise((r) => setTimeout(r, 500));
      }
    };
    for (let round = 0; round < ROUNDS; round++) {
      await drained();
      runs.floor.push(await measure(floorUrl, () => commandBody(responseUrl)));
      await drained();
      runs.command.push(await measure(appUrl, () => commandBody(responseUrl)));
      await drained();
      runs.submission.push(await measure(appUrl, submissionBody));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
    const floorP99 = median(runs.floor.map((f) => f.p99));

    console.log(`\nAck latency, ${CONNECTIONS} concurrent connections, ${REQUESTS} signed requests per run, ${ROUNDS} rounds, loopback.`);
    console.log("App receiver (`npm start` with NSP_RUN_WORKERS=false), its workers (`npm run worker`), floor, fake Slack and");
    console.log("load generator are separate processes.");
    console.log("Floor = minimal Bolt app that acks /nsp and opens one fixed modal. Each run starts with the outbox drained.\n");
    console.log("what                      | p50 (median) | p99 per round            | p99 median | ratio to floor");
    console.log("--------------------------|--------------|--------------------------|------------|---------------");
    const row = (name: string, fs: Figures[]) => {
      const p99 = median(fs.map((f) => f.p99));
      const errors = fs.reduce((a, f) => a + f.errors + f.non2xx, 0);
      console.log(
        `${name.padEnd(26)}| ${`${median(fs.map((f) => f.p50))} ms`.padStart(12)} | ${fs.map((f) => `${f.p99}`).join(" / ").padEnd(24)} | ${`${p99} ms`.padStart(10)} | ${(p99 / floorP99).toFixed(2)}×${errors ? `  (${errors} errors)` : ""}`,
      );
    };
    row("floor", runs.floor);
    row("/nsp ansök", runs.command);
    row("view_submission (apply)", runs.submission);
    const stored = await db.request.count();
    console.log(`\nrequests in the database at the end: ${stored}; target: p99 ≤ 1.5× the floor's p99`);
    printSizes(sizes);
  } finally {
    // Each child is `npx tsx …` in a process group of its own: signal the whole group, so that
    // the node process under npx stops too.
    for (const child of children) {
      if (child.pid === undefined) continue;
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
    await closeDb(db);
    await new Promise((r) => setTimeout(r, 1000));
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
