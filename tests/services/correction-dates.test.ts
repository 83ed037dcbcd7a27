// Review (issue #12, item 5): a correction that changes only the justification, made after the
// period has begun, must neither be refused for a late start nor make the request look filed late.
import { afterAll, beforeEach, expect, it } from "vitest";
import { EMPTY_APPLY_FORM, type ApplyForm } from "../../src/domain/apply-form.js";
import { findActor, type Actor } from "../../src/services/members.js";
import { buildCorrection, correctRequest, loadOwnRequest } from "../../src/services/request-changes.js";
import { caseBackground } from "../helpers/cases.js";
import { closeDb, testDb, truncateAll } from "../helpers/db.js";
import { seedFixtures, USERS } from "../helpers/harness.js";
import { insertRequest } from "../helpers/requests.js";

const db = testDb();
afterAll(() => closeDb(db));
let applicant: Actor;
let caseId: number;
beforeEach(async () => {
  await truncateAll(db);
  await seedFixtures(db);
  applicant = (await findActor(db, USERS.applicant)) as Actor;
  caseId = (await db.case.create({
    data: { ref: "NSP001", orgId: applicant.orgId, ...caseBackground() },
  })).id;
});

const form = (justification: string): ApplyForm => ({ ...EMPTY_APPLY_FORM, from: "2016-09-01", to: "2016-09-30", children: "0", justification });

async function correctOn(day: string, id: number) {
  const r = await loadOwnRequest(db, id, applicant);
  if (!r) throw new Error("own");
  const built = await buildCorrection(db, applicant, r, form("Nytt underlag utan personuppgifter."), new Date(`${day}T00:00:00Z`));
  if ("errors" in built) return built;
  return correctRequest(db, id, applicant, built.correction, `v-${day}`);
}

it("a justification-only correction 10 days into the period keeps the request's 'filed in time'", async () => {
  const id = await insertRequest(db, { type: "rest", from: "2016-09-01", to: "2016-09-30" }, { caseId }); // filed in time: startedDaysAgo null
  expect((await db.request.findUniqueOrThrow({ where: { id } })).startedDaysAgo).toBeNull();
  expect(await correctOn("2016-09-11", id)).toMatchObject({ ok: true });
  expect((await db.request.findUniqueOrThrow({ where: { id } })).startedDaysAgo).toBeNull();
});

it("a justification-only correction 40 days after the period began is not refused for a late start", async () => {
  const id = await insertRequest(db, { type: "rest", from: "2016-09-01", to: "2016-09-30" }, { caseId });
  expect(await correctOn("2016-10-11", id)).toMatchObject({ ok: true });
});
