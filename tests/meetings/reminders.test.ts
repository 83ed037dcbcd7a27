// Reminders in Postgres, with time injected (no sleeping): the instants across the daylight-saving
// changes (last Sunday of March and of October) and at midnight, sending exactly at dueAt, late
// sends, edits after a reminder went out, cancellations, and started meetings. Slack is the fake.
import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deliverOutboxRow } from "../../jobs/deliver-slack-message.js";
import { deliverReminder, MAX_REMINDER_ATTEMPTS, reconcileReminders, type ReminderDeps } from "../../jobs/meeting-reminders.js";
import type { ReminderScheduler } from "../../src/core/ports.js";
import type { MeetingDraft } from "../../src/domain/meetings.js";
import { parseReminderOffsets } from "../../src/domain/reminders.js";
import { wallClockToInstant } from "../../src/domain/meeting-time.js";
import { FakeSlack } from "../../dev/fake-slack/server.js";
import { createLogger } from "../../src/core/logger.js";
import { cancelMeeting, createMeeting, updateMeeting } from "../../src/services/meetings.js";
import { deadNoticeMessage } from "../../src/views/outbox.js";
import { deadReminderCount, deadSummary, listReminders, OutboxRetryError, retryDeadReminders, runDeadNoticeCheck } from "../../src/services/outbox-admin.js";
import { closeDb, testDb, truncateAll } from "../helpers/db.js";

const db = testDb();
let fake: FakeSlack;
let deps: ReminderDeps;
const NETWORK = "C0NETWORK";
const GROUP_CHANNEL = "C0SLUSSA";
let groupId: number;

beforeAll(async () => {
  fake = await FakeSlack.start();
  deps = { db, slack: new WebClient("xoxb-test", { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } }), log: createLogger("silent"), networkChannel: NETWORK };
});
afterAll(async () => {
  await fake.close();
  await closeDb(db);
});
beforeEach(async () => {
  await truncateAll(db);
  fake.reset();
  groupId = (await db.workingGroup.create({ data: { name: "Slussa vidare", slug: "slussa-vidare", channel: GROUP_CHANNEL } })).id;
});

const at = (date: string, time: string): Date => {
  const d = wallClockToInstant(date, time);
  if (!d) throw new Error(`no such time ${date} ${time}`);
  return d;
};
const plusMs = (d: Date, ms: number) => new Date(d.getTime() + ms);
const draft = (date: string, start: string, end: string, over: Partial<MeetingDraft> = {}): MeetingDraft => ({
  kind: "working_group",
  title: "Slussa vidare",
  theme: null,
  groupId,
  startsAt: at(date, start),
  endsAt: at(date, end),
  place: "Nybrogatan 79 B",
  registration: "Anmäl till manniskohandel@gmail.com",
  registrationDeadline: null,
  ...over,
});
const iso = (rows: { key: string; dueAt: Date }[]) => Object.fromEntries(rows.map((r) => [r.key, r.dueAt.toISOString()]));
const pendingRows = (meetingId: number) => db.meetingReminder.findMany({ where: { meetingId, status: "pending" }, orderBy: { dueAt: "asc" } });
const posts = (channel: string) => fake.callsTo("chat.postMessage").filter((c) => c.args.channel === channel && c.ok);

