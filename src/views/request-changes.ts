// Withdrawing and correcting a request (issue #12, item 5): the thread notes, the Home's menu of an
// open request and the correction modal. The notes name what was asked and what changed, fields
// only: never the justification's text (messages stay in Slack's history and exports).
import { z } from "zod";
import { formatDateTime, formatKr, isoDay } from "../domain/format.js";
import { SIGNAL } from "../domain/signals.js";
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

/**
 * private_metadata of the correction modal. `shownCost`: the new cost the modal showed when it was
 * last built (issue #13); the submit compares it with the cost it stores and never trusts it.
 */
export const editRequestMetadata = z.object({
  requestId: recordId,
  shownCost: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
});

/**
 * The cost saving the modal's fields would store (services/request-changes.ts previewCorrection):
 * `total` null while the fields are incomplete (then `text` is null, or says why no figure).
 */
export interface EditCostPreview {
  total: number | null;
  text: string | null;
  /** How the total was priced: "(Vila 20 dagar × 1 200 kr = 24 000 kr) – satser för Pilot 2016". */
  detail: string | null;
}

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

const input = (blockId: string, label: string, element: InputElement, optional = false, dispatch = false): Block => ({
  type: "input",
  block_id: blockId,
  label: { type: "plain_text", text: label },
  element: { ...element, action_id: element.action_id === VALUE ? blockId : element.action_id },
  ...(optional ? { optional: true } : {}),
  ...(dispatch ? { dispatch_action: true } : {}),
});

/**
 * A cost input: it dispatches a block action as it changes (`edit_cost_input_<block id>`, matched
 * by listeners/actions/edit-inputs.ts), numbers on every character, not only on Enter (issue #13).
 * The block ids are the apply modal's, so the submit reads the state the same way.
 */
function costInput(blockId: string, label: string, element: InputElement, optional = false): Block {
  const action_id = `${ACTION.editCostInput}_${blockId}`;
  const el: InputElement =
    element.type === "number_input"
      ? { ...element, action_id, dispatch_action_config: { trigger_actions_on: ["on_character_entered", "on_enter_pressed"] } }
      : { ...element, action_id };
  return input(blockId, label, el, optional, true);
}

const F = APPLY_FIELDS;
const date = (d: Date | null) => (d ? { initial_date: isoDay(d) } : {});
const num = (n: number | null) => (n !== null ? { initial_value: String(n) } : {});

function periodInputs(r: EditableRequest): Block[] {
  const blocks = [
    costInput(B.from, "Från och med", { type: "datepicker", action_id: VALUE, ...date(r.startDate) }),
    costInput(B.to, "Till och med", { type: "datepicker", action_id: VALUE, ...date(r.endDate) }),
    costInput(B.children, "Antal medföljande barn", { type: "number_input", action_id: VALUE, ...numberLimits(F[B.children]), ...num(r.children ?? 0) }),
  ];
  if (r.type === "rest") {
    const protection = option("yes", "Dygnet-runt-skydd (tillägg per dygn)");
    blocks.push(
      costInput(B.protection, "Skyddstillägg", { type: "checkboxes", action_id: VALUE, options: [protection], ...(r.protection ? { initial_options: [protection] } : {}) }, true),
    );
  }
  return blocks;
}

function measureInputs(r: EditableRequest): Block[] {
  const kind = r.measure && r.measure in MEASURE_LABEL ? (r.measure as MeasureKind) : null;
  const options = optionsOf(F[B.measure], (m) => MEASURE_LABEL[m as MeasureKind].sv, option);
  return [
    costInput(B.measure, "Insats", { type: "static_select", action_id: VALUE, options, ...(kind ? { initial_option: option(kind, MEASURE_LABEL[kind].sv) } : {}) }),
    costInput(B.quantity, "Antal (tillfällen, timmar, resor …)", { type: "number_input", action_id: VALUE, ...numberLimits(F[B.quantity]), ...num(r.quantity) }),
    costInput(B.unitAmount, "Belopp per styck i kr", { type: "number_input", action_id: VALUE, ...numberLimits(F[B.unitAmount]), ...num(r.unitAmount) }),
    costInput(B.measureDate, "Datum för insatsen", { type: "datepicker", action_id: VALUE, ...date(r.startDate) }, true),
  ];
}

/** The note above the cost when the submit found another amount than the one on screen. */
export const editCostRecalculatedText = (total: number): string => `Kostnaden har räknats om: ${formatKr(total)}. Kontrollera och spara igen.`;

/**
 * "Nuvarande kostnad: 45 000 kr" and "Ny kostnad när du sparar: 24 000 kr" (one figure, "oförändrad",
 * when they agree); without a new figure, why not (incomplete fields, no budget period).
 */
function costText(r: EditableRequest, preview: EditCostPreview | undefined, recalculated: boolean): string {
  const now = `Nuvarande kostnad: ${costLabel(r)}`;
  if (!preview) return `${now}. Kostnaden räknas om från periodens satser när du sparar.`;
  if (preview.total === null) return `${now}\n${preview.text ?? "_Den nya kostnaden visas när uppgifterna är ifyllda._"}`;
  const detail = preview.detail ? `  ${preview.detail}` : "";
  const note = recalculated ? `${SIGNAL.warning} *${editCostRecalculatedText(preview.total)}*\n` : "";
  if (preview.total === r.requestedAmount) return `${note}*Kostnad när du sparar: ${formatKr(preview.total)} (oförändrad)*${detail}`;
  return `${note}${now}\n*Ny kostnad när du sparar: ${formatKr(preview.total)}*${detail}`;
}

/**
 * The apply modal's fields of the stored request, filled in; type and case are shown, not asked.
 * `preview`: the cost saving these fields would store (issue #13), rebuilt on every cost input;
 * `recalculated`: the submit found another cost than the one shown and shows it now.
 */
export function editRequestModal(r: EditableRequest, preview?: EditCostPreview, opts: { recalculated?: boolean } = {}): ModalView {
  const blocks: Block[] = [
    markdown(`*${requestName(r.id)}* · ${typeLabel(r.type)} · ärende ${caseLabel(r)}`),
    context("Typ och ärende kan inte ändras. Gäller ansökan en annan typ eller ett annat ärende: återkalla den och ansök på nytt."),
  ];
  if (r.type === "rest" || r.type === "integration") blocks.push(...periodInputs(r));
  if (r.type === "measure") blocks.push(...measureInputs(r));
  if (r.type === "rest" || r.type === "integration" || r.type === "measure") {
    blocks.push(context(costText(r, preview, opts.recalculated === true), B.cost));
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
    privateMetadata: JSON.stringify(editRequestMetadata.parse({ requestId: r.id, ...(preview?.total != null ? { shownCost: preview.total } : {}) })),
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
