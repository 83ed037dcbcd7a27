// Issue #12 item 6, "one way to name things": every message, DM, Home line, modal and answer about
// a request names its number ("Ansökan nr 7") and what was asked ("Insats: terapi 5 tillfällen ×
// 500 kr"), for every request type; and "ärende" never stands before a request's number ("ärende
// NSP010" is the case and fine).
import { describe, expect, it } from "vitest";
import type { HomeRequest } from "../../src/domain/home.js";
import { REQUEST_TYPES, type RequestType } from "../../src/domain/types.js";
import { alreadyDecidedText } from "../../src/listeners/common/texts.js";
import { overrideModal } from "../../src/views/budget.js";
import { homeView } from "../../src/views/home.js";
import { decisionModal, infoAnswerModal, underlagModal, type UnderlagInfo } from "../../src/views/modals.js";
import {
  applicantDecision,
  applicantQuestion,
  applicantReceipt,
  coordinatorMessage,
  requestTitle,
  threadDecision,
  threadInfoAnswered,
  threadInfoAsked,
} from "../../src/views/request.js";
import { requestFixture } from "../helpers/fixtures.js";

/** "ärende-id 3", "Ärende 3", "ärende nr 3", "ärendenr 3": a request's number called ärende. */
const AERENDE_NUMBER = /ärende[- ]?(id|nr)?\s*\d/i;

const BY_TYPE: Record<RequestType, { overrides: Partial<UnderlagInfo>; asked: string }> = {
  inquiry: {
    overrides: { type: "inquiry", case: null, startDate: null, endDate: null, days: null, children: null, protection: false, requestedAmount: 0, costLines: [] },
    asked: "Förfrågan",
  },
  admission: {
    overrides: { type: "admission", startDate: null, endDate: null, days: null, children: null, protection: false, requestedAmount: 0, costLines: [] },
    asked: "Tillträde",
  },
  rest: { overrides: {}, asked: "Vila: 2016-09-01 – 2016-09-30 (30 dagar), 1 medföljande barn, dygnet-runt-skydd" },
  integration: {
    overrides: { type: "integration", startDate: new Date("2016-10-01"), endDate: new Date("2016-12-29"), days: 90, protection: false },
    asked: "Integration: 2016-10-01 – 2016-12-29 (90 dagar), 1 medföljande barn",
  },
  measure: {
    overrides: { type: "measure", startDate: null, endDate: null, days: null, children: null, protection: false, measure: "therapy", quantity: 5, unitAmount: 500, requestedAmount: 2500 },
    asked: "Insats: terapi 5 tillfällen × 500 kr",
  },
};

const DECIDED: Partial<UnderlagInfo> = { status: "granted", decidedBy: "U0COORD", decidedAt: new Date("2016-09-02T10:00:00Z"), grantedAmount: 2500 };
const ASKED = { id: 3, askedAt: new Date("2016-09-01T10:00:00Z"), answeredAt: null, question: "Fråga?", answer: null };

function homeRequest(r: UnderlagInfo): HomeRequest {
  return {
    ...r,
    caseRef: r.case?.ref ?? null,
    orgName: r.org.name,
    sharedReason: null,
    hasReason: false,
    info: null,
  };
}

