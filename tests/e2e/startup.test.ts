// The app starts while Slack is unreachable and recovers once it answers: auth.test runs on the
// first request, a failure does not fail the request, and it is retried on the next one
// (src/slack-auth.ts).
import { afterAll, beforeAll, expect, it } from "vitest";
import { startHarness, USERS, type Harness } from "../helpers/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ workers: false });
});
afterAll(async () => {
  await h?.close();
});

it("a failing auth.test does not fail the request; the next request tries it again", async () => {
  expect(h.fake.callsTo("auth.test")).toHaveLength(0); // nothing called Slack at start
  h.fake.failNext("auth.test", { status: 500, times: 1 });
  const first = await h.user.command(USERS.applicant, "hjälp");
  // Served with the bot token alone: the listener ran and answered.
  expect(first.status).toBe(200);
  expect(first.body).toContain("/nsp ansök");
  expect(h.fake.callsTo("auth.test").filter((c) => c.ok)).toHaveLength(0);
  const second = await h.user.command(USERS.applicant, "hjälp");
  expect(second.status).toBe(200);
  expect(second.body).toContain("/nsp ansök");
  const third = await h.user.command(USERS.applicant, "hjälp");
  expect(third.status).toBe(200);
  expect(h.fake.callsTo("auth.test").filter((c) => c.ok)).toHaveLength(1); // cached after success
});
