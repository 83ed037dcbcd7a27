// "Flytta ärendet" (ACTION.transferCase, value = case ref; issue #14): coordinators and admins get
// the modal (a target organisation certified as at today, and reason); a closed case, or one with a request still
// waiting for a decision, gets the reason instead. Anyone else, or a forged ref: "finns inte".
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { openRequestsText, outcomeWithDate } from "../../domain/case-outcome.js";
import { parseCaseRef } from "../../domain/rules.js";
import { caseForTransfer, type TransferView } from "../../services/case-transfer.js";
import { findActor } from "../../services/members.js";
import { noticeModal, type ModalView } from "../../views/blocks.js";
import { caseNotFoundText } from "../../views/case-outcome.js";
import { noTargetsText, transferCaseModal } from "../../views/case-transfer.js";
import { errorMessage, todayOf, type ListenerDeps } from "../common/deps.js";
import { CASE_ERROR_TEXT } from "../common/case-file.js";
import { showModal } from "../common/show-modal.js";

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

const TITLE = "Flytta ärende";

function viewFor(found: TransferView | null, ref: string | null): ModalView {
  if (!found?.ok) return noticeModal(TITLE, caseNotFoundText(ref));
  const c = found.case;
  if (found.closed) return noticeModal(TITLE, `Ärende ${c.ref} är avslutat (${outcomeWithDate(found.closed.outcome, found.closed.closedOn)}); öppna det igen innan det flyttas.`);
  if (found.open.length > 0) return noticeModal(TITLE, `Ärende ${c.ref} kan inte flyttas än. ${openRequestsText(found.open)}`);
  if (found.targets.length === 0) return noticeModal(TITLE, noTargetsText(c.ref));
  return transferCaseModal(c, found.targets);
}

export function transferCaseClicked(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: Args): Promise<void> => {
    await ack();
    try {
      const ref = typeof action.value === "string" && action.value.length <= 20 ? parseCaseRef(action.value) : null;
      const actor = ref ? await findActor(deps.db, body.user.id) : null;
      const found = ref && actor ? await caseForTransfer(deps.db, ref, actor, todayOf(deps)) : null;
      await showModal(client, body, viewFor(found, ref));
    } catch (err) {
      deps.log.error({ user: body.user.id, error: errorMessage(err) }, "transfer case modal failed");
      await showModal(client, body, noticeModal(TITLE, CASE_ERROR_TEXT)).catch(() => undefined);
    }
  };
}
