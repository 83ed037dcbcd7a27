// "Återöppna ärende" (ACTION.reopenCase, value = case ref): coordinators and admins get a
// confirmation modal; the owning organisation's applicants are told who may; anyone else, or a
// forged ref: "finns inte".
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { parseCaseRef } from "../../domain/rules.js";
import { caseForOutcome } from "../../services/case-outcome.js";
import { findActor } from "../../services/members.js";
import { noticeModal } from "../../views/blocks.js";
import { caseNotFoundText, NOT_REOPEN_ROLE_TEXT, notClosedText, reopenCaseModal } from "../../views/case-outcome.js";
import { errorMessage, type ListenerDeps } from "../common/deps.js";
import { CASE_ERROR_TEXT } from "../common/case-file.js";
import { showModal } from "../common/show-modal.js";

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

const TITLE = "Återöppna ärende";

export function reopenCaseClicked(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: Args): Promise<void> => {
    await ack();
    try {
      const ref = typeof action.value === "string" && action.value.length <= 20 ? parseCaseRef(action.value) : null;
      const actor = ref ? await findActor(deps.db, body.user.id) : null;
      const found = ref && actor ? await caseForOutcome(deps.db, ref, actor, "reopen") : null;
      let view;
      if (!found || (!found.ok && found.error === "not_found")) view = noticeModal(TITLE, caseNotFoundText(ref));
      else if (!found.ok) view = noticeModal(TITLE, NOT_REOPEN_ROLE_TEXT);
      else if (!found.case.outcome || !found.case.closedOn) view = noticeModal(TITLE, notClosedText(found.case.ref));
      else view = reopenCaseModal({ ref: found.case.ref, outcome: found.case.outcome, closedOn: found.case.closedOn, closedBy: found.case.closedBy });
      await showModal(client, body, view);
    } catch (err) {
      deps.log.error({ user: body.user.id, error: errorMessage(err) }, "reopen case modal failed");
      // The user is told, as "Visa ärende" does (open-case.ts); nothing was changed.
      await showModal(client, body, noticeModal(TITLE, CASE_ERROR_TEXT)).catch(() => undefined);
    }
  };
}
