// The apply modal's submit: validate (errors next to the fields), store in one transaction with
// its outbox messages, answer with a confirmation, then queue the notifications.
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { REQUEST_TYPE_LABEL } from "../../domain/types.js";
import { APPLY_BLOCK } from "../../core/ids.js";
import { buildRequest } from "../../services/apply.js";
import { canApply, findActor } from "../../services/members.js";
import { submitRequest } from "../../services/requests.js";
import { APPLY_FIELDS, applyConfirmation } from "../../views/apply-modal.js";
import { checkFields } from "../../views/fields.js";
import { errorMessage, type ListenerDeps } from "../deps.js";
import { NOT_CERTIFIED_TEXT, NOT_MEMBER_TEXT } from "../commands/nsp.js";
import { readApplyForm } from "../../views/apply-form.js";
import { startedNote } from "../../views/request.js";

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

export const SAVE_FAILED_TEXT = "Ansökan kunde inte sparas just nu. Inget har skickats – försök igen om en stund; det du har skrivit finns kvar.";

export function applySubmitted(deps: ListenerDeps) {
  return async ({ ack, body, view }: Args): Promise<void> => {
    let outboxIds: number[] = [];
    try {
      const actor = await findActor(deps.db, body.user.id);
      if (!actor || !canApply(actor)) {
        const text = actor ? NOT_CERTIFIED_TEXT(actor.orgName) : NOT_MEMBER_TEXT;
        await ack({ response_action: "errors", errors: { [APPLY_BLOCK.justification]: text } });
        return;
      }
      // Length, control characters, ranges, options, duplicates: before anything is read or stored.
      const invalid = checkFields(view.state.values, APPLY_FIELDS);
      if (invalid) {
        await ack({ response_action: "errors", errors: invalid });
        return;
      }
      const form = readApplyForm(view.state.values);
      const built = await buildRequest(deps.db, actor, form, view.id, deps.today?.());
      if ("errors" in built) {
        await ack({ response_action: "errors", errors: built.errors as Record<string, string> });
        return;
      }
      const saved = await submitRequest(deps.db, built.request);
      outboxIds = saved.outboxIds;
      await ack({ response_action: "update", view: applyConfirmation(saved.caseRef, REQUEST_TYPE_LABEL[built.request.type].sv, startedNote(built.request)) });
      deps.log.info({ requestId: saved.requestId, duplicate: saved.duplicate }, "request submitted");
    } catch (err) {
      deps.log.error({ user: body.user.id, error: errorMessage(err) }, "apply submission failed");
      await ack({ response_action: "errors", errors: { [APPLY_BLOCK.justification]: SAVE_FAILED_TEXT } });
      return;
    }
    await deps.dispatcher.dispatch(outboxIds);
  };
}
