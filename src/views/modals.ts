// Modals of the decision flow: the decision form, the request's documentation ("underlag") and
// the applicant's answer form. The applicant's free text is shown here, in modals, never in messages.
import { z } from "zod";
import { recordId } from "./state.js";
import { AMOUNT_MAX_KR, type Proposal } from "../domain/budget.js";
import { formatDateTime, formatKr } from "../domain/format.js";
import { DECISION_KINDS, DECISION_LABEL, type CaseBackground, type DecisionKind } from "../domain/types.js";
import { CALLBACK, DECISION_BLOCK, INFO_BLOCK } from "../core/ids.js";
import { type Block, context, divider, fields, markdown, modal, type ModalView, option, plainSection } from "./blocks.js";
import { type FormSpec, numberLimits, optionsOf, textLimits } from "./fields.js";
import { COFUNDING_PAYER_KEYS, COFUNDING_PAYERS, type CoFundingPayer } from "../domain/payment.js";
import { belowMeasureMinimum, belowMinimumNote, daysThatFit, type PendingAdmission } from "../domain/rules.js";
import { admissionPendingLine, caseLabel, costLabel, grantedDaysLine, outcomeLabel, requestTitle, typeLabel, whatLabel, type RequestInfo } from "./request.js";
import { requestNo } from "../domain/request-name.js";
import { requestVersion } from "../domain/request-version.js";
import { backgroundFields } from "../domain/case-file.js";

export interface UnderlagInfo extends RequestInfo {
  justification: string;
  costLines: unknown;
  case: (NonNullable<RequestInfo["case"]> & CaseBackground) | null;
  infoRequests: (RequestInfo["infoRequests"][number] & { question: string; answer: string | null })[];
}

/** A reference short enough for a 24-character modal title: the request's number, "nr 12". */
const shortRef = (r: Pick<RequestInfo, "id">): string => requestNo(r.id);


/** The case's background, in the same words as the case file and the export (domain/case-file.ts). */
function backgroundBlock(c: NonNullable<UnderlagInfo["case"]>): Block {
  return fields(backgroundFields(c));
}

function costLinesText(r: UnderlagInfo): string | null {
  if (!Array.isArray(r.costLines) || r.costLines.length === 0) return null;
  const lines = r.costLines.flatMap((l: unknown) =>
    typeof l === "object" && l !== null && "label" in l && "amount" in l && typeof l.amount === "number"
      ? [`• ${String(l.label)}: ${formatKr(l.amount)}`]
      : [],
  );
  return lines.join("\n");
}

/** The request's full documentation, for coordinators (Visa underlag and the decision modal). */
export function underlagBlocks(r: UnderlagInfo): Block[] {
  const blocks: Block[] = [
    markdown(`*${requestTitle(r)}*`),
    fields([
      ["Ärende", caseLabel(r)],
      ["Typ", typeLabel(r.type)],
      ["Organisation", r.org.name],
      [r.type === "measure" ? "Insats" : "Period", whatLabel(r)],
      ["Beräknad kostnad", costLabel(r)],
      ["Status", outcomeLabel(r)],
    ]),
  ];
  const cost = costLinesText(r);
  if (cost) blocks.push(markdown(`*Kostnad enligt satserna*\n${cost}`));
  if (r.type === "admission" && r.case) blocks.push(markdown("*Bakgrund (anonymiserad)*"), backgroundBlock(r.case));
  blocks.push(markdown("*Beslutsunderlag från sökande*"), plainSection(r.justification));
  for (const info of r.infoRequests) {
    blocks.push(divider(), context(`Komplettering begärd ${formatDateTime(info.askedAt)}`), plainSection(info.question));
    blocks.push(
      info.answer
        ? plainSection(`Svar (${info.answeredAt ? formatDateTime(info.answeredAt) : ""}): ${info.answer}`)
        : context("_Inget svar ännu._"),
    );
  }
  return blocks;
}

export function underlagModal(r: UnderlagInfo): ModalView {
  return modal({ title: `Underlag ${shortRef(r)}`, blocks: underlagBlocks(r) });
}

/** private_metadata of the decision modal: written here, parsed (never trusted) on submit. */
export const decisionMetadata = z.object({
  requestId: recordId,
  kind: z.enum(DECISION_KINDS),
  /** requestVersion() when the modal was opened: a decision on a request corrected since is refused. */
  version: z.string().min(1).max(20),
});
/** private_metadata of the answer modal. */
export const infoAnswerMetadata = z.object({ infoRequestId: recordId });

