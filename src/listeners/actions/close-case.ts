// "Avsluta ärende" (ACTION.closeCase, value = case ref): members of the owning organisation,
// coordinators and admins get the closing modal (outcome and date); a case with a request still
// waiting for a decision gets the reason instead. Anyone else, or a forged ref: "finns inte".
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { openRequestsText } from "../../domain/case-outcome.js";
import { todayDate } from "../../domain/format.js";
import { parseCaseRef } from "../../domain/rules.js";
import { caseForOutcome } from "../../services/case-outcome.js";
import { findActor } from "../../services/members.js";
import { noticeModal } from "../../views/blocks.js";
import { alreadyClosedText, caseNotFoundText, closeCaseModal } from "../../views/case-outcome.js";
import { errorMessage, type ListenerDeps } from "../common/deps.js";
import { CASE_ERROR_TEXT } from "../common/case-file.js";
import { showModal } from "../common/show-modal.js";

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

const TITLE = "Avsluta ärende";

export function closeCaseClicked(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: Args): Promise<void> => {
    await ack();
    try {
      const ref = typeof action.value === "string" && action.value.length <= 20 ? parseCaseRef(action.value) : null;
      const actor = ref ? await findActor(deps.db, body.user.id) : null;
      const found = ref && actor ? await caseForOutcome(deps.db, ref, actor, "close") : null;
      let view;
      if (!found?.ok) view = noticeModal(TITLE, caseNotFoundText(ref));
      else if (found.case.outcome && found.case.closedOn) view = noticeModal(TITLE, alreadyClosedText(found.case.ref, found.case.outcome, found.case.closedOn, found.case.closedBy));
      else if (found.open.length > 0) view = noticeModal(TITLE, `Ärende ${found.case.ref} kan inte avslutas än. ${openRequestsText(found.open)}`);
      else view = closeCaseModal(found.case, deps.today?.() ?? todayDate());
      await showModal(client, body, view);
    } catch (err) {
      deps.log.error({ user: body.user.id, error: errorMessage(err) }, "close case modal failed");
      // The user is told, as "Visa ärende" does (open-case.ts); nothing was changed.
      await showModal(client, body, noticeModal(TITLE, CASE_ERROR_TEXT)).catch(() => undefined);
    }
  };
}
