// "Slutreglera" (issue #13, item 3): the confirmation modal shows the server's figures and warns that
// it cannot be undone; its metadata carries the request and the total shown; the refusals are
// Swedish; the coordinator thread note names who settled, what was paid and what came back where;
// the case file offers the button to coordinators only, and never once the grant is settled.
import { describe, expect, it } from "vitest";
import { ACTION, CALLBACK } from "../../src/core/ids.js";
import { historyOrder, type CaseFileRequest } from "../../src/domain/case-file.js";
import { caseFileModal, paymentsBlock } from "../../src/views/case-file.js";
import { settledThreadMessage, settleMetadata, settleModal, settleRefusalText } from "../../src/views/payments.js";
import { parseMetadata } from "../../src/views/state.js";
import { expectValidMessage, expectValidModal } from "../helpers/blockkit.js";

const preview = {
  requestId: 17,
  title: "Ansökan nr 17 – Vila (NSP009)",
  committed: 39_000,
  released: 0,
  paid: 36_192,
  lines: [
    { name: "Vila", amount: 2_246 },
    { name: "Vila, barntillägg", amount: 562 },
  ],
  total: 2_808,
};

describe("the Slutreglera confirmation", () => {
  it("shows granted, paid and what goes back per category, warns, and carries the total shown", () => {
    const view = settleModal(preview);
    expectValidModal(view);
    expect(view.callback_id).toBe(CALLBACK.settleGrant);
    const text = JSON.stringify(view.blocks);
    expect(text).toContain("Beviljat: *39 000 kr*");
    expect(text).toContain("Bekräftat utbetalt: *36 192 kr*");
    expect(text).toContain("Tillbaka till budgeten: *2 808 kr*");
    expect(text).toContain("• Vila: 2 246 kr");
    expect(text).toContain("• Vila, barntillägg: 562 kr");
    expect(text).toContain("kan inte ångras");
    const meta = parseMetadata(settleMetadata, view.private_metadata);
    expect(meta.success && meta.data).toEqual({ requestId: 17, release: 2_808 });
  });

  it("a grant paid in full, and one partly released by a closing, say so", () => {
    const full = JSON.stringify(settleModal({ ...preview, paid: 39_000, lines: [], total: 0 }).blocks);
    expect(full).toContain("Inget går tillbaka till budgeten: allt beviljat är utbetalt.");
    const closed = JSON.stringify(settleModal({ ...preview, released: 9_000, paid: 20_000, lines: [{ name: "Vila", amount: 10_000 }], total: 10_000 }).blocks);
    expect(closed).toContain("Beviljat: *39 000 kr* (varav 9 000 kr redan återfört när ärendet avslutades)");
  });

  it("forged metadata is refused by the schema", () => {
    for (const forged of ['{"requestId":"1; DROP","release":0}', '{"requestId":17}', '{"requestId":17,"release":-5}', "not json", '{"requestId":0,"release":1}']) {
      expect(parseMetadata(settleMetadata, forged).success, forged).toBe(false);
    }
  });

  it("every refusal is Swedish and says nothing changed where something could have", () => {
    expect(settleRefusalText(17, { error: "settled" })).toBe("Ansökan nr 17 är redan slutreglerad. Inget ändrades.");
    expect(settleRefusalText(17, { error: "unconfirmed", count: 2 })).toBe("Ansökan nr 17 har 2 utbetalningar som väntar på bekräftelse. Bekräfta dem i ansökans tråd först. Inget ändrades.");
    expect(settleRefusalText(17, { error: "unconfirmed", count: 1 })).toContain("en utbetalning som väntar");
    expect(settleRefusalText(17, { error: "not_granted", status: "denied" })).toBe("Ansökan nr 17 är inte beviljad, så den kan inte slutregleras.");
    expect(settleRefusalText(17, { error: "not_allowed" })).toBe("Bara samordnare och administratörer kan slutreglera.");
    expect(settleRefusalText(17, { error: "changed", released: 1_000 })).toContain("nu skulle 1 000 kr gå tillbaka. Inget ändrades");
  });
});

describe("the coordinator thread note of a settlement", () => {
  it("names who settled, what was paid and what came back per category", () => {
    const m = settledThreadMessage({ requestId: 17, actor: "U0COORD", paid: 36_192, released: 2_808, lines: preview.lines });
    expectValidMessage(m);
    const text = JSON.stringify(m.blocks);
    expect(text).toContain("<@U0COORD> slutreglerade *Ansökan nr 17*. Utbetalt *36 192 kr*. *2 808 kr* tillbaka till budgeten:");
    expect(text).toContain("• Vila: 2 246 kr");
    expect(m.text).toBe("Slutreglerad: Ansökan nr 17, 2 808 kr tillbaka");
    expect(JSON.stringify(settledThreadMessage({ requestId: 17, actor: "U1", paid: 39_000, released: 0, lines: [] }).blocks)).toContain("Inget gick tillbaka till budgeten.");
  });
});

describe("the case file's payments line", () => {
  const granted: CaseFileRequest = {
    id: 17, type: "rest", status: "granted", startDate: new Date("2016-09-01"), endDate: new Date("2016-09-30"), days: 30, children: 1, protection: false,
    measure: null, quantity: null, unitAmount: null, requestedAmount: 39_000, grantedDays: 30, grantedAmount: 39_000, createdAt: new Date("2016-08-20T08:00:00Z"),
    decidedAt: new Date("2016-08-31T10:00:00Z"), decidedBy: "U0COORD", decisionReason: null, caps: null, infoRequests: [], infoCount: 0, infoOpen: 0,
    payments: { confirmed: 30_000, reported: 6_192, unconfirmed: 1, released: 0, settledAt: null, settledBy: null },
  };
  const view = (r: CaseFileRequest, privileged: boolean) =>
    caseFileModal({ file: { ref: "NSP009", orgName: "X", createdAt: new Date(), outcome: null, closedOn: null, background: null, requests: historyOrder([r]), caps: [], money: [], privileged }, requests: [r], page: 1, pages: 1 });

  it("coordinators get Slutreglera next to what was paid; the organisation only the figures", () => {
    const coord = view(granted, true);
    expectValidModal(coord);
    const text = JSON.stringify(coord.blocks);
    expect(text).toContain("*Utbetalningar:* Utbetalt 30 000 kr, 6 192 kr väntar på bekräftelse");
    expect(text).toContain(`"action_id":"${ACTION.settleGrant}_17"`);
    expect(text).toContain(`"action_id":"${ACTION.registerPayment}_17"`);
    const org = JSON.stringify(view(granted, false).blocks);
    expect(org).toContain("*Utbetalningar:* Utbetalt 30 000 kr");
    expect(org).not.toContain(ACTION.settleGrant);
  });

  it("once settled neither Slutreglera nor Registrera utbetalning is offered; who settled is shown", () => {
    const settled = { ...granted, payments: { confirmed: 36_192, reported: 0, unconfirmed: 0, released: 2_808, settledAt: new Date("2016-12-01T09:00:00Z"), settledBy: "U0COORD" } };
    const v = view(settled, true);
    expectValidModal(v);
    const text = JSON.stringify(v.blocks);
    expect(text).not.toContain(ACTION.settleGrant);
    expect(text).not.toContain(ACTION.registerPayment);
    expect(text).toContain("återfört 2 808 kr · *Slutreglerad 2016-12-01 av <@U0COORD>*");
    expect(paymentsBlock(17, settled.payments, true)).not.toHaveProperty("accessory");
  });
});
