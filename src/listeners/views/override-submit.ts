// The admin's override modal: role from the clicking user's id (admin only), amount and reason
// checked next to the fields, the override recorded (with an audit row) and the coordinator
// message refreshed so it shows the allowance.
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { formatKr } from "../../domain/format.js";
import { personalDataError } from "../../domain/pii.js";
import { parseWholeNumber } from "../../domain/rules.js";
import { OPEN_STATUSES } from "../../domain/types.js";
import { BUDGET_BLOCK as B } from "../../core/ids.js";
import { addOverride } from "../../services/budget.js";
import { findActor } from "../../services/members.js";
import { requestStatus } from "../../services/requests.js";
import { noticeModal } from "../../views/blocks.js";
import { OVERRIDE_FIELDS, overrideMetadata } from "../../views/budget.js";
import { checkFields } from "../../views/fields.js";
import { parseMetadata, readState } from "../../views/state.js";
import { errorMessage, type ListenerDeps } from "../shared/deps.js";
import { NOT_ADMIN_TEXT } from "../shared/texts.js";

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

export function overrideSubmitted(deps: ListenerDeps) {
  return async ({ ack, body, view }: Args): Promise<void> => {
    let outboxIds: number[] = [];
    try {
      const meta = parseMetadata(overrideMetadata, view.private_metadata);
      if (!meta.success) {
        await ack({ response_action: "update", view: noticeModal("Fel", "Formuläret kunde inte läsas. Kör kommandot igen.") });
        return;
      }
      const actor = await findActor(deps.db, body.user.id);
      if (actor?.role !== "admin") {
        await ack({ response_action: "errors", errors: { [B.overrideReason]: NOT_ADMIN_TEXT } });
        return;
      }
      const invalid = checkFields(view.state.values, OVERRIDE_FIELDS);
      if (invalid) {
        await ack({ response_action: "errors", errors: invalid });
        return;
      }
      const amount = parseWholeNumber(readState.text(view.state.values, B.overrideAmount));
      const reason = readState.text(view.state.values, B.overrideReason);
      const errors: Record<string, string> = {};
      if (amount === null || amount < 1) errors[B.overrideAmount] = "Ange ett belopp i hela kronor, större än 0.";
      if (!reason) errors[B.overrideReason] = "Skälet krävs och sparas med överskridandet.";
      const pii = personalDataError(reason);
      if (pii) errors[B.overrideReason] = pii;
      const status = await requestStatus(deps.db, meta.data.requestId);
      if (!status || !OPEN_STATUSES.includes(status)) errors[B.overrideReason] = "Ansökan är redan beslutad.";
      if (Object.keys(errors).length > 0 || amount === null) {
        await ack({ response_action: "errors", errors });
        return;
      }
      const result = await addOverride(deps.db, { requestId: meta.data.requestId, amount, reason, actor: actor.slackUserId });
      outboxIds = result.outboxIds;
      await ack({
        response_action: "update",
        view: noticeModal("Överskridande godkänt", `:unlock: Ärende-id ${meta.data.requestId} får överskrida budgeten med högst ${formatKr(amount)}. Samordnaren kan nu bevilja.`),
      });
      deps.log.info({ actor: actor.slackUserId, requestId: meta.data.requestId, overrideId: result.override.id }, "budget override recorded");
    } catch (err) {
      deps.log.error({ user: body.user.id, error: errorMessage(err) }, "budget override failed");
      await ack({ response_action: "errors", errors: { [B.overrideReason]: "Överskridandet kunde inte sparas just nu. Inget har ändrats – försök igen." } });
      return;
    }
    await deps.dispatcher.dispatch(outboxIds);
  };
}
