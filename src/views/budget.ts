// Budget views: `/nsp budget`, the transfer modal, threshold warnings, the daily summary and the
// money block shown with a request (coordinator message and decision modal). Pure functions.
import { SIGNAL, usedText } from "../domain/signals.js";
import { z } from "zod";
import { recordId } from "./state.js";
import { AMOUNT_MAX_KR, proposalText, shortfalls, type BudgetRefusal, type BudgetReport, type ImpactLine, type Proposal, type RequestBudget } from "../domain/budget.js";
import { formatDate, formatKr, plural } from "../domain/format.js";
import { ACTION, BUDGET_BLOCK, CALLBACK } from "../core/ids.js";
import { type Block, clip, context, divider, escapeMrkdwn, header, markdown, modal, type ModalView, option } from "./blocks.js";
import { type FormSpec, numberLimits, textLimits } from "./fields.js";
import type { SlackMessage } from "./request.js";

/** "▰▰▰▰▰▱▱▱▱▱" for 0–100 % (more than 100 shows full). Never shown alone: see `meter`. */
export function bar(percent: number | null): string {
  if (percent === null) return "▱▱▱▱▱▱▱▱▱▱";
  const filled = Math.min(10, Math.max(0, Math.round(percent / 10)));
  return "▰".repeat(filled) + "▱".repeat(10 - filled);
}

/** The bar and its words: "▰▰▰▰▰▰▰▰▱▱ 83 % använt" (issue #15: readable without the bar). */
export function meter(percent: number | null): string {
  return `${bar(percent)} ${usedText(percent)}`;
}

const signed = (n: number): string => (n === 0 ? "0 kr" : n > 0 ? `+${formatKr(n)}` : formatKr(n));

function categoryLine(c: BudgetReport["categories"][number]): string {
  const transfers = c.transfersIn || c.transfersOut ? ` · överfört ${signed(c.transfersIn - c.transfersOut)}` : "";
  const over = c.overdraft ? ` · ${SIGNAL.warning} övertrasserat med admins godkännande ${formatKr(c.overdraft)}` : "";
  return (
    `*${escapeMrkdwn(c.name)}*  ${meter(c.usedPercent)}\n` +
    `Tilldelat ${formatKr(c.allocated)}${transfers} · beviljat ${formatKr(c.committed)} · *kvar ${formatKr(c.remaining)}*${over}`
  );
}

/** The period per category, for `/nsp budget` (ephemeral, coordinators and admins). */
export function budgetMessage(report: BudgetReport, opts: { current: boolean }): SlackMessage {
  const p = report.period;
  const t = report.totals;
  const blocks: Block[] = [
    header(`Budget – ${p.name}`),
    context(
      `${p.from} – ${p.to}${opts.current ? "" : " · _ingen period omfattar dagens datum; visar den senaste_"} · ` +
        `intäkter ${formatKr(t.income)} · övriga kostnader ${formatKr(t.costs)} · OH ${p.overheadPercent} % ${formatKr(t.overhead)} · ` +
        `ej fördelat ${formatKr(t.result)}`,
    ),
    divider(),
    ...report.categories.slice(0, 40).map((c) => markdown(categoryLine(c))),
  ];
  if (report.categories.length === 0) blocks.push(markdown("_Perioden har inga bidragskategorier ännu._"));
  blocks.push(
    divider(),
    context(`Totalt kvar i kategorierna: *${formatKr(t.remaining)}* av ${formatKr(report.categories.reduce((a, c) => a + c.allocated + c.transfersIn - c.transfersOut, 0))}`),
    {
      type: "actions",
      block_id: BUDGET_BLOCK.actions,
      elements: [{ type: "button", action_id: ACTION.openTransfer, text: { type: "plain_text", text: "Flytta medel" }, value: String(p.id) }],
    },
  );
  return { text: `Budget ${p.name}: kvar ${formatKr(t.remaining)}`, blocks };
}

/** The transfer modal's inputs (views/fields.ts); the categories are the period's, checked by the service. */
export const TRANSFER_FIELDS = {
  [BUDGET_BLOCK.from]: { element: "static_select" },
  [BUDGET_BLOCK.to]: { element: "static_select" },
  [BUDGET_BLOCK.amount]: { element: "number_input", min: 1, max: AMOUNT_MAX_KR },
  [BUDGET_BLOCK.reason]: { element: "plain_text_input", maxLength: 1000, multiline: true },
} as const satisfies FormSpec;

/** The override modal's inputs. */
export const OVERRIDE_FIELDS = {
  [BUDGET_BLOCK.overrideAmount]: { element: "number_input", min: 1, max: AMOUNT_MAX_KR },
  [BUDGET_BLOCK.overrideReason]: { element: "plain_text_input", maxLength: 1000, multiline: true },
} as const satisfies FormSpec;

