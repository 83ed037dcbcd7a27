// "Ansök om stöd" on the App Home: opens the apply modal, as `/nsp ansök` does (same checks).
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { findActor } from "../../services/members.js";
import { noticeModal } from "../../views/blocks.js";
import { errorMessage, todayOf, type ListenerDeps } from "../common/deps.js";
import { applyModalFor } from "../common/open-modals.js";
import { CLICK_FAILED_TEXT, showFailure } from "../common/show-modal.js";

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

export function openApplyClicked(deps: ListenerDeps) {
  return async ({ ack, body, client }: Args): Promise<void> => {
    await ack();
    try {
      const modal = applyModalFor(await findActor(deps.db, body.user.id), todayOf(deps));
      const view = "refusal" in modal ? noticeModal("Ansök om stöd", modal.refusal) : modal.view;
      await client.views.open({ trigger_id: body.trigger_id, view });
    } catch (err) {
      deps.log.error({ user: body.user.id, error: errorMessage(err) }, "apply modal from home failed");
      await showFailure(client, body, "Ansök om stöd", CLICK_FAILED_TEXT);
    }
  };
}
