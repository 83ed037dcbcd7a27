// Withdrawing and correcting a request (issue #12, item 5): the thread notes, the Home's menu of an
// open request and the correction modal. The notes name what was asked and what changed, fields
// only: never the justification's text (messages stay in Slack's history and exports).
import { z } from "zod";
import { formatDateTime, isoDay } from "../domain/format.js";
import { askedLabel, requestName, requestNo, type AskedFields } from "../domain/request-name.js";
import { CORRECTABLE } from "../domain/request-change.js";
import { MEASURE_LABEL, type MeasureKind, type RequestType } from "../domain/types.js";
import { ACTION, APPLY_BLOCK as B, CALLBACK, VALUE } from "../core/ids.js";
import { APPLY_FIELDS } from "./apply-modal.js";
import { type Block, context, markdown, modal, type ModalView, option } from "./blocks.js";
import { type FormSpec, numberLimits, optionsOf, textLimits } from "./fields.js";
import { caseLabel, costLabel, type RequestInfo, type SlackMessage, typeLabel, whatLabel } from "./request.js";
import { recordId } from "./state.js";

/** "Max 30 dagars vila: 2016-09-01 – 2016-09-30 (30 dagar), 45 000 kr" – what was asked. */
export function askedText(r: RequestInfo): string {
  const what = whatLabel(r);
  const money = r.type === "rest" || r.type === "integration" || r.type === "measure";
  return `${typeLabel(r.type)}${what !== "–" ? `: ${what}` : ""}${money ? `, ${costLabel(r)}` : ""}`;
}

export function threadWithdrawn(r: RequestInfo, actor: string, at: Date): SlackMessage {
  const text = `:leftwards_arrow_with_hook: ${requestName(r.id)} återkallades av <@${actor}> ${formatDateTime(at)} (${askedText(r)}). Inget beslut behövs.`;
  return { text: `${requestName(r.id)} återkallad (${caseLabel(r)})`, blocks: [markdown(text)] };
}

/** `changes`: from changeLines() in domain/request-change.ts. */
export function threadChanged(r: RequestInfo, actor: string, changes: readonly string[]): SlackMessage {
  const what = changes.length > 0 ? changes.join("; ") : "inga uppgifter";
  const text = `:pencil2: ${requestName(r.id)} ändrades av <@${actor}>: ${what}. Meddelandet ovan visar de nya uppgifterna.`;
  return { text: `${requestName(r.id)} ändrad (${caseLabel(r)})`, blocks: [markdown(text)] };
}

// ---- The Home ------------------------------------------------------------------------------

/** The block id of the Home's "Ändra …" / "Återkalla …" selects. */
export const HOME_CHANGE_BLOCK = "home_request_changes";

/** The Home's suffix of the two action ids (ACTION ids are prefixes; the receipt uses them bare). */
export const HOME_SUFFIX = "home";

/**
 * Below the organisation's open requests on the Home: two selects, "Ändra ansökan …" and
 * "Återkalla ansökan …" (with Slack's confirm), each listing the open requests shown. One block
 * for all of them: each request's line keeps its own accessory ("Visa ärende"), and the Home
 * stays within Slack's 100 blocks with every list full. The option value is the request id.
 */
export function requestChangeBlock(open: readonly (AskedFields & { id: number; caseRef: string | null })[]): Block {
  // "nr 12 – Insats: terapi 5 tillfällen × 500 kr (NSP001)" under the placeholder "Ändra ansökan …".
  const options = open.map((r) => option(String(r.id), `${requestNo(r.id)} – ${askedLabel(r)}${r.caseRef ? ` (${r.caseRef})` : ""}`));
  return {
    type: "actions",
    block_id: HOME_CHANGE_BLOCK,
    elements: [
      { type: "static_select", action_id: `${ACTION.editRequest}_${HOME_SUFFIX}`, placeholder: { type: "plain_text", text: "Ändra ansökan …" }, options },
      {
        type: "static_select",
        action_id: `${ACTION.withdrawRequest}_${HOME_SUFFIX}`,
        placeholder: { type: "plain_text", text: "Återkalla ansökan …" },
        options,
        confirm: {
          title: { type: "plain_text", text: "Återkalla ansökan?" },
          text: { type: "mrkdwn", text: "Den valda ansökan dras tillbaka och kan inte beslutas. Det går inte att ångra." },
          confirm: { type: "plain_text", text: "Återkalla" },
          deny: { type: "plain_text", text: "Avbryt" },
          style: "danger",
        },
      },
    ],
  };
}

// ---- The correction modal ----------------------------------------------------------------------

export const editRequestMetadata = z.object({ requestId: recordId });

/** The correction modal's inputs for a type: a part of the apply modal's (the same limits). */
export function editFieldsFor(type: RequestType): FormSpec {
  const blocks: string[] = [];
  for (const f of CORRECTABLE[type]) {
    if (f === "period") blocks.push(B.from, B.to);
    if (f === "children") blocks.push(B.children);
    if (f === "protection") blocks.push(B.protection);
    if (f === "measure") blocks.push(B.measure, B.quantity, B.unitAmount, B.measureDate);
    if (f === "justification") blocks.push(B.justification);
  }
  const all: FormSpec = APPLY_FIELDS;
  return Object.fromEntries(blocks.flatMap((b) => (all[b] ? [[b, all[b]]] : [])));
}

