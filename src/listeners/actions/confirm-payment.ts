// "Bekräfta utbetalning" (ACTION.confirmPayment, value = payment id) on the payment's note in the
// coordinator thread: coordinators and admins confirm (once), not a member of the applying
// organisation (jäv) and not the one who reported the payment; the note is updated through the
// outbox. Anyone else, a confirmed payment or a forged id: an ephemeral answer, nothing changed.
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { parseRecordId } from "../../domain/record-id.js";
import { findActor } from "../../services/members.js";
import { confirmPayment, type ConfirmResult } from "../../services/payments.js";
import { errorMessage, type ListenerDeps } from "../common/deps.js";

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

function answer(result: ConfirmResult | null): string | null {
  if (result === null) return "Utbetalningen finns inte.";
  if (result.ok) return null;
  switch (result.error) {
    case "not_found":
      return "Utbetalningen finns inte.";
    case "not_allowed":
      return "Bara en samordnare eller administratör kan bekräfta en utbetalning.";
    case "jav":
    case "own_payment":
      return result.message;
    case "already_confirmed":
      return `Utbetalningen är redan bekräftad${result.confirmedBy ? ` av <@${result.confirmedBy}>` : ""}.`;
    case "already_rejected":
      return `Utbetalningen är avvisad${result.rejectedBy ? ` av <@${result.rejectedBy}>` : ""}; den kan inte bekräftas.`;
  }
}

export function confirmPaymentClicked(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: Args): Promise<void> => {
    await ack();
    let outboxIds: number[] = [];
    try {
      const id = parseRecordId(action.value);
      const actor = id !== null ? await findActor(deps.db, body.user.id) : null;
      const result = id !== null && actor ? await confirmPayment(deps.db, id, actor) : null;
      if (result?.ok) {
        outboxIds = result.outboxIds;
        deps.log.info({ paymentId: result.paymentId, requestId: result.requestId, actor: body.user.id }, "payment confirmed");
      }
      const text = answer(result);
      if (text) await client.chat.postEphemeral({ channel: body.channel?.id ?? body.user.id, user: body.user.id, text });
    } catch (err) {
      deps.log.error({ user: body.user.id, error: errorMessage(err) }, "confirming a payment failed");
      // The coordinator is told (best effort): nothing was confirmed, the button is still there.
      const text = "Utbetalningen kunde inte bekräftas just nu. Inget har ändrats – försök igen om en stund.";
      await client.chat.postEphemeral({ channel: body.channel?.id ?? body.user.id, user: body.user.id, text }).catch(() => undefined);
    }
    await deps.dispatcher.dispatch(outboxIds);
  };
}
