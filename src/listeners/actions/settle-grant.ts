// "Slutreglera" (ACTION.settleGrant, value = request id) in the case file, shown to coordinators
// and admins on a granted request with money until it is settled (issue #13, item 3): the
// confirmation modal with the server's figures (services/payments.ts settlementPreview: the same
// arithmetic settleGrant releases). Anyone else, a forged id, a jäv coordinator, unconfirmed
// payments or a grant already settled: a notice saying so, nothing opened to submit. The submit
// (views/settle-submit.ts) checks everything again.
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { parseRecordId } from "../../domain/record-id.js";
import { requestLine } from "../../domain/request-name.js";
import { findActor } from "../../services/members.js";
import { settlementPreview } from "../../services/payments.js";
import { loadRequest } from "../../services/requests.js";
import { noticeModal, type ModalView } from "../../views/blocks.js";
import { settleModal, settleRefusalText } from "../../views/payments.js";
import { errorMessage, type ListenerDeps } from "../common/deps.js";
import { CLICK_FAILED_TEXT, showFailure, showModal } from "../common/show-modal.js";

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

const TITLE = "Slutreglera";

async function settleView(deps: ListenerDeps, userId: string, value: string | undefined): Promise<ModalView> {
  const id = parseRecordId(value);
  const actor = id !== null ? await findActor(deps.db, userId) : null;
  if (id === null || !actor) return noticeModal(TITLE, settleRefusalText(id ?? 0, { error: id === null ? "not_found" : "not_allowed" }));
  const result = await settlementPreview(deps.db, id, actor);
  if (!result.ok) return noticeModal(TITLE, settleRefusalText(id, result));
  const r = await loadRequest(deps.db, id);
  if (!r) return noticeModal(TITLE, settleRefusalText(id, { error: "not_found" }));
  return settleModal({ ...result.preview, title: requestLine({ ...r, caseRef: r.case?.ref ?? null }) });
}

export function settleGrantClicked(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: Args): Promise<void> => {
    await ack();
    try {
      await showModal(client, body, await settleView(deps, body.user.id, action.value));
    } catch (err) {
      deps.log.error({ user: body.user.id, error: errorMessage(err) }, "settle modal failed");
      await showFailure(client, body, TITLE, CLICK_FAILED_TEXT);
    }
  };
}
