// Block Kit → safe HTML for the local "Slack-like" sandbox page (messages, modals, App Home).
//
// All text goes through ./mrkdwn.ts (escaped); attribute values go through `escapeHtml`; images
// are never loaded (an alt-text box is shown instead); unknown block types render a visible
// "[okänt block: <type>]" and unknown element types "[okänt element: <type>]" (class
// "sk-unknown", data-unknown-type) instead of throwing.
//
// ─── Data-attribute contract for the browser script ─────────────────────────────────────────────
//
// Containers
//   [data-surface="message|modal|home"]   root of every renderBlocks() output (div.sk-blocks)
//   [data-view-id][data-view-type="modal|home"]  root of renderModal()/renderHome() (also carries
//                                          data-callback-id when the view has one). The modal's
//                                          fields sit in <form method="dialog" data-view-id> (a
//                                          dialog-method form never navigates; call preventDefault
//                                          on submit anyway).
//   [data-message-ts]                      root of renderMessage() (article.sk-message); also
//                                          data-channel (when given), data-user, data-bot="true".
//   An element's container: el.closest("[data-view-id]") (view) or el.closest("[data-message-ts]").
//
// Blocks
//   [data-block-type][data-block-id]      every block's wrapper (data-block-id is "" when the
//                                          block has none; views stored by the fake always have one).
//
// Interactive elements — always resolve with event.target.closest("[data-action-id]")
//   data-action-id, data-block-id          Slack's action_id / block_id ("" when missing)
//   data-type                              the Slack element type (button, static_select, …)
//   data-dispatch                          when to send a block_actions payload, space-separated:
//                                            "click"     buttons
//                                            "change"    selects, overflow, pickers, checkboxes, radios
//                                            "enter"     text/number/email/url inputs: Enter pressed
//                                            "character" text inputs: on every character typed
//                                          ABSENT = never (input blocks without dispatch_action).
//   data-confirm                           JSON {title, text, textHtml, confirm, deny, style?}: show
//                                          a confirm dialog first; `text` is raw (use textContent),
//                                          `textHtml` is already-safe HTML. Dispatch only on confirm.
//   data-value                             buttons: the button's value (absent when it has none)
//   data-url                               buttons: an http(s)/mailto URL to open (and still dispatch)
//   data-style                             buttons: "primary" | "danger"
//   name / data-name                       stateful elements only (NOT button, overflow, image):
//                                          "<block_id>/<action_id>", each part URI-encoded.
//                                          data-name is on the element's root (input, textarea,
//                                          select, or the fieldset of checkboxes/radio_buttons);
//                                          `name` is on the actual form controls.
//   data-invalid="true"                    the element's input block has an error (aria-invalid too)
//
// Collecting view state: for each root in form.querySelectorAll("[data-name]") send
//   { name: root.dataset.name, type: root.dataset.type, value, optionTextByValue }
// where value is:
//   fieldset (checkboxes)       → array of checked inputs' values
//   fieldset (radio_buttons)    → the checked input's value, or null
//   select[multiple]            → array of selected options' values
//   select / input / textarea   → .value ("" means nothing; disabled external selects too)
// and optionTextByValue maps option values to their [data-text] (on <option> and on checkbox/radio
// inputs). The server turns the list into view.state.values with collectViewState (./state.ts).
// datetimepicker inputs are datetime-local values in Europe/Stockholm; users/conversations/
// channels selects are text inputs for ids (multi_* accept several ids separated by commas/spaces).
//
// Overflow menus are a <select> (no name) whose first option (value "") is a "⋯" placeholder:
// dispatch the chosen option's value (selected_option) and reset the select to "". Its options may
// carry data-url.
//
// Input errors: div.sk-input__error[data-error-for="<block_id>"][role="alert"] right under the
// element; the block wrapper gets class sk-input--error.
//
// View buttons: [data-view-action="close|submit"][data-view-id] (type="button"; the submit button is
// disabled when the view has submit_disabled).
// Threads: button[data-message-action="open-thread"][data-thread-ts] on messages with replies.
// Mentions in text: span.mention[data-user-id] / span.mention.channel[data-channel-id].
import { TIME_ZONE } from "../../../src/domain/format.js";
import { emojiFor, escapeHtml, mrkdwnToHtml, plainTextToHtml, safeUrl, userName, channelName, type NameDirectory } from "./mrkdwn.js";
import { fieldName, formatDateTime, formValueFromState } from "./state.js";

