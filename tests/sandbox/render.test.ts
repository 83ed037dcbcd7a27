// The sandbox renderer: mrkdwn, every block and element type, XSS safety, input errors, confirm
// dialogs, the data-attribute contract, view state collection (compatible with the fake Slack's
// valuesFor), and every view the app builds.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebClient } from "@slack/web-api";
import { DECISION_KINDS, REQUEST_TYPES } from "../../src/domain/types.js";
import { APPLY_BLOCK as B } from "../../src/core/ids.js";
import { SlackUserSimulator, stateValue } from "../../dev/fake-slack/client.js";
import { FakeSlack } from "../../dev/fake-slack/server.js";
import { renderBlocks, renderHome, renderMessage, renderModal, type RenderContext } from "../../dev/sandbox/render/blocks.js";
import { mrkdwnToHtml, plainTextToHtml, safeUrl } from "../../dev/sandbox/render/mrkdwn.js";
import { collectViewState, fieldName, formValueFromState, parseFieldName, type ViewStateField } from "../../dev/sandbox/render/state.js";
import { applyConfirmation, applyModal } from "../../src/views/apply-modal.js";
import { noticeModal } from "../../src/views/blocks.js";
import { decisionModal, infoAnswerModal, underlagModal, type UnderlagInfo } from "../../src/views/modals.js";
import { requestFixture } from "../helpers/fixtures.js";
import {
  applicantDecision,
  applicantQuestion,
  applicantReceipt,
  coordinatorMessage,
  threadDecision,
  threadInfoAnswered,
  threadInfoAsked,
} from "../../src/views/request.js";

// ─── A tiny HTML reader for the renderer's own (regular) output ──────────────────────────────────

const ATTRS = String.raw`((?:\s[a-z][a-z0-9-]*(?:="[^"]*")?)*)`;
const TAG = new RegExp(String.raw`<(/?)([a-z0-9]+)${ATTRS}\s*>`, "g");
const ALLOWED_TAGS = new Set([
  "a", "article", "blockquote", "br", "button", "code", "del", "div", "em", "fieldset", "figcaption", "figure", "footer",
  "form", "h1", "h2", "header", "hr", "input", "label", "li", "ol", "optgroup", "option", "pre", "select", "span",
  "strong", "textarea", "time", "u", "ul",
]);

