// The apply modal's submit: the declared limits checked first (no lookup), then who may apply,
// then the form validated (errors next to the fields), then its cost compared with the figure the
// modal showed (not the same: the modal comes back with the exact cost, nothing stored), and stored
// in one transaction with its outbox messages; answered with a confirmation, then the
// notifications are queued.
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewResponseAction, ViewSubmitAction } from "@slack/bolt";
import { mustReconfirmCost, type ApplyForm } from "../../domain/apply-form.js";
import type { NewRequest } from "../../domain/request.js";
import { requestLine } from "../../domain/request-name.js";
import { APPLY_BLOCK } from "../../core/ids.js";
import { buildRequest, caseNotHereText, previewCost } from "../../services/apply.js";
import { readApplyForm } from "../../views/apply-form.js";
import { findActor } from "../../services/members.js";
import { CaseClosedError, CaseMovedError, submitRequest } from "../../services/requests.js";
import { caseClosedText } from "../../domain/case-outcome.js";
import { APPLY_FIELDS, applyConfirmation, applyMetadata, applyModal } from "../../views/apply-modal.js";
import { parseMetadata } from "../../views/state.js";
import { checkFields } from "../../views/fields.js";
import { errorMessage, todayOf, type ListenerDeps } from "../common/deps.js";
import { applyRefusal, NOT_MEMBER_TEXT } from "../common/texts.js";
import { errorsAnswer } from "./answers.js";
import { startedNote } from "../../views/request.js";

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

export const SAVE_FAILED_TEXT = "Ansökan kunde inte sparas just nu. Inget har skickats – försök igen om en stund; det du har skrivit finns kvar.";

/**
 * The modal again, with the exact cost and "Kostnaden har räknats om", when the figure the modal
 * showed (its metadata) is not the amount about to be stored; null when they agree (issue #13).
 * Forged or replayed metadata can only cause this extra confirmation: the amount stored is always
 * the one computed here, and it is stored only when the modal showed exactly that figure.
 */
async function reconfirmCost(deps: ListenerDeps, orgName: string, form: ApplyForm, request: NewRequest, metadata: string | undefined): Promise<ViewResponseAction | null> {
  const meta = parseMetadata(applyMetadata, metadata);
  const shown = meta.success ? meta.data.shownCost : undefined;
  if (!mustReconfirmCost(request.type, shown, request.requestedAmount)) return null;
  const preview = await previewCost(deps.db, form);
  const view = applyModal({ type: request.type, orgName, caseRef: form.caseRef || undefined, costPreview: preview.text, shownCost: preview.total, recalculated: true });
  return { response_action: "update", view };
}

export function applySubmitted(deps: ListenerDeps) {
  return async ({ ack, body, view }: Args): Promise<void> => {
    let outboxIds: number[] = [];
    let actorOrg = "din organisation";
    try {
      // Length, control characters, ranges, options, duplicates: before anything is read or stored.
      const invalid = checkFields(view.state.values, APPLY_FIELDS);
      if (invalid) return void (await ack(errorsAnswer(invalid)));
      const actor = await findActor(deps.db, body.user.id);
      // The certification's end date too (issue #14): read now, whatever the modal was opened with.
      const refusal = applyRefusal(actor, todayOf(deps));
      if (refusal !== null || !actor) return void (await ack(errorsAnswer({ [APPLY_BLOCK.justification]: refusal ?? NOT_MEMBER_TEXT })));
      actorOrg = actor.orgName;
      const form = readApplyForm(view.state.values);
      const built = await buildRequest(deps.db, actor, form, view.id, deps.today?.());
      if ("errors" in built) return void (await ack(errorsAnswer(built.errors as Record<string, string>)));
      const again = await reconfirmCost(deps, actor.orgName, form, built.request, view.private_metadata);
      if (again) return void (await ack(again));
      const saved = await submitRequest(deps.db, built.request);
      outboxIds = saved.outboxIds;
      // "Ansökan nr 12 – Insats: terapi … (NSP001) är skickad": the number and case are in the title.
      const title = requestLine({ ...built.request, id: saved.requestId, caseRef: saved.caseRef });
      await ack({ response_action: "update", view: applyConfirmation(null, title, startedNote(built.request)) });
      deps.log.info({ requestId: saved.requestId, duplicate: saved.duplicate }, "request submitted");
    } catch (err) {
      // The case was closed between the check above and the insert (issue #12): nothing was stored.
      if (err instanceof CaseClosedError) return void (await ack(errorsAnswer({ [APPLY_BLOCK.caseRef]: caseClosedText(err.caseRef, err.outcome, err.closedOn) })));
      // The case was moved to another organisation meanwhile (issue #14): the answer of an unknown case.
      if (err instanceof CaseMovedError) return void (await ack(errorsAnswer({ [APPLY_BLOCK.caseRef]: caseNotHereText(err.caseRef, actorOrg) })));
      deps.log.error({ user: body.user.id, error: errorMessage(err) }, "apply submission failed");
      await ack(errorsAnswer({ [APPLY_BLOCK.justification]: SAVE_FAILED_TEXT }));
      return;
    }
    await deps.dispatcher.dispatch(outboxIds);
  };
}
