// Failures of Slack and Redis lose nothing and send nothing twice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebClient } from "@slack/web-api";
import { deliverOutboxRow } from "../../jobs/deliver-slack-message.js";
import { createLogger } from "../../src/logger.js";
import { truncateAll } from "../helpers/db.js";
import { coordinatorPostsFor, COORD_CHANNEL, seedFixtures, startHarness, submitInquiry, waitFor, type Harness } from "../helpers/harness.js";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  await truncateAll(h.db);
  await seedFixtures(h.db);
});
afterAll(async () => {
  await h?.close();
});


describe("Slack failures", () => {
  it("a 429 with Retry-After and ok:false errors delay the notification but never lose or double it", async () => {
    h.fake.failNext("chat.postMessage", { status: 429, retryAfter: 1, times: 1 });
    h.fake.failNext("chat.postMessage", { error: "internal_error", times: 2 });
    const res = await submitInquiry(h, "Gäller en kvinna som kan behöva stöd, är det inom ramen för NSP?");
    expect(res.json).toMatchObject({ response_action: "update" });
    const request = await h.db.request.findFirstOrThrow({ orderBy: { id: "desc" } });
    await waitFor(async () => (await h.db.outboxMessage.count({ where: { requestId: request.id, status: "sent" } })) === 2, "both messages sent", 20_000);
    expect(coordinatorPostsFor(h, request.id)).toHaveLength(1);
    const failed = h.fake.callsTo("chat.postMessage").filter((c) => (c.response as { ok?: boolean }).ok === false);
    expect(failed.length).toBeGreaterThanOrEqual(3);
  });

  it("a delivery run twice, or by two workers at once, posts once", async () => {
    await submitInquiry(h, "Ytterligare en förfrågan om en individ.");
    const request = await h.db.request.findFirstOrThrow({ orderBy: { id: "desc" } });
    await waitFor(async () => (await h.db.outboxMessage.count({ where: { requestId: request.id, status: "sent" } })) === 2, "sent");
    const row = await h.db.outboxMessage.findFirstOrThrow({ where: { requestId: request.id, kind: "coord_notice" } });
    const slack = new WebClient("xoxb-test-token", { slackApiUrl: h.fake.apiUrl, retryConfig: { retries: 0 } });
    const deps = { db: h.db, slack, log: createLogger("silent"), coordinatorChannel: COORD_CHANNEL };
    // Mark it pending again as if the job were replayed after Redis lost it: still only one post
    // per claim, and concurrent claims yield exactly one "sent".
    // (The running worker's sweep may race us for it too: still exactly one more post.)
    expect(coordinatorPostsFor(h, request.id)).toHaveLength(1);
    expect(await deliverOutboxRow(deps, row.id)).toBe("skipped");
    await h.db.outboxMessage.update({ where: { id: row.id }, data: { status: "pending" } });
    const outcomes = await Promise.all([deliverOutboxRow(deps, row.id), deliverOutboxRow(deps, row.id), deliverOutboxRow(deps, row.id)]);
    expect(outcomes.filter((o) => o === "sent").length).toBeLessThanOrEqual(1);
    await waitFor(async () => (await h.db.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })).status === "sent", "re-sent");
    await new Promise((r) => setTimeout(r, 1500)); // give a competing sweep the chance to misbehave
    expect(coordinatorPostsFor(h, request.id)).toHaveLength(2);
  });
});
