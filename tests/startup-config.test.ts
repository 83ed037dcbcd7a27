// The real entry point (`npm start` = src/main.ts) refusing to start without its Slack settings:
// exit 78 (EX_CONFIG), the report on stderr, nothing started. Spawned once (it takes seconds);
// the report's content for each bad setting is checked in process in tests/config.test.ts.
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** `npx tsx src/main.ts` in the working directory with exactly `env` (plus what npx needs to run). */
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

describe("src/main.ts without a bot token", () => {
  // A database nothing listens on: whatever the app did, it could not touch a real one.
  const NO_DB = { DATABASE_URL: "postgresql://postgres@127.0.0.1:1/nsp", REDIS_URL: "redis://127.0.0.1:1" };

  it("exits 78 naming SLACK_BOT_TOKEN, and starts neither the app nor a sandbox", async () => {
    const exit = await runMain({ LOG_LEVEL: "silent", ...NO_DB, SLACK_BOT_TOKEN: "" });
    expect(exit.signal).toBeNull();
    expect(exit.code, exit.stderr).toBe(78);
    for (const key of ["SLACK_BOT_TOKEN: saknas (missing)", "SLACK_SIGNING_SECRET", "NSP_COORDINATOR_CHANNEL"]) expect(exit.stderr).toContain(key);
    expect(exit.stderr).toContain("Ogiltig konfiguration");
    expect(exit.stderr).toContain("npm run sandbox");
    expect(exit.stdout).not.toContain("NSP app started");
    expect(exit.stdout).not.toMatch(/sandl[åa]d|sandbox/i);
  });
});