/** The decision modal's inputs (views/fields.ts); the partial grant's upper bound is the request's own. */
export const DECISION_FIELDS = {
  [DECISION_BLOCK.reason]: { element: "plain_text_input", maxLength: 3000, multiline: true },
  [DECISION_BLOCK.grantedDays]: { element: "number_input", min: 1 },
  [DECISION_BLOCK.grantedAmount]: { element: "number_input", min: 1, max: AMOUNT_MAX_KR },
  [DECISION_BLOCK.shareReason]: { element: "checkboxes", options: ["share"] },
  [DECISION_BLOCK.coFundingPayer]: { element: "static_select", options: COFUNDING_PAYER_KEYS },
  [DECISION_BLOCK.coFundingAmount]: { element: "number_input", min: 1, max: AMOUNT_MAX_KR },
} as const satisfies FormSpec;

/** The answer modal's input. */
export const INFO_FIELDS = {
  [INFO_BLOCK.answer]: { element: "plain_text_input", maxLength: 3000, multiline: true },
} as const satisfies FormSpec;

const REASON_HINT = "Skriv inga namn, personnummer, telefonnummer, e-post eller adresser – använd ärendenumret.";

/** In the decision modal of an admin deciding as deputy (issue #14). */
export const DEPUTY_NOTE =
  ":busts_in_silhouette: Du beslutar som *ställföreträdande*: det finns ingen samordnare utanför den sökande organisationen. Beslutet markeras så i tråden, i beskedet till sökande och i loggen.";

