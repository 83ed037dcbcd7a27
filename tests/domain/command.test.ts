import { describe, expect, it } from "vitest";
import { COMMAND_TEXT_MAX, helpText, MORE_COMMANDS_TEXT, parseNspCommand, type NspCommand } from "../../src/domain/command.js";
import { REQUEST_TYPE_WORD } from "../../src/domain/types.js";

describe("parseNspCommand", () => {
  it.each<[string, NspCommand]>([
    ["", { kind: "help" }],
    ["   ", { kind: "help" }],
    ["hjälp", { kind: "help" }],
    ["Hjälp", { kind: "help" }],
    ["hjalp", { kind: "help" }],
    ["help", { kind: "help" }],
    ["HELP", { kind: "help" }],
    ["ansök", { kind: "apply" }],
    ["Ansök", { kind: "apply" }],
    ["ANSÖK", { kind: "apply" }],
    ["ansok", { kind: "apply" }],
    ["ANSOK", { kind: "apply" }],
    ["apply", { kind: "apply" }],
    ["  ansök   vila  ", { kind: "apply", type: "rest" }],
    ["apply rest", { kind: "apply", type: "rest" }],
    ["apply inquiry", { kind: "apply", type: "inquiry" }],
    ["apply admission", { kind: "apply", type: "admission" }],
    ["apply integration", { kind: "apply", type: "integration" }],
    ["apply measure", { kind: "apply", type: "measure" }],
    ["ansök förfrågan", { kind: "apply", type: "inquiry" }],
    ["ansök forfragan", { kind: "apply", type: "inquiry" }],
    ["ansök tillträde", { kind: "apply", type: "admission" }],
    ["ansök tilltrade", { kind: "apply", type: "admission" }],
    ["ansök vila", { kind: "apply", type: "rest" }],
    ["ansök VILA", { kind: "apply", type: "rest" }],
    ["ansök integration", { kind: "apply", type: "integration" }],
    ["ansök insats", { kind: "apply", type: "measure" }],
    ["ansök vila NSP003", { kind: "apply", type: "rest", caseRef: "NSP003" }],
    ["ansök NSP3 vila", { kind: "apply", type: "rest", caseRef: "NSP003" }],
    ["ansök NSP3 integration", { kind: "apply", type: "integration", caseRef: "NSP003" }],
    ["ansök nsp003", { kind: "apply", caseRef: "NSP003" }],
    ["ansök insats nsp 12", { kind: "apply", type: "measure", caseRef: "NSP012" }],
    ["ansök NSP 12 insats", { kind: "apply", type: "measure", caseRef: "NSP012" }],
    ["apply rest NSP1234", { kind: "apply", type: "rest", caseRef: "NSP1234" }],
    ["ansök semester", { kind: "unknown", word: "semester" }],
    ["ansök vila Semester", { kind: "unknown", word: "Semester" }],
    ["ansök vila vila", { kind: "unknown", word: "vila" }],
    ["ansök vila insats", { kind: "unknown", word: "insats" }],
    ["ansök NSP3 NSP4", { kind: "unknown", word: "NSP4" }],
    ["ansök NSP0", { kind: "unknown", word: "NSP0" }],
    ["ansök nsp", { kind: "unknown", word: "nsp" }],
    ["ansök toString", { kind: "unknown", word: "toString" }],
    ["budget", { kind: "budget", args: [] }],
    ["budget flytta 2016", { kind: "budget", args: ["flytta", "2016"] }],
    ["BUDGET", { kind: "budget", args: [] }],
    ["rapport 2016", { kind: "report", args: ["2016"] }],
    ["report", { kind: "report", args: [] }],
    ["möte ny", { kind: "meetings", word: "möte", args: ["ny"] }],
    ["möten", { kind: "meetings", word: "möten", args: [] }],
    ["mote", { kind: "meetings", word: "mote", args: [] }],
    ["moten lista", { kind: "meetings", word: "moten", args: ["lista"] }],
    ["meetings", { kind: "meetings", word: "meetings", args: [] }],
    ["ärende NSP004", { kind: "case", args: ["NSP004"] }],
    ["Ärende nsp 4", { kind: "case", args: ["nsp", "4"] }],
    ["arende", { kind: "case", args: [] }],
    ["ärenden", { kind: "case", args: [] }],
    ["case 4", { kind: "case", args: ["4"] }],
    ["blaha", { kind: "unknown", word: "blaha" }],
    ["Blaha ansök", { kind: "unknown", word: "Blaha" }],
    ["ansökan", { kind: "unknown", word: "ansökan" }],
  ])("parses %j", (text, expected) => {
    expect(parseNspCommand(text)).toEqual(expected);
  });

  it("accepts a decomposed ö (NFD input)", () => {
    expect(parseNspCommand("anso\u0308k")).toEqual({ kind: "apply" });
    expect(parseNspCommand("ansök förfrågan".normalize("NFD"))).toEqual({ kind: "apply", type: "inquiry" });
    expect(parseNspCommand("mo\u0308te ny")).toEqual({ kind: "meetings", word: "möte", args: ["ny"] });
    expect(parseNspCommand("hja\u0308lp")).toEqual({ kind: "help" });
  });

  it("splits on any whitespace, including tabs and no-break spaces", () => {
    expect(parseNspCommand("ansök\tvila\u00a0NSP3")).toEqual({ kind: "apply", type: "rest", caseRef: "NSP003" });
  });

  it.each([
    ["budget Pilot\u00002016", "U+0000"],
    ["rapport 2016-09-01\u001b", "U+001B"],
    ["ansök vila NSP003\u0085", "U+0085"],
    ["ärende\u007f", "U+007F"],
    ["\u0000", "U+0000"],
    ["ansök \ud800", "U+D800"],
  ])("refuses %j with the character's code, and keeps none of its words", (text, code) => {
    const parsed = parseNspCommand(text);
    expect(parsed).toEqual({ kind: "invalid", error: expect.stringContaining(`styrtecken (${code})`) });
  });

  it("refuses text over COMMAND_TEXT_MAX characters (code points, not UTF-16 units)", () => {
    const at = `budget ${"𝒳".repeat(COMMAND_TEXT_MAX - 7)}`;
    expect(parseNspCommand(at).kind).toBe("budget");
    expect(parseNspCommand(`${at}x`)).toEqual({ kind: "invalid", error: expect.stringMatching(/^Kommandot är för långt: högst 500 tecken \(nu 501\)/) });
  });

  it("knows every Swedish type word from types.ts", () => {
    for (const [word, type] of Object.entries(REQUEST_TYPE_WORD)) {
      expect(parseNspCommand(`ansök ${word}`)).toEqual({ kind: "apply", type });
    }
  });
});

