// `/nsp budget [periodens namn]` shows the budget per category (ephemeral, coordinators and
// admins only); `/nsp budget flytta` opens the transfer modal; `/nsp budget prognos [periodens
// namn]` shows the forecast and the top-up to ask the funder for. Acks first, then works.
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { todayDate } from "../../domain/format.js";
import { parseRecordId } from "../../domain/record-id.js";
import type { Db } from "../../core/db.js";
import { currentPeriod, findPeriodByName, loadPeriodBudget, requestBudget } from "../../services/budget-read.js";
import { budgetReport, overrideJavText, type PeriodRef } from "../../domain/budget.js";
import { canManageBudget, findActor } from "../../services/members.js";
import { budgetMessage } from "../../views/budget.js";
import { OPEN_STATUSES } from "../../domain/types.js";
import { requestLine, requestName } from "../../domain/request-name.js";
import { loadRequest } from "../../services/requests.js";
import { overrideModal } from "../../views/budget.js";
import { loadForecast } from "../../services/budget-forecast.js";
import { forecastMessage } from "../../views/budget-forecast.js";
import type { SlackMessage } from "../../views/request.js";
import { errorMessage, type ListenerDeps } from "../common/deps.js";
import { openTransferModal } from "../common/open-modals.js";
import { NOT_ADMIN_TEXT, NOT_BUDGET_ROLE_TEXT } from "../common/texts.js";

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

export const NO_PERIOD_TEXT = 'Det finns ingen budgetperiod ännu. En administratör skapar en med `npm run admin -- budget period create "Namn" --from ÅÅÅÅ-MM-DD --to ÅÅÅÅ-MM-DD`.';
const TRANSFER_WORDS = new Set(["flytta", "överför", "overfor", "överföring", "transfer"]);
const OVERRIDE_WORDS = new Set(["överskrid", "overskrid", "override", "tillåt"]);
const FORECAST_WORDS = new Set(["prognos", "forecast"]);

/** `/nsp budget prognos [period]`: the forecast of the chosen period (ephemeral). */
async function forecastResponse(db: Db, chosen: { period: PeriodRef; current: boolean }): Promise<SlackMessage> {
  const f = await loadForecast(db, chosen.period.id);
  if (!f) throw new Error("period vanished");
  return forecastMessage(f, { current: chosen.current });
}

/** `/nsp budget överskrid <ansökningsnummer>`: the admin's override modal for one open request. */
async function openOverrideModal(deps: ListenerDeps, client: WebClient, triggerId: string, idWord: string | undefined, actorOrgId: number): Promise<string | null> {
  const id = parseRecordId(idWord);
  const request = id !== null ? await loadRequest(deps.db, id) : null;
  if (!request || id === null) return `Ange ansökningsnumret från samordnarkanalens meddelande ("Ansökan nr 17"), t.ex. \`/nsp budget överskrid 17\`.`;
  if (!OPEN_STATUSES.includes(request.status)) return `${requestName(id)} är redan beslutad.`;
  if (request.orgId === actorOrgId) return overrideJavText(request.org.name);
  const rb = await requestBudget(deps.db, request);
  const view = overrideModal({ id, title: requestLine({ ...request, caseRef: request.case?.ref ?? null }) }, rb);
  await client.views.open({ trigger_id: triggerId, view });
  return null;
}

/** The named period, or the one containing today (else the latest). */
async function choosePeriod(db: Db, name: string): Promise<{ period: PeriodRef; current: boolean } | { error: string }> {
  if (name) {
    const period = await findPeriodByName(db, name);
    return period ? { period, current: true } : { error: `Det finns ingen budgetperiod som heter "${name.slice(0, 80)}".` };
  }
  return (await currentPeriod(db, todayDate())) ?? { error: NO_PERIOD_TEXT };
}

export function budgetCommand(deps: ListenerDeps) {
  return async ({ command, ack, respond, client }: Args, args: string[]): Promise<void> => {
    await ack();
    try {
      const actor = await findActor(deps.db, command.user_id);
      if (OVERRIDE_WORDS.has((args[0] ?? "").toLowerCase())) {
        const problem = actor?.role !== "admin" ? NOT_ADMIN_TEXT : await openOverrideModal(deps, client, command.trigger_id, args[1], actor.orgId);
        if (problem) await respond({ response_type: "ephemeral", text: problem });
        return;
      }
      if (!canManageBudget(actor)) {
        await respond({ response_type: "ephemeral", text: NOT_BUDGET_ROLE_TEXT });
        return;
      }
      const transfer = TRANSFER_WORDS.has((args[0] ?? "").toLowerCase());
      const prognos = FORECAST_WORDS.has((args[0] ?? "").toLowerCase());
      const chosen = await choosePeriod(deps.db, (transfer || prognos ? args.slice(1) : args).join(" ").replace(/^"|"$/g, ""));
      if ("error" in chosen) {
        await respond({ response_type: "ephemeral", text: chosen.error });
        return;
      }
      if (transfer) {
        await openTransferModal(deps.db, client, command.trigger_id, chosen.period.id);
        return;
      }
      if (prognos) {
        const message = await forecastResponse(deps.db, chosen);
        await respond({ response_type: "ephemeral", text: message.text, blocks: message.blocks });
        return;
      }
      const budget = await loadPeriodBudget(deps.db, chosen.period.id);
      if (!budget) throw new Error("period vanished");
      const message = budgetMessage(budgetReport(budget), { current: chosen.current });
      await respond({ response_type: "ephemeral", text: message.text, blocks: message.blocks });
    } catch (err) {
      deps.log.error({ user: command.user_id, error: errorMessage(err) }, "/nsp budget failed");
      await respond({ response_type: "ephemeral", text: "Budgeten kunde inte visas just nu. Försök igen om en stund." });
    }
  };
}
