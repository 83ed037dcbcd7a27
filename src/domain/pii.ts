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

// 10 or 12 digits with an optional "-", "+" or space before the last four; not part of a longer
// run of digits (or of a date like 2016-09-01).
const PNR = /(?<![\d-])((?:19|20)?\d{6})([-+ ]?)(\d{4})(?![\d])/g;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
// A phone number starts with +, 00 or 0 (optionally in parentheses) and continues with digits,
// spaces, dashes and parentheses.
const PHONE = /(?<![\w+])(?:\+|00|\(0|0)[\d\s()-]{6,20}\d(?![\d])/g;

function personnummer(text: string): PiiFinding[] {
  const found: PiiFinding[] = [];
  for (const m of text.matchAll(PNR)) {
    const candidate = m[0];
    const options = { allowCoordinationNumber: true, allowInterimNumber: false };
    if (!Personnummer.valid(candidate.replace(" ", "-"), options)) continue;
    const parsed = Personnummer.parse(candidate.replace(" ", "-"), options);
    found.push({ kind: parsed.isCoordinationNumber() ? "samordningsnummer" : "personnummer", index: m.index, length: candidate.length });
  }
  return found;
}

function looksLikeDate(s: string): boolean {
  return /^\(?\d{4}-\d{2}-\d{2}/.test(s.trim()) || /^\d{1,2}[:.]\d{2}/.test(s.trim());
}

function phones(text: string, taken: PiiFinding[]): PiiFinding[] {
  const found: PiiFinding[] = [];
  for (const m of text.matchAll(PHONE)) {
    const raw = m[0];
    const start = m.index;
    if (taken.some((t) => start < t.index + t.length && t.index < start + raw.length)) continue;
    if (looksLikeDate(raw)) continue;
    const digits = raw.replace(/\D/g, "");
    const international = raw.startsWith("+") || raw.startsWith("00");
    const ok = international ? digits.length >= 9 && digits.length <= 15 : digits.length >= 7 && digits.length <= 11;
    if (!ok) continue;
    // "2016-09-01–2016-09-30"-like ranges and money ("0 kr") never start with 0 followed by a year.
    if (/^0\d{3}-\d{2}-\d{2}$/.test(raw)) continue;
    found.push({ kind: "phone", index: start, length: raw.length });
  }
  return found;
}

export function findPersonalData(text: string): PiiFinding[] {
  const emails = [...text.matchAll(EMAIL)].map((m) => ({ kind: "email" as const, index: m.index, length: m[0].length }));
  const ids = personnummer(text);
  const all = [...emails, ...ids];
  all.push(...phones(text, all));
  return all.sort((a, b) => a.index - b.index);
}

const WHAT: Record<PiiKind, string> = {
  personnummer: "ett personnummer",
  samordningsnummer: "ett samordningsnummer",
  phone: "ett telefonnummer",
  email: "en e-postadress",
};

/** null when clean; otherwise a Swedish message naming what was found, without echoing it. */
export function personalDataError(text: string): string | null {
  const kinds = [...new Set(findPersonalData(text).map((f) => f.kind))];
  if (kinds.length === 0) return null;
  const list = kinds.map((k) => WHAT[k]);
  const named = list.length === 1 ? list[0] : `${list.slice(0, -1).join(", ")} och ${list.at(-1)}`;
  return `Texten innehåller något som ser ut som ${named}. Ta bort det – beskriv personen bara med ärendenumret (t.ex. NSP003).`;
}
