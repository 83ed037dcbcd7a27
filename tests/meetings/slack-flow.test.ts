// Through the real receiver and the fake Slack: `/nsp möte ny` (refusals, errors next to the
// fields in Swedish, saving), `/nsp möten` (the caller's groups first, buttons by role), "Ställ in"
// and "Ändra" with the role re-checked, "Jag kommer"/"Kan inte" with the live count, and the
// public calendar feeds.
import { TZDate } from "@date-fns/tz";
import { addDays, format, isSunday, lastDayOfMonth, previousSunday } from "date-fns";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TIME_ZONE } from "../../src/domain/format.js";
import { wallClockToInstant } from "../../src/domain/meeting-time.js";
import { parseReminderOffsets } from "../../src/domain/reminders.js";
import { MEETING_BLOCK as B } from "../../src/core/ids.js";
import { createMeeting } from "../../src/services/meetings.js";
import { NOT_REGISTERED_MEETING_TEXT } from "../../src/listeners/commands/meetings.js";
import { NOT_MEETING_MANAGER_TEXT } from "../../src/listeners/views/meeting-submit.js";
import { truncateAll } from "../helpers/db.js";
import { seedFixtures, startHarness, USERS, waitFor, type Harness } from "../helpers/harness.js";
import { withLuhn } from "../helpers/personnummer.js";

let h: Harness;
let groups: { slussa: number; barn: number };
const NETWORK = "C0NETWORK";

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
  const slussa = await h.db.workingGroup.create({ data: { name: "Slussa vidare", slug: "slussa-vidare", channel: "C0SLUSSA", convenerSlackId: USERS.coordinator2 } });
  const barn = await h.db.workingGroup.create({ data: { name: "Barnperspektivet", slug: "barnperspektivet", channel: "C0BARN" } });
  await h.db.groupMember.create({ data: { groupId: barn.id, slackUserId: USERS.applicant2 } });
  groups = { slussa: slussa.id, barn: barn.id };
});

/** A Stockholm date `days` from today, "YYYY-MM-DD". */
const inDays = (days: number) => format(addDays(new TZDate(Date.now(), TIME_ZONE), days), "yyyy-MM-dd");
/** The next last Sunday of March (the spring-forward day). */
function nextSpringForward(): string {
  const today = new TZDate(Date.now(), TIME_ZONE);
  for (let year = today.getFullYear(); ; year++) {
    const last = lastDayOfMonth(new TZDate(year, 2, 1, 12, 0, TIME_ZONE));
    const sunday = isSunday(last) ? last : previousSunday(last);
    if (sunday > today) return format(sunday, "yyyy-MM-dd");
  }
}
const text = (v: unknown) => JSON.stringify(v);

async function openModal(user: string): Promise<string> {
  const before = h.fake.callsTo("views.open").length;
  await h.user.command(user, "möte ny");
  const call = await waitFor(async () => h.fake.callsTo("views.open")[before], "views.open");
  expect(call.response).toMatchObject({ ok: true });
  return (call.response as { view: { id: string } }).view.id;
}

async function ephemeralOf(user: string, command: string): Promise<string> {
  const before = h.fake.ephemerals(user).length;
  await h.user.command(user, command);
  const m = await waitFor(async () => h.fake.ephemerals(user)[before], "ephemeral answer");
  return text(m);
}

const valid = (over: Record<string, unknown> = {}) => ({
  [B.kind]: "platform",
  [B.title]: "Plattformsmöte: återvändande",
  [B.theme]: "Återvändandeprogrammet",
  [B.group]: "network",
  [B.date]: inDays(20),
  [B.start]: "14:00",
  [B.end]: "16:00",
  [B.place]: "Frälsningsarméns HK, Nybrogatan 79 B",
  [B.registration]: "Anmäl till manniskohandel@gmail.com senast dagen före",
  [B.deadline]: inDays(18),
  ...over,
});

