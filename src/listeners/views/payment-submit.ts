// The payment modal's submit (issue #13): the fields checked (no lookup), then who acts, then
// recordPayment (one transaction under the request's lock: the payment, its audit row and the
// coordinator thread note). Refusals go next to their field; "finns inte" replaces the modal.
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewResponseAction, ViewSubmitAction } from "@slack/bolt";
import { PAYMENT_BLOCK as B } from "../../core/ids.js";
import { todayDate } from "../../domain/format.js";
import { AMOUNT_ERROR, parsePaymentAmount, paymentDateError } from "../../domain/payment.js";
import { findActor } from "../../services/members.js";
import { recordPayment, type PaymentResult } from "../../services/payments.js";
import { checkFields } from "../../views/fields.js";
import { notGrantedText, PAYMENT_FIELDS, PAYMENT_NOT_FOUND_TEXT, paymentDoneText, paymentMetadata, settledText } from "../../views/payments.js";
import { parseMetadata, readState } from "../../views/state.js";
import { errorMessage, type ListenerDeps } from "../common/deps.js";
import { errorsAnswer, noticeAnswer, type Errors } from "./answers.js";

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const TITLE = "Utbetalning";

function answerFor(result: PaymentResult, requestId: number, amount: number): ViewResponseAction {
  if (result.ok) return noticeAnswer("Utbetalning registrerad", paymentDoneText(requestId, amount, result.status));
  switch (result.error) {
    case "not_found":
      return noticeAnswer(TITLE, PAYMENT_NOT_FOUND_TEXT);
    case "not_granted":
      return noticeAnswer(TITLE, notGrantedText(requestId));
    case "settled":
      return noticeAnswer(TITLE, settledText(requestId));
    case "no_money":
      return noticeAnswer(TITLE, result.message);
    case "amount":
    case "over":
      return errorsAnswer({ [B.amount]: result.message });
    case "date":
      return errorsAnswer({ [B.paidOn]: result.message });
    case "note":
      return errorsAnswer({ [B.note]: result.message });
    case "override":
    case "jav":
      return errorsAnswer({ [B.override]: result.message });
  }
}

export function paymentSubmitted(deps: ListenerDeps) {
  return async ({ ack, body, view }: Args): Promise<void> => {
    let outboxIds: number[] = [];
    try {
      const meta = parseMetadata(paymentMetadata, view.private_metadata);
      if (!meta.success) return void (await ack(noticeAnswer(TITLE, PAYMENT_NOT_FOUND_TEXT)));
      const invalid = checkFields(view.state.values, PAYMENT_FIELDS);
      if (invalid) return void (await ack(errorsAnswer(invalid)));
      const today = deps.today?.() ?? todayDate();
      const amount = parsePaymentAmount(readState.text(view.state.values, B.amount));
      const date = paymentDateError(readState.date(view.state.values, B.paidOn) ?? "", today);
      const errors: Errors = {};
      if (amount === null) errors[B.amount] = AMOUNT_ERROR;
      if ("error" in date) errors[B.paidOn] = date.error;
      if (amount === null || "error" in date) return void (await ack(errorsAnswer(errors)));
      const actor = await findActor(deps.db, body.user.id);
      if (!actor) return void (await ack(noticeAnswer(TITLE, PAYMENT_NOT_FOUND_TEXT)));
      const note = readState.text(view.state.values, B.note) || null;
      const overrideReason = readState.text(view.state.values, B.override) || null;
      const result = await recordPayment(deps.db, { requestId: meta.data.requestId, actor, amount, paidOn: date.date, note, today, source: "slack", overrideReason });
      if (result.ok) outboxIds = result.outboxIds;
      await ack(answerFor(result, meta.data.requestId, amount));
      if (result.ok) deps.log.info({ requestId: meta.data.requestId, paymentId: result.paymentId, actor: actor.slackUserId }, "payment registered");
    } catch (err) {
      deps.log.error({ user: body.user.id, error: errorMessage(err) }, "registering a payment failed");
      await ack(errorsAnswer({ [B.amount]: "Utbetalningen kunde inte registreras just nu. Inget har sparats – försök igen om en stund." }));
      return;
    }
    await deps.dispatcher.dispatch(outboxIds);
  };
}
