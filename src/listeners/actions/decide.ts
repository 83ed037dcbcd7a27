// Decision buttons in the coordinator channel: only a coordinator (the clicking user, looked up in
// Postgres) gets the decision modal; a decided request answers who decided it and when. The
// decision modal and Visa underlag show the applicant's free text: each opening is recorded
// (src/domain/audit.ts) before the view is opened, and a failed recording shows a notice instead.
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { DECISION_KINDS, OPEN_STATUSES, type DecisionKind } from "../../domain/types.js";
import { parseRecordId } from "../../domain/record-id.js";
import { ACTION } from "../../core/ids.js";
import { canDecide, findActor } from "../../services/members.js";
import { periodForDate } from "../../services/periods.js";
import { grantedDaysForCase, loadRequest, pendingAdmission, type LoadedRequest } from "../../services/requests.js";
import { noticeModal } from "../../views/blocks.js";
import { requestBudget } from "../../services/budget-read.js";
import { READ } from "../../domain/audit.js";
import { recordRead, recordRequestRead } from "../../services/cases.js";
import { requestBudgetBlocks } from "../../views/budget.js";
import { decisionModal, underlagModal } from "../../views/modals.js";
import { errorMessage, type ListenerDeps } from "../common/deps.js";
import { alreadyDecidedText, NOT_COORDINATOR_TEXT, REQUEST_GONE_TEXT } from "../common/texts.js";

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

async function open(client: WebClient, triggerId: string, view: Parameters<WebClient["views"]["open"]>[0]["view"]) {
  await client.views.open({ trigger_id: triggerId, view });
}

/** Loads the request for a coordinator, or opens a notice modal and returns null. */
async function forCoordinator(deps: ListenerDeps, args: Args): Promise<LoadedRequest | null> {
  const { body, action, client } = args;
  const actor = await findActor(deps.db, body.user.id);
  if (!canDecide(actor)) {
    await open(client, body.trigger_id, noticeModal("Inte behörig", NOT_COORDINATOR_TEXT));
    return null;
  }
  const id = parseRecordId(action.value);
  const request = id ? await loadRequest(deps.db, id) : null;
  if (!request) {
    await open(client, body.trigger_id, noticeModal("Hittades inte", REQUEST_GONE_TEXT));
    return null;
  }
  return request;
}

export function decideClicked(deps: ListenerDeps) {
  return async (args: Args): Promise<void> => {
    await args.ack();
    const { body, action, client } = args;
    const kind = action.action_id.slice(ACTION.decide.length + 1) as DecisionKind;
    if (!DECISION_KINDS.includes(kind)) return;
    try {
      const request = await forCoordinator(deps, args);
      if (!request) return;
      if (!OPEN_STATUSES.includes(request.status)) {
        await open(client, body.trigger_id, noticeModal("Redan beslutat", alreadyDecidedText(request)));
        return;
      }
      const capType = request.type === "rest" || request.type === "integration" ? request.type : null;
      const already = capType && request.caseId ? await grantedDaysForCase(deps.db, request.caseId, capType) : 0;
      const period = request.period ?? (request.startDate ? await periodForDate(deps.db, request.startDate) : null);
      const maxDays = capType === "rest" ? (period?.restMaxDays ?? null) : capType === "integration" ? (period?.integrationMaxDays ?? null) : null;
      const money = kind === "grant" || kind === "partial" ? await requestBudget(deps.db, request) : null;
      const budget = money ? requestBudgetBlocks(money, { requestId: request.id }) : [];
      const admission = kind === "grant" || kind === "partial" ? await pendingAdmission(deps.db, request) : null;
      const view = decisionModal(request, kind, { alreadyGrantedDays: already, maxDays, budget, proposal: money?.proposal ?? null, admission, measureMinimum: period?.measureMinAmount ?? null });
      // The modal shows the underlag: recorded before it is shown (issue #14), no row, no modal.
      await recordRead(deps.db, READ.decisionModal, request, body.user.id);
      await open(client, body.trigger_id, view);
    } catch (err) {
      deps.log.error({ user: body.user.id, error: errorMessage(err) }, "decision modal failed");
      await open(client, body.trigger_id, noticeModal("Beslut", "Beslutsformuläret kunde inte visas just nu. Försök igen om en stund.")).catch(() => undefined);
    }
  };
}

export function showUnderlagClicked(deps: ListenerDeps) {
  return async (args: Args): Promise<void> => {
    await args.ack();
    try {
      const request = await forCoordinator(deps, args);
      if (!request) return;
      // Recorded before it is shown (issue #12): no row, no documentation.
      await recordRequestRead(deps.db, request, args.body.user.id);
      await open(args.client, args.body.trigger_id, underlagModal(request));
    } catch (err) {
      deps.log.error({ user: args.body.user.id, error: errorMessage(err) }, "underlag modal failed");
      await open(args.client, args.body.trigger_id, noticeModal("Underlag", "Underlaget kunde inte visas just nu. Försök igen om en stund.")).catch(() => undefined);
    }
  };
}
