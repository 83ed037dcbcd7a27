// The "Slutreglera" confirmation's submit (issue #13, item 3): private_metadata parsed with zod
// (request id and the total the modal showed), the clicking user looked up again, then settleGrant
// (one transaction under the request's lock: role, jäv, unconfirmed payments and "already settled"
// checked again, the releases, the audit row, the coordinator thread note and the Home refreshes).
// A total different from the one shown is refused ("changed"): what was confirmed is what is
// released. Every refusal replaces the modal with a Swedish notice; nothing is changed.
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewResponseAction, ViewSubmitAction } from "@slack/bolt";
import { findActor } from "../../services/members.js";
import { settleGrant, type SettleResult } from "../../services/payments.js";
import { loadRequest } from "../../services/requests.js";
import { settleDoneText, settleMetadata, settleRefusalText } from "../../views/payments.js";
import { parseMetadata } from "../../views/state.js";
import { errorMessage, type ListenerDeps } from "../common/deps.js";
import { refreshCaseFileBelow } from "../common/show-modal.js";
import { noticeAnswer } from "./answers.js";

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const TITLE = "Slutreglera";

const answerFor = (result: SettleResult, requestId: number): ViewResponseAction =>
  result.ok ? noticeAnswer("Slutreglerad", settleDoneText(requestId, result.paid, result.released)) : noticeAnswer(TITLE, settleRefusalText(requestId, result));

export function settleSubmitted(deps: ListenerDeps) {
  return async ({ ack, body, view, client }: Args): Promise<void> => {
    let outboxIds: number[] = [];
    let settled: number | null = null;
    try {
      const meta = parseMetadata(settleMetadata, view.private_metadata);
      if (!meta.success) return void (await ack(noticeAnswer(TITLE, settleRefusalText(0, { error: "not_found" }))));
      const { requestId, release } = meta.data;
      const actor = await findActor(deps.db, body.user.id);
      if (!actor) return void (await ack(noticeAnswer(TITLE, settleRefusalText(requestId, { error: "not_allowed" }))));
      const result = await settleGrant(deps.db, { requestId, actor, expectedRelease: release });
      if (result.ok) {
        outboxIds = result.outboxIds;
        settled = requestId;
      }
      await ack(answerFor(result, requestId));
      if (result.ok) deps.log.info({ requestId, released: result.released, actor: actor.slackUserId }, "grant settled");
    } catch (err) {
      deps.log.error({ user: body.user.id, error: errorMessage(err) }, "settling a grant failed");
      await ack(noticeAnswer(TITLE, "Slutregleringen kunde inte göras just nu. Inget har ändrats – försök igen om en stund."));
      return;
    }
    await deps.dispatcher.dispatch(outboxIds);
    if (settled !== null) {
      // The case file below (if the modal was pushed onto it) shows the grant settled, without the button.
      const ref = (await loadRequest(deps.db, settled).catch(() => null))?.case?.ref;
      if (ref) {
        await refreshCaseFileBelow(deps.db, client, body.user.id, view.previous_view_id, ref).catch((err: unknown) =>
          deps.log.warn({ user: body.user.id, error: errorMessage(err) }, "case file not refreshed"),
        );
      }
    }
  };
}
