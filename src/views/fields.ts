// One definition per modal input: what the modal declares to Slack (max_length, min/max, the
// option list) and what the server accepts on submit are both derived from it, so they cannot
// disagree. Slack enforces these only in its client; a forged (but signed) view_submission can
// carry anything, so every submit listener runs checkFields() before reading a value.
import type { PlainTextOption } from "@slack/types";
import { forbiddenCharacterError, textLength } from "../domain/text.js";
import { parseWholeNumber } from "../domain/rules.js";

export type FieldSpec =
  | { element: "plain_text_input"; maxLength: number; multiline?: boolean }
  | { element: "number_input"; min?: number; max?: number }
  /** options: the allowed values; omitted when the list is built at run time (the caller checks membership). */
  | { element: "static_select" | "radio_buttons"; options?: readonly string[] }
  | { element: "checkboxes" | "multi_static_select"; options: readonly string[] }
  | { element: "datepicker" }
  | { element: "timepicker" };

/** A modal's inputs by block id. */
export type FormSpec = Readonly<Record<string, FieldSpec>>;

type Spec<E extends FieldSpec["element"]> = Extract<FieldSpec, { element: E }>;

/** Slack's own limit on an option value. */
const OPTION_VALUE_MAX = 150;
/** The longest number text accepted (a safe integer is at most 16 digits, with spaces "12 500"). */
const NUMBER_TEXT_MAX = 24;

export const FIELD_TEXT = {
  malformed: "Fältet kunde inte läsas. Stäng formuläret och fyll i det igen.",
  tooLong: (max: number, n: number) => `Högst ${max} tecken (nu ${n}).`,
  notInteger: "Ange ett heltal.",
  range: (s: Spec<"number_input">) =>
    s.min !== undefined && s.max !== undefined
      ? `Ange ett heltal från ${s.min} till ${s.max}.`
      : s.min !== undefined
        ? `Ange ett heltal, minst ${s.min}.`
        : `Ange ett heltal, högst ${s.max ?? 0}.`,
  unknownOption: "Välj ett av alternativen i listan.",
  duplicate: "Samma alternativ är valt mer än en gång. Välj varje alternativ bara en gång.",
  date: "Ange ett giltigt datum (ÅÅÅÅ-MM-DD).",
  time: "Ange en giltig tid (TT:MM).",
} as const;

// ---- What the builders declare -------------------------------------------------------------

/** max_length and multiline of a plain_text_input. */
export function textLimits(s: Spec<"plain_text_input">): { max_length: number; multiline: boolean } {
  return { max_length: s.maxLength, multiline: s.multiline ?? false };
}

/** min_value/max_value of a whole-number number_input. */
export function numberLimits(s: Spec<"number_input">): { is_decimal_allowed: false; min_value?: string; max_value?: string } {
  return {
    is_decimal_allowed: false,
    ...(s.min !== undefined ? { min_value: String(s.min) } : {}),
    ...(s.max !== undefined ? { max_value: String(s.max) } : {}),
  };
}

/** The options of a select, radio group or checkbox group: exactly the spec's values, with labels. */
export function optionsOf(s: { options?: readonly string[] }, label: (value: string) => string, make: (value: string, text: string) => PlainTextOption): PlainTextOption[] {
  return (s.options ?? []).map((v) => make(v, label(v)));
}

// ---- What the server accepts ---------------------------------------------------------------

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

const optionValue = (o: unknown): string | null => (isRecord(o) && typeof o.value === "string" ? o.value : null);

function checkText(s: Spec<"plain_text_input">, state: Json): string | null {
  const value = state.value;
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") return FIELD_TEXT.malformed;
  const n = textLength(value);
  if (n > s.maxLength) return FIELD_TEXT.tooLong(s.maxLength, n);
  return forbiddenCharacterError(value, { multiline: s.multiline ?? false });
}

