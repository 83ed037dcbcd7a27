// The clocks' messages: valid Block Kit, no free text, the next-step button's value, the digest's cap.
import { describe, expect, it } from "vitest";
import { ACTION } from "../../src/core/ids.js";
import { decisionDigest, DIGEST_MAX_LINES, infoReminder, periodEndReminder, type AskedRequest } from "../../src/views/case-clocks.js";
import { expectValidMessage } from "../helpers/blockkit.js";

const rest: AskedRequest = { id: 12, type: "rest", startDate: new Date("2016-09-01T00:00:00Z"), endDate: new Date("2016-09-30T00:00:00Z"), days: 30, children: 0, protection: false, measure: null, quantity: null, unitAmount: null };
const measure: AskedRequest = { id: 13, type: "measure", startDate: null, endDate: null, days: null, children: null, protection: false, measure: "therapy", quantity: 5, unitAmount: 500 };

describe("the clocks' messages", () => {
  it("the period-end DM names the case, the end and the request, with the next-step button", () => {
    const m = periodEndReminder({ request: rest, caseRef: "NSP004", end: "2016-09-30", daysLeft: 5, next: "integration" });
    expectValidMessage(m);
    const json = JSON.stringify(m.blocks);
    expect(m.text).toBe("Viloperioden för NSP004 slutar 2016-09-30 (om 5 dagar).");
    expect(json).toContain("Ansökan nr 12");
    const actions = m.blocks.find((b) => b.type === "actions");
    expect(actions).toMatchObject({ elements: [{ action_id: ACTION.applyNextStep, value: JSON.stringify({ ref: "NSP004", type: "integration" }) }] });
  });

  it("the komplettering DM has the answer button and no question text", () => {
    const m = infoReminder({ request: measure, caseRef: "NSP004", infoId: 7, askedAt: new Date("2016-09-01T10:00:00Z"), days: 5 });
    expectValidMessage(m);
    expect(m.text).toContain("ansökan nr 13");
    expect(JSON.stringify(m.blocks)).toContain('"value":"7"');
  });

  it("the digest lists oldest first and caps at 50 blocks with 'och N till'", () => {
    const lines = Array.from({ length: DIGEST_MAX_LINES + 12 }, (_, i) => ({ request: { ...rest, id: i + 1 }, caseRef: "NSP004", orgName: "Föreningen *Hopp*", workdays: 9 }));
    const m = decisionDigest(lines, 2);
    expectValidMessage(m);
    expect(m.blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(m.blocks.at(-1))).toContain("och 12 till");
    expect(JSON.stringify(m.blocks[2])).toContain("Ansökan nr 1*");
    expect(JSON.stringify(m.blocks[2])).toContain("väntat 9 arbetsdagar");
  });
});
