// A Slack outage longer than the retry window (issue #10, item 2). Before, a row was given up
// after 25 attempts (about ten minutes) and nothing could bring it back. Now it becomes dead:
// listed by the CLI (ids, kinds, attempts, error codes, times only), reported by /healthz
// ("degraded", still 200), announced to admins once a day, and `outbox retry` delivers it, once.
// The outage is compressed: 4 attempts 50–200 ms apart stand for the ~85 min window of the
// defaults, so "Slack down for 30 minutes, longer than the window" takes a second here.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Health } from "../../src/health.js";
import { truncateAll } from "../helpers/db.js";
import { cli } from "../helpers/cli.js";
import { coordinatorPostsFor, seedFixtures, startHarness, submitInquiry, USERS, waitFor, type Harness } from "../helpers/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    config: {
      NSP_DELIVERY_MAX_ATTEMPTS: "4",
      NSP_DELIVERY_BACKOFF_MS: "50",
      NSP_DELIVERY_BACKOFF_MAX_MS: "200",
      NSP_SLACK_TIMEOUT_MS: "1000",
      NSP_DEAD_NOTICE_AT: "00:00", // the daily check is always due: the first sweep with dead rows sends it
    },
  });
  await truncateAll(h.db);
  await seedFixtures(h.db);
});
afterAll(async () => {
  await h?.close();
});

const health = async (): Promise<{ status: number; body: Health }> => {
  const res = await fetch(`http://127.0.0.1:${h.runtime.port}/healthz`);
  return { status: res.status, body: (await res.json()) as Health };
};
const MESSAGE_KINDS = ["coord_notice", "applicant_receipt"];
const okPosts = () => h.fake.callsTo("chat.postMessage").filter((c) => c.ok);

it("messages outliving their retries become dead, visible, and are delivered exactly once by outbox retry", async () => {
  // Slack is down: every post fails (5xx, error answers, and calls that hang past the timeout).
  h.fake.failNext("chat.postMessage", { status: 500, times: 6 });
  h.fake.failNext("chat.postMessage", { hang: true, times: 2 });
  h.fake.failNext("chat.postMessage", { error: "service_unavailable", times: 100_000 });
  for (let i = 0; i < 3; i++) await submitInquiry(h, `Förfrågan ${i + 1} under Slack-avbrottet.`);
  const requests = await h.db.request.findMany({ select: { id: true } });
  expect(requests).toHaveLength(3);

  await waitFor(async () => (await h.db.outboxMessage.count({ where: { kind: { in: MESSAGE_KINDS }, status: "dead" } })) === 6, "six dead messages", 30_000);
  const dead = await h.db.outboxMessage.findMany({ where: { kind: { in: MESSAGE_KINDS } } });
  for (const row of dead) {
    expect(row.attempts).toBe(4);
    expect(row.deadAt).not.toBeNull();
    expect(row.leaseUntil).toBeNull();
  }
  expect(okPosts()).toHaveLength(0);

  // The CLI lists them: ids, kinds, attempts, error code, times; nothing else.
  const listed = await cli(["outbox", "list", "--dead", "--json"]);
  expect(listed.code).toBe(0);
  const entries = JSON.parse(listed.stdout) as Record<string, unknown>[];
  const messageEntries = entries.filter((e) => MESSAGE_KINDS.includes(String(e.kind)));
  expect(messageEntries.map((e) => e.id).sort()).toEqual(dead.map((r) => r.id).sort());
  for (const e of entries) {
    expect(Object.keys(e).sort()).toEqual(["attempts", "createdAt", "deadAt", "id", "kind", "lastError", "leaseUntil", "status"]);
    expect(e.status).toBe("dead");
  }
  expect(new Set(messageEntries.map((e) => e.lastError))).toEqual(new Set(["service_unavailable"]));
  const text = await cli(["outbox", "list"]);
  expect(text.code).toBe(0);
  expect(text.stdout).toContain("död");
  expect(text.stdout).not.toContain("Förfrågan"); // no message content
  expect(text.stdout).not.toContain(USERS.applicant); // no person

  // /healthz: degraded, still 200, with the count (the admin notice about them is not counted).
  const degraded = await health();
  expect(degraded.status).toBe(200);
  expect(degraded.body).toEqual({ status: "degraded", postgres: "ok", redis: "ok", deadMessages: 6, deadReminders: 0 });

  // The day's notice to the admin was queued once (and died too: Slack is still down).
  await waitFor(async () => (await h.db.outboxMessage.count({ where: { kind: "dead_notice" } })) === 1, "the admin notice");
  await waitFor(async () => (await h.db.outboxMessage.count({ where: { kind: "dead_notice", status: "dead" } })) === 1, "the notice dead too", 20_000);
  expect(await h.db.scheduledRun.count({ where: { name: "outbox_dead_notice" } })).toBe(1);

  // Slack is back. One message by id first, then all the others.
  h.fake.clearFailures();
  const first = dead[0]?.id ?? 0;
  const one = await cli(["outbox", "retry", String(first)]);
  expect(one.code, one.stderr).toBe(0);
  await waitFor(async () => (await h.db.outboxMessage.findUniqueOrThrow({ where: { id: first } })).status === "sent", "the retried message sent", 20_000);
  expect(await h.db.outboxMessage.count({ where: { status: "dead" } })).toBe(6); // 5 messages + the notice
  const notDead = await cli(["outbox", "retry", String(first)]);
  expect(notDead.code).toBe(1);
  expect(notDead.stderr).toContain("inte dött");

  const all = await cli(["outbox", "retry", "--all", "--json"]);
  expect(all.code, all.stderr).toBe(0);
  expect((JSON.parse(all.stdout) as { retried: number[] }).retried).toHaveLength(6);
  await waitFor(async () => (await h.db.outboxMessage.count({ where: { status: { not: "sent" } } })) === 0, "everything sent", 30_000);

  // Exactly once each: one coordinator notice per request, one receipt each, one admin notice.
  for (const r of requests) expect(coordinatorPostsFor(h, r.id)).toHaveLength(1);
  expect(okPosts().filter((c) => c.args.channel === USERS.applicant)).toHaveLength(3);
  expect(okPosts().filter((c) => c.args.channel === USERS.admin)).toHaveLength(1);
  expect(okPosts()).toHaveLength(7);
  const after = await health();
  expect(after).toEqual({ status: 200, body: { status: "ok", postgres: "ok", redis: "ok", deadMessages: 0, deadReminders: 0 } });
  // Not a second notice the same day, though rows died today.
  await h.runtime.workers?.sweepNow();
  expect(await h.db.outboxMessage.count({ where: { kind: "dead_notice" } })).toBe(1);
}, 120_000);
