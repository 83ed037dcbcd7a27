// The closing modal's submit: the fields checked (no lookup), then who acts, then closeCase (one
// transaction: the case, its audit row and the coordinator channel note). Refusals go next to the
// field (a date out of range, requests still waiting) or replace the modal (already closed).
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewResponseAction, ViewSubmitAction } from "@slack/bolt";
import { CASE_CLOSE_BLOCK as B } from "../../core/ids.js";
import { isCaseOutcome, openRequestsText } from "../../domain/case-outcome.js";
import { parseIsoDate, todayDate } from "../../domain/format.js";
import { closeCase, type CloseResult } from "../../services/case-outcome.js";
import { findActor } from "../../services/members.js";
import { alreadyClosedText, caseMetadata, caseNotFoundText, CLOSE_CASE_FIELDS, closedDoneText } from "../../views/case-outcome.js";
import { checkFields } from "../../views/fields.js";
import { parseMetadata, readState } from "../../views/state.js";
import { errorMessage, type ListenerDeps } from "../common/deps.js";
import { refreshCaseFileBelow } from "../common/show-modal.js";
import { errorsAnswer, noticeAnswer, type Errors } from "./answers.js";

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const TITLE = "Avsluta ärende";

function answerFor(result: CloseResult, ref: string): ViewResponseAction {
  if (result.ok) return noticeAnswer("Ärendet avslutat", closedDoneText(result.caseRef, result.outcome, result.closedOn));
  switch (result.error) {
    case "not_found":
      return noticeAnswer(TITLE, caseNotFoundText(ref));
    case "already_closed":
      return noticeAnswer(TITLE, alreadyClosedText(result.caseRef, result.outcome, result.closedOn, result.closedBy));
    case "open_requests":
      return errorsAnswer({ [B.outcome]: openRequestsText(result.open) });
    case "date":
      return errorsAnswer({ [B.closedOn]: result.message });
  }
}

export function closeCaseSubmitted(deps: ListenerDeps) {
  return async ({ ack, body, view, client }: Args): Promise<void> => {
    let outboxIds: number[] = [];
    let changed: string | null = null;
    try {
      const meta = parseMetadata(caseMetadata, view.private_metadata);
      if (!meta.success) return void (await ack(noticeAnswer(TITLE, caseNotFoundText(null))));
      const invalid = checkFields(view.state.values, CLOSE_CASE_FIELDS);
      if (invalid) return void (await ack(errorsAnswer(invalid)));
      const outcome = readState.selected(view.state.values, B.outcome);
      const dateText = readState.date(view.state.values, B.closedOn);
      const closedOn = dateText ? parseIsoDate(dateText) : null;
      const errors: Errors = {};
      if (!isCaseOutcome(outcome)) errors[B.outcome] = "Välj hur ärendet avslutades.";
      if (!closedOn) errors[B.closedOn] = "Välj datumet då ärendet avslutades.";
      if (!isCaseOutcome(outcome) || !closedOn) return void (await ack(errorsAnswer(errors)));
      const actor = await findActor(deps.db, body.user.id);
      if (!actor) return void (await ack(noticeAnswer(TITLE, caseNotFoundText(meta.data.ref))));
      const today = deps.today?.() ?? todayDate();
      const result = await closeCase(deps.db, { ref: meta.data.ref, actor, outcome, closedOn, today });
      if (result.ok) {
        outboxIds = result.outboxIds;
        changed = result.caseRef;
      }
      await ack(answerFor(result, meta.data.ref));
      if (result.ok) deps.log.info({ caseRef: result.caseRef, outcome, actor: actor.slackUserId }, "case closed");
    } catch (err) {
      deps.log.error({ user: body.user.id, error: errorMessage(err) }, "closing a case failed");
      await ack(errorsAnswer({ [B.outcome]: "Ärendet kunde inte avslutas just nu. Inget har ändrats – försök igen om en stund." }));
      return;
    }
    await deps.dispatcher.dispatch(outboxIds);
    if (changed) {
      await refreshCaseFileBelow(deps.db, client, body.user.id, view.previous_view_id, changed).catch((err: unknown) =>
        deps.log.warn({ user: body.user.id, error: errorMessage(err) }, "case file not refreshed"),
      );
    }
  };
}
