// `npm run admin -- case move <NSP…> --to <org> --reason "…" --by <Slack id>` (issue #14, item 2):
// the same rules as in Slack for the member named by --by, Swedish errors, and the real CLI spawned
// for its output and exit codes.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { cliMoveCase } from "../../src/services/case-transfer.js";
import { cli } from "../helpers/cli.js";
import { closeDb, testDb, truncateAll } from "../helpers/db.js";
import { seedFixtures, USERS } from "../helpers/harness.js";
import { createCase } from "../helpers/cases.js";
import { insertRequest } from "../helpers/requests.js";

const db = testDb();
afterAll(() => closeDb(db));
let caseId = 0;

beforeEach(async () => {
  await truncateAll(db);
  await seedFixtures(db);
  caseId = await createCase(db, "NSP004", "Frälsningsarmén", { createdAt: new Date("2016-09-01T10:00:00Z") });
});

const REASON = "Flyttat till ett boende i en annan region.";
const moveOpts = (o: Partial<{ ref: string; to: string; reason: string; by: string }> = {}) => ({ ref: "NSP004", to: "Talita", reason: REASON, by: USERS.coordinator, ...o });

describe("case move (services)", () => {
  it("moves with the rules of Slack; each mistake is a Swedish error and changes nothing", async () => {
    const bad: [Parameters<typeof cliMoveCase>[1], RegExp][] = [
      [moveOpts({ ref: "4711x" }), /Ärendenumret ska se ut som NSP004/],
      [moveOpts({ reason: "" }), /--reason: Skriv varför ärendet flyttas/],
      [moveOpts({ reason: "Ring henne på 070-123 45 67" }), /--reason: .*telefonnummer/],
      [moveOpts({ by: "anna" }), /--by ska vara ett Slack-id/],
      [moveOpts({ by: "U0NOBODY" }), /U0NOBODY är inte medlem/],
      [moveOpts({ by: USERS.applicant }), /bara de kan flytta ett ärende/],
      [moveOpts({ to: "Okänd förening" }), /--to: organisationen "Okänd förening" finns inte/],
      // A mistyped name suggests the closest, as `org certify` does (issue #15), in Swedish only.
      [moveOpts({ to: "Talitha" }), /^--to: organisationen "Talitha" finns inte\. Menade du "Talita"\?/],
      // A name in another case is the organisation, as in `org certify`.
      [moveOpts({ to: "frälsningsarmén" }), /--to: Ärendet hör redan till Frälsningsarmén/],
      [moveOpts({ to: "Ecpat" }), /--to: Ecpat är inte certifierad/],
      [moveOpts({ to: "Frälsningsarmén" }), /--to: Ärendet hör redan till Frälsningsarmén/],
      [moveOpts({ ref: "NSP404" }), /Ärendet NSP404 finns inte/],
    ];
    for (const [opts, message] of bad) await expect(cliMoveCase(db, opts), JSON.stringify(opts)).rejects.toThrow(message);
    await expect(cliMoveCase(db, moveOpts({ to: "Okänd förening" }))).rejects.toThrow(/^(?!.*(Menade du|not found)).*finns inte/);

    const id = await insertRequest(db, { type: "rest", from: "2016-10-01", to: "2016-10-03" }, { caseId });
    await expect(cliMoveCase(db, moveOpts())).rejects.toThrow(`Ärendet NSP004 kan inte flyttas än. Ansökan nr ${id} (Vila: 2016-10-01 – 2016-10-03 (3 dagar)) väntar på beslut`);
    expect(await db.caseTransfer.count()).toBe(0);
    await db.request.update({ where: { id }, data: { status: "denied", decidedBy: USERS.coordinator, decidedAt: new Date() } });

    await expect(cliMoveCase(db, moveOpts({ by: USERS.admin }))).resolves.toEqual({ caseRef: "NSP004", from: "Frälsningsarmén", to: "Talita", messages: 3 });
    expect((await db.case.findUniqueOrThrow({ where: { id: caseId }, include: { org: true } })).org.name).toBe("Talita");
    expect(await db.auditEntry.findMany({ where: { caseId }, select: { action: true, actor: true } })).toEqual([{ action: "case_transferred", actor: USERS.admin }]);
    // The DMs wait in the outbox for the running app's sweep.
    expect(await db.outboxMessage.count({ where: { kind: "case_transfer_dm", status: "pending" } })).toBe(3);
  });
});

describe("case move to an organisation whose certification has ended", () => {
  it("is refused with --to and the last day (today: the Stockholm day of the CLI's clock), nothing changed", async () => {
    await db.organisation.update({ where: { name: "Talita" }, data: { certifiedUntil: new Date("2016-10-15T00:00:00Z") } });
    // 2016-10-15 23:30 UTC is already 2016-10-16 in Stockholm: the day after the last day.
    await expect(cliMoveCase(db, moveOpts(), new Date("2016-10-15T23:30:00Z"))).rejects.toThrow(
      "--to: Talita var certifierad till och med 2016-10-15 och kan inte ta emot ärenden. Välj en annan organisation.",
    );
    expect(await db.caseTransfer.count()).toBe(0);
    expect((await db.case.findUniqueOrThrow({ where: { id: caseId }, include: { org: true } })).org.name).toBe("Frälsningsarmén");
    // On the last day itself (Stockholm) the move goes through.
    await expect(cliMoveCase(db, moveOpts(), new Date("2016-10-15T21:30:00Z"))).resolves.toMatchObject({ caseRef: "NSP004", to: "Talita" });
  });
});

describe("the real CLI", () => {
  it("case move prints what it did (--json too); a refusal exits 1 with the reason on stderr", async () => {
    const refused = await cli(["case", "move", "NSP004", "--to", "Ecpat", "--reason", REASON, "--by", USERS.coordinator]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("Fel: --to: Ecpat är inte certifierad");
    const moved = await cli(["case", "move", "nsp4", "--to", "Talita", "--reason", REASON, "--by", USERS.coordinator, "--json"]);
    expect(moved.code, moved.stderr).toBe(0);
    expect(JSON.parse(moved.stdout)).toEqual({ caseRef: "NSP004", from: "Frälsningsarmén", to: "Talita", messages: 3 });
    expect(await db.caseTransfer.count()).toBe(1);
  }, 90_000);
});
