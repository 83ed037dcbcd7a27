// The sandbox renderer's names, emoji and files (issue #15, item 6): `<@U…>`/`<#C…>` with the demo
// users' display names and the channels' names (escaped, never trusted), every emoji shortcode the
// app writes shown as a character, a message's files as download links, and the download's
// headers (content type, Content-Disposition, no path in a name).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderBlocks, renderHome, renderMessage } from "../../dev/sandbox/render/blocks.js";
import { KNOWN_EMOJI, mrkdwnToHtml, type NameDirectory } from "../../dev/sandbox/render/mrkdwn.js";
import { baseName, contentDisposition, contentTypeFor, FILE_ID } from "../../dev/sandbox/files.js";
import { demoPeriods } from "../../dev/sandbox/today.js";
import { caseStatusMessage } from "../../src/views/case-outcome.js";
import { coordinatorMessage } from "../../src/views/request.js";
import { requestFixture } from "../helpers/fixtures.js";

const names: NameDirectory = {
  users: { U0DEMOAPPL: "Sökande – Frälsningsarmén", U0DEMOCOORD: "Samordnare", U0EVIL: "<script>alert(1)</script> & co" },
  channels: { C0SBXCOORD: "nsp-samordning" },
};

describe("mentions with display names", () => {
  it("shows a known user's display name and keeps the id in data-user-id", () => {
    expect(mrkdwnToHtml("från <@U0DEMOAPPL>", { names })).toBe('från <span class="mention" data-user-id="U0DEMOAPPL">@Sökande – Frälsningsarmén</span>');
  });

  it("shows an unknown id as the id, and a label in the mention over the directory", () => {
    expect(mrkdwnToHtml("<@U0OTHER>", { names })).toBe('<span class="mention" data-user-id="U0OTHER">@U0OTHER</span>');
    expect(mrkdwnToHtml("<@U0DEMOCOORD|kalle>", { names })).toBe('<span class="mention" data-user-id="U0DEMOCOORD">@kalle</span>');
  });

  it("shows channel names", () => {
    expect(mrkdwnToHtml("i <#C0SBXCOORD>", { names })).toBe('i <span class="mention channel" data-channel-id="C0SBXCOORD">#nsp-samordning</span>');
  });

  it("escapes a display name (it is data, not markup)", () => {
    const html = mrkdwnToHtml("<@U0EVIL>", { names });
    expect(html).toBe('<span class="mention" data-user-id="U0EVIL">@&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</span>');
    expect(html).not.toContain("<script>");
  });

  it("never looks up inherited properties (an id like __proto__ or constructor is not a name)", () => {
    expect(mrkdwnToHtml("<@constructor> <@__proto__>", { names })).toBe(
      '<span class="mention" data-user-id="constructor">@constructor</span> <span class="mention" data-user-id="__proto__">@__proto__</span>',
    );
  });

  it("inside code a mention is text with the name, not a link", () => {
    expect(mrkdwnToHtml("`<@U0DEMOCOORD>`", { names })).toBe('<code class="sk-code">@Samordnare</code>');
  });

  it("without a directory, ids stay ids (as before)", () => {
    expect(mrkdwnToHtml("<@U0DEMOAPPL>")).toBe('<span class="mention" data-user-id="U0DEMOAPPL">@U0DEMOAPPL</span>');
  });

  it("reaches the app's messages, rich text and Home through the render context", () => {
    const message = coordinatorMessage({ ...requestFixture("x"), applicantSlackId: "U0DEMOAPPL" });
    const html = renderMessage({ ts: "1.0", blocks: message.blocks, bot: true, username: "NSP" }, { names });
    expect(html).toContain("@Sökande – Frälsningsarmén");
    expect(html).not.toContain("@U0DEMOAPPL");
    const rich = renderBlocks([{ type: "rich_text", elements: [{ type: "rich_text_section", elements: [{ type: "user", user_id: "U0DEMOCOORD" }] }] }], { surface: "message", names });
    expect(rich).toContain('data-user-id="U0DEMOCOORD">@Samordnare</span>');
    const home = renderHome({ type: "home", blocks: [{ type: "section", text: { type: "mrkdwn", text: "från <@U0DEMOAPPL>" } }] }, { viewId: "V1", names });
    expect(home).toContain("@Sökande – Frälsningsarmén");
    // A message without blocks: its text, and its author.
    expect(renderMessage({ ts: "1.0", text: "hej <@U0DEMOCOORD>", user: "U0DEMOAPPL" }, { names })).toContain(
      '<span class="sk-message__author">@Sökande – Frälsningsarmén</span>',
    );
  });
});

/** Every `:shortcode:` the app writes in src/ and jobs/ (not "T00:00:00", "home:group:1"). */
function appShortcodes(): Set<string> {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) {
        if (entry !== "generated") walk(path);
      } else if (path.endsWith(".ts")) {
        for (const m of readFileSync(path, "utf8").matchAll(/(?<![\w:$}]):([a-z][a-z0-9_+-]*):(?=[\s"'`*_.,)]|$)/gm)) found.add(m[1] ?? "");
      }
    }
  };
  walk("src");
  walk("jobs");
  return found;
}