describe("reminder instants", () => {
  const created = new Date("2026-03-01T12:00:00Z");

  it("7d@09:00 and 1d@09:00 before a meeting the day after spring forward (2026-03-29)", async () => {
    const { meetingId } = await createMeeting(db, { draft: draft("2026-03-30", "10:00", "12:00"), createdBy: "U0CREATOR", submissionKey: null }, parseReminderOffsets("7d@09:00,1d@09:00"), created);
    expect(iso(await pendingRows(meetingId))).toEqual({
      "7d@0900": "2026-03-23T08:00:00.000Z", // 09:00 CET
      "1d@0900": "2026-03-29T07:00:00.000Z", // 09:00 CEST, the first day of summer time
    });
  });

  it("1d (same wall-clock time) and 24h differ by the DST hour; 2h counts real time through the gap", async () => {
    const { meetingId } = await createMeeting(db, { draft: draft("2026-03-29", "10:00", "12:00"), createdBy: "U0CREATOR", submissionKey: null }, parseReminderOffsets("1d,24h"), created);
    expect(iso(await pendingRows(meetingId))).toEqual({ "1d": "2026-03-28T09:00:00.000Z", "24h": "2026-03-28T08:00:00.000Z" });
    const early = await createMeeting(db, { draft: draft("2026-03-29", "03:30", "05:00"), createdBy: "U0CREATOR", submissionKey: null }, parseReminderOffsets("2h"), created);
    // 03:30 CEST = 01:30Z; two real hours earlier is 23:30Z = 00:30 CET on the 29th.
    expect(iso(await pendingRows(early.meetingId))).toEqual({ "2h": "2026-03-28T23:30:00.000Z" });
  });

  it("across the autumn change (2026-10-25), with the registration deadline reminder", async () => {
    const { meetingId } = await createMeeting(
      db,
      { draft: draft("2026-10-26", "10:00", "12:00", { registrationDeadline: "2026-10-26" }), createdBy: "U0CREATOR", submissionKey: null },
      parseReminderOffsets("7d@09:00,1d@09:00,1d"),
      created,
    );
    expect(iso(await pendingRows(meetingId))).toEqual({
      "7d@0900": "2026-10-19T07:00:00.000Z", // CEST
      "1d@0900": "2026-10-25T08:00:00.000Z", // CET, the first day of winter time
      deadline: "2026-10-25T08:00:00.000Z", // the day before the deadline at 09:00 (a different message: kept)
      "1d": "2026-10-25T09:00:00.000Z", // 10:00 CET
    });
  });

  it("at midnight: a meeting at 00:00 and one at 00:30", async () => {
    const midnight = await createMeeting(db, { draft: draft("2026-11-02", "00:00", "02:00"), createdBy: "U0CREATOR", submissionKey: null }, parseReminderOffsets("1d@09:00,0d@00:00,30m"), created);
    // 0d@00:00 would be due at the start itself and is dropped.
    expect(iso(await pendingRows(midnight.meetingId))).toEqual({ "1d@0900": "2026-11-01T08:00:00.000Z", "30m": "2026-11-01T22:30:00.000Z" });
    const late = await createMeeting(db, { draft: draft("2026-06-01", "00:30", "01:30"), createdBy: "U0CREATOR", submissionKey: null }, parseReminderOffsets("1h"), created);
    expect(iso(await pendingRows(late.meetingId))).toEqual({ "1h": "2026-05-31T21:30:00.000Z" }); // 23:30 CEST the day before
  });

  it("does not plan reminders that are already due when the meeting is created", async () => {
    const now = new Date("2026-03-26T12:00:00Z");
    const { meetingId, reminders } = await createMeeting(db, { draft: draft("2026-03-30", "10:00", "12:00"), createdBy: "U0CREATOR", submissionKey: null }, parseReminderOffsets("7d@09:00,1d@09:00"), now);
    expect(reminders).toHaveLength(1);
    expect(iso(await pendingRows(meetingId))).toEqual({ "1d@0900": "2026-03-29T07:00:00.000Z" });
  });
});

