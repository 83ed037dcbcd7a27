// "Avvisa" (ACTION.rejectPayment, value = payment id) next to "Bekräfta utbetalning" on a reported
// payment's coordinator thread note (review of #13): a coordinator or an admin gets the small
// reason modal; anyone else, a payment already confirmed or rejected, or a forged id: an ephemeral
// answer. The submit (views/reject-payment-submit.ts) checks everything again under the request's
// lock (services/payments.ts rejectPayment: jäv, not the reporter, once).
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { parseRecordId } from "../../domain/record-id.js";
import { findActor } from "../../services/members.js";
import { loadPayment } from "../../services/payments.js";
import { rejectPaymentModal } from "../../views/payments.js";
import { errorMessage, type ListenerDeps } from "../common/deps.js";

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

export function rejectPaymentClicked(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: Args): Promise<void> => {
    await ack();
    try {
      const id = parseRecordId(action.value);
      const actor = id !== null ? await findActor(deps.db, body.user.id) : null;
      const coordinator = actor?.role === "coordinator" || actor?.role === "admin";
      const p = id !== null && coordinator ? await loadPayment(deps.db, id) : null;
      let text: string | null = null;
      if (!coordinator) text = "Bara en samordnare eller administratör kan avvisa en utbetalning.";
      else if (!p) text = "Utbetalningen finns inte.";
      else if (p.status === "confirmed") text = `Utbetalningen är redan bekräftad${p.confirmedBy ? ` av <@${p.confirmedBy}>` : ""}.`;
      else if (p.status === "rejected") text = `Utbetalningen är redan avvisad${p.rejectedBy ? ` av <@${p.rejectedBy}>` : ""}.`;
      if (text !== null || !p) {
        await client.chat.postEphemeral({ channel: body.channel?.id ?? body.user.id, user: body.user.id, text: text ?? "Utbetalningen finns inte." });
        return;
      }
      await client.views.open({ trigger_id: body.trigger_id, view: rejectPaymentModal(p) });
    } catch (err) {
      deps.log.error({ user: body.user.id, error: errorMessage(err) }, "opening the payment rejection failed");
      // The coordinator is told (best effort), as "Bekräfta utbetalning" does: nothing was changed.
      const text = "Avvisningen kunde inte öppnas just nu. Inget har ändrats – försök igen om en stund.";
      await client.chat.postEphemeral({ channel: body.channel?.id ?? body.user.id, user: body.user.id, text }).catch(() => undefined);
    }
  };
}
