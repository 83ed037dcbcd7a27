// `/nsp möte ny` opens the meeting modal (registered members only); `/nsp möten` (or `/nsp möte`)
// lists the coming meetings, the caller's groups first, each with the caller's answer and
// "Jag kommer" / "Kan inte", and "Ändra"/"Ställ in" where the caller is the creator, the group's
// convener or an admin. Acks first, then works.
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { findActor } from "../../services/members.js";
import { meetingListFor } from "../../services/meetings.js";
import { meetingListMessage } from "../../views/meetings.js";
import { errorMessage, type ListenerDeps } from "../common/deps.js";
import { openMeetingModal } from "../common/open-modals.js";
import { NOT_REGISTERED_MEETING_TEXT } from "../common/texts.js";

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** Also imported from here by tests/meetings/slack-flow.test.ts. */
export { NOT_REGISTERED_MEETING_TEXT };
export const MEETING_HELP_TEXT = "`/nsp möte ny` – skapa ett möte · `/nsp möten` – kommande möten (dina gruppers först).";
const NEW_WORDS = new Set(["ny", "nytt", "new", "skapa"]);
const LIST_WORDS = new Set(["", "lista", "list", "kommande"]);

export function meetingsCommand(deps: ListenerDeps) {
  return async ({ command, ack, respond, client }: Args, args: string[]): Promise<void> => {
    await ack();
    const sub = (args[0] ?? "").toLowerCase();
    try {
      if (!NEW_WORDS.has(sub) && !LIST_WORDS.has(sub)) {
        await respond({ response_type: "ephemeral", text: `Okänt: \`${sub.slice(0, 40)}\`. ${MEETING_HELP_TEXT}` });
        return;
      }
      const actor = await findActor(deps.db, command.user_id);
      if (NEW_WORDS.has(sub)) {
        if (!actor) await respond({ response_type: "ephemeral", text: NOT_REGISTERED_MEETING_TEXT });
        else await openMeetingModal(deps.db, client, command.trigger_id);
        return;
      }
      const message = meetingListMessage(await meetingListFor(deps.db, command.user_id));
      await respond({ response_type: "ephemeral", text: message.text, blocks: message.blocks });
    } catch (err) {
      deps.log.error({ user: command.user_id, error: errorMessage(err) }, "/nsp möten failed");
      await respond({ response_type: "ephemeral", text: "Mötena kunde inte visas just nu. Försök igen om en stund." });
    }
  };
}
