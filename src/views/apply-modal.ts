// The `/nsp ansök` modal. It shows only the fields of the chosen type; choosing another type,
// dates, children or an amount makes Slack send a block action and the modal is rebuilt with the
// same block ids (so Slack keeps what was typed) and a fresh cost preview, whose total goes in the
// private_metadata for the submit to compare with the cost it stores (issue #13).
import { SIGNAL } from "../domain/signals.js";
import {
  AGE_BANDS,
  AGE_BAND_LABEL,
  COUNTRIES,
  EXPLOITATION_LABEL,
  EXPLOITATION_TYPES,
  GENDERS,
  GENDER_LABEL,
  MEASURE_KINDS,
  MEASURE_LABEL,
  REQUEST_TYPES,
  REQUEST_TYPE_LABEL,
  type AgeBand,
  type ExploitationType,
  type Gender,
  type MeasureKind,
  type RequestType,
} from "../domain/types.js";
import { z } from "zod";
import { formatKr } from "../domain/format.js";
import { ACTION, APPLY_BLOCK as B, CALLBACK, VALUE } from "../core/ids.js";
import { type Block, context, modal, type ModalView, option } from "./blocks.js";
import { type FormSpec, numberLimits, optionsOf, textLimits } from "./fields.js";

const COUNTRY_CODES = Object.keys(COUNTRIES);
const number = (min: number, max?: number) => ({ element: "number_input", min, ...(max !== undefined ? { max } : {}) }) as const;

/** Every input of the modal: what it declares to Slack and what the server accepts (views/fields.ts). */
export const APPLY_FIELDS = {
  [B.type]: { element: "static_select", options: REQUEST_TYPES },
  [B.caseRef]: { element: "plain_text_input", maxLength: 12 },
  [B.from]: { element: "datepicker" },
  [B.to]: { element: "datepicker" },
  [B.children]: number(0, 20),
  [B.protection]: { element: "checkboxes", options: ["yes"] },
  [B.measure]: { element: "static_select", options: MEASURE_KINDS },
  [B.quantity]: number(1, 50),
  [B.unitAmount]: number(1),
  [B.measureDate]: { element: "datepicker" },
  [B.nationality]: { element: "static_select", options: COUNTRY_CODES },
  [B.gender]: { element: "radio_buttons", options: GENDERS },
  [B.ageBand]: { element: "static_select", options: AGE_BANDS },
  [B.childrenAccompanying]: number(0, 20),
  [B.childrenHome]: number(0, 20),
  [B.exploitation]: { element: "checkboxes", options: EXPLOITATION_TYPES },
  [B.exploitedIn]: { element: "multi_static_select", options: COUNTRY_CODES },
  [B.policeReport]: { element: "radio_buttons", options: ["yes", "no"] },
  [B.justification]: { element: "plain_text_input", maxLength: 3000, multiline: true },
} as const satisfies FormSpec;

const F = APPLY_FIELDS;
const POLICE_LABEL: Record<string, string> = { yes: "Ja", no: "Nej" };

export interface ApplyModalInput {
  type: RequestType;
  orgName: string;
  caseRef?: string;
  /** mrkdwn shown as the cost preview ("Beräknad kostnad: …"), or null when it cannot be computed yet. */
  costPreview: string | null;
  /** The total the preview shows (kept in private_metadata, compared on submit), or null when it shows none. */
  shownCost?: number | null;
  /** Set when the submit found another cost than the one shown: the modal comes back with the exact cost. */
  recalculated?: boolean;
}

/**
 * private_metadata of the apply modal. `shownCost`: the total the cost preview showed when the modal
 * was last rebuilt. Read back on submit and never trusted: the stored amount is always the
 * server's; a missing or different figure only makes the applicant confirm the exact cost once more.
 */
export const applyMetadata = z.object({
  type: z.enum(REQUEST_TYPES).optional(),
  shownCost: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
});

/** The note above the cost when the submit found another amount than the one on screen. */
export const costRecalculatedText = (total: number): string => `Kostnaden har räknats om: ${formatKr(total)}. Kontrollera och skicka igen.`;

const PII_HINT = "Skriv inga namn, personnummer, telefonnummer, e-post eller adresser – beskriv personen med ärendenumret.";

type InputElement = Extract<Block, { type: "input" }>["element"];