describe("sending", () => {
  const created = new Date("2026-03-01T12:00:00Z");
  const offsets = parseReminderOffsets("7d@09:00,1d@09:00");

  it("sends at dueAt (not a millisecond before), once, to the group's channel", async () => {
    const { meetingId } = await createMeeting(db, { draft: draft("2026-03-30", "10:00", "12:00"), createdBy: "U0CREATOR", submissionKey: null }, offsets, created);
    const [first, second] = await pendingRows(meetingId);
    if (!first || !second) throw new Error("two reminders expected");
    expect(await deliverReminder(deps, first.id, plusMs(first.dueAt, -1))).toBe("not_due");
    expect(await deliverReminder(deps, first.id, first.dueAt)).toBe("sent");
    expect(await deliverReminder(deps, first.id, plusMs(first.dueAt, 1000))).toBe("gone");
    expect(await deliverReminder(deps, second.id, plusMs(second.dueAt, 30_000))).toBe("sent");
    const sent = posts(GROUP_CHANNEL);
    expect(sent).toHaveLength(2);
    expect(JSON.stringify(sent[0]?.args)).toContain("om 7 dagar");
    expect(JSON.stringify(sent[1]?.args)).toContain("i morgon");
    expect(JSON.stringify(sent[1]?.args)).toContain("2026-03-30 10:00–12:00");
    expect(JSON.stringify(sent[1]?.args)).not.toContain("försenad");
    const rows = await db.meetingReminder.findMany({ where: { meetingId }, orderBy: { dueAt: "asc" } });
    expect(rows.map((r) => [r.status, r.late, r.channel])).toEqual([
      ["sent", false, GROUP_CHANNEL],
      ["sent", false, GROUP_CHANNEL],
    ]);
  });

  it("a whole-network meeting goes to the network channel; a late one says so", async () => {
    const { meetingId } = await createMeeting(db, { draft: draft("2026-03-30", "10:00", "12:00", { groupId: null }), createdBy: "U0CREATOR", submissionKey: null }, offsets, created);
    const [first] = await pendingRows(meetingId);
    if (!first) throw new Error("reminder expected");
    expect(await deliverReminder(deps, first.id, plusMs(first.dueAt, 3 * 3600_000))).toBe("sent");
    expect(posts(NETWORK)).toHaveLength(1);
    expect(JSON.stringify(posts(NETWORK)[0]?.args)).toContain("(försenad påminnelse)");
    expect((await db.meetingReminder.findUniqueOrThrow({ where: { id: first.id } })).late).toBe(true);
  });

  it("never for a started meeting: reconcile marks it skipped", async () => {
    const { meetingId } = await createMeeting(db, { draft: draft("2026-03-30", "10:00", "12:00"), createdBy: "U0CREATOR", submissionKey: null }, offsets, created);
    const scheduled: number[] = [];
    const scheduler: ReminderScheduler = { schedule: async (rows) => void scheduled.push(...rows.map((r) => r.id)) };
    const r = await reconcileReminders(db, scheduler, at("2026-03-30", "10:00"));
    expect(r).toMatchObject({ skipped: 2, queued: 0 });
    expect(scheduled).toEqual([]);
    const [row] = await db.meetingReminder.findMany({ where: { meetingId } });
    expect(await deliverReminder(deps, row?.id ?? 0, at("2026-03-30", "10:00"))).toBe("gone");
    expect(fake.callsTo("chat.postMessage")).toHaveLength(0);
  });

  it("a worker that claims a reminder after the meeting started skips it", async () => {
    const { meetingId } = await createMeeting(db, { draft: draft("2026-03-30", "10:00", "12:00"), createdBy: "U0CREATOR", submissionKey: null }, offsets, created);
    const [first] = await pendingRows(meetingId);
    expect(await deliverReminder(deps, first?.id ?? 0, at("2026-03-30", "10:01"))).toBe("skipped");
    expect(fake.callsTo("chat.postMessage")).toHaveLength(0);
  });

  it("reconcile queues overdue and near reminders, not far ones", async () => {
    const { meetingId } = await createMeeting(db, { draft: draft("2026-03-30", "10:00", "12:00"), createdBy: "U0CREATOR", submissionKey: null }, offsets, created);
    const rows = await pendingRows(meetingId);
    const seen: number[] = [];
    const scheduler: ReminderScheduler = { schedule: async (list) => void seen.push(...list.map((r) => r.id)) };
    await reconcileReminders(db, scheduler, new Date("2026-03-22T12:00:00Z"));
    expect(seen).toEqual([rows[0]?.id]); // 7d due in 20 h; 1d in a week
    seen.length = 0;
    await reconcileReminders(db, scheduler, new Date("2026-03-28T12:00:00Z"));
    expect(seen).toEqual(rows.map((r) => r.id)); // 7d overdue, 1d within 24 h
  });
});

