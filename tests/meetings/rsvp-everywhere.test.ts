// Issue #15, item 1, through the real receiver, workers and the fake Slack (which validates every
// view and message): "Jag kommer" / "Kan inte" wherever a meeting is shown, long before any
// reminder. From `/nsp möten` (the ephemeral list is replaced with the new answer), from the App
// Home (re-published with the new answer), and from the announcement a new meeting gets in its
// channel (posted through the outbox, updated with the live count). A meeting created by an
// applicant for a group they are not in is on the creator's Home. "Ditt svar" uses the buttons' words.
import { TZDate } from "@date-fns/tz";
import { addDays, format } from "date-fns";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TIME_ZONE } from "../../src/domain/format.js";
import { RSVP_LABEL } from "../../src/domain/meetings.js";
import { wallClockToInstant } from "../../src/domain/meeting-time.js";
import { parseReminderOffsets } from "../../src/domain/reminders.js";
import { MEETING_BLOCK as B } from "../../src/core/ids.js";
import { createMeeting, updateMeeting } from "../../src/services/meetings.js";
import { truncateAll } from "../helpers/db.js";
import { seedFixtures, startHarness, USERS, waitFor, type Harness } from "../helpers/harness.js";

let h: Harness;
let groups: { slussa: number; barn: number };
const NETWORK = "C0NETWORK";
const SLUSSA = "C0SLUSSA";

beforeAll(async () => {
  h = await startHarness({ config: { NSP_NETWORK_CHANNEL: NETWORK } });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  await truncateAll(h.db);
  h.fake.reset();
  await seedFixtures(h.db);
  const slussa = await h.db.workingGroup.create({ data: { name: "Slussa vidare", slug: "slussa-vidare", channel: SLUSSA, convenerSlackId: USERS.coordinator2 } });
  const barn = await h.db.workingGroup.create({ data: { name: "Barnperspektivet", slug: "barnperspektivet", channel: "C0BARN" } });
  await h.db.groupMember.create({ data: { groupId: barn.id, slackUserId: USERS.applicant2 } });
  groups = { slussa: slussa.id, barn: barn.id };
});

const inDays = (days: number) => format(addDays(new TZDate(Date.now(), TIME_ZONE), days), "yyyy-MM-dd");
const text = (v: unknown) => JSON.stringify(v);
const answered = (label: string) => `Ditt svar: *${label}*`;

/** A meeting 30 days ahead: its first reminder (7 days before) is weeks away. */
async function meeting(over: { groupId?: number | null; title?: string } = {}) {
  const date = inDays(30);
  const startsAt = wallClockToInstant(date, "10:00");
  const endsAt = wallClockToInstant(date, "12:00");
  if (!startsAt || !endsAt) throw new Error("bad date");
  const draft = { kind: "platform" as const, title: over.title ?? "Plattformsmöte", theme: null, groupId: over.groupId ?? null, startsAt, endsAt, place: "Nybrogatan 79 B", registration: null, registrationDeadline: null };
  const created = await createMeeting(h.db, { draft, createdBy: USERS.coordinator, submissionKey: null }, parseReminderOffsets("7d@09:00,1d@09:00"));
  return created.meetingId;
}

const answerOf = async (meetingId: number, user: string) => (await h.db.rsvp.findUnique({ where: { meetingId_slackUserId: { meetingId, slackUserId: user } } }))?.answer ?? null;
const noReminderSent = async () => expect(await h.db.meetingReminder.count({ where: { status: "sent" } })).toBe(0);

async function openHome(user: string) {
  const before = h.fake.callsTo("views.publish").filter((c) => c.args.user_id === user).length;
  await h.user.event({ type: "app_home_opened", user, channel: h.fake.ensureDmChannel(user), tab: "home" });
  await waitFor(async () => h.fake.callsTo("views.publish").filter((c) => c.args.user_id === user && c.ok)[before], "views.publish");
  const view = h.fake.home(user);
  if (!view) throw new Error("no home view");
  return view;
}

