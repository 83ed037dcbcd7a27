// Slack mrkdwn and plain text → safe HTML for the local sandbox page.
//
// Safety model: the output contains markup only from the fixed templates in this file. Every piece
// of input text is passed through `escapeHtml` before it is emitted (text and attribute values
// alike), and the only href values are http(s) and mailto URLs (`safeUrl`). Escaping is done per
// fragment rather than on the whole string up front, because Slack's own escapes (`&lt;` for a
// literal "<") must stay distinguishable from control sequences such as `<https://x|label>`.
//
// How it works: code blocks, inline code and `<…>` control sequences are rendered first (their
// contents escaped) and replaced by placeholders made of private-use characters (any such
// characters in the input are removed first, so input can never forge a placeholder). The rest is
// split into lines; each line's text is un-escaped from Slack's &amp;/&lt;/&gt;, HTML-escaped, and
// only then given <strong>/<em>/<del> and emoji. Finally the placeholders are put back.

const PH_OPEN = "\uE000";
const PH_CLOSE = "\uE001";
const PLACEHOLDER = /\uE000(\d+)\uE001/g;

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes &, <, >, " and ' (safe in text and in double- or single-quoted attribute values). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Undoes Slack's own escaping of &, < and > in message text (`&amp;`, `&lt;`, `&gt;`). */
export function decodeSlackEntities(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (_m, e: string) => (e === "amp" ? "&" : e === "lt" ? "<" : ">"));
}

/**
 * The URL when it may be used as an href: http(s) or mailto only, no whitespace or control
 * characters. Slack's entities are decoded first. Returns null for anything else (javascript:,
 * data:, relative URLs …). The result still has to be HTML-escaped when put in an attribute.
 */
export function safeUrl(raw: string): string | null {
  const url = decodeSlackEntities(raw).trim();
  if (!/^(https?:\/\/|mailto:)/i.test(url)) return null;
  if (/[\s\u0000-\u001f\u007f]/.test(url)) return null;
  try {
    const parsed = new URL(url);
    if (!["http:", "https:", "mailto:"].includes(parsed.protocol)) return null;
  } catch {
    return null;
  }
  return url;
}

/** A few emoji shortcodes (those the app uses and some common ones); others stay as `:name:`. */
const EMOJI: Record<string, string> = {
  white_check_mark: "✅",
  receipt: "🧾",
  heavy_check_mark: "✔️",
  x: "❌",
  warning: "⚠️",
  inbox_tray: "📥",
  outbox_tray: "📤",
  scales: "⚖️",
  speech_balloon: "💬",
  page_facing_up: "📄",
  hourglass_flowing_sand: "⏳",
  hourglass: "⌛",
  information_source: "ℹ️",
  exclamation: "❗",
  question: "❓",
  memo: "📝",
  calendar: "📆",
  date: "📅",
  bell: "🔔",
  lock: "🔒",
  eyes: "👀",
  tada: "🎉",
  wave: "👋",
  "+1": "👍",
  thumbsup: "👍",
  "-1": "👎",
  thumbsdown: "👎",
  rocket: "🚀",
  smile: "😄",
  slightly_smiling_face: "🙂",
  house: "🏠",
  money_with_wings: "💸",
  moneybag: "💰",
  clipboard: "📋",
  red_circle: "🔴",
  large_green_circle: "🟢",
  large_yellow_circle: "🟡",
  // The rest of those the app uses (tests/sandbox/render.test.ts checks that every shortcode in
  // src/ and jobs/ is here).
  no_entry: "⛔",
  unlock: "🔓",
  rotating_light: "🚨",
  round_pushpin: "📍",
  pencil2: "✏️",
  leftwards_arrow_with_hook: "↩️",
  arrows_counterclockwise: "🔄",
  alarm_clock: "⏰",
  white_circle: "⚪",
  hourglass_done: "⌛",
  mag: "🔍",
  busts_in_silhouette: "👥",
  spiral_calendar_pad: "🗓️",
  bar_chart: "📊",
  chart_with_upwards_trend: "📈",
  heavy_plus_sign: "➕",
  heavy_minus_sign: "➖",
  no_entry_sign: "🚫",
  point_right: "👉",
  pushpin: "📌",
  link: "🔗",
  email: "📧",
  envelope: "✉️",
  telephone_receiver: "📞",
  handshake: "🤝",
  raising_hand: "🙋",
  ok_hand: "👌",
  heavy_exclamation_mark: "❗",
  grey_question: "❔",
  repeat: "🔁",
  arrow_right: "➡️",
  arrow_left: "⬅️",
  new: "🆕",
  sparkles: "✨",
  star: "⭐",
  fire: "🔥",
};