describe("helpText", () => {
  const help = helpText();
  it("shows the synopsis", () => {
    expect(help).toContain("`/nsp ansök [förfrågan|tillträde|vila|integration|insats] [NSP001]`");
  });
  it("has one line per type", () => {
    for (const word of ["förfrågan", "tillträde", "vila", "integration", "insats"]) {
      expect(help.split("\n").filter((l) => l.startsWith(`• \`/nsp ansök ${word}`))).toHaveLength(1);
    }
  });
  it("ends with a short English line", () => {
    const last = help.split("\n").at(-1) ?? "";
    expect(last).toMatch(/^_English: .*\/nsp apply \[inquiry\|admission\|rest\|integration\|measure\]/);
  });
  it("every example in the help parses as the command it documents", () => {
    const examples = [...help.matchAll(/`\/nsp ansök ([^`[\]]+)`/g)].map((m) => m[1] ?? "");
    expect(examples.length).toBe(5);
    for (const ex of examples) expect(parseNspCommand(`ansök ${ex}`).kind).toBe("apply");
  });
});

it("the report's help names all four tables the report has (not 'tabell 1–3')", () => {
  for (const role of ["coordinator", "admin"] as const) {
    const help = helpText(role);
    expect(help).toContain("periodrapport (tabell 1–4");
    expect(help).not.toMatch(/1[–-]3/);
  }
});

describe("helpText per role (issue #15, item 4)", () => {
  const COORDINATOR_COMMANDS = ["`/nsp budget [period]`", "`/nsp budget flytta`", "`/nsp budget prognos [period]`", "`/nsp rapport [från] [till]`"];
  const ADMIN_COMMANDS = ["`/nsp budget överskrid <ansökningsnummer>`"];
  const APPLICANT_COMMANDS = ["`/nsp ansök [förfrågan|tillträde|vila|integration|insats] [NSP001]`", "`/nsp ärende NSP004`", "`/nsp möte ny`", "`/nsp möten`", "`/nsp hjälp`"];

  it("shows an applicant (and someone not registered) only the applicant's commands, and says more exist", () => {
    for (const role of ["applicant", null] as const) {
      const help = helpText(role);
      for (const c of APPLICANT_COMMANDS) expect(help).toContain(c);
      for (const c of [...COORDINATOR_COMMANDS, ...ADMIN_COMMANDS]) expect(help).not.toContain(c);
      expect(help).not.toContain("/nsp budget");
      expect(help).not.toContain("/nsp rapport");
      expect(help).toContain(MORE_COMMANDS_TEXT);
      expect(MORE_COMMANDS_TEXT).toBe("Samordnare och administratörer har fler kommandon.");
    }
  });

  it("shows a coordinator the coordinator's and the applicant's commands, not the admin's", () => {
    const help = helpText("coordinator");
    for (const c of [...APPLICANT_COMMANDS, ...COORDINATOR_COMMANDS]) expect(help).toContain(c);
    for (const c of ADMIN_COMMANDS) expect(help).not.toContain(c);
    expect(help).not.toContain(MORE_COMMANDS_TEXT);
  });

  it("shows an admin every command", () => {
    const help = helpText("admin");
    for (const c of [...APPLICANT_COMMANDS, ...COORDINATOR_COMMANDS, ...ADMIN_COMMANDS]) expect(help).toContain(c);
    expect(help).not.toContain(MORE_COMMANDS_TEXT);
  });
});
