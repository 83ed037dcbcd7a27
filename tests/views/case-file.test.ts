// Issue #12, item 1: the case file's arithmetic (src/domain/case-file.ts) and its modals
// (src/views/case-file.ts), pure; every view is validated against Slack's Block Kit schema.
import { describe, expect, it } from "vitest";
import {
  backgroundFields,
  CASE_FILE_PAGE_SIZE,
  CASE_INFO_SHOWN,
  capUse,
  historyOrder,
  moneyByCategory,
  pageOf,
  parseCaseArg,
  type CaseFile,
  type CaseFileRequest,
} from "../../src/domain/case-file.js";
import { ACTION, actionPattern } from "../../src/core/ids.js";
import { caseFileModal, caseListModal, caseNotFoundText, decisionNote, MAX_MODAL_BLOCKS, parsePageValue, pageValue } from "../../src/views/case-file.js";
import { applicantReceipt, coordinatorMessage } from "../../src/views/request.js";
import { homeView } from "../../src/views/home.js";
import { expectValidMessage, expectValidModal } from "../helpers/blockkit.js";
import { requestFixture } from "../helpers/fixtures.js";

const CAPS = { restMaxDays: 30, integrationMaxDays: 90 };
const SECRET = "Hemlig fritext i en komplettering";

let nextId = 1;
function req(overrides: Partial<CaseFileRequest> = {}): CaseFileRequest {
  const id = overrides.id ?? nextId++;
  return {
    id,
    type: "rest",
    status: "received",
    startDate: new Date("2016-11-01"),
    endDate: new Date("2016-11-20"),
    days: 20,
    children: 0,
    protection: false,
    measure: null,
    quantity: null,
    unitAmount: null,
    requestedAmount: 24_000,
    grantedDays: null,
    grantedAmount: null,
    createdAt: new Date(Date.UTC(2016, 9, 1, 8) + id * 3_600_000),
    decidedAt: null,
    decidedBy: null,
    decisionReason: null,
    caps: CAPS,
    infoRequests: [],
    infoCount: 0,
    infoOpen: 0,
    ...overrides,
  };
}

function file(requests: CaseFileRequest[], overrides: Partial<CaseFile> = {}): CaseFile {
  const ordered = historyOrder(requests);
  return {
    ref: "NSP004",
    orgName: "Frälsningsarmén",
    createdAt: new Date("2016-09-01T09:00:00Z"),
    outcome: null,
    closedOn: null,
    background: null,
    requests: ordered,
    caps: capUse(ordered, CAPS),
    money: [],
    privileged: false,
    ...overrides,
  };
}

const pageFor = (f: CaseFile, page = 1) => {
  const p = pageOf(f.requests.length, CASE_FILE_PAGE_SIZE, page);
  return { file: f, requests: f.requests.slice(p.offset, p.offset + CASE_FILE_PAGE_SIZE), page: p.page, pages: p.pages };
};

const buttons = (view: unknown): { action_id: string; value?: string }[] => {
  const found: { action_id: string; value?: string }[] = [];
  JSON.stringify(view, (_k, v: unknown) => {
    if (typeof v === "object" && v !== null && (v as { type?: string }).type === "button") found.push(v as { action_id: string; value?: string });
    return v;
  });
  return found;
};