/** The shortcodes the renderer knows (for tests). */
export const KNOWN_EMOJI: readonly string[] = Object.keys(EMOJI);

/**
 * Names to show for ids in `<@U…>` and `<#C…>` (the sandbox's demo users and channels). Slack shows
 * a user's display name and a channel's name; an id without a name here is shown as the id.
 */
export interface NameDirectory {
  users?: Readonly<Record<string, string>>;
  channels?: Readonly<Record<string, string>>;
}

export interface MrkdwnOptions {
  names?: NameDirectory;
}

const own = (map: Readonly<Record<string, string>> | undefined, id: string): string | undefined =>
  map !== undefined && Object.prototype.hasOwnProperty.call(map, id) ? map[id] : undefined;

/** The display name for a user id, if the directory has one. */
export function userName(names: NameDirectory | undefined, id: string): string | undefined {
  return own(names?.users, id);
}

/** The name for a channel id, if the directory has one. */
export function channelName(names: NameDirectory | undefined, id: string): string | undefined {
  return own(names?.channels, id);
}

/** Replaces known `:shortcode:` emoji in already-escaped HTML text. */
function emojify(escaped: string): string {
  return escaped.replace(/:([a-z0-9_+-]+):/g, (m, name: string) => {
    const e = EMOJI[name];
    return e === undefined ? m : `<span class="emoji" title=":${name}:">${e}</span>`;
  });
}

/** The emoji for a shortcode name, if known (used by rich_text emoji elements). */
export function emojiFor(name: string): string | undefined {
  return EMOJI[name];
}

export interface PlainTextOptions {
  /** Convert `:shortcode:` emoji (Slack's `emoji: true`, the default). */
  emoji?: boolean;
}

/** A plain_text object's text: escaped, Slack's &amp;/&lt;/&gt; decoded, newlines → <br>. */
export function plainTextToHtml(text: string, opts: PlainTextOptions = {}): string {
  let html = escapeHtml(decodeSlackEntities(String(text)));
  if (opts.emoji !== false) html = emojify(html);
  return html.replace(/\r?\n/g, "<br>");
}

/** Splits `a|b` at the first "|". */
function splitLabel(inner: string): [string, string | undefined] {
  const i = inner.indexOf("|");
  return i < 0 ? [inner, undefined] : [inner.slice(0, i), inner.slice(i + 1)];
}

/** The plain text a `<…>` control sequence shows (used inside code, where nothing is a link). */
function angleToText(inner: string, names?: NameDirectory): string {
  const [target, label] = splitLabel(inner);
  if (target.startsWith("@") || target.startsWith("#")) {
    if (label !== undefined && label !== "") return `${target[0]}${label}`;
    const known = target.startsWith("@") ? userName(names, target.slice(1)) : channelName(names, target.slice(1));
    return known !== undefined ? `${target[0]}${known}` : target;
  }
  if (target.startsWith("!")) return label ?? `@${target.slice(1).split("^")[0] ?? ""}`;
  if (safeUrl(target) !== null) return label ?? target;
  return `<${inner}>`;
}

const SPECIAL_MENTIONS = new Set(["here", "channel", "everyone"]);
const ID = /^[A-Za-z0-9._-]+$/;

/** HTML for one `<…>` control sequence (inner = the text between the angle brackets). */
function renderAngle(inner: string, names?: NameDirectory): string {
  const [target, rawLabel] = splitLabel(inner);
  const label = rawLabel === undefined || rawLabel === "" ? undefined : decodeSlackEntities(rawLabel);
  const literal = (): string => escapeHtml(`<${decodeSlackEntities(inner)}>`);
  if (target.startsWith("@")) {
    const id = target.slice(1);
    if (!ID.test(id)) return literal();
    return `<span class="mention" data-user-id="${escapeHtml(id)}">@${escapeHtml(label ?? userName(names, id) ?? id)}</span>`;
  }
  if (target.startsWith("#")) {
    const id = target.slice(1);
    if (!ID.test(id)) return literal();
    return `<span class="mention channel" data-channel-id="${escapeHtml(id)}">#${escapeHtml(label ?? channelName(names, id) ?? id)}</span>`;
  }
  if (target.startsWith("!")) {
    const [command = "", arg] = target.slice(1).split("^");
    if (SPECIAL_MENTIONS.has(command)) return `<span class="mention special">@${escapeHtml(command)}</span>`;
    if (command === "subteam" && ID.test(arg ?? ""))
      return `<span class="mention usergroup" data-usergroup-id="${escapeHtml(arg ?? "")}">${escapeHtml(label ?? `@${arg ?? ""}`)}</span>`;
    if (command === "date") return `<span class="date">${escapeHtml(label ?? arg ?? "")}</span>`;
    return `<span class="mention special">${escapeHtml(label ?? `@${command}`)}</span>`;
  }
  const url = safeUrl(target);
  if (url !== null) {
    return `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer nofollow">${escapeHtml(label ?? url)}</a>`;
  }
  // Not a control sequence we allow (e.g. <script>, <javascript:…|x>): show it as text.
  return label !== undefined ? `<span class="unsafe-link">${escapeHtml(label)}</span>` : literal();
}

