// Issue #12 (review): an answer to "Begär komplettering" is stored only while its request is open –
// also when a withdrawal commits between the answer's read and its write – and a withdrawn request
// is called withdrawn, not decided.
import { afterAll, beforeEach, expect, it } from "vitest";
import { findActor, type Actor } from "../../src/services/members.js";
import { withdrawRequest } from "../../src/services/request-changes.js";
import { answerInformation, askForInformation } from "../../src/services/requests.js";
import { closeDb, testDb, truncateAll } from "../helpers/db.js";
import { seedFixtures, USERS, waitFor } from "../helpers/harness.js";
import { insertRequest } from "../helpers/requests.js";

const db = testDb();
afterAll(() => closeDb(db));
let applicant: Actor;
let requestId: number;
let infoRequestId: number;
beforeEach(async () => {
  await truncateAll(db);
  await seedFixtures(db);
  applicant = (await findActor(db, USERS.applicant)) as Actor;
  requestId = await insertRequest(db, { type: "rest", from: "2016-11-01", to: "2016-11-05" });
  const asked = await askForInformation(db, requestId, USERS.coordinator, "Finns skyddat boende ordnat?");
  if (!asked.ok || !("infoRequestId" in asked)) throw new Error("asked");
  infoRequestId = asked.infoRequestId;
});

it("a withdrawn request's question is not answered, and the refusal says withdrawn", async () => {
  expect(await withdrawRequest(db, requestId, applicant)).toMatchObject({ ok: true });
  expect(await answerInformation(db, infoRequestId, applicant, "Ja.")).toEqual({ ok: false, error: "withdrawn" });
  expect(await db.infoRequest.findUniqueOrThrow({ where: { id: infoRequestId } })).toMatchObject({ answer: null, answeredAt: null });
});

it("an answer racing a withdrawal: the answer waits for the request's row and then refuses", async () => {
  let release!: () => void;
  let locked!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  // A withdrawal in progress: the request's row locked and its status changed, not yet committed.
  const withdrawal = db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT "id" FROM "request" WHERE "id" = ${requestId} FOR NO KEY UPDATE`;
    await tx.request.update({ where: { id: requestId }, data: { status: "withdrawn", decidedBy: USERS.applicant, decidedAt: new Date() } });
    locked();
    await held;
  }, { timeout: 20_000 });
  await isLocked;
  const answering = answerInformation(db, infoRequestId, applicant, "Ja, från och med måndag.");
  await waitFor(async () => {
    const rows = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS "n" FROM pg_stat_activity WHERE "wait_event_type" = 'Lock' AND "datname" = current_database()`;
    return (rows[0]?.n ?? 0) > 0 || null;
  }, "answer waiting for the request's lock");
  release();
  await withdrawal;
  expect(await answering).toEqual({ ok: false, error: "withdrawn" });
  expect(await db.infoRequest.findUniqueOrThrow({ where: { id: infoRequestId } })).toMatchObject({ answer: null, answeredAt: null });
});
