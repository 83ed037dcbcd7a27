// The operator CLI's services and seed, against the run's real database; plus the real CLI spawned
// once for JSON output and once for a bad command.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { seed, SEED_RATES_2016 } from "../../commands/seed.js";
import {
  AdminError,
  addMember,
  addOrganisation,
  listMembers,
  listOrganisations,
  removeMember,
  setOrganisationCertified,
  showRates,
} from "../../src/services/admin.js";
import { formatRatesReport, todayInStockholm } from "../../commands/present.js";
import { formatDateTime, formatKr } from "../../src/domain/format.js";
import { cli } from "../helpers/cli.js";
import { closeDb, testDb, truncateAll } from "../helpers/db.js";

const db = testDb();
afterAll(() => closeDb(db));
beforeEach(() => truncateAll(db));

const period = (name: string, from: string, to: string) =>
  db.budgetPeriod.create({
    data: { name, fromDate: new Date(`${from}T00:00:00Z`), toDate: new Date(`${to}T00:00:00Z`), ...SEED_RATES_2016 },
  });

describe("organisations", () => {
  it("adds, refuses a duplicate (also differently cased) and lists with member counts", async () => {
    await expect(addOrganisation(db, "Talita", { certified: true })).resolves.toEqual({ name: "Talita", certified: true, members: 0 });
    await expect(addOrganisation(db, "Talita")).rejects.toThrow(AdminError);
    await expect(addOrganisation(db, "  talita ")).rejects.toThrow(/finns redan.*already exists/);
    await addOrganisation(db, "Ecpat");
    await addMember(db, { slackUserId: "U0123ABCD", org: "Talita", role: "applicant" });
    expect(await listOrganisations(db)).toEqual([
      { name: "Ecpat", certified: false, members: 0 },
      { name: "Talita", certified: true, members: 1 },
    ]);
  });

  it("certifies and uncertifies; an unknown organisation is an error", async () => {
    await addOrganisation(db, "Realstars");
    await expect(setOrganisationCertified(db, "Realstars", true)).resolves.toMatchObject({ changed: true, organisation: { certified: true } });
    await expect(setOrganisationCertified(db, "Realstars", true)).resolves.toMatchObject({ changed: false });
    await expect(setOrganisationCertified(db, "Realstars", false)).resolves.toMatchObject({ organisation: { certified: false } });
    await expect(setOrganisationCertified(db, "Finns inte", true)).rejects.toThrow(/finns inte/);
  });

  it("an unknown organisation suggests the closest (issue #15)", async () => {
    await addOrganisation(db, "Stadsmissionen");
    await addOrganisation(db, "Realstars");
    await expect(addMember(db, { slackUserId: "U0123ABCD", org: "Stadsmisionen", role: "applicant" })).rejects.toThrow(
      /Organisationen "Stadsmisionen" finns inte.*Menade du "Stadsmissionen"\?/,
    );
    await expect(setOrganisationCertified(db, "realstar", true)).rejects.toThrow(/Menade du "Realstars"\?/);
    await expect(listMembers(db, { org: "Stadsmisionen" })).rejects.toThrow(/Menade du "Stadsmissionen"\?/);
    // Nothing close: no guess.
    await expect(setOrganisationCertified(db, "Okänd", true)).rejects.toThrow(/^(?!.*Menade du).*finns inte/);
    // Swedish only: no English in parentheses.
    await expect(setOrganisationCertified(db, "Okänd", true)).rejects.toThrow(/^(?!.*not found)/);
  });
});

