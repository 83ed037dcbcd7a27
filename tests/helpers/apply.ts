// Filling in the apply modal as Slack's client does (issue #13): every cost input dispatches a
// block action as it changes, and the app rebuilds the modal with a fresh cost preview (and the
// figure it shows in private_metadata). The submit stores a request only when the modal showed
// exactly its cost, so a test that applies for a rest, integration or measure goes through here.
// The correction modal "Ändra" works the same way (previewEdit, submitEdit): a correction that
// changes a cost input goes through here too.
import { ACTION, APPLY_BLOCK as B } from "../../src/core/ids.js";
import { applyMetadata } from "../../src/views/apply-modal.js";
import { editRequestMetadata } from "../../src/views/request-changes.js";
import { parseMetadata } from "../../src/views/state.js";
import { waitFor, type Harness } from "./harness.js";

/** The cost inputs, in the order an applicant fills them in; the last one present is "changed". */
const COST_BLOCKS = [B.from, B.to, B.children, B.protection, B.measure, B.quantity, B.unitAmount, B.measureDate] as const;

/** The block action of a change of `blockId` to `raw[blockId]`, then the app's views.update of the view. */
async function changeCostInput(h: Harness, user: string, viewId: string, raw: Record<string, unknown>, blockId: string, prefix: string): Promise<void> {
  const state = h.user.valuesFor(viewId, raw);
  const value = raw[blockId];
  const before = h.fake.callsTo("views.update").filter((c) => c.args.view_id === viewId).length;
  const change =
    blockId === B.from || blockId === B.to || blockId === B.measureDate
      ? { selectedDate: String(value) }
      : blockId === B.measure
        ? { selectedOption: String(value) }
        : blockId === B.protection
          ? { selectedOptions: Array.isArray(value) ? value.map(String) : [] }
          : { value: String(value) };
  await h.user.blockAction(user, { actionId: `${prefix}_${blockId}`, blockId, view: viewId, state, ...change });
  await waitFor(async () => h.fake.callsTo("views.update").filter((c) => c.args.view_id === viewId)[before], "the preview's views.update");
}

const lastCostInput = (raw: Record<string, unknown>): string | undefined => [...COST_BLOCKS].reverse().find((b) => raw[b] !== undefined);

/**
 * The applicant has filled in `raw` (block id → value, as valuesFor takes it) and changes `blockId`
 * (by default the last cost input in `raw`): one block action, then the app's views.update. Returns
 * the view's cost preview text and the figure in its metadata afterwards.
 */
export async function previewApply(
  h: Harness,
  user: string,
  viewId: string,
  raw: Record<string, unknown>,
  blockId: string | undefined = lastCostInput(raw),
): Promise<{ text: string; shownCost: number | undefined }> {
  if (blockId === undefined) throw new Error("previewApply: no cost input in the values");
  await changeCostInput(h, user, viewId, raw, blockId, ACTION.costInput);
  return shownPreview(h, viewId);
}

/**
 * The same in the correction modal "Ändra" (issue #13): its cost inputs dispatch
 * `edit_cost_input_<block>`, and the app rebuilds it with the cost saving would store.
 */
export async function previewEdit(
  h: Harness,
  user: string,
  viewId: string,
  raw: Record<string, unknown>,
  blockId: string | undefined = lastCostInput(raw),
): Promise<{ text: string; shownCost: number | undefined }> {
  if (blockId === undefined) throw new Error("previewEdit: no cost input in the values");
  await changeCostInput(h, user, viewId, raw, blockId, ACTION.editCostInput);
  return shownEditPreview(h, viewId);
}

/** The correction modal's cost text now, and the new cost its metadata says it shows. */
export function shownEditPreview(h: Harness, viewId: string): { text: string; shownCost: number | undefined } {
  const view = h.fake.view(viewId);
  const block = view?.blocks.find((b) => b.block_id === B.cost);
  const meta = parseMetadata(editRequestMetadata, view?.private_metadata);
  return { text: JSON.stringify(block?.elements ?? []), shownCost: meta.success ? meta.data.shownCost : undefined };
}

/** Changes `raw` in the correction modal with its cost refreshed as Slack would, then submits. */
export async function submitEdit(h: Harness, user: string, viewId: string, raw: Record<string, unknown>) {
  if (COST_BLOCKS.some((b) => raw[b] !== undefined)) await previewEdit(h, user, viewId, raw);
  return h.user.submitView(user, viewId, h.user.valuesFor(viewId, raw));
}

/** The cost preview the view shows now, and the figure its metadata says it shows. */
export function shownPreview(h: Harness, viewId: string): { text: string; shownCost: number | undefined } {
  const view = h.fake.view(viewId);
  const block = view?.blocks.find((b) => b.block_id === B.cost);
  const meta = parseMetadata(applyMetadata, view?.private_metadata);
  return { text: JSON.stringify(block?.elements ?? []), shownCost: meta.success ? meta.data.shownCost : undefined };
}

/** Fills in `raw` with the preview refreshed as Slack would, then submits those values. */
export async function submitApply(h: Harness, user: string, viewId: string, raw: Record<string, unknown>) {
  if (COST_BLOCKS.some((b) => raw[b] !== undefined)) await previewApply(h, user, viewId, raw);
  return h.user.submitView(user, viewId, h.user.valuesFor(viewId, raw));
}
