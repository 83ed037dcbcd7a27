// Outbox messages about meetings (rendered from the database at send time, like every outbox
// row): "Ändrat" and "Inställt" posted to the meeting's channel, and chat.update of a reminder
// already sent so it shows the current details and answers (no buttons once cancelled); the
// announcement of a new meeting (issue #15) and its update after an edit or cancellation.
import type { MeetingOutboxKind } from "../src/domain/outbox.js";
import { loadMeeting, meetingChannel, rsvpSummary, sentAnnouncement } from "../src/services/meetings.js";
import { announcementMessage, meetingCancelledMessage, meetingChangedMessage, reminderMessage } from "../src/views/meetings.js";
import type { ClaimedRow, DeliveryDeps, Renderer, Send } from "./delivery-types.js";

async function meetingNotice(deps: DeliveryDeps, row: ClaimedRow, kind: "meeting_cancelled" | "meeting_changed"): Promise<Send> {
  if (row.refId === null) throw new Error(`${kind} without ref`);
  const meeting = await loadMeeting(deps.db, row.refId);
  if (!meeting) throw new Error(`meeting ${row.refId} not found`);
  const message = kind === "meeting_cancelled" ? meetingCancelledMessage(meeting) : meetingChangedMessage(meeting);
  return { method: "post", channel: meetingChannel(meeting, deps.networkChannel ?? deps.coordinatorChannel), message };
}

export const MEETING_RENDERERS = {
  meeting_cancelled: (deps, row) => meetingNotice(deps, row, "meeting_cancelled"),
  meeting_changed: (deps, row) => meetingNotice(deps, row, "meeting_changed"),
  meeting_reminder_refresh: async (deps, row) => {
    if (row.refId === null) throw new Error("meeting_reminder_refresh without ref");
    const reminder = await deps.db.meetingReminder.findUnique({ where: { id: row.refId } });
    if (!reminder?.channel || !reminder.ts) throw new Error(`reminder ${row.refId} has no message`);
    const meeting = await loadMeeting(deps.db, reminder.meetingId);
    if (!meeting) throw new Error(`meeting ${reminder.meetingId} not found`);
    const message = reminderMessage(meeting, reminder, await rsvpSummary(deps.db, meeting.id));
    return { method: "update", channel: reminder.channel, ts: reminder.ts, message };
  },
  // Posted once, to the meeting's channel; a meeting cancelled or started before it went out is not announced.
  meeting_announced: async (deps, row) => {
    if (row.refId === null) throw new Error("meeting_announced without ref");
    const meeting = await loadMeeting(deps.db, row.refId);
    if (!meeting) throw new Error(`meeting ${row.refId} not found`);
    if (meeting.cancelledAt) return { method: "none", reason: "the meeting was cancelled before its announcement went out" };
    if (meeting.startsAt <= new Date()) return { method: "none", reason: "the meeting started before its announcement went out" };
    const message = announcementMessage(meeting, await rsvpSummary(deps.db, meeting.id));
    return { method: "post", channel: meetingChannel(meeting, deps.networkChannel ?? deps.coordinatorChannel), message };
  },
  meeting_announcement_refresh: async (deps, row) => {
    if (row.refId === null) throw new Error("meeting_announcement_refresh without ref");
    const [meeting, sent] = await Promise.all([loadMeeting(deps.db, row.refId), sentAnnouncement(deps.db, row.refId)]);
    if (!meeting) throw new Error(`meeting ${row.refId} not found`);
    if (!sent) return { method: "none", reason: "the meeting's announcement was never posted" };
    return { method: "update", channel: sent.channel, ts: sent.ts, message: announcementMessage(meeting, await rsvpSummary(deps.db, meeting.id)) };
  },
} satisfies Record<MeetingOutboxKind, Renderer>;
