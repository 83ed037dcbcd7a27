// A request as the views read it (a rest period with a child and protection, NSP010), for view tests.
import type { UnderlagInfo } from "../../src/views/modals.js";

/** `justification` is the applicant's free text: tests check that it never reaches a message. */
export function requestFixture(justification: string, overrides: Partial<UnderlagInfo> = {}): UnderlagInfo {
  return {
    id: 7,
    type: "rest",
    status: "received",
    applicantSlackId: "U0APPL",
    startDate: new Date("2016-09-01"),
    endDate: new Date("2016-09-30"),
    days: 30,
    children: 1,
    protection: true,
    measure: null,
    quantity: null,
    unitAmount: null,
    requestedAmount: 49500,
    grantedDays: null,
    grantedAmount: null,
    decisionReason: null,
    reasonShared: false,
    decidedBy: null,
    decidedAt: null,
    createdAt: new Date("2016-08-30T08:15:00Z"),
    justification,
    costLines: [
      { category: "rest", label: "Vila 30 dagar × 1 200 kr", amount: 36000 },
      { category: "rest_child", label: "Barntillägg 1 barn × 30 dagar × 300 kr", amount: 9000 },
      { category: "protection", label: "Skyddstillägg 30 dagar × 150 kr", amount: 4500 },
    ],
    case: {
      ref: "NSP010",
      nationality: "NG",
      gender: "woman",
      ageBand: "18-25",
      childrenAccompanying: 1,
      childrenHome: 0,
      exploitation: ["sexual", "criminality"],
      exploitedIn: ["SE", "IT"],
      policeReport: false,
    },
    org: { name: "Noomi <Akutboende> & Hela människan" },
    infoRequests: [],
    ...overrides,
  };
}