export function decisionModal(
  r: UnderlagInfo,
  kind: DecisionKind,
  opts: {
    alreadyGrantedDays: number;
    maxDays: number | null;
    budget?: Block[];
    proposal?: Proposal | null;
    admission?: PendingAdmission | null;
    /** The period's measure minimum (issue #13): a measure below it is granted only with a reason. */
    measureMinimum?: number | null;
    /** An admin deciding as deputy (issue #14): the modal says so. */
    deputy?: boolean;
  },
): ModalView {
  const belowMinimum =
    kind === "grant" && r.type === "measure" && opts.measureMinimum != null && belowMeasureMinimum(r.requestedAmount, { measureMinAmount: opts.measureMinimum });
  const reasonRequired = kind !== "grant" || belowMinimum;
  const blocks: Block[] = [...underlagBlocks(r).slice(0, 60), divider()];
  if (opts.deputy) blocks.push(context(DEPUTY_NOTE));
  if (kind !== "info" && kind !== "deny" && opts.budget?.length) blocks.push(...opts.budget, divider());
  const proposal = kind === "partial" ? (opts.proposal ?? null) : null;
  if (r.type === "inquiry" && kind !== "info") {
    blocks.push(context("För en förfrågan betyder *Bevilja* att ärendet faller inom NSP och att en ansökan kan lämnas in."));
  }
  if (opts.admission && kind !== "info" && kind !== "deny") blocks.push(context(admissionPendingLine(caseLabel(r), opts.admission)));
  if (belowMinimum) blocks.push(context(belowMinimumNote(r.requestedAmount, opts.measureMinimum ?? 0)));
  const capped = opts.maxDays !== null && (r.type === "rest" || r.type === "integration");
  if (capped) {
    blocks.push(context(grantedDaysLine(opts.alreadyGrantedDays, opts.maxDays ?? 0, kind === "grant" || kind === "partial" ? r.days : null)));
  }
  // The days proposed for Bevilja delvis: the fewest of what the budget and the case's cap allow.
  const capFits = capped && r.days ? daysThatFit(opts.maxDays ?? 0, opts.alreadyGrantedDays, r.days) : null;
  const moneyDays = proposal?.kind === "days" ? proposal.days : null;
  const fits = [moneyDays, capFits !== null && r.days && capFits < r.days ? capFits : null].filter((d): d is number => d !== null && d > 0);
  const proposedDays = fits.length > 0 ? Math.min(...fits) : null;
  if (kind === "partial") {
    if ((r.type === "rest" || r.type === "integration") && r.days) {
      blocks.push({
        type: "input",
        block_id: DECISION_BLOCK.grantedDays,
        label: { type: "plain_text", text: `Beviljade dagar (av ${r.days})` },
        hint: { type: "plain_text", text: "Alla dagar går också, om en annan betalare står för en del (nedan)." },
        element: {
          type: "number_input",
          action_id: DECISION_BLOCK.grantedDays,
          ...numberLimits(DECISION_FIELDS[DECISION_BLOCK.grantedDays]),
          max_value: String(r.days),
          ...(proposedDays !== null ? { initial_value: String(proposedDays) } : {}),
        },
      });
      // Co-funding (issue #13): the grant lowered by another payer's contribution ("minus ebo").
      blocks.push(
        {
          type: "input",
          block_id: DECISION_BLOCK.coFundingPayer,
          optional: true,
          label: { type: "plain_text", text: "Annan betalare" },
          element: {
            type: "static_select",
            action_id: DECISION_BLOCK.coFundingPayer,
            placeholder: { type: "plain_text", text: "Ingen" },
            options: optionsOf(DECISION_FIELDS[DECISION_BLOCK.coFundingPayer], (v) => COFUNDING_PAYERS[v as CoFundingPayer], option),
          },
        },
        {
          type: "input",
          block_id: DECISION_BLOCK.coFundingAmount,
          optional: true,
          label: { type: "plain_text", text: "Belopp som den andra betalaren står för (kr)" },
          hint: { type: "plain_text", text: "Dras från det beviljade beloppet, t.ex. ersättning från Migrationsverket (ebo)." },
          element: { type: "number_input", action_id: DECISION_BLOCK.coFundingAmount, ...numberLimits(DECISION_FIELDS[DECISION_BLOCK.coFundingAmount]) },
        },
      );
    } else {
      blocks.push({
        type: "input",
        block_id: DECISION_BLOCK.grantedAmount,
        label: { type: "plain_text", text: `Beviljat belopp i kr (av ${formatKr(r.requestedAmount)})` },
        element: {
          type: "number_input",
          action_id: DECISION_BLOCK.grantedAmount,
          ...numberLimits(DECISION_FIELDS[DECISION_BLOCK.grantedAmount]),
          ...(proposal && proposal.kind !== "days" ? { initial_value: String(proposal.amount) } : {}),
        },
      });
    }
  }
  blocks.push({
    type: "input",
    block_id: DECISION_BLOCK.reason,
    optional: !reasonRequired,
    label: { type: "plain_text", text: kind === "info" ? "Vad behöver du veta?" : "Motivering" },
    hint: { type: "plain_text", text: REASON_HINT },
    element: { type: "plain_text_input", action_id: DECISION_BLOCK.reason, ...textLimits(DECISION_FIELDS[DECISION_BLOCK.reason]) },
  });
  if (kind !== "info") {
    blocks.push({
      type: "input",
      block_id: DECISION_BLOCK.shareReason,
      optional: true,
      label: { type: "plain_text", text: "Visa motiveringen i tråden" },
      element: {
        type: "checkboxes",
        action_id: DECISION_BLOCK.shareReason,
        options: DECISION_FIELDS[DECISION_BLOCK.shareReason].options.map((value) => ({
          text: { type: "plain_text" as const, text: "Motiveringen innehåller inga personuppgifter" },
          value,
        })),
      },
    });
  }
  const label = DECISION_LABEL[kind].sv;
  return modal({
    callbackId: CALLBACK.decision,
    title: `${kind === "info" ? "Begär underlag" : label} ${shortRef(r)}`,
    submit: kind === "info" ? "Skicka frågan" : label,
    close: "Avbryt",
    blocks,
    privateMetadata: JSON.stringify(decisionMetadata.parse({ requestId: r.id, kind, version: requestVersion(r) })),
  });
}

export function infoAnswerModal(info: { id: number; question: string }, r: RequestInfo): ModalView {
  return modal({
    callbackId: CALLBACK.infoAnswer,
    title: `Komplettera ${shortRef(r)}`,
    submit: "Skicka",
    close: "Avbryt",
    privateMetadata: JSON.stringify(infoAnswerMetadata.parse({ infoRequestId: info.id })),
    blocks: [
      markdown(`*Samordnarens fråga om ${requestTitle(r)}*`),
      plainSection(info.question),
      {
        type: "input",
        block_id: INFO_BLOCK.answer,
        label: { type: "plain_text", text: "Ditt svar" },
        hint: { type: "plain_text", text: REASON_HINT },
        element: { type: "plain_text_input", action_id: INFO_BLOCK.answer, ...textLimits(INFO_FIELDS[INFO_BLOCK.answer]) },
      },
    ],
  });
}
