// A user's modal submission while Slack's auth.test keeps failing is not lost: Bolt is authorized
// with the bot token alone (src/slack-auth.ts), the request is stored and the modal answered.
import { afterAll, beforeAll, expect, it } from "vitest";
import { truncateAll } from "../helpers/db.js";
import { admissionValues, seedFixtures, startHarness, USERS, waitFor, type Harness } from "../helpers/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ workers: false });
  await truncateAll(h.db);
  await seedFixtures(h.db);
});
afterAll(async () => {
  await h?.close();
});

it("/nsp ansök and the submission are served while every auth.test fails", async () => {
  h.fake.failNext("auth.test", { status: 500, times: 100 });
  const res = await h.user.command(USERS.applicant, "ansök tillträde");
  expect(res.status).toBe(200);
  const call = await waitFor(async () => h.fake.callsTo("views.open")[0], "views.open");
  const viewId = (call.response as { view: { id: string } }).view.id;
  const submitted = await h.user.submitView(USERS.applicant, viewId, h.user.valuesFor(viewId, admissionValues()));
  expect(submitted.status).toBe(200);
  expect(submitted.json).toMatchObject({ response_action: "update" });
  expect(await h.db.request.count({ where: { type: "admission", applicantSlackId: USERS.applicant } })).toBe(1);
  expect(h.fake.callsTo("auth.test").length).toBeGreaterThanOrEqual(2); // tried on each request
  expect(h.fake.callsTo("auth.test").every((c) => !c.ok)).toBe(true);
});