/**
 * Action ids are unique within a view: a plain input's action id is its block id, a dispatching
 * input's is `apply_cost_input_<block id>` (the listener matches the prefix).
 */
function actionIdFor(blockId: string, actionId: string | undefined): string {
  if (actionId === ACTION.costInput) return `${ACTION.costInput}_${blockId}`;
  return actionId === VALUE || actionId === undefined ? blockId : actionId;
}

function input(blockId: string, label: string, element: InputElement, opts: { optional?: boolean; hint?: string; dispatch?: boolean } = {}): Block {
  return {
    type: "input",
    block_id: blockId,
    label: { type: "plain_text", text: label },
    element: { ...element, action_id: actionIdFor(blockId, element.action_id) },
    ...(opts.optional ? { optional: true } : {}),
    ...(opts.hint ? { hint: { type: "plain_text", text: opts.hint } } : {}),
    ...(opts.dispatch ? { dispatch_action: true } : {}),
  };
}

const typeOptions = optionsOf(F[B.type], (t) => REQUEST_TYPE_LABEL[t as RequestType].sv, option);

function typeBlock(type: RequestType): Block {
  return input(
    B.type,
    "Typ av ansökan",
    {
      type: "static_select",
      action_id: ACTION.applyType,
      options: typeOptions,
      initial_option: option(type, REQUEST_TYPE_LABEL[type].sv),
    },
    { dispatch: true },
  );
}

function caseRefBlock(caseRef: string | undefined, optional: boolean): Block {
  return input(
    B.caseRef,
    "Ärendenummer",
    {
      type: "plain_text_input",
      action_id: VALUE,
      ...textLimits(F[B.caseRef]),
      placeholder: { type: "plain_text", text: "NSP001" },
      ...(caseRef ? { initial_value: caseRef } : {}),
    },
    { optional, hint: optional ? "Om förfrågan gäller ett ärende som redan finns." : "Ett ärende som tillhör din organisation." },
  );
}

const costInput = (blockId: string, label: string, element: InputElement, opts: { optional?: boolean; hint?: string } = {}) =>
  input(blockId, label, element, { ...opts, dispatch: true });

const dateBlock = (blockId: string, label: string, optional = false) =>
  costInput(blockId, label, { type: "datepicker", action_id: ACTION.costInput }, { optional });

const numberBlock = (
  blockId: keyof typeof APPLY_FIELDS,
  label: string,
  opts: { initial?: string; dispatch?: boolean; optional?: boolean },
) => {
  const spec = F[blockId];
  const element: InputElement = {
    type: "number_input",
    action_id: opts.dispatch ? ACTION.costInput : VALUE,
    ...(spec.element === "number_input" ? numberLimits(spec) : { is_decimal_allowed: false }),
    ...(opts.initial !== undefined ? { initial_value: opts.initial } : {}),
    // Slack's default is on_enter_pressed only: a typed number (1 child) would not refresh the
    // preview, and the applicant would submit with an old figure on screen (issue #13).
    ...(opts.dispatch ? { dispatch_action_config: { trigger_actions_on: ["on_character_entered", "on_enter_pressed"] } } : {}),
  };
  return input(blockId, label, element, { optional: opts.optional, dispatch: opts.dispatch });
};

function periodBlocks(kind: "rest" | "integration"): Block[] {
  const blocks = [
    dateBlock(B.from, "Från och med"),
    dateBlock(B.to, "Till och med"),
    numberBlock(B.children, "Antal medföljande barn", { initial: "0", dispatch: true }),
  ];
  if (kind === "rest") {
    blocks.push(
      costInput(
        B.protection,
        "Skyddstillägg",
        {
          type: "checkboxes",
          action_id: ACTION.costInput,
          options: optionsOf(F[B.protection], () => "Dygnet-runt-skydd (tillägg per dygn)", (value, text) => ({ text: { type: "plain_text", text }, value })),
        },
        { optional: true },
      ),
    );
  }
  return blocks;
}

function measureBlocks(): Block[] {
  return [
    costInput(B.measure, "Insats", {
      type: "static_select",
      action_id: ACTION.costInput,
      options: optionsOf(F[B.measure], (m) => MEASURE_LABEL[m as MeasureKind].sv, option),
    }),
    numberBlock(B.quantity, "Antal (tillfällen, timmar, resor …)", { initial: "1", dispatch: true }),
    numberBlock(B.unitAmount, "Belopp per styck i kr", { dispatch: true }),
    dateBlock(B.measureDate, "Datum för insatsen", true),
  ];
}

