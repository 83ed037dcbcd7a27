// Issue #15 item 3: the operator CLI's help and commander's own errors are Swedish throughout.
// Walks the real command tree of commands/admin.ts (no database: nothing here runs an action).
import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { buildProgram } from "../../commands/admin.js";
import { swedishError } from "../../commands/swedish-cli.js";

/** commander 14's English words in help and error output. */
const ENGLISH = /\b(Usage|Options|Commands|Arguments|Global Options|display help|default:|choices:|preset:|env:|error:|unknown (option|command)|is invalid|Allowed choices|missing|not specified|too many|Did you mean)\b|\[options\]|\[command\]/;

function walk(cmd: Command, path: string[] = []): { path: string; cmd: Command }[] {
  return [{ path: ["admin", ...path].join(" "), cmd }, ...cmd.commands.flatMap((sub) => walk(sub, [...path, sub.name()]))];
}

/** Runs argv through a fresh program; returns what commander wrote on stderr and stdout. */
async function run(args: string[]): Promise<{ err: string; out: string }> {
  const program = buildProgram();
  let err = "";
  let out = "";
  for (const { cmd } of walk(program)) {
    cmd.exitOverride();
    cmd.configureOutput({ writeErr: (s) => (err += s), writeOut: (s) => (out += s) });
  }
  try {
    await program.parseAsync(args, { from: "user" });
  } catch {
    // CommanderError after exitOverride: the message was written through outputError.
  }
  return { err, out };
}

describe("the operator CLI in Swedish", () => {
  const commands = walk(buildProgram());

  it("has more than 30 commands to check (the walk reaches the leaves)", () => {
    expect(commands.length).toBeGreaterThan(30);
    expect(commands.map((c) => c.path)).toContain("admin budget period create");
  });

  it.each(commands.map((c) => [c.path, c.cmd] as const))("%s --help has no English words of commander's", (_path, cmd) => {
    const help = cmd.helpInformation();
    expect(help).toMatch(/^Användning: /);
    expect(help).toContain("visa hjälp för kommandot");
    expect(help.match(ENGLISH)?.[0] ?? null, help).toBeNull();
  });

  it("--help through the parser, and `help <kommando>`", async () => {
    for (const args of [["--help"], ["report", "--help"], ["help", "budget"], ["budget", "period", "create", "--help"]]) {
      const { out, err } = await run(args);
      expect(out + err, args.join(" ")).toMatch(/Användning: admin/);
      expect((out + err).match(ENGLISH)?.[0] ?? null, args.join(" ")).toBeNull();
    }
  });

  it.each([
    [["report", "--format", "pdf"], "fel: värdet 'pdf' för alternativet '--format <format>' är ogiltigt. Tillåtna värden: md, csv, json, xlsx."],
    [["org", "fly"], "fel: okänt kommando 'fly'"],
    [["org", "list", "--jsno"], "fel: okänt alternativ '--jsno'\n(Menade du --json?)"],
    [["org", "add"], "fel: argumentet 'name' saknas"],
    [["member", "add", "U0123ABCD", "--role", "applicant"], "fel: alternativet '--org <name>' måste anges"],
    [["member", "list", "--org"], "fel: alternativet '--org <name>' saknar värde"],
    [["org", "list", "extra"], "fel: för många argument till 'list': högst 0, fick 1."],
    [["case", "close", "NSP004", "--outcome", "gone", "--date", "2016-10-01", "--by", "U0123ABCD"], "fel: värdet 'gone' för alternativet '--outcome <key>' är ogiltigt. Tillåtna värden:"],
  ])("commander's error for %j is Swedish", async (args, expected) => {
    const { err } = await run(args);
    expect(err).toContain(expected);
    expect(err).toContain('(kör "npm run admin -- --help" för hjälp)');
    expect(err.match(ENGLISH)?.[0] ?? null, err).toBeNull();
  });

  it("swedishError leaves no English prefix even for a message it has no rule for", () => {
    expect(swedishError("error: something new in a later commander")).toBe("fel: something new in a later commander");
    expect(swedishError("error: option '--a' cannot be used with option '--b'")).toBe("fel: alternativet '--a' kan inte användas tillsammans med alternativet '--b'");
  });
});
