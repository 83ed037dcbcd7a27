// The decision modal's submit: the declared limits checked first (no lookup), then the clicking
// user's role (never a payload field), the request and whether the user may decide it (jäv, deputy:
// issue #14; checked again by the service), then the reason (personal data) and a
// partial grant's days or amount; the decision is recorded exactly once.
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewOutput, ViewSubmitAction } from "@slack/bolt";
import { grantOnClosedCaseText } from "../../domain/case-outcome.js";
import { costForDays } from "../../domain/cost.js";
import { daysText, formatKr } from "../../domain/format.js";
import { personalDataError } from "../../domain/pii.js";
import { isCoFundingPayer, type CoFundingPayer } from "../../domain/payment.js";
import { admissionRefusalText, belowMinimumRefusal, capRefusalText, parseWholeNumber } from "../../domain/rules.js";
import { DECISION_BLOCK as D } from "../../core/ids.js";
import { byDeadline } from "../../core/timeout.js";
import { actorDecisionAuthority, findActor } from "../../services/members.js";
import { ratesOf } from "../../services/periods.js";
import {
  askForInformation,
  decideRequest,
  isContention,
  loadRequest,
  type DecisionInput,
  type DecisionKind,
  type LoadedRequest,
} from "../../services/requests.js";
import { requestBudget } from "../../services/budget-read.js";
import { BUDGET_BUSY_TEXT, refusalText } from "../../views/budget.js";
import { checkFields } from "../../views/fields.js";
import { DECISION_FIELDS, decisionMetadata } from "../../views/modals.js";
import { parseMetadata, readState, type StateValues } from "../../views/state.js";
import { errorMessage, type ListenerDeps } from "../common/deps.js";
import { alreadyDecidedText, DB_BUSY_TEXT, decisionRefusalText, NOT_COORDINATOR_TEXT, REQUEST_GONE_TEXT, requestChangedText } from "../common/texts.js";
import { type Checked, type Errors, errorsAnswer, hasErrors, noticeAnswer, refuse } from "./answers.js";

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * Every read before the ack is done this long after the submission arrived, or the coordinator is
 * told the database is busy (Slack gives up at 3 s). The decision itself counts from the same
 * moment (DECISION_DEADLINE_MS, `startedAt`), so a slow read leaves it less time, never more.
 */
export const DECISION_ANSWER_BY_MS = 2_700;

/** The submission's clock: when it arrived, and its reads bounded by DECISION_ANSWER_BY_MS. */
interface Clock {
  startedAt: number;
  read<T>(promise: Promise<T>): Promise<T>;
}

function clockFrom(startedAt: number): Clock {
  return { startedAt, read: (promise) => byDeadline(promise, startedAt + DECISION_ANSWER_BY_MS, "decision reads") };
}

