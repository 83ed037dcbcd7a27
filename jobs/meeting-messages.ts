// Outbox messages about meetings (rendered from the database at send time, like every outbox
// row): "Ändrat" and "Inställt" posted to the meeting's channel, and chat.update of a reminder
// already sent so it shows the current details and answers (no buttons once cancelled).
import type { OutboxKind } from "../src/domain/outbox.js";
import { loadMeeting, meetingChannel, rsvpSummary } from "../src/services/meetings.js";
import { meetingCancelledMessage, meetingChangedMessage, reminderMessage } from "../src/views/meetings.js";
import type { ClaimedRow, DeliveryDeps, Send } from "./deliver-slack-message.js";

export const MEETING_OUTBOX_KINDS = ["meeting_cancelled", "meeting_changed", "meeting_reminder_refresh"] as const satisfies readonly OutboxKind[];
export type MeetingOutboxKind = (typeof MEETING_OUTBOX_KINDS)[number];

export function isMeetingOutboxKind(kind: OutboxKind): kind is MeetingOutboxKind {
  return (MEETING_OUTBOX_KINDS as readonly string[]).includes(kind);
}

export async function planMeetingMessage(deps: DeliveryDeps, row: ClaimedRow, kind: MeetingOutboxKind): Promise<Send> {
  if (row.refId === null) throw new Error(`${kind} without ref`);
  const networkChannel = deps.networkChannel ?? deps.coordinatorChannel;
  if (kind === "meeting_reminder_refresh") {
    const reminder = await deps.db.meetingReminder.findUnique({ where: { id: row.refId } });
    if (!reminder?.channel || !reminder.ts) throw new Error(`reminder ${row.refId} has no message`);
    const meeting = await loadMeeting(deps.db, reminder.meetingId);
    if (!meeting) throw new Error(`meeting ${reminder.meetingId} not found`);
    const message = reminderMessage(meeting, reminder, await rsvpSummary(deps.db, meeting.id));
    return { method: "update", channel: reminder.channel, ts: reminder.ts, message };
  }
  const meeting = await loadMeeting(deps.db, row.refId);
  if (!meeting) throw new Error(`meeting ${row.refId} not found`);
  const message = kind === "meeting_cancelled" ? meetingCancelledMessage(meeting) : meetingChangedMessage(meeting);
  return { method: "post", channel: meetingChannel(meeting, networkChannel), message };
}
