import type { App, BlockAction, ButtonAction, StaticSelectAction } from "@slack/bolt";
import { ACTION, actionPattern } from "../../core/ids.js";
import type { ListenerDeps } from "../common/deps.js";
import { answerInfoClicked } from "./answer-info.js";
import { applyInputChanged } from "./apply-inputs.js";
import { applyNextStepClicked } from "./apply-next-step.js";
import { decideClicked, showUnderlagClicked } from "./decide.js";
import { openApplyClicked } from "./open-apply.js";
import { casePageClicked, openCaseClicked } from "./open-case.js";
import { openTransferClicked } from "./open-transfer.js";
import { meetingCancelClicked, meetingEditClicked, rsvpClicked } from "./meetings.js";
import { closeCaseClicked } from "./close-case.js";
import { reopenCaseClicked } from "./reopen-case.js";
import { transferCaseClicked } from "./transfer-case.js";
import { withdrawClicked } from "./withdraw.js";
import { editRequestClicked } from "./edit-request.js";
import { editInputChanged } from "./edit-inputs.js";
import { registerPaymentClicked } from "./register-payment.js";
import { confirmPaymentClicked } from "./confirm-payment.js";
import { settleGrantClicked } from "./settle-grant.js";
import { rejectPaymentClicked } from "./reject-payment.js";

export const COST_INPUT_ACTION = new RegExp(`^${ACTION.costInput}_`);
export const EDIT_COST_INPUT_ACTION = new RegExp(`^${ACTION.editCostInput}_`);
export const MEETING_EDIT_ACTION = new RegExp(`^${ACTION.meetingEdit}_\\d+$`);
export const MEETING_CANCEL_ACTION = new RegExp(`^${ACTION.meetingCancel}_\\d+$`);
export const DECIDE_ACTION = new RegExp(`^${ACTION.decide}_(grant|partial|deny|info)$`);

export function register(app: App, deps: ListenerDeps): void {
  app.action<BlockAction>(ACTION.applyType, applyInputChanged(deps));
  app.action<BlockAction>(COST_INPUT_ACTION, applyInputChanged(deps));
  // Issue #13: the correction modal's ("Ändra") cost inputs.
  app.action<BlockAction>(EDIT_COST_INPUT_ACTION, editInputChanged(deps));
  app.action<BlockAction<ButtonAction>>(DECIDE_ACTION, decideClicked(deps));
  app.action<BlockAction<ButtonAction>>(ACTION.showUnderlag, showUnderlagClicked(deps));
  app.action<BlockAction<ButtonAction>>(ACTION.answerInfo, answerInfoClicked(deps));
  app.action<BlockAction<ButtonAction>>(ACTION.openTransfer, openTransferClicked(deps));
  app.action<BlockAction<ButtonAction>>(ACTION.openApply, openApplyClicked(deps));
  app.action<BlockAction<ButtonAction>>(MEETING_EDIT_ACTION, meetingEditClicked(deps));
  app.action<BlockAction<ButtonAction>>(MEETING_CANCEL_ACTION, meetingCancelClicked(deps));
  // "Jag kommer" / "Kan inte": alone in a channel message, "_<suffix>" where a view shows several meetings.
  app.action<BlockAction<ButtonAction>>(actionPattern(ACTION.rsvpYes), rsvpClicked(deps));
  app.action<BlockAction<ButtonAction>>(actionPattern(ACTION.rsvpNo), rsvpClicked(deps));
  app.action<BlockAction<ButtonAction>>(actionPattern(ACTION.applyNextStep), applyNextStepClicked(deps));
  app.action<BlockAction<ButtonAction>>(actionPattern(ACTION.closeCase), closeCaseClicked(deps));
  app.action<BlockAction<ButtonAction>>(actionPattern(ACTION.reopenCase), reopenCaseClicked(deps));
  app.action<BlockAction<ButtonAction>>(actionPattern(ACTION.transferCase), transferCaseClicked(deps));
  app.action<BlockAction<ButtonAction>>(actionPattern(ACTION.openCase), openCaseClicked(deps));
  app.action<BlockAction<ButtonAction>>(actionPattern(ACTION.casePage), casePageClicked(deps));
  // Buttons on the receipt DM, selects (suffix "_home") on the App Home.
  app.action<BlockAction<ButtonAction | StaticSelectAction>>(actionPattern(ACTION.withdrawRequest), withdrawClicked(deps));
  app.action<BlockAction<ButtonAction | StaticSelectAction>>(actionPattern(ACTION.editRequest), editRequestClicked(deps));
  // Issue #13: payments (the decision DM, the case file) and their confirmation (coordinator thread).
  app.action<BlockAction<ButtonAction>>(actionPattern(ACTION.registerPayment), registerPaymentClicked(deps));
  app.action<BlockAction<ButtonAction>>(actionPattern(ACTION.confirmPayment), confirmPaymentClicked(deps));
  // "Slutreglera" (coordinators and admins, the case file): the confirmation with the figures.
  app.action<BlockAction<ButtonAction>>(actionPattern(ACTION.settleGrant), settleGrantClicked(deps));
  app.action<BlockAction<ButtonAction>>(actionPattern(ACTION.rejectPayment), rejectPaymentClicked(deps));
}
