// The transfer modal's submit: the form checked first with every error next to its field (no
// lookup), then the role from the clicking user's id, then the transfer made under a row lock
// (never below zero) and its warnings queued.
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewOutput, ViewResponseAction, ViewSubmitAction } from "@slack/bolt";
import { remaining } from "../../domain/budget.js";
import { formatKr } from "../../domain/format.js";
import { personalDataError } from "../../domain/pii.js";
import { parseWholeNumber } from "../../domain/rules.js";
import { BUDGET_BLOCK as B } from "../../core/ids.js";
import { transferBudget, type TransferResult } from "../../services/budget-transfer.js";
import { canManageBudget, findActor } from "../../services/members.js";
import { findPeriodById } from "../../services/periods.js";
import { TRANSFER_FIELDS, transferDoneModal, transferMetadata } from "../../views/budget.js";
import { checkFields } from "../../views/fields.js";
import { parseMetadata, readState } from "../../views/state.js";
import { errorMessage, type ListenerDeps } from "../common/deps.js";
import { NOT_BUDGET_ROLE_TEXT } from "../common/texts.js";
import { type Checked, type Errors, errorsAnswer, hasErrors, noticeAnswer, refuse } from "./answers.js";

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

export interface TransferForm {
  periodId: number;
  from: string;
  to: string;
  amount: number;
  reason: string;
}

/** Parse: the metadata, the declared limits and the form's own rules; nothing is looked up. */
export function parseTransferForm(view: ViewOutput): Checked<TransferForm> {
  const meta = parseMetadata(transferMetadata, view.private_metadata);
  if (!meta.success) return refuse(noticeAnswer("Fel", "Formuläret kunde inte läsas. Kör `/nsp budget flytta` igen."));
  const values = view.state.values;
  const invalid = checkFields(values, TRANSFER_FIELDS);
  if (invalid) return refuse(errorsAnswer(invalid));
  const from = readState.selected(values, B.from) ?? "";
  const to = readState.selected(values, B.to) ?? "";
  const amount = parseWholeNumber(readState.text(values, B.amount));
  const reason = readState.text(values, B.reason).trim();
  const errors: Errors = {};
  if (!from) errors[B.from] = "Välj kategorin pengarna flyttas från.";
  if (!to) errors[B.to] = "Välj kategorin pengarna flyttas till.";
  else if (to === from) errors[B.to] = "Välj en annan kategori än den du flyttar från.";
  if (amount === null || amount < 1) errors[B.amount] = "Ange ett belopp i hela kronor, större än 0.";
  if (!reason) errors[B.reason] = "Skriv varför medlen flyttas.";
  const pii = personalDataError(reason);
  if (pii) errors[B.reason] = pii;
  if (hasErrors(errors) || amount === null) return refuse(errorsAnswer(errors));
  return { ok: true, data: { periodId: meta.data.periodId, from, to, amount, reason } };
}

function refusedErrors(r: Extract<TransferResult, { ok: false }>): Errors {
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

/** Act and respond: the transfer, and the modal that reports it (or why it was refused). */
async function transfer(deps: ListenerDeps, form: TransferForm, actor: string): Promise<{ answer: ViewResponseAction; outboxIds: number[] }> {
  const result = await transferBudget(deps.db, { ...form, actor }, deps.budgetThresholds);
  if (!result.ok) return { answer: errorsAnswer(refusedErrors(result)), outboxIds: [] };
  const period = await findPeriodById(deps.db, form.periodId);
  deps.log.info({ actor, transferId: result.transferId }, "budget transfer recorded");
  const view = transferDoneModal({
    amount: form.amount,
    fromName: result.from.name,
    toName: result.to.name,
    fromRemaining: remaining(result.from),
    toRemaining: remaining(result.to),
    period: period?.name ?? "",
  });
  return { answer: { response_action: "update", view }, outboxIds: result.outboxIds };
}

export function transferSubmitted(deps: ListenerDeps) {
  return async ({ ack, body, view }: Args): Promise<void> => {
    let outboxIds: number[] = [];
    try {
      const form = parseTransferForm(view);
      if (!form.ok) return void (await ack(form.answer));
      const actor = await findActor(deps.db, body.user.id);
      if (!canManageBudget(actor)) return void (await ack(errorsAnswer({ [B.reason]: NOT_BUDGET_ROLE_TEXT })));
      const done = await transfer(deps, form.data, actor.slackUserId);
      outboxIds = done.outboxIds;
      await ack(done.answer);
    } catch (err) {
      deps.log.error({ user: body.user.id, error: errorMessage(err) }, "budget transfer failed");
      await ack(errorsAnswer({ [B.amount]: "Överföringen kunde inte sparas just nu. Inget har ändrats – försök igen." }));
      return;
    }
    await deps.dispatcher.dispatch(outboxIds);
  };
}