export type Surface = "message" | "modal" | "home";

export interface RenderContext {
  surface: Surface;
  /** The view's state.values: what the user has entered so far (takes precedence over initial_*). */
  state?: Record<string, Record<string, unknown>>;
  /** Input block errors by block_id (as in `response_action: "errors"`). */
  errors?: Record<string, string>;
  /** Display names for user and channel mentions (ids without a name are shown as ids). */
  names?: NameDirectory;
}

type Json = Record<string, unknown>;
type AttrValue = string | number | boolean | null | undefined;

const isRecord = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** ` a="…" b` from a record; null/undefined/false are left out, true is a bare attribute. */
function attrs(a: Record<string, AttrValue>): string {
  let out = "";
  for (const [k, v] of Object.entries(a)) {
    if (v === undefined || v === null || v === false) continue;
    out += v === true ? ` ${k}` : ` ${k}="${escapeHtml(String(v))}"`;
  }
  return out;
}

/** A text object (plain_text or mrkdwn) or a bare string → HTML. */
function textHtml(t: unknown, names?: NameDirectory): string {
  if (typeof t === "string") return plainTextToHtml(t);
  if (!isRecord(t)) return "";
  const text = str(t.text) ?? "";
  return t.type === "mrkdwn" ? mrkdwnToHtml(text, names ? { names } : {}) : plainTextToHtml(text, { emoji: t.emoji !== false });
}

/** A text object's raw text (for attribute values, which are escaped by `attrs`). */
function textRaw(t: unknown): string {
  if (typeof t === "string") return t;
  return isRecord(t) ? (str(t.text) ?? "") : "";
}

function unknownHtml(kind: "block" | "element", type: unknown): string {
  const t = typeof type === "string" && type !== "" ? type : "?";
  const tag = kind === "block" ? "div" : "span";
  return `<${tag} class="sk-unknown"${attrs({ "data-unknown-type": t })}>[okänt ${kind}: ${escapeHtml(t)}]</${tag}>`;
}

function confirmJson(c: unknown, names?: NameDirectory): string | undefined {
  if (!isRecord(c)) return undefined;
  const style = str(c.style);
  return JSON.stringify({
    title: textRaw(c.title) || "Är du säker?",
    text: textRaw(c.text),
    textHtml: textHtml(c.text, names),
    confirm: textRaw(c.confirm) || "Ja",
    deny: textRaw(c.deny) || "Avbryt",
    ...(style === "primary" || style === "danger" ? { style } : {}),
  });
}

/** An image element / block shown as a box with its alt text (never loaded). */
function imageBox(alt: string, url: unknown, cls: string): string {
  const safe = typeof url === "string" ? safeUrl(url) : null;
  return `<span class="${cls}" role="img"${attrs({ "aria-label": alt, title: alt, "data-image-url": safe })}>🖼 ${escapeHtml(alt || "bild")}</span>`;
}

// ─── Elements ──────────────────────────────────────────────────────────────────────────────────

interface ElementContext {
  ctx: RenderContext;
  blockId: string;
  /** In an input block (rather than actions / section accessory). */
  inInput: boolean;
  /** The input block has dispatch_action: true. */
  dispatchAction: boolean;
  invalid: boolean;
}

const TEXT_LIKE = new Set(["plain_text_input", "number_input", "email_text_input", "url_text_input"]);

function dispatchFor(type: string, el: Json, ec: ElementContext): string | undefined {
  if (type === "button") return "click";
  if (TEXT_LIKE.has(type)) {
    if (ec.inInput && !ec.dispatchAction) return undefined;
    const config = isRecord(el.dispatch_action_config) ? el.dispatch_action_config : {};
    const on = arr(config.trigger_actions_on).filter((t): t is string => typeof t === "string");
    const tokens = (on.length > 0 ? on : ["on_enter_pressed"]).map((t) => (t === "on_character_entered" ? "character" : "enter"));
    return [...new Set(tokens)].join(" ");
  }
  if (ec.inInput && !ec.dispatchAction) return undefined;
  return "change";
}

/** The value to show: the stored state's when there is one, else `initial`. */
function currentValue(ec: ElementContext, actionId: string, initial: string | string[] | null): string | string[] | null {
  const sv = ec.ctx.state?.[ec.blockId]?.[actionId];
  const v = formValueFromState(sv);
  return v === undefined ? initial : v;
}

