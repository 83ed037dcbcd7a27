// "Registrera utbetalning" (ACTION.registerPayment, value = request id) on a granted request's
// decision DM or in the case file: a member of the case's current organisation (the request's
// when it has no case; after a transfer the new one) (or a coordinator or an
// admin) gets the payment modal; anyone else, or a forged id, "finns inte"; a granted inquiry or
// admission (no money) "kostar inga pengar". The submit checks
// everything again (services/payments.ts).
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { noMoneyText, typeHasMoney } from "../../domain/payment.js";
import { parseRecordId } from "../../domain/record-id.js";
import { requestLine } from "../../domain/request-name.js";
import { todayDate } from "../../domain/format.js";
import { findActor } from "../../services/members.js";
import { requestMoney } from "../../services/payments.js";
import { loadRequest } from "../../services/requests.js";
import { noticeModal } from "../../views/blocks.js";
import { notGrantedText, PAYMENT_NOT_FOUND_TEXT, paymentModal, settledText } from "../../views/payments.js";
import { errorMessage, type ListenerDeps } from "../common/deps.js";
import { CLICK_FAILED_TEXT, showFailure, showModal } from "../common/show-modal.js";

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

const TITLE = "Utbetalning";

export function registerPaymentClicked(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: Args): Promise<void> => {
    await ack();
    try {
      const id = parseRecordId(action.value);
      const actor = id !== null ? await findActor(deps.db, body.user.id) : null;
      const r = id !== null && actor ? await loadRequest(deps.db, id) : null;
      const money = r ? await requestMoney(deps.db, r.id) : null;
      const coordinator = actor?.role === "coordinator" || actor?.role === "admin";
      let view;
      // After a case transfer the case's current organisation reports (as services/payments.ts).
      const orgId = r ? (r.case?.orgId ?? r.orgId) : null;
      if (!r || !actor || !money || (orgId !== actor.orgId && !coordinator)) view = noticeModal(TITLE, PAYMENT_NOT_FOUND_TEXT);
      else if (r.status !== "granted" && r.status !== "partly_granted") view = noticeModal(TITLE, notGrantedText(r.id));
      else if (!typeHasMoney(r.type)) view = noticeModal(TITLE, noMoneyText(r.id));
      else if (money.settled) view = noticeModal(TITLE, settledText(r.id));
      else {
        const title = requestLine({ ...r, caseRef: r.case?.ref ?? null });
        view = paymentModal({ requestId: r.id, title, ...money, isAdmin: actor.role === "admin" }, deps.today?.() ?? todayDate());
      }
      await showModal(client, body, view);
    } catch (err) {
      deps.log.error({ user: body.user.id, error: errorMessage(err) }, "payment modal failed");
      await showFailure(client, body, TITLE, CLICK_FAILED_TEXT);
    }
  };
}
