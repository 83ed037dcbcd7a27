// Issue #14, item 4 ("who saw what"), end to end: every view that shows free text records a
// reading before it is opened — the decision modal (each of its four buttons shows the underlag),
// the correction modal ("Ändra", filled in with the justification) and the answer modal ("Svara",
// the coordinator's question) — beside the case file and Visa underlag (tests/e2e/case-file.test.ts).
// A reading that cannot be recorded shows a notice without the text. Signed requests into the real
// receiver, the real database and Redis, the fake Slack validating every view.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTION, decideActionId } from "../../src/core/ids.js";
import { READ } from "../../src/domain/audit.js";
import { cliAudit } from "../../src/services/audit-log.js";
import { askForInformation } from "../../src/services/requests.js";
import { truncateAll } from "../helpers/db.js";
import { insertRequest } from "../helpers/requests.js";
import { seedFixtures, startHarness, USERS, waitFor, type Harness } from "../helpers/harness.js";

const JUSTIFICATION = "Testunderlag utan personuppgifter."; // what tests/helpers/requests.ts stores
const QUESTION = "Hur länge behöver hon stanna på skyddat boende?";

let h: Harness;
let caseId: number;
let requestId: number;

beforeAll(async () => {
  h = await startHarness();
  await truncateAll(h.db);
  await seedFixtures(h.db);
  const org = await h.db.member.findUniqueOrThrow({ where: { slackUserId: USERS.applicant } });
  const c = await h.db.case.create({
    data: { ref: "NSP007", orgId: org.orgId, nationality: "NG", gender: "woman", ageBand: "18-25", childrenAccompanying: 0, childrenHome: 0, exploitation: ["sexual"], exploitedIn: ["SE"], policeReport: false },
  });
  caseId = c.id;
  requestId = await insertRequest(h.db, { type: "rest", from: "2016-10-01", to: "2016-10-10" }, { caseId });
});
afterAll(async () => {
  await h?.close();
});

const readsOf = (actor: string, action: string) =>
  h.db.auditEntry.findMany({ where: { actor, action }, orderBy: { id: "asc" }, select: { requestId: true, caseId: true, before: true, after: true } });

/** Runs `act` and returns the JSON of the next view opened. */
async function nextView(act: () => Promise<unknown>): Promise<string> {
  const before = h.fake.callsTo("views.open").length;
  await act();
  const call = await waitFor(async () => h.fake.callsTo("views.open")[before], "views.open");
  expect(call.response, JSON.stringify(call.response)).toMatchObject({ ok: true });
  return JSON.stringify((call.response as { view: unknown }).view);
}

/** While it is installed, every insert of `action` into audit_entry fails. */
async function withReadsRefused(action: string, fn: () => Promise<void>): Promise<void> {
  await h.db.$executeRawUnsafe(`
    CREATE FUNCTION test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN IF NEW.action = '${action}' THEN RAISE EXCEPTION 'audit down'; END IF; RETURN NEW; END $$`);
  await h.db.$executeRawUnsafe(`CREATE TRIGGER test_refuse_audit BEFORE INSERT ON "audit_entry" FOR EACH ROW EXECUTE FUNCTION test_refuse_audit()`);
  try {
    await fn();
  } finally {
    await h.db.$executeRawUnsafe(`DROP TRIGGER test_refuse_audit ON "audit_entry"`);
    await h.db.$executeRawUnsafe(`DROP FUNCTION test_refuse_audit()`);
  }
}

describe("the decision modal", () => {
  it("each decision button records a reading of the request (with its case) before the modal with the underlag opens", async () => {
    for (const kind of ["grant", "partial", "deny", "info"] as const) {
      const view = await nextView(() => h.user.blockAction(USERS.coordinator, { actionId: decideActionId(kind), value: String(requestId) }));
      expect(view, kind).toContain(JUSTIFICATION);
    }
    expect(await readsOf(USERS.coordinator, READ.decisionModal)).toEqual(Array(4).fill({ requestId, caseId, before: null, after: null }));
  });

  it("nothing is recorded for someone refused (not a coordinator)", async () => {
    const view = await nextView(() => h.user.blockAction(USERS.applicant, { actionId: decideActionId("grant"), value: String(requestId) }));
    expect(view).not.toContain(JUSTIFICATION);
    expect(await readsOf(USERS.applicant, READ.decisionModal)).toEqual([]);
  });

  it("a reading that cannot be recorded opens a notice without the underlag", async () => {
    await withReadsRefused(READ.decisionModal, async () => {
      const view = await nextView(() => h.user.blockAction(USERS.coordinator2, { actionId: decideActionId("deny"), value: String(requestId) }));
      expect(view).toContain("kunde inte visas");
      expect(view).not.toContain(JUSTIFICATION);
    });
    expect(await readsOf(USERS.coordinator2, READ.decisionModal)).toEqual([]);
  });
});

