// With Slack tokens set, nothing of the sandbox is mounted.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startHarness, type Harness } from "../helpers/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ workers: false });
});
afterAll(async () => {
  await h?.close();
});

it("serves no /sandbox routes when the app runs against Slack", async () => {
  for (const path of ["/sandbox", "/sandbox/sandbox.js", "/sandbox/api/state?user=U0DEMOAPPL", "/sandbox/file?id=F1&user=U0DEMOAPPL"]) {
    const res = await fetch(`http://127.0.0.1:${h.runtime.port}${path}`);
    expect(res.status, path).toBe(404);
  }
  expect((await fetch(`http://127.0.0.1:${h.runtime.port}/healthz`)).status).toBe(200);
});
