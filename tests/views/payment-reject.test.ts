// Rejecting a reported payment (review of #13): "Avvisa" next to "Bekräfta utbetalning" until one
// of them is used, then who rejected (never the reason); the reason modal; the reporter's DM
// without the reason's text. All validate against Slack's Block Kit schema.
import { describe, expect, it } from "vitest";
import { ACTION, CALLBACK, PAYMENT_BLOCK } from "../../src/core/ids.js";
import { paymentRejectedDm, paymentThreadMessage, rejectPaymentModal, type PaymentNote } from "../../src/views/payments.js";
import { expectValidMessage, expectValidModal } from "../helpers/blockkit.js";

const p: PaymentNote = { id: 5, requestId: 17, amount: 39_000, paidOn: new Date("2016-11-15T00:00:00Z"), status: "reported", reportedBy: "U0APPL", confirmedBy: null, confirmedAt: null, overrideReason: null, overrideBy: null };

describe("rejecting a payment", () => {
  it("the thread note offers Avvisa beside Bekräfta while the payment waits; afterwards neither, and who rejected", () => {
    const reported = JSON.stringify(paymentThreadMessage(p).blocks);
    expect(reported).toContain(`"action_id":"${ACTION.confirmPayment}"`);
    expect(reported).toContain(`"action_id":"${ACTION.rejectPayment}"`);
    const rejected = paymentThreadMessage({ ...p, status: "rejected", rejectedBy: "U0COORD", rejectedAt: new Date("2016-11-16T09:00:00Z") });
    expectValidMessage(rejected);
    const text = JSON.stringify(rejected.blocks);
    expect(text).not.toContain(ACTION.confirmPayment);
    expect(text).not.toContain(ACTION.rejectPayment);
    expect(text).toContain("*Avvisad* av <@U0COORD> 2016-11-16 10:00: räknas inte som utbetald och inte mot beviljat.");
  });

  it("the modal asks for the reason; the DM names the payment and who rejected it, never the reason", () => {
    const view = rejectPaymentModal(p);
    expectValidModal(view);
    expect(view.callback_id).toBe(CALLBACK.rejectPayment);
    expect(JSON.stringify(view)).toContain(PAYMENT_BLOCK.rejectReason);
    expect(JSON.stringify(view)).toContain("*Ansökan nr 17*: 39 000 kr, 2016-11-15.");
    const dm = paymentRejectedDm({ ...p, rejectedBy: "U0COORD" });
    expectValidMessage(dm);
    expect(dm.text).toBe("Utbetalningen på 39 000 kr för Ansökan nr 17 avvisades.");
    expect(JSON.stringify(dm.blocks)).toContain("<@U0COORD> avvisade utbetalningen på *39 000 kr* (2016-11-15) för *Ansökan nr 17*.");
  });
});
