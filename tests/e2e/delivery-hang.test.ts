// Slack calls that never answer (issue #10, item 2): before, five of them held every delivery
// worker forever and nothing else went out. Every Web API call now has a timeout, a timed-out call
// is retried like a 5xx, and a hung call holds one worker slot only until its timeout.
import { afterAll, beforeAll, expect, it } from "vitest";
import { truncateAll } from "../helpers/db.js";
import { coordinatorPostsFor, seedFixtures, startHarness, submitInquiry, USERS, waitFor, type Harness } from "../helpers/harness.js";

const TIMEOUT_MS = 6000;
const HUNG = 5;
const INQUIRIES = 6; // two posts each: the coordinator notice and the applicant's receipt

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ config: { NSP_SLACK_TIMEOUT_MS: String(TIMEOUT_MS), NSP_DELIVERY_BACKOFF_MS: "200" } });
  await truncateAll(h.db);
  await seedFixtures(h.db);
});
afterAll(async () => {
  await h?.close();
});

const okPosts = () => h.fake.callsTo("chat.postMessage").filter((c) => c.ok);

it("hung chat.postMessage calls hold up no other message, and are delivered once after their timeout", async () => {
  h.fake.failNext("chat.postMessage", { hang: true, times: HUNG });
  for (let i = 0; i < INQUIRIES; i++) await submitInquiry(h, `Förfrågan nummer ${i + 1} om en kvinna som kan behöva stöd.`);
  const total = INQUIRIES * 2;
  const others = total - HUNG;

  // Every message that did not hang goes out while the hung calls are still waiting for Slack.
  await waitFor(async () => okPosts().length >= others, `${others} messages besides the hung ones`, 30_000);
  const hung = h.fake.callsTo("chat.postMessage").filter((c) => c.status === 0);
  expect(hung).toHaveLength(HUNG);
  const firstTimeout = Math.min(...hung.map((c) => c.at)) + TIMEOUT_MS;
  expect(okPosts().slice(0, others).every((c) => c.at < firstTimeout)).toBe(true);

  // The hung ones time out, are retried, and each message is posted exactly once.
  await waitFor(async () => (await h.db.outboxMessage.count({ where: { kind: { in: ["coord_notice", "applicant_receipt"] }, status: "sent" } })) === total, "all messages sent", 40_000);
  expect(h.fake.openHungCalls).toBe(0);
  expect(okPosts()).toHaveLength(total);
  const requests = await h.db.request.findMany({ select: { id: true } });
  expect(requests).toHaveLength(INQUIRIES);
  for (const r of requests) expect(coordinatorPostsFor(h, r.id)).toHaveLength(1);
  expect(okPosts().filter((c) => c.args.channel !== "C0COORD")).toHaveLength(INQUIRIES); // one receipt each (DMs)
  const timedOut = await h.db.outboxMessage.findMany({ where: { attempts: { gt: 1 }, kind: { in: ["coord_notice", "applicant_receipt"] } } });
  expect(timedOut.length).toBe(HUNG);
}, 90_000);

// respond() (a POST to the response_url) is made by Bolt 5.1 with the App's `clientOptions.fetch`,
// else the global fetch, which has no overall timeout (undici's default headersTimeout is 300 s).
// Before, a response_url that never answered held the listener: no answer reached the user within
// 10 s here. Now the call gives up after NSP_SLACK_TIMEOUT_MS like every Web API call.
it("a response_url that never answers is given up after the Slack timeout and the user still gets an answer", async () => {
  h.fake.reset();
  h.fake.failNext("response_url", { hang: true });
  const started = Date.now();
  await h.user.command(USERS.applicant, "möten");
  await waitFor(async () => h.fake.callsTo("response_url").some((c) => c.status === 0), "the hung response_url call", 5000);
  // The listener's own error answer (a second respond()) reaches the user once the first call timed out.
  const answer = await waitFor(async () => h.fake.ephemerals(USERS.applicant)[0], "the error answer", TIMEOUT_MS + 4000);
  expect(JSON.stringify(answer)).toContain("Mötena kunde inte visas just nu");
  expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 4000);
  await waitFor(async () => h.fake.openHungCalls === 0, "the hung call closed by the client", 2000);
}, 30_000);
