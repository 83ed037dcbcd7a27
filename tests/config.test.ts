// parseConfig (pure) and the real entry point refusing to start without its Slack settings.
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../src/core/config.js";

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

// ------------------------------------------------------------------ the real entry point

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** `npx tsx src/main.ts` in /work/main with exactly `env` (plus what npx needs to run). */
function runMain(env: Record<string, string>, timeoutMs = 30_000): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["tsx", "src/main.ts"], {
      cwd: process.cwd(),
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`src/main.ts did not exit within ${timeoutMs} ms (it should refuse to start)\n${stderr}`));
    }, timeoutMs);
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

function expectRefusal(exit: Exit, keys: string[]): void {
  expect(exit.signal).toBeNull();
  expect(exit.code, exit.stderr).toBe(78); // EX_CONFIG
  for (const key of keys) expect(exit.stderr).toContain(key);
  expect(exit.stderr).toContain("Ogiltig konfiguration");
  expect(exit.stdout).not.toContain("NSP app started");
}

// Nothing but PATH/HOME and a harmless LOG_LEVEL: no database or Redis settings.
const BARE_ENV = { LOG_LEVEL: "silent" };

// `npm start` is the app against Slack only: every Slack setting is required and a missing one
// stops the app before anything starts. The sandbox has its own entry point (tests/sandbox/entry).
describe("src/main.ts without a bot token", () => {
  // A database nothing listens on: whatever the app did, it could not touch a real one.
  const NO_DB = { DATABASE_URL: "postgresql://postgres@127.0.0.1:1/nsp", REDIS_URL: "redis://127.0.0.1:1" };

  for (const token of ["", "   "]) {
    it(`exits 78 naming SLACK_BOT_TOKEN (${JSON.stringify(token)}), and starts no sandbox`, async () => {
      const exit = await runMain({ ...BARE_ENV, ...NO_DB, SLACK_BOT_TOKEN: token });
      expectRefusal(exit, ["SLACK_BOT_TOKEN: saknas (missing)", "SLACK_SIGNING_SECRET", "NSP_COORDINATOR_CHANNEL"]);
      expect(exit.stderr).toContain("npm run sandbox");
      expect(exit.stdout).not.toMatch(/sandl[åa]d|sandbox/i);
    });
  }
});

describe("src/main.ts with a bot token but without the other Slack settings", () => {
  it("exits 78 naming every missing key when they are empty strings (which also beats any .env)", async () => {
    expectRefusal(await runMain({ ...BARE_ENV, SLACK_BOT_TOKEN: "xoxb-real-token", SLACK_SIGNING_SECRET: "", NSP_COORDINATOR_CHANNEL: "" }), [
      "SLACK_SIGNING_SECRET",
      "NSP_COORDINATOR_CHANNEL",
    ]);
  });

  it("exits 78 naming a malformed token", async () => {
    expectRefusal(await runMain({ ...BARE_ENV, SLACK_BOT_TOKEN: "xoxp-user-token", SLACK_SIGNING_SECRET: "0123456789abcdef", NSP_COORDINATOR_CHANNEL: "C0COORD" }), ["SLACK_BOT_TOKEN"]);
  });
});