function unescapeHtml(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

function parseAttrs(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of s.matchAll(/\s([a-z][a-z0-9-]*)(?:="([^"]*)")?/g)) if (m[1] !== undefined) out[m[1]] = m[2] === undefined ? "" : unescapeHtml(m[2]);
  return out;
}

interface Tag {
  name: string;
  attrs: Record<string, string>;
  /** The HTML after the start tag. */
  rest: string;
}

function startTags(html: string): Tag[] {
  const out: Tag[] = [];
  for (const m of html.matchAll(TAG)) {
    if (m[1] === "/" || m[2] === undefined) continue;
    out.push({ name: m[2], attrs: parseAttrs(m[3] ?? ""), rest: html.slice((m.index ?? 0) + m[0].length) });
  }
  return out;
}

/** Start tags with this attribute (and value, when given). */
function withAttr(html: string, name: string, value?: string): Tag[] {
  return startTags(html).filter((t) => t.attrs[name] !== undefined && (value === undefined || t.attrs[name] === value));
}

function one(html: string, name: string, value?: string): Tag {
  const found = withAttr(html, name, value);
  expect(found, `${name}=${value ?? "*"} in ${html.slice(0, 1500)}`).toHaveLength(1);
  return found[0] as Tag;
}

/** Text content up to the tag's end tag (tags removed, entities decoded). */
function textUntil(tag: Tag, end = tag.name): string {
  return unescapeHtml(tag.rest.slice(0, tag.rest.indexOf(`</${end}>`)).replace(TAG, ""));
}

/**
 * Markup comes only from allowed tags with well-formed, double-quoted attributes; no event-handler
 * attributes; hrefs are http(s)/mailto; outside tags no raw <, > or " is left.
 */
function expectSafe(html: string): void {
  const text = html.replace(TAG, (_m, _slash: string, name: string, attrs: string) => {
    expect(ALLOWED_TAGS.has(name), `tag <${name}>`).toBe(true);
    for (const [k, v] of Object.entries(parseAttrs(attrs))) {
      expect(k.startsWith("on"), `attribute ${k}`).toBe(false);
      expect(["style", "src", "srcdoc", "formaction", "action"]).not.toContain(k);
      if (k === "href") expect(v).toMatch(/^(https?:\/\/|mailto:)/i);
    }
    return "";
  });
  expect(text).not.toMatch(/[<>"]/);
}

/** What the browser script does (see the contract in blocks.ts): one field per [data-name] root. */
function browserFields(html: string): ViewStateField[] {
  const fields: ViewStateField[] = [];
  for (const t of withAttr(html, "data-name")) {
    const name = t.attrs["data-name"] ?? "";
    const type = t.attrs["data-type"] ?? "";
    const optionTextByValue: Record<string, string> = {};
    let value: string | string[] | null;
    if (t.name === "select") {
      const options = startTags(t.rest.slice(0, t.rest.indexOf("</select>"))).filter((o) => o.name === "option");
      for (const o of options) if (o.attrs["data-text"] !== undefined) optionTextByValue[o.attrs.value ?? ""] = o.attrs["data-text"];
      const selected = options.filter((o) => o.attrs.selected !== undefined).map((o) => o.attrs.value ?? "");
      value = t.attrs.multiple !== undefined ? selected : (selected[0] ?? options[0]?.attrs.value ?? "");
    } else if (t.name === "fieldset") {
      const inputs = startTags(t.rest.slice(0, t.rest.indexOf("</fieldset>"))).filter((i) => i.name === "input");
      for (const i of inputs) optionTextByValue[i.attrs.value ?? ""] = i.attrs["data-text"] ?? "";
      expect(inputs.every((i) => i.attrs.name === name)).toBe(true);
      const checked = inputs.filter((i) => i.attrs.checked !== undefined).map((i) => i.attrs.value ?? "");
      value = type === "checkboxes" ? checked : (checked[0] ?? null);
    } else if (t.name === "textarea") {
      value = textUntil(t);
    } else {
      value = t.attrs.value ?? "";
    }
    if (t.name !== "fieldset") expect(t.attrs.name).toBe(name);
    fields.push({ name, type, value, optionTextByValue });
  }
  return fields;
}

const MODAL: RenderContext = { surface: "modal" };
const render = (block: unknown, ctx: RenderContext = MODAL): string => renderBlocks([block], ctx);
const pt = (text: string) => ({ type: "plain_text", text });
const md = (text: string) => ({ type: "mrkdwn", text });
const opt = (value: string, text: string) => ({ text: pt(text), value });
const input = (blockId: string, element: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: "input",
  block_id: blockId,
  label: pt(`Etikett ${blockId}`),
  element,
  ...extra,
});

// ─── mrkdwn ─────────────────────────────────────────────────────────────────────────────────────

describe("mrkdwnToHtml", () => {
  it("formats bold, italic, strike and nested emphasis", () => {
    expect(mrkdwnToHtml("*fet* _kursiv_ ~struken~")).toBe("<strong>fet</strong> <em>kursiv</em> <del>struken</del>");
    expect(mrkdwnToHtml("*_båda_*")).toBe("<strong><em>båda</em></strong>");
    expect(mrkdwnToHtml("(*a*), *b*.")).toBe("(<strong>a</strong>), <strong>b</strong>.");
  });

  it("leaves markers inside words and unmatched markers alone", () => {
    expect(mrkdwnToHtml("snake_case_name 2*3*4 * x * a_")).toBe("snake_case_name 2*3*4 * x * a_");
  });

  it("renders inline code and pre blocks without formatting inside", () => {
    expect(mrkdwnToHtml("kör `a *b* <c>` nu")).toBe('kör <code class="sk-code">a *b* &lt;c&gt;</code> nu');
    expect(mrkdwnToHtml("före\n```\nrad 1 *x*\n<https://e.se|länk>\n```\nefter")).toBe(
      'före<pre class="sk-pre">rad 1 *x*\nlänk</pre>efter',
    );
  });

  it("renders links, only with http(s) and mailto hrefs", () => {
    expect(mrkdwnToHtml("<https://example.se/a?b=1&amp;c=2|Läs här>")).toBe(
      '<a href="https://example.se/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer nofollow">Läs här</a>',
    );
    expect(mrkdwnToHtml("<http://example.se>")).toMatch(/href="http:\/\/example.se"[^>]*>http:\/\/example.se<\/a>/);
    expect(mrkdwnToHtml("<mailto:a@b.se|mejla>")).toContain('href="mailto:a@b.se"');
    for (const bad of ["<javascript:alert(1)|klick>", "<JavaScript:alert(1)>", "<data:text/html,<b>x</b>|x>", "<vbscript:x|x>", "<//evil.se|x>", "<ftp://x.se|x>"]) {
      const html = mrkdwnToHtml(bad);
      expect(html, bad).not.toContain("href");
      expectSafe(html);
    }
    expect(safeUrl("https://x.se/ a")).toBeNull();
    expect(safeUrl(" javascript:alert(1)")).toBeNull();
  });

  it("renders user, channel and special mentions (ids must look like ids)", () => {
    expect(mrkdwnToHtml('<@U1" x>')).toBe("&lt;@U1&quot; x&gt;");
    expect(mrkdwnToHtml("<@U123>")).toBe('<span class="mention" data-user-id="U123">@U123</span>');
    expect(mrkdwnToHtml("<#C123>")).toBe('<span class="mention channel" data-channel-id="C123">#C123</span>');
    expect(mrkdwnToHtml("<#C123|allmänt>")).toBe('<span class="mention channel" data-channel-id="C123">#allmänt</span>');
    expect(mrkdwnToHtml("<!here> <!channel>")).toBe('<span class="mention special">@here</span> <span class="mention special">@channel</span>');
    expect(mrkdwnToHtml("<!date^1392734382^{date}|Feb 18, 2014>")).toContain("Feb 18, 2014");
  });

  it("renders blockquotes, bullet lists and line breaks", () => {
    expect(mrkdwnToHtml("rad 1\nrad 2")).toBe("rad 1<br>rad 2");
    expect(mrkdwnToHtml("> citat *fet*\n> mer\nefter")).toBe('<blockquote class="sk-quote">citat <strong>fet</strong><br>mer</blockquote>efter');
    expect(mrkdwnToHtml("Lista:\n• ett\n- två\nslut")).toBe('Lista:<ul class="sk-list"><li>ett</li><li>två</li></ul>slut');
  });

  it("decodes Slack's own escapes exactly once (an escaped > is not a quote)", () => {
    expect(mrkdwnToHtml("Noomi &lt;Akutboende&gt; &amp; Hela")).toBe("Noomi &lt;Akutboende&gt; &amp; Hela");
    expect(mrkdwnToHtml("&amp;lt;")).toBe("&amp;lt;");
    expect(mrkdwnToHtml("&gt; inte citat")).toBe("&gt; inte citat");
  });

  it("converts known emoji and keeps unknown shortcodes", () => {
    expect(mrkdwnToHtml(":white_check_mark: klar :okand_emoji:")).toBe('<span class="emoji" title=":white_check_mark:">✅</span> klar :okand_emoji:');
  });

  const HOSTILE = [
    "<script>alert(1)</script>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    '<https://x.se" onerror="alert(1)|bild>',
    "<https://x.se/\"onmouseover=alert(1)>",
    '" onerror="alert(1)',
    "' onerror='alert(1)",
    "<img src=x onerror=alert(1)>",
    "*<img src=x onerror=alert(1)>*",
    "`<script>x</script>`",
    "```<script>x</script>```",
    "<@U1\" onclick=\"x> <#C1|<b>x</b>> <!subteam^S1|<i>x</i>>",
    "> <iframe src=javascript:alert(1)>",
    "• <svg onload=alert(1)>",
    "\uE0000\uE001 placeholder forgery \uE000",
    "<https://ok.se|<script>alert(1)</script>>",
  ];

  it.each(HOSTILE)("can never produce markup from %j", (text) => {
    const html = mrkdwnToHtml(text);
    expect(html).not.toMatch(/<script|<img|<iframe|<svg|<i>|<b>/i);
    expect(html).not.toMatch(/\son[a-z]+="/i);
    expectSafe(html);
    expectSafe(plainTextToHtml(text));
  });
});

describe("plainTextToHtml", () => {
  it("escapes everything, keeps * and _ literal, converts newlines and emoji", () => {
    expect(plainTextToHtml('*a* <b> "c" & \'d\'\nny :tada:')).toBe(
      '*a* &lt;b&gt; &quot;c&quot; &amp; &#39;d&#39;<br>ny <span class="emoji" title=":tada:">🎉</span>',
    );
    expect(plainTextToHtml(":tada:", { emoji: false })).toBe(":tada:");
  });
});

// ─── Blocks ─────────────────────────────────────────────────────────────────────────────────────

describe("renderBlocks: blocks", () => {
  it("wraps blocks in a surface root with data-block-type and data-block-id", () => {
    const html = renderBlocks([{ type: "divider", block_id: "d1" }], { surface: "home" });
    expect(one(html, "data-surface").attrs["data-surface"]).toBe("home");
    expect(one(html, "data-block-type", "divider").attrs["data-block-id"]).toBe("d1");
    expect(html).toContain('<hr class="sk-divider">');
  });

  it("section: mrkdwn text, fields and accessory", () => {
    const html = render({
      type: "section",
      block_id: "s1",
      text: md("*Rubrik* text"),
      fields: [md("*Fält*\nett"), pt("två *inte fet*")],
      accessory: { type: "button", action_id: "acc", text: pt("Knapp"), value: "v" },
    });
    expect(html).toContain("<strong>Rubrik</strong> text");
    expect(html).toContain('<div class="sk-section__field"><strong>Fält</strong><br>ett</div>');
    expect(html).toContain('<div class="sk-section__field">två *inte fet*</div>');
    const button = one(html, "data-action-id", "acc");
    expect(button.attrs).toMatchObject({ "data-block-id": "s1", "data-type": "button", "data-value": "v" });
    expectSafe(html);
  });

  it("header", () => {
    expect(render({ type: "header", text: pt("Rubrik <x>") })).toContain('<h2 class="sk-header__text">Rubrik &lt;x&gt;</h2>');
  });

  it("context: text and images as alt text (never loaded)", () => {
    const html = render({
      type: "context",
      elements: [md("_liten_ text"), { type: "image", image_url: "https://x.se/a.png", alt_text: "logga" }, { type: "image", image_url: "javascript:x", alt_text: "ond" }],
    });
    expect(html).toContain("<em>liten</em> text");
    expect(html).toContain("🖼 logga");
    expect(html).not.toMatch(/<img/);
    expect(one(html, "aria-label", "logga").attrs["data-image-url"]).toBe("https://x.se/a.png");
    expect(one(html, "aria-label", "ond").attrs["data-image-url"]).toBeUndefined();
  });

  it("divider and image block", () => {
    const html = render({ type: "image", image_url: "https://x.se/b.png", alt_text: "diagram", title: pt("Titel") });
    expect(html).toContain("🖼 diagram");
    expect(html).toContain('<figcaption class="sk-image-block__title">Titel</figcaption>');
    expect(html).not.toMatch(/<img/);
  });

  it("actions: every element gets data-action-id, data-block-id, data-type", () => {
    const html = render({
      type: "actions",
      block_id: "act",
      elements: [
        { type: "button", action_id: "b1", text: pt("Ett") },
        { type: "static_select", action_id: "s1", options: [opt("a", "A")] },
        { type: "datepicker", action_id: "d1" },
        { type: "overflow", action_id: "o1", options: [opt("x", "X")] },
      ],
    });
    for (const [id, type] of [["b1", "button"], ["s1", "static_select"], ["d1", "datepicker"], ["o1", "overflow"]] as const) {
      expect(one(html, "data-action-id", id).attrs).toMatchObject({ "data-block-id": "act", "data-type": type });
    }
    // outside input blocks, everything dispatches
    expect(one(html, "data-action-id", "b1").attrs["data-dispatch"]).toBe("click");
    expect(one(html, "data-action-id", "s1").attrs["data-dispatch"]).toBe("change");
    expect(one(html, "data-action-id", "d1").attrs["data-dispatch"]).toBe("change");
    expect(one(html, "data-action-id", "o1").attrs["data-dispatch"]).toBe("change");
  });

  it("input: label, hint, optional, error under the field, dispatch_action", () => {
    const block = input(
      "reason",
      { type: "plain_text_input", action_id: "reason_in", multiline: true },
      { hint: pt("Skriv inga namn"), optional: true, dispatch_action: true },
    );
    const html = render(block, { surface: "modal", errors: { reason: "Motiveringen saknas <b>" } });
    expect(html).toContain("Etikett reason");
    expect(html).toContain("(valfritt)");
    const error = one(html, "data-error-for", "reason");
    expect(error.attrs.role).toBe("alert");
    expect(textUntil(error, "div")).toBe("Motiveringen saknas <b>");
    // the error comes right after the element and before the hint
    expect(html.indexOf("</textarea>")).toBeLessThan(html.indexOf("data-error-for"));
    expect(html.indexOf("data-error-for")).toBeLessThan(html.indexOf("Skriv inga namn"));
    expect(one(html, "data-block-type", "input").attrs.class).toContain("sk-input--error");
    const field = one(html, "data-action-id", "reason_in");
    expect(field.attrs).toMatchObject({ "data-invalid": "true", "aria-invalid": "true", "data-dispatch": "enter" });
    expectSafe(html);

    const plain = render(input("x", { type: "plain_text_input", action_id: "x" }), { surface: "modal", errors: { other: "fel" } });
    expect(plain).not.toContain("data-error-for");
    expect(plain).not.toContain("(valfritt)");
    expect(one(plain, "data-action-id", "x").attrs["data-dispatch"]).toBeUndefined();
    expect(one(plain, "data-action-id", "x").attrs["data-invalid"]).toBeUndefined();
  });

  it("input: dispatch triggers from dispatch_action_config", () => {
    const html = render(
      input(
        "t",
        { type: "plain_text_input", action_id: "t", dispatch_action_config: { trigger_actions_on: ["on_character_entered", "on_enter_pressed"] } },
        { dispatch_action: true },
      ),
    );
    expect(one(html, "data-action-id", "t").attrs["data-dispatch"]).toBe("character enter");
    const select = render(input("s", { type: "static_select", action_id: "s", options: [opt("a", "A")] }, { dispatch_action: true }));
    expect(one(select, "data-action-id", "s").attrs["data-dispatch"]).toBe("change");
  });

  it("rich_text: sections with styles, lists, quote, preformatted", () => {
    const html = render({
      type: "rich_text",
      elements: [
        {
          type: "rich_text_section",
          elements: [
            { type: "text", text: "fet", style: { bold: true } },
            { type: "text", text: " kursiv", style: { italic: true } },
            { type: "text", text: " struken", style: { strike: true } },
            { type: "text", text: " kod", style: { code: true } },
            { type: "link", url: "https://x.se", text: "länk" },
            { type: "link", url: "javascript:alert(1)", text: "ond" },
            { type: "user", user_id: "U1" },
            { type: "channel", channel_id: "C1" },
            { type: "emoji", name: "tada", unicode: "1f389" },
            { type: "text", text: "<script>" },
          ],
        },
        { type: "rich_text_list", style: "ordered", elements: [{ type: "rich_text_section", elements: [{ type: "text", text: "ett" }] }] },
        { type: "rich_text_list", style: "bullet", indent: 1, elements: [{ type: "rich_text_section", elements: [{ type: "text", text: "punkt" }] }] },
        { type: "rich_text_quote", elements: [{ type: "text", text: "citat" }] },
        { type: "rich_text_preformatted", elements: [{ type: "text", text: "a\n  b" }] },
      ],
    });
    expect(html).toContain("<strong>fet</strong><em> kursiv</em><del> struken</del>");
    expect(html).toContain('<code class="sk-code"> kod</code>');
    expect(html).toContain('<a href="https://x.se" target="_blank" rel="noopener noreferrer nofollow">länk</a>');
    expect(html).toContain('<span class="unsafe-link">ond</span>');
    expect(html).toContain('data-user-id="U1">@U1</span>');
    expect(html).toContain("🎉");
    expect(html).toContain("&lt;script&gt;");
    expect(html).toMatch(/<ol[^>]*><li>ett<\/li><\/ol>/);
    expect(html).toMatch(/<ul class="sk-list sk-rt-list sk-rt-list--indent-1"[^>]*><li>punkt<\/li><\/ul>/);
    expect(html).toContain('<blockquote class="sk-quote">citat</blockquote>');
    expect(html).toContain('<pre class="sk-pre">a<br>  b</pre>');
    expect(html).not.toContain("[okänt");
    expectSafe(html);
  });

  it("unknown or malformed blocks and elements render a placeholder instead of throwing", () => {
    const html = renderBlocks(
      [
        { type: "video", title: pt("x") },
        null,
        "text",
        { type: "<script>" },
        { type: "actions", elements: [{ type: "workflow_button", action_id: "w" }, 42] },
      ],
      MODAL,
    );
    expect(html).toContain("[okänt block: video]");
    expect(html).toContain("[okänt block: ?]");
    expect(html).toContain("[okänt block: &lt;script&gt;]");
    expect(html).toContain("[okänt element: workflow_button]");
    expect(html).toContain("[okänt element: ?]");
    expectSafe(html);
  });
});

describe("renderBlocks: elements", () => {
  const el = (element: Record<string, unknown>, ctx: RenderContext = MODAL) => {
    const html = render(input("blk", { action_id: "act", ...element }), ctx);
    expectSafe(html);
    return { html, tag: one(html, "data-action-id", "act") };
  };

  it("button: style, value, url, accessibility label", () => {
    const html = render({
      type: "actions",
      block_id: "a",
      elements: [
        { type: "button", action_id: "p", text: pt("Bevilja"), style: "primary", value: "7" },
        { type: "button", action_id: "d", text: pt("Avslå"), style: "danger", value: "7" },
        { type: "button", action_id: "u", text: pt("Öppna"), url: "https://x.se/a?b=1" },
        { type: "button", action_id: "bad", text: pt("Ond"), url: "javascript:alert(1)", style: "weird" },
      ],
    });
    expect(one(html, "data-action-id", "p").attrs).toMatchObject({ class: "sk-button sk-button--primary", "data-style": "primary", "data-value": "7", type: "button" });
    expect(one(html, "data-action-id", "d").attrs).toMatchObject({ class: "sk-button sk-button--danger", "data-style": "danger" });
    expect(one(html, "data-action-id", "u").attrs["data-url"]).toBe("https://x.se/a?b=1");
    expect(one(html, "data-action-id", "u").attrs["data-value"]).toBeUndefined();
    const bad = one(html, "data-action-id", "bad");
    expect(bad.attrs["data-url"]).toBeUndefined();
    expect(bad.attrs.class).toBe("sk-button");
    expect(bad.attrs.name).toBeUndefined();
    expect(textUntil(one(html, "data-action-id", "p"))).toBe("Bevilja");
  });

  it("button confirm dialog → data-confirm JSON", () => {
    const html = render({
      type: "actions",
      block_id: "a",
      elements: [
        {
          type: "button",
          action_id: "deny",
          text: pt("Avslå"),
          confirm: { title: pt("Säker?"), text: md("Vill du *avslå* <@U1>? \"x\""), confirm: pt("Ja, avslå"), deny: pt("Nej"), style: "danger" },
        },
        { type: "overflow", action_id: "o", options: [opt("x", "X")], confirm: { title: pt("T"), text: pt("t"), confirm: pt("c"), deny: pt("d") } },
      ],
    });
    const tag = one(html, "data-action-id", "deny");
    expect(JSON.parse(tag.attrs["data-confirm"] ?? "")).toEqual({
      title: "Säker?",
      text: 'Vill du *avslå* <@U1>? "x"',
      textHtml: 'Vill du <strong>avslå</strong> <span class="mention" data-user-id="U1">@U1</span>? &quot;x&quot;',
      confirm: "Ja, avslå",
      deny: "Nej",
      style: "danger",
    });
    expect(JSON.parse(one(html, "data-action-id", "o").attrs["data-confirm"] ?? "")).toMatchObject({ title: "T", confirm: "c", deny: "d" });
    expectSafe(html);
  });

  it("static_select: options, option_groups, initial_option, placeholder", () => {
    const { html, tag } = el({
      type: "static_select",
      placeholder: pt("Välj typ"),
      option_groups: [
        { label: pt("Grupp 1"), options: [opt("a", "Alfa"), opt("b", "Beta")] },
        { label: pt("Grupp 2"), options: [opt("c", "Gamma <c>")] },
      ],
      initial_option: opt("b", "Beta"),
    });
    expect(tag.name).toBe("select");
    expect(tag.attrs).toMatchObject({ name: "blk/act", "data-name": "blk/act", "data-type": "static_select", "data-block-id": "blk" });
    expect(html).toContain('<optgroup label="Grupp 1">');
    expect(textUntil(one(html, "value", ""))).toBe("Välj typ");
    expect(one(html, "value", "b").attrs.selected).toBe("");
    expect(one(html, "value", "a").attrs.selected).toBeUndefined();
    expect(one(html, "value", "c").attrs["data-text"]).toBe("Gamma <c>");

    const plain = el({ type: "static_select", options: [opt("a", "A")] }).html;
    expect(one(plain, "value", "").attrs.selected).toBe("");
  });

  it("multi_static_select: multiple, initial_options, max_selected_items", () => {
    const { html, tag } = el({ type: "multi_static_select", options: [opt("a", "A"), opt("b", "B"), opt("c", "C")], initial_options: [opt("a", "A"), opt("c", "C")], max_selected_items: 2 });
    expect(tag.attrs).toMatchObject({ multiple: "", "data-max-selected": "2", "data-type": "multi_static_select" });
    expect(withAttr(html, "selected").map((t) => t.attrs.value)).toEqual(["a", "c"]);
  });

  it("external_select: a disabled placeholder", () => {
    const { html, tag } = el({ type: "external_select", placeholder: pt("Sök"), min_query_length: 2 });
    expect(tag.attrs.disabled).toBe("");
    expect(html).toContain("Sök (extern lista, ej i sandlådan)");
  });

  it.each([
    ["users_select", "initial_user", "U0ABC"],
    ["conversations_select", "initial_conversation", "C0ABC"],
    ["channels_select", "initial_channel", "C0DEF"],
  ])("%s: a text input for an id", (type, initialKey, id) => {
    const { tag } = el({ type, [initialKey]: id, placeholder: pt("Välj") });
    expect(tag.name).toBe("input");
    expect(tag.attrs).toMatchObject({ type: "text", value: id, "data-type": type, name: "blk/act" });
    expect(tag.attrs.placeholder).toMatch(/^Välj \(/);
  });

  it("multi_users_select: ids separated by commas", () => {
    expect(el({ type: "multi_users_select", initial_users: ["U1", "U2"] }).tag.attrs.value).toBe("U1, U2");
  });

  it("datepicker, timepicker, datetimepicker", () => {
    expect(el({ type: "datepicker", initial_date: "2016-09-01" }).tag.attrs).toMatchObject({ type: "date", value: "2016-09-01" });
    expect(el({ type: "datepicker" }).tag.attrs.value).toBeUndefined();
    expect(el({ type: "timepicker", initial_time: "08:30" }).tag.attrs).toMatchObject({ type: "time", value: "08:30" });
    // 2016-09-01 08:30 in Stockholm (CEST, UTC+2)
    const at = Date.UTC(2016, 8, 1, 6, 30) / 1000;
    expect(el({ type: "datetimepicker", initial_date_time: at }).tag.attrs).toMatchObject({ type: "datetime-local", value: "2016-09-01T08:30" });
  });

  it("plain_text_input: single line, multiline, lengths, initial value (escaped)", () => {
    const single = el({ type: "plain_text_input", initial_value: '"><script>x</script>', min_length: 2, max_length: 12, placeholder: pt("NSP001") }).tag;
    expect(single.attrs).toMatchObject({ type: "text", value: '"><script>x</script>', minlength: "2", maxlength: "12", placeholder: "NSP001" });
    const { tag, html } = el({ type: "plain_text_input", multiline: true, initial_value: "rad1\n</textarea><b>" });
    expect(tag.name).toBe("textarea");
    expect(textUntil(tag)).toBe("rad1\n</textarea><b>");
    expect(html).toContain("rad1\n&lt;/textarea&gt;&lt;b&gt;</textarea>");
  });

  it("number_input: decimals, min, max, initial value", () => {
    const int = el({ type: "number_input", is_decimal_allowed: false, min_value: "0", max_value: "20", initial_value: "3" }).tag;
    expect(int.attrs).toMatchObject({ type: "number", step: "1", min: "0", max: "20", value: "3", "data-decimal": "false", "data-type": "number_input" });
    expect(el({ type: "number_input", is_decimal_allowed: true }).tag.attrs).toMatchObject({ step: "any", "data-decimal": "true", inputmode: "decimal" });
  });

  it("email_text_input and url_text_input", () => {
    expect(el({ type: "email_text_input", initial_value: "a@b.se" }).tag.attrs).toMatchObject({ type: "email", value: "a@b.se" });
    expect(el({ type: "url_text_input" }).tag.attrs).toMatchObject({ type: "url", "data-type": "url_text_input" });
  });

  it("checkboxes and radio_buttons: a fieldset of inputs sharing the field name", () => {
    const cb = el({
      type: "checkboxes",
      options: [{ text: md("*Ja* tack"), value: "yes", description: pt("förklaring") }, opt("no", "Nej")],
      initial_options: [{ text: md("*Ja* tack"), value: "yes" }],
    });
    expect(cb.tag.name).toBe("fieldset");
    expect(cb.tag.attrs).toMatchObject({ "data-type": "checkboxes", "data-name": "blk/act" });
    expect(cb.tag.attrs.name).toBeUndefined();
    expect(one(cb.html, "value", "yes").attrs).toMatchObject({ type: "checkbox", name: "blk/act", checked: "", "data-text": "*Ja* tack" });
    expect(one(cb.html, "value", "no").attrs.checked).toBeUndefined();
    expect(cb.html).toContain("<strong>Ja</strong> tack");
    expect(cb.html).toContain("förklaring");

    const radio = el({ type: "radio_buttons", options: [opt("a", "A"), opt("b", "B")], initial_option: opt("b", "B") });
    expect(one(radio.html, "value", "b").attrs).toMatchObject({ type: "radio", name: "blk/act", checked: "" });
  });

  it("overflow: a select of actions without a field name", () => {
    const html = render({
      type: "section",
      block_id: "s",
      text: pt("x"),
      accessory: { type: "overflow", action_id: "more", options: [opt("edit", "Ändra"), { text: pt("Webb"), value: "web", url: "https://x.se" }] },
    });
    const tag = one(html, "data-action-id", "more");
    expect(tag.attrs).toMatchObject({ "data-type": "overflow", "data-block-id": "s", "data-dispatch": "change" });
    expect(tag.attrs.name).toBeUndefined();
    expect(tag.attrs["data-name"]).toBeUndefined();
    expect(one(html, "value", "").attrs.selected).toBe("");
    expect(one(html, "value", "web").attrs["data-url"]).toBe("https://x.se");
  });

  it("image element as an accessory", () => {
    const html = render({ type: "section", text: pt("x"), accessory: { type: "image", image_url: "https://x.se/i.png", alt_text: "foto" } });
    expect(html).toContain("🖼 foto");
    expect(html).not.toContain("data-action-id");
  });

  it("ids are URI-encoded in field names; missing ids are empty strings", () => {
    const html = render(input("a/b", { type: "plain_text_input", action_id: "c d" }));
    expect(one(html, "data-action-id", "c d").attrs).toMatchObject({ name: "a%2Fb/c%20d", "data-block-id": "a/b" });
    expect(parseFieldName("a%2Fb/c%20d")).toEqual({ blockId: "a/b", actionId: "c d" });
    const noIds = render({ type: "actions", elements: [{ type: "button", text: pt("x") }] });
    expect(one(noIds, "data-type", "button").attrs).toMatchObject({ "data-action-id": "", "data-block-id": "" });
  });

  it("shows the stored state instead of the initial value (as Slack keeps typed input)", () => {
    const blocks = [
      input("t", { type: "plain_text_input", action_id: "t", initial_value: "start" }),
      input("s", { type: "static_select", action_id: "s", options: [opt("a", "A"), opt("b", "B")], initial_option: opt("a", "A") }),
      input("c", { type: "checkboxes", action_id: "c", options: [opt("x", "X"), opt("y", "Y")], initial_options: [opt("x", "X")] }),
      input("d", { type: "datepicker", action_id: "d", initial_date: "2016-01-01" }),
      input("u", { type: "users_select", action_id: "u" }),
    ];
    const state = {
      t: { t: stateValue.text("ändrad") },
      s: { s: stateValue.select("b", "B") },
      c: { c: stateValue.checkboxes(["y"]) },
      d: { d: stateValue.date(null) },
      u: { u: stateValue.user("U9") },
    };
    const html = renderBlocks(blocks, { surface: "modal", state });
    expect(one(html, "data-action-id", "t").attrs.value).toBe("ändrad");
    expect(withAttr(html, "selected").map((t) => t.attrs.value)).toEqual(["b"]);
    expect(withAttr(html, "checked").map((t) => t.attrs.value)).toEqual(["y"]);
    expect(one(html, "data-action-id", "d").attrs.value).toBeUndefined();
    expect(one(html, "data-action-id", "u").attrs.value).toBe("U9");
  });

  it("escapes hostile text everywhere in blocks", () => {
    const evil = '"><script>alert(1)</script><img src=x onerror=alert(1)>';
    const html = renderBlocks(
      [
        { type: "header", text: pt(evil) },
        { type: "section", block_id: evil, text: md(evil), fields: [pt(evil)], accessory: { type: "button", action_id: evil, text: pt(evil), value: evil, url: evil } },
        input(evil, { type: "static_select", action_id: evil, placeholder: pt(evil), options: [opt(evil, evil)], initial_option: opt(evil, evil) }, { hint: pt(evil) }),
        input("b2", { type: "checkboxes", action_id: "c", options: [{ text: md(evil), value: evil, description: md(evil) }] }),
        { type: "context", elements: [md(evil), { type: "image", image_url: evil, alt_text: evil }] },
        { type: "image", image_url: evil, alt_text: evil, title: pt(evil) },
        { type: evil },
      ],
      { surface: "modal", errors: { [evil]: evil } },
    );
    expect(html).not.toMatch(/<script|<img/i);
    expectSafe(html);
    expect(one(html, "data-type", "button").attrs["data-value"]).toBe(evil);
  });
});

// ─── Surfaces ───────────────────────────────────────────────────────────────────────────────────

describe("renderModal, renderHome, renderMessage", () => {
  it("modal: title bar, blocks, close and submit buttons with data-view-action", () => {
    const html = renderModal(
      {
        type: "modal",
        callback_id: "cb",
        title: pt("Ansök <hos> NSP"),
        submit: pt("Skicka"),
        close: pt("Avbryt"),
        blocks: [input("x", { type: "plain_text_input", action_id: "x" })],
        private_metadata: "{}",
      },
      { viewId: "V123", errors: { x: "Fel här" } },
    );
    const root = one(html, "data-view-type", "modal");
    expect(root.attrs).toMatchObject({ "data-view-id": "V123", "data-callback-id": "cb", role: "dialog" });
    expect(html).toContain("Ansök &lt;hos&gt; NSP");
    const submit = one(html, "data-view-action", "submit");
    expect(submit.attrs).toMatchObject({ "data-view-id": "V123", type: "button" });
    expect(textUntil(submit)).toBe("Skicka");
    expect(withAttr(html, "data-view-action", "close").map((t) => t.attrs["data-view-id"])).toEqual(["V123", "V123"]);
    expect(one(html, "data-error-for", "x")).toBeDefined();
    expect(one(html, "method", "dialog").attrs["data-view-id"]).toBe("V123");
    expect(one(html, "data-surface").attrs["data-surface"]).toBe("modal");
    expectSafe(html);
  });

  it("modal without submit has only close; submit_disabled disables it; stored state is shown", () => {
    const noSubmit = renderModal({ title: pt("Info"), close: pt("Stäng"), blocks: [] }, { viewId: "V1" });
    expect(withAttr(noSubmit, "data-view-action", "submit")).toHaveLength(0);
    const disabled = renderModal(
      {
        title: pt("T"),
        submit: pt("OK"),
        submit_disabled: true,
        blocks: [input("x", { type: "plain_text_input", action_id: "x" })],
        state: { values: { x: { x: stateValue.text("typat") } } },
      },
      { viewId: "V2" },
    );
    expect(one(disabled, "data-view-action", "submit").attrs.disabled).toBe("");
    expect(one(disabled, "data-action-id", "x").attrs.value).toBe("typat");
  });

  it("home view", () => {
    const html = renderHome({ type: "home", blocks: [{ type: "header", text: pt("Hem") }] }, { viewId: "VH" });
    expect(one(html, "data-view-type", "home").attrs["data-view-id"]).toBe("VH");
    expect(one(html, "data-surface").attrs["data-surface"]).toBe("home");
  });

  it("message: blocks, or the mrkdwn text when it has none; author, time, replies", () => {
    const withBlocks = renderMessage({ ts: "1472716800.000100", user: "U1", text: "fallback", blocks: [{ type: "section", text: md("*blocks*") }], channel: "C1", reply_count: 2 });
    const root = one(withBlocks, "data-message-ts", "1472716800.000100");
    expect(root.attrs).toMatchObject({ "data-user": "U1", "data-channel": "C1" });
    expect(withBlocks).toContain("<strong>blocks</strong>");
    expect(withBlocks).not.toContain("fallback");
    expect(withBlocks).toContain(">10:00</time>"); // 2016-09-01 08:00 UTC = 10:00 in Stockholm
    expect(one(withBlocks, "data-message-action", "open-thread").attrs["data-thread-ts"]).toBe("1472716800.000100");
    expect(one(withBlocks, "data-surface").attrs["data-surface"]).toBe("message");

    const textOnly = renderMessage({ ts: "1.2", bot: true, text: "Hej *du* <script>", blocks: [] });
    expect(textOnly).toContain("Hej <strong>du</strong> &lt;script&gt;");
    expect(one(textOnly, "data-message-ts", "1.2").attrs["data-bot"]).toBe("true");
    expect(withAttr(textOnly, "data-message-action")).toHaveLength(0);
    expectSafe(withBlocks);
    expectSafe(textOnly);
  });
});

// ─── State ──────────────────────────────────────────────────────────────────────────────────────

describe("collectViewState", () => {
  const f = (name: string, type: string, value: string | string[] | null, optionTextByValue?: Record<string, string>): ViewStateField => ({
    name,
    type,
    value,
    ...(optionTextByValue ? { optionTextByValue } : {}),
  });

  it("produces Slack's view.state.values shape for every element type (as the fake's stateValue)", () => {
    const values = collectViewState([
      f("text/t", "plain_text_input", "hej"),
      f("empty/t", "plain_text_input", ""),
      f("num/n", "number_input", "12"),
      f("email/e", "email_text_input", "a@b.se"),
      f("url/u", "url_text_input", "https://x.se"),
      f("date/d", "datepicker", "2016-09-01"),
      f("nodate/d", "datepicker", ""),
      f("time/t", "timepicker", "08:30"),
      f("sel/s", "static_select", "rest", { rest: "Vila" }),
      f("nosel/s", "static_select", ""),
      f("multi/m", "multi_static_select", ["a", "b"]),
      f("cb/c", "checkboxes", ["x"]),
      f("nocb/c", "checkboxes", []),
      f("radio/r", "radio_buttons", "yes"),
      f("noradio/r", "radio_buttons", null),
      f("user/u", "users_select", "U123"),
      f("users/u", "multi_users_select", "U1, U2 U3"),
      f("conv/c", "conversations_select", "C1"),
      f("chan/c", "channels_select", "C2"),
    ]);
    expect(values).toEqual({
      text: { t: stateValue.text("hej") },
      empty: { t: stateValue.text(null) },
      num: { n: stateValue.number("12") },
      email: { e: stateValue.email("a@b.se") },
      url: { u: stateValue.url("https://x.se") },
      date: { d: stateValue.date("2016-09-01") },
      nodate: { d: stateValue.date(null) },
      time: { t: stateValue.time("08:30") },
      sel: { s: stateValue.select("rest", "Vila") },
      nosel: { s: { type: "static_select", selected_option: null } },
      multi: { m: stateValue.multiSelect(["a", "b"]) },
      cb: { c: stateValue.checkboxes(["x"]) },
      nocb: { c: stateValue.checkboxes([]) },
      radio: { r: stateValue.radio("yes") },
      noradio: { r: stateValue.radio(null) },
      user: { u: stateValue.user("U123") },
      users: { u: stateValue.users(["U1", "U2", "U3"]) },
      conv: { c: stateValue.conversation("C1") },
      chan: { c: stateValue.channel("C2") },
    });
  });

  it("datetimepicker, rich text and unknown types", () => {
    const at = Date.UTC(2016, 8, 1, 6, 30) / 1000;
    expect(collectViewState([f("a/b", "datetimepicker", "2016-09-01T08:30")])).toEqual({ a: { b: { type: "datetimepicker", selected_date_time: at } } });
    expect(collectViewState([f("a/b", "datetimepicker", String(at))]).a?.b).toEqual({ type: "datetimepicker", selected_date_time: at });
    expect(collectViewState([f("a/b", "datetimepicker", "")]).a?.b).toEqual({ type: "datetimepicker", selected_date_time: null });
    expect(collectViewState([f("a/b", "something_new", "v")]).a?.b).toEqual({ type: "something_new", value: "v" });
  });

  it("merges fields with the same name and groups actions by block", () => {
    expect(collectViewState([f("b/c", "checkboxes", "x", { x: "X" }), f("b/c", "checkboxes", "y"), f("b/other", "plain_text_input", "t")])).toEqual({
      b: {
        c: { type: "checkboxes", selected_options: [{ text: { type: "plain_text", text: "X" }, value: "x" }, { text: { type: "plain_text", text: "y" }, value: "y" }] },
        other: stateValue.text("t"),
      },
    });
  });

  it("copies the element's own option objects when given the blocks", () => {
    const option = { text: { type: "plain_text", text: "Vila", emoji: true }, value: "rest", description: pt("d") };
    const blocks = [input("kind", { type: "static_select", action_id: "k", options: [option] })];
    expect(collectViewState([f("kind/k", "static_select", "rest")], { blocks })).toEqual({ kind: { k: { type: "static_select", selected_option: option } } });
  });

  it("rejects malformed field names; fieldName/parseFieldName round-trip", () => {
    expect(() => collectViewState([f("noslash", "plain_text_input", "x")])).toThrow(/not "<block_id>\/<action_id>"/);
    expect(parseFieldName(fieldName("a/b%", "c/d"))).toEqual({ blockId: "a/b%", actionId: "c/d" });
  });

  it("formValueFromState reads every state shape back", () => {
    expect(formValueFromState(stateValue.text("x"))).toBe("x");
    expect(formValueFromState(stateValue.select("a"))).toBe("a");
    expect(formValueFromState(stateValue.select(null))).toBeNull();
    expect(formValueFromState(stateValue.multiSelect(["a", "b"]))).toEqual(["a", "b"]);
    expect(formValueFromState(stateValue.date("2016-01-01"))).toBe("2016-01-01");
    expect(formValueFromState(stateValue.time("10:00"))).toBe("10:00");
    expect(formValueFromState(stateValue.users(["U1"]))).toEqual(["U1"]);
    expect(formValueFromState(stateValue.channel("C1"))).toBe("C1");
    expect(formValueFromState({ type: "datetimepicker", selected_date_time: 5 })).toBe("5");
    expect(formValueFromState("nonsense")).toBeUndefined();
  });
});

// ─── Against the fake Slack and the app's real views ────────────────────────────────────────────

const SECRET_TEXT = "Hemlig fritext om personen";

// The views' shared fixture with a hostile justification (it must never become markup).
const request = (overrides: Partial<UnderlagInfo> = {}): UnderlagInfo => requestFixture(`${SECRET_TEXT} <script>alert(1)</script>`, overrides);

const STATES: Partial<UnderlagInfo>[] = [
  {},
  { status: "under_review", infoRequests: [{ id: 1, askedAt: new Date(), answeredAt: null, question: "Fråga?", answer: null }] },
  {
    status: "under_review",
    infoRequests: [{ id: 1, askedAt: new Date(), answeredAt: new Date(), question: "Fråga?", answer: "Svar <b>" }],
  },
  { status: "granted", decidedBy: "U0COORD", decidedAt: new Date(), grantedDays: 30, grantedAmount: 49500, decisionReason: "Ok", reasonShared: true },
  { status: "denied", decidedBy: "U0COORD", decidedAt: new Date(), decisionReason: SECRET_TEXT },
  { type: "measure", startDate: null, endDate: null, days: null, measure: "therapy", quantity: 5, unitAmount: 800, requestedAmount: 4000 },
  { type: "admission", requestedAmount: 0 },
  { type: "inquiry", case: null, requestedAmount: 0 },
];

function expectFullyRendered(html: string): void {
  expect(html).not.toContain("[okänt");
  expectSafe(html);
}

describe("every view the app builds renders without unknown placeholders", () => {
  it.each(REQUEST_TYPES)("apply modal (%s), also with errors on every input", (type) => {
    const view = applyModal({ type, orgName: "Frälsningsarmén <x>", caseRef: "NSP003", costPreview: type === "rest" ? "*Beräknad kostnad: 45 000 kr*" : null });
    const plain = renderModal(view, { viewId: "V1" });
    expectFullyRendered(plain);
    expect(plain).toContain("Ansöker för <strong>Frälsningsarmén &lt;x&gt;</strong>");
    const inputs = view.blocks.filter((b) => b.type === "input").map((b) => b.block_id ?? "");
    const errors = Object.fromEntries(inputs.map((id) => [id, `Fel i ${id}`]));
    const html = renderModal(view, { viewId: "V1", errors });
    expectFullyRendered(html);
    for (const id of inputs) expect(textUntil(one(html, "data-error-for", id), "div")).toBe(`Fel i ${id}`);
    expect(withAttr(html, "data-block-type", "input").map((t) => t.attrs["data-block-id"])).toEqual(inputs);
    expect(one(html, "data-action-id", "apply_type").attrs).toMatchObject({ "data-type": "static_select", "data-block-id": B.type, "data-dispatch": "change" });
  });

  it("apply confirmation and notice modals", () => {
    expectFullyRendered(renderModal(applyConfirmation("NSP004", "Ansökan om tillträde"), { viewId: "V1" }));
    expectFullyRendered(renderModal(applyConfirmation(null, "Förfrågan"), { viewId: "V1" }));
    expectFullyRendered(renderModal(noticeModal("Inte behörig", "Du är *inte* samordnare."), { viewId: "V1" }));
  });

  it.each(STATES.map((s, i) => [i, s] as const))("decision modals, underlag and messages (%i)", (_i, s) => {
    const r = request(s);
    const modals = [underlagModal(r), infoAnswerModal({ id: 3, question: "Finns beslut? <x>" }, r), ...DECISION_KINDS.map((k) => decisionModal(r, k, { alreadyGrantedDays: 4, maxDays: 30 }))];
    for (const m of modals) expectFullyRendered(renderModal(m, { viewId: "V9" }));
    const underlag = renderModal(underlagModal(r), { viewId: "V9" });
    expect(underlag).toContain(`${SECRET_TEXT} &lt;script&gt;alert(1)&lt;/script&gt;`);
    const messages = [
      coordinatorMessage(r),
      threadDecision(r),
      threadInfoAsked(r, "U0COORD"),
      threadInfoAnswered(r),
      applicantReceipt(r),
      applicantDecision(r),
      applicantQuestion(r, { id: 3, question: "Finns beslut?", answeredAt: null }),
      applicantQuestion(r, { id: 3, question: "Finns beslut?", answeredAt: new Date() }),
    ];
    for (const m of messages) expectFullyRendered(renderMessage({ ...m, ts: "1472716800.000100", bot: true }));
  });

  it("the coordinator message's buttons carry the contract's attributes", () => {
    const html = renderMessage({ ...coordinatorMessage(request()), ts: "1.1", bot: true, channel: "C0COORD" });
    expect(html).toContain("Noomi &lt;Akutboende&gt; &amp; Hela människan");
    expect(html).toContain('<span class="mention" data-user-id="U0APPL">@U0APPL</span>');
    expect(one(html, "data-action-id", "decide_grant").attrs).toMatchObject({ "data-block-id": "decide_7", "data-value": "7", "data-style": "primary", "data-dispatch": "click" });
    expect(one(html, "data-action-id", "decide_deny").attrs["data-style"]).toBe("danger");
    // The five decision buttons and "Visa ärende" (issue #12), whose value is the case ref.
    expect(withAttr(html, "data-type", "button")).toHaveLength(6);
    expect(one(html, "data-action-id", "case_open").attrs).toMatchObject({ "data-value": "NSP010" });
  });
});

describe("round trip with the fake Slack: render → browser fields → collectViewState = valuesFor", () => {
  let fake: FakeSlack;
  let slack: WebClient;
  let sim: SlackUserSimulator;

  beforeAll(async () => {
    fake = await FakeSlack.start();
    slack = new WebClient("xoxb-test", { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    sim = new SlackUserSimulator({ appUrl: "http://127.0.0.1:9/slack/events", signingSecret: "s", fake });
  });
  afterAll(async () => {
    await fake.close();
  });

  async function open(view: Parameters<WebClient["views"]["open"]>[0]["view"]): Promise<string> {
    const res = await slack.views.open({ trigger_id: fake.registerTrigger({ userId: "U1" }), view });
    return res.view?.id ?? "";
  }

  it.each(REQUEST_TYPES)("apply modal (%s): initial values", async (type) => {
    const viewId = await open(applyModal({ type, orgName: "Org", caseRef: "NSP003", costPreview: null }));
    const stored = fake.view(viewId);
    if (stored === undefined) throw new Error("no view");
    const html = renderModal(stored, { viewId });
    const fields = browserFields(html);
    expect(collectViewState(fields, { blocks: stored.blocks })).toEqual(sim.valuesFor(viewId, {}));
    // the option texts the browser sends are enough without the blocks, too
    expect(collectViewState(fields)).toEqual(
      JSON.parse(JSON.stringify(sim.valuesFor(viewId, {})).replace(/,"emoji":true/g, "")) as Record<string, unknown>,
    );
  });

  it("admission modal with entered values, re-rendered from the stored state", async () => {
    const viewId = await open(applyModal({ type: "admission", orgName: "Org", costPreview: null }));
    const raw = {
      [B.nationality]: "NG",
      [B.gender]: "woman",
      [B.ageBand]: "18-25",
      [B.childrenAccompanying]: "2",
      [B.exploitation]: ["sexual", "criminality"],
      [B.exploitedIn]: ["SE", "IT"],
      [B.policeReport]: "no",
      [B.justification]: 'Text med "citat" & <tecken>\nrad två',
    };
    const expected = sim.valuesFor(viewId, raw);
    fake.setViewState(viewId, expected);
    const stored = fake.view(viewId);
    if (stored === undefined) throw new Error("no view");
    const html = renderModal(stored, { viewId });
    expectFullyRendered(html);
    expect(collectViewState(browserFields(html), { blocks: stored.blocks })).toEqual(expected);
  });

  it("a modal with every stateful element type", async () => {
    const blocks = [
      input("t", { type: "plain_text_input", action_id: "t", initial_value: "x" }),
      input("n", { type: "number_input", action_id: "n", is_decimal_allowed: true, initial_value: "1.5" }),
      input("e", { type: "email_text_input", action_id: "e", initial_value: "a@b.se" }),
      input("u", { type: "url_text_input", action_id: "u" }),
      input("d", { type: "datepicker", action_id: "d", initial_date: "2016-09-01" }),
      input("tm", { type: "timepicker", action_id: "tm", initial_time: "09:15" }),
      input("dt", { type: "datetimepicker", action_id: "dt", initial_date_time: 1472716800 }),
      input("s", { type: "static_select", action_id: "s", option_groups: [{ label: pt("G"), options: [opt("a", "A"), opt("b", "B")] }], initial_option: opt("b", "B") }),
      input("ms", { type: "multi_static_select", action_id: "ms", options: [opt("a", "A"), opt("b", "B")], initial_options: [opt("a", "A")] }),
      input("c", { type: "checkboxes", action_id: "c", options: [opt("a", "A"), opt("b", "B")], initial_options: [opt("b", "B")] }),
      input("r", { type: "radio_buttons", action_id: "r", options: [opt("a", "A"), opt("b", "B")] }),
      input("us", { type: "users_select", action_id: "us", initial_user: "U1" }),
      input("mus", { type: "multi_users_select", action_id: "mus", initial_users: ["U1", "U2"] }),
      input("cs", { type: "conversations_select", action_id: "cs", initial_conversation: "C1" }),
      input("ch", { type: "channels_select", action_id: "ch" }),
      { type: "actions", block_id: "act", elements: [{ type: "button", action_id: "btn", text: pt("B") }, { type: "overflow", action_id: "of", options: [opt("a", "A")] }] },
    ];
    const viewId = await open({ type: "modal", title: pt("Allt"), submit: pt("OK"), blocks } as Parameters<WebClient["views"]["open"]>[0]["view"]);
    const stored = fake.view(viewId);
    if (stored === undefined) throw new Error("no view");
    const html = renderModal(stored, { viewId });
    expectFullyRendered(html);
    const fields = browserFields(html);
    expect(fields.map((x) => x.type)).not.toContain("button");
    expect(fields.map((x) => x.type)).not.toContain("overflow");
    expect(collectViewState(fields, { blocks: stored.blocks })).toEqual(sim.valuesFor(viewId, {}));
  });
});

describe("index and stylesheet", () => {
  it("re-exports the API and ships a stylesheet that is safe to inline", async () => {
    const index = await import("../../dev/sandbox/render/index.js");
    expect(typeof index.renderModal).toBe("function");
    expect(typeof index.collectViewState).toBe("function");
    expect(index.SANDBOX_CSS).toContain(".sk-input__error");
    expect(index.SANDBOX_CSS).not.toMatch(/<\/style/i);
  });
});
