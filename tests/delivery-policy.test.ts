// The retry schedule of Slack deliveries: with the defaults a Slack outage of 30 minutes (and up
// to about 1 h 25 min) is ridden out without a message becoming dead; the old schedule gave up
// after about ten minutes.
import { describe, expect, it } from "vitest";
import { parseConfig } from "../src/core/config.js";
import { ErrorCode, LogLevel, WebClient } from "@slack/web-api";
import { deliveryPolicy, isPermanentSlackError, retryDelayMs, retryWindowMs, stalledJobOptions } from "../jobs/delivery-policy.js";
import { FakeSlack } from "../dev/fake-slack/server.js";

const base = { SLACK_BOT_TOKEN: "xoxb-x", SLACK_SIGNING_SECRET: "secret-secret", NSP_COORDINATOR_CHANNEL: "C0COORD" };

describe("delivery policy", () => {
  it("defaults: 10 s Slack timeout, 15 s lease, 25 attempts retried for more than an hour", () => {
    const config = parseConfig(base);
    expect(config.NSP_SLACK_TIMEOUT_MS).toBe(10_000);
    const policy = deliveryPolicy(config);
    expect(policy).toEqual({ leaseMs: 15_000, maxAttempts: 25, backoffMs: 1000, backoffMaxMs: 300_000 });
    expect(retryWindowMs(policy)).toBeGreaterThan(60 * 60_000);
    expect(retryWindowMs(policy)).toBeLessThan(90 * 60_000);
  });

  it("backs off exponentially up to the cap", () => {
    const policy = { leaseMs: 15_000, maxAttempts: 25, backoffMs: 1000, backoffMaxMs: 300_000 };
    expect([1, 2, 3, 9, 10, 24].map((n) => retryDelayMs(policy, n))).toEqual([1000, 2000, 4000, 256_000, 300_000, 300_000]);
  });

  it("a crashed worker's BullMQ job is found within about one lease", () => {
    const o = stalledJobOptions({ leaseMs: 15_000, maxAttempts: 25, backoffMs: 1000, backoffMaxMs: 300_000 });
    expect(o.lockDuration + 2 * o.stalledInterval).toBeLessThanOrEqual(30_000);
  });

  it("refuses bad values, naming the key", () => {
    expect(() => parseConfig({ ...base, NSP_SLACK_TIMEOUT_MS: "0" })).toThrow(/NSP_SLACK_TIMEOUT_MS/);
    expect(() => parseConfig({ ...base, NSP_DELIVERY_LEASE_MS: "10" })).toThrow(/NSP_DELIVERY_LEASE_MS/);
    expect(() => parseConfig({ ...base, NSP_DEAD_NOTICE_AT: "25:00" })).toThrow(/NSP_DEAD_NOTICE_AT/);
  });
});

describe("Slack errors no retry can fix", () => {
  it("are told apart from transient ones on the errors the Web API client really throws", async () => {
    const fake = await FakeSlack.start();
    try {
      const slack = new WebClient("xoxb-test", { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: 300, logLevel: LogLevel.ERROR });
      const answer = async (failure: Parameters<FakeSlack["failNext"]>[1]): Promise<unknown> => {
        fake.failNext("chat.postMessage", failure);
        return slack.chat.postMessage({ channel: "C0COORD", text: "x" }).then(
          () => new Error("no error"),
          (err: unknown) => err,
        );
      };
      for (const error of ["channel_not_found", "not_in_channel", "is_archived", "invalid_blocks", "invalid_arguments", "msg_too_long", "no_text", "invalid_auth", "not_authed", "token_revoked", "missing_scope"]) {
        expect([error, isPermanentSlackError(await answer({ error }))]).toEqual([error, true]);
      }
      for (const failure of [{ error: "internal_error" }, { error: "fatal_error" }, { error: "service_unavailable" }, { error: "ratelimited" }, { status: 500 as const }, { status: 429 as const }, { hang: true }]) {
        const err = await answer(failure);
        expect([failure, isPermanentSlackError(err)]).toEqual([failure, false]);
        if ("status" in failure && failure.status === 429) expect((err as { code?: string }).code).toBe(ErrorCode.RateLimitedError);
      }
      expect(isPermanentSlackError(new Error("channel_not_found"))).toBe(false); // only Slack's own answer counts
    } finally {
      await fake.close();
    }
  });
});
