// The transfer modal's submit: role from the clicking user's id, every field checked with the
// error next to it, the transfer made under a row lock (never below zero), warnings queued.
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { remaining } from "../../domain/budget.js";
import { formatKr } from "../../domain/format.js";
import { personalDataError } from "../../domain/pii.js";
import { parseWholeNumber } from "../../domain/rules.js";
import { BUDGET_BLOCK as B } from "../../core/ids.js";
import { transferBudget, type TransferResult } from "../../services/budget.js";
import { canManageBudget, findActor } from "../../services/members.js";
import { findPeriodById } from "../../services/periods.js";
import { noticeModal } from "../../views/blocks.js";
import { TRANSFER_FIELDS, transferDoneModal, transferMetadata } from "../../views/budget.js";
import { checkFields } from "../../views/fields.js";
import { parseMetadata, readState } from "../../views/state.js";
import { errorMessage, type ListenerDeps } from "../shared/deps.js";
import { NOT_BUDGET_ROLE_TEXT } from "../shared/texts.js";

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

function refusedErrors(r: Extract<TransferResult, { ok: false }>): Record<string, string> {
  switch (r.error) {
    case "same_category":
      return { [B.to]: "Välj en annan kategori än den du flyttar från." };
    case "unknown_from":
      return { [B.from]: "Kategorin finns inte i perioden." };
    case "unknown_to":
      return { [B.to]: "Kategorin finns inte i perioden." };
    case "not_positive":
      return { [B.amount]: "Ange ett belopp i hela kronor, större än 0." };
    case "insufficient":
      return { [B.amount]: `${r.name} har bara ${formatKr(Math.max(r.remaining, 0))} kvar att flytta.` };
  }
}

export function transferSubmitted(deps: ListenerDeps) {
  return async ({ ack, body, view }: Args): Promise<void> => {
    let outboxIds: number[] = [];
    try {
      const meta = parseMetadata(transferMetadata, view.private_metadata);
      if (!meta.success) {
        await ack({ response_action: "update", view: noticeModal("Fel", "Formuläret kunde inte läsas. Kör `/nsp budget flytta` igen.") });
        return;
      }
      const actor = await findActor(deps.db, body.user.id);
      if (!canManageBudget(actor)) {
        await ack({ response_action: "errors", errors: { [B.reason]: NOT_BUDGET_ROLE_TEXT } });
        return;
      }
      const values = view.state.values;
      const invalid = checkFields(values, TRANSFER_FIELDS);
      if (invalid) {
        await ack({ response_action: "errors", errors: invalid });
        return;
      }
      const from = readState.selected(values, B.from) ?? "";
      const to = readState.selected(values, B.to) ?? "";
      const amount = parseWholeNumber(readState.text(values, B.amount));
      const reason = readState.text(values, B.reason).trim();
      const errors: Record<string, string> = {};
      if (!from) errors[B.from] = "Välj kategorin pengarna flyttas från.";
      if (!to) errors[B.to] = "Välj kategorin pengarna flyttas till.";
      else if (to === from) errors[B.to] = "Välj en annan kategori än den du flyttar från.";
      if (amount === null || amount < 1) errors[B.amount] = "Ange ett belopp i hela kronor, större än 0.";
      if (!reason) errors[B.reason] = "Skriv varför medlen flyttas.";
      const pii = personalDataError(reason);
      if (pii) errors[B.reason] = pii;
      if (Object.keys(errors).length > 0 || amount === null) {
        await ack({ response_action: "errors", errors });
        return;
      }
      const result = await transferBudget(deps.db, { periodId: meta.data.periodId, from, to, amount, reason, actor: actor.slackUserId }, deps.budgetThresholds);
      if (!result.ok) {
        await ack({ response_action: "errors", errors: refusedErrors(result) });
        return;
      }
      outboxIds = result.outboxIds;
      const period = await findPeriodById(deps.db, meta.data.periodId);
      await ack({
        response_action: "update",
        view: transferDoneModal({
          amount,
          fromName: result.from.name,
          toName: result.to.name,
          fromRemaining: remaining(result.from),
          toRemaining: remaining(result.to),
          period: period?.name ?? "",
        }),
      });
      deps.log.info({ actor: actor.slackUserId, transferId: result.transferId }, "budget transfer recorded");
    } catch (err) {
      deps.log.error({ user: body.user.id, error: errorMessage(err) }, "budget transfer failed");
      await ack({ response_action: "errors", errors: { [B.amount]: "Överföringen kunde inte sparas just nu. Inget har ändrats – försök igen." } });
      return;
    }
    await deps.dispatcher.dispatch(outboxIds);
  };
}
