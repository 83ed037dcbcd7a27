// The meeting modal's submit (new or edit): the role re-checked from the clicking user's id,
// every field validated with the error next to it (Swedish), then the meeting and its reminder
// rows stored in one transaction before the ack. The delayed jobs and outbox rows are queued after
// the ack; if Redis is down the sweep queues them.
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { DEFAULT_MEETING_REMINDERS, parseReminderOffsets } from "../../domain/reminders.js";
import { validateMeetingForm, type MeetingField, type MeetingFormInput } from "../../domain/meetings.js";
import { MEETING_BLOCK as B } from "../../core/ids.js";
import { groupIds } from "../../services/groups.js";
import { findActor } from "../../services/members.js";
import { canManageMeeting, createMeeting, dateOnly, loadMeeting, updateMeeting, type MeetingWithGroup, type ScheduledReminder } from "../../services/meetings.js";
import { noticeModal } from "../../views/blocks.js";
import { checkFields } from "../../views/fields.js";
import { MEETING_FIELDS, meetingMetadata, meetingSavedModal } from "../../views/meetings.js";
import { parseMetadata, readState, type StateValues } from "../../views/state.js";
import { errorMessage, type ListenerDeps } from "../shared/deps.js";
import { NOT_MEETING_MANAGER_TEXT, NOT_REGISTERED_MEETING_TEXT } from "../shared/texts.js";

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const DEFAULT_OFFSETS = parseReminderOffsets(DEFAULT_MEETING_REMINDERS);
/** Also imported from here by tests/meetings/slack-flow.test.ts. */
export { NOT_MEETING_MANAGER_TEXT };
const REFUSED: Record<"missing" | "cancelled" | "changed", string> = {
  missing: "Mötet finns inte längre.",
  cancelled: "Mötet har ställts in och kan inte ändras.",
  changed: "Någon annan ändrade mötet under tiden. Stäng och öppna det igen från `/nsp möten`.",
};

export function readMeetingForm(values: StateValues): MeetingFormInput {
  return {
    kind: readState.selected(values, B.kind),
    title: readState.text(values, B.title),
    theme: readState.text(values, B.theme),
    group: readState.selected(values, B.group),
    date: readState.date(values, B.date),
    endDate: readState.date(values, B.endDate),
    start: readState.time(values, B.start),
    end: readState.time(values, B.end),
    place: readState.text(values, B.place),
    registration: readState.text(values, B.registration),
    deadline: readState.date(values, B.deadline),
  };
}

const blockErrors = (errors: Partial<Record<MeetingField, string>>): Record<string, string> =>
  Object.fromEntries(Object.entries(errors).map(([field, text]) => [B[field as MeetingField], text]));

export function meetingSubmitted(deps: ListenerDeps) {
  const offsets = deps.meetingReminders ?? DEFAULT_OFFSETS;
  return async ({ ack, body, view }: Args): Promise<void> => {
    let scheduled: ScheduledReminder[] = [];
    let outboxIds: number[] = [];
    try {
      const meta = parseMetadata(meetingMetadata, view.private_metadata);
      if (!meta.success) return void (await ack({ response_action: "update", view: noticeModal("Fel", "Formuläret kunde inte läsas. Kör `/nsp möte ny` igen.") }));
      const actor = await findActor(deps.db, body.user.id);
      const existing: MeetingWithGroup | null = meta.data ? await loadMeeting(deps.db, meta.data.meetingId) : null;
      if (meta.data && !existing) return void (await ack({ response_action: "update", view: noticeModal("Ändra möte", REFUSED.missing) }));
      if (existing ? !canManageMeeting(actor, existing) : !actor) {
        return void (await ack({ response_action: "errors", errors: { [B.title]: existing ? NOT_MEETING_MANAGER_TEXT : NOT_REGISTERED_MEETING_TEXT } }));
      }
      const invalid = checkFields(view.state.values, MEETING_FIELDS);
      if (invalid) return void (await ack({ response_action: "errors", errors: invalid }));
      const now = new Date();
      const previous = existing ? { ...existing, registrationDeadline: dateOnly(existing.registrationDeadline) } : undefined;
      const result = validateMeetingForm(readMeetingForm(view.state.values), { now, groupIds: await groupIds(deps.db), previous });
      if (!result.ok) return void (await ack({ response_action: "errors", errors: blockErrors(result.errors) }));
      let meetingId: number;
      if (existing && meta.data) {
        const updated = await updateMeeting(deps.db, { meetingId: existing.id, expectedSequence: meta.data.sequence, draft: result.draft }, offsets, now);
        if (!updated.ok) return void (await ack({ response_action: "errors", errors: { [B.title]: REFUSED[updated.reason] } }));
        ({ reminders: scheduled, outboxIds } = updated);
        meetingId = existing.id;
      } else {
        const created = await createMeeting(deps.db, { draft: result.draft, createdBy: body.user.id, submissionKey: view.id }, offsets, now);
        ({ meetingId, reminders: scheduled, outboxIds } = created);
      }
      const saved = await loadMeeting(deps.db, meetingId);
      await ack(saved ? { response_action: "update", view: meetingSavedModal(saved, existing !== null, scheduled.map((r) => r.dueAt)) } : undefined);
      deps.log.info({ actor: body.user.id, meetingId, edited: existing !== null, reminders: scheduled.length }, "meeting saved");
    } catch (err) {
      deps.log.error({ user: body.user.id, error: errorMessage(err) }, "meeting submit failed");
      return void (await ack({ response_action: "errors", errors: { [B.title]: "Mötet kunde inte sparas just nu. Inget har ändrats – försök igen." } }));
    }
    await deps.reminders?.schedule(scheduled);
    await deps.dispatcher.dispatch(outboxIds);
  };
}
