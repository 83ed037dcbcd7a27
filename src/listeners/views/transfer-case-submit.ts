// The "Flytta ärendet" modal's submit (issue #14): the fields checked (no lookup), then who acts,
// then transferCase (one transaction: the case's organisation, the case_transfer row, the audit
// row and the DMs to both organisations). The target organisation and the reason are checked again
// in the service (exists, certified and its certification not ended before today, not the current
// one; no personal data). Refusals go next to the field, or replace the modal (case unknown, closed).
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewResponseAction, ViewSubmitAction } from "@slack/bolt";
import { CASE_TRANSFER_BLOCK as B } from "../../core/ids.js";
import { openRequestsText, outcomeWithDate } from "../../domain/case-outcome.js";
import { transferReasonError } from "../../domain/case-transfer.js";
import { transferCase, type TransferCaseResult } from "../../services/case-transfer.js";
import { findActor } from "../../services/members.js";
import { caseNotFoundText } from "../../views/case-outcome.js";
import { TRANSFER_CASE_FIELDS, transferDoneText, transferMetadata } from "../../views/case-transfer.js";
import { checkFields } from "../../views/fields.js";
import { parseMetadata, readState } from "../../views/state.js";
import { errorMessage, todayOf, type ListenerDeps } from "../common/deps.js";
import { refreshCaseFileBelow } from "../common/show-modal.js";
import { errorsAnswer, noticeAnswer, type Errors } from "./answers.js";

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const TITLE = "Flytta ärende";

function answerFor(result: TransferCaseResult, ref: string): ViewResponseAction {
  if (result.ok) return noticeAnswer("Ärendet flyttat", transferDoneText(result.caseRef, result.fromOrg, result.toOrg));
  switch (result.error) {
    case "not_found":
      return noticeAnswer(TITLE, caseNotFoundText(ref));
    case "reason":
      return errorsAnswer({ [B.reason]: result.message });
    case "target":
      return errorsAnswer({ [B.toOrg]: result.message });
    case "closed":
      return noticeAnswer(TITLE, `Ärende ${result.caseRef} är avslutat (${outcomeWithDate(result.outcome, result.closedOn)}); öppna det igen innan det flyttas.`);
    case "open_requests":
      return errorsAnswer({ [B.toOrg]: openRequestsText(result.open) });
  }
}

export function transferCaseSubmitted(deps: ListenerDeps) {
  return async ({ ack, body, view, client }: Args): Promise<void> => {
    let outboxIds: number[] = [];
    let changed: string | null = null;
    try {
      const meta = parseMetadata(transferMetadata, view.private_metadata);
      if (!meta.success) return void (await ack(noticeAnswer(TITLE, caseNotFoundText(null))));
      const invalid = checkFields(view.state.values, TRANSFER_CASE_FIELDS);
      if (invalid) return void (await ack(errorsAnswer(invalid)));
      const toOrg = readState.selected(view.state.values, B.toOrg) ?? "";
      const reason = readState.text(view.state.values, B.reason);
      const errors: Errors = {};
      const toOrgId = /^[1-9]\d{0,9}$/.test(toOrg) ? Number(toOrg) : null;
      if (toOrgId === null) errors[B.toOrg] = "Välj organisationen som tar över ärendet.";
      const reasonError = transferReasonError(reason);
      if (reasonError) errors[B.reason] = reasonError;
      if (toOrgId === null || reasonError) return void (await ack(errorsAnswer(errors)));
      const actor = await findActor(deps.db, body.user.id);
      if (!actor) return void (await ack(noticeAnswer(TITLE, caseNotFoundText(meta.data.ref))));
      const result = await transferCase(deps.db, { ref: meta.data.ref, actor, toOrgId, reason, today: todayOf(deps) });
      if (result.ok) {
        outboxIds = result.outboxIds;
        changed = result.caseRef;
      }
      await ack(answerFor(result, meta.data.ref));
      if (result.ok) deps.log.info({ caseRef: result.caseRef, transferId: result.transferId, actor: actor.slackUserId }, "case transferred");
    } catch (err) {
      deps.log.error({ user: body.user.id, error: errorMessage(err) }, "transferring a case failed");
      await ack(errorsAnswer({ [B.toOrg]: "Ärendet kunde inte flyttas just nu. Inget har ändrats – försök igen om en stund." }));
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