const asList = (v: string | string[] | null): string[] => (v === null ? [] : Array.isArray(v) ? v : v === "" ? [] : [v]);
const asSingle = (v: string | string[] | null): string | null => (Array.isArray(v) ? (v[0] ?? null) : v);

function optionValue(o: unknown): string | undefined {
  return isRecord(o) ? str(o.value) : undefined;
}

function selectOptions(el: Json, selected: Set<string>): string {
  const one = (o: unknown): string => {
    if (!isRecord(o)) return "";
    const value = str(o.value) ?? "";
    const text = textRaw(o.text);
    return `<option${attrs({ value, "data-text": text, selected: selected.has(value), title: textRaw(o.description) || undefined })}>${escapeHtml(text)}</option>`;
  };
  let html = arr(el.options).map(one).join("");
  for (const g of arr(el.option_groups)) {
    if (!isRecord(g)) continue;
    html += `<optgroup${attrs({ label: textRaw(g.label) })}>${arr(g.options).map(one).join("")}</optgroup>`;
  }
  return html;
}

function choiceList(el: Json, type: "checkboxes" | "radio_buttons", name: string, selected: Set<string>, names?: NameDirectory): string {
  const inputType = type === "checkboxes" ? "checkbox" : "radio";
  return arr(el.options)
    .map((o) => {
      if (!isRecord(o)) return "";
      const value = str(o.value) ?? "";
      const description = o.description === undefined ? "" : `<span class="sk-option__description">${textHtml(o.description, names)}</span>`;
      return (
        `<label class="sk-option"><input${attrs({ type: inputType, name, value, "data-text": textRaw(o.text), checked: selected.has(value) })}>` +
        `<span class="sk-option__text">${textHtml(o.text, names)}</span>${description}</label>`
      );
    })
    .join("");
}

const ID_INPUTS: Record<string, { initial: string; hint: string; multi: boolean }> = {
  users_select: { initial: "initial_user", hint: "Användar-id, t.ex. U012ABC", multi: false },
  conversations_select: { initial: "initial_conversation", hint: "Kanal-id, t.ex. C012ABC", multi: false },
  channels_select: { initial: "initial_channel", hint: "Kanal-id, t.ex. C012ABC", multi: false },
  multi_users_select: { initial: "initial_users", hint: "Användar-id, kommaseparerade", multi: true },
  multi_conversations_select: { initial: "initial_conversations", hint: "Kanal-id, kommaseparerade", multi: true },
  multi_channels_select: { initial: "initial_channels", hint: "Kanal-id, kommaseparerade", multi: true },
};

