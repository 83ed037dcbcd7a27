// The App Home's "Kommande möten": the user's groups and the whole network's (coordinators see
// every group's), the user's groups first, with the user's own answer; never cancelled or past ones.
import { afterAll, beforeEach, expect, it } from "vitest";
import { upcomingMeetings } from "../../src/services/home.js";
import { closeDb, testDb, truncateAll } from "../helpers/db.js";
import { seedFixtures, USERS } from "../helpers/harness.js";

const db = testDb();
afterAll(() => closeDb(db));
beforeEach(async () => {
  await truncateAll(db);
  await seedFixtures(db);
});

const NOW = new Date("2026-11-29T10:00:00Z");
const at = (iso: string) => new Date(iso);

it("lists the user's groups and the network's coming meetings with the user's answer", async () => {
  const slussa = await db.workingGroup.create({ data: { name: "Slussa vidare", slug: "slussa-vidare", channel: "C0SLUSSA" } });
  const barn = await db.workingGroup.create({ data: { name: "Barnperspektivet", slug: "barnperspektivet", channel: "C0BARN" } });
  await db.groupMember.create({ data: { groupId: slussa.id, slackUserId: USERS.applicant } });
  const meeting = (title: string, start: string, groupId: number | null, extra: Record<string, unknown> = {}) =>
    db.meeting.create({
      data: { kind: "platform", title, groupId, startsAt: at(start), endsAt: new Date(at(start).getTime() + 2 * 3600_000), createdBy: USERS.coordinator, ...extra },
    });
  const network = await meeting("Plattformsmöte", "2026-12-10T12:00:00Z", null);
  const mine = await meeting("Slussa vidare-möte", "2026-12-15T09:00:00Z", slussa.id);
  await meeting("Barnperspektivet", "2026-12-01T09:00:00Z", barn.id);
  await meeting("Inställt", "2026-12-02T09:00:00Z", null, { cancelledAt: NOW, cancelledBy: USERS.coordinator });
  await meeting("Förra veckan", "2026-11-20T09:00:00Z", null);
  await db.rsvp.create({ data: { meetingId: network.id, slackUserId: USERS.applicant, answer: "yes" } });

  const forApplicant = await upcomingMeetings(db, USERS.applicant, NOW);
  expect(forApplicant.map((m) => [m.title, m.rsvp])).toEqual([
    ["Slussa vidare-möte", null],
    ["Plattformsmöte", "yes"],
  ]);
  expect(forApplicant[0]?.start).toEqual(mine.startsAt);
  const forCoordinator = await upcomingMeetings(db, USERS.coordinator, NOW);
  expect(forCoordinator.map((m) => m.title)).toEqual(["Barnperspektivet", "Plattformsmöte", "Slussa vidare-möte"]);
});
