// Decision buttons in the coordinator channel: only a coordinator (the clicking user, looked up in
// Postgres) gets the decision modal; a decided request answers who decided it and when. The
// decision modal and Visa underlag show the applicant's free text: each opening is recorded
// (src/domain/audit.ts) before the view is opened, and a failed recording shows a notice instead.
// Issue #14 (jäv): a member of the applying organisation is answered, in an ephemeral message, that another
// coordinator decides; an admin gets the modal as deputy only when no coordinator outside the
// applying organisation exists. The service checks the same again when the decision is written.
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { DECISION_KINDS, OPEN_STATUSES, type DecisionKind } from "../../domain/types.js";
import { parseRecordId } from "../../domain/record-id.js";
import { ACTION } from "../../core/ids.js";
import { actorDecisionAuthority, findActor, type DecisionAuthority } from "../../services/members.js";
import { periodForDate } from "../../services/periods.js";
import { grantedDaysForCase, loadRequest, pendingAdmission, type LoadedRequest } from "../../services/requests.js";
import { noticeModal } from "../../views/blocks.js";
import { requestBudget } from "../../services/budget-read.js";
import { READ } from "../../domain/audit.js";
import { recordRead, recordRequestRead } from "../../services/cases.js";
import { requestBudgetBlocks } from "../../views/budget.js";
import { decisionModal, underlagModal } from "../../views/modals.js";
import { errorMessage, type ListenerDeps } from "../common/deps.js";
import { alreadyDecidedText, decisionRefusalText, NOT_COORDINATOR_TEXT, REQUEST_GONE_TEXT } from "../common/texts.js";

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

async function open(client: WebClient, triggerId: string, view: Parameters<WebClient["views"]["open"]>[0]["view"]) {
  await client.views.open({ trigger_id: triggerId, view });
}

/** An ephemeral answer in the channel: through the response URL when the click came with one. */
async function replyEphemeral({ body, respond, client }: Args, text: string): Promise<void> {
  if (body.response_url) await respond({ response_type: "ephemeral", replace_original: false, text });
  else await client.chat.postEphemeral({ channel: body.channel?.id ?? body.user.id, user: body.user.id, text });
}

interface ForDecider {
  request: LoadedRequest;
  authority: DecisionAuthority;
}

/**
 * Loads the request for a coordinator or an admin with the clicking user's authority over it, or
 * opens a notice modal (no such role, no such request) and returns null.
 */
async function forDecider(deps: ListenerDeps, args: Args): Promise<ForDecider | null> {
  const { body, action, client } = args;
  const actor = await findActor(deps.db, body.user.id);
  if (!actor || actor.role === "applicant") {
    await open(client, body.trigger_id, noticeModal("Inte behörig", NOT_COORDINATOR_TEXT));
    return null;
  }
  const id = parseRecordId(action.value);
  const request = id ? await loadRequest(deps.db, id) : null;
  if (!request) {
    await open(client, body.trigger_id, noticeModal("Hittades inte", REQUEST_GONE_TEXT));
    return null;
  }
  return { request, authority: await actorDecisionAuthority(deps.db, actor, request.orgId) };
}

export function decideClicked(deps: ListenerDeps) {
  return async (args: Args): Promise<void> => {
    await args.ack();
    const { body, action, client } = args;
    const kind = action.action_id.slice(ACTION.decide.length + 1) as DecisionKind;
    if (!DECISION_KINDS.includes(kind)) return;
    try {
      const found = await forDecider(deps, args);
      if (!found) return;
      const { request, authority } = found;
      if (!authority.ok) return void (await replyEphemeral(args, decisionRefusalText(authority.refusal, request.org.name)));
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
      const view = decisionModal(request, kind, { alreadyGrantedDays: already, maxDays, budget, proposal: money?.proposal ?? null, admission, measureMinimum: period?.measureMinAmount ?? null, deputy: authority.deputy });
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
      const found = await forDecider(deps, args);
      if (!found) return;
      const { request, authority } = found;
      // Whoever may decide reads the underlag, and so does a member of the applying organisation
      // (jäv: it is their organisation's own text); an admin who is not the deputy does not.
      if (!authority.ok && authority.refusal !== "jav") return void (await replyEphemeral(args, decisionRefusalText(authority.refusal, request.org.name)));
      // Recorded before it is shown (issue #12): no row, no documentation.
      await recordRequestRead(deps.db, request, args.body.user.id);
      await open(args.client, args.body.trigger_id, underlagModal(request));
    } catch (err) {
      deps.log.error({ user: args.body.user.id, error: errorMessage(err) }, "underlag modal failed");
      await open(args.client, args.body.trigger_id, noticeModal("Underlag", "Underlaget kunde inte visas just nu. Försök igen om en stund.")).catch(() => undefined);
    }
  };
}
