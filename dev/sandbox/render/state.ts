// View state for the sandbox: the browser script sends the form fields of a rendered view (see the
// data-attribute contract in ./blocks.ts) and `collectViewState` turns them into exactly what Slack
// sends as `view.state.values` — the same shapes as `stateValue` / `valuesFor` in
// dev/fake-slack/client.ts, so the result can go straight to `SlackUserSimulator.submitView` or
// into a block_actions payload's `state.values`.
//
// `formValueFromState` is the inverse: what a form control shows for a stored state value (used by
// the renderer so that a re-rendered view keeps what the user typed, as Slack does).
import { TZDate } from "@date-fns/tz";
import { TIME_ZONE } from "../../../src/domain/format.js";

/** Time zone of datetimepicker values in the sandbox (the app's, Europe/Stockholm). */
export const SANDBOX_TIME_ZONE = TIME_ZONE;

export interface ViewStateField {
  /** "<block_id>/<action_id>", each part URI-encoded (as the renderer writes it in `data-name`/`name`). */
  name: string;
  /** The Slack element type (the control's `data-type`). */
  type: string;
  /** Text/date/time/id/option value; an array for multi selects and checkboxes; null or "" = nothing. */
  value: string | string[] | null;
  /** Option value → its text (from the options' `data-text`), for selected_option(s).text. */
  optionTextByValue?: Record<string, string>;
}

export interface StateOption {
  text: { type: string; text: string; [key: string]: unknown };
  value: string;
  [key: string]: unknown;
}

export interface StateValue {
  type: string;
  [key: string]: unknown;
}

export type ViewStateValues = Record<string, Record<string, unknown>>;

export interface CollectOptions {
  /**
   * The view's blocks. When given, selected options are copied from the element's own option
   * objects (as Slack does: emoji flag, description and all) instead of being built from the text.
   */
  blocks?: unknown[];
}

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** The field name for a block and action id: "<block_id>/<action_id>", each part URI-encoded. */
export function fieldName(blockId: string, actionId: string): string {
  return `${encodeURIComponent(blockId)}/${encodeURIComponent(actionId)}`;
}

function decodePart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** Splits a field name into block and action id; throws on a name without "/". */
export function parseFieldName(name: string): { blockId: string; actionId: string } {
  const i = name.indexOf("/");
  if (i < 0) throw new Error(`collectViewState: field name ${JSON.stringify(name)} is not "<block_id>/<action_id>"`);
  return { blockId: decodePart(name.slice(0, i)), actionId: decodePart(name.slice(i + 1)) };
}

function plainOption(value: string, text: string): StateOption {
  return { text: { type: "plain_text", text }, value };
}

function isOption(v: unknown): v is StateOption {
  return isRecord(v) && typeof v.value === "string" && isRecord(v.text) && typeof v.text.text === "string" && typeof v.text.type === "string";
}

/** The element with this block and action id in a list of blocks (input, section accessory, actions). */
export function findElement(blocks: unknown[], blockId: string, actionId: string): Json | undefined {
  for (const block of blocks) {
    if (!isRecord(block) || block.block_id !== blockId) continue;
    const candidates: unknown[] = [block.element, block.accessory, ...(Array.isArray(block.elements) ? (block.elements as unknown[]) : [])];
    for (const c of candidates) if (isRecord(c) && c.action_id === actionId) return c;
  }
  return undefined;
}

function optionsOf(element: Json | undefined): StateOption[] {
  if (element === undefined) return [];
  const out: StateOption[] = [];
  if (Array.isArray(element.options)) out.push(...element.options.filter(isOption));
  if (Array.isArray(element.option_groups))
    for (const g of element.option_groups) if (isRecord(g) && Array.isArray(g.options)) out.push(...g.options.filter(isOption));
  return out;
}

function nonEmpty(values: (string | null)[]): string[] {
  return values.filter((v): v is string => v !== null && v !== "");
}

/** "YYYY-MM-DDTHH:mm[:ss]" in SANDBOX_TIME_ZONE, or unix seconds as digits → unix seconds. */
export function parseDateTime(value: string): number | null {
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v);
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(v);
  if (m === null) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const date = new TZDate(y, mo - 1, d, h, mi, Number.isNaN(s) ? 0 : s, SANDBOX_TIME_ZONE);
  const t = date.getTime();
  return Number.isNaN(t) ? null : Math.floor(t / 1000);
}

