// The operator CLI in Swedish throughout (issue #15): commander 14 writes its help headings, its
// "[options]", the help option and command, the "(default: …)" notes and its error messages in
// English. `swedishCli(program)` is called on the root command before any subcommand is added:
// commander copies the help option, the help command, the help configuration and the output
// configuration to every subcommand when it is created. tests/cli/help-swedish.test.ts walks the
// whole command tree and checks that no English word of commander's is left.
import { Help, type Argument, type Command, type Option } from "commander";

const TITLES: Record<string, string> = {
  "Usage:": "Användning:",
  "Arguments:": "Argument:",
  "Options:": "Alternativ:",
  "Commands:": "Kommandon:",
  "Global Options:": "Globala alternativ:",
};

const usageWords = (s: string): string => s.replace(/\[options\]/g, "[alternativ]").replace(/\[command\]/g, "[kommando]");

const EXTRA: Record<string, string> = { choices: "val", default: "standard", preset: "förval", env: "miljövariabel" };

/** "(choices: "md", "csv", default: "md")" at the end of a description → "(val: …, standard: …)". */
const extraInfo = (s: string): string =>
  s.replace(/\(((?:choices|default|preset|env): .*)\)$/, (_m, inner: string) => `(${inner.replace(/\b(choices|default|preset|env): /g, (_k, key: string) => `${EXTRA[key] ?? key}: `)})`);

/** commander's error messages (lib/command.js and lib/suggestSimilar.js in commander 14) in Swedish. */
export function swedishError(message: string): string {
  const rules: [RegExp, string | ((...m: string[]) => string)][] = [
    [/error: unknown option '([^']*)'/, "fel: okänt alternativ '$1'"],
    [/error: unknown command '([^']*)'/, "fel: okänt kommando '$1'"],
    [/error: missing required argument '([^']*)'/, "fel: argumentet '$1' saknas"],
    [/error: option '([^']*)' argument missing/, "fel: alternativet '$1' saknar värde"],
    [/error: required option '([^']*)' not specified/, "fel: alternativet '$1' måste anges"],
    [/error: option '([^']*)' argument '([^']*)' is invalid\./, "fel: värdet '$2' för alternativet '$1' är ogiltigt."],
    [/error: option '([^']*)' value '([^']*)' from env '([^']*)' is invalid\./, "fel: värdet '$2' för alternativet '$1' från miljövariabeln '$3' är ogiltigt."],
    [/error: command-argument value '([^']*)' is invalid for argument '([^']*)'\./, "fel: värdet '$1' för argumentet '$2' är ogiltigt."],
    [/ Allowed choices are (.*)\./, " Tillåtna värden: $1."],
    [/error: too many arguments(?: for '([^']*)')?\. Expected (\d+) arguments? but got (\d+)\./, (_m, cmd, expected, got) => `fel: för många argument${cmd ? ` till '${cmd}'` : ""}: högst ${expected}, fick ${got}.`],
    [/error: (.*) cannot be used with (.*)/, "fel: $1 kan inte användas tillsammans med $2"],
    [/\(Did you mean one of (.*)\?\)/, "(Menade du något av $1?)"],
    [/\(Did you mean (.*)\?\)/, "(Menade du $1?)"],
    [/option '([^']*)'/g, "alternativet '$1'"],
    [/environment variable '([^']*)'/g, "miljövariabeln '$1'"],
    [/^error: /, "fel: "],
  ];
  let out = message;
  for (const [pattern, replacement] of rules) out = typeof replacement === "string" ? out.replace(pattern, replacement) : out.replace(pattern, replacement);
  return out;
}

/** Makes `program`'s help and errors Swedish, for it and every subcommand added after this call. */
export function swedishCli(program: Command): Command {
  const base = new Help();
  return program
    .helpOption("-h, --help", "visa hjälp för kommandot")
    .helpCommand("help [kommando]", "visa hjälp för ett kommando")
    .configureHelp({
      styleTitle: (s: string) => TITLES[s] ?? s,
      styleUsage: usageWords,
      styleSubcommandTerm: usageWords,
      optionDescription: (o: Option) => extraInfo(base.optionDescription(o)),
      argumentDescription: (a: Argument) => extraInfo(base.argumentDescription(a)),
    })
    .configureOutput({ outputError: (s: string, write: (s: string) => void) => write(swedishError(s)) });
}
