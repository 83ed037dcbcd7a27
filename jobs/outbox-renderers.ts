// Every outbox kind and how it is rendered: one exhaustive map, so a kind added to
// src/domain/outbox.ts without a renderer fails to compile.
import { isOutboxKind, type OutboxKind } from "../src/domain/outbox.js";
import type { ClaimedRow, DeliveryDeps, Renderer, Send } from "./delivery-types.js";
import { publishHome } from "./publish-home.js";
import { BUDGET_RENDERERS } from "./render-budget.js";
import { CLOCK_RENDERERS } from "./render-clocks.js";
import { CASE_RENDERERS } from "./render-case.js";
import { ERASURE_RENDERERS } from "./render-erasure.js";
import { MEETING_RENDERERS } from "./render-meeting.js";
import { REQUEST_RENDERERS } from "./render-request.js";
import { REQUEST_CHANGE_RENDERERS } from "./render-request-changes.js";
import { PAYMENT_RENDERERS } from "./render-payments.js";

export const RENDERERS = {
  ...REQUEST_RENDERERS,
  ...REQUEST_CHANGE_RENDERERS,
  ...BUDGET_RENDERERS,
  ...MEETING_RENDERERS,
  ...CLOCK_RENDERERS,
  ...CASE_RENDERERS,
  ...ERASURE_RENDERERS,
  ...PAYMENT_RENDERERS,
  home_refresh: publishHome,
  home_refresh_group: publishHome,
  home_refresh_network: publishHome,
  home_refresh_budget: publishHome,
  home_refresh_transfer: publishHome,
} as const satisfies Record<OutboxKind, Renderer>;

/** Renders a claimed row by its kind (a row of an unknown kind fails, and is retried until dead). */
export async function render(deps: DeliveryDeps, row: ClaimedRow): Promise<Send> {
  if (!isOutboxKind(row.kind)) throw new Error(`unknown outbox kind ${row.kind}`);
  return RENDERERS[row.kind](deps, row);
}
