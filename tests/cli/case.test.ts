// `npm run admin -- case close|reopen` (issue #12, item 3): the same rules as in Slack for the
// member named by --by, Swedish errors, and the real CLI spawned for its output and exit codes.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { AdminError } from "../../src/services/admin.js";
import { cliCloseCase, cliReopenCase } from "../../src/services/case-outcome.js";
import { cli } from "../helpers/cli.js";
import { closeDb, testDb, truncateAll } from "../helpers/db.js";
import { seedFixtures, USERS } from "../helpers/harness.js";
import { createCase } from "../helpers/cases.js";
import { insertRequest } from "../helpers/requests.js";

const db = testDb();
afterAll(() => closeDb(db));
let caseId = 0;
const NOW = new Date("2016-12-01T12:00:00Z");

beforeEach(async () => {
  await truncateAll(db);
  await seedFixtures(db);
  caseId = await createCase(db, "NSP004", "Frälsningsarmén", { createdAt: new Date("2016-09-01T10:00:00Z") });
});

const closeOpts = (o: Partial<{ ref: string; outcome: string; date: string; by: string }> = {}) => ({ ref: "NSP004", outcome: "own_support", date: "2016-11-30", by: USERS.coordinator, ...o });

describe("case close / reopen (services)", () => {
  it("closes and reopens with the rules of Slack; each mistake is a Swedish error and changes nothing", async () => {
    const bad: [Parameters<typeof cliCloseCase>[1], RegExp][] = [
      [closeOpts({ ref: "4711" }), /Ärendenumret ska se ut som NSP004/],
      [closeOpts({ outcome: "deported" }), /--outcome ska vara ett av residence_permit, returned, own_support, moved, discontinued, other/],
      [closeOpts({ date: "2016-13-01" }), /--date ska vara ett datum/],
      [closeOpts({ date: "2016-12-02" }), /--date: Datumet får inte ligga i framtiden \(i dag är det 2016-12-01\)/],
      [closeOpts({ by: "anna" }), /--by ska vara ett Slack-id/],
      [closeOpts({ by: "U0NOBODY" }), /U0NOBODY är inte medlem/],
      [closeOpts({ by: USERS.otherOrg }), /Ärendet NSP004 finns inte, eller hör inte till U0OTHERORGs organisation/],
      [closeOpts({ ref: "NSP404" }), /Ärendet NSP404 finns inte/],
    ];
    for (const [opts, message] of bad) await expect(cliCloseCase(db, opts, NOW), JSON.stringify(opts)).rejects.toThrow(message);
    expect((await db.case.findUniqueOrThrow({ where: { id: caseId } })).outcome).toBeNull();

    const id = await insertRequest(db, { type: "rest", from: "2016-10-01", to: "2016-10-03" }, { caseId });
    await expect(cliCloseCase(db, closeOpts(), NOW)).rejects.toThrow(`Ärendet NSP004 kan inte avslutas än. Ansökan nr ${id} (Vila: 2016-10-01 – 2016-10-03 (3 dagar)) väntar på beslut`);
    await db.request.update({ where: { id }, data: { status: "denied", decidedBy: USERS.coordinator, decidedAt: NOW } });

    await expect(cliCloseCase(db, closeOpts({ by: USERS.applicant }), NOW)).resolves.toEqual({ caseRef: "NSP004", action: "closed", outcome: "own_support", outcomeLabel: "Egen försörjning", closedOn: "2016-11-30" });
    await expect(cliCloseCase(db, closeOpts(), NOW)).rejects.toThrow(`Ärendet NSP004 är redan avslutat av ${USERS.applicant} (Egen försörjning, 2016-11-30). Inget ändrades.`);
    await expect(cliReopenCase(db, { ref: "NSP004", by: USERS.applicant })).rejects.toThrow(AdminError);
    await expect(cliReopenCase(db, { ref: "NSP004", by: USERS.admin })).resolves.toMatchObject({ action: "reopened", outcome: "own_support" });
    await expect(cliReopenCase(db, { ref: "NSP004", by: USERS.admin })).rejects.toThrow("Ärendet NSP004 är inte avslutat. Inget ändrades.");
    expect(await db.auditEntry.findMany({ where: { caseId }, orderBy: { id: "asc" }, select: { action: true, actor: true } })).toEqual([
      { action: "case_closed", actor: USERS.applicant },
      { action: "case_reopened", actor: USERS.admin },
    ]);
    // The coordinator notes wait in the outbox for the running app's sweep.
    expect(await db.outboxMessage.count({ where: { kind: "case_status", status: "pending" } })).toBe(2);
  });
});

describe("the real CLI", () => {
  it("case close prints what it did (--json too); a refusal exits 1 with the reason on stderr", async () => {
    const closed = await cli(["case", "close", "NSP004", "--outcome", "returned", "--date", "2016-09-02", "--by", USERS.coordinator, "--json"]);
    expect(closed.code, closed.stderr).toBe(0);
    expect(JSON.parse(closed.stdout)).toEqual({ caseRef: "NSP004", action: "closed", outcome: "returned", outcomeLabel: "Återvändande", closedOn: "2016-09-02" });
    const reopenByApplicant = await cli(["case", "reopen", "NSP004", "--by", USERS.applicant]);
    expect(reopenByApplicant.code).toBe(1);
    expect(reopenByApplicant.stderr).toContain("bara de kan öppna ett avslutat ärende igen");
    expect((await db.case.findUniqueOrThrow({ where: { id: caseId } })).outcome).toBe("returned");
  });
});