async function meeting(over: { createdBy?: string; groupId?: number | null; days?: number; title?: string } = {}) {
  const date = inDays(over.days ?? 10);
  const startsAt = wallClockToInstant(date, "10:00");
  const endsAt = wallClockToInstant(date, "12:00");
  if (!startsAt || !endsAt) throw new Error("bad date");
  const draft = { kind: "working_group" as const, title: over.title ?? "Möte", theme: null, groupId: over.groupId ?? null, startsAt, endsAt, place: "Nybrogatan 79 B", registration: "Anmäl till ida@ukv.se", registrationDeadline: null };
  return createMeeting(h.db, { draft, createdBy: over.createdBy ?? USERS.applicant, submissionKey: null }, parseReminderOffsets("7d@09:00,1d@09:00"));
}

describe("/nsp möte ny", () => {
  it("is for registered members only", async () => {
    expect(await ephemeralOf(USERS.stranger, "möte ny")).toContain(NOT_REGISTERED_MEETING_TEXT.slice(0, 40));
  });

  it("shows errors next to the fields in Swedish: times, DST gap, deadline, personal data", async () => {
    const viewId = await openModal(USERS.applicant);
    const submit = async (over: Record<string, unknown>) => {
      const res = await h.user.submitView(USERS.applicant, viewId, h.user.valuesFor(viewId, valid(over)));
      return (res.json as { errors?: Record<string, string> }).errors ?? {};
    };
    expect(await submit({ [B.start]: "16:00", [B.end]: "15:00" })).toEqual({ [B.end]: "Sluttiden måste vara efter starttiden." });
    expect(await submit({ [B.date]: inDays(-1), [B.deadline]: null })).toEqual({ [B.date]: "Datumet har redan passerat." });
    expect((await submit({ [B.date]: nextSpringForward(), [B.start]: "02:30", [B.end]: "04:00", [B.deadline]: null }))[B.start]).toMatch(/finns inte den dagen/);
    expect(await submit({ [B.deadline]: inDays(21) })).toEqual({ [B.deadline]: "Sista anmälningsdag kan inte vara efter mötet." });
    const pnr = withLuhn("800101123");
    const pii = await submit({ [B.registration]: `Anmäl ${pnr}`, [B.title]: "Ring 070-123 45 67" });
    expect(pii[B.registration]).toMatch(/personnummer/);
    expect(pii[B.title]).toMatch(/telefonnummer/);
    expect(await h.db.meeting.count()).toBe(0);
  });

  it("saves the meeting with its reminders and shows when they go out", async () => {
    const viewId = await openModal(USERS.applicant);
    const res = await h.user.submitView(USERS.applicant, viewId, h.user.valuesFor(viewId, valid({ [B.group]: String(groups.slussa) })));
    expect(res.json).toMatchObject({ response_action: "update" });
    expect(text(res.json)).toContain("Påminnelser:");
    const m = await h.db.meeting.findFirstOrThrow({ include: { reminders: true } });
    expect(m).toMatchObject({ kind: "platform", groupId: groups.slussa, createdBy: USERS.applicant, sequence: 0, submissionKey: viewId });
    expect(m.startsAt).toEqual(wallClockToInstant(inDays(20), "14:00"));
    expect(m.reminders.map((r) => r.key).sort()).toEqual(["1d@0900", "7d@0900", "deadline"]);
    // The same submission again (a Slack retry) stores nothing new.
    const again = await createMeeting(h.db, { draft: { ...m, registrationDeadline: null }, createdBy: USERS.applicant, submissionKey: viewId }, []);
    expect(again).toMatchObject({ meetingId: m.id, created: false });
    expect(await h.db.meeting.count()).toBe(1);
    // The group's convener finds it on the Home without opening the tab again (queued, then published).
    await waitFor(async () => text(h.fake.home(USERS.coordinator2) ?? {}).includes(m.title), "convener's Home published");
  });
});

