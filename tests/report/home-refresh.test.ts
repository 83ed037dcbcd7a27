// The outbox kind "home_refresh" delivered directly (no queue): who gets a new Home, bursts
// coalescing into one round of publishes, and a user Slack does not know being skipped.
import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deliverOutboxRow } from "../../jobs/deliver-slack-message.js";
import { FakeSlack } from "../../src/fake-slack/server.js";
import { createLogger } from "../../src/logger.js";
import { askForInformation, decideRequest } from "../../src/services/requests.js";
import { closeDb, testDb, truncateAll } from "../helpers/db.js";
import { COORD_CHANNEL, seedFixtures, USERS } from "../helpers/harness.js";
import { submit } from "./seed-2016.js";

const db = testDb();
let fake: FakeSlack;
let deps: Parameters<typeof deliverOutboxRow>[0];

beforeAll(async () => {
  fake = await FakeSlack.start();
  deps = { db, slack: new WebClient("xoxb-test", { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } }), log: createLogger("silent"), coordinatorChannel: COORD_CHANNEL };
});
afterAll(async () => {
  await fake.close();
  await closeDb(db);
});
beforeEach(async () => {
  await truncateAll(db);
  await seedFixtures(db, { budget: "2016" });
  fake.reset();
});

const homeRows = () => db.outboxMessage.findMany({ where: { kind: "home_refresh" }, orderBy: { id: "asc" } });
const publishedTo = () => fake.callsTo("views.publish").filter((c) => c.ok).map((c) => c.args.user_id);

describe("home_refresh", () => {
  it("publishes the Home of the organisation's members, coordinators and admins – not other organisations", async () => {
    const r = await submit(db, { type: "inquiry" });
    const [row] = await homeRows();
    expect(row).toMatchObject({ key: `home:${r.id}:submitted`, requestId: null, refId: r.id });
    expect(await deliverOutboxRow(deps, row?.id ?? 0)).toBe("sent");
    expect(publishedTo().sort()).toEqual([USERS.admin, USERS.applicant, USERS.applicant2, USERS.coordinator, USERS.coordinator2].sort());
    expect(await deliverOutboxRow(deps, row?.id ?? 0)).toBe("skipped"); // sent once
  });

  it("a burst coalesces: older refreshes of the same organisation are superseded by the newest", async () => {
    for (let i = 0; i < 5; i++) await submit(db, { type: "inquiry" });
    const other = await submit(db, { type: "inquiry", user: USERS.otherOrg });
    const rows = await homeRows();
    for (const row of rows) expect(await deliverOutboxRow(deps, row.id)).toBe("sent");
    // Frälsningsarmén's four older rows published nothing; its newest and Talita's one published.
    const calls = publishedTo();
    expect(calls.filter((u) => u === USERS.applicant)).toHaveLength(1);
    expect(calls.filter((u) => u === USERS.coordinator)).toHaveLength(2);
    expect(calls.filter((u) => u === USERS.otherOrg)).toHaveLength(1);
    expect((await db.outboxMessage.findFirstOrThrow({ where: { refId: other.id, kind: "home_refresh" } })).status).toBe("sent");
    const home = fake.home(USERS.applicant);
    expect(JSON.stringify(home)).toContain("*5* öppna ansökningar");
  });

  it("a user Slack does not know is skipped; the others still get their Home", async () => {
    await db.member.create({ data: { slackUserId: "not-a-user", orgId: (await db.organisation.findFirstOrThrow({ where: { name: "Frälsningsarmén" } })).id, role: "applicant" } });
    await submit(db, { type: "inquiry" });
    const [row] = await homeRows();
    expect(await deliverOutboxRow(deps, row?.id ?? 0)).toBe("sent");
    expect(publishedTo()).toContain(USERS.applicant);
    expect(fake.callsTo("views.publish").find((c) => c.args.user_id === "not-a-user")?.response).toMatchObject({ ok: false, error: "user_not_found" });
  });

  it("decisions, questions and answers each queue a refresh", async () => {
    const a = await submit(db, { type: "inquiry" });
    const b = await submit(db, { type: "inquiry" });
    expect((await decideRequest(db, a.id, USERS.coordinator, { kind: "deny", reason: "", shareReason: false })).ok).toBe(true);
    expect((await askForInformation(db, b.id, USERS.coordinator, "Finns en polisanmälan?")).ok).toBe(true);
    expect((await homeRows()).map((r) => r.key.replace(/:\d+$/, ":audit"))).toEqual([`home:${a.id}:submitted`, `home:${b.id}:submitted`, `home:${a.id}:audit`, `home:${b.id}:audit`]);
  });
});
