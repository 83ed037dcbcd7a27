// Changes inside the apply modal (the type select, dates, children, measure, amounts): rebuild the
// modal with the chosen type's fields and a fresh cost preview. A change Slack's client could not
// have sent (no view, another modal's view, a value the modal does not allow: unknown type,
// over-long text, control characters) is ignored: nothing of it is looked up or shown.
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { previewCost } from "../../services/apply.js";
import { findActor } from "../../services/members.js";
import { CALLBACK } from "../../core/ids.js";
import { APPLY_FIELDS, applyModal } from "../../views/apply-modal.js";
import { checkFields } from "../../views/fields.js";
import { errorMessage, type ListenerDeps } from "../common/deps.js";
import { readApplyForm } from "../../views/apply-form.js";

type Args = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

export function applyInputChanged(deps: ListenerDeps) {
  return async ({ ack, body, client }: Args): Promise<void> => {
    await ack();
    const view = body.view;
    const invalid = view?.callback_id === CALLBACK.apply ? checkFields(view.state.values, APPLY_FIELDS) : { view: "not the apply modal" };
    if (!view || invalid) {
      deps.log.debug({ user: body.user.id, fields: Object.keys(invalid ?? {}) }, "apply modal change ignored");
      return;
    }
    try {
      const form = readApplyForm(view.state.values);
      const actor = await findActor(deps.db, body.user.id);
      if (!actor) return;
      const preview = await previewCost(deps.db, form);
      await client.views.update({
        view_id: view.id,
        hash: view.hash,
        // shownCost: the figure on screen, which the submit compares with the cost it stores.
        view: applyModal({ type: form.type ?? "rest", orgName: actor.orgName, caseRef: form.caseRef || undefined, costPreview: preview.text, shownCost: preview.total }),
      });
    } catch (err) {
      // hash_conflict: a newer change already updated the modal; nothing is lost.
      const code = errorMessage(err);
      if (code !== "hash_conflict") deps.log.warn({ user: body.user.id, error: code }, "apply modal update failed");
    }
  };
}
