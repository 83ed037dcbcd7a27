// Handing a case to another organisation (issue #14, item 2): the modal (target organisation and
// reason), what the submit answers, and the DM to the members of both organisations. The DM names
// the case, both organisations, who moved it and when: never the reason (free text stays in the
// case file, for coordinators and admins).
import { z } from "zod";
import { CALLBACK, CASE_TRANSFER_BLOCK as B } from "../core/ids.js";
import { TRANSFER_REASON_MAX, transferSentence } from "../domain/case-transfer.js";
import { clip, context, escapeMrkdwn, markdown, modal, option, type ModalView } from "./blocks.js";
import { textLimits, type FormSpec } from "./fields.js";
import type { SlackMessage } from "./request.js";

/** private_metadata: the case ref (parsed, never trusted, on submit). */
export const transferMetadata = z.object({ ref: z.string().regex(/^NSP\d{3,6}$/) });

/** The target list is built at run time (the certified organisations); the service checks the choice. */
export const TRANSFER_CASE_FIELDS = {
  [B.toOrg]: { element: "static_select" },
  [B.reason]: { element: "plain_text_input", maxLength: TRANSFER_REASON_MAX, multiline: true },
} as const satisfies FormSpec;

/** Slack's limit of options in a static select. */
const MAX_OPTIONS = 100;

export function transferCaseModal(c: { ref: string; orgName: string }, targets: readonly { id: number; name: string }[]): ModalView {
  return modal({
    callbackId: CALLBACK.transferCase,
    title: `Flytta ${c.ref}`,
    submit: "Flytta ärendet",
    close: "Avbryt",
    privateMetadata: JSON.stringify(transferMetadata.parse({ ref: c.ref })),
    blocks: [
      markdown(`Flytta ärende *${c.ref}* från *${escapeMrkdwn(c.orgName)}* till en annan certifierad organisation.`),
      context(
        "Historiken (ansökningar och beslut) följer med ärendet. Efter flytten ser bara den nya organisationens medlemmar ärendet och bara de kan ansöka i det. Båda organisationernas medlemmar får ett meddelande (utan skälet).",
      ),
      {
        type: "input",
        block_id: B.toOrg,
        label: { type: "plain_text", text: "Ny organisation" },
        element: {
          type: "static_select",
          action_id: B.toOrg,
          placeholder: { type: "plain_text", text: "Välj organisation" },
          options: targets.slice(0, MAX_OPTIONS).map((t) => option(String(t.id), clip(t.name, 75))),
        },
      },
      {
        type: "input",
        block_id: B.reason,
        label: { type: "plain_text", text: "Skäl" },
        hint: { type: "plain_text", text: "Inga personuppgifter (namn, personnummer, telefon, e-post, adress). Visas bara för samordnare och administratörer." },
        element: { type: "plain_text_input", action_id: B.reason, ...textLimits(TRANSFER_CASE_FIELDS[B.reason]) },
      },
    ],
  });
}

export const NOT_TRANSFER_ROLE_TEXT = "Bara en samordnare eller administratör kan flytta ett ärende.";

export const noTargetsText = (ref: string): string => `Ärende ${ref} kan inte flyttas: det finns ingen annan certifierad organisation.`;

export const transferDoneText = (ref: string, fromOrg: string, toOrg: string): string =>
  `Ärende *${ref}* är flyttat från *${escapeMrkdwn(fromOrg)}* till *${escapeMrkdwn(toOrg)}*. Båda organisationernas medlemmar får ett meddelande.`;

/** The DM to one member of either organisation. */
export function transferDmMessage(d: { caseRef: string; fromOrg: string; toOrg: string; actor: string; at: Date; receiving: boolean }): SlackMessage {
  const head = `:arrows_counterclockwise: ${escapeMrkdwn(transferSentence(d.caseRef, d.fromOrg, d.toOrg, d.at))} Flyttat av <@${d.actor}>.`;
  const tail = d.receiving
    ? `Ärendets historik följer med. Din organisation kan nu se ärendet (\`/nsp ärende ${d.caseRef}\`) och ansöka i det.`
    : `Din organisation kan inte längre se ärendet eller ansöka i det. Skälet finns hos samordnarna.`;
  const text = `${head} ${tail}`;
  return { text, blocks: [markdown(text)] };
}
