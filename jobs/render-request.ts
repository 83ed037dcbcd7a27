// The messages about one request (coordinator channel, its thread, the applicant's DMs), rendered
// from the database at send time so they always show the current state.
import type { Db } from "../src/core/db.js";
import { outboxKeys, type OutboxKind } from "../src/domain/outbox.js";
import { isOpenStatus } from "../src/domain/types.js";
import { requestBudget } from "../src/services/budget-read.js";
import { grantedDaysForCase, loadRequest, pendingAdmission, type LoadedRequest } from "../src/services/requests.js";
import { context } from "../src/views/blocks.js";
import { requestBudgetBlocks } from "../src/views/budget.js";
import {
  admissionPendingLine,
  applicantDecision,
  applicantQuestion,
  applicantReceipt,
  coordinatorMessage,
  grantedDaysLine,
  threadDecision,
  threadInfoAnswered,
  threadInfoAsked,
  type SlackMessage,
} from "../src/views/request.js";
import { NotReadyError, type ClaimedRow, type DeliveryDeps, type Renderer, type Send, type SentTarget } from "./delivery-types.js";

export async function sentRow(db: Db, key: string): Promise<SentTarget> {
  const row = await db.outboxMessage.findUnique({ where: { key } });
  if (!row || row.status !== "sent" || !row.channel || !row.ts) throw new NotReadyError(`waiting for ${key}`);
  return { channel: row.channel, ts: row.ts };
}

function parent(r: LoadedRequest): SentTarget {
  if (!r.coordChannel || !r.coordTs) throw new NotReadyError("coordinator message not posted yet");
  return { channel: r.coordChannel, ts: r.coordTs };
}

/** The coordinator message with the money the request would take now. */
async function coordinatorMessageNow(db: Db, r: LoadedRequest): Promise<SlackMessage> {
  if (!isOpenStatus(r.status)) return coordinatorMessage(r);
  const budget = requestBudgetBlocks(await requestBudget(db, r), { requestId: r.id });
  const capType = r.type === "rest" || r.type === "integration" ? r.type : null;
  if (capType && r.caseId && r.period) {
    const days = await grantedDaysForCase(db, r.caseId, capType);
    const max = capType === "rest" ? r.period.restMaxDays : r.period.integrationMaxDays;
    budget.push(context(grantedDaysLine(days, max, r.days)));
  }
  const admission = await pendingAdmission(db, r);
  if (admission) budget.push(context(admissionPendingLine(r.case?.ref ?? "ärendet", admission)));
  return coordinatorMessage(r, budget);
}

/** A renderer of a request's message: loads the request of the row first. */
export function forRequest(render: (deps: DeliveryDeps, row: ClaimedRow, r: LoadedRequest) => Promise<Send> | Send): Renderer {
  return async (deps, row) => {
    if (row.requestId === null) throw new Error("outbox row without request");
    const r = await loadRequest(deps.db, row.requestId);
    if (!r) throw new Error(`request ${row.requestId} not found`);
    return render(deps, row, r);
  };
}

function infoOf(r: LoadedRequest, row: ClaimedRow): LoadedRequest["infoRequests"][number] {
  const info = r.infoRequests.find((i) => i.id === row.refId);
  if (!info) throw new Error(`info request ${row.refId} not found`);
  return info;
}

export function inThread(r: LoadedRequest, message: SlackMessage): Send {
  const p = parent(r);
  return { method: "post", channel: p.channel, threadTs: p.ts, message };
}

/**
 * Keeps the updates of one coordinator message in order: while an older update of it (notice,
 * refresh or budget refresh, a smaller outbox id) is being sent by another worker, this one waits
 * (NotReadyError: retried, never dead). Otherwise a budget refresh rendered just before the
 * request's decision committed could reach Slack after the decision's own update and show the
 * decision buttons again. Only leased rows count: a row waiting for its retry renders afresh later.
 */
async function afterEarlierUpdates(db: Db, row: ClaimedRow): Promise<void> {
  const kinds: OutboxKind[] = ["coord_notice", "coord_refresh", "coord_budget_refresh"];
  const rows = await db.$queryRaw<{ busy: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM "outbox_message" WHERE "status" = 'pending' AND "request_id" = ${row.requestId} AND "id" < ${row.id}
      AND "kind" = ANY(${kinds}::text[]) AND "lease_until" > now()) AS "busy"`;
  if (rows[0]?.busy === true) throw new NotReadyError("an earlier update of the coordinator message is being sent");
}

export const REQUEST_RENDERERS = {
  coord_notice: forRequest(async (deps, _row, r) => ({ method: "post", channel: deps.coordinatorChannel, message: await coordinatorMessageNow(deps.db, r) })),
  coord_refresh: forRequest(async (deps, row, r) => {
    await afterEarlierUpdates(deps.db, row);
    return { method: "update", ...parent(r), message: await coordinatorMessageNow(deps.db, r) };
  }),
  // After a change of the request's categories (services/budget-refresh.ts): the figures and the
  // advice as they are now. A decided request's message shows no budget (its own coord_refresh
  // updates it), so nothing is sent; one not posted yet waits for its notice.
  coord_budget_refresh: forRequest(async (deps, row, r) => {
    if (!isOpenStatus(r.status)) return { method: "none", reason: "request decided" };
    await afterEarlierUpdates(deps.db, row);
    return { method: "update", ...parent(r), message: await coordinatorMessageNow(deps.db, r) };
  }),
  applicant_receipt: forRequest((_deps, _row, r) => ({ method: "post", channel: r.applicantSlackId, message: applicantReceipt(r) })),
  thread_decision: forRequest((_deps, _row, r) => inThread(r, threadDecision(r))),
  applicant_decision: forRequest((_deps, _row, r) => ({ method: "post", channel: r.applicantSlackId, message: applicantDecision(r) })),
  thread_info_asked: forRequest((_deps, row, r) => {
    const info = r.infoRequests.find((i) => i.id === row.refId);
    return inThread(r, threadInfoAsked(r, info?.askedBy ?? "?", info?.askedAsDeputy ?? false));
  }),
  applicant_info_question: forRequest((_deps, row, r) => ({ method: "post", channel: r.applicantSlackId, message: applicantQuestion(r, infoOf(r, row)) })),
  thread_info_answered: forRequest((_deps, _row, r) => inThread(r, threadInfoAnswered(r))),
  applicant_info_answered: forRequest(async (deps, row, r) => {
    const info = infoOf(r, row);
    // The question DM this answer closes (its button is removed).
    const question = await sentRow(deps.db, outboxKeys.request(r.id, "applicant_info_question", info.id));
    return { method: "update", ...question, message: applicantQuestion(r, info) };
  }),
} satisfies Partial<Record<OutboxKind, Renderer>>;
