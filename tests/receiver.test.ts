// Socket Mode when SLACK_APP_TOKEN is set, HTTP otherwise.
import { HTTPReceiver, SocketModeReceiver } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { createReceiver } from "../src/app.js";
import { parseConfig } from "../src/core/config.js";
import { boltLogger, createLogger } from "../src/core/logger.js";

const base = { SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "secret-123", NSP_COORDINATOR_CHANNEL: "C0COORD", PORT: "0" };
const log = createLogger("silent");

describe("createReceiver", () => {
  it("uses the HTTP receiver without an app token", () => {
    expect(createReceiver(parseConfig(base), [], boltLogger(log), log)).toBeInstanceOf(HTTPReceiver);
  });
  it("uses Socket Mode with SLACK_APP_TOKEN", () => {
    const receiver = createReceiver(parseConfig({ ...base, SLACK_APP_TOKEN: "xapp-1-abc" }), [], boltLogger(log), log);
    expect(receiver).toBeInstanceOf(SocketModeReceiver);
  });
});