function renderElement(raw: unknown, ec: ElementContext): string {
  if (!isRecord(raw)) return unknownHtml("element", undefined);
  const el = raw;
  const type = str(el.type) ?? "";
  if (type === "image") return imageBox(str(el.alt_text) ?? "", el.image_url, "sk-image");

  const actionId = str(el.action_id) ?? "";
  const name = fieldName(ec.blockId, actionId);
  const placeholder = textRaw(el.placeholder) || undefined;
  const base: Record<string, AttrValue> = {
    "data-type": type,
    "data-action-id": actionId,
    "data-block-id": ec.blockId,
    "data-dispatch": dispatchFor(type, el, ec),
    "data-confirm": confirmJson(el.confirm, ec.ctx.names),
  };
  const field: Record<string, AttrValue> = {
    ...base,
    "data-name": name,
    "data-invalid": ec.invalid ? "true" : undefined,
    "aria-invalid": ec.invalid ? "true" : undefined,
    autofocus: el.focus_on_load === true,
  };

  switch (type) {
    case "button": {
      const style = str(el.style);
      const url = typeof el.url === "string" ? safeUrl(el.url) : null;
      const cls = `sk-button${style === "primary" || style === "danger" ? ` sk-button--${style}` : ""}`;
      return `<button${attrs({
        type: "button",
        class: cls,
        ...base,
        "data-value": str(el.value),
        "data-url": url,
        "data-style": style === "primary" || style === "danger" ? style : undefined,
        "aria-label": str(el.accessibility_label),
      })}>${textHtml(el.text, ec.ctx.names)}</button>`;
    }
    case "static_select":
    case "multi_static_select": {
      const multi = type === "multi_static_select";
      const initial = multi ? arr(el.initial_options).map(optionValue).filter((v): v is string => v !== undefined) : (optionValue(el.initial_option) ?? null);
      const selected = new Set(asList(currentValue(ec, actionId, initial)));
      const empty = multi ? "" : `<option${attrs({ value: "", selected: selected.size === 0 })}>${escapeHtml(placeholder ?? "Välj …")}</option>`;
      return `<select${attrs({
        class: "sk-select",
        ...field,
        name,
        multiple: multi,
        "data-max-selected": typeof el.max_selected_items === "number" ? el.max_selected_items : undefined,
        "aria-label": placeholder,
      })}>${empty}${selectOptions(el, selected)}</select>`;
    }
    case "external_select":
    case "multi_external_select": {
      const initial = type === "external_select" ? [el.initial_option] : arr(el.initial_options);
      const opts = initial.filter(isRecord).map(
        (o) => `<option${attrs({ value: str(o.value) ?? "", "data-text": textRaw(o.text), selected: true })}>${escapeHtml(textRaw(o.text))}</option>`,
      );
      const empty = `<option value="">${escapeHtml(placeholder ?? "Välj …")} (extern lista, ej i sandlådan)</option>`;
      return `<select${attrs({ class: "sk-select sk-select--external", ...field, name, multiple: type === "multi_external_select", disabled: true })}>${empty}${opts.join("")}</select>`;
    }
    case "overflow": {
      const options = arr(el.options)
        .map((o) => {
          if (!isRecord(o)) return "";
          const url = typeof o.url === "string" ? safeUrl(o.url) : null;
          const text = textRaw(o.text);
          return `<option${attrs({ value: str(o.value) ?? "", "data-text": text, "data-url": url })}>${escapeHtml(text)}</option>`;
        })
        .join("");
      return `<select${attrs({ class: "sk-overflow", ...base, "aria-label": "Fler åtgärder" })}><option value="" selected>⋯</option>${options}</select>`;
    }
    case "checkboxes":
    case "radio_buttons": {
      const initial = type === "checkboxes" ? arr(el.initial_options).map(optionValue).filter((v): v is string => v !== undefined) : (optionValue(el.initial_option) ?? null);
      const selected = new Set(asList(currentValue(ec, actionId, initial)));
      const cls = type === "checkboxes" ? "sk-checkboxes" : "sk-radio-buttons";
      return `<fieldset${attrs({ class: cls, ...field })}>${choiceList(el, type, name, selected, ec.ctx.names)}</fieldset>`;
    }
    case "datepicker":
    case "timepicker":
    case "datetimepicker": {
      let value: string | null;
      if (type === "datetimepicker") {
        const initial = typeof el.initial_date_time === "number" ? String(el.initial_date_time) : null;
        const v = asSingle(currentValue(ec, actionId, initial));
        value = v !== null && /^\d+$/.test(v) ? formatDateTime(Number(v)) : v;
      } else {
        value = asSingle(currentValue(ec, actionId, str(type === "datepicker" ? el.initial_date : el.initial_time) ?? null));
      }
      const inputType = type === "datepicker" ? "date" : type === "timepicker" ? "time" : "datetime-local";
      return `<input${attrs({ type: inputType, class: "sk-input sk-picker", ...field, name, value, "aria-label": placeholder, "data-timezone": str(el.timezone) })}>`;
    }
    case "plain_text_input": {
      const value = asSingle(currentValue(ec, actionId, str(el.initial_value) ?? null)) ?? "";
      const common = {
        ...field,
        name,
        placeholder,
        minlength: typeof el.min_length === "number" ? el.min_length : undefined,
        maxlength: typeof el.max_length === "number" ? el.max_length : undefined,
      };
      if (el.multiline === true) return `<textarea${attrs({ class: "sk-input sk-textarea", rows: 4, ...common })}>${escapeHtml(value)}</textarea>`;
      return `<input${attrs({ type: "text", class: "sk-input", ...common, value })}>`;
    }
    case "number_input": {
      const value = asSingle(currentValue(ec, actionId, str(el.initial_value) ?? null)) ?? "";
      const decimal = el.is_decimal_allowed === true;
      const bound = (v: unknown): string | undefined => (typeof v === "string" || typeof v === "number" ? String(v) : undefined);
      return `<input${attrs({
        type: "number",
        class: "sk-input sk-number",
        ...field,
        name,
        inputmode: decimal ? "decimal" : "numeric",
        step: decimal ? "any" : "1",
        min: bound(el.min_value),
        max: bound(el.max_value),
        "data-decimal": decimal ? "true" : "false",
        placeholder,
        value,
      })}>`;
    }
    case "email_text_input":
    case "url_text_input": {
      const value = asSingle(currentValue(ec, actionId, str(el.initial_value) ?? null)) ?? "";
      return `<input${attrs({ type: type === "email_text_input" ? "email" : "url", class: "sk-input", ...field, name, placeholder, value })}>`;
    }
    default: {
      const id = ID_INPUTS[type];
      if (id === undefined) return unknownHtml("element", type);
      const init = el[id.initial];
      const initial = id.multi ? arr(init).filter((v): v is string => typeof v === "string") : (str(init) ?? null);
      const v = currentValue(ec, actionId, initial);
      const value = Array.isArray(v) ? v.join(", ") : (v ?? "");
      return `<input${attrs({
        type: "text",
        class: "sk-input sk-id-input",
        ...field,
        name,
        placeholder: placeholder ? `${placeholder} (${id.hint})` : id.hint,
        autocomplete: "off",
        spellcheck: "false",
        value,
      })}>`;
    }
  }
}