/** What the correction modal shows of the stored request (its justification only in the modal). */
export interface EditableRequest extends RequestInfo {
  justification: string;
}

type InputElement = Extract<Block, { type: "input" }>["element"];

const input = (blockId: string, label: string, element: InputElement, optional = false): Block => ({
  type: "input",
  block_id: blockId,
  label: { type: "plain_text", text: label },
  element: { ...element, action_id: element.action_id === VALUE ? blockId : element.action_id },
  ...(optional ? { optional: true } : {}),
});

const F = APPLY_FIELDS;
const date = (d: Date | null) => (d ? { initial_date: isoDay(d) } : {});
const num = (n: number | null) => (n !== null ? { initial_value: String(n) } : {});

function periodInputs(r: EditableRequest): Block[] {
  const blocks = [
    input(B.from, "Från och med", { type: "datepicker", action_id: VALUE, ...date(r.startDate) }),
    input(B.to, "Till och med", { type: "datepicker", action_id: VALUE, ...date(r.endDate) }),
    input(B.children, "Antal medföljande barn", { type: "number_input", action_id: VALUE, ...numberLimits(F[B.children]), ...num(r.children ?? 0) }),
  ];
  if (r.type === "rest") {
    const protection = option("yes", "Dygnet-runt-skydd (tillägg per dygn)");
    blocks.push(
      input(B.protection, "Skyddstillägg", { type: "checkboxes", action_id: VALUE, options: [protection], ...(r.protection ? { initial_options: [protection] } : {}) }, true),
    );
  }
  return blocks;
}

function measureInputs(r: EditableRequest): Block[] {
  const kind = r.measure && r.measure in MEASURE_LABEL ? (r.measure as MeasureKind) : null;
  const options = optionsOf(F[B.measure], (m) => MEASURE_LABEL[m as MeasureKind].sv, option);
  return [
    input(B.measure, "Insats", { type: "static_select", action_id: VALUE, options, ...(kind ? { initial_option: option(kind, MEASURE_LABEL[kind].sv) } : {}) }),
    input(B.quantity, "Antal (tillfällen, timmar, resor …)", { type: "number_input", action_id: VALUE, ...numberLimits(F[B.quantity]), ...num(r.quantity) }),
    input(B.unitAmount, "Belopp per styck i kr", { type: "number_input", action_id: VALUE, ...numberLimits(F[B.unitAmount]), ...num(r.unitAmount) }),
    input(B.measureDate, "Datum för insatsen", { type: "datepicker", action_id: VALUE, ...date(r.startDate) }, true),
  ];
}

/** The apply modal's fields of the stored request, filled in; type and case are shown, not asked. */
export function editRequestModal(r: EditableRequest): ModalView {
  const blocks: Block[] = [
    markdown(`*${requestName(r.id)}* · ${typeLabel(r.type)} · ärende ${caseLabel(r)}`),
    context("Typ och ärende kan inte ändras. Gäller ansökan en annan typ eller ett annat ärende: återkalla den och ansök på nytt."),
  ];
  if (r.type === "rest" || r.type === "integration") blocks.push(...periodInputs(r));
  if (r.type === "measure") blocks.push(...measureInputs(r));
  if (r.type === "rest" || r.type === "integration" || r.type === "measure") {
    blocks.push(context(`Beräknad kostnad nu: *${costLabel(r)}*. Kostnaden räknas om från periodens satser när du sparar.`, B.cost));
  }
  if (r.type === "admission") blocks.push(context("Bakgrunden (nationalitet, kön, ålder …) hör till ärendet och ändras inte här."));
  blocks.push(
    input(B.justification, r.type === "inquiry" ? "Fråga / beskrivning" : "Beslutsunderlag (motivering)", {
      type: "plain_text_input",
      action_id: VALUE,
      ...textLimits(F[B.justification]),
      initial_value: r.justification.slice(0, F[B.justification].maxLength),
    }),
  );
  return modal({
    callbackId: CALLBACK.editRequest,
    title: `Ändra ansökan nr ${r.id}`,
    submit: "Spara ändringen",
    close: "Avbryt",
    blocks,
    privateMetadata: JSON.stringify(editRequestMetadata.parse({ requestId: r.id })),
  });
}

/** After a correction: what changed, or that nothing did. */
export function editConfirmation(requestId: number, changes: readonly string[]): ModalView {
  const text =
    changes.length > 0
      ? `:white_check_mark: ${requestName(requestId)} är ändrad: ${changes.join("; ")}. Samordnaren ser de nya uppgifterna.`
      : `${requestName(requestId)} är oförändrad: inga uppgifter ändrades.`;
  return modal({ title: "Ansökan ändrad", close: "Stäng", blocks: [markdown(text)] });
}
