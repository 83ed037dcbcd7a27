// The admin's override modal: amount and reason checked next to the fields (no lookup), then the
// role from the clicking user's id (admin only) and the request (still open), then the override
// recorded (with an audit row) and the coordinator message refreshed so it shows the allowance.
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewOutput, ViewSubmitAction } from "@slack/bolt";
import { formatKr } from "../../domain/format.js";
import { requestName } from "../../domain/request-name.js";
import { personalDataError } from "../../domain/pii.js";
import { parseWholeNumber } from "../../domain/rules.js";
import { OPEN_STATUSES } from "../../domain/types.js";
import { BUDGET_BLOCK as B } from "../../core/ids.js";
import { addOverride, OverrideJavError } from "../../services/budget-commit.js";
import { findActor } from "../../services/members.js";
import { requestStatus } from "../../services/requests.js";
import { OVERRIDE_FIELDS, overrideMetadata } from "../../views/budget.js";
import { checkFields } from "../../views/fields.js";
import { parseMetadata, readState } from "../../views/state.js";
import { errorMessage, type ListenerDeps } from "../common/deps.js";
import { NOT_ADMIN_TEXT } from "../common/texts.js";
import { overrideJavText } from "../../domain/budget.js";
import { type Checked, type Errors, errorsAnswer, hasErrors, noticeAnswer, refuse } from "./answers.js";

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

export interface OverrideForm {
  requestId: number;
  amount: number;
  reason: string;
}

/** Parse: the metadata, the declared limits, the amount and the reason; nothing is looked up. */
export function parseOverrideForm(view: ViewOutput): Checked<OverrideForm> {
  const meta = parseMetadata(overrideMetadata, view.private_metadata);
  if (!meta.success) return refuse(noticeAnswer("Fel", "Formuläret kunde inte läsas. Kör kommandot igen."));
  const invalid = checkFields(view.state.values, OVERRIDE_FIELDS);
  if (invalid) return refuse(errorsAnswer(invalid));
  const amount = parseWholeNumber(readState.text(view.state.values, B.overrideAmount));
  const reason = readState.text(view.state.values, B.overrideReason);
  const errors: Errors = {};
  if (amount === null || amount < 1) errors[B.overrideAmount] = "Ange ett belopp i hela kronor, större än 0.";
  if (!reason) errors[B.overrideReason] = "Skälet krävs och sparas med överskridandet.";
  const pii = personalDataError(reason);
  if (pii) errors[B.overrideReason] = pii;
  if (hasErrors(errors) || amount === null) return refuse(errorsAnswer(errors));
  return { ok: true, data: { requestId: meta.data.requestId, amount, reason } };
}

export function overrideSubmitted(deps: ListenerDeps) {
  return async ({ ack, body, view }: Args): Promise<void> => {
    let outboxIds: number[] = [];
    try {
      const form = parseOverrideForm(view);
      if (!form.ok) return void (await ack(form.answer));
      const { requestId, amount, reason } = form.data;
      const actor = await findActor(deps.db, body.user.id);
      if (actor?.role !== "admin") return void (await ack(errorsAnswer({ [B.overrideReason]: NOT_ADMIN_TEXT })));
      const status = await requestStatus(deps.db, requestId);
      if (!status) return void (await ack(errorsAnswer({ [B.overrideReason]: "Ansökan finns inte." })));
      if (!OPEN_STATUSES.includes(status)) return void (await ack(errorsAnswer({ [B.overrideReason]: "Ansökan är redan beslutad." })));
      const result = await addOverride(deps.db, { requestId, amount, reason, actor: actor.slackUserId });
      outboxIds = result.outboxIds;
      const text = `:unlock: ${requestName(requestId)} får överskrida budgeten med högst ${formatKr(amount)}. Samordnaren kan nu bevilja.`;
      await ack(noticeAnswer("Överskridande godkänt", text));
      deps.log.info({ actor: actor.slackUserId, requestId, overrideId: result.override.id }, "budget override recorded");
    } catch (err) {
      // A member of the request's own organisation (issue #14, jäv), checked where the override is written.
      if (err instanceof OverrideJavError) return void (await ack(errorsAnswer({ [B.overrideReason]: overrideJavText(err.orgName) })));
      deps.log.error({ user: body.user.id, error: errorMessage(err) }, "budget override failed");
      await ack(errorsAnswer({ [B.overrideReason]: "Överskridandet kunde inte sparas just nu. Inget har ändrats – försök igen." }));
      return;
    }
    await deps.dispatcher.dispatch(outboxIds);
  };
}