/** The partial grant: fewer days (cost recomputed from the period's rates) or a lower amount. */
function partialGrant(r: LoadedRequest, values: StateValues, errors: Errors) {
  if ((r.type === "rest" || r.type === "integration") && r.days && r.startDate && r.endDate) {
    const days = parseWholeNumber(readState.text(values, D.grantedDays));
    const coFunding = readCoFunding(values, errors);
    if (coFunding === undefined) return null;
    // Fewer days, or all of them when another payer takes part of the cost (co-funding, issue #13).
    const maxDays = coFunding ? r.days : r.days - 1;
    if (days === null || days < 1 || days > maxDays) {
      errors[D.grantedDays] = coFunding
        ? `Ange ett antal dagar från 1 till ${r.days}.`
        : `Ange ett antal dagar från 1 till ${r.days - 1} (för alla ${r.days} dagar: välj Bevilja, eller ange en annan betalare nedan).`;
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
    const cost = costForDays(input, ratesOf(r.period), days).total;
    if (coFunding && coFunding.amount >= cost) {
      errors[D.coFundingAmount] = `Bidraget måste vara mindre än kostnaden för ${daysText(days)} (${formatKr(cost)}); annars finns inget att bevilja.`;
      return null;
    }
    return { grantedDays: days, grantedAmount: cost - (coFunding?.amount ?? 0), coFunding };
  }
  const amount = parseWholeNumber(readState.text(values, D.grantedAmount));
  if (amount === null || amount < 1 || amount >= r.requestedAmount) {
    errors[D.grantedAmount] = `Ange ett belopp från 1 kr till ${formatKr(Math.max(r.requestedAmount - 1, 1))} (för hela beloppet: välj Bevilja).`;
    return null;
  }
  return { grantedDays: null, grantedAmount: amount };
}

/** The other payer and its contribution: null when none, undefined (with an error) when half given. */
function readCoFunding(values: StateValues, errors: Errors): { payer: CoFundingPayer; amount: number } | null | undefined {
  const payer = readState.selected(values, D.coFundingPayer);
  const amountText = readState.text(values, D.coFundingAmount);
  if (payer === null && amountText === "") return null;
  if (!isCoFundingPayer(payer)) {
    errors[D.coFundingPayer] = "Välj vem som betalar bidraget.";
    return undefined;
  }
  const amount = parseWholeNumber(amountText);
  if (amount === null || amount < 1) {
    errors[D.coFundingAmount] = "Ange bidraget i hela kronor, minst 1 kr.";
    return undefined;
  }
  return { payer, amount };
}

type DecisionMeta = { requestId: number; kind: DecisionKind; version: string };

/** Parse: the metadata and the declared limits; nothing is looked up. */
export function parseDecisionSubmission(view: ViewOutput): Checked<DecisionMeta> {
  const meta = parseMetadata(decisionMetadata, view.private_metadata);
  if (!meta.success) return refuse(noticeAnswer("Fel", "Formuläret kunde inte läsas. Öppna beslutet igen."));
  const invalid = checkFields(view.state.values, DECISION_FIELDS);
  if (invalid) return refuse(errorsAnswer(invalid));
  return { ok: true, data: meta.data };
}

interface DecisionForm {
  reason: string;
  shareReason: boolean;
  partial: PartialGrant | null;
}

type PartialGrant = { grantedDays: number | null; grantedAmount: number; coFunding?: { payer: CoFundingPayer; amount: number } | null };

/** The form's rules; a partial grant is checked against the request (its days, its period's rates). */
function readDecisionForm(request: LoadedRequest, kind: DecisionKind, values: StateValues): Checked<DecisionForm> {
  const reason = readState.text(values, D.reason);
  const shareReason = readState.selectedMany(values, D.shareReason).includes("share");
  const errors: Errors = {};
  if (kind !== "grant" && reason === "") errors[D.reason] = kind === "info" ? "Skriv vad du behöver veta." : "En motivering krävs.";
  const pii = personalDataError(reason);
  if (pii) errors[D.reason] = pii;
  const partial = kind === "partial" ? partialGrant(request, values, errors) : null;
  return hasErrors(errors) ? refuse(errorsAnswer(errors)) : { ok: true, data: { reason, shareReason, partial } };
}

/** Act and respond: the decision (or the question) recorded once, or why nothing was recorded. */
async function record(deps: ListenerDeps, clock: Clock, request: LoadedRequest, actor: string, meta: DecisionMeta, form: DecisionForm): Promise<Checked<number[]>> {
  const { kind, version } = meta;
  const { reason, shareReason, partial } = form;
  const { startedAt } = clock;
  const result =
    kind === "info"
      ? await askForInformation(deps.db, request.id, actor, reason, { startedAt })
      : await decideRequest(deps.db, request.id, actor, decisionInput(kind, reason, shareReason, partial), {
          thresholds: deps.budgetThresholds,
          startedAt,
          // The request as the modal showed it: corrected since, the decision is refused ("changed").
          expectedVersion: version,
        });
  if (result.ok) return { ok: true, data: result.outboxIds };
  // Checked again where the decision is written (issue #14): e.g. a coordinator added meanwhile.
  if (result.error === "not_allowed") return refuse(errorsAnswer({ [D.reason]: decisionRefusalText(result.refusal, request.org.name) }));
  if (result.error === "budget") {
    // Nothing was recorded; the coordinator is told why, next to the field, and can adjust.
    const { proposal } = await clock.read(requestBudget(deps.db, request));
    const field = kind === "partial" ? (partial?.grantedDays !== null && partial ? D.grantedDays : D.grantedAmount) : D.reason;
    return refuse(errorsAnswer({ [field]: refusalText(result.refusal, proposal) }));
  }
  // The case's day cap: the largest grant that fits, at the days field of Bevilja delvis.
  if (result.error === "cap") return refuse(errorsAnswer({ [kind === "partial" && partial?.grantedDays != null ? D.grantedDays : D.reason]: capRefusalText(result.cap) }));
  if (result.error === "below_minimum") return refuse(errorsAnswer({ [D.reason]: belowMinimumRefusal(result.amount, result.minimum) }));
  if (result.error === "admission") return refuse(errorsAnswer({ [D.reason]: admissionRefusalText(result.caseRef, result.admission) }));
  if (result.error === "case_closed") return refuse(errorsAnswer({ [D.reason]: grantOnClosedCaseText(result.caseRef, result.outcome, result.closedOn) }));
  if (result.error === "changed") return refuse(noticeAnswer("Ansökan ändrad", requestChangedText(request.id)));
  // Another decision held the budget longer than Slack waits for an answer; nothing was stored.
  if (result.error === "busy") return refuse(errorsAnswer({ [D.reason]: kind === "info" ? DB_BUSY_TEXT : BUDGET_BUSY_TEXT }));
  const current = await clock.read(loadRequest(deps.db, request.id));
  return refuse(noticeAnswer("Redan beslutat", current ? alreadyDecidedText(current) : REQUEST_GONE_TEXT));
}

export function decisionSubmitted(deps: ListenerDeps) {
  return async ({ ack, body, view }: Args): Promise<void> => {
    const clock = clockFrom(Date.now());
    let outboxIds: number[] = [];
    try {
      const parsed = parseDecisionSubmission(view);
      if (!parsed.ok) return void (await ack(parsed.answer));
      const { requestId, kind } = parsed.data;
      const actor = await clock.read(findActor(deps.db, body.user.id));
      if (!actor || actor.role === "applicant") return void (await ack(errorsAnswer({ [D.reason]: NOT_COORDINATOR_TEXT })));
      const request = await clock.read(loadRequest(deps.db, requestId));
      if (!request) return void (await ack(noticeAnswer("Hittades inte", REQUEST_GONE_TEXT)));
      // Jäv (issue #14): a member of the applying organisation never decides; an admin only as deputy.
      const authority = await clock.read(actorDecisionAuthority(deps.db, actor, request.orgId));
      if (!authority.ok) return void (await ack(errorsAnswer({ [D.reason]: decisionRefusalText(authority.refusal, request.org.name) })));
      const form = readDecisionForm(request, kind, view.state.values);
      if (!form.ok) return void (await ack(form.answer));
      const recorded = await record(deps, clock, request, actor.slackUserId, parsed.data, form.data);
      if (!recorded.ok) return void (await ack(recorded.answer));
      outboxIds = recorded.data;
      await ack();
      deps.log.info({ requestId, kind, actor: actor.slackUserId }, "decision recorded");
    } catch (err) {
      if (isContention(err)) {
        // No connection (or no answer) in time: nothing was stored, and the coordinator hears so now.
        deps.log.warn({ user: body.user.id, error: errorMessage(err) }, "decision not recorded: database busy");
        return void (await ack(errorsAnswer({ [D.reason]: DB_BUSY_TEXT })));
      }
      deps.log.error({ user: body.user.id, error: errorMessage(err) }, "decision failed");
      await ack(errorsAnswer({ [D.reason]: "Beslutet kunde inte sparas just nu. Inget har ändrats – försök igen." }));
      return;
    }
    await deps.dispatcher.dispatch(outboxIds);
  };
}

function decisionInput(
  kind: "grant" | "partial" | "deny",
  reason: string,
  shareReason: boolean,
  partial: PartialGrant | null,
): DecisionInput {
  if (kind === "partial" && partial) return { kind, reason, shareReason, ...partial };
  return { kind: kind === "partial" ? "grant" : kind, reason, shareReason };
}
