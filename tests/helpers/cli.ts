// Runs the real operator CLI (`tsx commands/admin.ts …`) against the run's database.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { testDatabaseUrl } from "./db.js";

const run = promisify(execFile);

/** Resolves with the exit code instead of throwing on a non-zero one. */
export async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run("npx", ["tsx", "commands/admin.ts", ...args], {
      cwd: process.cwd(),
      env: { ...process.env, DATABASE_URL: testDatabaseUrl(), NODE_NO_WARNINGS: "1" },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    if (err && typeof err === "object" && "code" in err && typeof err.code === "number") {
      const out = err as { code: number; stdout?: string; stderr?: string };
      return { code: out.code, stdout: out.stdout ?? "", stderr: out.stderr ?? "" };
    }
    throw err;
  }
}
