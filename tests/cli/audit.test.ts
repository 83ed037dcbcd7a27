// `npm run admin -- audit` (issue #14, item 4): changes and readings together, newest first, with
// --case (the case's own entries and its requests'), --user, --from/--to (Stockholm days, both
// included) and --limit; Swedish errors; the text listing never prints free text, the JSON leaves
// out strings that may be free text. The entries are written by the real services (submit,
// decide, the case file, Visa underlag); their times are then set so the order is known.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { READ } from "../../src/domain/audit.js";
import { AdminError } from "../../src/services/admin.js";
import { cliAudit } from "../../src/services/audit-log.js";
import { loadCaseFile, recordRequestRead } from "../../src/services/cases.js";
import { findActor } from "../../src/services/members.js";
import { decideRequest } from "../../src/services/requests.js";
import { cli } from "../helpers/cli.js";
import { closeDb, testDb, truncateAll } from "../helpers/db.js";
import { seedFixtures, USERS } from "../helpers/harness.js";
import { insertRequest } from "../helpers/requests.js";

const db = testDb();
const SECRET = "Hemlig motivering med namnet Anna Andersson";
let r4 = 0;
let r5 = 0;

/** Sets the time of the newest audit row matching `where` (written just before by a service). */
async function at(where: { action: string; actor?: string }, iso: string): Promise<void> {
  const row = await db.auditEntry.findFirstOrThrow({ where, orderBy: { id: "desc" } });
  await db.auditEntry.update({ where: { id: row.id }, data: { at: new Date(iso) } });
}

beforeAll(async () => {
  await truncateAll(db);
  await seedFixtures(db);
  const fa = await db.organisation.findUniqueOrThrow({ where: { name: "Frälsningsarmén" } });
  const bg = { nationality: "NG", gender: "woman", ageBand: "18-25", childrenAccompanying: 0, childrenHome: 0, exploitation: ["sexual"], exploitedIn: ["SE"], policeReport: false };
  const c4 = await db.case.create({ data: { ref: "NSP004", orgId: fa.id, ...bg } });
  const c5 = await db.case.create({ data: { ref: "NSP005", orgId: fa.id, ...bg } });

  r4 = await insertRequest(db, { type: "rest", from: "2016-10-01", to: "2016-10-05" }, { caseId: c4.id });
  await at({ action: "submitted" }, "2016-09-29T08:00:00Z");
  r5 = await insertRequest(db, { type: "rest", from: "2016-10-01", to: "2016-10-03" }, { caseId: c5.id });
  await at({ action: "submitted" }, "2016-09-29T09:00:00Z");
  // 2016-09-30 23:30 UTC is 2016-10-01 01:30 in Stockholm.
  const coordinator = await findActor(db, USERS.coordinator);
  if (!coordinator) throw new Error("no coordinator");
  await loadCaseFile(db, "NSP004", coordinator, { today: new Date("2016-10-01") });
  await at({ action: READ.caseFile }, "2016-09-30T23:30:00Z");
  await recordRequestRead(db, { id: r4, caseId: c4.id }, USERS.coordinator);
  await at({ action: READ.underlag }, "2016-10-01T07:00:00Z");
  expect(await decideRequest(db, r4, USERS.coordinator2, { kind: "grant", reason: SECRET, shareReason: false })).toMatchObject({ ok: true });
  await at({ action: "decision:grant" }, "2016-10-01T21:59:00Z"); // 23:59 in Stockholm
  // An entry whose after holds free text (as other changes may write): never printed.
  await db.auditEntry.create({ data: { caseId: c5.id, actor: USERS.admin, action: "case.note", after: { reason: SECRET, status: "noted" }, at: new Date("2016-10-02T10:00:00Z") } });
});
afterAll(() => closeDb(db));

const actions = async (opts: Parameters<typeof cliAudit>[1]) => (await cliAudit(db, opts)).entries.map((e) => [e.caseRef, e.requestId, e.actor, e.action]);

