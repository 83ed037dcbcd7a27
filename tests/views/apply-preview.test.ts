// Issue #13 item 2, "the preview is the cost": every input the cost depends on must refresh the
// preview as the applicant changes it, not only on Enter. Reproduces the reported case first: an
// integration request, 2016-09-01–2016-10-31 (61 days), previewed 36 600 kr with the default 0
// children; the applicant typed 1 child (no Enter, so Slack sent nothing) and the receipt said
// 48 800 kr. Slack's default for a number_input in a dispatching block is on_enter_pressed only.
import { describe, expect, it } from "vitest";
import { ACTION, APPLY_BLOCK as B } from "../../src/core/ids.js";
import { applyMetadata, applyModal } from "../../src/views/apply-modal.js";
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

describe("apply modal: the figure on screen travels in private_metadata", () => {
  const meta = (v: { private_metadata?: string }) => JSON.parse(v.private_metadata ?? "null") as unknown;

  it("a rebuilt modal carries the total its preview shows; one without a figure carries none", () => {
    expect(meta(applyModal({ type: "integration", orgName: "X", costPreview: "*Beräknad kostnad: 48 800 kr*", shownCost: 48_800 }))).toEqual({ type: "integration", shownCost: 48_800 });
    expect(meta(applyModal({ type: "integration", orgName: "X", costPreview: null }))).toEqual({ type: "integration" });
    expect(meta(applyModal({ type: "integration", orgName: "X", costPreview: ":warning: Ingen budgetperiod …", shownCost: null }))).toEqual({ type: "integration" });
  });

  it("the re-confirmation shows the exact cost with the Swedish note, above the preview", () => {
    const view = applyModal({ type: "integration", orgName: "X", costPreview: "*Beräknad kostnad: 48 800 kr*", shownCost: 48_800, recalculated: true });
    const cost = JSON.stringify(view.blocks.find((b) => b.block_id === B.cost));
    expect(cost).toContain("Kostnaden har räknats om: 48 800 kr. Kontrollera och skicka igen.");
    expect(cost.indexOf("räknats om")).toBeLessThan(cost.indexOf("Beräknad kostnad"));
    expect(JSON.stringify(applyModal({ type: "integration", orgName: "X", costPreview: "*Beräknad kostnad: 48 800 kr*", shownCost: 48_800 }))).not.toContain("räknats om");
  });

  it("the metadata schema reads only a whole, non-negative figure (anything else: no figure shown)", () => {
    expect(applyMetadata.safeParse({ shownCost: 36_600 }).success).toBe(true);
    for (const bad of [{ shownCost: -1 }, { shownCost: 1.5 }, { shownCost: "36600" }, { shownCost: 2 ** 60 }, { type: "x" }])
      expect(applyMetadata.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    // The other fields a modal's metadata may carry (e.g. a request being corrected) do not break it.
    expect(applyMetadata.safeParse({ type: "rest", shownCost: 1, requestId: 12 }).success).toBe(true);
  });
});
