import type { App, ViewSubmitAction } from "@slack/bolt";
import { CALLBACK } from "../../core/ids.js";
import type { ListenerDeps } from "../common/deps.js";
import { applySubmitted } from "./apply-submit.js";
import { decisionSubmitted } from "./decision-submit.js";
import { infoAnswerSubmitted } from "./info-answer-submit.js";
import { transferSubmitted } from "./transfer-submit.js";
import { overrideSubmitted } from "./override-submit.js";
import { meetingSubmitted } from "./meeting-submit.js";
import { closeCaseSubmitted } from "./close-case-submit.js";
import { reopenCaseSubmitted } from "./reopen-case-submit.js";
import { editRequestSubmitted } from "./edit-submit.js";
import { transferCaseSubmitted } from "./transfer-case-submit.js";
import { paymentSubmitted } from "./payment-submit.js";
import { settleSubmitted } from "./settle-submit.js";
import { rejectPaymentSubmitted } from "./reject-payment-submit.js";

export function register(app: App, deps: ListenerDeps): void {
  app.view<ViewSubmitAction>(CALLBACK.apply, applySubmitted(deps));
  app.view<ViewSubmitAction>(CALLBACK.decision, decisionSubmitted(deps));
  app.view<ViewSubmitAction>(CALLBACK.infoAnswer, infoAnswerSubmitted(deps));
  app.view<ViewSubmitAction>(CALLBACK.budgetTransfer, transferSubmitted(deps));
  app.view<ViewSubmitAction>(CALLBACK.budgetOverride, overrideSubmitted(deps));
  app.view<ViewSubmitAction>(CALLBACK.meeting, meetingSubmitted(deps));
  app.view<ViewSubmitAction>(CALLBACK.closeCase, closeCaseSubmitted(deps));
  app.view<ViewSubmitAction>(CALLBACK.reopenCase, reopenCaseSubmitted(deps));
  app.view<ViewSubmitAction>(CALLBACK.editRequest, editRequestSubmitted(deps));
  app.view<ViewSubmitAction>(CALLBACK.transferCase, transferCaseSubmitted(deps));
  app.view<ViewSubmitAction>(CALLBACK.payment, paymentSubmitted(deps));
  app.view<ViewSubmitAction>(CALLBACK.settleGrant, settleSubmitted(deps));
  app.view<ViewSubmitAction>(CALLBACK.rejectPayment, rejectPaymentSubmitted(deps));
}
