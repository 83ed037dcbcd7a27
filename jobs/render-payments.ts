// The coordinator thread note of a payment (issue #13, item 3) and its update once a coordinator
// confirmed or rejected it, and the DM to the reporter of a rejected payment, rendered from the
// payment row at send time; the note of a settlement, rendered from its audit row (what that
// settlement did, whatever happened since).
import { outboxKeys, type OutboxKind } from "../src/domain/outbox.js";
import { loadPayment, settlementNote } from "../src/services/payments.js";
import { paymentRejectedDm, paymentThreadMessage, settledThreadMessage } from "../src/views/payments.js";
import type { ClaimedRow, DeliveryDeps, Renderer } from "./delivery-types.js";
import { forRequest, inThread, sentRow } from "./render-request.js";

async function paymentOf(deps: DeliveryDeps, row: ClaimedRow) {
  const p = row.refId === null ? null : await loadPayment(deps.db, row.refId);
  if (!p || p.requestId !== row.requestId) throw new Error(`payment ${row.refId} of request ${row.requestId} not found`);
  return p;
}

export const PAYMENT_RENDERERS = {
  thread_payment: forRequest(async (deps, row, r) => inThread(r, paymentThreadMessage(await paymentOf(deps, row)))),
  thread_payment_refresh: forRequest(async (deps, row, r) => {
    const p = await paymentOf(deps, row);
    const note = await sentRow(deps.db, outboxKeys.request(r.id, "thread_payment", p.id));
    return { method: "update", ...note, message: paymentThreadMessage(p) };
  }),
  thread_settled: forRequest(async (deps, row, r) => {
    const note = row.refId === null ? null : await settlementNote(deps.db, row.refId);
    if (!note || note.requestId !== r.id) throw new Error(`settlement audit ${row.refId} of request ${r.id} not found`);
    return inThread(r, settledThreadMessage(note));
  }),
  // The reporter of a rejected payment, by DM (the reason's text stays with the coordinators).
  payment_rejected_dm: forRequest(async (deps, row) => {
    const p = await paymentOf(deps, row);
    return { method: "post", channel: p.reportedBy, message: paymentRejectedDm(p) };
  }),
} satisfies Partial<Record<OutboxKind, Renderer>>;
