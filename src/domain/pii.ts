// Detects personal data in free text before it is stored: Swedish personal identity and
// coordination numbers (confirmed with the `personnummer` package: date and Luhn checksum, so
// amounts and dates are not flagged), phone numbers and e-mail addresses.
import Personnummer from "personnummer";

export type PiiKind = "personnummer" | "samordningsnummer" | "phone" | "email";

export interface PiiFinding {
  kind: PiiKind;
  index: number;
  length: number;
}

// Dashes people (or autocorrect) put between the date and the last four digits.
const DASHES = "\\-\\u2010\\u2011\\u2013\\u2212";

// 10 or 12 digits with an optional "-", "+" or space before the last four; not part of a longer
// run of digits, and not the second half of a range like 20160901-20160930.
const PNR = new RegExp(`(?<![\\d${DASHES}+])((?:19|20)?\\d{6})([${DASHES}+ \\u00a0]?)(\\d{4})(?!\\d)`, "g");

const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;

// A phone number candidate starts with "+<digit>", "(0<digit>" or "0<digit>" (so also "00") and
// goes on with digits, spaces, dashes and parentheses. It must not continue a word, a number
// ("12.070"), a date ("2016-09-01") or a space-grouped amount ("1 050 000").
const PHONE = new RegExp(
  `(?<![\\p{L}\\p{N}_+/${DASHES}])(?<!\\d[.,:])(?<!\\d[ \\u00a0])(?:\\+\\d|\\(0\\d|0\\d)[\\d \\u00a0()${DASHES}]*\\d`,
  "gu",
);

const PNR_OPTIONS = { allowCoordinationNumber: true, allowInterimNumber: false };

function identityNumbers(text: string): PiiFinding[] {
  const found: PiiFinding[] = [];
  for (const m of text.matchAll(PNR)) {
    const [candidate, head = "", sep = "", tail = ""] = m;
    // The library knows "-" and "+" only.
    const normalised = `${head}${sep === "+" ? "+" : "-"}${tail}`;
    if (!Personnummer.valid(normalised, PNR_OPTIONS)) continue;
    const parsed = Personnummer.parse(normalised, PNR_OPTIONS);
    found.push({
      kind: parsed.isCoordinationNumber() ? "samordningsnummer" : "personnummer",
      index: m.index,
      length: candidate.length,
    });
  }
  return found;
}

function isCalendarDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Dates ("01-09-2016", "2016-09-01") and clock ranges ("0800-1600") are not phone numbers. */
function looksLikeDateOrTime(raw: string): boolean {
  const s = raw.replace(new RegExp(`[${DASHES}]`, "g"), "-");
  let m = /^(\d{2})-(\d{2})-(\d{4})$/.exec(s);
  if (m) return isCalendarDate(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) return isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{2})(\d{2})-(\d{2})(\d{2})$/.exec(s);
  if (m) return Number(m[1]) < 24 && Number(m[2]) < 60 && Number(m[3]) <= 24 && Number(m[4]) < 60;
  return false;
}

/** Whether `raw` (one candidate, separators included) has the shape of a phone number. */
export function isPhoneNumber(raw: string): boolean {
  if (looksLikeDateOrTime(raw)) return false;
  const compact = raw.replace(new RegExp(`[ \\u00a0()${DASHES}]`, "g"), "");
  if (compact.startsWith("+")) {
    const digits = compact.slice(1);
    return /^[1-9]\d{7,12}$/.test(digits);
  }
  if (compact.startsWith("00")) {
    // International prefix: a country code must follow.
    return /^[1-9]\d{7,12}$/.test(compact.slice(2));
  }
  // Swedish: 0 + area code (the first group has at least two digits: "08", "031", "070").
  const firstGroup = /^\(?(\d+)/.exec(raw)?.[1] ?? "";
  if (firstGroup.length < 2) return false;
  return /^0[1-9]\d{6,8}$/.test(compact);
}

function overlaps(a: { index: number; length: number }, taken: PiiFinding[]): boolean {
  return taken.some((t) => a.index < t.index + t.length && t.index < a.index + a.length);
}

function phoneNumbers(text: string, taken: PiiFinding[]): PiiFinding[] {
  const found: PiiFinding[] = [];
  // The run is greedy; if it is too long (a number followed by a count, "0701234567 2 gånger"),
  // drop trailing space-separated groups until it fits.
  for (const m of text.matchAll(PHONE)) {
    const chunk = m[0];
    const groups = chunk.split(/(?=[ \u00a0])/);
    for (let n = groups.length; n >= 1; n--) {
      const raw = groups.slice(0, n).join("").replace(/[^\d]+$/, "");
      if (!/\d$/.test(raw)) continue;
      const finding: PiiFinding = { kind: "phone", index: m.index, length: raw.length };
      if (overlaps(finding, taken)) break;
      if (isPhoneNumber(raw)) {
        found.push(finding);
        break;
      }
    }
  }
  return found;
}

function emails(text: string): PiiFinding[] {
  return [...text.matchAll(EMAIL)].map((m) => ({ kind: "email" as const, index: m.index, length: m[0].length }));
}

/** Personal data found in `text`, in order of position. Overlapping candidates are reported once:
 * e-mail addresses first, then identity numbers, then phone numbers. */
export function findPersonalData(text: string): PiiFinding[] {
  const all: PiiFinding[] = emails(text);
  for (const f of identityNumbers(text)) if (!overlaps(f, all)) all.push(f);
  all.push(...phoneNumbers(text, all));
  return all.sort((a, b) => a.index - b.index);
}

const WHAT: Record<PiiKind, string> = {
  personnummer: "ett personnummer",
  samordningsnummer: "ett samordningsnummer",
  phone: "ett telefonnummer",
  email: "en e-postadress",
};

const ORDER: readonly PiiKind[] = ["personnummer", "samordningsnummer", "phone", "email"];

/** null when clean; otherwise a Swedish message naming what was found, without echoing it. */
export function personalDataError(text: string): string | null {
  const kinds = new Set(findPersonalData(text).map((f) => f.kind));
  if (kinds.size === 0) return null;
  const sentences = ORDER.filter((k) => kinds.has(k)).map((k) => `Texten innehåller något som ser ut som ${WHAT[k]}.`);
  const it = sentences.length === 1 ? "det" : "dem";
  return `${sentences.join(" ")} Ta bort ${it} – beskriv personen bara med ärendenumret (t.ex. NSP003).`;
}
