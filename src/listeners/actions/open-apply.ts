// "Ansök om stöd" on the App Home: opens the apply modal, as `/nsp ansök` does (same checks).
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { canApply, findActor } from "../../services/members.js";
import { applyModal } from "../../views/apply-modal.js";
import { noticeModal } from "../../views/blocks.js";
import { NOT_CERTIFIED_TEXT, NOT_MEMBER_TEXT } from "../commands/nsp.js";
import { errorMessage, type ListenerDeps } from "../shared/deps.js";

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

export function openApplyClicked(deps: ListenerDeps) {
  return async ({ ack, body, client }: Args): Promise<void> => {
    await ack();
    try {
      const actor = await findActor(deps.db, body.user.id);
      const view =
        actor && canApply(actor)
          ? applyModal({ type: "rest", orgName: actor.orgName, costPreview: null })
          : noticeModal("Ansök om stöd", actor ? NOT_CERTIFIED_TEXT(actor.orgName) : NOT_MEMBER_TEXT);
      await client.views.open({ trigger_id: body.trigger_id, view });
    } catch (err) {
      deps.log.error({ user: body.user.id, error: errorMessage(err) }, "apply modal from home failed");
    }
  };
}
