// GET /healthz against the real runtime: 200 when Postgres and Redis answer, 503 naming the one down.
import { describe, expect, it } from "vitest";
import type { Health } from "../../src/health.js";
import { startHarness, type Harness } from "../helpers/harness.js";

// Ports where nothing listens.
const DEAD_REDIS = "redis://127.0.0.1:6399";
const DEAD_POSTGRES = "postgresql://postgres@127.0.0.1:5499/x";

/** Closing must not hang even when Redis or Postgres is unreachable. */
const CLOSE_LIMIT_MS = 10_000;

async function withHarness(opts: Parameters<typeof startHarness>[0], fn: (h: Harness) => Promise<void>): Promise<void> {
  const h = await startHarness(opts);
  try {
    await fn(h);
  } finally {
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const hung = new Promise<"hung">((resolve) => {
      timer = setTimeout(() => resolve("hung"), CLOSE_LIMIT_MS);
    });
    const outcome = await Promise.race([h.close().then(() => "closed" as const), hung]);
    clearTimeout(timer);
    expect(outcome, `harness.close() did not finish within ${CLOSE_LIMIT_MS} ms`).toBe("closed");
    expect(Date.now() - started).toBeLessThan(CLOSE_LIMIT_MS);
  }
}

async function getHealth(h: Harness): Promise<{ status: number; contentType: string | null; body: Health }> {
  const res = await fetch(`http://127.0.0.1:${h.runtime.port}/healthz`);
  return { status: res.status, contentType: res.headers.get("content-type"), body: (await res.json()) as Health };
}

describe("GET /healthz", () => {
  it("is 200 with both backends up", async () => {
    await withHarness({}, async (h) => {
      await h.db.outboxMessage.deleteMany({ where: { status: "dead" } }); // left by another file
      await h.db.meetingReminder.deleteMany({ where: { status: "dead" } });
      const res = await getHealth(h);
      expect(res.status).toBe(200);
      expect(res.contentType).toBe("application/json");
      expect(res.body).toEqual({ status: "ok", postgres: "ok", redis: "ok", deadMessages: 0, deadReminders: 0 });
    });
  });

  it("is 503 with redis down when Redis is unreachable", async () => {
    await withHarness({ workers: false, config: { REDIS_URL: DEAD_REDIS } }, async (h) => {
      await h.db.outboxMessage.deleteMany({ where: { status: "dead" } });
      await h.db.meetingReminder.deleteMany({ where: { status: "dead" } });
      const started = Date.now();
      const res = await getHealth(h);
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ status: "degraded", postgres: "ok", redis: "down", deadMessages: 0, deadReminders: 0 });
      expect(Date.now() - started).toBeLessThan(5000); // the probe times out, it does not wait for Redis
    });
  });

  it("is 503 with postgres down when Postgres is unreachable", async () => {
    await withHarness({ workers: false, config: { DATABASE_URL: DEAD_POSTGRES } }, async (h) => {
      const started = Date.now();
      const res = await getHealth(h);
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ status: "degraded", postgres: "down", redis: "ok", deadMessages: null, deadReminders: null });
      expect(Date.now() - started).toBeLessThan(5000);
    });
  });

  it("is 200 degraded, counting them, while a meeting reminder is dead", async () => {
    await withHarness({ workers: false }, async (h) => {
      await h.db.outboxMessage.deleteMany({ where: { status: "dead" } });
      await h.db.meetingReminder.deleteMany({ where: { status: "dead" } });
      const startsAt = new Date(Date.now() + 7 * 24 * 3600_000);
      const meeting = await h.db.meeting.create({
        data: { kind: "platform", title: "Plattformsmöte", startsAt, endsAt: new Date(startsAt.getTime() + 3600_000), createdBy: "U0CREATOR" },
      });
      const reminder = await h.db.meetingReminder.create({
        data: { meetingId: meeting.id, key: "1d", sequence: 0, label: "i morgon", dueAt: new Date(), status: "dead", attempts: 1, lastError: "not_in_channel", deadAt: new Date() },
      });
      try {
        const res = await getHealth(h);
        expect(res.status).toBe(200);
        expect(res.body).toEqual({ status: "degraded", postgres: "ok", redis: "ok", deadMessages: 0, deadReminders: 1 });
      } finally {
        await h.db.meetingReminder.delete({ where: { id: reminder.id } });
        await h.db.meeting.delete({ where: { id: meeting.id } });
      }
    });
  });
});