describe("the correction modal (Ändra)", () => {
  it("records the reading of the justification by the applicant's organisation; another organisation records nothing", async () => {
    const view = await nextView(() => h.user.blockAction(USERS.applicant2, { actionId: ACTION.editRequest, value: String(requestId) }));
    expect(view).toContain(JUSTIFICATION);
    expect(await readsOf(USERS.applicant2, READ.editModal)).toEqual([{ requestId, caseId, before: null, after: null }]);

    const refused = await nextView(() => h.user.blockAction(USERS.otherOrg, { actionId: ACTION.editRequest, value: String(requestId) }));
    expect(refused).not.toContain(JUSTIFICATION);
    expect(await readsOf(USERS.otherOrg, READ.editModal)).toEqual([]);
  });

  it("a reading that cannot be recorded shows no justification", async () => {
    await withReadsRefused(READ.editModal, async () => {
      const view = await nextView(() => h.user.blockAction(USERS.applicant, { actionId: ACTION.editRequest, value: String(requestId) }));
      expect(view).not.toContain(JUSTIFICATION);
      expect(view).toContain("kunde inte läsas");
    });
    expect(await readsOf(USERS.applicant, READ.editModal)).toEqual([]);
  });
});

describe("the answer modal (Svara)", () => {
  it("records the reading of the coordinator's question; a refusal records nothing; a failed recording shows no question", async () => {
    const asked = await askForInformation(h.db, requestId, USERS.coordinator, QUESTION);
    if (!asked.ok || !("infoRequestId" in asked)) throw new Error(`not asked: ${JSON.stringify(asked)}`);
    const value = String(asked.infoRequestId);

    await withReadsRefused(READ.infoQuestion, async () => {
      const view = await nextView(() => h.user.blockAction(USERS.applicant2, { actionId: ACTION.answerInfo, value }));
      expect(view).not.toContain(QUESTION);
      expect(view).toContain("kunde inte visas");
    });
    expect(await readsOf(USERS.applicant2, READ.infoQuestion)).toEqual([]);

    const view = await nextView(() => h.user.blockAction(USERS.applicant, { actionId: ACTION.answerInfo, value }));
    expect(view).toContain(QUESTION);
    expect(await readsOf(USERS.applicant, READ.infoQuestion)).toEqual([{ requestId, caseId, before: null, after: null }]);

    const refused = await nextView(() => h.user.blockAction(USERS.otherOrg, { actionId: ACTION.answerInfo, value }));
    expect(refused).not.toContain(QUESTION);
    expect(await readsOf(USERS.otherOrg, READ.infoQuestion)).toEqual([]);
  });
});

describe("npm run admin -- audit", () => {
  it("lists the readings above with the changes of the case, newest first", async () => {
    const listing = await cliAudit(h.db, { case: "NSP007" });
    const rows = listing.entries.map((e) => [e.actor, e.action, e.text]);
    expect(rows.at(-1)).toEqual([USERS.applicant, "submitted", "lämnade in ansökan"]);
    expect(rows).toContainEqual([USERS.coordinator, READ.decisionModal, "öppnade beslutsformuläret med underlaget"]);
    expect(rows).toContainEqual([USERS.applicant2, READ.editModal, "öppnade ansökan för ändring (med beslutsunderlaget)"]);
    expect(rows).toContainEqual([USERS.applicant, READ.infoQuestion, "läste samordnarens fråga (komplettering)"]);
    expect(rows).toContainEqual([USERS.coordinator, "info_requested", "begärde komplettering"]);
    expect(rows).toHaveLength(8); // submitted, 4 decision modals, 1 correction modal, info_requested, 1 question
    const times = listing.entries.map((e) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
    expect(JSON.stringify(listing)).not.toContain(QUESTION);
  });
});