/** private_metadata of the transfer modal. */
export const transferMetadata = z.object({ periodId: recordId });

export function transferModal(report: BudgetReport, periodId: number): ModalView {
  const options = report.categories.map((c) => option(c.key, `${c.name} (kvar ${formatKr(c.remaining)})`));
  const select = (block: string, label: string) => ({
    type: "input" as const,
    block_id: block,
    label: { type: "plain_text" as const, text: label },
    element: { type: "static_select" as const, action_id: block, options, placeholder: { type: "plain_text" as const, text: "Välj kategori" } },
  });
  return modal({
    callbackId: CALLBACK.budgetTransfer,
    title: "Flytta medel",
    submit: "Flytta",
    close: "Avbryt",
    privateMetadata: JSON.stringify(transferMetadata.parse({ periodId })),
    blocks: [
      context(`Budgetperiod *${escapeMrkdwn(report.period.name)}* (${report.period.from} – ${report.period.to})`),
      select(BUDGET_BLOCK.from, "Från kategori"),
      select(BUDGET_BLOCK.to, "Till kategori"),
      {
        type: "input",
        block_id: BUDGET_BLOCK.amount,
        label: { type: "plain_text", text: "Belopp i kr" },
        element: { type: "number_input", action_id: BUDGET_BLOCK.amount, ...numberLimits(TRANSFER_FIELDS[BUDGET_BLOCK.amount]) },
      },
      {
        type: "input",
        block_id: BUDGET_BLOCK.reason,
        label: { type: "plain_text", text: "Skäl" },
        hint: { type: "plain_text", text: "T.ex. \"till max 30 dagar för NSP010\". Inga personuppgifter." },
        element: { type: "plain_text_input", action_id: BUDGET_BLOCK.reason, ...textLimits(TRANSFER_FIELDS[BUDGET_BLOCK.reason]) },
      },
    ],
  });
}

export function transferDoneModal(t: { amount: number; fromName: string; toName: string; fromRemaining: number; toRemaining: number; period: string }): ModalView {
  return modal({
    title: "Medel flyttade",
    blocks: [
      markdown(
        `:white_check_mark: ${formatKr(t.amount)} flyttades från *${escapeMrkdwn(t.fromName)}* till *${escapeMrkdwn(t.toName)}* (${escapeMrkdwn(t.period)}).\n` +
          `Kvar: ${escapeMrkdwn(t.fromName)} ${formatKr(t.fromRemaining)} · ${escapeMrkdwn(t.toName)} ${formatKr(t.toRemaining)}.`,
      ),
    ],
  });
}

export interface WarningInfo {
  period: string;
  category: string;
  threshold: number;
  committed: number;
  available: number;
}

export function budgetWarningMessage(w: WarningInfo): SlackMessage {
  const left = w.available - w.committed;
  const icon = w.threshold >= 100 ? SIGNAL.overBudget : SIGNAL.warning;
  const what =
    w.threshold >= 100
      ? `är slut (${w.threshold} %)`
      : `har passerat ${w.threshold} % av budgeten`;
  const text =
    `${icon} *${escapeMrkdwn(w.category)}* ${what} i ${escapeMrkdwn(w.period)}: ` +
    `${formatKr(w.committed)} av ${formatKr(w.available)} beviljat, ${formatKr(left)} kvar.`;
  return { text: `Budgetvarning: ${w.category} ${w.threshold} %`, blocks: [markdown(text), context("Se `/nsp budget`; flytta medel med `/nsp budget flytta`.")] };
}

export function budgetSummaryMessage(report: BudgetReport, reasons: string[], today: Date): SlackMessage {
  const high = report.categories.filter((c) => c.usedPercent !== null && c.usedPercent >= 90);
  const blocks: Block[] = [
    header(`Budgetläge ${formatDate(today)} – ${report.period.name}`),
    markdown(reasons.map((r) => `• ${r}`).join("\n")),
    divider(),
    ...report.categories.slice(0, 40).map((c) => markdown(categoryLine(c))),
  ];
  return { text: `Budgetläge ${report.period.name}: ${plural(high.length, "kategori", "kategorier")} över 90 %`, blocks };
}

function impactText(l: ImpactLine): string {
  const after = l.remainingAfter < 0 ? `*${formatKr(l.remainingAfter)}*` : formatKr(l.remainingAfter);
  return `• *${escapeMrkdwn(l.name)}*: tilldelat ${formatKr(l.available)}, beviljat ${formatKr(l.committed)}, kvar ${formatKr(l.remainingBefore)} → efter beslut ${after} (denna ansökan ${formatKr(l.amount)})`;
}

