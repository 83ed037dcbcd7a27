// Issue #13 item 2, "the preview is the cost": every input the cost depends on must refresh the
// preview as the applicant changes it, not only on Enter. Reproduces the reported case first: an
// integration request, 2016-09-01–2016-10-31 (61 days), previewed 36 600 kr with the default 0
// children; the applicant typed 1 child (no Enter, so Slack sent nothing) and the receipt said
// 48 800 kr. Slack's default for a number_input in a dispatching block is on_enter_pressed only.
import { describe, expect, it } from "vitest";
import { ACTION, APPLY_BLOCK as B } from "../../src/core/ids.js";
import { applyModal } from "../../src/views/apply-modal.js";
import type { Block } from "../../src/views/blocks.js";
import type { RequestType } from "../../src/domain/types.js";

/** The inputs the cost (or the period whose rates price it) depends on, per type. */
const COST_INPUTS: Partial<Record<RequestType, string[]>> = {
  rest: [B.type, B.from, B.to, B.children, B.protection],
  integration: [B.type, B.from, B.to, B.children],
  measure: [B.type, B.measure, B.quantity, B.unitAmount, B.measureDate],
};

type Input = Extract<Block, { type: "input" }>;
const inputs = (type: RequestType): Input[] =>
  applyModal({ type, orgName: "Frälsningsarmén", costPreview: null }).blocks.filter((b): b is Input => b.type === "input");

/** What Slack's client sends a block action on, for an input block (the sandbox's rule, from Slack's docs). */
function triggers(block: Input): string[] {
  if (!block.dispatch_action) return [];
  const el = block.element as { type: string; dispatch_action_config?: { trigger_actions_on?: string[] } };
  if (["plain_text_input", "number_input", "email_text_input", "url_text_input"].includes(el.type)) {
    return el.dispatch_action_config?.trigger_actions_on ?? ["on_enter_pressed"];
  }
  return ["on_change"];
}

describe("apply modal: every cost input refreshes the preview as it changes", () => {
  it("36 600 vs 48 800: typing the number of children (no Enter) sends a block action", () => {
    const children = inputs("integration").find((b) => b.block_id === B.children);
    expect(children).toBeDefined();
    if (!children) return;
    expect(triggers(children)).toContain("on_character_entered");
    expect((children.element as { action_id?: string }).action_id).toBe(`${ACTION.costInput}_${B.children}`);
  });

  for (const [type, blockIds] of Object.entries(COST_INPUTS) as [RequestType, string[]][]) {
    it(`${type}: ${blockIds.join(", ")} dispatch on every change`, () => {
      const byId = new Map(inputs(type).map((b) => [b.block_id, b]));
      for (const id of blockIds) {
        const block = byId.get(id);
        expect(block, id).toBeDefined();
        if (!block) continue;
        const on = triggers(block);
        expect(on, id).not.toEqual([]);
        // A text-like input must not wait for Enter: every character refreshes the preview.
        if (!on.includes("on_change")) expect(on, id).toContain("on_character_entered");
      }
    });
  }
});