describe("edits and cancellations", () => {
  const created = new Date("2026-03-01T12:00:00Z");
  const offsets = parseReminderOffsets("7d@09:00,1d@09:00");

  async function deliverOutbox(): Promise<void> {
    for (const row of await db.outboxMessage.findMany({ where: { status: "pending" }, orderBy: { id: "asc" } })) {
      await deliverOutboxRow({ db, slack: deps.slack, log: deps.log, coordinatorChannel: "C0COORD", networkChannel: NETWORK }, row.id);
    }
  }

  it("an edit after the 7-day reminder went out moves the rest and refreshes the sent message", async () => {
    const { meetingId } = await createMeeting(db, { draft: draft("2026-10-26", "10:00", "12:00"), createdBy: "U0CREATOR", submissionKey: null }, offsets, created);
    const [week, day] = await pendingRows(meetingId);
    if (!week || !day) throw new Error("two reminders expected");
    expect(await deliverReminder(deps, week.id, week.dueAt)).toBe("sent");
    const sentTs = posts(GROUP_CHANNEL)[0]?.response as { ts: string };

    // Two days later the meeting moves from Monday 26 to Wednesday 28 October, 13:00.
    const editNow = new Date("2026-10-21T10:00:00Z");
    const res = await updateMeeting(db, { meetingId, expectedSequence: 0, draft: draft("2026-10-28", "13:00", "15:00") }, offsets, editNow);
    if (!res.ok) throw new Error(res.reason);
    expect(await db.meetingReminder.findUniqueOrThrow({ where: { id: day.id } })).toMatchObject({ status: "cancelled" });
    // The new 7-day reminder (2026-10-21 09:00 CEST = 07:00Z) is already due at editNow: not sent again.
    expect(iso(await pendingRows(meetingId))).toEqual({ "1d@0900": "2026-10-27T08:00:00.000Z" });
    expect(await deliverReminder(deps, day.id, day.dueAt)).toBe("gone"); // the old job finds its row cancelled

    await deliverOutbox();
    const changed = posts(GROUP_CHANNEL).filter((c) => JSON.stringify(c.args).includes("Ändrat"));
    expect(changed).toHaveLength(1);
    expect(JSON.stringify(changed[0]?.args)).toContain("2026-10-28 13:00–15:00");
    const updates = fake.callsTo("chat.update").filter((c) => c.ok);
    expect(updates).toHaveLength(1);
    expect(updates[0]?.args).toMatchObject({ channel: GROUP_CHANNEL, ts: sentTs.ts });
    expect(JSON.stringify(updates[0]?.args)).toContain("2026-10-28 13:00–15:00");

    // A stale modal (sequence 0) cannot overwrite the edit.
    expect(await updateMeeting(db, { meetingId, expectedSequence: 0, draft: draft("2026-10-29", "13:00", "15:00") }, offsets, editNow)).toEqual({ ok: false, reason: "changed" });
  });

  it("an edit of the title only refreshes sent messages without an 'Ändrat' post", async () => {
    const { meetingId } = await createMeeting(db, { draft: draft("2026-10-26", "10:00", "12:00"), createdBy: "U0CREATOR", submissionKey: null }, offsets, created);
    const [week] = await pendingRows(meetingId);
    await deliverReminder(deps, week?.id ?? 0, week?.dueAt);
    const res = await updateMeeting(db, { meetingId, expectedSequence: 0, draft: draft("2026-10-26", "10:00", "12:00", { title: "Slussa vidare (ny rubrik)" }) }, offsets, new Date("2026-10-20T10:00:00Z"));
    expect(res.ok && res.reminders).toHaveLength(1);
    await deliverOutbox();
    expect(posts(GROUP_CHANNEL)).toHaveLength(1);
    expect(JSON.stringify(fake.callsTo("chat.update")[0]?.args)).toContain("ny rubrik");
  });

  it("cancelling after a reminder went out removes the rest and posts a cancellation once", async () => {
    const { meetingId } = await createMeeting(db, { draft: draft("2026-03-30", "10:00", "12:00"), createdBy: "U0CREATOR", submissionKey: null }, offsets, created);
    const [week, day] = await pendingRows(meetingId);
    await deliverReminder(deps, week?.id ?? 0, week?.dueAt);
    const cancelled = await cancelMeeting(db, { meetingId, actor: "U0CREATOR" }, new Date("2026-03-24T10:00:00Z"));
    const queued = await db.outboxMessage.findMany({ where: { id: { in: cancelled.ok ? cancelled.outboxIds : [] } }, orderBy: { id: "asc" } });
    // The notice, the refresh of the sent reminder, and the Homes that listed the meeting.
    expect(queued.map((o) => o.kind)).toEqual(["meeting_cancelled", "meeting_reminder_refresh", "home_refresh_group"]);
    expect(await cancelMeeting(db, { meetingId, actor: "U0CREATOR" })).toEqual({ ok: false, reason: "cancelled" });
    expect(await deliverReminder(deps, day?.id ?? 0, day?.dueAt)).toBe("gone");
    await deliverOutbox();
    expect(posts(GROUP_CHANNEL).map((c) => String(c.args.text))).toEqual([expect.stringContaining("Påminnelse"), expect.stringContaining("Inställt")]);
    const update = fake.callsTo("chat.update")[0];
    expect(JSON.stringify(update?.args)).toContain("Inställt");
    expect(JSON.stringify(update?.args)).not.toContain("meeting_rsvp_yes");
  });

  it("cancelling before any reminder went out posts nothing", async () => {
    const { meetingId } = await createMeeting(db, { draft: draft("2026-03-30", "10:00", "12:00"), createdBy: "U0CREATOR", submissionKey: null }, offsets, created);
    const cancelled = await cancelMeeting(db, { meetingId, actor: "U0CREATOR" });
    const queued = await db.outboxMessage.findMany({ where: { id: { in: cancelled.ok ? cancelled.outboxIds : [] } } });
    expect(queued.map((o) => o.kind)).toEqual(["home_refresh_group"]); // no channel notice, only the Homes
    const scheduler: ReminderScheduler = { schedule: async () => undefined };
    await reconcileReminders(db, scheduler, new Date("2026-03-29T12:00:00Z"));
    for (const r of await db.meetingReminder.findMany({ where: { meetingId } })) {
      expect(r.status).toBe("cancelled");
      expect(await deliverReminder(deps, r.id, r.dueAt)).toBe("gone");
    }
    expect(fake.callsTo("chat.postMessage")).toHaveLength(0);
  });
});