// ─── Rich text ─────────────────────────────────────────────────────────────────────────────────

function richInline(items: unknown[], names?: NameDirectory): string {
  return items
    .map((item) => {
      if (!isRecord(item)) return "";
      const style = isRecord(item.style) ? item.style : {};
      const styled = (html: string): string => {
        let h = html;
        if (style.code === true) h = `<code class="sk-code">${h}</code>`;
        if (style.bold === true) h = `<strong>${h}</strong>`;
        if (style.italic === true) h = `<em>${h}</em>`;
        if (style.strike === true) h = `<del>${h}</del>`;
        if (style.underline === true) h = `<u>${h}</u>`;
        return h;
      };
      const text = (s: string): string => escapeHtml(s).replace(/\n/g, "<br>");
      switch (item.type) {
        case "text":
          return styled(text(str(item.text) ?? ""));
        case "link": {
          const url = safeUrl(str(item.url) ?? "");
          const label = text(str(item.text) ?? str(item.url) ?? "");
          return styled(url === null ? `<span class="unsafe-link">${label}</span>` : `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer nofollow">${label}</a>`);
        }
        case "user": {
          const id = str(item.user_id) ?? "";
          return styled(`<span class="mention"${attrs({ "data-user-id": id })}>@${escapeHtml(userName(names, id) ?? id)}</span>`);
        }
        case "channel": {
          const id = str(item.channel_id) ?? "";
          return styled(`<span class="mention channel"${attrs({ "data-channel-id": id })}>#${escapeHtml(channelName(names, id) ?? id)}</span>`);
        }
        case "usergroup": {
          const id = str(item.usergroup_id) ?? "";
          return styled(`<span class="mention usergroup"${attrs({ "data-usergroup-id": id })}>@${escapeHtml(id)}</span>`);
        }
        case "broadcast":
          return styled(`<span class="mention special">@${escapeHtml(str(item.range) ?? "here")}</span>`);
        case "emoji": {
          const name = str(item.name) ?? "";
          const unicode = str(item.unicode);
          let e: string | undefined;
          if (unicode !== undefined && /^[0-9a-f]{1,6}(-[0-9a-f]{1,6})*$/i.test(unicode)) {
            try {
              e = String.fromCodePoint(...unicode.split("-").map((h) => parseInt(h, 16)));
            } catch {
              e = undefined;
            }
          }
          e ??= emojiFor(name);
          return `<span class="emoji"${attrs({ title: `:${name}:` })}>${escapeHtml(e ?? `:${name}:`)}</span>`;
        }
        case "date": {
          const ts = typeof item.timestamp === "number" ? item.timestamp : undefined;
          const fallback = str(item.fallback) ?? (ts === undefined ? "" : formatDateTime(ts).replace("T", " "));
          return styled(`<span class="date">${escapeHtml(fallback)}</span>`);
        }
        case "color":
          return styled(text(str(item.value) ?? ""));
        default:
          return unknownHtml("element", item.type);
      }
    })
    .join("");
}

