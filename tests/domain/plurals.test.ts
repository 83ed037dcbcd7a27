// Issue #12 (review): new texts with a count of one must use the singular.
import { expect, it } from "vitest";
import type { CaseFileRequest } from "../../src/domain/case-file.js";
import { askedLabel } from "../../src/domain/request-name.js";
import { caseFileModal, caseListModal, requestBlocks } from "../../src/views/case-file.js";

const one: CaseFileRequest = {
  id: 7, type: "rest", status: "received", startDate: new Date("2016-11-01"), endDate: new Date("2016-11-01"), days: 1,
  children: 0, protection: false, measure: null, quantity: null, unitAmount: null, requestedAmount: 1200,
  grantedDays: null, grantedAmount: null, createdAt: new Date("2016-10-01T08:00:00Z"), decidedAt: null, decidedBy: null,
  decisionReason: null, caps: null, infoCount: 4, infoOpen: 0,
  infoRequests: [1, 2, 3, 4].map((i) => ({ askedAt: new Date(`2016-10-0${i}T08:00:00Z`), question: "F", answer: "S", answeredAt: new Date(`2016-10-0${i}T09:00:00Z`) })),
};

it("case list: one case with one request says '1 ansökan'", () => {
  const v = JSON.stringify(caseListModal({ items: [{ ref: "NSP004", orgName: "X", lastActivity: new Date("2016-10-01"), requests: 1, open: 0, closedOn: null }], total: 1, page: 1, pages: 1, scope: "organisation", orgName: "X" }));
  expect(v).not.toContain("1 ansökningar");
});

it("case file header with one request says '1 ansökan'", () => {
  const v = JSON.stringify(caseFileModal({ file: { ref: "NSP004", orgName: "X", createdAt: new Date("2016-09-01"), outcome: null, closedOn: null, background: null, requests: [one], caps: [], money: [], privileged: true }, requests: [one], page: 1, pages: 1 }));
  expect(v).not.toContain("1 ansökningar");
});

it("one hidden komplettering: '1 äldre komplettering'", () => {
  expect(JSON.stringify(requestBlocks(one, true))).not.toContain("1 äldre kompletteringar");
});

it("a one-day period: '(1 dag)'", () => {
  expect(askedLabel(one)).not.toContain("(1 dagar)");
});
