// Buttons of meetings: "Ändra" and "Ställ in" in `/nsp möten` (the role re-checked from the
// clicking user's id), and "Jag kommer" / "Kan inte" wherever a meeting is shown (issue #15): the
// announcement and the reminders in the channel, `/nsp möten` and the App Home. Every click takes
// the same path: the meeting id from the button's value, checked by setRsvp (exists, not
// cancelled, not started; one statement, the latest click wins). Then every posted message of the
// meeting (announcement, reminders) is re-rendered from the database with the live count, the
// clicking user's Home is re-published, and a click in the ephemeral `/nsp möten` list replaces
// that list (response_url) with one showing the new answer. Anyone who can see a meeting may answer
// (only the Slack id is stored); creating and changing meetings needs a registered member.
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { Db } from "../../core/db.js";
import { parseRecordId } from "../../domain/record-id.js";
import { z } from "zod";
import { ACTION, actionPattern } from "../../core/ids.js";
import { loadHomePage } from "../../services/home.js";
import { findActor } from "../../services/members.js";
import { canManageMeeting, cancelMeeting, loadMeeting, meetingListFor, rsvpSummary, sentAnnouncement, sentReminders, setRsvp, type MeetingWithGroup } from "../../services/meetings.js";
import { noticeModal } from "../../views/blocks.js";
import { announcementMessage, meetingListMessage, reminderMessage } from "../../views/meetings.js";
import { errorMessage, type ListenerDeps } from "../common/deps.js";
import { openMeetingModal } from "../common/open-modals.js";
import { CLICK_FAILED_TEXT, showFailure } from "../common/show-modal.js";
import { NOT_MEETING_MANAGER_TEXT } from "../common/texts.js";
import { homeView } from "../../views/home.js";

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** An ephemeral answer: through the response URL when the click came with one, else to the user. */
async function reply({ body, respond, client }: Args, text: string): Promise<void> {
  if (body.response_url) await respond({ response_type: "ephemeral", replace_original: false, text });
  else await client.chat.postEphemeral({ channel: body.channel?.id ?? body.user.id, user: body.user.id, text });
}

/** Loads the meeting and checks that the clicking user may change it; a Swedish refusal otherwise. */
async function managedMeeting(db: Db, userId: string, value: string | undefined): Promise<{ error: string } | { meeting: MeetingWithGroup }> {
  const id = parseRecordId(value);
  const meeting = id === null ? null : await loadMeeting(db, id);
  if (!meeting) return { error: "Mötet finns inte längre." };
  if (meeting.cancelledAt) return { error: "Mötet är redan inställt." };
  if (!canManageMeeting(await findActor(db, userId), meeting)) return { error: NOT_MEETING_MANAGER_TEXT };
  return { meeting };
}

export function meetingEditClicked(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: Args): Promise<void> => {
    await ack();
    try {
      const found = await managedMeeting(deps.db, body.user.id, action.value);
      if ("error" in found) await client.views.open({ trigger_id: body.trigger_id, view: noticeModal("Ändra möte", found.error) });
      else await openMeetingModal(deps.db, client, body.trigger_id, found.meeting);
    } catch (err) {
      deps.log.error({ user: body.user.id, error: errorMessage(err) }, "meeting edit failed");
      await showFailure(client, body, "Ändra möte", CLICK_FAILED_TEXT);
    }
  };
}

export function meetingCancelClicked(deps: ListenerDeps) {
  return async (args: Args): Promise<void> => {
    const { ack, body, action } = args;
    await ack();
    let outboxIds: number[] = [];
    try {
      const found = await managedMeeting(deps.db, body.user.id, action.value);
      if ("error" in found) return void (await reply(args, found.error));
      const result = await cancelMeeting(deps.db, { meetingId: found.meeting.id, actor: body.user.id });
      if (result.ok) outboxIds = result.outboxIds;
      const text = result.ok ? `Mötet *${found.meeting.title}* är inställt. Dess påminnelser skickas inte.` : "Mötet är redan inställt.";
      await reply(args, text);
      deps.log.info({ actor: body.user.id, meetingId: found.meeting.id }, "meeting cancelled");
    } catch (err) {
      deps.log.error({ user: body.user.id, error: errorMessage(err) }, "meeting cancel failed");
      await reply(args, "Mötet kunde inte ställas in just nu. Försök igen om en stund.").catch(() => undefined);
    }
    await deps.dispatcher.dispatch(outboxIds);
  };
}