function richElement(e: unknown, names?: NameDirectory): string {
  if (!isRecord(e)) return unknownHtml("element", undefined);
  switch (e.type) {
    case "rich_text_section":
      return `<div class="sk-rt-section">${richInline(arr(e.elements), names)}</div>`;
    case "rich_text_quote":
      return `<blockquote class="sk-quote">${richInline(arr(e.elements), names)}</blockquote>`;
    case "rich_text_preformatted":
      return `<pre class="sk-pre">${richInline(arr(e.elements), names)}</pre>`;
    case "rich_text_list": {
      const ordered = e.style === "ordered";
      const tag = ordered ? "ol" : "ul";
      const indent = typeof e.indent === "number" ? e.indent : 0;
      const start = ordered && typeof e.offset === "number" ? e.offset + 1 : undefined;
      const items = arr(e.elements)
        .map((item) => `<li>${isRecord(item) && item.type === "rich_text_section" ? richInline(arr(item.elements), names) : richElement(item, names)}</li>`)
        .join("");
      return `<${tag}${attrs({ class: `sk-list sk-rt-list sk-rt-list--indent-${indent}`, start, "data-indent": indent })}>${items}</${tag}>`;
    }
    default:
      return unknownHtml("element", e.type);
  }
}

// ─── Blocks ────────────────────────────────────────────────────────────────────────────────────

function blockWrapper(type: string, blockId: string, cls: string, inner: string): string {
  return `<div${attrs({ class: `sk-block sk-${type}${cls ? ` ${cls}` : ""}`, "data-block-type": type, "data-block-id": blockId })}>${inner}</div>`;
}

function renderBlock(raw: unknown, ctx: RenderContext): string {
  if (!isRecord(raw)) return unknownHtml("block", undefined);
  const type = str(raw.type) ?? "";
  const blockId = str(raw.block_id) ?? "";
  const ec = (inInput: boolean, dispatchAction = false, invalid = false): ElementContext => ({ ctx, blockId, inInput, dispatchAction, invalid });
  switch (type) {
    case "section": {
      const text = raw.text === undefined ? "" : `<div class="sk-section__text">${textHtml(raw.text, ctx.names)}</div>`;
      const fields = arr(raw.fields);
      const fieldsHtml = fields.length === 0 ? "" : `<div class="sk-section__fields">${fields.map((f) => `<div class="sk-section__field">${textHtml(f, ctx.names)}</div>`).join("")}</div>`;
      const accessory = raw.accessory === undefined ? "" : `<div class="sk-section__accessory">${renderElement(raw.accessory, ec(false))}</div>`;
      return blockWrapper(type, blockId, "", `<div class="sk-section__main">${text}${fieldsHtml}</div>${accessory}`);
    }
    case "header":
      return blockWrapper(type, blockId, "", `<h2 class="sk-header__text">${textHtml(raw.text, ctx.names)}</h2>`);
    case "divider":
      return blockWrapper(type, blockId, "", `<hr class="sk-divider">`);
    case "context": {
      const items = arr(raw.elements).map((e) => {
        if (isRecord(e) && e.type === "image") return imageBox(str(e.alt_text) ?? "", e.image_url, "sk-image sk-context__image");
        if (isRecord(e) && (e.type === "mrkdwn" || e.type === "plain_text")) return `<span class="sk-context__text">${textHtml(e, ctx.names)}</span>`;
        return unknownHtml("element", isRecord(e) ? e.type : undefined);
      });
      return blockWrapper(type, blockId, "", items.join(""));
    }
    case "actions":
      return blockWrapper(type, blockId, "", arr(raw.elements).map((e) => renderElement(e, ec(false))).join(""));
    case "image": {
      const title = raw.title === undefined ? "" : `<figcaption class="sk-image-block__title">${textHtml(raw.title, ctx.names)}</figcaption>`;
      return blockWrapper(type, blockId, "", `<figure class="sk-image-block">${imageBox(str(raw.alt_text) ?? "", raw.image_url, "sk-image sk-image-block__box")}${title}</figure>`);
    }
    case "input": {
      const error = blockId === "" ? undefined : ctx.errors?.[blockId];
      const optional = raw.optional === true ? ` <span class="sk-input__optional">(valfritt)</span>` : "";
      const label = `<div class="sk-input__label">${textHtml(raw.label, ctx.names)}${optional}</div>`;
      const element = renderElement(raw.element, ec(true, raw.dispatch_action === true, error !== undefined));
      const errorHtml =
        error === undefined ? "" : `<div${attrs({ class: "sk-input__error", role: "alert", "data-error-for": blockId })}>${plainTextToHtml(error)}</div>`;
      const hint = raw.hint === undefined ? "" : `<div class="sk-input__hint">${textHtml(raw.hint, ctx.names)}</div>`;
      return blockWrapper(type, blockId, error === undefined ? "" : "sk-input--error", `${label}${element}${errorHtml}${hint}`);
    }
    case "rich_text":
      return blockWrapper(type, blockId, "", arr(raw.elements).map((e) => richElement(e, ctx.names)).join(""));
    default:
      return unknownHtml("block", type);
  }
}

