// The decision modal's submit. Re-checks the clicking user's role (never a payload field), checks
// the reason for personal data, and records the decision exactly once.
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { costForDays } from "../../domain/cost.js";
import { formatKr } from "../../domain/format.js";
import { personalDataError } from "../../domain/pii.js";
import { admissionRefusalText, capRefusalText, parseWholeNumber } from "../../domain/rules.js";
import { DECISION_BLOCK as D } from "../../core/ids.js";
import { canDecide, findActor } from "../../services/members.js";
import { ratesOf } from "../../services/periods.js";
import { askForInformation, decideRequest, loadRequest, type DecisionInput, type LoadedRequest } from "../../services/requests.js";
import { noticeModal } from "../../views/blocks.js";
import { requestBudget } from "../../services/budget-read.js";
import { BUDGET_BUSY_TEXT, refusalText } from "../../views/budget.js";
import { checkFields } from "../../views/fields.js";
import { DECISION_FIELDS, decisionMetadata } from "../../views/modals.js";
import { parseMetadata, readState } from "../../views/state.js";
import { alreadyDecidedText, NOT_COORDINATOR_TEXT } from "../actions/decide.js";
import { errorMessage, type ListenerDeps } from "../deps.js";

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
type Errors = Record<string, string>;

/** The partial grant: fewer days (cost recomputed from the period's rates) or a lower amount. */
function partialGrant(r: LoadedRequest, values: Args["view"]["state"]["values"], errors: Errors) {
  if ((r.type === "rest" || r.type === "integration") && r.days && r.startDate && r.endDate) {
    const days = parseWholeNumber(readState.text(values, D.grantedDays));
    if (days === null || days < 1 || days >= r.days) {
      errors[D.grantedDays] = `Ange ett antal dagar från 1 till ${r.days - 1} (för alla ${r.days} dagar: välj Bevilja).`;
      return null;
    }
    if (!r.period) {
      errors[D.grantedDays] = "Ansökan saknar budgetperiod, så kostnaden kan inte räknas om.";
      return null;
    }
    const input =
      r.type === "rest"
        ? { type: "rest" as const, from: r.startDate, to: r.endDate, children: r.children ?? 0, protection: r.protection }
        : { type: "integration" as const, from: r.startDate, to: r.endDate, children: r.children ?? 0 };
    return { grantedDays: days, grantedAmount: costForDays(input, ratesOf(r.period), days).total };
  }
  const amount = parseWholeNumber(readState.text(values, D.grantedAmount));
  if (amount === null || amount < 1 || amount >= r.requestedAmount) {
    errors[D.grantedAmount] = `Ange ett belopp från 1 kr till ${formatKr(Math.max(r.requestedAmount - 1, 1))} (för hela beloppet: välj Bevilja).`;
    return null;
  }
  return { grantedDays: null, grantedAmount: amount };
}

export function decisionSubmitted(deps: ListenerDeps) {
  return async ({ ack, body, view }: Args): Promise<void> => {
    let outboxIds: number[] = [];
    try {
      const meta = parseMetadata(decisionMetadata, view.private_metadata);
      if (!meta.success) {
        await ack({ response_action: "update", view: noticeModal("Fel", "Formuläret kunde inte läsas. Öppna beslutet igen.") });
        return;
      }
      const { requestId, kind } = meta.data;
      const actor = await findActor(deps.db, body.user.id);
      if (!canDecide(actor)) {
        await ack({ response_action: "errors", errors: { [D.reason]: NOT_COORDINATOR_TEXT } });
        return;
      }
      const request = await loadRequest(deps.db, requestId);
      if (!request) {
        await ack({ response_action: "update", view: noticeModal("Hittades inte", "Ärendet finns inte längre.") });
        return;
      }
      const values = view.state.values;
      const invalid = checkFields(values, DECISION_FIELDS);
      if (invalid) {
        await ack({ response_action: "errors", errors: invalid });
        return;
      }
      const reason = readState.text(values, D.reason);
      const shareReason = readState.selectedMany(values, D.shareReason).includes("share");
      const errors: Errors = {};
      if (kind !== "grant" && reason === "") errors[D.reason] = kind === "info" ? "Skriv vad du behöver veta." : "En motivering krävs.";
      const pii = personalDataError(reason);
      if (pii) errors[D.reason] = pii;
      const partial = kind === "partial" ? partialGrant(request, values, errors) : null;
      if (Object.keys(errors).length > 0) {
        await ack({ response_action: "errors", errors });
        return;
      }
      const result =
        kind === "info"
          ? await askForInformation(deps.db, requestId, actor.slackUserId, reason)
          : await decideRequest(deps.db, requestId, actor.slackUserId, decisionInput(kind, reason, shareReason, partial), {
              thresholds: deps.budgetThresholds,
            });
      if (!result.ok && result.error === "budget") {
        // Nothing was recorded; the coordinator is told why, next to the field, and can adjust.
        const { proposal } = await requestBudget(deps.db, request);
        const field = kind === "partial" ? (partial?.grantedDays !== null && partial ? D.grantedDays : D.grantedAmount) : D.reason;
        await ack({ response_action: "errors", errors: { [field]: refusalText(result.refusal, proposal) } });
        return;
      }
      if (!result.ok && result.error === "cap") {
        // The case's day cap: the largest grant that fits, at the days field of Bevilja delvis.
        const field = kind === "partial" && partial?.grantedDays != null ? D.grantedDays : D.reason;
        await ack({ response_action: "errors", errors: { [field]: capRefusalText(result.cap) } });
        return;
      }
      if (!result.ok && result.error === "admission") {
        await ack({ response_action: "errors", errors: { [D.reason]: admissionRefusalText(result.caseRef, result.admission) } });
        return;
      }
      if (!result.ok && result.error === "busy") {
        // Another decision held the budget longer than Slack waits for an answer; nothing was stored.
        await ack({ response_action: "errors", errors: { [D.reason]: BUDGET_BUSY_TEXT } });
        return;
      }
      if (!result.ok) {
        const current = await loadRequest(deps.db, requestId);
        const text = current ? alreadyDecidedText(current) : "Ärendet finns inte längre.";
        await ack({ response_action: "update", view: noticeModal("Redan beslutat", text) });
        return;
      }
      outboxIds = result.outboxIds;
      await ack();
      deps.log.info({ requestId, kind, actor: actor.slackUserId }, "decision recorded");
    } catch (err) {
      deps.log.error({ user: body.user.id, error: errorMessage(err) }, "decision failed");
      await ack({ response_action: "errors", errors: { [D.reason]: "Beslutet kunde inte sparas just nu. Inget har ändrats – försök igen." } });
      return;
    }
    await deps.dispatcher.dispatch(outboxIds);
  };
}

function decisionInput(
  kind: "grant" | "partial" | "deny",
  reason: string,
  shareReason: boolean,
  partial: { grantedDays: number | null; grantedAmount: number } | null,
): DecisionInput {
  if (kind === "partial" && partial) return { kind, reason, shareReason, ...partial };
  return { kind: kind === "partial" ? "grant" : kind, reason, shareReason };
}
