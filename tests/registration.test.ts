// Fails when a listener group is not registered or a view emits an action/callback id that no
// listener handles (eng-pipes style): registers every group on a recording stand-in for the App.
import { describe, expect, it } from "vitest";
import type { App } from "@slack/bolt";
import { REQUEST_TYPES } from "../src/domain/types.js";
import { ACTION, CALLBACK } from "../src/core/ids.js";
import { closeCaseModal, reopenCaseModal } from "../src/views/case-outcome.js";
import { transferCaseModal } from "../src/views/case-transfer.js";
import { LISTENER_GROUPS, registerListeners } from "../src/listeners/index.js";
import type { ListenerDeps } from "../src/listeners/common/deps.js";
import { applyModal } from "../src/views/apply-modal.js";
import { editRequestModal } from "../src/views/request-changes.js";
import { homeView } from "../src/views/home.js";
import { budgetMessage } from "../src/views/budget.js";
import { announcementMessage, meetingListMessage, type MeetingInfo } from "../src/views/meetings.js";

const meeting: MeetingInfo = { id: 7, kind: "platform", title: "Möte", theme: null, startsAt: new Date(), endsAt: new Date(), place: null, registration: null, registrationDeadline: null, cancelledAt: null, sequence: 0, group: null };
import { applicantQuestion, applicantReceipt, coordinatorMessage, type RequestInfo } from "../src/views/request.js";
import { caseFileModal, caseListModal } from "../src/views/case-file.js";
import { infoReminder, periodEndReminder } from "../src/views/case-clocks.js";

type Matcher = string | RegExp;

function recordingApp() {
  const registered = { command: [] as Matcher[], action: [] as Matcher[], view: [] as Matcher[], event: [] as Matcher[] };
  const app = {
    command: (m: Matcher) => registered.command.push(m),
    action: (m: Matcher) => registered.action.push(m),
    view: (m: Matcher) => registered.view.push(m),
    event: (m: Matcher) => registered.event.push(m),
  };
  return { app: app as unknown as App, registered };
}

const deps = {} as ListenerDeps;
const matches = (matchers: Matcher[], id: string) => matchers.some((m) => (typeof m === "string" ? m === id : m.test(id)));

function actionIds(blocks: unknown): string[] {
  const ids: string[] = [];
  JSON.stringify(blocks, (key, value: unknown) => {
    if (typeof value === "object" && value !== null && "action_id" in value && "type" in value) {
      const v = value as { action_id: string; type: string };
      if (["button", "static_select", "datepicker", "number_input", "checkboxes", "overflow"].includes(v.type)) ids.push(v.action_id);
    }
    return value;
  });
  return ids;
}

