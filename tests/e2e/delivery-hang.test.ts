// Slack calls that never answer (issue #10, item 2): before, five of them held every delivery
// worker forever and nothing else went out. Every Web API call now has a timeout, a timed-out call
// is retried like a 5xx, and a hung call holds one worker slot only until its timeout.
import { afterAll, beforeAll, expect, it } from "vitest";
import { truncateAll } from "../helpers/db.js";
import { coordinatorPostsFor, seedFixtures, startHarness, submitInquiry, waitFor, type Harness } from "../helpers/harness.js";

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
