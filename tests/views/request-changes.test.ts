// Issue #12, item 5, the pure parts: the receipt's buttons, the Home's menu, the correction modal,
// the thread notes and the list of changes (never the justification's text).
import type { InputBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import { ACTION, APPLY_BLOCK as B, CALLBACK } from "../../src/core/ids.js";
import { changeLines, snapshotOf } from "../../src/domain/request-change.js";
import { homeView } from "../../src/views/home.js";
import { applicantReceipt, coordinatorMessage } from "../../src/views/request.js";
import {
  editFieldsFor,
  editRequestModal,
  HOME_CHANGE_BLOCK,
  threadChanged,
  threadWithdrawn,
} from "../../src/views/request-changes.js";
import { checkFields } from "../../src/views/fields.js";
import { expectValidMessage, expectValidModal } from "../helpers/blockkit.js";
import { requestFixture } from "../helpers/fixtures.js";
import type { HomeRequest } from "../../src/domain/home.js";

const SECRET = "Hemlig motivering som aldrig får synas i ett meddelande.";
const r = requestFixture(SECRET);
const text = (x: unknown) => JSON.stringify(x);

describe("the receipt DM", () => {
  it("has Ändra and Återkalla (with Slack's confirm) while the request is open", () => {
    const m = applicantReceipt(r);
    expectValidMessage(m);
    const actions = m.blocks.find((b) => b.type === "actions");
    expect(text(actions)).toContain(`"action_id":"${ACTION.editRequest}"`);
    expect(text(actions)).toContain(`"action_id":"${ACTION.withdrawRequest}"`);
    expect(text(actions)).toContain('"confirm"');
    expect(text(actions)).toContain(`"value":"${r.id}"`);
  });

  it("loses them once the request is withdrawn or decided, and shows the status", () => {
    for (const status of ["withdrawn", "granted", "denied"] as const) {
      const m = applicantReceipt({ ...r, status, decidedBy: "U0APPL2", decidedAt: new Date("2016-09-02T10:00:00Z") });
      expectValidMessage(m);
      expect(m.blocks.some((b) => b.type === "actions")).toBe(false);
    }
    expect(text(applicantReceipt({ ...r, status: "withdrawn" }))).toContain("Återkallad");
  });

  it("the coordinator message of a withdrawn request says who withdrew it and has no decision buttons", () => {
    const m = coordinatorMessage({ ...r, status: "withdrawn", decidedBy: "U0APPL2", decidedAt: new Date("2016-09-02T10:00:00Z") });
    expectValidMessage(m);
    expect(text(m)).toContain("Återkallad av <@U0APPL2>");
    expect(text(m)).not.toContain("decide_");
  });
});

describe("the thread notes", () => {
  it("a withdrawal names the request, who and what was asked, never the text", () => {
    const m = threadWithdrawn(r, "U0APPL2", new Date("2016-09-02T10:00:00Z"));
    expectValidMessage(m);
    expect(text(m)).toContain("Ansökan nr 7 återkallades av <@U0APPL2>");
    expect(text(m)).toContain("Max 30 dagars vila: 2016-09-01 – 2016-09-30 (30 dagar)");
    expect(text(m)).not.toContain("Hemlig");
  });

  it("a correction lists the changed fields only", () => {
    const before = snapshotOf({ ...r, periodId: 1 });
    const after = { ...before, endDate: "2016-09-20", days: 20, children: 0, requestedAmount: 27_000 };
    const lines = changeLines("rest", before, after, true);
    expect(lines).toEqual([
      "period 2016-09-01 – 2016-09-30 (30 dagar) → 2016-09-01 – 2016-09-20 (20 dagar)",
      "medföljande barn 1 → 0",
      "beräknad kostnad 49 500 kr → 27 000 kr",
      "beslutsunderlaget ändrades",
    ]);
    expect(changeLines("rest", before, before, false)).toEqual([]);
    const m = threadChanged(r, "U0APPL", lines);
    expectValidMessage(m);
    expect(text(m)).toContain("Ansökan nr 7 ändrades av <@U0APPL>: period");
    const measure = snapshotOf({ ...r, startDate: null, endDate: null, days: null, children: null, protection: false, measure: "therapy", quantity: 5, unitAmount: 500, requestedAmount: 2500, periodId: 1 });
    expect(changeLines("measure", measure, { ...measure, quantity: 4, requestedAmount: 2000 }, false)).toEqual([
      "insats Terapi 5 tillfällen × 500 kr → Terapi 4 tillfällen × 500 kr",
      "beräknad kostnad 2 500 kr → 2 000 kr",
    ]);
  });
});

describe("the correction modal", () => {
  it("is valid for every type, filled in, with the type and case fixed", () => {
    const types = [
      { ...r },
      { ...r, type: "integration" as const, protection: false },
      { ...r, type: "measure" as const, startDate: null, endDate: null, days: null, children: null, protection: false, measure: "therapy", quantity: 5, unitAmount: 500, requestedAmount: 2500 },
      { ...r, type: "inquiry" as const },
      { ...r, type: "admission" as const },
    ];
    for (const x of types) {
      const view = editRequestModal({ ...x, justification: SECRET });
      expectValidModal(view);
      expect(view.callback_id).toBe(CALLBACK.editRequest);
      expect(JSON.parse(view.private_metadata ?? "")).toEqual({ requestId: 7 });
      expect(text(view)).toContain(SECRET); // the modal is the one place the text is shown
      const inputs = view.blocks.filter((b) => b.type === "input").map((b) => b.block_id);
      expect(inputs.sort()).toEqual(Object.keys(editFieldsFor(x.type)).sort());
      expect(inputs).not.toContain(B.type);
      expect(inputs).not.toContain(B.caseRef);
    }
    const rest = text(editRequestModal({ ...r, justification: SECRET }));
    expect(rest).toContain('"initial_date":"2016-09-01"');
    expect(rest).toContain('"initial_date":"2016-09-30"');
    expect(rest).toContain('"initial_options"'); // protection ticked
  });

  // Issue #13 item 2: the figure shown before saving is the figure stored.
  const measureReq = { ...r, type: "measure" as const, startDate: null, endDate: null, days: null, children: null, protection: false, measure: "therapy", quantity: 5, unitAmount: 500, requestedAmount: 2500 };
  const costBlock = (view: ReturnType<typeof editRequestModal>) => text(view.blocks.find((b) => b.block_id === B.cost));
  const isInput = (b: { type: string }): b is InputBlock => b.type === "input";
  const inputsOf = (view: ReturnType<typeof editRequestModal>): InputBlock[] => view.blocks.filter(isInput);
  const dispatching = (view: ReturnType<typeof editRequestModal>) =>
    inputsOf(view).flatMap((b) => (b.dispatch_action ? [b.block_id] : [])).sort();

  it("every cost input dispatches an action of its own (edit_cost_input_<block>); numbers on every character", () => {
    const rest = editRequestModal({ ...r, justification: SECRET });
    expect(dispatching(rest)).toEqual([B.children, B.from, B.protection, B.to].sort());
    expect(dispatching(editRequestModal({ ...r, type: "integration", protection: false, justification: SECRET }))).toEqual([B.children, B.from, B.to].sort());
    const measure = editRequestModal({ ...measureReq, justification: SECRET });
    expect(dispatching(measure)).toEqual([B.measure, B.measureDate, B.quantity, B.unitAmount].sort());
    for (const view of [rest, measure]) {
      for (const b of inputsOf(view)) {
        if (!b.dispatch_action) continue;
        expect(b.element.action_id).toBe(`${ACTION.editCostInput}_${b.block_id}`);
        if (b.element.type === "number_input") expect(b.element.dispatch_action_config?.trigger_actions_on).toContain("on_character_entered");
      }
    }
    // The justification and the text-only types dispatch nothing.
    expect(dispatching(editRequestModal({ ...r, type: "inquiry", justification: SECRET }))).toEqual([]);
    expect(dispatching(editRequestModal({ ...r, type: "admission", justification: SECRET }))).toEqual([]);
  });

  it("shows the current cost and the new one saving would store; only one figure when they agree; a hint while incomplete", () => {
    const changed = editRequestModal({ ...r, justification: SECRET }, { total: 27_000, text: "*Beräknad kostnad: 27 000 kr*", detail: "(Vila 20 dagar × 1 200 kr = 24 000 kr) – satser för Pilot 2016" });
    expectValidModal(changed);
    expect(costBlock(changed)).toContain("Nuvarande kostnad: 49 500 kr");
    expect(costBlock(changed)).toContain("Ny kostnad när du sparar: 27 000 kr");
    expect(costBlock(changed)).toContain("satser för Pilot 2016");
    expect(JSON.parse(changed.private_metadata ?? "")).toEqual({ requestId: 7, shownCost: 27_000 });

    const same = editRequestModal({ ...r, justification: SECRET }, { total: 49_500, text: "*Beräknad kostnad: 49 500 kr*", detail: "– satser för Pilot 2016" });
    expect(costBlock(same)).toContain("Kostnad när du sparar: 49 500 kr (oförändrad)");
    expect(costBlock(same)).not.toContain("Nuvarande");
    expect(costBlock(same)).not.toContain("Ny kostnad");
    expect(JSON.parse(same.private_metadata ?? "")).toEqual({ requestId: 7, shownCost: 49_500 });

    const incomplete = editRequestModal({ ...r, justification: SECRET }, { total: null, text: null, detail: null });
    expect(costBlock(incomplete)).toContain("Nuvarande kostnad: 49 500 kr");
    expect(costBlock(incomplete)).toContain("Den nya kostnaden visas när uppgifterna är ifyllda");
    expect(costBlock(incomplete)).not.toContain("Ny kostnad när du sparar");
    expect(JSON.parse(incomplete.private_metadata ?? "")).toEqual({ requestId: 7 });

    const noPeriod = editRequestModal({ ...r, justification: SECRET }, { total: null, text: ":warning: Ingen budgetperiod omfattar 2030-01-01, så kostnaden kan inte beräknas.", detail: null });
    expect(costBlock(noPeriod)).toContain("Ingen budgetperiod omfattar 2030-01-01");
    expect(costBlock(noPeriod)).not.toContain("Ny kostnad när du sparar");

    const recalculated = editRequestModal({ ...measureReq, justification: SECRET }, { total: 2000, text: "x", detail: "– satser för P" }, { recalculated: true });
    expect(costBlock(recalculated)).toContain("Kostnaden har räknats om: 2 000 kr. Kontrollera och spara igen.");
    for (const v of [changed, same, incomplete, noPeriod, recalculated]) expect(costBlock(v)).not.toContain("Hemlig");
  });

  it("the submit's limits are the apply modal's: over-long text and unknown options are refused", () => {
    const fields = editFieldsFor("measure");
    const errors = checkFields(
      {
        [B.measure]: { [B.measure]: { type: "static_select", selected_option: { text: { type: "plain_text", text: "x" }, value: "yacht" } } },
        [B.justification]: { [B.justification]: { type: "plain_text_input", value: "x".repeat(3001) } },
      },
      fields,
    );
    expect(errors?.[B.measure]).toBeTruthy();
    expect(errors?.[B.justification]).toBeTruthy();
  });
});

describe("the Home's selects", () => {
  const open: HomeRequest = {
    id: 12, type: "rest", status: "received", caseRef: "NSP004", orgName: "X", applicantSlackId: "U0APPL", createdAt: new Date("2016-09-01T08:00:00Z"),
    decidedAt: null, requestedAmount: 12_500, grantedAmount: null, grantedDays: null, days: 10, startDate: new Date("2016-09-01"), endDate: new Date("2016-09-10"),
    children: 0, protection: false, measure: null, quantity: null, unitAmount: null, sharedReason: null, hasReason: false, info: null,
  };
  const home = (openList: HomeRequest[]) =>
    homeView(
      { userId: "U0APPL2", now: new Date("2016-09-02T08:00:00Z"), actor: { role: "applicant", orgName: "X" }, applicant: { orgName: "X", open: openList, openTotal: openList.length, decided: [{ ...open, id: 13, status: "withdrawn", decidedAt: new Date() }] }, coordinator: null },
      [],
    );

  it("one block offers Ändra and Återkalla (with confirm) for each open request of the organisation, not for decided ones", () => {
    const view = home([open, { ...open, id: 14, caseRef: null }]);
    const block = view.blocks.find((b) => b.block_id === HOME_CHANGE_BLOCK);
    const t = text(block);
    expect(t).toContain(`"action_id":"${ACTION.editRequest}_home"`);
    expect(t).toContain(`"action_id":"${ACTION.withdrawRequest}_home"`);
    expect(t).toContain('"confirm"');
    expect(t).toContain('"value":"12"');
    expect(t).toContain("nr 12 – ");
    expect(t).toContain("(NSP004)");
    expect(t).toContain('"value":"14"');
    expect(t).not.toContain('"value":"13"');
    // "Visa ärende" stays beside the request's line.
    expect(text(view)).toContain(`${ACTION.openCase}_o12`);
  });

  it("no block without open requests", () => {
    expect(home([]).blocks.some((b) => b.block_id === HOME_CHANGE_BLOCK)).toBe(false);
  });
});
