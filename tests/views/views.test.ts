// Every view builder's output validates against Slack's Block Kit schema and respects the
// privacy rule: applicant free text never appears in a message.
import { describe, expect, it } from "vitest";
import { REQUEST_TYPES } from "../../src/domain/types.js";
import { APPLY_BLOCK as B } from "../../src/core/ids.js";
import { applyConfirmation, applyModal } from "../../src/views/apply-modal.js";
import { decisionModal, infoAnswerModal, underlagModal, type UnderlagInfo } from "../../src/views/modals.js";
import {
  applicantDecision,
  applicantQuestion,
  applicantReceipt,
  coordinatorMessage,
  threadDecision,
  threadInfoAnswered,
  threadInfoAsked,
} from "../../src/views/request.js";
import { expectValidMessage, expectValidModal, validateModal } from "../helpers/blockkit.js";
import { requestFixture } from "../helpers/fixtures.js";

const SECRET_TEXT = "Hemlig fritext om personen som aldrig får stå i ett meddelande";

const request = (overrides: Partial<UnderlagInfo> = {}): UnderlagInfo => requestFixture(SECRET_TEXT, overrides);

describe("apply modal", () => {
  it.each(REQUEST_TYPES)("validates for type %s and shows only that type's fields", (type) => {
    const view = applyModal({ type, orgName: "Frälsningsarmén", caseRef: "NSP003", costPreview: type === "rest" ? "*Beräknad kostnad: 45 000 kr*" : null });
    expectValidModal(view);
    const ids = view.blocks.map((b) => b.block_id);
    expect(ids.includes(B.from)).toBe(type === "rest" || type === "integration");
    expect(ids.includes(B.protection)).toBe(type === "rest");
    expect(ids.includes(B.unitAmount)).toBe(type === "measure");
    expect(ids.includes(B.nationality)).toBe(type === "admission");
    expect(ids.includes(B.caseRef)).toBe(type !== "admission");
    expect(ids).toContain(B.justification);
  });

  it("confirmation validates", () => {
    expectValidModal(applyConfirmation("NSP004", "Ansökan om tillträde"));
  });

  it("the schema check can fail (a 25-character title is refused)", () => {
    const view = { ...applyModal({ type: "rest", orgName: "X", costPreview: null }), title: { type: "plain_text", text: "x".repeat(25) } };
    expect(validateModal(view).ok).toBe(false);
  });
});

describe("decision views", () => {
  const states: Partial<UnderlagInfo>[] = [
    {},
    { status: "under_review", infoRequests: [{ id: 1, askedAt: new Date(), answeredAt: null, question: "Fråga?", answer: null }] },
    { status: "granted", decidedBy: "U0COORD", decidedAt: new Date(), grantedDays: 30, grantedAmount: 49500, decisionReason: "Ok", reasonShared: true },
    { status: "partly_granted", decidedBy: "U0COORD", decidedAt: new Date(), grantedDays: 26, grantedAmount: 31200, decisionReason: SECRET_TEXT },
    { status: "denied", decidedBy: "U0COORD", decidedAt: new Date(), decisionReason: SECRET_TEXT },
    { type: "measure", startDate: null, endDate: null, days: null, measure: "therapy", quantity: 5, unitAmount: 800, requestedAmount: 4000 },
    { type: "inquiry", case: null, requestedAmount: 0 },
  ];

  it.each(states.map((s, i) => [i, s] as const))("messages validate and carry no applicant free text (%i)", (_i, s) => {
    const r = request(s);
    for (const message of [coordinatorMessage(r), threadDecision(r), threadInfoAsked(r, "U0COORD"), threadInfoAnswered(r), applicantReceipt(r)]) {
      expectValidMessage(message);
      expect(JSON.stringify(message)).not.toContain("Hemlig fritext");
    }
    expectValidMessage(applicantDecision(r));
    expectValidMessage(applicantQuestion(r, { id: 3, question: "Finns beslut?", answeredAt: null }));
    expectValidModal(underlagModal(r));
    expect(JSON.stringify(underlagModal(r))).toContain("Hemlig fritext");
    for (const kind of ["grant", "partial", "deny", "info"] as const) expectValidModal(decisionModal(r, kind, { alreadyGrantedDays: 4, maxDays: 30 }));
    expectValidModal(infoAnswerModal({ id: 3, question: "Finns beslut?" }, r));
  });

  it("the decision DM offers 'Registrera utbetalning' only on a grant with money (review #4)", () => {
    const granted = { status: "granted" as const, decidedBy: "U0C", decidedAt: new Date() };
    for (const type of REQUEST_TYPES) {
      const dm = JSON.stringify(applicantDecision(request({ ...granted, type })));
      expect(dm.includes("Registrera utbetalning"), type).toBe(type === "rest" || type === "integration" || type === "measure");
    }
    expect(JSON.stringify(applicantDecision(request({ status: "denied", decidedBy: "U0C", decidedAt: new Date(), type: "rest" })))).not.toContain("Registrera utbetalning");
  });

  it("the coordinator message has the five buttons while open, none once decided", () => {
    const open = JSON.stringify(coordinatorMessage(request()));
    for (const label of ["Bevilja", "Bevilja delvis", "Avslå", "Begär komplettering", "Visa underlag"]) expect(open).toContain(`"${label}"`);
    const decided = coordinatorMessage(request({ status: "denied", decidedBy: "U0COORD", decidedAt: new Date() }));
    expect(decided.blocks.some((b) => b.type === "actions")).toBe(false);
    expect(JSON.stringify(decided)).toContain("Avslagen");
  });

  it("shows amounts and dates the Swedish way and escapes organisation names", () => {
    const text = JSON.stringify(coordinatorMessage(request()));
    expect(text).toContain("49 500 kr");
    expect(text).toContain("2016-09-01 – 2016-09-30 (30 dagar)");
    expect(text).toContain("Noomi &lt;Akutboende&gt; &amp; Hela människan");
  });

  it("the reason reaches the thread only when ticked as free of personal data", () => {
    const hidden = threadDecision(request({ status: "denied", decidedBy: "U0C", decidedAt: new Date(), decisionReason: "Skälet" }));
    expect(JSON.stringify(hidden)).not.toContain("Skälet");
    const shown = threadDecision(request({ status: "denied", decidedBy: "U0C", decidedAt: new Date(), decisionReason: "Skälet", reasonShared: true }));
    expect(JSON.stringify(shown)).toContain("Skälet");
    expect(JSON.stringify(applicantDecision(request({ status: "denied", decidedBy: "U0C", decidedAt: new Date(), decisionReason: "Skälet" })))).toContain("Skälet");
  });
});