/** The money a request takes, for the coordinator message and the decision modal. */
export function requestBudgetBlocks(rb: RequestBudget, opts: { requestId: number }): Block[] {
  if (rb.impact.length === 0 && rb.fits) return [];
  if (!rb.period) {
    return [context(`${SIGNAL.stop} Ingen budgetperiod omfattar ansökans startdatum (eller inlämningsdag), så den kan inte beviljas. En administratör skapar perioden med \`npm run admin -- budget period create\`.`)];
  }
  const lines = rb.impact.map(impactText);
  const blocks: Block[] = [markdown(`*Budget ${escapeMrkdwn(rb.period.name)}*\n${lines.join("\n")}`)];
  const allowance = rb.impact[0]?.overrideAllowance ?? 0;
  if (allowance > 0) blocks.push(context(`:unlock: En administratör har godkänt att budgeten överskrids med upp till ${formatKr(allowance)} för denna ansökan.`));
  if (!rb.fits) {
    blocks.push(
      context(
        rb.proposal
          ? `${SIGNAL.warning} Hela ansökan ryms inte i budgeten. ${proposalText(rb.proposal)} – välj *Bevilja delvis*, eller flytta medel med \`/nsp budget flytta\`.`
          : `${SIGNAL.warning} Ansökan ryms inte i budgeten. Flytta medel med \`/nsp budget flytta\`, eller be en administratör godkänna ett överskridande: \`/nsp budget överskrid ${opts.requestId}\`.`,
      ),
    );
  }
  return blocks;
}

/** Why a grant was refused by the budget, next to the field in the decision modal. */
export function refusalText(refusal: BudgetRefusal, proposal: Proposal | null): string {
  switch (refusal.reason) {
    case "no_period":
      return `Ingen budgetperiod omfattar ansökans datum${refusal.date ? ` ${formatDate(refusal.date)}` : ""}, så den kan inte beviljas. En administratör skapar perioden med "budget period create".`;
    case "category_missing":
      return `Budgetperiod ${refusal.period} saknar kategorin ${refusal.category}, så ansökan kan inte beviljas. En administratör lägger till den med "budget allocate".`;
    case "insufficient": {
      const short = shortfalls(refusal.lines)
        .map((l) => `${l.name} har ${formatKr(Math.max(l.remainingBefore, 0))} kvar, beslutet kräver ${formatKr(l.amount)}`)
        .join("; ");
      const hint = proposal ? ` ${proposalText(proposal)}: välj Bevilja delvis.` : " Flytta medel med /nsp budget flytta.";
      return clip(`Ryms inte i budgeten (${refusal.period}): ${short}.${hint}`, 1900);
    }
  }
}

/** private_metadata of the admin's override modal. */
export const overrideMetadata = z.object({ requestId: recordId });

/** An admin allows one open request to overdraw its categories by up to an amount, with a reason.
 * `r.title` names the request: "Ansökan nr 12 – Vila: … (NSP001)" (requestLine in src/domain/request-name.ts). */
export function overrideModal(r: { id: number; title: string }, rb: RequestBudget): ModalView {
  const short = shortfalls(rb.impact).reduce((a, l) => a + l.amount - Math.max(l.remainingBefore, 0), 0);
  return modal({
    callbackId: CALLBACK.budgetOverride,
    title: "Överskrid budgeten",
    submit: "Godkänn",
    close: "Avbryt",
    privateMetadata: JSON.stringify(overrideMetadata.parse({ requestId: r.id })),
    blocks: [
      markdown(`*${escapeMrkdwn(r.title)}*`),
      ...requestBudgetBlocks(rb, { requestId: r.id }),
      context("Samordnaren kan därefter bevilja ansökan även om kategorin hamnar under noll, med högst beloppet nedan. Skälet sparas med ditt Slack-id."),
      {
        type: "input",
        block_id: BUDGET_BLOCK.overrideAmount,
        label: { type: "plain_text", text: "Högsta överskridande i kr" },
        element: {
          type: "number_input",
          action_id: BUDGET_BLOCK.overrideAmount,
          ...numberLimits(OVERRIDE_FIELDS[BUDGET_BLOCK.overrideAmount]),
          ...(short > 0 ? { initial_value: String(short) } : {}),
        },
      },
      {
        type: "input",
        block_id: BUDGET_BLOCK.overrideReason,
        label: { type: "plain_text", text: "Skäl" },
        hint: { type: "plain_text", text: "T.ex. \"LST skjuter till medel enligt överenskommelse\". Inga personuppgifter." },
        element: { type: "plain_text_input", action_id: BUDGET_BLOCK.overrideReason, ...textLimits(OVERRIDE_FIELDS[BUDGET_BLOCK.overrideReason]) },
      },
    ],
  });
}

/** A decision that waited too long for the budget (another decision held it); nothing was stored. */
export const BUDGET_BUSY_TEXT = "Budgeten används av ett annat beslut just nu – försök igen om en stund. Inget har sparats.";