describe("/nsp möten", () => {
  it("lists the caller's groups first, with buttons only for creator, convener and admin", async () => {
    await meeting({ title: "Nätverksmöte", days: 5, createdBy: USERS.applicant });
    await meeting({ title: "Barnmöte", days: 9, groupId: groups.barn, createdBy: USERS.coordinator });
    await meeting({ title: "Slussamöte", days: 7, groupId: groups.slussa, createdBy: USERS.coordinator });
    const mine = await ephemeralOf(USERS.applicant2, "möten");
    expect(mine.indexOf("Barnmöte")).toBeLessThan(mine.indexOf("Nätverksmöte"));
    expect(mine.indexOf("Nätverksmöte")).toBeLessThan(mine.indexOf("Slussamöte"));
    expect(mine).not.toContain("meeting_edit_");
    const creator = await ephemeralOf(USERS.applicant, "möten");
    expect(creator.match(/meeting_edit_\d+/g)).toHaveLength(1);
    const convener = await ephemeralOf(USERS.coordinator2, "möten");
    expect(convener.match(/meeting_cancel_\d+/g)).toHaveLength(1);
    const admin = await ephemeralOf(USERS.admin, "möten");
    expect(admin.match(/meeting_cancel_\d+/g)).toHaveLength(3);
  });

  it("'Ställ in' re-checks the role on click and cancels once", async () => {
    const { meetingId } = await meeting({ groupId: groups.slussa });
    await h.user.blockAction(USERS.applicant2, { actionId: `meeting_cancel_${meetingId}`, value: String(meetingId) });
    await waitFor(async () => h.fake.ephemerals(USERS.applicant2).length > 0, "refusal");
    expect(text(h.fake.ephemerals(USERS.applicant2))).toContain(NOT_MEETING_MANAGER_TEXT);
    expect((await h.db.meeting.findUniqueOrThrow({ where: { id: meetingId } })).cancelledAt).toBeNull();

    await h.user.blockAction(USERS.coordinator2, { actionId: `meeting_cancel_${meetingId}`, value: String(meetingId) });
    await waitFor(async () => (await h.db.meeting.findUniqueOrThrow({ where: { id: meetingId } })).cancelledAt, "cancelled");
    expect(await h.db.meetingReminder.count({ where: { meetingId, status: "pending" } })).toBe(0);
    expect(await ephemeralOf(USERS.admin, "möten")).not.toContain(`meeting_cancel_${meetingId}`);
  });

  it("'Ändra' opens the filled-in modal; the submit re-checks the role and moves the reminders", async () => {
    const { meetingId } = await meeting({ groupId: groups.slussa, days: 10 });
    const before = h.fake.callsTo("views.open").length;
    await h.user.blockAction(USERS.applicant, { actionId: `meeting_edit_${meetingId}`, value: String(meetingId) });
    const call = await waitFor(async () => h.fake.callsTo("views.open")[before], "edit modal");
    const viewId = (call.response as { view: { id: string } }).view.id;
    expect(text(call.args)).toContain("Ändra möte");
    const values = h.user.valuesFor(viewId, { [B.date]: inDays(12) }); // everything else as shown
    // The creator lost the membership meanwhile: refused next to the field.
    await h.db.member.update({ where: { slackUserId: USERS.applicant }, data: { slackUserId: "U0GONE" } });
    const refused = await h.user.submitView(USERS.applicant, viewId, values);
    expect(refused.json).toEqual({ response_action: "errors", errors: { [B.title]: NOT_MEETING_MANAGER_TEXT } });
    await h.db.member.update({ where: { slackUserId: "U0GONE" }, data: { slackUserId: USERS.applicant } });
    const res = await h.user.submitView(USERS.applicant, viewId, values);
    expect(res.json).toMatchObject({ response_action: "update" });
    const m = await h.db.meeting.findUniqueOrThrow({ where: { id: meetingId }, include: { reminders: { where: { status: "pending" } } } });
    expect(m.sequence).toBe(1);
    expect(m.startsAt).toEqual(wallClockToInstant(inDays(12), "10:00"));
    expect(m.reminders.every((r) => r.sequence === 1)).toBe(true);
    expect(await h.db.meetingReminder.count({ where: { meetingId, status: "cancelled" } })).toBe(2);
  });
});

