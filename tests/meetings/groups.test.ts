// Working groups through the operator's services and the real CLI, and the seed of the 2016
// report's groups and calendar meetings (idempotent, and safe for the public feed).
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { SEED_GROUPS, SEED_MEETINGS_2016, seedMeetings } from "../../commands/seed-meetings.js";
import { calendarFeed } from "../../src/calendar.js";
import { AdminError } from "../../src/services/admin.js";
import { listGroups, setGroupMember, upsertGroup } from "../../src/services/groups.js";
import { cli } from "../helpers/cli.js";
import { closeDb, testDb, truncateAll } from "../helpers/db.js";

const db = testDb();
afterAll(() => closeDb(db));
beforeEach(() => truncateAll(db));

describe("group add / list / join", () => {
  it("creates, updates only what is given, and reports unchanged", async () => {
    const created = await upsertGroup(db, { name: "Slussa vidare", channel: "C0SLUSSA", convener: "U0CONV" });
    expect(created).toEqual({
      action: "created",
      group: { name: "Slussa vidare", slug: "slussa-vidare", description: null, channel: "C0SLUSSA", convener: "U0CONV", members: 1 },
    });
    const moved = await upsertGroup(db, { name: "slussa vidare", channel: "C0REALCHAN" });
    expect(moved.action).toBe("updated");
    expect(moved.group).toMatchObject({ name: "Slussa vidare", channel: "C0REALCHAN", convener: "U0CONV" });
    expect((await upsertGroup(db, { name: "Slussa vidare", channel: "C0REALCHAN" })).action).toBe("unchanged");
    expect(await setGroupMember(db, "Slussa vidare", "U0MEMBER", true)).toEqual({ group: "Slussa vidare", slackUserId: "U0MEMBER", changed: true });
    expect((await setGroupMember(db, "slussa-vidare", "U0MEMBER", true)).changed).toBe(false);
    expect((await listGroups(db))[0]?.members).toBe(2);
  });

  it("refuses bad channel ids, Slack ids, missing channels and personal data", async () => {
    await expect(upsertGroup(db, { name: "Förebygga", channel: "#forebygga" })).rejects.toThrow(/kanal-id/);
    await expect(upsertGroup(db, { name: "Förebygga" })).rejects.toThrow(/--channel/);
    await expect(upsertGroup(db, { name: "Förebygga", channel: "C0FORE", convener: "Anna" })).rejects.toBeInstanceOf(AdminError);
    await expect(upsertGroup(db, { name: "Förebygga", channel: "C0FORE", description: "Ring 070-123 45 67" })).rejects.toThrow(/telefonnummer/);
    await expect(setGroupMember(db, "Finns inte", "U0X1", true)).rejects.toThrow(/finns inte/);
  });

  it("works through the real CLI", async () => {
    const add = await cli(["group", "add", "Barnperspektivet", "--channel", "C0BARN", "--description", "Barn i riskzon"]);
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain('Arbetsgruppen "Barnperspektivet" har lagts till');
    const list = await cli(["group", "list", "--json"]);
    expect(JSON.parse(list.stdout)).toEqual([{ name: "Barnperspektivet", slug: "barnperspektivet", description: "Barn i riskzon", channel: "C0BARN", convener: null, members: 0 }]);
    const bad = await cli(["group", "add", "X", "--channel", "nope"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^Fel: Ogiltigt kanal-id/);
  });
});

describe("seed", () => {
  it("adds the report's working groups and 2016 meetings once, without reminders", async () => {
    expect(await seedMeetings(db)).toEqual({ groups: { created: 4, existing: 0 }, meetings: { created: SEED_MEETINGS_2016.length, existing: 0 } });
    await upsertGroup(db, { name: "Slussa vidare", channel: "C0REALCHAN" });
    expect(await seedMeetings(db)).toEqual({ groups: { created: 0, existing: 4 }, meetings: { created: 0, existing: SEED_MEETINGS_2016.length } });
    expect((await listGroups(db)).map((g) => g.name).sort()).toEqual(SEED_GROUPS.map((g) => g.name).sort());
    expect((await db.workingGroup.findUniqueOrThrow({ where: { slug: "slussa-vidare" } })).channel).toBe("C0REALCHAN");
    expect(await db.meetingReminder.count()).toBe(0);
    const platform = await db.meeting.findUniqueOrThrow({ where: { submissionKey: "seed-2016-09-30-plattform" } });
    expect(platform.startsAt.toISOString()).toBe("2016-09-30T11:00:00.000Z"); // 13:00 CEST
    const feed = await calendarFeed(db, undefined, new Date("2016-09-01T00:00:00Z"));
    expect(feed).toContain("SUMMARY:Plattformsmöte: Polisens stärkta förmåga mot människohandel?");
    expect(feed).not.toContain("@gmail.com");
    expect((await calendarFeed(db, "barnperspektivet", new Date("2016-01-01T00:00:00Z")))?.match(/BEGIN:VEVENT/g)).toHaveLength(2);
  });
});