describe("members", () => {
  it("rejects an unknown organisation, a bad Slack id and a bad role", async () => {
    await expect(addMember(db, { slackUserId: "U0123ABCD", org: "Okänd", role: "applicant" })).rejects.toThrow(
      /Organisationen "Okänd" finns inte/,
    );
    await addOrganisation(db, "Talita");
    for (const bad of ["u0123abcd", "C0123ABCD", "U1", "Anna Andersson", ""]) {
      await expect(addMember(db, { slackUserId: bad, org: "Talita", role: "applicant" })).rejects.toThrow(/Ogiltigt Slack-användar-id/);
    }
    await expect(addMember(db, { slackUserId: "U0123ABCD", org: "Talita", role: "boss" })).rejects.toThrow(/Ogiltig roll/);
    expect(await db.member.count()).toBe(0);
  });

  it("re-adding an id updates its organisation and role and says so; list and remove", async () => {
    await addOrganisation(db, "Talita", { certified: true });
    await addOrganisation(db, "NSP samordning");
    const first = await addMember(db, { slackUserId: "W0123ABCD", org: "Talita", role: "applicant" });
    expect(first).toEqual({ action: "created", previous: null, member: { slackUserId: "W0123ABCD", org: "Talita", role: "applicant" } });
    const again = await addMember(db, { slackUserId: "W0123ABCD", org: "talita", role: "applicant" });
    expect(again.action).toBe("unchanged");
    const moved = await addMember(db, { slackUserId: "W0123ABCD", org: "NSP samordning", role: "coordinator" });
    expect(moved).toEqual({
      action: "updated",
      previous: { slackUserId: "W0123ABCD", org: "Talita", role: "applicant" },
      member: { slackUserId: "W0123ABCD", org: "NSP samordning", role: "coordinator" },
    });
    await addMember(db, { slackUserId: "U0APPLICANT", org: "Talita", role: "applicant" });
    expect(await db.member.count()).toBe(2);
    expect(await listMembers(db, { org: "Talita" })).toEqual([{ slackUserId: "U0APPLICANT", org: "Talita", role: "applicant" }]);
    expect(await listMembers(db)).toHaveLength(2);
    await expect(removeMember(db, "W0123ABCD")).resolves.toMatchObject({ role: "coordinator" });
    await expect(removeMember(db, "W0123ABCD")).rejects.toThrow(/ingen medlem/);
    expect(await listMembers(db)).toHaveLength(1);
  });
});

describe("rates show", () => {
  it("picks the period containing the date and formats the rates the Swedish way", async () => {
    await period("Period 1 2016", "2016-03-01", "2016-08-31");
    await period("Pilot 2016", "2016-09-01", "2016-12-31");
    const report = await showRates(db, { date: "2016-10-15" });
    expect(report).toMatchObject({ match: "containing", note: null, period: { name: "Pilot 2016", from: "2016-09-01", to: "2016-12-31" } });
    expect(report.period.rates).toEqual(SEED_RATES_2016);
    expect((await showRates(db, { date: "2016-08-31" })).period.name).toBe("Period 1 2016");
    const text = formatRatesReport(report);
    for (const expected of ["Pilot 2016", "1 200 kr/dag", "300 kr/dag", "150 kr/dag", "600 kr/dag", "200 kr/dag", "30 dagar", "90 dagar", "500–5 000 kr", "10 %"]) {
      expect(text).toContain(expected);
    }
    expect(formatKr(1234567)).toBe("1 234 567 kr");
  });

  it("falls back to the most recent period and says why; before every period, the first one", async () => {
    await period("Period 1 2016", "2016-03-01", "2016-08-31");
    await period("Pilot 2016", "2016-09-01", "2016-12-31");
    const later = await showRates(db, { date: "2025-06-01" });
    expect(later).toMatchObject({ match: "latest_before", period: { name: "Pilot 2016" } });
    expect(later.note).toMatch(/Ingen budgetperiod innehåller 2025-06-01.*senaste.*Pilot 2016/);
    expect(formatRatesReport(later)).toContain("Obs: Ingen budgetperiod");
    const earlier = await showRates(db, { date: "2015-01-01" });
    expect(earlier).toMatchObject({ match: "earliest_after", period: { name: "Period 1 2016" } });
    // Default date: today in Sweden.
    expect((await showRates(db)).date).toBe(todayInStockholm());
  });

  it("rejects a bad date and explains when there is no period at all", async () => {
    await expect(showRates(db, { date: "2016-02-30" })).rejects.toThrow(/Ogiltigt datum/);
    await expect(showRates(db, { date: "15/10/2016" })).rejects.toThrow(/ÅÅÅÅ-MM-DD/);
    await expect(showRates(db, { date: "2016-10-15" })).rejects.toThrow(/inga budgetperioder.*db:seed/);
  });

  it("today in Stockholm crosses midnight before UTC does", () => {
    expect(todayInStockholm(new Date("2016-12-31T23:30:00Z"))).toBe("2017-01-01");
    expect(todayInStockholm(new Date("2016-06-30T21:59:00Z"))).toBe("2016-06-30");
    expect(todayInStockholm(new Date("2016-06-30T22:00:00Z"))).toBe("2016-07-01");
  });
});

