// The reopening confirmation's submit: coordinators and admins reopen the case (one transaction:
// the case, its audit row with what the outcome was, and the coordinator channel note).
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewResponseAction, ViewSubmitAction } from "@slack/bolt";
import { findActor } from "../../services/members.js";
import { reopenCase, type ReopenResult } from "../../services/case-outcome.js";
import { caseMetadata, caseNotFoundText, NOT_REOPEN_ROLE_TEXT, notClosedText, reopenedText } from "../../views/case-outcome.js";
import { parseMetadata } from "../../views/state.js";
import { errorMessage, type ListenerDeps } from "../common/deps.js";
import { refreshCaseFileBelow } from "../common/show-modal.js";
import { noticeAnswer } from "./answers.js";

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const TITLE = "Återöppna ärende";

function answerFor(result: ReopenResult, ref: string): ViewResponseAction {
  if (result.ok) return noticeAnswer("Ärendet återöppnat", reopenedText(result.caseRef));
  switch (result.error) {
    case "not_found":
      return noticeAnswer(TITLE, caseNotFoundText(ref));
    case "not_allowed":
      return noticeAnswer(TITLE, NOT_REOPEN_ROLE_TEXT);
    case "not_closed":
      return noticeAnswer(TITLE, notClosedText(result.caseRef));
  }
}

export function reopenCaseSubmitted(deps: ListenerDeps) {
  return async ({ ack, body, view, client }: Args): Promise<void> => {
    let outboxIds: number[] = [];
    let changed: string | null = null;
    try {
      const meta = parseMetadata(caseMetadata, view.private_metadata);
      if (!meta.success) return void (await ack(noticeAnswer(TITLE, caseNotFoundText(null))));
      const actor = await findActor(deps.db, body.user.id);
      if (!actor) return void (await ack(noticeAnswer(TITLE, caseNotFoundText(meta.data.ref))));
      const result = await reopenCase(deps.db, { ref: meta.data.ref, actor });
      if (result.ok) {
        outboxIds = result.outboxIds;
        changed = result.caseRef;
      }
      await ack(answerFor(result, meta.data.ref));
      if (result.ok) deps.log.info({ caseRef: result.caseRef, actor: actor.slackUserId }, "case reopened");
    } catch (err) {
      deps.log.error({ user: body.user.id, error: errorMessage(err) }, "reopening a case failed");
      await ack(noticeAnswer(TITLE, "Ärendet kunde inte öppnas igen just nu. Inget har ändrats – försök igen om en stund."));
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
