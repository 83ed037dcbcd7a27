// The "Avvisa utbetalning" modal's submit (review of #13): the reason checked (length, personal
// data) next to its field, then rejectPayment (one transaction under the request's lock: the
// payment, its audit row, the thread note's update and the reporter's DM through the outbox).
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewResponseAction, ViewSubmitAction } from "@slack/bolt";
import { PAYMENT_BLOCK as B } from "../../core/ids.js";
import { findActor } from "../../services/members.js";
import { rejectPayment, type RejectResult } from "../../services/payments.js";
import { checkFields } from "../../views/fields.js";
import { paymentRejectedDoneText, REJECT_PAYMENT_FIELDS, rejectPaymentMetadata } from "../../views/payments.js";
import { parseMetadata, readState } from "../../views/state.js";
import { errorMessage, type ListenerDeps } from "../common/deps.js";
import { errorsAnswer, noticeAnswer } from "./answers.js";

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const TITLE = "Avvisa utbetalning";

function answerFor(result: RejectResult): ViewResponseAction {
  if (result.ok) return noticeAnswer("Utbetalning avvisad", paymentRejectedDoneText(result.requestId, result.amount));
  switch (result.error) {
    case "not_found":
      return noticeAnswer(TITLE, "Utbetalningen finns inte.");
    case "not_allowed":
      return noticeAnswer(TITLE, "Bara en samordnare eller administratör kan avvisa en utbetalning.");
    case "reason":
      return errorsAnswer({ [B.rejectReason]: result.message });
    case "jav":
    case "own_payment":
      return noticeAnswer(TITLE, result.message);
    case "already_confirmed":
      return noticeAnswer(TITLE, `Utbetalningen är redan bekräftad${result.confirmedBy ? ` av <@${result.confirmedBy}>` : ""}. Inget ändrades.`);
    case "already_rejected":
      return noticeAnswer(TITLE, `Utbetalningen är redan avvisad${result.rejectedBy ? ` av <@${result.rejectedBy}>` : ""}. Inget ändrades.`);
  }
}

export function rejectPaymentSubmitted(deps: ListenerDeps) {
  return async ({ ack, body, view }: Args): Promise<void> => {
    let outboxIds: number[] = [];
    try {
      const meta = parseMetadata(rejectPaymentMetadata, view.private_metadata);
      if (!meta.success) return void (await ack(noticeAnswer(TITLE, "Utbetalningen finns inte.")));
      const invalid = checkFields(view.state.values, REJECT_PAYMENT_FIELDS);
      if (invalid) return void (await ack(errorsAnswer(invalid)));
      const actor = await findActor(deps.db, body.user.id);
      if (!actor) return void (await ack(noticeAnswer(TITLE, "Bara en samordnare eller administratör kan avvisa en utbetalning.")));
      const reason = readState.text(view.state.values, B.rejectReason);
      const result = await rejectPayment(deps.db, meta.data.paymentId, actor, reason);
      if (result.ok) outboxIds = result.outboxIds;
      await ack(answerFor(result));
      if (result.ok) deps.log.info({ requestId: result.requestId, paymentId: result.paymentId, actor: actor.slackUserId }, "payment rejected");
    } catch (err) {
      deps.log.error({ user: body.user.id, error: errorMessage(err) }, "rejecting a payment failed");
      await ack(errorsAnswer({ [B.rejectReason]: "Utbetalningen kunde inte avvisas just nu. Inget har ändrats – försök igen om en stund." }));
      return;
    }
    await deps.dispatcher.dispatch(outboxIds);
  };
}
