// Slack errors that no retry can fix (issue #10, item 2). Before, a message to an archived channel
// or with a token that was revoked was retried for the whole window (~85 min with the defaults)
// and only then became dead. Now such an answer makes the row dead at once: visible (list,
// /healthz, the daily notice) and recoverable with `outbox retry` once an operator has fixed the
// cause (invited the bot, replaced the token). Transient answers are still retried.
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { truncateAll } from "../helpers/db.js";
import { cli } from "../helpers/cli.js";
import { seedFixtures, startHarness, submitInquiry, waitFor, type Harness } from "../helpers/harness.js";

const MESSAGE_KINDS = ["coord_notice", "applicant_receipt"];
let h: Harness;
beforeAll(async () => {
  // The default retry policy (25 attempts, 1 s first backoff): a retried row would still be
  // pending, with several attempts, long after the waits below.
  h = await startHarness({ config: { NSP_DEAD_NOTICE_AT: "23:59" } });
});
beforeEach(async () => {
  await truncateAll(h.db);
  await seedFixtures(h.db);
  h.fake.reset();
});
afterAll(async () => {
  await h?.close();
});

const messageRows = () => h.db.outboxMessage.findMany({ where: { kind: { in: MESSAGE_KINDS } }, orderBy: { id: "asc" } });
const okPosts = () => h.fake.callsTo("chat.postMessage").filter((c) => c.ok);

// One of each family (target, message, token); tests/delivery-policy.test.ts covers the whole list.
for (const error of ["not_in_channel", "invalid_blocks", "invalid_auth"]) {
  it(`"${error}" makes the message dead after one attempt; outbox retry delivers it once the cause is fixed`, async () => {
    h.fake.failNext("chat.postMessage", { error, times: 2 });
    await submitInquiry(h, `Förfrågan som Slack svarar ${error} på.`);
    await waitFor(async () => (await messageRows()).filter((r) => r.status === "dead").length === 2, "both messages dead", 8000);
    for (const row of await messageRows()) expect([row.attempts, row.lastError, row.deadAt !== null, row.leaseUntil]).toEqual([1, error, true, null]);
    expect(h.fake.callsTo("chat.postMessage")).toHaveLength(2); // not retried by itself

    const listed = await cli(["outbox", "list", "--dead", "--json"]);
    expect(listed.code, listed.stderr).toBe(0);
    expect((JSON.parse(listed.stdout) as { lastError: string }[]).map((e) => e.lastError)).toEqual([error, error]);

    // The operator fixed it (invited the bot, replaced the token…) and re-drives the rows.
    const retried = await cli(["outbox", "retry", "--all"]);
    expect(retried.code, retried.stderr).toBe(0);
    await waitFor(async () => (await messageRows()).every((r) => r.status === "sent"), "both sent after the retry", 20_000);
    expect(okPosts()).toHaveLength(2);
  }, 40_000);
}

it("a transient Slack error is retried, not made dead", async () => {
  h.fake.failNext("chat.postMessage", { error: "internal_error", times: 2 });
  h.fake.failNext("chat.postMessage", { status: 500, times: 1 });
  await submitInquiry(h, "Förfrågan under ett kort Slack-fel.");
  await waitFor(async () => (await messageRows()).every((r) => r.status === "sent"), "both sent", 20_000);
  expect((await messageRows()).some((r) => r.attempts > 1)).toBe(true);
  expect(okPosts()).toHaveLength(2);
}, 40_000);
