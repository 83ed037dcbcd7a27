// The payment views (issue #13, item 3) validate against Slack's Block Kit schema and say what the
// coordinator and the organisation need: the room left, the admin's override field, the confirm
// button until confirmed; and the partial decision of a rest period offers the other payers.
import { describe, expect, it } from "vitest";
import { ACTION, DECISION_BLOCK, PAYMENT_BLOCK } from "../../src/core/ids.js";
import { decisionModal } from "../../src/views/modals.js";
import { paymentModal, paymentThreadMessage, type PaymentNote } from "../../src/views/payments.js";
import { expectValidMessage, expectValidModal } from "../helpers/blockkit.js";
import { requestFixture } from "../helpers/fixtures.js";

const today = new Date("2016-12-01T00:00:00Z");
const money = { requestId: 17, title: "Ansökan nr 17 – Vila (NSP009)", committed: 39_000, released: 2_808, paid: 30_000, room: 6_192 };

describe("payment views", () => {
  it("the modal shows what is left; only an admin gets the override field", () => {
    const plain = paymentModal({ ...money, isAdmin: false }, today);
    expectValidModal(plain);
    const text = JSON.stringify(plain);
    expect(text).toContain("Beviljat 39 000 kr, återfört 2 808 kr, redan registrerat 30 000 kr. Kvar att betala ut: *6 192 kr*.");
    expect(text).toContain('"initial_date":"2016-12-01"');
    expect(text).not.toContain(PAYMENT_BLOCK.override);
    const admin = paymentModal({ ...money, isAdmin: true }, today);
    expectValidModal(admin);
    expect(JSON.stringify(admin)).toContain(PAYMENT_BLOCK.override);
  });

  it("the thread note has Bekräfta until confirmed, then who confirmed; never the payment's note", () => {
    const p: PaymentNote = { id: 5, requestId: 17, amount: 36_192, paidOn: new Date("2016-11-15T00:00:00Z"), status: "reported", reportedBy: "U0APPL", confirmedBy: null, confirmedAt: null, overrideReason: null, overrideBy: null };
    const reported = paymentThreadMessage(p);
    expectValidMessage(reported);
    expect(JSON.stringify(reported.blocks)).toContain(`"action_id":"${ACTION.confirmPayment}"`);
    expect(JSON.stringify(reported.blocks)).toContain("<@U0APPL> registrerade en utbetalning för *Ansökan nr 17*: *36 192 kr*, 2016-11-15.");
    const confirmed = paymentThreadMessage({ ...p, status: "confirmed", confirmedBy: "U0COORD", confirmedAt: new Date("2016-11-16T09:00:00Z"), overrideBy: "U0ADMIN", overrideReason: "Skäl" });
    expectValidMessage(confirmed);
    expect(JSON.stringify(confirmed.blocks)).not.toContain(ACTION.confirmPayment);
    expect(JSON.stringify(confirmed.blocks)).toContain("Bekräftad av <@U0COORD> 2016-11-16 10:00.");
    expect(JSON.stringify(confirmed.blocks)).toContain("godkänt av administratör <@U0ADMIN>");
    expect(JSON.stringify(confirmed.blocks)).not.toContain("Skäl");
  });

  it("Bevilja delvis of a rest period offers another payer from the fixed list and its amount", () => {
    const view = decisionModal(requestFixture("Motivering"), "partial", { alreadyGrantedDays: 0, maxDays: 30 });
    expectValidModal(view);
    const text = JSON.stringify(view);
    expect(text).toContain(DECISION_BLOCK.coFundingPayer);
    expect(text).toContain(DECISION_BLOCK.coFundingAmount);
    for (const name of ["Migrationsverket (ebo/dagersättning)", "Kommunen (socialtjänst)", "Annan"]) expect(text).toContain(name);
  });
});