describe("case file domain", () => {
  it("counts days used and left under each cap as the decision does: granted and partly granted, not denied, withdrawn or open", () => {
    const rs = [
      req({ id: 1, status: "granted", grantedDays: 20 }),
      req({ id: 2, status: "partly_granted", days: 20, grantedDays: 5, startDate: new Date("2016-11-21"), endDate: new Date("2016-12-10") }),
      req({ id: 3, status: "denied" }),
      req({ id: 4, status: "withdrawn" }),
      req({ id: 5, status: "under_review", days: 7 }),
      req({ id: 6, type: "integration", status: "granted", days: 60, grantedDays: 60 }),
    ];
    const [rest, integration] = capUse(rs, null);
    expect(rest).toMatchObject({ type: "rest", maxDays: 30, used: 25, left: 5, pending: [{ requestId: 5, days: 7 }] });
    expect(rest?.granted.map((g) => [g.requestId, g.grantedDays, g.requestedDays])).toEqual([[1, 20, 20], [2, 5, 20]]);
    expect(rest?.granted[1]?.from?.toISOString().slice(0, 10)).toBe("2016-11-21");
    expect(integration).toMatchObject({ maxDays: 90, used: 60, left: 30, pending: [] });
  });

  it("takes the cap of the newest request's period, else the fallback; never shows negative days left", () => {
    const over = [req({ status: "granted", grantedDays: 40, caps: { restMaxDays: 35, integrationMaxDays: 90 } })];
    expect(capUse(over, CAPS)[0]).toMatchObject({ maxDays: 35, used: 40, left: 0 });
    expect(capUse([], { restMaxDays: 14, integrationMaxDays: 60 }).map((c) => c.maxDays)).toEqual([14, 60]);
    expect(capUse([], null)[0]).toMatchObject({ maxDays: null, left: null });
  });

  it("sums money per category over periods, largest first, leaving out zero", () => {
    expect(
      moneyByCategory([
        { key: "rest", name: "Vila", amount: 12_000 },
        { key: "measure", name: "Insatser", amount: 2_500 },
        { key: "rest", name: "Vila", amount: 6_000 },
        { key: "rest_child", name: "Barntillägg", amount: 0 },
      ]),
    ).toEqual([
      { key: "rest", name: "Vila", amount: 18_000 },
      { key: "measure", name: "Insatser", amount: 2_500 },
    ]);
  });

  it("orders the history newest first and pages it", () => {
    const rs = [req({ id: 10, createdAt: new Date("2016-09-01") }), req({ id: 11, createdAt: new Date("2016-10-01") }), req({ id: 12, createdAt: new Date("2016-10-01") })];
    expect(historyOrder(rs).map((r) => r.id)).toEqual([12, 11, 10]);
    expect(pageOf(17, 8, 1)).toEqual({ page: 1, pages: 3, offset: 0 });
    expect(pageOf(17, 8, 3)).toEqual({ page: 3, pages: 3, offset: 16 });
    expect(pageOf(17, 8, 99)).toEqual({ page: 3, pages: 3, offset: 16 });
    expect(pageOf(0, 8, 2)).toEqual({ page: 1, pages: 1, offset: 0 });
  });

  it("reads a case reference typed in any of the documented ways", () => {
    for (const typed of [["NSP004"], ["nsp4"], ["Nsp", "4"], ["nsp-004"], ["4"], ["004"]]) expect(parseCaseArg(typed), typed.join(" ")).toBe("NSP004");
    expect(parseCaseArg(["NSP1234"])).toBe("NSP1234");
    for (const bad of [["NSP0"], ["0"], ["abc"], ["NSP4", "extra"], ["NSP1234567"], ["-4"]]) expect(parseCaseArg(bad), bad.join(" ")).toBeNull();
  });
});