/** Every text a person reads about request `r` (open, asked for more, decided), by where it is shown. */
function everything(type: RequestType): { r: UnderlagInfo; shown: [string, { text?: string }, string][] } {
  const r = requestFixture("Fritext", BY_TYPE[type].overrides);
  const asked = { ...r, status: "under_review" as const, infoRequests: [ASKED] };
  const decided = { ...r, ...DECIDED };
  const now = new Date("2016-09-03T10:00:00Z");
  const home = homeView(
    {
      userId: "U0APPL",
      now,
      actor: { role: "coordinator", orgName: r.org.name },
      applicant: { orgName: r.org.name, open: [homeRequest(r)], openTotal: 1, decided: [homeRequest(decided)], },
      coordinator: { canDecide: true, queue: [homeRequest(asked)], queueTotal: 1, budget: null, budgetIsCurrent: false },
    },
    [],
  );
  const lines = home.blocks.filter((b) => JSON.stringify(b).includes("Ansökan nr"));
  const json = (v: unknown): string => JSON.stringify(v);
  const shown: [string, { text?: string }, string][] = [
    ["coordinator message (open)", coordinatorMessage(r), json(coordinatorMessage(r).blocks)],
    ["coordinator message (decided)", coordinatorMessage(decided), json(coordinatorMessage(decided).blocks)],
    ["thread: decision", threadDecision(decided), json(threadDecision(decided).blocks)],
    ["thread: info asked", threadInfoAsked(asked, "U0COORD"), json(threadInfoAsked(asked, "U0COORD").blocks)],
    ["thread: info answered", threadInfoAnswered(asked), json(threadInfoAnswered(asked).blocks)],
    ["DM: receipt", applicantReceipt(r), json(applicantReceipt(r).blocks)],
    ["DM: decision", applicantDecision(decided), json(applicantDecision(decided).blocks)],
    ["DM: question", applicantQuestion(asked, ASKED), json(applicantQuestion(asked, ASKED).blocks)],
    ["DM: question answered", applicantQuestion(asked, { ...ASKED, answeredAt: now }), json(applicantQuestion(asked, { ...ASKED, answeredAt: now }).blocks)],
    ["modal: underlag", {}, json(underlagModal(r))],
    ...(["grant", "partial", "deny", "info"] as const).map((k): [string, { text?: string }, string] => [`modal: decision ${k}`, {}, json(decisionModal(r, k, { alreadyGrantedDays: 0, maxDays: 30 }))]),
    ["modal: info answer", {}, json(infoAnswerModal(ASKED, asked))],
    ["modal: override", {}, json(overrideModal({ id: r.id, title: requestTitle(r) }, { period: null, impact: [], fits: true, proposal: null }))],
    ["answer: already decided", {}, alreadyDecidedText(decided)],
    ...lines.map((b, i): [string, { text?: string }, string] => [`home line ${i}`, {}, json(b)]),
  ];
  expect(lines).toHaveLength(3); // open, decided, queue
  return { r, shown };
}

describe.each(REQUEST_TYPES)("every text about a %s request", (type) => {
  const { r, shown } = everything(type);
  const { asked } = BY_TYPE[type];

  it.each(shown.map(([where, message, body]) => [where, message, body] as const))("%s names the request number and what was asked", (_where, message, body) => {
    const name = /Ansökan nr 7(?!\d)|ansökan nr 7(?!\d)|nr 7(?!\d)/;
    expect(body).toMatch(name);
    expect(body).toContain(asked);
    if (message.text !== undefined) {
      // The notification text (chat.postMessage `text`) too.
      expect(message.text).toContain("Ansökan nr 7");
      expect(message.text).toContain(asked);
    }
    expect(body).not.toMatch(AERENDE_NUMBER);
    expect(message.text ?? "").not.toMatch(AERENDE_NUMBER);
  });

  it("the case is still named as ärende where shown", () => {
    if (!r.case) return;
    expect(applicantDecision({ ...r, ...DECIDED }).blocks.map((b) => JSON.stringify(b)).join("")).toContain(`ärende ${r.case.ref}`);
  });
});

describe("the notification texts read like the issue asks", () => {
  it("a decision DM: 'Beslut: Ansökan nr 7 – Insats: terapi 5 tillfällen × 500 kr (NSP010) – Beviljad (2 500 kr)'", () => {
    const r = requestFixture("Fritext", { ...BY_TYPE.measure.overrides, ...DECIDED });
    expect(applicantDecision(r).text).toBe("Beslut: Ansökan nr 7 – Insats: terapi 5 tillfällen × 500 kr (NSP010) – Beviljad (2 500 kr)");
    expect(threadDecision(r).text).toBe(applicantDecision(r).text);
  });

  it("the check for 'ärende' before a number can fail", () => {
    for (const bad of ["ärende-id 3", "Ärende 3", "ärende nr 3", "Ärende-ID 12", "ärendenr 4"]) expect(bad).toMatch(AERENDE_NUMBER);
    for (const fine of ["ärende NSP001", "Ärende: NSP003", "utan ärendenummer"]) expect(fine).not.toMatch(AERENDE_NUMBER);
  });
});
