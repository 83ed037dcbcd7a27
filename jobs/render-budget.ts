// The budget channel's messages (a category passed a threshold; the daily summary) and the daily
// notice to admins about dead messages, rendered from the database at send time.
import { parseBudgetSummaryDay, type OutboxKind } from "../src/domain/outbox.js";
import { todayDate } from "../src/domain/format.js";
import { deadSummary } from "../src/services/outbox-admin.js";
import { budgetWarningMessage } from "../src/views/budget.js";
import { deadNoticeMessage } from "../src/views/outbox.js";
import { summaryFor } from "./budget-summary.js";
import type { ClaimedRow, DeliveryDeps, Renderer } from "./delivery-types.js";

const budgetChannel = (deps: DeliveryDeps): string => deps.budgetChannel ?? deps.coordinatorChannel;

function refOf(row: ClaimedRow): number {
  if (row.refId === null) throw new Error(`${row.kind} without ref`);
  return row.refId;
}

export const BUDGET_RENDERERS = {
  budget_warning: async (deps, row) => {
    const refId = refOf(row);
    const w = await deps.db.budgetWarning.findUnique({ where: { id: refId }, include: { category: { include: { period: true } } } });
    if (!w) throw new Error(`budget warning ${refId} not found`);
    const message = budgetWarningMessage({ period: w.category.period.name, category: w.category.name, threshold: w.threshold, committed: w.committed, available: w.available });
    return { method: "post", channel: budgetChannel(deps), message };
  },
  // The summary is rendered for the day it was due (in its key), with the figures of now.
  budget_summary: async (deps, row) => {
    const refId = refOf(row);
    const day = parseBudgetSummaryDay(row.key);
    const summary = await summaryFor(deps.db, refId, day ? new Date(`${day}T00:00:00.000Z`) : todayDate());
    if (!summary) throw new Error(`budget period ${refId} not found`);
    return { method: "post", channel: budgetChannel(deps), message: summary };
  },
  /** The daily notice to one admin, rendered now (the rows may have been retried since). */
  dead_notice: async (deps, row) => {
    const refId = refOf(row);
    const admin = await deps.db.member.findUnique({ where: { id: refId }, select: { slackUserId: true } });
    if (!admin) throw new Error(`member ${refId} not found`);
    return { method: "post", channel: admin.slackUserId, message: deadNoticeMessage(await deadSummary(deps.db)) };
  },
} satisfies Partial<Record<OutboxKind, Renderer>>;