/** Block Kit blocks → HTML (a div.sk-blocks[data-surface]). Never throws on malformed input. */
export function renderBlocks(blocks: unknown[], ctx: RenderContext): string {
  const inner = arr(blocks)
    .map((b) => {
      try {
        return renderBlock(b, ctx);
      } catch {
        return unknownHtml("block", isRecord(b) ? b.type : undefined);
      }
    })
    .join("");
  return `<div${attrs({ class: "sk-blocks", "data-surface": ctx.surface })}>${inner}</div>`;
}

// ─── Surfaces ──────────────────────────────────────────────────────────────────────────────────

/** A modal or home view as the app sends it or the fake stores it. */
export interface ViewLike {
  type?: unknown;
  title?: unknown;
  submit?: unknown;
  close?: unknown;
  blocks?: unknown;
  private_metadata?: unknown;
  callback_id?: unknown;
  submit_disabled?: unknown;
  state?: unknown;
}

export interface RenderViewOptions {
  viewId: string;
  /** Input errors by block_id (from `response_action: "errors"`). */
  errors?: Record<string, string>;
  /** State values to show; defaults to the view's own `state.values` (a stored view's). */
  state?: Record<string, Record<string, unknown>>;
  /** Display names for mentions. */
  names?: NameDirectory;
}

function viewState(view: ViewLike, opts: RenderViewOptions): Record<string, Record<string, unknown>> | undefined {
  if (opts.state !== undefined) return opts.state;
  if (!isRecord(view.state) || !isRecord(view.state.values)) return undefined;
  const out: Record<string, Record<string, unknown>> = {};
  for (const [k, v] of Object.entries(view.state.values)) if (isRecord(v)) out[k] = v;
  return out;
}

/** A modal: title bar, blocks, close (and submit) buttons with data-view-action and data-view-id. */
export function renderModal(view: ViewLike, opts: RenderViewOptions): string {
  const titleId = `sk-modal-title-${opts.viewId.replace(/[^A-Za-z0-9_-]/g, "_")}`;
  const state = viewState(view, opts);
  const body = renderBlocks(arr(view.blocks), { surface: "modal", ...(state ? { state } : {}), ...(opts.errors ? { errors: opts.errors } : {}), ...(opts.names ? { names: opts.names } : {}) });
  const closeText = textRaw(view.close) || "Stäng";
  const close = `<button${attrs({ type: "button", class: "sk-button", "data-view-action": "close", "data-view-id": opts.viewId })}>${plainTextToHtml(closeText)}</button>`;
  const submit =
    view.submit === undefined
      ? ""
      : `<button${attrs({
          type: "button",
          class: "sk-button sk-button--primary",
          "data-view-action": "submit",
          "data-view-id": opts.viewId,
          disabled: view.submit_disabled === true,
        })}>${textHtml(view.submit)}</button>`;
  return (
    `<div${attrs({ class: "sk-modal", role: "dialog", "aria-modal": "true", "aria-labelledby": titleId, "data-view-id": opts.viewId, "data-view-type": "modal", "data-callback-id": str(view.callback_id) })}>` +
    `<form${attrs({ class: "sk-modal__form", method: "dialog", novalidate: true, "data-view-id": opts.viewId })}>` +
    `<header class="sk-modal__header"><h1${attrs({ class: "sk-modal__title", id: titleId })}>${textHtml(view.title)}</h1>` +
    `<button${attrs({ type: "button", class: "sk-modal__x", "data-view-action": "close", "data-view-id": opts.viewId, "aria-label": closeText })}>×</button></header>` +
    `<div class="sk-modal__body">${body}</div>` +
    `<footer class="sk-modal__footer">${close}${submit}</footer>` +
    `</form></div>`
  );
}