// Issue #10, item 2: "a failure of Slack never loses a reminder". Before, a reminder ended as
// `failed` after its last attempt (or was retried for its whole budget on an error no retry can
// fix), counted nowhere and with no way back. Now it is dead: listed, counted by /healthz and the
// daily admin notice, and `reminders retry` sends it (late) as long as the meeting has not started.
describe("a failure of Slack never loses a reminder", () => {
  const created = new Date("2026-03-01T12:00:00Z");
  const offsets = parseReminderOffsets("7d@09:00,1d@09:00");
  const noQueue: ReminderScheduler = { schedule: async () => undefined };

  it("retries running out make it dead (visible, counted); retry sends it once, marked late", async () => {
    const { meetingId } = await createMeeting(db, { draft: draft("2026-03-30", "10:00", "12:00"), createdBy: "U0CREATOR", submissionKey: null }, offsets, created);
    const [week] = await pendingRows(meetingId);
    if (!week) throw new Error("reminder expected");
    await db.meetingReminder.update({ where: { id: week.id }, data: { attempts: MAX_REMINDER_ATTEMPTS - 1 } });
    fake.failNext("chat.postMessage", { error: "internal_error" });
    expect(await deliverReminder(deps, week.id, week.dueAt)).toBe("dead");
    const dead = await db.meetingReminder.findUniqueOrThrow({ where: { id: week.id } });
    expect([dead.status, dead.attempts, dead.lastError, dead.deadAt !== null, dead.claimedAt]).toEqual(["dead", MAX_REMINDER_ATTEMPTS, "internal_error", true, null]);

    // Visible: listed (ids, codes and times only), counted for /healthz and the daily notice.
    expect(await listReminders(db, { dead: true })).toEqual([
      { id: week.id, meetingId, key: "7d@0900", status: "dead", attempts: MAX_REMINDER_ATTEMPTS, lastError: "internal_error", dueAt: week.dueAt.toISOString(), deadAt: dead.deadAt?.toISOString(), meetingStartsAt: at("2026-03-30", "10:00").toISOString() },
    ]);
    expect(await deadReminderCount(db)).toBe(1);
    expect((await deadSummary(db)).kinds).toEqual([{ kind: "meeting_reminder", count: 1 }]);
    expect(JSON.stringify(deadNoticeMessage(await deadSummary(db)).blocks)).toContain("npm run admin -- reminders retry --all");
    const org = await db.organisation.create({ data: { name: "Nätverket" } });
    await db.member.create({ data: { slackUserId: "U0ADMIN", orgId: org.id, role: "admin" } });
    expect(await runDeadNoticeCheck(db, plusMs(week.dueAt, 3600_000))).toHaveLength(1);

    // Not retried by itself, not skipped while the meeting is still ahead.
    const seen: number[] = [];
    await reconcileReminders(db, { schedule: async (rows) => void seen.push(...rows.map((r) => r.id)) }, plusMs(week.dueAt, 3600_000));
    expect(seen).not.toContain(week.id);
    expect((await db.meetingReminder.findUniqueOrThrow({ where: { id: week.id } })).status).toBe("dead");

    // Slack is back; the operator re-drives it; the reconcile queues it and it goes out once, late.
    expect(await retryDeadReminders(db, { id: week.id }, plusMs(week.dueAt, 2 * 3600_000))).toEqual([week.id]);
    await reconcileReminders(db, { schedule: async (rows) => void seen.push(...rows.map((r) => r.id)) }, plusMs(week.dueAt, 2 * 3600_000));
    expect(seen).toContain(week.id);
    expect(await deliverReminder(deps, week.id, plusMs(week.dueAt, 2 * 3600_000))).toBe("sent");
    expect(await deliverReminder(deps, week.id, plusMs(week.dueAt, 2 * 3600_000))).toBe("gone");
    expect(posts(GROUP_CHANNEL)).toHaveLength(1);
    expect(JSON.stringify(posts(GROUP_CHANNEL)[0]?.args)).toContain("(försenad påminnelse)");
    expect(await deadReminderCount(db)).toBe(0);
    await expect(retryDeadReminders(db, { id: week.id })).rejects.toThrow(/inte död/);
  });

  it("an error no retry can fix (channel_not_found) makes it dead at once", async () => {
    const { meetingId } = await createMeeting(db, { draft: draft("2026-03-30", "10:00", "12:00"), createdBy: "U0CREATOR", submissionKey: null }, offsets, created);
    const [week] = await pendingRows(meetingId);
    if (!week) throw new Error("reminder expected");
    fake.failNext("chat.postMessage", { error: "channel_not_found" });
    expect(await deliverReminder(deps, week.id, week.dueAt)).toBe("dead");
    expect(await db.meetingReminder.findUniqueOrThrow({ where: { id: week.id } })).toMatchObject({ status: "dead", attempts: 1, lastError: "channel_not_found" });
    // A transient error still leaves it pending for the next attempt.
    const [, day] = await db.meetingReminder.findMany({ where: { meetingId }, orderBy: { dueAt: "asc" } });
    fake.failNext("chat.postMessage", { error: "internal_error" });
    await expect(deliverReminder(deps, day?.id ?? 0, day?.dueAt)).rejects.toThrow();
    expect(await db.meetingReminder.findUniqueOrThrow({ where: { id: day?.id ?? 0 } })).toMatchObject({ status: "pending", attempts: 1 });
  });

  it("a dead reminder of a meeting that has started is skipped, and retry refuses it", async () => {
    const { meetingId } = await createMeeting(db, { draft: draft("2026-03-30", "10:00", "12:00"), createdBy: "U0CREATOR", submissionKey: null }, offsets, created);
    const [week, day] = await pendingRows(meetingId);
    if (!week || !day) throw new Error("two reminders expected");
    fake.failNext("chat.postMessage", { error: "not_in_channel", times: 2 });
    expect(await deliverReminder(deps, week.id, week.dueAt)).toBe("dead");
    expect(await deliverReminder(deps, day.id, day.dueAt)).toBe("dead");
    const started = at("2026-03-30", "10:00");
    await expect(retryDeadReminders(db, { id: week.id }, started)).rejects.toThrow(OutboxRetryError);
    await expect(retryDeadReminders(db, { id: week.id }, started)).rejects.toThrow(/har redan börjat/);
    expect(await retryDeadReminders(db, { all: true }, started)).toEqual([]); // nothing to send any more
    expect((await reconcileReminders(db, noQueue, started)).skipped).toBe(2);
    expect((await db.meetingReminder.findMany({ where: { meetingId } })).map((r) => r.status)).toEqual(["skipped", "skipped"]);
    expect(await deadReminderCount(db)).toBe(0);
    expect(fake.callsTo("chat.postMessage").filter((c) => c.ok)).toHaveLength(0);
  });

  it("a dead reminder of a cancelled meeting is cancelled by the reconcile", async () => {
    const { meetingId } = await createMeeting(db, { draft: draft("2026-03-30", "10:00", "12:00"), createdBy: "U0CREATOR", submissionKey: null }, offsets, created);
    const [week] = await pendingRows(meetingId);
    fake.failNext("chat.postMessage", { error: "is_archived" });
    expect(await deliverReminder(deps, week?.id ?? 0, week?.dueAt)).toBe("dead");
    await cancelMeeting(db, { meetingId, actor: "U0CREATOR" }, new Date("2026-03-24T10:00:00Z"));
    await reconcileReminders(db, noQueue, new Date("2026-03-24T10:01:00Z"));
    expect((await db.meetingReminder.findUniqueOrThrow({ where: { id: week?.id ?? 0 } })).status).toBe("cancelled");
  });
});