function checkNumber(s: Spec<"number_input">, state: Json): string | null {
  const value = state.value;
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") return FIELD_TEXT.malformed;
  const text = value.trim();
  if (text === "") return null;
  if (text.length > NUMBER_TEXT_MAX) return FIELD_TEXT.tooLong(NUMBER_TEXT_MAX, textLength(text));
  const negative = /^-\s*\d+$/.test(text);
  const n = negative ? -1 : parseWholeNumber(text);
  if (n === null) return forbiddenCharacterError(text, { multiline: false }) ?? FIELD_TEXT.notInteger;
  if ((s.min !== undefined && n < s.min) || (s.max !== undefined && n > s.max)) return FIELD_TEXT.range(s);
  return null;
}

/** A value of a list built at run time: a short single-line string (the caller checks membership). */
function checkFreeOption(value: string): string | null {
  if (value.length > OPTION_VALUE_MAX) return FIELD_TEXT.unknownOption;
  return forbiddenCharacterError(value, { multiline: false });
}

function checkSelect(s: Spec<"static_select" | "radio_buttons">, state: Json): string | null {
  const selected = state.selected_option;
  if (selected === undefined || selected === null) return null;
  const value = optionValue(selected);
  if (value === null) return FIELD_TEXT.malformed;
  if (!s.options) return checkFreeOption(value);
  return s.options.includes(value) ? null : FIELD_TEXT.unknownOption;
}

function checkMany(s: Spec<"checkboxes" | "multi_static_select">, state: Json): string | null {
  const selected = state.selected_options;
  if (selected === undefined || selected === null) return null;
  if (!Array.isArray(selected)) return FIELD_TEXT.malformed;
  const values = selected.map(optionValue);
  if (values.some((v) => v === null)) return FIELD_TEXT.malformed;
  if (values.some((v) => v === null || !s.options.includes(v))) return FIELD_TEXT.unknownOption;
  return new Set(values).size === values.length ? null : FIELD_TEXT.duplicate;
}

function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

function checkPicker(kind: "datepicker" | "timepicker", state: Json): string | null {
  const value = kind === "datepicker" ? state.selected_date : state.selected_time;
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") return FIELD_TEXT.malformed;
  if (kind === "datepicker") return isIsoDate(value) ? null : FIELD_TEXT.date;
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(value) ? null : FIELD_TEXT.time;
}

function checkField(s: FieldSpec, state: Json): string | null {
  switch (s.element) {
    case "plain_text_input":
      return checkText(s, state);
    case "number_input":
      return checkNumber(s, state);
    case "static_select":
    case "radio_buttons":
      return checkSelect(s, state);
    case "checkboxes":
    case "multi_static_select":
      return checkMany(s, state);
    case "datepicker":
    case "timepicker":
      return checkPicker(s.element, state);
  }
}

/**
 * Checks every input of `spec` present in a submitted view's state: one element per block, of the
 * declared type, with a value the modal could have produced (length, control characters, range,
 * allowed options, no duplicates, real dates and times). Errors are keyed by block id, for
 * `response_action: "errors"`; null when everything may be read. Blocks the modal does not show
 * (another request type's) are simply absent; blocks not in `spec` are never read. `values` is
 * the view's `state.values` (StateValues) as it arrived: unknown, since a forged body may hold anything.
 */
export function checkFields(values: unknown, spec: FormSpec): Record<string, string> | null {
  const errors: Record<string, string> = {};
  const all = isRecord(values) ? values : {};
  for (const [blockId, fieldSpec] of Object.entries(spec)) {
    if (!Object.hasOwn(all, blockId)) continue;
    const block = all[blockId];
    const elements = isRecord(block) ? Object.values(block) : [];
    const state = elements[0];
    if (elements.length !== 1 || !isRecord(state) || state.type !== fieldSpec.element) {
      errors[blockId] = FIELD_TEXT.malformed;
      continue;
    }
    const problem = checkField(fieldSpec, state);
    if (problem) errors[blockId] = problem;
  }
  return Object.keys(errors).length > 0 ? errors : null;
}