describe("reminder answers", () => {
  it("'Jag kommer' / 'Kan inte' update the message with a live count and who answered", async () => {
    const { reminderId } = await (async () => {
      const startsAt = new Date(Date.now() + 2 * 3600_000 + 1500);
      const draft = { kind: "platform" as const, title: "Plattformsmöte", theme: null, groupId: null, startsAt, endsAt: new Date(startsAt.getTime() + 3600_000), place: null, registration: null, registrationDeadline: null };
      const created = await createMeeting(h.db, { draft, createdBy: USERS.admin, submissionKey: null }, parseReminderOffsets("2h"), new Date(Date.now() - 1000));
      return { reminderId: created.reminders[0]?.id ?? 0 };
    })();
    // No delayed job was added here: the harness's sweep (every second) finds the row and sends it.
    const row = await waitFor(async () => {
      const r = await h.db.meetingReminder.findUniqueOrThrow({ where: { id: reminderId } });
      return r.status === "sent" ? r : null;
    }, "reminder sent", 15_000);
    const message = { channel: row.channel ?? "", ts: row.ts ?? "" };
    expect(message.channel).toBe(NETWORK);
    for (const [user, action] of [[USERS.applicant, "meeting_rsvp_yes"], [USERS.stranger, "meeting_rsvp_yes"], [USERS.applicant2, "meeting_rsvp_no"], [USERS.stranger, "meeting_rsvp_no"]] as const) {
      const before = h.fake.callsTo("chat.update").length;
      await h.user.blockAction(user, { actionId: action, message });
      await waitFor(async () => h.fake.callsTo("chat.update").length > before, "chat.update");
    }
    const shown = text(h.fake.message(message.channel, message.ts));
    expect(shown).toContain(`Kommer (1)*: <@${USERS.applicant}>`);
    expect(shown).toContain(`Kan inte (2)*: <@${USERS.applicant2}>, <@${USERS.stranger}>`);
    expect(await h.db.rsvp.count()).toBe(3);
    // The clicking user's App Home is re-published with the answer.
    await waitFor(async () => JSON.stringify(h.fake.home(USERS.applicant2) ?? {}).includes("Ditt svar: *Kan inte*"), "home published");
  });
});

describe("calendar feeds", () => {
  it("serve valid iCalendar without personal data, per group too", async () => {
    await meeting({ title: "Nätverksmöte", createdBy: USERS.applicant });
    await meeting({ title: "Slussamöte", groupId: groups.slussa, createdBy: USERS.coordinator2 });
    const { meetingId } = await meeting({ title: "Inställt möte", groupId: groups.slussa });
    await h.db.meeting.update({ where: { id: meetingId }, data: { cancelledAt: new Date(), cancelledBy: USERS.admin, sequence: 1 } });
    await h.db.rsvp.create({ data: { meetingId, slackUserId: USERS.applicant2, answer: "yes" } });
    const base = `http://127.0.0.1:${h.runtime.port}`;

    const all = await fetch(`${base}/calendar.ics`);
    expect(all.status).toBe(200);
    expect(all.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    const body = await all.text();
    expect(body.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
    expect(body.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(body.match(/BEGIN:VEVENT/g)).toHaveLength(3);
    expect(body).toContain("STATUS:CANCELLED");
    expect(body).toMatch(/SEQUENCE:1/);
    for (const id of Object.values(USERS)) expect(body).not.toContain(id);
    expect(body).not.toMatch(/ORGANIZER|ATTENDEE|@ukv\.se/);
    expect(body).toContain("kontaktuppgift finns i Slack");
    for (const line of body.split("\r\n")) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);

    const group = await (await fetch(`${base}/calendar/slussa-vidare.ics`)).text();
    expect(group.match(/BEGIN:VEVENT/g)).toHaveLength(2);
    expect(group).not.toContain("Nätverksmöte");
    expect((await fetch(`${base}/calendar/finns-inte.ics`)).status).toBe(404);
  });
});
