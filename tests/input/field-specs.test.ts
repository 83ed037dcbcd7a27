// Each modal declares to Slack exactly what its submit listener accepts: every input block has a
// definition (views/fields.ts), and its max_length, multiline, min/max and option values are that
// definition's. And the control-character rule of domain/text.ts, character by character.
import { describe, expect, it } from "vitest";
import { forbiddenCharacter } from "../../src/domain/text.js";
import { REQUEST_TYPES } from "../../src/domain/types.js";
import type { BudgetReport, RequestBudget } from "../../src/domain/budget.js";
import { APPLY_FIELDS, applyModal } from "../../src/views/apply-modal.js";
import { OVERRIDE_FIELDS, overrideModal, TRANSFER_FIELDS, transferModal } from "../../src/views/budget.js";
import type { FormSpec } from "../../src/views/fields.js";
import { MEETING_FIELDS, meetingModal } from "../../src/views/meetings.js";
import { DECISION_FIELDS, decisionModal, INFO_FIELDS, infoAnswerModal } from "../../src/views/modals.js";
import type { ModalView } from "../../src/views/blocks.js";
import { requestFixture } from "../helpers/fixtures.js";

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** What one input block declares, in the terms of a FieldSpec. */
function declared(element: Json): Json {
  const options = Array.isArray(element.options) ? element.options.map((o: unknown) => (isRecord(o) ? o.value : undefined)) : undefined;
  return {
    element: element.type,
    ...(element.max_length !== undefined ? { maxLength: element.max_length } : {}),
    ...(element.multiline ? { multiline: true } : {}),
    ...(element.min_value !== undefined ? { min: Number(element.min_value) } : {}),
    ...(element.max_value !== undefined ? { max: Number(element.max_value) } : {}),
    ...(options ? { options } : {}),
  };
}

function expectAgreement(view: ModalView, spec: FormSpec, opts: { dynamicOptions?: string[]; dynamicMax?: string[] } = {}) {
  const blocks: unknown[] = view.blocks;
  const inputs = blocks.filter((b): b is Json => isRecord(b) && b.type === "input");
  expect(inputs.length).toBeGreaterThan(0);
  for (const block of inputs) {
    const id = String(block.block_id);
    const s = spec[id];
    expect(s, `input ${id} has no definition`).toBeDefined();
    if (!s || !isRecord(block.element)) continue;
    const want: Json = { ...s };
    if (want.multiline === false) delete want.multiline;
    if (want.options) want.options = [...(want.options as string[])];
    const got = declared(block.element);
    if (opts.dynamicOptions?.includes(id)) delete got.options;
    if (opts.dynamicMax?.includes(id)) delete got.max;
    expect(got, id).toEqual(want);
  }
}

const REPORT: BudgetReport = {
  period: { id: 2, name: "Pilot 2016", from: "2016-09-01", to: "2016-12-31", overheadPercent: 10 },
  categories: [{ key: "rest", name: "Vila", allocated: 100, transfersIn: 0, transfersOut: 0, committed: 0, remaining: 100, usedPercent: 0, overdraft: 0, paid: 0, released: 0 }],
  lines: [],
  totals: { income: 0, costs: 0, allocations: 0, subtotal: 0, overhead: 0, totalCosts: 0, result: 0, remaining: 0, paid: 0, released: 0 },
};
const RB: RequestBudget = { period: null, impact: [], fits: true, proposal: null };

describe("modal and server agree", () => {
  it.each(REQUEST_TYPES)("the apply modal for %s", (type) => {
    expectAgreement(applyModal({ type, orgName: "Frälsningsarmén", costPreview: null }), APPLY_FIELDS);
  });

  it.each(["grant", "partial", "deny", "info"] as const)("the decision modal (%s)", (kind) => {
    const rest = requestFixture("Underlag", { type: "rest", days: 10 });
    expectAgreement(decisionModal(rest, kind, { alreadyGrantedDays: 0, maxDays: 30 }), DECISION_FIELDS, { dynamicMax: ["granted_days"] });
    expectAgreement(decisionModal(requestFixture("Underlag", { type: "measure" }), kind, { alreadyGrantedDays: 0, maxDays: null }), DECISION_FIELDS);
  });

  it("the answer, transfer, override and meeting modals", () => {
    expectAgreement(infoAnswerModal({ id: 1, question: "Vad?" }, requestFixture("x")), INFO_FIELDS);
    expectAgreement(transferModal(REPORT, 2), TRANSFER_FIELDS, { dynamicOptions: ["transfer_from", "transfer_to"] });
    expectAgreement(overrideModal({ id: 1, title: "Ansökan nr 1 – Vila: 2016-09-01 – 2016-09-10 (10 dagar) (NSP001)" }, RB), OVERRIDE_FIELDS);
    expectAgreement(meetingModal([{ id: 1, name: "Slussa vidare" }]), MEETING_FIELDS, { dynamicOptions: ["meeting_group"] });
  });
});

describe("forbiddenCharacter", () => {
  const hex = (c: number) => `U+${c.toString(16).toUpperCase().padStart(4, "0")}`;
  it("refuses C0 (tab, LF, CR only in multiline), DEL and C1", () => {
    for (let c = 0; c <= 0x9f; c++) {
      const ch = String.fromCharCode(c);
      const control = c < 0x20 || c >= 0x7f;
      const multilineOk = c === 0x09 || c === 0x0a || c === 0x0d;
      expect(forbiddenCharacter(`a${ch}b`, { multiline: false }), hex(c)).toBe(control ? hex(c) : null);
      expect(forbiddenCharacter(`a${ch}b`, { multiline: true }), hex(c)).toBe(control && !multilineOk ? hex(c) : null);
    }
  });
  it("refuses lone surrogates, accepts pairs, Swedish letters and format characters", () => {
    expect(forbiddenCharacter("a\ud800b", { multiline: true })).toBe("U+D800");
    expect(forbiddenCharacter("a\udfffb", { multiline: true })).toBe("U+DFFF");
    expect(forbiddenCharacter("NSP001 😀 åäö é ß \u200b \u00ad \u00a0", { multiline: false })).toBeNull();
  });
});
