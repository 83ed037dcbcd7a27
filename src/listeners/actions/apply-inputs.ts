// Changes inside the apply modal (the type select, dates, children, measure, amounts): rebuild the
// modal with the chosen type's fields and a fresh cost preview.
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { readApplyForm, previewCost } from "../../services/apply.js";
import { findActor } from "../../services/members.js";
import { applyModal } from "../../views/apply-modal.js";
import { errorMessage, type ListenerDeps } from "../shared/deps.js";

type Args = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

export function applyInputChanged(deps: ListenerDeps) {
  return async ({ ack, body, client }: Args): Promise<void> => {
    await ack();
    const view = body.view;
    if (!view) return;
    try {
      const form = readApplyForm(view.state.values);
      const actor = await findActor(deps.db, body.user.id);
      if (!actor) return;
      const costPreview = await previewCost(deps.db, form);
      await client.views.update({
        view_id: view.id,
        hash: view.hash,
        view: applyModal({ type: form.type ?? "rest", orgName: actor.orgName, caseRef: form.caseRef || undefined, costPreview }),
      });
    } catch (err) {
      // hash_conflict: a newer change already updated the modal; nothing is lost.
      const code = errorMessage(err);
      if (code !== "hash_conflict") deps.log.warn({ user: body.user.id, error: code }, "apply modal update failed");
    }
  };
}