/**
 * chat.update of every posted message of the meeting (its sent reminders and its announcement),
 * read from the database, never from the click; once more if an answer arrived meanwhile.
 */
export async function refreshReminderMessages(db: Db, client: WebClient, meetingId: number): Promise<void> {
  for (let round = 0; round < 2; round++) {
    const [meeting, rsvps, sent, announcement] = await Promise.all([
      loadMeeting(db, meetingId),
      rsvpSummary(db, meetingId),
      sentReminders(db, meetingId),
      sentAnnouncement(db, meetingId),
    ]);
    if (!meeting) return;
    for (const r of sent) {
      if (!r.channel || !r.ts) continue;
      const message = reminderMessage(meeting, r, rsvps);
      await client.chat.update({ channel: r.channel, ts: r.ts, text: message.text, blocks: message.blocks });
    }
    if (announcement) {
      const message = announcementMessage(meeting, rsvps);
      await client.chat.update({ channel: announcement.channel, ts: announcement.ts, text: message.text, blocks: message.blocks });
    }
    if (JSON.stringify(await rsvpSummary(db, meetingId)) === JSON.stringify(rsvps)) return;
  }
}

const RSVP_REFUSED = {
  missing: "Mötet finns inte längre.",
  cancelled: "Mötet är inställt.",
  past: "Mötet har redan börjat; svaret sparades inte.",
} as const;

/** Where the click came from: Slack's container (a forged one only changes what its sender sees). */
const clickContainer = z.object({ type: z.string(), is_ephemeral: z.boolean().optional() });

/** The answer a button gives: "meeting_rsvp_yes[_…]" or "meeting_rsvp_no[_…]" (registered with actionPattern). */
function answerOf(actionId: string): "yes" | "no" | null {
  if (actionPattern(ACTION.rsvpYes).test(actionId)) return "yes";
  if (actionPattern(ACTION.rsvpNo).test(actionId)) return "no";
  return null;
}

/** Re-renders the place clicked: the ephemeral `/nsp möten` list is replaced; the Home is re-published. */
async function showAnswer(deps: ListenerDeps, args: Args): Promise<void> {
  const { body, respond, client } = args;
  const container = clickContainer.safeParse(body.container);
  if (container.success && container.data.type === "message" && container.data.is_ephemeral === true && body.response_url) {
    const list = meetingListMessage(await meetingListFor(deps.db, body.user.id));
    await respond({ response_type: "ephemeral", replace_original: true, text: list.text, blocks: list.blocks });
  }
  // The clicking user's Home shows their answer (clicked there or not). Derived state: if this
  // publish fails, the Home is current again when next opened, so it is not queued.
  await client.views.publish({ user_id: body.user.id, view: homeView(...(await loadHomePage(deps.db, body.user.id))) }).catch((err: unknown) => {
    deps.log.warn({ user: body.user.id, error: errorMessage(err) }, "app home refresh after rsvp failed");
  });
}

export function rsvpClicked(deps: ListenerDeps) {
  return async (args: Args): Promise<void> => {
    const { ack, body, action, client } = args;
    await ack();
    const meetingId = parseRecordId(action.value);
    const answer = answerOf(action.action_id);
    try {
      if (meetingId === null || answer === null) return void (await reply(args, RSVP_REFUSED.missing));
      const result = await setRsvp(deps.db, meetingId, body.user.id, answer);
      if (!result.ok) return void (await reply(args, RSVP_REFUSED[result.reason]));
      await showAnswer(deps, args);
      // The answer is stored: a channel message Slack refuses to update (deleted, archived channel)
      // is not the clicker's problem; it shows the live count again after the next answer.
      await refreshReminderMessages(deps.db, client, meetingId).catch((err: unknown) => {
        deps.log.warn({ user: body.user.id, meetingId, error: errorMessage(err) }, "meeting messages not refreshed after rsvp");
      });
    } catch (err) {
      deps.log.error({ user: body.user.id, meetingId, error: errorMessage(err) }, "rsvp failed");
      await reply(args, "Svaret kunde inte sparas just nu. Försök igen.").catch(() => undefined);
    }
  };
}
