// "Flytta medel" under `/nsp budget`: opens the transfer modal for coordinators and admins.
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { parseRecordId } from "../../domain/record-id.js";
import { canManageBudget, findActor } from "../../services/members.js";
import { noticeModal } from "../../views/blocks.js";
import { errorMessage, type ListenerDeps } from "../common/deps.js";
import { openTransferModal } from "../common/open-modals.js";
import { NOT_BUDGET_ROLE_TEXT } from "../common/texts.js";
import { CLICK_FAILED_TEXT, showFailure } from "../common/show-modal.js";

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

export function openTransferClicked(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: Args): Promise<void> => {
    await ack();
    try {
      const actor = await findActor(deps.db, body.user.id);
      const periodId = parseRecordId(action.value);
      if (!canManageBudget(actor)) {
        await client.views.open({ trigger_id: body.trigger_id, view: noticeModal("Inte behörig", NOT_BUDGET_ROLE_TEXT) });
      } else if (periodId === null) {
        await client.views.open({ trigger_id: body.trigger_id, view: noticeModal("Flytta medel", "Budgetperioden kunde inte läsas. Kör `/nsp budget flytta`.") });
      } else {
        await openTransferModal(deps.db, client, body.trigger_id, periodId);
      }
    } catch (err) {
      deps.log.error({ user: body.user.id, error: errorMessage(err) }, "transfer modal failed");
      await showFailure(client, body, "Flytta medel", CLICK_FAILED_TEXT);
    }
  };
}