describe("case file modal", () => {
  it("shows each request with what was asked, its cost and the decision from its fields, and validates", () => {
    const f = file([
      req({ id: 3, type: "admission", status: "granted", startDate: null, endDate: null, days: null, requestedAmount: 0, decidedBy: "U0COORD", decidedAt: new Date("2016-09-02T10:00:00Z") }),
      req({ id: 5, status: "partly_granted", grantedDays: 10, grantedAmount: 12_000, decidedBy: "U0COORD", decidedAt: new Date("2016-10-02T10:00:00Z") }),
      req({ id: 8, type: "measure", startDate: null, endDate: null, days: null, measure: "therapy", quantity: 5, unitAmount: 500, requestedAmount: 2_500 }),
    ]);
    const view = caseFileModal(pageFor(f));
    expectValidModal(view);
    const json = JSON.stringify(view);
    expect(json).toContain("Ärende NSP004");
    expect(json).toContain("Ansökan nr 8");
    expect(json).toContain("Terapi 5 tillfällen × 500 kr");
    expect(json).toContain("2016-11-01 – 2016-11-20 (20 dagar)");
    expect(json).toContain("Delvis beviljad (10 av 20 dagar, 12 000 kr) av <@U0COORD> 2016-10-02 12:00");
    expect(json).toContain("10 av högst 30 dagar beviljade, *20 kvar*");
    expect(json.indexOf("Ansökan nr 8")).toBeLessThan(json.indexOf("Ansökan nr 5"));
    expect(decisionNote(f.requests[2] as CaseFileRequest)).toBe("Beviljad av <@U0COORD> 2016-09-02 12:00");
    expect(decisionNote(req({ status: "under_review", infoCount: 2, infoOpen: 1 }))).toBe("Under behandling – komplettering begärd");
    expect(decisionNote(req({ status: "under_review", infoCount: 2, infoOpen: 0 }))).toBe("Under behandling – komplettering inkommen");
    expect(decisionNote(req({ status: "withdrawn" }))).toBe("Återkallad");
  });

  it("shows reasons, kompletteringar and the background only in the coordinators' file", () => {
    const info = { askedAt: new Date("2016-10-03T08:00:00Z"), question: `${SECRET}?`, answer: `Svar: ${SECRET}`, answeredAt: new Date("2016-10-04T08:00:00Z") };
    const rs = [req({ status: "denied", decisionReason: "Motivering <@U1> & mer", infoRequests: [info], infoCount: 1 })];
    const background = { nationality: "NG", gender: "woman", ageBand: "18-25", childrenAccompanying: 1, childrenHome: 0, exploitation: ["sexual"], exploitedIn: ["SE"], policeReport: false };
    const coord = caseFileModal(pageFor(file(rs, { privileged: true, background })));
    expectValidModal(coord);
    const json = JSON.stringify(coord);
    expect(json).toContain(SECRET);
    expect(json).toContain("Motivering <@U1> & mer");
    expect(json).toContain("Bakgrund (anonymiserad)");
    expect(json).toContain("Nigeria");
    // Free text is plain_text: a typed mention cannot ping anyone.
    const reasonBlock = coord.blocks.find((b) => JSON.stringify(b).includes("Motivering <@U1>"));
    expect(reasonBlock).toMatchObject({ type: "section", text: { type: "plain_text" } });
    // The applicant's file (the service gives it no free text) says where it is.
    const applicant = caseFileModal(pageFor(file([req({ status: "denied", infoCount: 1 })])));
    expectValidModal(applicant);
    expect(JSON.stringify(applicant)).not.toContain("Bakgrund");
    expect(JSON.stringify(applicant)).toContain("visas bara för samordnare");
    expect(JSON.stringify(applicant)).toContain("visas bara för samordnare och administratörer");
  });

  it("shows at most the last kompletteringar of a request and counts the older ones", () => {
    const infos = Array.from({ length: CASE_INFO_SHOWN + 2 }, (_, i) => ({ askedAt: new Date(Date.UTC(2016, 9, i + 1)), question: `Fråga ${i}`, answer: null, answeredAt: null }));
    const view = caseFileModal(pageFor(file([req({ infoRequests: infos, infoCount: infos.length })], { privileged: true })));
    expectValidModal(view);
    const json = JSON.stringify(view);
    expect(json).toContain("2 äldre kompletteringar visas inte");
    expect(json).not.toContain("Fråga 1:");
    expect(json).toContain(`Fråga ${CASE_INFO_SHOWN + 1}`);
  });

  it("pages a long history within Slack's limits, with page buttons carrying the page", () => {
    const long = "x".repeat(5000);
    const infos = Array.from({ length: 10 }, (_, i) => ({ askedAt: new Date(Date.UTC(2016, 9, i + 1)), question: long, answer: long, answeredAt: new Date(Date.UTC(2016, 9, i + 2)) }));
    const rs = Array.from({ length: 30 }, () => req({ status: "denied", decisionReason: long, infoRequests: infos, infoCount: 10 }));
    const f = file(rs, { privileged: true, background: { nationality: "SE", gender: "man", ageBand: "46+", childrenAccompanying: 0, childrenHome: 2, exploitation: ["labour"], exploitedIn: ["SE"], policeReport: true } });
    const first = caseFileModal(pageFor(f, 1));
    const middle = caseFileModal(pageFor(f, 2));
    const last = caseFileModal(pageFor(f, 4));
    for (const view of [first, middle, last]) {
      expectValidModal(view);
      expect(view.blocks.length).toBeLessThanOrEqual(MAX_MODAL_BLOCKS);
    }
    expect(buttons(first).map((b) => [b.action_id, b.value])).toEqual([[`${ACTION.casePage}_next`, "NSP004:2"]]);
    expect(buttons(middle).map((b) => b.value)).toEqual(["NSP004:1", "NSP004:3"]);
    expect(buttons(last).map((b) => b.value)).toEqual(["NSP004:3"]);
    expect(JSON.stringify(last)).toContain("Sida 4 av 4");
    for (const b of buttons(middle)) expect(actionPattern(ACTION.casePage).test(b.action_id)).toBe(true);
  });

  it("says when and how a closed case ended; close and reopen buttons only with closeActions", () => {
    const closed = file([req()], { outcome: "residence_permit", closedOn: new Date("2016-12-01") });
    const view = caseFileModal(pageFor(closed), { canClose: true, canReopen: true });
    expectValidModal(view);
    expect(JSON.stringify(view)).toContain("Avslutat 2016-12-01: Uppehållstillstånd/TUT");
    expect(buttons(view)).toEqual([]);
    expect(buttons(caseFileModal(pageFor(closed), { closeActions: true, canClose: true, canReopen: true })).map((b) => b.action_id)).toEqual([ACTION.reopenCase]);
    expect(buttons(caseFileModal(pageFor(closed), { closeActions: true, canClose: true, canReopen: false }))).toEqual([]);
    const active = file([req()]);
    expect(buttons(caseFileModal(pageFor(active), { closeActions: true, canClose: true, canReopen: true })).map((b) => [b.action_id, b.value])).toEqual([[ACTION.closeCase, "NSP004"]]);
  });

  it("page values round-trip and forged ones are refused", () => {
    expect(parsePageValue(pageValue("NSP004", 3))).toEqual({ target: "NSP004", page: 3 });
    expect(parsePageValue(pageValue("list", 2))).toEqual({ target: "list", page: 2 });
    for (const bad of ["NSP004:0", "NSP004", "x:1", "NSP004:99999", "list:-1", 7, null, "nsp004:1"]) expect(parsePageValue(bad), String(bad)).toBeNull();
  });

  it("the refusal for a case of another organisation is the one for an unknown case", () => {
    expect(caseNotFoundText("NSP001").replace("NSP001", "X")).toBe(caseNotFoundText("NSP999").replace("NSP999", "X"));
  });
});