/** An App Home tab (a home view): its blocks in a form, like a modal without title bar and buttons. */
export function renderHome(view: ViewLike, opts: RenderViewOptions): string {
  const state = viewState(view, opts);
  const body = renderBlocks(arr(view.blocks), { surface: "home", ...(state ? { state } : {}), ...(opts.errors ? { errors: opts.errors } : {}), ...(opts.names ? { names: opts.names } : {}) });
  return (
    `<div${attrs({ class: "sk-home", "data-view-id": opts.viewId, "data-view-type": "home", "data-callback-id": str(view.callback_id) })}>` +
    `<form${attrs({ class: "sk-home__form", method: "dialog", novalidate: true, "data-view-id": opts.viewId })}>${body}</form></div>`
  );
}

export interface MessageLike {
  text?: string;
  blocks?: unknown[];
  ts: string;
  user?: string;
  bot?: boolean;
  reply_count?: number;
  /** The channel id, emitted as data-channel (for block_actions' container). */
  channel?: string;
  /** Shown as the author instead of the user id (e.g. the app's name). */
  username?: string;
  /** Files shared with the message, each with the URL that downloads it (`href`, http(s) or a path). */
  files?: readonly MessageFile[];
}

export interface MessageFile {
  id: string;
  name: string;
  title?: string;
  size?: number;
  href: string;
}

/** "12 kB", "850 B". */
function sizeText(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${Math.round(bytes / 1024)} kB`;
}

/** The files of a message: one download link each (a relative path or an http(s) URL only). */
function filesHtml(files: readonly MessageFile[]): string {
  if (files.length === 0) return "";
  const items = files.map((f) => {
    const href = f.href.startsWith("/") && !f.href.startsWith("//") ? f.href : safeUrl(f.href);
    const label = f.title && f.title !== f.name ? `${f.title} (${f.name})` : f.name;
    const size = typeof f.size === "number" ? ` <span class="sk-file__size">${escapeHtml(sizeText(f.size))}</span>` : "";
    const link = href === null ? escapeHtml(label) : `<a${attrs({ href, download: f.name, "data-file-id": f.id })}>${escapeHtml(label)}</a>`;
    return `<li class="sk-file">📄 ${link}${size}</li>`;
  });
  return `<ul class="sk-files">${items.join("")}</ul>`;
}

/** "HH:mm" of a Slack ts in the app's time zone. */
function timeOf(ts: string): { iso: string; label: string } | undefined {
  const seconds = Number(ts);
  if (!Number.isFinite(seconds)) return undefined;
  const date = new Date(seconds * 1000);
  const label = new Intl.DateTimeFormat("sv-SE", { timeZone: TIME_ZONE, hour: "2-digit", minute: "2-digit" }).format(date);
  return { iso: date.toISOString(), label };
}

/** A message: author, time, blocks (or its mrkdwn `text` when it has no blocks), reply count. */
export function renderMessage(msg: MessageLike, opts: { names?: NameDirectory } = {}): string {
  const blocks = arr(msg.blocks);
  const names = opts.names;
  const body =
    (blocks.length > 0 ? renderBlocks(blocks, { surface: "message", ...(names ? { names } : {}) }) : `<div class="sk-message__text">${mrkdwnToHtml(msg.text ?? "", names ? { names } : {})}</div>`) +
    filesHtml(msg.files ?? []);
  const author = msg.username ?? (msg.user !== undefined ? `@${userName(names, msg.user) ?? msg.user}` : msg.bot === true ? "App" : "");
  const time = timeOf(msg.ts);
  const meta =
    `<header class="sk-message__meta"><span class="sk-message__author">${escapeHtml(author)}</span>` +
    (msg.bot === true ? ` <span class="sk-message__app">APP</span>` : "") +
    (time === undefined ? "" : ` <time${attrs({ class: "sk-message__time", datetime: time.iso })}>${escapeHtml(time.label)}</time>`) +
    `</header>`;
  const replies =
    typeof msg.reply_count === "number" && msg.reply_count > 0
      ? `<button${attrs({ type: "button", class: "sk-message__replies", "data-message-action": "open-thread", "data-thread-ts": msg.ts })}>${msg.reply_count} svar</button>`
      : "";
  return (
    `<article${attrs({ class: `sk-message${msg.bot === true ? " sk-message--bot" : ""}`, "data-message-ts": msg.ts, "data-channel": msg.channel, "data-user": msg.user, "data-bot": msg.bot === true ? "true" : undefined })}>` +
    `${meta}<div class="sk-message__body">${body}</div>${replies}</article>`
  );
}