describe("emoji shortcodes as characters", () => {
  it("knows every shortcode the app writes", () => {
    const used = [...appShortcodes()];
    expect(used).toEqual(expect.arrayContaining(["warning", "white_check_mark", "rotating_light", "lock"]));
    expect(used.filter((name) => !KNOWN_EMOJI.includes(name))).toEqual([]);
  });

  it("renders them as characters with the shortcode as title, and leaves unknown ones as text", () => {
    expect(mrkdwnToHtml(":rotating_light: Budgeten är slut")).toBe('<span class="emoji" title=":rotating_light:">🚨</span> Budgeten är slut');
    expect(mrkdwnToHtml(":no_entry: nej")).toContain("⛔");
    expect(mrkdwnToHtml(":inte_en_emoji:")).toBe(":inte_en_emoji:");
    // Not inside code.
    expect(mrkdwnToHtml("`:lock:`")).toBe('<code class="sk-code">:lock:</code>');
  });

  it("the coordinator channel's case note shows a lock and the coordinator's name", () => {
    const note = caseStatusMessage({ caseRef: "NSP004", action: "closed", actor: "U0DEMOCOORD", outcome: "own_support", closedOn: new Date("2026-12-01T00:00:00Z") });
    const html = renderMessage({ ts: "1.0", blocks: note.blocks, bot: true }, { names });
    expect(html).toContain('<span class="emoji" title=":lock:">🔒</span>');
    expect(html).toContain("@Samordnare");
    expect(html).not.toMatch(/:lock:<|@U0DEMOCOORD/);
  });
});

describe("files in messages", () => {
  it("lists a message's files as download links (escaped), with their size", () => {
    const html = renderMessage({
      ts: "1.0",
      text: "Periodrapport",
      files: [
        { id: "F1", name: "nsp-rapport_2026.md", title: "NSP-rapport", size: 2048, href: "/sandbox/file?id=F1&user=U0DEMOCOORD" },
        { id: "F2", name: 'x"<b>.csv', href: "/sandbox/file?id=F2&user=U0DEMOCOORD" },
      ],
    });
    expect(html).toContain('<a href="/sandbox/file?id=F1&amp;user=U0DEMOCOORD" download="nsp-rapport_2026.md" data-file-id="F1">NSP-rapport (nsp-rapport_2026.md)</a> <span class="sk-file__size">2 kB</span>');
    expect(html).toContain('download="x&quot;&lt;b&gt;.csv"');
    expect(html).not.toContain("<b>");
  });

  it("links only to a local path or an http(s) URL", () => {
    const html = renderMessage({ ts: "1.0", files: [{ id: "F3", name: "a.md", href: "javascript:alert(1)" }, { id: "F4", name: "b.md", href: "//evil.example/x" }] });
    expect(html).not.toContain("href=");
    expect(html).toContain("a.md");
  });
});

describe("file downloads", () => {
  it("content types by extension", () => {
    expect(contentTypeFor("nsp-rapport_2026-07-01_2026-12-31.md")).toBe("text/markdown; charset=utf-8");
    expect(contentTypeFor("tabell1.CSV")).toBe("text/csv; charset=utf-8");
    expect(contentTypeFor("rapport.xlsx")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(contentTypeFor("noext")).toBe("application/octet-stream");
    expect(contentTypeFor("x.html")).toBe("application/octet-stream");
  });

  it("Content-Disposition: attachment, an ASCII fallback and the exact name, never a path", () => {
    expect(contentDisposition("tabell1.csv")).toBe(`attachment; filename="tabell1.csv"; filename*=UTF-8''tabell1.csv`);
    expect(contentDisposition("Fördelning av medel.csv")).toBe(`attachment; filename="Fordelning_av_medel.csv"; filename*=UTF-8''F%C3%B6rdelning%20av%20medel.csv`);
    expect(contentDisposition('../../etc/"passwd"\r\n')).toBe(`attachment; filename="_passwd_"; filename*=UTF-8''%22passwd%22`);
    expect(baseName("..")).toBe("fil");
    expect(baseName("a\\b\\c.csv")).toBe("c.csv");
  });

  it("file ids are the fake's shape only", () => {
    expect(FILE_ID.test("F0ABC123")).toBe(true);
    for (const bad of ["../F1", "F1/../x", "f1", "F", "F1%2e", `F${"A".repeat(41)}`]) expect(FILE_ID.test(bad), bad).toBe(false);
  });
});

describe("the sandbox's periods around today", () => {
  it("the half-year containing today and the next one", () => {
    expect(demoPeriods("2026-12-01")).toEqual([
      { name: "Sandlåda 2026 jul–dec", from: "2026-07-01", to: "2026-12-31", source: "derived" },
      { name: "Sandlåda 2027 jan–jun", from: "2027-01-01", to: "2027-06-30", source: "derived" },
    ]);
    expect(demoPeriods("2027-06-30").map((p) => [p.from, p.to])).toEqual([
      ["2027-01-01", "2027-06-30"],
      ["2027-07-01", "2027-12-31"],
    ]);
    expect(demoPeriods("2027-01-01")[0]?.from).toBe("2027-01-01");
  });
});
