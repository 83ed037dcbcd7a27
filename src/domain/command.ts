// Parsing the text after `/nsp`.
import { REQUEST_TYPE_LABEL, REQUEST_TYPE_WORD, REQUEST_TYPES, type RequestType, type Role } from "./types.js";
import { parseCaseRef } from "./rules.js";
import { forbiddenCharacter, textLength } from "./text.js";

export type NspCommand =
  | { kind: "help" }
  | { kind: "apply"; type?: RequestType; caseRef?: string }
  | { kind: "budget"; args: string[] }
  | { kind: "report"; args: string[] }
  | { kind: "meetings"; word: string; args: string[] }
  /** `/nsp ärende [NSP004]`: the case file, or the list of cases without a reference. */
  | { kind: "case"; args: string[] }
  | { kind: "unknown"; word: string }
  /** Text no command can be read from (a control character, absurd length): `error` says why. */
  | { kind: "invalid"; error: string };

/** The longest `/nsp` text read as a command (characters). The longest real one, `/nsp budget
 * flytta "<periodens namn>"` or `/nsp rapport <datum> <datum>`, is far shorter. */
export const COMMAND_TEXT_MAX = 500;

/** Why `text` cannot be a command, or null. Tabs and line breaks are whitespace between words. */
function commandTextError(text: string): string | null {
  const length = textLength(text);
  if (length > COMMAND_TEXT_MAX)
    return `Kommandot är för långt: högst ${COMMAND_TEXT_MAX} tecken (nu ${length}). Skriv \`/nsp hjälp\` för att se kommandona.`;
  const found = forbiddenCharacter(text, { multiline: true });
  return found
    ? `Kommandot innehåller ett osynligt styrtecken (${found}) och kan inte läsas. Skriv kommandot på nytt i stället för att klistra in det.`
    : null;
}

const HELP = new Set(["", "hjälp", "hjalp", "help", "?"]);
const APPLY = new Set(["ansök", "ansok", "apply"]);
const CASE = new Set(["ärende", "arende", "ärenden", "arenden", "case", "cases"]);
const MEETINGS = new Set(["möte", "möten", "mote", "moten", "meeting", "meetings"]);

function isRequestType(word: string): word is RequestType {
  return (REQUEST_TYPES as readonly string[]).includes(word);
}

function typeWord(word: string): RequestType | undefined {
  if (isRequestType(word)) return word;
  return Object.hasOwn(REQUEST_TYPE_WORD, word) ? REQUEST_TYPE_WORD[word] : undefined;
}

/** Parses the text after `/nsp`. Command and type words are case-insensitive (and NFC-normalised,
 * so a decomposed "ö" works); `args` and unknown words keep the user's spelling. Text with a
 * control character or over COMMAND_TEXT_MAX characters is `invalid`: no word of it reaches a
 * handler (nor a database lookup). */
export function parseNspCommand(text: string): NspCommand {
  const error = commandTextError(text);
  if (error) return { kind: "invalid", error };
  const words = text.normalize("NFC").trim().split(/\s+/).filter(Boolean);
  const [firstWord = "", ...rest] = words;
  const first = firstWord.toLowerCase();
  if (HELP.has(first)) return { kind: "help" };
  if (APPLY.has(first)) {
    const result: { kind: "apply"; type?: RequestType; caseRef?: string } = { kind: "apply" };
    for (let i = 0; i < rest.length; i++) {
      const word = rest[i] ?? "";
      const type = typeWord(word.toLowerCase());
      // "NSP 3" arrives as two words
      const next = rest[i + 1];
      const joined = word.toLowerCase() === "nsp" && next !== undefined ? `${word}${next}` : word;
      const ref = parseCaseRef(joined);
      if (type && !result.type) result.type = type;
      else if (ref && !result.caseRef) {
        result.caseRef = ref;
        if (joined !== word) i++;
      } else return { kind: "unknown", word };
    }
    return result;
  }
  if (first === "budget") return { kind: "budget", args: rest };
  if (first === "rapport" || first === "report") return { kind: "report", args: rest };
  if (MEETINGS.has(first)) return { kind: "meetings", word: first, args: rest };
  if (CASE.has(first)) return { kind: "case", args: rest };
  return { kind: "unknown", word: firstWord };
}

/** [word, type, example case ref, note] for the help text's one line per type. */
const TYPE_WORDS: readonly [string, RequestType, string, string][] = [
  ["förfrågan", "inquiry", "", ""],
  ["tillträde", "admission", "", " (ett nytt ärende får ett ärendenummer)"],
  ["vila", "rest", " NSP003", ""],
  ["integration", "integration", " NSP003", ""],
  ["insats", "measure", " NSP003", " (terapi, resa, pass, juridiskt biträde …)"],
];

/** What an applicant (and everyone else) is told about the commands they do not see. */
export const MORE_COMMANDS_TEXT = "Samordnare och administratörer har fler kommandon.";

/**
 * Swedish help text in Slack mrkdwn for the asking person's role, with a short English line at the
 * end. Each role sees its own commands: an applicant (or someone not registered: `null`) the
 * applicant's, a coordinator those plus the coordinator's, an admin all. The role comes from the
 * database (the listener looks the caller up), never from the request.
 */
export function helpText(role: Role | null = null): string {
  const staff = role === "coordinator" || role === "admin";
  return [
    "*NSP – Nationellt stödprogram*",
    "`/nsp ansök [förfrågan|tillträde|vila|integration|insats] [NSP001]` – ansök om stöd. Ett formulär öppnas; typ och ärendenummer kan anges direkt:",
    ...TYPE_WORDS.map(([word, type, ref, note]) => `• \`/nsp ansök ${word}${ref}\` – ${REQUEST_TYPE_LABEL[type].sv.toLowerCase()}${note}`),
    staff
      ? "`/nsp ärende NSP004` – ärendets hela historik: ansökningar, beslut, dagar kvar och beviljade pengar · `/nsp ärende` – alla öppna ärenden."
      : "`/nsp ärende NSP004` – ärendets hela historik: ansökningar, beslut, dagar kvar och beviljade pengar · `/nsp ärende` – din organisations ärenden.",
    "`/nsp möte ny` – lägg in ett möte i kalendern · `/nsp möten` – kommande möten (dina arbetsgruppers först), svara *Jag kommer* eller *Kan inte*.",
    ...(staff
      ? [
          "*Samordnare och administratörer:* `/nsp budget [period]` – budgeten per kategori · `/nsp budget flytta` – flytta medel · `/nsp budget prognos [period]` – prognos och tillskott att begära · `/nsp rapport [från] [till]` – periodrapport (tabell 1–4: ärenden, medel, bakgrund, avslutade ärenden) med Excel- och CSV-filer i ditt direktmeddelande.",
        ]
      : []),
    ...(role === "admin" ? ["*Administratörer:* `/nsp budget överskrid <ansökningsnummer>` – tillåt att en öppen ansökan överskrider budgeten (med belopp och skäl)."] : []),
    "`/nsp hjälp` – den här texten.",
    ...(staff ? [] : [MORE_COMMANDS_TEXT]),
    "Skriv aldrig namn, personnummer, telefonnummer, e-post eller adresser – använd ärendenumret (t.ex. NSP003).",
    "_English: `/nsp apply [inquiry|admission|rest|integration|measure] [NSP001]` opens the application form; `/nsp help` shows this text._",
  ].join("\n");
}
