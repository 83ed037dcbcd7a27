// Socket Mode (SLACK_APP_TOKEN set): Bolt serves the custom routes (/healthz, the calendar feeds) on
// an HTTP server of its own, whose router decodes a path parameter with decodeURIComponent inside
// an async request handler. A bad percent-escape in a feed path was an unhandled rejection there
// (Node ends the process on one) and `%00` reached the database as a NUL byte. The same slug guard
// as on the HTTP receiver now answers 404 first, whatever the method.
import type { AddressInfo } from "node:net";
import type { SocketModeReceiver } from "@slack/bolt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createReceiver, socketModeHttpServer } from "../../src/app.js";
import { calendarRoutes } from "../../src/calendar.js";
import { parseConfig } from "../../src/core/config.js";
import { boltLogger, createLogger } from "../../src/core/logger.js";
import { closeDb, testDatabaseUrl, testDb } from "../helpers/db.js";

const log = createLogger("silent");
const db = testDb();
let base = "";
let close = async () => {};
/** A request that cannot hang the test: a handler that throws never answers. */
const get = (path: string, init: RequestInit = {}) => fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(5000) });

beforeAll(async () => {
  await db.workingGroup.deleteMany({ where: { slug: "sockets-vidare" } });
  await db.workingGroup.create({ data: { name: "Sockets vidare", slug: "sockets-vidare", channel: "C0SOCKET" } });
  const config = parseConfig({
    SLACK_BOT_TOKEN: "xoxb-1",
    SLACK_SIGNING_SECRET: "secret-123",
    SLACK_APP_TOKEN: "xapp-1-abc",
    NSP_COORDINATOR_CHANNEL: "C0COORD",
    DATABASE_URL: testDatabaseUrl(),
    PORT: "0",
  });
  const receiver = createReceiver(config, calendarRoutes(db, log), boltLogger(log), log) as SocketModeReceiver;
  // Only the HTTP side is started: the Socket Mode connection itself is not part of this test.
  const server = socketModeHttpServer(receiver);
  if (!server) throw new Error("Bolt's Socket Mode receiver created no HTTP server for the custom routes");
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise<void>((resolve) => server.close(() => resolve()));
});
afterAll(async () => {
  await close();
  await db.workingGroup.deleteMany({ where: { slug: "sockets-vidare" } });
  await closeDb(db);
});

describe("calendar feed paths under Socket Mode", () => {
  it("a group's feed is served by its slug (control)", async () => {
    const res = await get("/calendar/sockets-vidare.ics");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("BEGIN:VCALENDAR");
  });

  it.each(["%E0%A4%A", "%00", "sockets%00vidare", "%ZZ", "%ED%A0%80", "%C0%AF"])("GET /calendar/%s.ics gets 404", async (slug) => {
    const res = await get(`/calendar/${slug}.ics`);
    expect(res.status).toBe(404);
    expect(await res.text()).toBe("Det finns ingen arbetsgrupp med det namnet.\n");
    expect((await get("/calendar/sockets-vidare.ics")).status).toBe(200);
  });

  it("a POST with a bad escape gets 404 too (Bolt matches the path before the method)", async () => {
    const res = await get("/calendar/%E0%A4%A.ics", { method: "POST", body: "x" });
    expect(res.status).toBe(404);
    expect((await get("/calendar/sockets-vidare.ics")).status).toBe(200);
  });
});
