// The applicant's answer to "Begär komplettering": checked for personal data, stored with the
// request; the thread gets a note and the question's answer button goes away.
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { personalDataError } from "../../domain/pii.js";
import { INFO_BLOCK } from "../../core/ids.js";
import { findActor } from "../../services/members.js";
import { answerInformation } from "../../services/requests.js";
import { noticeModal } from "../../views/blocks.js";
import { checkFields } from "../../views/fields.js";
import { INFO_FIELDS, infoAnswerMetadata } from "../../views/modals.js";
import { parseMetadata, readState } from "../../views/state.js";
import { errorMessage, type ListenerDeps } from "../shared/deps.js";

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const REFUSED: Record<string, string> = {
  not_found: "Frågan finns inte längre.",
  not_allowed: "Du kan inte svara på den här frågan.",
  already_answered: "Frågan är redan besvarad.",
  already_decided: "Ärendet är redan beslutat; svaret sparades inte.",
};

export function infoAnswerSubmitted(deps: ListenerDeps) {
  return async ({ ack, body, view }: Args): Promise<void> => {
    let outboxIds: number[] = [];
    try {
      const meta = parseMetadata(infoAnswerMetadata, view.private_metadata);
      if (!meta.success) {
        await ack({ response_action: "update", view: noticeModal("Komplettering", "Formuläret kunde inte läsas. Klicka på *Svara* i meddelandet igen.") });
        return;
      }
      const invalid = checkFields(view.state.values, INFO_FIELDS);
      if (invalid) {
        await ack({ response_action: "errors", errors: invalid });
        return;
      }
      const actor = await findActor(deps.db, body.user.id);
      const answer = readState.text(view.state.values, INFO_BLOCK.answer);
      const problem = answer === "" ? "Skriv ett svar." : personalDataError(answer);
      if (problem) {
        await ack({ response_action: "errors", errors: { [INFO_BLOCK.answer]: problem } });
        return;
      }
      if (!actor) {
        await ack({ response_action: "update", view: noticeModal("Komplettering", REFUSED.not_allowed ?? "") });
        return;
      }
      const result = await answerInformation(deps.db, meta.data.infoRequestId, actor, answer);
      if (!result.ok) {
        await ack({ response_action: "update", view: noticeModal("Komplettering", REFUSED[result.error] ?? "") });
        return;
      }
      outboxIds = result.outboxIds;
      await ack({ response_action: "update", view: noticeModal("Komplettering", ":white_check_mark: Tack! Svaret har skickats till samordnaren.") });
    } catch (err) {
      deps.log.error({ user: body.user.id, error: errorMessage(err) }, "info answer failed");
      await ack({ response_action: "errors", errors: { [INFO_BLOCK.answer]: "Svaret kunde inte sparas just nu – försök igen; texten finns kvar." } });
      return;
    }
    await deps.dispatcher.dispatch(outboxIds);
  };
}
