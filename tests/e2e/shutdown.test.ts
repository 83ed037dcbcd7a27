// Shutting down must never hang: a sweep in flight (the start-up reconcile runs in the background)
// holds a database connection and Redis calls, and the pool's end() waits for it. CI once saw
// harness.close() hang for good when the process was stopped right after starting.
import { afterAll, describe, expect, it } from "vitest";
import { startSweeper } from "../../jobs/sweep.js";
import { createLogger } from "../../src/logger.js";
import { closeDb, testDb } from "../helpers/db.js";
import { startHarness } from "../helpers/harness.js";

const db = testDb();
afterAll(() => closeDb(db));
const log = createLogger("silent");

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe("the sweeper's stop()", () => {
  it("waits for the sweep in flight, runs no further step, and no sweep after it", async () => {
    const gate = deferred();
    const ran: string[] = [];
    const dispatched: number[][] = [];
    const sweeper = startSweeper(db, { dispatch: async (ids) => void dispatched.push(ids) }, log, 60_000, [
      async () => {
        ran.push("first");
        await gate.promise;
      },
      async () => void ran.push("second"),
    ]);
    const sweep = sweeper.runNow();
    let stopped = false;
    const stopping = sweeper.stop().then(() => {
      stopped = true;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(stopped).toBe(false); // still waiting for the first step
    gate.resolve();
    await stopping;
    expect(await sweep).toBe(0);
    expect(ran).toEqual(["first"]); // the second step and the outbox query were not started
    expect(dispatched).toEqual([]);
    expect(await sweeper.runNow()).toBe(0);
    expect(ran).toEqual(["first"]);
  });

  it("gives up waiting after the grace period when a step never ends (Redis down)", async () => {
    const never = deferred();
    const sweeper = startSweeper(db, { dispatch: async () => undefined }, log, 60_000, [() => never.promise]);
    void sweeper.runNow();
    const started = Date.now();
    await sweeper.stop(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(Date.now() - started).toBeLessThan(2_000);
    never.resolve();
    await sweeper.settled();
  });
});

describe("the runtime", () => {
  it("stops promptly right after it started, while the start-up sweep may still run", async () => {
    for (let i = 0; i < 10; i++) {
      const h = await startHarness({});
      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([
        h.close().then(() => "closed" as const),
        new Promise<"hung">((resolve) => {
          timer = setTimeout(() => resolve("hung"), 10_000);
        }),
      ]);
      clearTimeout(timer);
      expect(outcome, `close() hung in round ${i + 1}`).toBe("closed");
    }
  }, 150_000);
});
