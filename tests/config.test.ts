// parseConfig (pure), and what `npm start` reports when it refuses to start without its Slack
// settings, in process. The real entry point's exit 78 is spawned once, in tests/startup-config.test.ts.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, configErrorReport, loadDotEnv, parseConfig, parseSandboxConfig } from "../src/core/config.js";

const VALID = {
  SLACK_BOT_TOKEN: "xoxb-abc",
  SLACK_SIGNING_SECRET: "0123456789abcdef",
  NSP_COORDINATOR_CHANNEL: "C0COORD",
} as const;

function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    parseConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error("parseConfig accepted the environment");
}

describe("parseConfig", () => {
  it("names every bad key in one ConfigError", () => {
    const err = configError({ SLACK_SIGNING_SECRET: VALID.SLACK_SIGNING_SECRET, PORT: "not-a-port", NSP_COORDINATOR_CHANNEL: "general" });
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.issues).toHaveLength(3);
    for (const key of ["SLACK_BOT_TOKEN", "PORT", "NSP_COORDINATOR_CHANNEL"]) expect(err.message).toContain(key);
    expect(err.issues.find((i) => i.startsWith("SLACK_BOT_TOKEN"))).toContain("saknas (missing)");
    expect(err.message).not.toContain("SLACK_SIGNING_SECRET");
  });

  it("treats empty and blank strings as unset", () => {
    const err = configError({ ...VALID, SLACK_BOT_TOKEN: "", SLACK_SIGNING_SECRET: "   " });
    expect(err.issues).toEqual(["SLACK_BOT_TOKEN: saknas (missing)", "SLACK_SIGNING_SECRET: saknas (missing)"]);
    // An empty optional key is simply absent, and an empty defaulted key takes its default.
    const config = parseConfig({ ...VALID, SLACK_APP_TOKEN: "", SLACK_API_URL: "", PORT: "", REDIS_URL: " " });
    expect(config.SLACK_APP_TOKEN).toBeUndefined();
    expect(config.SLACK_API_URL).toBeUndefined();
    expect(config.PORT).toBe(3000);
    expect(config.REDIS_URL).toBe("redis://127.0.0.1:6379");
  });

  it("fills in defaults", () => {
    const config = parseConfig({ ...VALID });
    expect(config).toMatchObject({
      PORT: 3000,
      DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/nsp",
      REDIS_URL: "redis://127.0.0.1:6379",
      NSP_REDIS_PREFIX: "nsp",
      NSP_SWEEP_INTERVAL_MS: 30_000,
      LOG_LEVEL: "info",
    });
    expect(config.SLACK_APP_TOKEN).toBeUndefined();
  });

  it("coerces and bounds PORT", () => {
    expect(parseConfig({ ...VALID, PORT: "0" }).PORT).toBe(0);
    expect(parseConfig({ ...VALID, PORT: " 8080 " }).PORT).toBe(8080);
    for (const bad of ["65536", "-1", "80.5", "http"]) expect(configError({ ...VALID, PORT: bad }).issues[0]).toMatch(/^PORT: /);
  });

  it("requires SLACK_APP_TOKEN to start with xapp-", () => {
    expect(parseConfig({ ...VALID, SLACK_APP_TOKEN: "xapp-1-A0-123" }).SLACK_APP_TOKEN).toBe("xapp-1-A0-123");
    const err = configError({ ...VALID, SLACK_APP_TOKEN: "xoxb-not-an-app-token" });
    expect(err.issues).toEqual(["SLACK_APP_TOKEN: ska börja med xapp-"]);
  });

  it("checks the other token and channel shapes", () => {
    const err = configError({ ...VALID, SLACK_BOT_TOKEN: "xoxp-user", SLACK_SIGNING_SECRET: "short", NSP_COORDINATOR_CHANNEL: "U0USER" });
    expect(err.issues.map((i) => i.split(":")[0]).sort()).toEqual(["NSP_COORDINATOR_CHANNEL", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"]);
    expect(parseConfig({ ...VALID, NSP_COORDINATOR_CHANNEL: "G0PRIVATE" }).NSP_COORDINATOR_CHANNEL).toBe("G0PRIVATE");
  });
});

// ------------------------------------------------------------------ the refusal of `npm start`

/** What src/main.ts writes on stderr before exiting 78 for `env` (it must refuse). */
function refusal(env: Record<string, string>): string {
  return configErrorReport(configError(env));
}

function expectRefusal(report: string, keys: string[]): void {
  for (const key of keys) expect(report).toContain(key);
  expect(report).toContain("Ogiltig konfiguration");
  expect(report).toContain("Se README.md (Konfiguration)");
}

describe("parseSandboxConfig", () => {
  it("reads the sandbox's coordinator channel like its other keys: optional, trimmed, checked", () => {
    expect(parseSandboxConfig({}).NSP_COORDINATOR_CHANNEL).toBeUndefined();
    expect(parseSandboxConfig({ NSP_COORDINATOR_CHANNEL: "  " }).NSP_COORDINATOR_CHANNEL).toBeUndefined();
    expect(parseSandboxConfig({ NSP_COORDINATOR_CHANNEL: " C0MYCOORD " }).NSP_COORDINATOR_CHANNEL).toBe("C0MYCOORD");
    expect(() => parseSandboxConfig({ NSP_COORDINATOR_CHANNEL: "#samordning", NSP_SANDBOX_HOST: "a b" })).toThrow(
      expect.objectContaining({ issues: [expect.stringMatching(/^NSP_SANDBOX_HOST:/), expect.stringMatching(/^NSP_COORDINATOR_CHANNEL: ett Slack-id/)] }),
    );
  });
});

// `npm start` is the app against Slack only: every Slack setting is required and a missing one
// stops the app before anything starts. The sandbox has its own entry point (tests/sandbox/entry).
describe("npm start without a bot token", () => {
  for (const token of ["", "   "]) {
    it(`refuses naming SLACK_BOT_TOKEN (${JSON.stringify(token)}) and points at the sandbox`, () => {
      const report = refusal({ SLACK_BOT_TOKEN: token });
      expectRefusal(report, ["SLACK_BOT_TOKEN: saknas (missing)", "SLACK_SIGNING_SECRET", "NSP_COORDINATOR_CHANNEL"]);
      expect(report).toContain("npm run sandbox");
    });
  }
});

describe("npm start with a bot token but without the other Slack settings", () => {
  it("refuses naming every missing key when they are empty strings", () => {
    const report = refusal({ SLACK_BOT_TOKEN: "xoxb-real-token", SLACK_SIGNING_SECRET: "", NSP_COORDINATOR_CHANNEL: "" });
    expectRefusal(report, ["SLACK_SIGNING_SECRET: saknas (missing)", "NSP_COORDINATOR_CHANNEL: saknas (missing)"]);
    expect(report).not.toContain("SLACK_BOT_TOKEN");
    expect(report).not.toContain("npm run sandbox");
  });

  it("refuses naming a malformed token", () => {
    const report = refusal({ SLACK_BOT_TOKEN: "xoxp-user-token", SLACK_SIGNING_SECRET: "0123456789abcdef", NSP_COORDINATOR_CHANNEL: "C0COORD" });
    expectRefusal(report, ["SLACK_BOT_TOKEN: ska börja med xoxb-"]);
    expect(report).not.toContain("SLACK_SIGNING_SECRET");
  });
});

describe("loadDotEnv", () => {
  const KEYS = ["NSP_TEST_DOTENV_EMPTY", "NSP_TEST_DOTENV_SET", "NSP_TEST_DOTENV_NEW"];
  afterEach(() => {
    for (const key of KEYS) delete process.env[key];
  });

  it("fills in keys from .env, but a key already set wins, even as an empty string (so \"\" beats .env)", () => {
    const dir = mkdtempSync(join(tmpdir(), "nsp-dotenv-"));
    const file = join(dir, ".env");
    writeFileSync(file, "NSP_TEST_DOTENV_EMPTY=from-file\nNSP_TEST_DOTENV_SET=from-file\nNSP_TEST_DOTENV_NEW=from-file\n");
    process.env.NSP_TEST_DOTENV_EMPTY = "";
    process.env.NSP_TEST_DOTENV_SET = "from-env";
    try {
      loadDotEnv(file);
      expect(process.env.NSP_TEST_DOTENV_EMPTY).toBe("");
      expect(process.env.NSP_TEST_DOTENV_SET).toBe("from-env");
      expect(process.env.NSP_TEST_DOTENV_NEW).toBe("from-file");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("does nothing without a .env file", () => {
    expect(() => loadDotEnv(join(tmpdir(), "nsp-no-such-dir", ".env"))).not.toThrow();
    expect(process.env.NSP_TEST_DOTENV_NEW).toBeUndefined();
  });
});