describe("RSVP before any reminder", () => {
  it("from /nsp möten: the list shows the answer in the buttons' words, and a click replaces it with the new answer", async () => {
    const id = await meeting({ title: "Nätverksmöte" });
    const before = h.fake.ephemerals(USERS.applicant2).length;
    await h.user.command(USERS.applicant2, "möten");
    const list = await waitFor(async () => h.fake.ephemerals(USERS.applicant2)[before], "the list");
    expect(text(list)).toContain(answered(RSVP_LABEL.none));
    expect(text(list)).not.toContain("påminnelsen");

    await h.user.blockAction(USERS.applicant2, { ephemeral: { ts: list.ts }, actionId: `meeting_rsvp_no_${id}` });
    const replaced = await waitFor(async () => {
      const now = h.fake.ephemerals(USERS.applicant2).find((m) => m.ts === list.ts);
      return now && text(now).includes(answered(RSVP_LABEL.no)) ? now : null;
    }, "the list replaced with the answer");
    expect(h.fake.ephemerals(USERS.applicant2)).toHaveLength(before + 1); // replaced, not a second message
    expect(await answerOf(id, USERS.applicant2)).toBe("no");

    // The replaced list has the buttons again: change the answer from there.
    await h.user.blockAction(USERS.applicant2, { ephemeral: { ts: replaced.ts }, actionId: `meeting_rsvp_yes_${id}` });
    await waitFor(async () => text(h.fake.ephemerals(USERS.applicant2).find((m) => m.ts === list.ts)).includes(answered(RSVP_LABEL.yes)), "the new answer");
    expect(await answerOf(id, USERS.applicant2)).toBe("yes");
    // The Home follows (published after the click).
    await waitFor(async () => text(h.fake.home(USERS.applicant2) ?? {}).includes(answered(RSVP_LABEL.yes)), "home re-published");
    await noReminderSent();
  });

  it("from the App Home: the click is stored and the Home re-published with the button's words", async () => {
    const id = await meeting({ title: "Barnmöte", groupId: groups.barn });
    const home = await openHome(USERS.applicant2);
    expect(text(home)).toContain("Barnmöte");
    expect(text(home)).toContain(answered(RSVP_LABEL.none));
    expect(text(home)).not.toContain("Ditt svar: *Ja*");

    await h.user.blockAction(USERS.applicant2, { view: home.id, actionId: `meeting_rsvp_yes_h${id}` });
    await waitFor(async () => text(h.fake.home(USERS.applicant2) ?? {}).includes(answered(RSVP_LABEL.yes)), "home shows Jag kommer");
    expect(await answerOf(id, USERS.applicant2)).toBe("yes");

    const again = h.fake.home(USERS.applicant2);
    if (!again) throw new Error("no home");
    await h.user.blockAction(USERS.applicant2, { view: again.id, actionId: `meeting_rsvp_no_h${id}` });
    await waitFor(async () => text(h.fake.home(USERS.applicant2) ?? {}).includes(answered(RSVP_LABEL.no)), "home shows Kan inte");
    expect(await answerOf(id, USERS.applicant2)).toBe("no");
    await noReminderSent();
  });

  it("a cancelled meeting's button on a stale Home is refused with a Swedish answer; nothing stored", async () => {
    const id = await meeting({ title: "Snart inställt" });
    const home = await openHome(USERS.applicant);
    await h.db.meeting.update({ where: { id }, data: { cancelledAt: new Date(), cancelledBy: USERS.admin, sequence: { increment: 1 } } });
    const seen = h.fake.ephemerals(USERS.applicant).length;
    await h.user.blockAction(USERS.applicant, { view: home.id, actionId: `meeting_rsvp_yes_h${id}` });
    const m = await waitFor(async () => h.fake.ephemerals(USERS.applicant)[seen], "refusal");
    expect(m.text).toBe("Mötet är inställt.");
    expect(await h.db.rsvp.count()).toBe(0);
  });
});