const countryOptions = optionsOf(F[B.nationality], (code) => COUNTRIES[code] ?? code, option);

function admissionBlocks(): Block[] {
  return [
    context("En ny person tas in i programmet och får ett ärendenummer (NSP…). Bakgrunden är anonym och används bara i statistiken."),
    input(B.nationality, "Nationalitet", { type: "static_select", action_id: VALUE, options: countryOptions }),
    input(B.gender, "Kön", { type: "radio_buttons", action_id: VALUE, options: optionsOf(F[B.gender], (g) => GENDER_LABEL[g as Gender], option) }),
    input(B.ageBand, "Ålder", { type: "static_select", action_id: VALUE, options: optionsOf(F[B.ageBand], (a) => AGE_BAND_LABEL[a as AgeBand], option) }),
    numberBlock(B.childrenAccompanying, "Antal medföljande barn", { initial: "0" }),
    numberBlock(B.childrenHome, "Antal barn i hemlandet", { initial: "0" }),
    input(B.exploitation, "Typ av människohandel", {
      type: "checkboxes",
      action_id: VALUE,
      options: optionsOf(F[B.exploitation], (e) => EXPLOITATION_LABEL[e as ExploitationType], option),
    }),
    input(B.exploitedIn, "Utnyttjad i land", { type: "multi_static_select", action_id: VALUE, options: optionsOf(F[B.exploitedIn], (c) => COUNTRIES[c] ?? c, option) }),
    input(B.policeReport, "Polisanmälan gjord", {
      type: "radio_buttons",
      action_id: VALUE,
      options: optionsOf(F[B.policeReport], (v) => POLICE_LABEL[v] ?? v, option),
    }),
  ];
}

function justificationBlock(type: RequestType): Block {
  return input(
    B.justification,
    type === "inquiry" ? "Fråga / beskrivning" : "Beslutsunderlag (motivering)",
    { type: "plain_text_input", action_id: VALUE, ...textLimits(F[B.justification]) },
    { hint: PII_HINT },
  );
}

export function applyModal(m: ApplyModalInput): ModalView {
  const blocks: Block[] = [context(`Ansöker för *${m.orgName}*`), typeBlock(m.type)];
  switch (m.type) {
    case "inquiry":
      blocks.push(caseRefBlock(m.caseRef, true));
      break;
    case "admission":
      blocks.push(...admissionBlocks());
      break;
    case "rest":
    case "integration":
      blocks.push(caseRefBlock(m.caseRef, false), ...periodBlocks(m.type));
      break;
    case "measure":
      blocks.push(caseRefBlock(m.caseRef, false), ...measureBlocks());
      break;
  }
  if (m.type === "rest" || m.type === "integration" || m.type === "measure") {
    const preview = m.costPreview ?? "_Beräknad kostnad visas när uppgifterna är ifyllda._";
    const note = m.recalculated && m.shownCost != null ? `${SIGNAL.warning} *${costRecalculatedText(m.shownCost)}*\n` : "";
    blocks.push(context(`${note}${preview}`, B.cost));
  }
  blocks.push(justificationBlock(m.type));
  return modal({
    callbackId: CALLBACK.apply,
    title: "Ansök hos NSP",
    submit: "Skicka ansökan",
    close: "Avbryt",
    blocks,
    privateMetadata: JSON.stringify(applyMetadata.parse({ type: m.type, ...(m.shownCost != null ? { shownCost: m.shownCost } : {}) })),
  });
}

/** `note`: a remark on the request shown under the confirmation (a period that had already started). */
export function applyConfirmation(caseRef: string | null, typeLabel: string, note: string | null = null): ModalView {
  return modal({
    title: "Ansökan skickad",
    close: "Stäng",
    blocks: [
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: `:white_check_mark: *${typeLabel}*${caseRef ? ` för *${caseRef}*` : ""} är skickad till samordnaren (status *Inkommen*). Du får besked som direktmeddelande.`,
        },
      },
      ...(note ? [context(note)] : []),
    ],
  });
}
