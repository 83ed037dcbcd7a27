// The applicant's answer to "Begär komplettering": the form and the answer (personal data) checked
// first (no lookup), then stored with the request by a member of its organisation; the thread gets
// a note and the question's answer button goes away.
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewOutput, ViewSubmitAction } from "@slack/bolt";
import { personalDataError } from "../../domain/pii.js";
import { INFO_BLOCK } from "../../core/ids.js";
import { findActor } from "../../services/members.js";
import { answerInformation } from "../../services/requests.js";
import { checkFields } from "../../views/fields.js";
import { INFO_FIELDS, infoAnswerMetadata } from "../../views/modals.js";
import { parseMetadata, readState } from "../../views/state.js";
import { errorMessage, type ListenerDeps } from "../common/deps.js";
import { type Checked, errorsAnswer, noticeAnswer, refuse } from "./answers.js";

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const TITLE = "Komplettering";
const REFUSED: Record<string, string> = {
  not_found: "Frågan finns inte längre.",
  not_allowed: "Du kan inte svara på den här frågan.",
  already_answered: "Frågan är redan besvarad.",
  already_decided: "Ansökan är redan beslutad; svaret sparades inte.",
  withdrawn: "Ansökan är återkallad; svaret sparades inte.",
};

/** Parse: the metadata, the declared limits and the answer itself; nothing is looked up. */
export function parseInfoAnswer(view: ViewOutput): Checked<{ infoRequestId: number; answer: string }> {
  const meta = parseMetadata(infoAnswerMetadata, view.private_metadata);
  if (!meta.success) return refuse(noticeAnswer(TITLE, "Formuläret kunde inte läsas. Klicka på *Svara* i meddelandet igen."));
  const invalid = checkFields(view.state.values, INFO_FIELDS);
  if (invalid) return refuse(errorsAnswer(invalid));
  const answer = readState.text(view.state.values, INFO_BLOCK.answer);
  const problem = answer === "" ? "Skriv ett svar." : personalDataError(answer);
  if (problem) return refuse(errorsAnswer({ [INFO_BLOCK.answer]: problem }));
  return { ok: true, data: { infoRequestId: meta.data.infoRequestId, answer } };
}

export function infoAnswerSubmitted(deps: ListenerDeps) {
  return async ({ ack, body, view }: Args): Promise<void> => {
    let outboxIds: number[] = [];
    try {
      const parsed = parseInfoAnswer(view);
      if (!parsed.ok) return void (await ack(parsed.answer));
      const actor = await findActor(deps.db, body.user.id);
      if (!actor) return void (await ack(noticeAnswer(TITLE, REFUSED.not_allowed ?? "")));
      const result = await answerInformation(deps.db, parsed.data.infoRequestId, actor, parsed.data.answer);
      if (!result.ok) return void (await ack(noticeAnswer(TITLE, REFUSED[result.error] ?? "")));
      outboxIds = result.outboxIds;
      await ack(noticeAnswer(TITLE, ":white_check_mark: Tack! Svaret har skickats till samordnaren."));
    } catch (err) {
      deps.log.error({ user: body.user.id, error: errorMessage(err) }, "info answer failed");
      await ack(errorsAnswer({ [INFO_BLOCK.answer]: "Svaret kunde inte sparas just nu – försök igen; texten finns kvar." }));
      return;
    }
    await deps.dispatcher.dispatch(outboxIds);
  };
}
