// Tests of Redis losing its data (a real FLUSHALL) run against a dedicated redis-server started for
// their file on a free port, so the FLUSHALL wipes nothing of other test runs.
// `dedicatedRedis()` starts it in the file's beforeAll and stops it in afterAll; `flushRedis(url)`
// empties it; `sweepThenDrain(runtime, queue, …)` runs three more sweeps and waits for an idle queue.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import type { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll } from "vitest";
import type { Runtime } from "../../src/runtime.js";
import { waitFor } from "./harness.js";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface DedicatedRedis {
  /** The server's URL (`redis://127.0.0.1:<port>`); read it in a test or a hook, after beforeAll. */
  readonly url: string;
}

/**
 * Registers a beforeAll that starts a redis-server (no persistence) on a free port and waits for its
 * PONG, and an afterAll that stops it. Call it at the top level of a test file.
 */
export function dedicatedRedis(): DedicatedRedis {
  let redisProcess: ChildProcess | undefined;
  let url: string | undefined;
  beforeAll(async () => {
    const port = await freePort();
    redisProcess = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    url = `redis://127.0.0.1:${port}`;
    const probe = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true, retryStrategy: () => 100 });
    probe.on("error", () => undefined); // refused until the server listens
    await waitFor(async () => (await probe.ping().catch(() => null)) === "PONG", "dedicated redis-server", 10_000);
    probe.disconnect();
  });
  afterAll(() => {
    redisProcess?.kill("SIGTERM");
  });
  return {
    get url(): string {
      if (!url) throw new Error("the dedicated redis-server is not started yet (read .url in a test or hook)");
      return url;
    },
  };
}

/** FLUSHALL on the server at `url` through a connection of its own. */
export async function flushRedis(url: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    await redis.flushall();
  } finally {
    redis.disconnect();
  }
}

/**
 * Three more sweeps of the runtime's workers (each reconciles what the database plans), then waits
 * until `queue` holds nothing to run: whatever the sweeps added has run, so every post it could
 * cause has been made. A job re-added and still delayed fails the wait.
 */
export async function sweepThenDrain(runtime: Pick<Runtime, "workers">, queue: Queue, what: string, timeoutMs: number): Promise<void> {
  const workers = runtime.workers;
  if (!workers) throw new Error("the harness runs no workers");
  for (let i = 0; i < 3; i++) await workers.sweepNow();
  await waitFor(async () => {
    const counts = await queue.getJobCounts("waiting", "active", "delayed", "prioritized");
    return Object.values(counts).every((n) => n === 0);
  }, what, timeoutMs);
}
