// Slack's rule: a signed request's timestamp lies within five minutes of now, either way. Bolt 5.1
// rejects only stale ones; src/request-guard.ts rejects those dated too far ahead.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isFutureDated, MAX_CLOCK_SKEW_SECONDS } from "../../src/request-guard.js";
import { startHarness, USERS, waitFor, type Harness } from "../helpers/harness.js";

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ workers: false });
  // The first request runs auth.test (src/slack-auth.ts); make it happen before the measured ones.
  await h.user.command(USERS.applicant, "hjälp");
  await waitFor(async () => h.fake.callsTo("auth.test").length > 0, "first auth.test");
});
afterAll(async () => {
  await h?.close();
});

const nowSec = () => Math.floor(Date.now() / 1000);

describe("request timestamps over HTTP", () => {
  it.each([
    { label: "+10 minutes", offset: 600, status: 401 },
    { label: "+2 minutes", offset: 120, status: 200 },
    { label: "-2 minutes", offset: -120, status: 200 },
    { label: "-6 minutes", offset: -360, status: 401 },
  ])("a slash command dated $label gets $status", async ({ offset, status }) => {
    const before = h.fake.calls.length;
    const res = await h.user.command(USERS.stranger, "hjälp", { timestamp: nowSec() + offset });
    expect(res.status).toBe(status);
    if (status === 401) {
      expect(res.body).toBe("");
      // Rejected before Bolt: no authorize (auth.test), no listener, no reply.
      await new Promise((r) => setTimeout(r, 200));
      expect(h.fake.calls.slice(before).map((c) => c.method)).toEqual([]);
    } else {
      // Accepted: the listener ran and acked with the help text.
      expect(res.json).toMatchObject({ response_type: "ephemeral", text: expect.stringContaining("/nsp hjälp") });
    }
  });

  it("a future-dated request with a bad signature is still 401", async () => {
    const res = await h.user.command(USERS.stranger, "hjälp", { timestamp: nowSec() + 3600, signature: "v0=deadbeef" });
    expect(res.status).toBe(401);
  });

  it("leaves other routes alone", async () => {
    const res = await fetch(`http://127.0.0.1:${h.runtime.port}/healthz`, {
      headers: { "X-Slack-Request-Timestamp": String(nowSec() + 3600) },
    });
    expect(res.status).toBe(200);
  });
});

describe("isFutureDated", () => {
  const now = 1_700_000_000_000;
  const s = now / 1000;
  it("allows exactly five minutes ahead, rejects one second more", () => {
    expect(isFutureDated(String(s + MAX_CLOCK_SKEW_SECONDS), now)).toBe(false);
    expect(isFutureDated(String(s + MAX_CLOCK_SKEW_SECONDS + 1), now)).toBe(true);
  });
  it("leaves past, missing and malformed timestamps to Bolt", () => {
    expect(isFutureDated(String(s - 3600), now)).toBe(false);
    expect(isFutureDated(undefined, now)).toBe(false);
    expect(isFutureDated("", now)).toBe(false);
    expect(isFutureDated("soon", now)).toBe(false);
    expect(isFutureDated(["1", "2"], now)).toBe(false);
  });
});