/** Unix seconds → "YYYY-MM-DDTHH:mm" in SANDBOX_TIME_ZONE (a datetime-local input's value). */
export function formatDateTime(seconds: number): string {
  const d = new TZDate(seconds * 1000, SANDBOX_TIME_ZONE);
  const p = (n: number): string => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

const ID_LISTS: Record<string, string> = {
  multi_users_select: "selected_users",
  multi_conversations_select: "selected_conversations",
  multi_channels_select: "selected_channels",
};
const ID_SINGLE: Record<string, string> = {
  users_select: "selected_user",
  conversations_select: "selected_conversation",
  channels_select: "selected_channel",
};

function stateFor(type: string, values: (string | null)[], texts: Record<string, string>, element: Json | undefined): StateValue {
  const single = nonEmpty(values)[0] ?? null;
  const options = optionsOf(element);
  const option = (v: string): StateOption => {
    const found = options.find((o) => o.value === v);
    return found !== undefined ? structuredClone(found) : plainOption(v, texts[v] ?? v);
  };
  switch (type) {
    case "plain_text_input":
    case "email_text_input":
    case "url_text_input":
    case "number_input":
      return { type, value: single };
    case "datepicker":
      return { type, selected_date: single };
    case "timepicker":
      return { type, selected_time: single };
    case "datetimepicker":
      return { type, selected_date_time: single === null ? null : parseDateTime(single) };
    case "static_select":
    case "external_select":
    case "radio_buttons":
      return { type, selected_option: single === null ? null : option(single) };
    case "multi_static_select":
    case "multi_external_select":
    case "checkboxes":
      return { type, selected_options: [...new Set(nonEmpty(values))].map(option) };
    case "rich_text_input":
      return {
        type,
        rich_text_value: { type: "rich_text", elements: [{ type: "rich_text_section", elements: [{ type: "text", text: single ?? "" }] }] },
      };
    case "file_input":
      return { type, files: [] };
    default: {
      const single_key = ID_SINGLE[type];
      if (single_key !== undefined) return { type, [single_key]: single === null ? null : single.trim() };
      const list_key = ID_LISTS[type];
      if (list_key !== undefined) return { type, [list_key]: [...new Set(nonEmpty(values).flatMap((v) => v.split(/[\s,]+/)).filter((v) => v !== ""))] };
      return { type, value: single };
    }
  }
}

/**
 * Fields from the browser → Slack's `view.state.values` ({ [block_id]: { [action_id]: value } }).
 * Fields with the same name are merged (their values concatenated; the first field's type wins),
 * so a browser may send one field per checked checkbox. An empty string counts as no value (Slack
 * sends null for an empty input). Throws when a name is not "<block_id>/<action_id>".
 */
export function collectViewState(fields: ViewStateField[], opts: CollectOptions = {}): ViewStateValues {
  const merged = new Map<string, { type: string; values: (string | null)[]; texts: Record<string, string> }>();
  for (const f of fields) {
    const entry = merged.get(f.name) ?? { type: f.type, values: [], texts: {} };
    if (Array.isArray(f.value)) entry.values.push(...f.value);
    else entry.values.push(f.value);
    Object.assign(entry.texts, f.optionTextByValue ?? {});
    merged.set(f.name, entry);
  }
  const out: ViewStateValues = {};
  for (const [name, entry] of merged) {
    const { blockId, actionId } = parseFieldName(name);
    const element = opts.blocks === undefined ? undefined : findElement(opts.blocks, blockId, actionId);
    const block = out[blockId] ?? {};
    block[actionId] = stateFor(entry.type, entry.values, entry.texts, element);
    out[blockId] = block;
  }
  return out;
}

/**
 * What a form control shows for a stored state value (one entry of `view.state.values[b][a]`):
 * a string, a list (multi selects, checkboxes, multi id inputs), null for "nothing", or undefined
 * when the value is not a state value the renderer knows (then the element's initial value is used).
 */
export function formValueFromState(sv: unknown): string | string[] | null | undefined {
  if (!isRecord(sv)) return undefined;
  const optionValue = (o: unknown): string | null => (isRecord(o) && typeof o.value === "string" ? o.value : null);
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
  const orNull = (v: unknown): string | null => (typeof v === "string" ? v : typeof v === "number" ? String(v) : null);
  if ("selected_option" in sv) return optionValue(sv.selected_option);
  if ("selected_options" in sv) return Array.isArray(sv.selected_options) ? nonEmpty(sv.selected_options.map(optionValue)) : [];
  for (const key of ["value", "selected_date", "selected_time", "selected_date_time", "selected_user", "selected_conversation", "selected_channel"])
    if (key in sv) return orNull(sv[key]);
  for (const key of ["selected_users", "selected_conversations", "selected_channels"]) if (key in sv) return strings(sv[key]);
  return undefined;
}