describe("seed", () => {
  it("is idempotent and yields the 2016 rates, the report's organisations and the counter", async () => {
    const first = await seed(db);
    expect(first).toEqual({
      periods: { created: 2, existing: 0 },
      organisations: { created: 7, existing: 0 },
      counter: "created",
      members: null,
    });
    const second = await seed(db, { demoMembers: true });
    expect(second).toEqual({
      periods: { created: 0, existing: 2 },
      organisations: { created: 1, existing: 7 },
      counter: "existing",
      members: { created: 3, existing: 0 },
    });
    await seed(db, { demoMembers: true });

    expect(await db.budgetPeriod.count()).toBe(2);
    expect(await db.organisation.count()).toBe(8);
    expect(await db.member.count()).toBe(3);
    expect(await db.counter.findMany()).toEqual([{ name: "case_ref", value: 0 }]);

    const pilot = await showRates(db, { date: "2016-11-01" });
    expect(pilot.period).toEqual({
      name: "Pilot 2016",
      from: "2016-09-01",
      to: "2016-12-31",
      rates: {
        restDailyRate: 1200,
        restChildDailyRate: 300,
        protectionDailyRate: 150,
        integrationDailyRate: 600,
        integrationChildDailyRate: 200,
        restMaxDays: 30,
        integrationMaxDays: 90,
        measureMinAmount: 500,
        measureMaxAmount: 5000,
        overheadPercent: 10,
      },
    });
    expect((await showRates(db, { date: "2016-03-01" })).period.name).toBe("Period 1 2016");

    const orgs = await listOrganisations(db);
    expect(orgs.filter((o) => o.certified).map((o) => o.name).sort()).toEqual(
      ["Frälsningsarmén", "Noomi Akutboende Hela människan", "Realstars", "Räddningsmissionen Göteborg", "Talita", "Unga Kvinnors Värn"].sort(),
    );
    expect(orgs.find((o) => o.name === "Ecpat")?.certified).toBe(false);
    expect(await listMembers(db)).toEqual(
      expect.arrayContaining([
        { slackUserId: "U0DEMOAPPL", org: "Frälsningsarmén", role: "applicant" },
        { slackUserId: "U0DEMOCOORD", org: "NSP samordning", role: "coordinator" },
        { slackUserId: "U0DEMOADMIN", org: "NSP samordning", role: "admin" },
      ]),
    );
  });

  it("leaves an operator's change alone when run again", async () => {
    await seed(db);
    await setOrganisationCertified(db, "Talita", false);
    await seed(db);
    expect((await listOrganisations(db)).find((o) => o.name === "Talita")?.certified).toBe(false);
  });
});