describe("case list modal", () => {
  const item = (i: number) => ({ ref: `NSP${String(i).padStart(3, "0")}`, orgName: "Talita", lastActivity: new Date("2016-10-01T10:00:00Z"), requests: 3, open: 1, closedOn: null });

  it("lists cases with a Visa button each (unique action ids, value = ref) and page buttons", () => {
    const view = caseListModal({ items: Array.from({ length: 20 }, (_, i) => item(i + 1)), total: 45, page: 2, pages: 3, scope: "all_open", orgName: "NSP samordning" });
    expectValidModal(view);
    const bs = buttons(view);
    const open = bs.filter((b) => actionPattern(ACTION.openCase).test(b.action_id));
    expect(open).toHaveLength(20);
    expect(new Set(bs.map((b) => b.action_id)).size).toBe(bs.length);
    expect(open[0]?.value).toBe("NSP001");
    expect(bs.filter((b) => b.action_id.startsWith(ACTION.casePage)).map((b) => b.value)).toEqual(["list:1", "list:3"]);
    expect(JSON.stringify(view)).toContain("Talita");
  });

  it("says when there is nothing to list", () => {
    const view = caseListModal({ items: [], total: 0, page: 1, pages: 1, scope: "organisation", orgName: "Talita" });
    expectValidModal(view);
    expect(JSON.stringify(view)).toContain("inga ärenden");
  });
});

describe("Visa ärende elsewhere", () => {
  it("the coordinator message (open and decided) and the receipt DM carry Visa ärende with the case ref", () => {
    const r = requestFixture("fritext");
    for (const message of [coordinatorMessage(r), coordinatorMessage({ ...r, status: "denied" }), applicantReceipt(r)]) {
      expectValidMessage(message);
      expect(buttons(message.blocks).find((b) => b.action_id === ACTION.openCase)?.value).toBe("NSP010");
    }
    expect(buttons(coordinatorMessage({ ...r, case: null }).blocks).some((b) => b.action_id === ACTION.openCase)).toBe(false);
  });

  it("the App Home has one Visa ärende per request with a case, with unique action ids", () => {
    const home = (id: number, caseRef: string | null) => ({
      id, type: "rest" as const, status: "received" as const, caseRef, orgName: "FA", applicantSlackId: "U1", createdAt: new Date(), decidedAt: null,
      requestedAmount: 1000, grantedAmount: null, grantedDays: null, days: 3, startDate: null, endDate: null, children: null, protection: false, measure: null, quantity: null, unitAmount: null, sharedReason: null, hasReason: false, info: null,
    });
    const view = homeView(
      {
        userId: "U1",
        now: new Date(),
        actor: { role: "coordinator", orgName: "FA" },
        applicant: { orgName: "FA", open: [home(1, "NSP001"), home(2, null)], openTotal: 2, decided: [] },
        coordinator: { canDecide: true, queue: [home(1, "NSP001")], queueTotal: 1, budget: null, budgetIsCurrent: false },
      },
      [],
    );
    const open = buttons(view).filter((b) => actionPattern(ACTION.openCase).test(b.action_id));
    expect(open.map((b) => b.value)).toEqual(["NSP001", "NSP001"]);
    expect(new Set(open.map((b) => b.action_id)).size).toBe(2);
  });
});

describe("backgroundFields (the case file and the case export)", () => {
  it("turns every code into its Swedish label", () => {
    const background = { nationality: "NG", gender: "woman", ageBand: "18-25", childrenAccompanying: 1, childrenHome: 0, exploitation: ["sexual", "labour"], exploitedIn: ["SE", "RO"], policeReport: true };
    expect(backgroundFields(background)).toEqual([
      ["Nationalitet", "Nigeria"],
      ["Kön", "Kvinna"],
      ["Ålder", "18–25"],
      ["Barn (medföljande / i hemlandet)", "1 / 0"],
      ["Typ av människohandel", "Multipel (Sexuell, Arbetskraft)"],
      ["Utnyttjad i", "Sverige, Rumänien"],
      ["Polisanmälan gjord", "Ja"],
    ]);
  });
});
