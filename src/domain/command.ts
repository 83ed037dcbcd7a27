// Parsing the text after `/nsp`.
import { REQUEST_TYPE_WORD, REQUEST_TYPES, type RequestType } from "./types.js";
import { parseCaseRef } from "./rules.js";

export type NspCommand =
  | { kind: "help" }
  | { kind: "apply"; type?: RequestType; caseRef?: string }
  | { kind: "budget"; args: string[] }
  | { kind: "report"; args: string[] }
  | { kind: "meetings"; word: string; args: string[] }
  | { kind: "unknown"; word: string };

const HELP = new Set(["", "hjälp", "hjalp", "help", "?"]);
const APPLY = new Set(["ansök", "ansok", "apply"]);
const MEETINGS = new Set(["möte", "möten", "mote", "moten", "meeting", "meetings"]);

function typeWord(word: string): RequestType | undefined {
  if ((REQUEST_TYPES as readonly string[]).includes(word)) return word as RequestType;
  return REQUEST_TYPE_WORD[word];
}

export function parseNspCommand(text: string): NspCommand {
  const words = text.normalize("NFC").trim().toLowerCase().split(/\s+/).filter(Boolean);
  const [first = "", ...rest] = words;
  if (HELP.has(first)) return { kind: "help" };
  if (APPLY.has(first)) {
    const result: { kind: "apply"; type?: RequestType; caseRef?: string } = { kind: "apply" };
    for (let i = 0; i < rest.length; i++) {
      const word = rest[i] as string;
      const type = typeWord(word);
      // "NSP 3" arrives as two words
      const joined = word === "nsp" && rest[i + 1] ? `${word}${rest[i + 1]}` : word;
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
  return { kind: "unknown", word: first };
}

export function helpText(): string {
  return [
    "*NSP – Nationellt stödprogram*",
    "`/nsp ansök` – ansök om stöd (ett formulär öppnas). Välj typ direkt med ett ord och ange ärendet:",
    "• `/nsp ansök förfrågan` – förfrågan gällande specifik individ",
    "• `/nsp ansök tillträde` – ansökan om tillträde (ett nytt ärende, NSP…)",
    "• `/nsp ansök vila NSP003` – max 30 dagars vila",
    "• `/nsp ansök integration NSP003` – max 90 dagars integration",
    "• `/nsp ansök insats NSP003` – insats (terapi, resa, pass, juridiskt biträde …)",
    "`/nsp hjälp` – den här texten.",
    "Skriv aldrig namn, personnummer, telefonnummer, e-post eller adresser – använd ärendenumret.",
    "_English: `/nsp apply [inquiry|admission|rest|integration|measure] [NSP003]` opens the application form._",
  ].join("\n");
}
