// The meeting modal's submit (new or edit): the declared limits checked first (no lookup), then
// the role re-checked from the clicking user's id, every field validated with the error next to it
// (Swedish), then the meeting and its reminder rows stored in one transaction before the ack. The
// delayed jobs and outbox rows are queued after the ack; if Redis is down the sweep queues them.
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewOutput, ViewSubmitAction } from "@slack/bolt";
import { DEFAULT_MEETING_REMINDERS, parseReminderOffsets, type ReminderOffset } from "../../domain/reminders.js";
import { validateMeetingForm, type MeetingDraft, type MeetingField, type MeetingFormInput } from "../../domain/meetings.js";
import { MEETING_BLOCK as B } from "../../core/ids.js";
import { groupIds } from "../../services/groups.js";
import { findActor } from "../../services/members.js";
import { canManageMeeting, createMeeting, dateOnly, loadMeeting, updateMeeting, type MeetingWithGroup, type ScheduledReminder } from "../../services/meetings.js";
import { checkFields } from "../../views/fields.js";
import { MEETING_FIELDS, meetingMetadata, meetingSavedModal } from "../../views/meetings.js";
import { parseMetadata, readState, type StateValues } from "../../views/state.js";
import { errorMessage, type ListenerDeps } from "../common/deps.js";
import { NOT_MEETING_MANAGER_TEXT, NOT_REGISTERED_MEETING_TEXT } from "../common/texts.js";
import { type Checked, type Errors, errorsAnswer, noticeAnswer, refuse } from "./answers.js";

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

const blockErrors = (errors: Partial<Record<MeetingField, string>>): Errors =>
  Object.fromEntries(Object.entries(errors).map(([field, text]) => [B[field as MeetingField], text]));

type Edit = { meetingId: number; sequence: number } | null;

/** Parse: the metadata and the declared limits; nothing is looked up. */
export function parseMeetingSubmission(view: ViewOutput): Checked<{ edit: Edit }> {
  const meta = parseMetadata(meetingMetadata, view.private_metadata);
  if (!meta.success) return refuse(noticeAnswer("Fel", "Formuläret kunde inte läsas. Kör `/nsp möte ny` igen."));
  const invalid = checkFields(view.state.values, MEETING_FIELDS);
  if (invalid) return refuse(errorsAnswer(invalid));
  return { ok: true, data: { edit: meta.data } };
}

interface CheckedMeeting {
  existing: MeetingWithGroup | null;
  draft: MeetingDraft;
}

/** The role (re-checked from the clicking user's id) and the form's rules, against the stored meeting and groups. */
async function checkMeeting(deps: ListenerDeps, userId: string, edit: Edit, values: StateValues, now: Date): Promise<Checked<CheckedMeeting>> {
  const actor = await findActor(deps.db, userId);
  const existing = edit ? await loadMeeting(deps.db, edit.meetingId) : null;
  if (edit && !existing) return refuse(noticeAnswer("Ändra möte", REFUSED.missing));
  if (existing ? !canManageMeeting(actor, existing) : !actor) {
    return refuse(errorsAnswer({ [B.title]: existing ? NOT_MEETING_MANAGER_TEXT : NOT_REGISTERED_MEETING_TEXT }));
  }
  const previous = existing ? { ...existing, registrationDeadline: dateOnly(existing.registrationDeadline) } : undefined;
  const result = validateMeetingForm(readMeetingForm(values), { now, groupIds: await groupIds(deps.db), previous });
  return result.ok ? { ok: true, data: { existing, draft: result.draft } } : refuse(errorsAnswer(blockErrors(result.errors)));
}

type Saved = { meetingId: number; reminders: ScheduledReminder[]; outboxIds: number[] };

/** Act: the meeting and its reminder rows, created or updated (only from the sequence the modal showed). */
async function saveMeeting(deps: ListenerDeps, offsets: readonly ReminderOffset[], m: CheckedMeeting, edit: Edit, key: { userId: string; viewId: string }, now: Date): Promise<Checked<Saved>> {
  if (m.existing && edit) {
    const updated = await updateMeeting(deps.db, { meetingId: m.existing.id, expectedSequence: edit.sequence, draft: m.draft }, offsets, now);
    if (!updated.ok) return refuse(errorsAnswer({ [B.title]: REFUSED[updated.reason] }));
    return { ok: true, data: { meetingId: m.existing.id, reminders: updated.reminders, outboxIds: updated.outboxIds } };
  }
  // A new meeting is announced in its channel with the answer buttons (issue #15).
  const created = await createMeeting(deps.db, { draft: m.draft, createdBy: key.userId, submissionKey: key.viewId, announce: true }, offsets, now);
  return { ok: true, data: created };
}

export function meetingSubmitted(deps: ListenerDeps) {
  const offsets = deps.meetingReminders ?? DEFAULT_OFFSETS;
  return async ({ ack, body, view }: Args): Promise<void> => {
    let scheduled: ScheduledReminder[] = [];
    let outboxIds: number[] = [];
    try {
      const parsed = parseMeetingSubmission(view);
      if (!parsed.ok) return void (await ack(parsed.answer));
      const now = new Date();
      const { edit } = parsed.data;
      const checked = await checkMeeting(deps, body.user.id, edit, view.state.values, now);
      if (!checked.ok) return void (await ack(checked.answer));
      const saved = await saveMeeting(deps, offsets, checked.data, edit, { userId: body.user.id, viewId: view.id }, now);
      if (!saved.ok) return void (await ack(saved.answer));
      ({ reminders: scheduled, outboxIds } = saved.data);
      const edited = checked.data.existing !== null;
      const meeting = await loadMeeting(deps.db, saved.data.meetingId);
      await ack(meeting ? { response_action: "update", view: meetingSavedModal(meeting, edited, scheduled.map((r) => r.dueAt)) } : undefined);
      deps.log.info({ actor: body.user.id, meetingId: saved.data.meetingId, edited, reminders: scheduled.length }, "meeting saved");
    } catch (err) {
      deps.log.error({ user: body.user.id, error: errorMessage(err) }, "meeting submit failed");
      return void (await ack(errorsAnswer({ [B.title]: "Mötet kunde inte sparas just nu. Inget har ändrats – försök igen." })));
    }
    await deps.reminders?.schedule(scheduled);
    await deps.dispatcher.dispatch(outboxIds);
  };
}