describe("the real CLI", () => {
  it("org list --json prints the organisations as JSON", async () => {
    await addOrganisation(db, "Talita", { certified: true });
    await addMember(db, { slackUserId: "U0123ABCD", org: "Talita", role: "coordinator" });
    const { code, stdout, stderr } = await cli(["org", "list", "--json"]);
    expect(code, stderr).toBe(0);
    expect(JSON.parse(stdout)).toEqual([{ name: "Talita", certified: true, members: 1 }]);
  });

  it("--certified-until (issue #14): org add and org certify set the last day, the listing has it, a bad date is refused", async () => {
    // One spawn of the real CLI (the option's parsing and the text); the rest through the services it calls.
    const added = await cli(["org", "add", "Talita", "--certified-until", "2027-06-30"]);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain("certifierad: ja till och med 2027-06-30");
    expect(await listOrganisations(db)).toEqual([{ name: "Talita", certified: true, certifiedUntil: "2027-06-30", members: 0 }]);
    await expect(setOrganisationCertified(db, "talita", true, { certifiedUntil: "2028-06-30" })).resolves.toEqual({
      organisation: { name: "Talita", certified: true, certifiedUntil: "2028-06-30", members: 0 },
      changed: true,
    });
    // Certified again without a date: no end date.
    await expect(setOrganisationCertified(db, "Talita", true)).resolves.toEqual({ organisation: { name: "Talita", certified: true, members: 0 }, changed: true });
    expect((await db.organisation.findUniqueOrThrow({ where: { name: "Talita" } })).certifiedUntil).toBeNull();
    await expect(setOrganisationCertified(db, "Talita", true, { certifiedUntil: "2027-02-30" })).rejects.toThrow(/Ogiltigt datum/);
    await expect(setOrganisationCertified(db, "Talita", false, { certifiedUntil: "2027-01-01" })).rejects.toThrow(AdminError);
    await expect(addOrganisation(db, "Realstars", { certifiedUntil: "2027-01-01" })).resolves.toEqual({ name: "Realstars", certified: true, certifiedUntil: "2027-01-01", members: 0 });
  }, 90_000);

  it("a bad command or an operator mistake exits non-zero with a message on stderr", async () => {
    const unknown = await cli(["org", "fly"]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain("fel: okänt kommando 'fly'"); // Swedish (issue #15)

    const missingOrg = await cli(["member", "add", "U0123ABCD", "--org", "Finns inte", "--role", "applicant"]);
    expect(missingOrg.code).toBe(1);
    expect(missingOrg.stderr).toMatch(/^Fel: Organisationen "Finns inte" finns inte/);
    expect(missingOrg.stdout).toBe("");
  });

  it("outbox list prints Skapad and Död sedan in Stockholm time; --json keeps ISO UTC", async () => {
    const createdAt = new Date("2026-12-01T16:59:23.500Z");
    const deadAt = new Date("2026-06-30T22:15:00.000Z"); // summer time, and the next day in Stockholm
    const row = await db.outboxMessage.create({ data: { key: "cli-time-test", kind: "request_posted", status: "dead", attempts: 3, lastError: "channel_not_found", createdAt, deadAt } });
    const text = await cli(["outbox", "list"]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain("2026-12-01 17:59");
    expect(text.stdout).toContain("2026-07-01 00:15");
    expect(text.stdout).not.toContain("2026-12-01T16:59");
    expect(text.stdout).not.toContain("Z ");
    const json = await cli(["outbox", "list", "--json"]);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([expect.objectContaining({ id: row.id, createdAt: "2026-12-01T16:59:23.500Z", deadAt: "2026-06-30T22:15:00.000Z" })]);
  }, 60_000);

  it("reminders list --dead shows a dead meeting reminder (ids, codes, times only); reminders retry makes it pending once", async () => {
    const startsAt = new Date(Date.now() + 7 * 24 * 3600_000);
    const meeting = await db.meeting.create({
      data: { kind: "platform", title: "Plattformsmöte om Slussa vidare", startsAt, endsAt: new Date(startsAt.getTime() + 3600_000), createdBy: "U0CREATOR" },
    });
    const dueAt = new Date(Date.now() - 3600_000);
    const deadAt = new Date(Date.now() - 60_000);
    const reminder = await db.meetingReminder.create({
      data: { meetingId: meeting.id, key: "7d@0900", sequence: 0, label: "om 7 dagar", dueAt, status: "dead", attempts: 1, lastError: "not_in_channel", deadAt },
    });
    const listed = await cli(["reminders", "list", "--dead", "--json"]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([
      { id: reminder.id, meetingId: meeting.id, key: "7d@0900", status: "dead", attempts: 1, lastError: "not_in_channel", dueAt: dueAt.toISOString(), deadAt: deadAt.toISOString(), meetingStartsAt: startsAt.toISOString() },
    ]);
    const text = await cli(["reminders", "list"]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain("död");
    // The text shows Stockholm time (JSON above keeps ISO UTC).
    for (const t of [dueAt, deadAt, startsAt]) {
      expect(text.stdout).toContain(formatDateTime(t));
      expect(text.stdout).not.toContain(t.toISOString());
    }
    expect(text.stdout).toContain("not_in_channel");
    expect(text.stdout).not.toContain("Plattformsmöte"); // no content

    const retried = await cli(["reminders", "retry", String(reminder.id), "--json"]);
    expect(retried.code, retried.stderr).toBe(0);
    expect(JSON.parse(retried.stdout)).toEqual({ retried: [reminder.id] });
    expect(await db.meetingReminder.findUniqueOrThrow({ where: { id: reminder.id } })).toMatchObject({ status: "pending", attempts: 0, deadAt: null });
    const again = await cli(["reminders", "retry", String(reminder.id)]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("inte död");
  }, 60_000); // four CLI processes
});