describe("listener registration", () => {
  const { app, registered } = recordingApp();
  registerListeners(app, deps);

  it("registers every group", () => {
    expect(Object.keys(LISTENER_GROUPS).sort()).toEqual(["actions", "commands", "events", "views"]);
    expect(registered.command).toEqual(["/nsp"]);
    expect(registered.event).toContain("app_home_opened");
    for (const callback of Object.values(CALLBACK)) expect(matches(registered.view, callback), callback).toBe(true);
  });

  it("every button and dispatching input the views emit has a listener", () => {
    const r = { id: 1, type: "rest", status: "received", applicantSlackId: "U1", startDate: null, endDate: null, days: null, children: null, protection: false, measure: null, quantity: null, unitAmount: null, requestedAmount: 0, grantedDays: null, grantedAmount: null, decisionReason: null, reasonShared: false, decidedBy: null, decidedAt: null, createdAt: new Date(), case: { ref: "NSP001" }, org: { name: "X" }, infoRequests: [] } satisfies RequestInfo;
    const home = { id: 1, type: "rest" as const, status: "received" as const, caseRef: "NSP001", orgName: "X", applicantSlackId: "U1", createdAt: new Date(), decidedAt: null, requestedAmount: 0, grantedAmount: null, grantedDays: null, days: 1, startDate: null, endDate: null, children: null, protection: false, measure: null, quantity: null, unitAmount: null, sharedReason: null, hasReason: false, info: null };
    const grant = { id: 9, type: "measure" as const, status: "granted" as const, startDate: null, endDate: null, days: null, children: null, protection: false, measure: "therapy", quantity: 1, unitAmount: 500, requestedAmount: 500, grantedDays: null, grantedAmount: 500, createdAt: new Date(), decidedAt: new Date(), decidedBy: "U1", decisionReason: null, caps: null, infoRequests: [], infoCount: 0, infoOpen: 0, payments: { confirmed: 0, reported: 0, unconfirmed: 0, released: 0, settledAt: null, settledBy: null } };
    const emitted = [
      ...actionIds(coordinatorMessage(r).blocks),
      ...actionIds(applicantQuestion(r, { id: 1, question: "?", answeredAt: null }).blocks),
      ...actionIds(applicantReceipt(r).blocks),
      ...actionIds(homeView({ userId: "U1", now: new Date(), actor: { role: "coordinator", orgName: "X" }, applicant: { orgName: "X", open: [home], openTotal: 1, decided: [{ ...home, status: "denied" }] }, coordinator: { canDecide: true, queue: [home], queueTotal: 1, budget: null, budgetIsCurrent: false } }, []).blocks),
      // The case file with its page buttons (page 2 of 3: both), and the case list.
      ...actionIds(caseFileModal({ file: { ref: "NSP001", orgName: "X", createdAt: new Date(), outcome: null, closedOn: null, background: null, requests: [], caps: [], money: [], privileged: false }, requests: [], page: 2, pages: 3 }).blocks),
      // The close and reopen buttons as the case file shows them (an active case, then a closed one).
      ...actionIds(caseFileModal({ file: { ref: "NSP001", orgName: "X", createdAt: new Date(), outcome: null, closedOn: null, background: null, requests: [], caps: [], money: [], privileged: false }, requests: [], page: 1, pages: 1 }, { closeActions: true, canClose: true, canReopen: true, canTransfer: true }).blocks),
      ...actionIds(caseFileModal({ file: { ref: "NSP001", orgName: "X", createdAt: new Date(), outcome: "returned", closedOn: new Date(), background: null, requests: [], caps: [], money: [], privileged: false }, requests: [], page: 1, pages: 1 }, { closeActions: true, canClose: true, canReopen: true }).blocks),
      // Issue #13: a grant with payments in a coordinator's case file ("Registrera utbetalning", "Slutreglera").
      ...actionIds(caseFileModal({ file: { ref: "NSP001", orgName: "X", createdAt: new Date(), outcome: null, closedOn: null, background: null, requests: [grant], caps: [], money: [], privileged: true }, requests: [grant], page: 1, pages: 1 }).blocks),
      ...actionIds(caseListModal({ items: [{ ref: "NSP001", orgName: "X", lastActivity: new Date(), requests: 1, open: 0, closedOn: null }], total: 41, page: 2, pages: 3, scope: "all_open", orgName: "X" }).blocks),
      ...actionIds(periodEndReminder({ request: r, caseRef: "NSP001", end: "2016-09-30", daysLeft: 5, next: "integration" }).blocks),
      ...actionIds(infoReminder({ request: r, caseRef: "NSP001", infoId: 1, askedAt: new Date(), days: 5 }).blocks),
      ...actionIds(homeView({ userId: "U1", now: new Date(), actor: { role: "applicant", orgName: "X" }, applicant: { orgName: "X", open: [], openTotal: 0, decided: [] }, coordinator: null }, []).blocks),
      // Issue #12, withdraw and correct: the receipt DM above has "Ändra"/"Återkalla", the Home with an open request the selects.
      // Issue #15: "Jag kommer" / "Kan inte" on the Home, in `/nsp möten` (with the manager's buttons) and in the announcement.
      ...actionIds(homeView({ userId: "U1", now: new Date(), actor: { role: "applicant", orgName: "X" }, applicant: null, coordinator: null }, [{ id: 7, title: "Möte", start: new Date(), place: null, rsvp: null }]).blocks),
      ...actionIds(meetingListMessage([{ meeting, mine: true, canManage: true, answer: "no" }]).blocks),
      ...actionIds(announcementMessage(meeting, { yes: [], no: [] }).blocks),
      ...actionIds(budgetMessage({ period: { id: 1, name: "P", from: "2016-01-01", to: "2016-12-31", overheadPercent: 10 }, categories: [], lines: [], totals: { income: 0, costs: 0, allocations: 0, subtotal: 0, overhead: 0, totalCosts: 0, result: 0, remaining: 0, paid: 0, released: 0 } }, { current: true }).blocks),
    ];
    for (const type of REQUEST_TYPES) {
      const view = applyModal({ type, orgName: "X", costPreview: null });
      // dispatching inputs only: plain inputs are read on submit
      for (const block of view.blocks) {
        if (block.type === "input" && "dispatch_action" in block && block.dispatch_action) emitted.push(...actionIds([block]));
      }
    }
    // Issue #13: the correction modal's cost inputs ("Ändra") refresh its cost as they change.
    for (const type of REQUEST_TYPES) {
      const view = editRequestModal({ ...r, type, measure: "therapy", quantity: 1, unitAmount: 500, justification: "x" });
      for (const block of view.blocks) {
        if (block.type === "input" && "dispatch_action" in block && block.dispatch_action) emitted.push(...actionIds([block]));
      }
    }
    expect(emitted.some((id) => id.startsWith(ACTION.editCostInput))).toBe(true);
    expect(emitted.length).toBeGreaterThan(10);
    for (const id of emitted) expect(matches(registered.action, id), id).toBe(true);
  });

  it("the case's close and reopen buttons (issue #12; shown in the case file, with suffixes) and their modals have listeners", () => {
    for (const id of [ACTION.closeCase, `${ACTION.closeCase}_casefile`, ACTION.reopenCase, `${ACTION.reopenCase}_casefile`, ACTION.transferCase]) {
      expect(matches(registered.action, id), id).toBe(true);
    }
    const views = [
      closeCaseModal({ ref: "NSP004", createdOn: new Date("2016-09-01T00:00:00Z") }, new Date("2016-12-01T00:00:00Z")),
      reopenCaseModal({ ref: "NSP004", outcome: "returned", closedOn: new Date("2016-11-30T00:00:00Z"), closedBy: "U1" }),
      // Issue #14: "Flytta ärendet" opens the transfer modal.
      transferCaseModal({ ref: "NSP004", orgName: "Frälsningsarmén" }, [{ id: 2, name: "Talita" }]),
    ];
    for (const view of views) {
      expect(matches(registered.view, view.callback_id ?? ""), view.callback_id).toBe(true);
      // No dispatching inputs: the closing modal's inputs are read on submit.
      for (const block of view.blocks) expect("dispatch_action" in block && block.dispatch_action, block.block_id).toBeFalsy();
    }
  });
});
