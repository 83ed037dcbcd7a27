// Starts the real app (HTTP receiver + workers) against the run's database and Redis and a fake
// Slack, and a user simulator that sends correctly signed requests to it.
import { randomBytes } from "node:crypto";
import { parseConfig, type Config } from "../../src/core/config.js";
import type { Db } from "../../src/core/db.js";
import { FakeSlack } from "../../dev/fake-slack/server.js";
import { SlackUserSimulator } from "../../dev/fake-slack/client.js";
import { createLogger } from "../../src/core/logger.js";
import { startRuntime, type Runtime } from "../../src/runtime.js";
import { SEED_BUDGETS } from "../../commands/seed.js";
import { CATEGORY_NAME } from "../../src/domain/budget.js";
import { RATES_2016 } from "../../src/domain/rates.js";
import { APPLY_BLOCK } from "../../src/core/ids.js";
import { provided } from "./db.js";

export const SIGNING_SECRET = "test-signing-secret-0123456789";
export const COORD_CHANNEL = "C0COORD";
export const USERS = {
  applicant: "U0APPL",
  applicant2: "U0APPL2", // same organisation as applicant
  otherOrg: "U0OTHERORG", // a certified organisation of its own
  uncertified: "U0UNCERT",
  coordinator: "U0COORD",
  coordinator2: "U0COORD2",
  admin: "U0ADMIN",
  stranger: "U0STRANGER",
} as const;

export interface Harness {
  fake: FakeSlack;
  runtime: Runtime;
  user: SlackUserSimulator;
  db: Db;
  config: Config;
  close(): Promise<void>;
}

export function testConfig(fake: FakeSlack, overrides: Record<string, string> = {}): Config {
  return parseConfig({
    SLACK_BOT_TOKEN: "xoxb-test-token",
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    PORT: "0",
    DATABASE_URL: provided("databaseUrl"),
    REDIS_URL: provided("redisUrl"),
    NSP_REDIS_PREFIX: `${provided("redisPrefix")}_${randomBytes(3).toString("hex")}`,
    NSP_COORDINATOR_CHANNEL: COORD_CHANNEL,
    NSP_SWEEP_INTERVAL_MS: "1000",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    // The tests apply for periods of the 2016 pilot: that is "today" for the apply rules.
    NSP_TODAY: "2016-09-01",
    // The working-day digest reads the real clock: a run after 08:30 on a working day would post it
    // into tests that count the coordinator channel's messages. Tests of the digest turn it on.
    NSP_DECISION_DIGEST_AT: "off",
    ...overrides,
  });
}

/** `logStream`: where the app's JSON log lines go (with `config: { LOG_LEVEL: "debug" }` to see them all). */
export async function startHarness(
  opts: { workers?: boolean; config?: Record<string, string>; logStream?: NodeJS.WritableStream } = {},
): Promise<Harness> {
  const fake = await FakeSlack.start();
  const config = testConfig(fake, opts.config);
  const runtime = await startRuntime(config, createLogger(config.LOG_LEVEL, opts.logStream), { workers: opts.workers });
  const user = new SlackUserSimulator({
    appUrl: `http://127.0.0.1:${runtime.port}/slack/events`,
    signingSecret: SIGNING_SECRET,
    fake,
  });
  return {
    fake,
    runtime,
    user,
    db: runtime.db,
    config,
    async close() {
      await runtime.stop();
      await fake.close();
    },
  };
}

/** Organisations, members and the 2016 pilot period used by the end-to-end tests. */
/**
 * Organisations, members and the "Pilot 2016" period. `budget: "2016"` gives the period the
 * report's real budget (SEED_BUDGETS); the default gives every category 1 000 000 kr, so tests of
 * the request flow are not limited by money.
 */
export async function seedFixtures(db: Db, opts: { budget?: "2016" | "generous" } = {}): Promise<void> {
  const fa = await db.organisation.create({ data: { name: "Frälsningsarmén", certified: true } });
  const talita = await db.organisation.create({ data: { name: "Talita", certified: true } });
  const ecpat = await db.organisation.create({ data: { name: "Ecpat", certified: false } });
  const nsp = await db.organisation.create({ data: { name: "NSP samordning", certified: false } });
  await db.member.createMany({
    data: [
      { slackUserId: USERS.applicant, orgId: fa.id, role: "applicant" },
      { slackUserId: USERS.applicant2, orgId: fa.id, role: "applicant" },
      { slackUserId: USERS.otherOrg, orgId: talita.id, role: "applicant" },
      { slackUserId: USERS.uncertified, orgId: ecpat.id, role: "applicant" },
      { slackUserId: USERS.coordinator, orgId: nsp.id, role: "coordinator" },
      { slackUserId: USERS.coordinator2, orgId: nsp.id, role: "coordinator" },
      { slackUserId: USERS.admin, orgId: nsp.id, role: "admin" },
    ],
  });
  const period = await db.budgetPeriod.create({
    data: { name: "Pilot 2016", fromDate: new Date("2016-09-01"), toDate: new Date("2016-12-31"), ...RATES_2016, overheadPercent: 10 },
  });
  const real = SEED_BUDGETS["Pilot 2016"];
  await db.budgetCategory.createMany({
    data: real.categories.map((c, i) => ({
      periodId: period.id,
      key: c.key,
      name: CATEGORY_NAME[c.key],
      allocated: opts.budget === "2016" ? c.allocated : 1_000_000,
      sortOrder: i,
    })),
  });
  if (opts.budget === "2016") {
    await db.budgetLine.createMany({ data: real.lines.map(({ source: _source, ...l }, i) => ({ periodId: period.id, ...l, sortOrder: i })) });
  }
}

export async function waitFor<T>(fn: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Opens the apply modal as the applicant and submits an inquiry with `text`. */
export async function submitInquiry(harness: Harness, text: string) {
  const before = harness.fake.callsTo("views.open").length;
  await harness.user.command(USERS.applicant, "ansök förfrågan");
  const call = await waitFor(async () => harness.fake.callsTo("views.open")[before], "views.open");
  const viewId = (call.response as { view: { id: string } }).view.id;
  return harness.user.submitView(
    USERS.applicant,
    viewId,
    harness.user.valuesFor(viewId, { [APPLY_BLOCK.type]: "inquiry", [APPLY_BLOCK.justification]: text }),
  );
}

/** Successful top-level coordinator-channel posts about one request. */
export function coordinatorPostsFor(harness: Harness, requestId: number) {
  return harness.fake
    .callsTo("chat.postMessage")
    .filter(
      (c) =>
        c.args.channel === COORD_CHANNEL &&
        !c.args.thread_ts &&
        JSON.stringify(c.args).includes(`Ansökan nr ${requestId} –`) &&
        (c.response as { ok?: boolean }).ok,
    );
}

/** The apply modal's values for an admission (an anonymised background, no personal data). */
export function admissionValues(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    [APPLY_BLOCK.type]: "admission",
    [APPLY_BLOCK.nationality]: "NG",
    [APPLY_BLOCK.gender]: "woman",
    [APPLY_BLOCK.ageBand]: "18-25",
    [APPLY_BLOCK.childrenAccompanying]: "1",
    [APPLY_BLOCK.childrenHome]: "0",
    [APPLY_BLOCK.exploitation]: ["sexual", "criminality"],
    [APPLY_BLOCK.exploitedIn]: ["SE", "IT"],
    [APPLY_BLOCK.policeReport]: "no",
    [APPLY_BLOCK.justification]: "Ung kvinna som behöver specialiserat stöd. Ingen polisanmälan ännu.",
    ...overrides,
  };
}