describe("a new meeting from the modal", () => {
  async function createFromModal(user: string, group: string, title: string): Promise<number> {
    const before = h.fake.callsTo("views.open").length;
    await h.user.command(user, "möte ny");
    const call = await waitFor(async () => h.fake.callsTo("views.open")[before], "views.open");
    const viewId = (call.response as { view: { id: string } }).view.id;
    const values = { [B.kind]: "working_group", [B.title]: title, [B.group]: group, [B.date]: inDays(21), [B.start]: "13:00", [B.end]: "15:00", [B.place]: "Nybrogatan 79 B" };
    const res = await h.user.submitView(user, viewId, h.user.valuesFor(viewId, values));
    expect(res.json).toMatchObject({ response_action: "update" });
    return (await h.db.meeting.findFirstOrThrow({ where: { title } })).id;
  }

  const announcements = (channel: string) =>
    h.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === channel && c.ok && text(c.args).includes("Nytt möte"));

  it("is announced in its group's channel with the buttons; a click there updates the count; the creator finds it on their Home", async () => {
    // The applicant is not in "Slussa vidare": the Home used to list only the groups the user is in.
    const id = await createFromModal(USERS.applicant, String(groups.slussa), "Slussa vidare: rutiner");
    const [post] = await waitFor(async () => (announcements(SLUSSA).length ? announcements(SLUSSA) : null), "the announcement");
    expect(text(post?.args)).toContain("Slussa vidare: rutiner");
    expect(text(post?.args)).toContain(`"action_id":"meeting_rsvp_yes"`);
    expect(text(post?.args)).toContain(`"text":"${RSVP_LABEL.yes}"`);
    expect(text(post?.args)).toContain(`"text":"${RSVP_LABEL.no}"`);
    // The outbox row keeps where it was posted (the RSVP path updates that message, never the clicked one).
    const row = await waitFor(async () => h.db.outboxMessage.findFirst({ where: { kind: "meeting_announced", refId: id, status: "sent" } }), "announcement marked sent");
    expect(row).toMatchObject({ channel: SLUSSA, ts: (post?.response as { ts: string }).ts });
    await noReminderSent();

    // Answer from the announcement: the message shows who comes.
    const message = { channel: SLUSSA, ts: row.ts ?? "" };
    const updates = h.fake.callsTo("chat.update").length;
    await h.user.blockAction(USERS.otherOrg, { message, actionId: "meeting_rsvp_yes" });
    await waitFor(async () => h.fake.callsTo("chat.update").length > updates, "announcement updated");
    expect(text(h.fake.message(SLUSSA, message.ts))).toContain(`Kommer (1)*: <@${USERS.otherOrg}>`);
    expect(await answerOf(id, USERS.otherOrg)).toBe("yes");

    // The creator's Home lists it (published by the outbox, and on opening the tab).
    await waitFor(async () => text(h.fake.home(USERS.applicant) ?? {}).includes("Slussa vidare: rutiner"), "creator's Home published");
    const home = await openHome(USERS.applicant);
    expect(text(home)).toContain("Slussa vidare: rutiner");
    expect(text(home)).toContain(`meeting_rsvp_yes_h${id}`);
    // Someone neither in the group nor its creator does not see it on their Home.
    expect(text(await openHome(USERS.applicant2))).not.toContain("Slussa vidare: rutiner");
  });

  it("a whole-network meeting is announced in the network channel; cancelling it then posts 'Inställt' and removes the buttons", async () => {
    const id = await createFromModal(USERS.coordinator, "network", "Plattformsmöte: återvändande");
    const [post] = await waitFor(async () => (announcements(NETWORK).length ? announcements(NETWORK) : null), "the announcement");
    const ts = (post?.response as { ts: string }).ts;
    const list = await (async () => {
      const before = h.fake.ephemerals(USERS.coordinator).length;
      await h.user.command(USERS.coordinator, "möten");
      return waitFor(async () => h.fake.ephemerals(USERS.coordinator)[before], "the list");
    })();
    await h.user.blockAction(USERS.coordinator, { ephemeral: { ts: list.ts }, actionId: `meeting_cancel_${id}`, value: String(id) });
    await waitFor(async () => h.fake.callsTo("chat.postMessage").some((c) => c.args.channel === NETWORK && c.ok && text(c.args).includes("är inställt")), "'Inställt' posted");
    await waitFor(async () => {
      const shown = text(h.fake.message(NETWORK, ts));
      return shown.includes("Inställt") && !shown.includes("meeting_rsvp_yes");
    }, "the announcement updated without buttons");
  });

  it("an edit after the announcement went out posts 'Ändrat' and updates the announcement", async () => {
    const id = await createFromModal(USERS.coordinator, String(groups.slussa), "Slussa vidare: uppföljning");
    const row = await waitFor(async () => h.db.outboxMessage.findFirst({ where: { kind: "meeting_announced", refId: id, status: "sent" } }), "announcement sent");
    const m = await h.db.meeting.findUniqueOrThrow({ where: { id } });
    const startsAt = wallClockToInstant(inDays(22), "13:00");
    const endsAt = wallClockToInstant(inDays(22), "15:00");
    if (!startsAt || !endsAt) throw new Error("bad date");
    const draft = { kind: m.kind, title: m.title, theme: m.theme, groupId: m.groupId, startsAt, endsAt, place: m.place, registration: m.registration, registrationDeadline: null };
    const res = await updateMeeting(h.db, { meetingId: id, expectedSequence: m.sequence, draft }, parseReminderOffsets("7d@09:00,1d@09:00"));
    if (!res.ok) throw new Error(res.reason);
    const kinds = (await h.db.outboxMessage.findMany({ where: { id: { in: res.outboxIds } }, orderBy: { id: "asc" } })).map((o) => o.kind);
    expect(kinds).toEqual(["meeting_changed", "meeting_announcement_refresh", "home_refresh_group"]);
    await h.runtime.dispatcher.dispatch(res.outboxIds);
    await waitFor(async () => h.fake.callsTo("chat.postMessage").some((c) => c.args.channel === SLUSSA && c.ok && text(c.args).includes("Ändrat")), "'Ändrat' posted");
    await waitFor(async () => text(h.fake.message(SLUSSA, row.ts ?? "")).includes(`${inDays(22)} 13:00`), "announcement shows the new date");
    expect(text(h.fake.message(SLUSSA, row.ts ?? ""))).toContain("meeting_rsvp_yes");
  });
});