describe("audit (service)", () => {
  it("lists readings and changes together, newest first, with case, request, actor and Swedish words", async () => {
    const all = await cliAudit(db, {});
    expect(all.entries.map((e) => [e.caseRef, e.requestId, e.actor, e.action, e.kind, e.text])).toEqual([
      ["NSP005", null, USERS.admin, "case.note", "change", "case.note"],
      ["NSP004", r4, USERS.coordinator2, "decision:grant", "change", "beviljade"],
      ["NSP004", r4, USERS.coordinator, READ.underlag, "read", "läste underlaget (Visa underlag)"],
      ["NSP004", null, USERS.coordinator, READ.caseFile, "read", "läste ärendeakten"],
      ["NSP005", r5, USERS.applicant, "submitted", "change", "lämnade in ansökan"],
      ["NSP004", r4, USERS.applicant, "submitted", "change", "lämnade in ansökan"],
    ]);
    expect(all.more).toBe(false);
    expect(all.entries[1]?.changed).toEqual(["status", "grantedDays", "grantedAmount", "reasonShared"]);
    expect(JSON.stringify(all)).not.toContain("Hemlig");
    expect(all.entries[0]).toMatchObject({ after: { status: "noted" }, omittedText: ["after.reason"] });
  });

  it("--case: the case's own entries and its requests' entries, nothing of another case", async () => {
    expect(await actions({ case: "nsp4" })).toEqual([
      ["NSP004", r4, USERS.coordinator2, "decision:grant"],
      ["NSP004", r4, USERS.coordinator, READ.underlag],
      ["NSP004", null, USERS.coordinator, READ.caseFile],
      ["NSP004", r4, USERS.applicant, "submitted"],
    ]);
  });

  it("--user, and --user with --case", async () => {
    expect(await actions({ user: USERS.coordinator })).toEqual([
      ["NSP004", r4, USERS.coordinator, READ.underlag],
      ["NSP004", null, USERS.coordinator, READ.caseFile],
    ]);
    expect(await actions({ user: USERS.applicant, case: "NSP005" })).toEqual([["NSP005", r5, USERS.applicant, "submitted"]]);
    expect(await actions({ user: USERS.stranger })).toEqual([]);
  });

  it("--from/--to are Stockholm days, both included", async () => {
    // 2016-10-01 in Stockholm: from 2016-09-30 22:00 UTC to 2016-10-01 22:00 UTC.
    expect((await actions({ from: "2016-10-01", to: "2016-10-01" })).map((e) => e[3])).toEqual(["decision:grant", READ.underlag, READ.caseFile]);
    expect((await actions({ to: "2016-09-30" })).map((e) => e[3])).toEqual(["submitted", "submitted"]);
    expect((await actions({ from: "2016-10-02" })).map((e) => e[3])).toEqual(["case.note"]);
  });

  it("--limit keeps the newest and says there are more", async () => {
    const listing = await cliAudit(db, { limit: "2" });
    expect(listing.entries.map((e) => e.action)).toEqual(["case.note", "decision:grant"]);
    expect(listing.more).toBe(true);
    expect(listing.filters.limit).toBe(2);
  });

  it("a mistake is a Swedish error", async () => {
    const bad: [Parameters<typeof cliAudit>[1], RegExp][] = [
      [{ case: "NSP404" }, /^Ärendet NSP404 finns inte\.$/],
      [{ case: "4711x" }, /^--case: ärendenumret ska se ut som NSP004/],
      [{ user: "anna" }, /^--user ska vara ett Slack-id/],
      [{ from: "2016-13-01" }, /^--from ska vara ett datum \(ÅÅÅÅ-MM-DD\), fick "2016-13-01"/],
      [{ to: "igår" }, /^--to ska vara ett datum/],
      [{ from: "2016-10-02", to: "2016-10-01" }, /^--to \(2016-10-01\) ligger före --from \(2016-10-02\)/],
      [{ limit: "0" }, /^--limit ska vara ett heltal mellan 1 och 10000/],
      [{ limit: "12abc" }, /^--limit ska vara ett heltal/],
    ];
    for (const [opts, message] of bad) {
      const p = cliAudit(db, opts);
      await expect(p, JSON.stringify(opts)).rejects.toThrow(AdminError);
      await expect(p, JSON.stringify(opts)).rejects.toThrow(message);
    }
  });

  it("the case and user filters use the indexes (no sequential scan of audit_entry)", async () => {
    const plan = async (where: string, values: unknown[]) => {
      await db.$executeRawUnsafe("SET enable_seqscan = off");
      try {
        const rows = await db.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN SELECT * FROM "audit_entry" a WHERE ${where} ORDER BY a."at" DESC LIMIT 100`, ...values);
        return rows.map((r) => r["QUERY PLAN"]).join("\n");
      } finally {
        await db.$executeRawUnsafe("SET enable_seqscan = on");
      }
    };
    expect(await plan(`a."actor" = $1`, [USERS.coordinator])).toContain("audit_entry_actor_at_idx");
    expect(await plan(`a."at" >= $1`, [new Date("2016-10-01")])).toContain("audit_entry_at_idx");
  });
});

describe("audit (the real CLI)", () => {
  it("prints the listing with Swedish words and the changed fields, never free text", async () => {
    const out = await cli(["audit", "--from", "2016-09-01"]);
    expect(out.code, out.stderr).toBe(0);
    const lines = out.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^Tid\s+Ärende\s+Ansökan\s+Vem\s+Händelse\s+Ändrade uppgifter$/);
    expect(lines[1]).toMatch(new RegExp(`^2016-10-02 12:00\\s+NSP005\\s+–\\s+${USERS.admin}\\s+case.note\\s+status, skäl$`));
    expect(lines[2]).toMatch(new RegExp(`^2016-10-01 23:59\\s+NSP004\\s+nr ${r4}\\s+${USERS.coordinator2}\\s+beviljade\\s+status, beviljade dagar, beviljat belopp, motivering i tråden$`));
    expect(lines[4]).toMatch(new RegExp(`^2016-10-01 01:30\\s+NSP004\\s+–\\s+${USERS.coordinator}\\s+läste ärendeakten\\s+–$`));
    expect(out.stdout).toContain("6 händelser, nyast först (2 läsningar, 4 ändringar): från 2016-09-01.");
    expect(out.stdout).not.toContain("Hemlig");
  }, 60_000);

  it("--json: the entries with their fields, free text left out", async () => {
    const out = await cli(["audit", "--user", USERS.admin, "--json"]);
    expect(out.code, out.stderr).toBe(0);
    const json = JSON.parse(out.stdout) as unknown;
    expect(json).toEqual({
      filters: { case: null, user: USERS.admin, from: null, to: null, limit: 100 },
      entries: [
        {
          id: expect.any(Number),
          at: "2016-10-02T10:00:00.000Z",
          caseRef: "NSP005",
          requestId: null,
          actor: USERS.admin,
          action: "case.note",
          kind: "change",
          text: "case.note",
          changed: ["status", "reason"],
          before: null,
          after: { status: "noted" },
          omittedText: ["after.reason"],
        },
      ],
      more: false,
    });
    expect(out.stdout).not.toContain("Hemlig");
  });

  it("a bad argument: a Swedish error on stderr, exit code 1, no stack trace", async () => {
    for (const args of [["audit", "--case", "NSP404"], ["audit", "--from", "2016-02-30"]]) {
      const out = await cli(args);
      expect(out.code, args.join(" ")).toBe(1);
      expect(out.stdout).toBe("");
      expect(out.stderr).toMatch(/^Fel: (Ärendet NSP404 finns inte\.|--from ska vara ett datum)/);
      expect(out.stderr).not.toMatch(/\n\s+at /);
    }
  }, 60_000); // two CLI processes
});
