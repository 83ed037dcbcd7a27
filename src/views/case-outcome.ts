// Closing and reopening a case (issue #12, item 3): the closing modal (outcome and date), the
// reopening confirmation, what the submit answers, and the coordinator channel note. The note
// names the case ref, the outcome and the date only: no free text, no people but the Slack user
// who acted.
import { z } from "zod";
import { CALLBACK, CASE_CLOSE_BLOCK as B } from "../core/ids.js";
import { isoDay } from "../domain/format.js";
import { outcomeWithDate } from "../domain/case-outcome.js";
import { CASE_OUTCOME_LABEL, CASE_OUTCOMES, type CaseOutcome } from "../domain/types.js";
import { context, markdown, modal, option } from "./blocks.js";
import { optionsOf, type FormSpec } from "./fields.js";
import type { SlackMessage } from "./request.js";
import type { ModalView } from "./blocks.js";

/** private_metadata of both modals: the case ref (parsed, never trusted, on submit). */
export const caseMetadata = z.object({ ref: z.string().regex(/^NSP\d{3,6}$/) });

export const CLOSE_CASE_FIELDS = {
  [B.outcome]: { element: "static_select", options: CASE_OUTCOMES },
  [B.closedOn]: { element: "datepicker" },
} as const satisfies FormSpec;

export function closeCaseModal(c: { ref: string; createdOn: Date }, today: Date): ModalView {
  return modal({
    callbackId: CALLBACK.closeCase,
    title: `Avsluta ${c.ref}`,
    submit: "Avsluta ärendet",
    close: "Avbryt",
    privateMetadata: JSON.stringify(caseMetadata.parse({ ref: c.ref })),
    blocks: [
      markdown(`Avsluta ärende *${c.ref}* med ett utfall och ett datum.`),
      context(`Ett avslutat ärende tar inte emot nya ansökningar. En samordnare kan öppna det igen. Ärendet skapades ${isoDay(c.createdOn)}.`),
      {
        type: "input",
        block_id: B.outcome,
        label: { type: "plain_text", text: "Utfall" },
        element: {
          type: "static_select",
          action_id: B.outcome,
          placeholder: { type: "plain_text", text: "Välj utfall" },
          options: optionsOf(CLOSE_CASE_FIELDS[B.outcome], (v) => CASE_OUTCOME_LABEL[v as CaseOutcome], option),
        },
      },
      {
        type: "input",
        block_id: B.closedOn,
        label: { type: "plain_text", text: "Datum då ärendet avslutades" },
        hint: { type: "plain_text", text: `Tidigast ${isoDay(c.createdOn)}, senast i dag (${isoDay(today)}).` },
        element: { type: "datepicker", action_id: B.closedOn, initial_date: isoDay(today) },
      },
    ],
  });
}

export function reopenCaseModal(c: { ref: string; outcome: CaseOutcome; closedOn: Date; closedBy: string | null }): ModalView {
  const by = c.closedBy ? ` av <@${c.closedBy}>` : "";
  return modal({
    callbackId: CALLBACK.reopenCase,
    title: `Återöppna ${c.ref}`,
    submit: "Återöppna",
    close: "Avbryt",
    privateMetadata: JSON.stringify(caseMetadata.parse({ ref: c.ref })),
    blocks: [
      markdown(`Ärende *${c.ref}* avslutades${by}: *${outcomeWithDate(c.outcome, c.closedOn)}*.`),
      context("Återöppnat tar ärendet emot nya ansökningar igen. Utfallet tas bort (det finns kvar i loggen) och ärendet räknas inte som avslutat i rapporten förrän det avslutas igen."),
    ],
  });
}

export const closedDoneText = (ref: string, outcome: CaseOutcome, closedOn: Date): string =>
  `Ärende *${ref}* är avslutat: *${outcomeWithDate(outcome, closedOn)}*. Det tar inte emot nya ansökningar; en samordnare kan öppna det igen.`;

export const alreadyClosedText = (ref: string, outcome: CaseOutcome, closedOn: Date, closedBy: string | null): string =>
  `Ärende *${ref}* är redan avslutat${closedBy ? ` av <@${closedBy}>` : ""}: *${outcomeWithDate(outcome, closedOn)}*. Inget ändrades.`;

export const reopenedText = (ref: string): string => `Ärende *${ref}* är återöppnat och tar emot nya ansökningar igen.`;

export const notClosedText = (ref: string): string => `Ärende *${ref}* är inte avslutat. Inget ändrades.`;

export const NOT_REOPEN_ROLE_TEXT = "Bara en samordnare eller administratör kan öppna ett avslutat ärende igen.";

export const caseNotFoundText = (ref: string | null): string =>
  ref ? `Ärendet ${ref} finns inte, eller hör inte till din organisation.` : "Ärendet kunde inte läsas.";

/** The coordinator channel note of a closing or a reopening. */
export function caseStatusMessage(n: { caseRef: string; action: "closed" | "reopened"; actor: string; outcome: CaseOutcome; closedOn: Date }): SlackMessage {
  const text =
    n.action === "closed"
      ? `:lock: Ärende ${n.caseRef} avslutat av <@${n.actor}>: ${outcomeWithDate(n.outcome, n.closedOn)}.`
      : `:unlock: Ärende ${n.caseRef} återöppnat av <@${n.actor}> (var avslutat: ${outcomeWithDate(n.outcome, n.closedOn)}).`;
  return { text, blocks: [markdown(text)] };
}