/** Text of code: control sequences as their text, Slack entities decoded, HTML-escaped. */
function codeText(raw: string, names?: NameDirectory): string {
  return escapeHtml(decodeSlackEntities(raw.replace(/<([^<>\n]+)>/g, (_m, inner: string) => angleToText(inner, names))));
}

// Emphasis: the marker must open at the start or after whitespace/punctuation (or one of our tags,
// an escape's ";" or a placeholder) and close before the end, whitespace or punctuation.
const BEFORE = `(^|[\\s([{.,;:!?>\\-~_*${PH_CLOSE}])`;
const AFTER = `(?=$|[\\s)\\]}.,;:!?<&\\-~_*${PH_OPEN}])`;
const emphasis = (marker: string): RegExp => {
  const m = `\\${marker}`;
  return new RegExp(`${BEFORE}${m}(?=[^\\s${m}])([^${m}\\n]*?[^\\s${m}])${m}${AFTER}`, "g");
};
const BOLD = emphasis("*");
const ITALIC = emphasis("_");
const STRIKE = emphasis("~");

/** One line of text (placeholders inside) → HTML. */
function inline(raw: string): string {
  let html = escapeHtml(decodeSlackEntities(raw));
  html = html.replace(BOLD, "$1<strong>$2</strong>");
  html = html.replace(ITALIC, "$1<em>$2</em>");
  html = html.replace(STRIKE, "$1<del>$2</del>");
  return emojify(html); // last, so that emphasis never looks inside the emoji markup
}

interface Stored {
  html: string;
  block: boolean;
}

interface Line {
  kind: "text" | "quote" | "bullet" | "block";
  html: string;
}

/** Slack mrkdwn → HTML (inline content with <br>, plus <ul>, <blockquote> and <pre> blocks). */
export function mrkdwnToHtml(text: string, opts: MrkdwnOptions = {}): string {
  const names = opts.names;
  const store: Stored[] = [];
  const hold = (html: string, block: boolean): string => {
    store.push({ html, block });
    return `${PH_OPEN}${store.length - 1}${PH_CLOSE}`;
  };

  let src = String(text).replace(/[\uE000\uE001]/g, "").replace(/\r\n?/g, "\n");
  src = src.replace(/```([\s\S]*?)```/g, (_m, code: string) =>
    hold(`<pre class="sk-pre">${codeText(code.replace(/^\n/, "").replace(/\n$/, ""), names)}</pre>`, true),
  );
  src = src.replace(/`([^`\n]+)`/g, (_m, code: string) => hold(`<code class="sk-code">${codeText(code, names)}</code>`, false));
  src = src.replace(/<([^<>\n]+)>/g, (_m, inner: string) => hold(renderAngle(inner, names), false));

  const lines: Line[] = src.split("\n").map((line) => {
    const only = /^\s*\uE000(\d+)\uE001\s*$/.exec(line);
    if (only !== null && store[Number(only[1])]?.block === true) return { kind: "block", html: line.trim() };
    const quote = /^>\s?(.*)$/.exec(line);
    if (quote !== null) return { kind: "quote", html: inline(quote[1] ?? "") };
    const bullet = /^\s*[•-] (.*)$/.exec(line);
    if (bullet !== null) return { kind: "bullet", html: inline(bullet[1] ?? "") };
    return { kind: "text", html: inline(line) };
  });

  const out: string[] = [];
  for (let i = 0; i < lines.length; ) {
    const kind = lines[i]?.kind;
    const group: string[] = [];
    while (i < lines.length && lines[i]?.kind === kind) {
      group.push(lines[i]?.html ?? "");
      i++;
      if (kind === "block") break;
    }
    if (kind === "bullet") out.push(`<ul class="sk-list">${group.map((g) => `<li>${g}</li>`).join("")}</ul>`);
    else if (kind === "quote") out.push(`<blockquote class="sk-quote">${group.join("<br>")}</blockquote>`);
    else out.push(group.join("<br>"));
  }
  // Consecutive text runs are separated by block elements, which break lines themselves.
  return out.join("").replace(PLACEHOLDER, (_m, n: string) => store[Number(n)]?.html ?? "");
}
