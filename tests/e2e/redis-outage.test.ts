// A Redis outage during a submission loses nothing: the request and its outbox rows are stored,
// and a worker that starts later (with Redis) delivers them. In a file of its own so that no
// other harness's workers (sweeping the same database) can deliver the rows first.
import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";
import { startRuntime } from "../../src/runtime.js";
import { truncateAll } from "../helpers/db.js";
import { coordinatorPostsFor, seedFixtures, startHarness, submitInquiry, testConfig, waitFor } from "../helpers/harness.js";

describe("Redis outage", () => {
  it("a submission while Redis is unreachable is stored, and delivered once a worker with Redis starts", async () => {
    // The app's Redis points at a port where nothing listens; no workers run.
    const down = await startHarness({ workers: false, config: { REDIS_URL: "redis://127.0.0.1:6399" } });
    try {
      await truncateAll(down.db);
      await seedFixtures(down.db);
      const started = Date.now();
      const res = await submitInquiry(down, "Förfrågan under ett Redis-avbrott.");
      expect(res.json).toMatchObject({ response_action: "update" });
      expect(Date.now() - started).toBeLessThan(2900);
      const request = await down.db.request.findFirstOrThrow({ orderBy: { id: "desc" } });
      expect(await down.db.outboxMessage.count({ where: { requestId: request.id, status: "pending" } })).toBe(2);

      // A worker process with a working Redis reconciles on start and delivers.
      const config = testConfig(down.fake);
      const worker = await startRuntime(config, createLogger("silent"));
      try {
        await waitFor(async () => (await down.db.outboxMessage.count({ where: { requestId: request.id, status: "sent" } })) === 2, "delivered after outage", 20_000);
        expect(coordinatorPostsFor(down, request.id)).toHaveLength(1);
      } finally {
        await worker.stop();
      }
    } finally {
      await down.close();
    }
  });
});
