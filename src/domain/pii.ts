// Detects personal data in free text before it is stored or posted: Swedish personal identity and
// coordination numbers, phone numbers, e-mail addresses, street addresses and names introduced as
// names ("heter Anna", "Namn: Anna").
//
// The text is first normalised the way a reader sees it (Unicode NFKC, every decimal digit to 0–9,
// invisible format characters removed, line breaks read both as a space and as nothing, a letter O
// between digits read as a zero, spaced-out digits joined), so "８５０１０１－１２３６", "850101\u200b1236"
// and "0 7 0 1 2 3 4 5 6 7" are caught like their plain forms. Findings point into the original text.
//
// A typed identity number with a wrong check digit still identifies a person: any date-shaped
// number (YYMMDD or YYYYMMDD with a real date, day + 60 for a coordination number) followed by four
// digits counts; the `personnummer` package's checksum only decides a tie with a phone number.
//
// Every free-text field that reaches Slack or the database goes through personalDataError (or
// meetingTextError for the meeting modal, which allows contacts in some fields):
//   apply modal: justification, case reference          – services/apply.ts
//   decision modal: reason (also the komplettering question) – listeners/views/decision-submit.ts
//   komplettering answer                                  – listeners/views/info-answer-submit.ts
//   budget transfer reason / override reason             – listeners/views/transfer-submit.ts, override-submit.ts
//   meeting title, theme, place, registration            – domain/meetings.ts (validateMeeting)
//   admin CLI: group name and description                – services/groups.ts
//   admin CLI: period name, budget line label and spec,
//              transfer and override reasons             – services/budget-admin.ts
//   admin CLI: organisation name (identity numbers, phones, e-mail only) – services/admin.ts
//   admin CLI: the reason of `case erase`                – services/erasure.ts
// tests/e2e/pii-fields.test.ts opens each modal and submits a personnummer into every text input
// it finds; tests/cli/free-text.test.ts walks the CLI's commands, requires every option and
// argument to be listed as free text or not, and runs each free-text one with a personnummer.
import Personnummer from "personnummer";

export type PiiKind = "personnummer" | "samordningsnummer" | "phone" | "email" | "address" | "name";

export interface PiiFinding {
  kind: PiiKind;
  index: number;
  length: number;
}

// ---------------------------------------------------------------------------------------------
// Normalisation with a map back to the original text.

/** A rewritten text; character `text[i]` came from `original.slice(map[i], ends[i])` (its grapheme). */
interface View {
  text: string;
  map: number[];
  ends: number[];
}

const graphemes = new Intl.Segmenter("sv", { granularity: "grapheme" });

/** The value 0–9 of a decimal digit of any script (Unicode keeps each script's digits in a run of ten). */
function digitValue(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  let k = 0;
  while (k < 60 && /\p{Nd}/u.test(String.fromCodePoint(cp - k - 1))) k++;
  return String(k % 10);
}

const DASH = "\\-\\u2010\\u2011\\u2012\\u2013\\u2014\\u2015\\u2212";
const LINE_BREAK = /[\n\r\v\f\u0085\u2028\u2029]/u;

function normalise(text: string, lineBreaks: "space" | "remove"): View {
  let out = "";
  const map: number[] = [];
  const ends: number[] = [];
  for (const { segment, index } of graphemes.segment(text)) {
    for (const ch of segment.normalize("NFKC")) {
      let c = ch;
      if (/\p{Cf}/u.test(c)) continue;
      if (LINE_BREAK.test(c)) {
        if (lineBreaks === "remove") continue;
        c = " ";
      } else if (/\s/u.test(c)) c = " ";
      else if (/\p{Nd}/u.test(c)) c = digitValue(c);
      for (let i = 0; i < c.length; i++) {
        out += c[i];
        map.push(index);
        ends.push(index + segment.length);
      }
    }
  }
  return { text: out, map, ends };
}

/** Replaces every match of `re` (global) by `by(match)` (null: keep it), keeping the map. */
function rewrite(view: View, re: RegExp, by: (m: RegExpMatchArray & { index: number }) => string | null): View {
  let out = "";
  const map: number[] = [];
  const ends: number[] = [];
  let last = 0;
  for (const m of view.text.matchAll(re)) {
    const replacement = by(m);
    if (replacement === null) continue;
    const start = m.index;
    const stop = start + m[0].length;
    out += view.text.slice(last, start);
    map.push(...view.map.slice(last, start));
    ends.push(...view.ends.slice(last, start));
    // Same length: character by character; otherwise every new character stands for the whole match.
    const same = replacement.length === m[0].length;
    for (let i = 0; i < replacement.length; i++) {
      out += replacement[i];
      map.push(view.map[same ? start + i : start] ?? 0);
      ends.push(view.ends[same ? start + i : stop - 1] ?? 0);
    }
    last = stop;
  }
  out += view.text.slice(last);
  map.push(...view.map.slice(last));
  ends.push(...view.ends.slice(last));
  return { text: out, map, ends };
}

/** The finding, in the original text, of `length` characters at `index` of `view`. */
function located(view: View, kind: PiiKind, index: number, length: number): PiiFinding {
  const start = view.map[index] ?? 0;
  const end = view.ends[index + length - 1] ?? start;
  return { kind, index: start, length: end - start };
}

/** Views for numbers: a letter O next to a digit read as 0, spaced-out digits ("0 7 0 1 …") joined. */
// Digits spelled out, Swedish and English: "noll sju noll, ett två tre …". Only a run of seven or
// more is read as digits (a phone number read aloud); "en två tre" in a sentence stays words.
const DIGIT_WORDS: Record<string, string> = {
  noll: "0", nolla: "0", ett: "1", en: "1", etta: "1", två: "2", tvåa: "2", tre: "3", trea: "3", fyra: "4", fyran: "4",
  fem: "5", femma: "5", sex: "6", sexa: "6", sju: "7", sjua: "7", åtta: "8", nio: "9", nia: "9",
  zero: "0", oh: "0", one: "1", two: "2", three: "3", four: "4", five: "5", six: "6", seven: "7", eight: "8", nine: "9",
};
const DIGIT_WORD = `(?:${Object.keys(DIGIT_WORDS).join("|")}|\\d)`;
const SPELLED = new RegExp(`(?<!\\p{L})${DIGIT_WORD}(?:[ ,.${DASH}]+${DIGIT_WORD}){6,}(?!\\p{L})`, "giu");

// Between two digits or groups: a space, or one dash of any kind with or without spaces around it.
const DIGIT_SEP = `(?: ?[${DASH}] ?| )`;
const SPACED_SINGLE = new RegExp(`(?<![\\p{L}\\p{N}])\\d(?:${DIGIT_SEP}\\d)+(?![\\p{L}\\p{N}])`, "gu");
const SPACED_GROUPS = new RegExp(`(?<![\\p{L}\\p{N}]|\\d${DIGIT_SEP})0\\d{0,2}(?:${DIGIT_SEP}\\d{1,3}){2,}(?![\\p{L}\\p{N}])`, "gu");

function numericView(view: View): View {
  const spelled = rewrite(view, SPELLED, (m) => {
    const words = m[0].toLowerCase().split(/[^\p{L}\d]+/u).filter(Boolean);
    if (!words.some((w) => /\p{L}/u.test(w))) return null;
    return words.map((w) => DIGIT_WORDS[w] ?? w).join("");
  });
  const zeros = rewrite(spelled, /(?<=\d)[OoОо]|[OoОо](?=\d)/gu, () => "0");
  // Single digits spaced out ("8 5 0 1 0 1 – 1 2 3 6"): six or more are one number.
  const single = rewrite(zeros, SPACED_SINGLE, (m) => (m[0].replace(/\D/g, "").length >= 6 ? m[0].replace(/ /g, "") : null));
  // Groups of one to three digits that start with 0 and have a lone digit ("0 70 12 34 567",
  // "0 76 – 12 34 567"): a Swedish phone number when there are eight to ten digits. The thousands
  // groups of an amount ("12 050 000") have no lone digit and follow another number.
  return rewrite(single, SPACED_GROUPS, (m) => {
    const groups = m[0].split(/\D+/);
    const digits = groups.join("").length;
    return digits >= 8 && digits <= 10 && groups.some((g) => g.length === 1) ? m[0].replace(/ /g, "") : null;
  });
}

// ---------------------------------------------------------------------------------------------
// Identity numbers.

const GAP = `(?: ?[${DASH}+_/.:,] ?| )?`;
// YYMMDD / YYYYMMDD, contiguous or with one separator repeated ("85.01.01", "1985-01-01", "85 01 01").
const DATE = `(?:(?:19|20)?\\d{6}|(?:(?:19|20)?\\d{2})(?<ds>[${DASH}./_ ])\\d{2}\\k<ds>\\d{2})`;
const PNR = new RegExp(`(?<!\\d|\\d[${DASH}.,/:]|\\d ?[${DASH}] ?)(${DATE})(${GAP})(\\d{4}|\\d{2} \\d{2})(?! ?\\d|[${DASH}.,/:]\\d)`, "g");

function realDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** "personnummer" / "samordningsnummer" when the date digits are a birth date; null otherwise. */
function identityKind(dateDigits: string): "personnummer" | "samordningsnummer" | null {
  const six = dateDigits.slice(-6);
  const month = Number(six.slice(2, 4));
  let day = Number(six.slice(4, 6));
  const coordination = day > 60;
  if (coordination) day -= 60;
  if (month < 1 || month > 12 || day < 1) return null;
  const years =
    dateDigits.length === 8 ? [Number(dateDigits.slice(0, 4))] : [1900 + Number(six.slice(0, 2)), 2000 + Number(six.slice(0, 2))];
  const thisYear = new Date().getUTCFullYear();
  const ok = years.some((y) => y >= 1880 && y <= thisYear && realDate(y, month, day));
  if (!ok) return null;
  return coordination ? "samordningsnummer" : "personnummer";
}

function luhnValid(tenDigits: string): boolean {
  return Personnummer.valid(`${tenDigits.slice(0, 6)}-${tenDigits.slice(6)}`, { allowCoordinationNumber: true, allowInterimNumber: false });
}

// After a word that says "identity number", the digits count whatever their grouping ("8503122-387")
// and even one short or long (a typo still points at a person), as long as they start with a birth date.
const ID_WORD =
  "(?:personnummer|personnumret|personnr|pers\\.? ?nr|p-? ?nr|pnr|samordningsnummer|samordningsnumret|samordningsnr|sam\\.? ?nr|id-? ?nummer|id-? ?nr|personal (?:id|identity|identification) number|id number)";
const LABELLED_ID = new RegExp(
  `(?<!\\p{L})${ID_WORD}\\.?(?: (?:är|is|nr|nummer))?:? ?\\(?(\\d[\\d ${DASH}./+_]*\\d)`,
  "giu",
);
// "sista fyra 4454", "de fyra sista siffrorna: 4454": the part of the number after the date.
const LAST_FOUR = /(?<!\p{L})(?:(?:de )?sista (?:fyra|4)|(?:de )?(?:fyra|4) sista)(?: siffrorna| siffror)?(?: är)?:? ?\d{4}(?!\d)/giu;

function labelledIdentityNumbers(view: View): PiiFinding[] {
  const found: PiiFinding[] = [];
  for (const m of view.text.matchAll(LABELLED_ID)) {
    const run = m[1] ?? "";
    const digits = run.replace(/\D/g, "");
    if (digits.length < 9 || digits.length > 13) continue;
    const dates = [digits.slice(0, 8), digits.slice(0, 6)].filter((d) => d.length === 6 || /^(?:19|20)/.test(d));
    const kind = dates.map(identityKind).find((k) => k !== null);
    if (!kind) continue;
    found.push(located(view, kind, m.index + m[0].length - run.length, run.length));
  }
  for (const m of view.text.matchAll(LAST_FOUR)) found.push(located(view, "personnummer", m.index, m[0].length));
  return found;
}

function identityNumbers(view: View): PiiFinding[] {
  const found: PiiFinding[] = labelledIdentityNumbers(view);
  for (const m of view.text.matchAll(PNR)) {
    const [candidate, date = "", , gap = "", last = ""] = m;
    const dateDigits = date.replace(/\D/g, "");
    const kind = identityKind(dateDigits);
    if (!kind) continue;
    const ten = dateDigits.slice(-6) + last.replace(/\D/g, "");
    // "0701234567": a mobile number whose first six digits happen to be a date. Only a correct
    // check digit makes it an identity number; otherwise the phone check has it.
    if (dateDigits.length === 6 && gap === "" && dateDigits.startsWith("0") && !luhnValid(ten)) continue;
    found.push(located(view, kind, m.index, candidate.length));
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Phone numbers.

// A candidate starts with "+<digit>", "(0<digit>", "0<digit>" or "46" and goes on with digits,
// spaces, separators and parentheses. It must not continue a word, a number ("12.070") or a date.
const PHONE = new RegExp(`(?<![\\p{L}\\p{N}_+/.${DASH}])(?<!\\d[.,:])(?:\\+ ?\\d|\\(0\\d|0\\d|46)[\\d ()${DASH}./_]*\\d`, "gu");

function isTime(h: string, m: string): boolean {
  return Number(h) < 24 && Number(m) < 60 && m.length === 2;
}

/** Dates ("01-09-2016", "01.09.2016", "2016-09-01") and clock ranges ("0800-1600", "09.00-15.00") are not phone numbers. */
function looksLikeDateOrTime(raw: string): boolean {
  const s = raw.replace(new RegExp(`[${DASH}./_]`, "g"), "-").replace(/ /g, "");
  let m = /^(\d{2})-(\d{2})-(\d{4})$/.exec(s);
  if (m) return realDate(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) return realDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{2})(\d{2})-(\d{2})(\d{2})$/.exec(s);
  if (m) return isTime(m[1] ?? "", m[2] ?? "") && Number(m[3]) <= 24 && isTime("0", m[4] ?? "");
  m = /^(\d{1,2})-(\d{2})-(\d{1,2})-(\d{2})$/.exec(s);
  if (m) return isTime(m[1] ?? "", m[2] ?? "") && isTime(m[3] ?? "", m[4] ?? "");
  return false;
}

/** Whether `raw` (one candidate, separators included) has the shape of a phone number. */
export function isPhoneNumber(raw: string): boolean {
  if (looksLikeDateOrTime(raw)) return false;
  const compact = raw.replace(new RegExp(`[ \\u00a0()${DASH}./_]`, "g"), "");
  if (compact.startsWith("+")) return /^[1-9]\d{7,12}$/.test(compact.slice(1));
  // International prefix: a country code must follow.
  if (compact.startsWith("00")) return /^[1-9]\d{7,12}$/.test(compact.slice(2));
  // "46701234567": the country code without its plus; mobile numbers only.
  if (compact.startsWith("46")) return /^467\d{8}$/.test(compact);
  // Swedish: 0 + area code (the first group has at least two digits: "08", "031", "070").
  const firstGroup = /^\(?(\d+)/.exec(raw)?.[1] ?? "";
  if (firstGroup.length < 2) return false;
  return /^0[1-9]\d{6,8}$/.test(compact);
}

/** The written forms of a Swedish number that may follow another number ("rum 12 070-123 45 67"),
 * unlike the thousands groups of an amount ("1 050 000"). */
const STANDARD_FORM = /^(?:0\d{1,3}[- ]?\d{2,3}(?: ?\d{2}){2}|0\d{1,3}-\d{5,8}|0\d{7,9})$/;

function overlaps(a: { index: number; length: number }, taken: PiiFinding[]): boolean {
  return taken.some((t) => a.index < t.index + t.length && t.index < a.index + a.length);
}

function phoneNumbers(view: View): PiiFinding[] {
  const found: PiiFinding[] = [];
  // The run is greedy; if it is too long (a number followed by a count, "0701234567 2 gånger", or
  // two numbers "0701234567/0701234568"), drop trailing groups until it fits.
  for (const m of view.text.matchAll(PHONE)) {
    const afterNumber = /\d[ ,]$/.test(view.text.slice(Math.max(0, m.index - 2), m.index));
    const groups = m[0].split(/(?=[ /])/);
    for (let n = groups.length; n >= 1; n--) {
      const raw = groups.slice(0, n).join("").replace(/[^\d]+$/, "");
      if (!/\d$/.test(raw)) continue;
      if (afterNumber && !/^[+(]/.test(raw) && !STANDARD_FORM.test(raw.replace(new RegExp(`[${DASH}]`, "g"), "-"))) continue;
      if (isPhoneNumber(raw)) {
        found.push(located(view, "phone", m.index, raw.length));
        break;
      }
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// E-mail addresses, also written "anna (at) example [dot] se", "anna @ example.se", "anna@example".

const LOCAL = "[\\p{L}\\p{N}._%+-]+";
const EMAIL = new RegExp(`(?<![\\p{L}\\p{N}._%+-])${LOCAL}@[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)*\\.\\p{L}{2,}`, "gu");
// Without a top-level domain, only when written without spaces around "@".
const EMAIL_BARE = new RegExp(`(?<![\\p{L}\\p{N}._%+<-])${LOCAL}@\\p{L}[\\p{L}\\p{N}-]+(?![\\p{L}\\p{N}@])`, "gu");
const AT_WORD = "(?:at|snabel[- ]?a|@)";
const DOT_WORD = "(?:dot|punkt|prick)";
const TLD_AHEAD = `(?=[\\p{L}\\p{N}-]+(?: ?\\. ?| ${DOT_WORD} )\\p{L}{2,})`;

function deobfuscated(view: View): View {
  let v = rewrite(view, new RegExp(` ?[(\\[{<] ?${AT_WORD} ?[)\\]}>] ?`, "giu"), () => "@");
  v = rewrite(v, new RegExp(` ?[(\\[{<] ?${DOT_WORD} ?[)\\]}>] ?`, "giu"), () => ".");
  // "anna(a)outlook.com": only glued to both sides and with a domain after it ("(a) och (b)" is a list).
  v = rewrite(v, new RegExp(`(?<=[\\p{L}\\p{N}])[(\\[]a[)\\]]${TLD_AHEAD}`, "giu"), () => "@");
  v = rewrite(v, new RegExp(`(?<=[\\p{L}\\p{N}]) (?:at|snabel[- ]?a) ${TLD_AHEAD}`, "giu"), () => "@");
  v = rewrite(v, new RegExp(`(?<=@[\\p{L}\\p{N}.-]+) ${DOT_WORD} (?=\\p{L})`, "giu"), () => ".");
  // "anna punkt svensson@…": the spelled dot in the part before "@" too.
  v = rewrite(v, new RegExp(`(?<=[\\p{L}\\p{N}]) ${DOT_WORD} (?=[\\p{L}\\p{N}._%+-]+@)`, "giu"), () => ".");
  return rewrite(v, /(?<=@[\p{L}\p{N}-]+),(?=(?:se|com|nu|org|net|fi|no|dk)\b)/giu, () => ".");
}

// "annasvensson på gmail": a well-known mail provider named without its domain, after a word that
// says it is a mail address or with a handle that cannot be an ordinary word (digits, dots, "_").
const PROVIDER = "(?:gmail|googlemail|hotmail|outlook|live|yahoo|icloud|msn|telia|comhem|bredband|protonmail|proton|yandex|mail\\.ru|gmx|aol)";
const PROVIDER_MAIL = new RegExp(
  `(?<![\\p{L}\\p{N}._%+-])(${LOCAL}) (?:på|at|hos|via|@) ${PROVIDER}(?![\\p{L}\\p{N}])`,
  "giu",
);
const MAIL_WORD = /(?:mejl|mail|e-?post|adress|address)(?!a)\p{L}*(?: är| is)?:? ?$/iu;
// "mejla annasvensson hotmail com", "e-post mariak hotmail punkt se": the provider right after the
// handle, without "@" or "på", counts only straight after a mail word ("mejla", "mail:", "hennes
// mejl är") or, with a top-level domain after it, for a handle that cannot be a word.
const PROVIDER_BARE = new RegExp(
  `(?<![\\p{L}\\p{N}._%+-])(${LOCAL}) ${PROVIDER}(?<tld> (?:${DOT_WORD} )?(?:se|com|nu|net|org))?(?![\\p{L}\\p{N}-])`,
  "giu",
);
const MAIL_VERB = /(?<!\p{L})(?:mejl|mail|e-?post|epost)\p{L}*(?: till| är| is)?:? ?$/iu;
const NOT_A_BARE_HANDLE = /^(?:via|till|från|genom|med|om|och|eller|i|på|hos|at|from|to|with|in|on|gärna|direkt|också|bara|inte|alltid|helst|hellre|du|ni|vi|oss|dem|henne|honom|kontoret|alla)$/iu;
const NOT_A_HANDLE = /^(?:hon|han|henne|honom|hen|dem|de|oss|mig|dig|sig|info|det|den|allt|mer|allt|svar|mejl|mail|her|him|them|me|us|it)$/iu;

function emails(view: View): PiiFinding[] {
  const plain = deobfuscated(view);
  const found: PiiFinding[] = [];
  for (const m of plain.text.matchAll(PROVIDER_MAIL)) {
    const handle = m[1] ?? "";
    const before = plain.text.slice(Math.max(0, m.index - 40), m.index);
    if (NOT_A_HANDLE.test(handle)) continue;
    if (/[\d._]/u.test(handle) || MAIL_WORD.test(before)) found.push(located(plain, "email", m.index, m[0].length));
  }
  for (const m of plain.text.matchAll(PROVIDER_BARE)) {
    const handle = m[1] ?? "";
    if (handle.length < 3 || NOT_A_HANDLE.test(handle) || NOT_A_BARE_HANDLE.test(handle)) continue;
    const before = plain.text.slice(Math.max(0, m.index - 40), m.index);
    const f = located(plain, "email", m.index, m[0].length);
    if ((MAIL_VERB.test(before) || (m.groups?.tld && /[\d._]/u.test(handle))) && !overlaps(f, found)) found.push(f);
  }
  for (const m of plain.text.matchAll(EMAIL)) found.push(located(plain, "email", m.index, m[0].length));
  for (const m of plain.text.matchAll(EMAIL_BARE)) {
    const f = located(plain, "email", m.index, m[0].length);
    if (!overlaps(f, found)) found.push(f);
  }
  // Spaces around "@" and the dots after it ("anna @ gmail . com"), only with a top-level domain.
  let spaced = rewrite(plain, /(?<=[\p{L}\p{N}._%+-]) ?@ ?(?=[\p{L}\p{N}])/gu, () => "@");
  spaced = rewrite(spaced, /(?<=@[\p{L}\p{N}.-]*[\p{L}\p{N}]) ?\. ?(?=\p{L})/gu, () => ".");
  for (const m of spaced.text.matchAll(EMAIL)) {
    const f = located(spaced, "email", m.index, m[0].length);
    if (!overlaps(f, found)) found.push(f);
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Street addresses: a Swedish street name ending followed by a house number ("Storgatan 12").

const STREET_ENDINGS = [
  "gatan", "gata", "vägen", "väg", "gränden", "gränd", "torget", "stigen", "backen", "allén", "allé",
  "plan", "leden", "platsen", "promenaden", "kajen", "esplanaden", "slingan", "kroken",
  // Street names of housing areas, common outside the big cities ("Ekliden 5", "Björkhagen 3").
  "liden", "lunden", "hagen", "dalen", "udden", "kullen", "bryggan", "stråket", "gårdsvägen",
];
// A bare ending is a street after a direction or size word: "Södra Allén 8", "Lilla Torget 2".
const QUALIFIER = /(?:^|[^\p{L}])(?:norra|södra|östra|västra|stora|lilla|gamla|nya|övre|nedre|yttre|inre|s:t|sankt) $/iu;
// Endings common enough to stand alone as a street name ("Norra Esplanaden 3").
const STANDALONE = ["esplanaden", "promenaden"];
// "-plan" and "-platsen" also end everyday words: "handlingsplan 2", "arbetsplatsen 3".
const NOT_STREETS = /(?:handlings|behandlings|genomförande|åtgärds|säkerhets|verksamhets|vård|stöd|budget|studie|projekt|insats|arbets|aktivitets|tids|kurs|rese?|mål|läro|utbildnings|kommunikations|etapp|vånings|detalj|översikts|sitt|parkerings|start|mötes|samverkans|utvecklings|finansierings)(?:plan|platsen)$/iu;
const ADDRESS = new RegExp(
  `(?<![\\p{L}\\p{N}])(\\p{L}*(?:${STREET_ENDINGS.join("|")}))(?: (?:nummer|nr\\.?|no\\.?|n:o))? ?(\\d{1,3})(?: ?[a-zA-Z](?!\\p{L}))?(?![\\p{N}]|[.,:]\\d| ?%| ?kr\\b| ?:-)`,
  "giu",
);

// "Storg. 12", "Eriksbergsg. 46", "Kungsv. 3": the abbreviations of -gatan and -vägen.
const ABBREVIATED = /(?<![\p{L}\p{N}])\p{L}{3,}[gv]\. ?\d{1,3}(?: ?[a-zA-Z](?!\p{L}))?(?![\p{N}]|[.,:]\d| ?%| ?kr\b| ?:-)/giu;

const QUANTITY = /^ ?(?:år|dagar|dag|dygn|dgr|veckor|vecka|v|månader|mån|timmar|timme|tim|h|min|minuter|gånger|ggr|st|personer|kvinnor|män|barn|nätter)(?!\p{L})/iu;

// "c/o Svensson": whoever the post goes through is part of the address.
const CARE_OF = /(?<![\p{L}\p{N}])(?:c\/o|c\/0|care of)\.?:? ?\p{L}[\p{L}-]*/giu;

function addresses(view: View): PiiFinding[] {
  const found: PiiFinding[] = [];
  for (const m of view.text.matchAll(CARE_OF)) found.push(located(view, "address", m.index, m[0].length));
  for (const m of view.text.matchAll(ABBREVIATED)) found.push(located(view, "address", m.index, m[0].length));
  for (const m of view.text.matchAll(ADDRESS)) {
    const word = m[1] ?? "";
    const ending = STREET_ENDINGS.find((e) => word.toLowerCase().endsWith(e)) ?? "";
    const prefix = word.length - ending.length;
    const qualified = QUALIFIER.test(view.text.slice(Math.max(0, m.index - 8), m.index));
    if (prefix < 2 && !STANDALONE.includes(word.toLowerCase()) && !qualified) continue;
    if (NOT_STREETS.test(word)) continue;
    // "gatan 3 år", "Stora torget 2 timmar": a quantity, not a house number.
    if (QUANTITY.test(view.text.slice(m.index + m[0].length))) continue;
    found.push(located(view, "address", m.index, m[0].length));
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Names introduced as names: "heter Anna", "kallas Ana", "Namn: Anna", "hennes namn är Fatima".

const NAME = "\\p{Lu}\\p{Ll}+(?:-\\p{Lu}?\\p{Ll}+)?(?: \\p{Lu}\\p{Ll}+)?";
// Written in capitals throughout ("HON HETER MARIA"): a capitalised word after a capitalised verb.
const CAPS_NAME = "\\p{Lu}{2,}(?:-\\p{Lu}{2,})?";
// Words people put between the verb and the name: "heter typ Maria", "kallar sig visst Diana".
const FILLER = "(?: (?:egentligen|också|bara|numera|nu|typ|visst|tydligen|kanske|troligen|ju|väl|alltså|förmodligen|enligt (?:henne|honom|dem|uppgift)|i förnamn|i efternamn))*";
const INTRODUCED = new RegExp(
  `(?<!\\p{L})(?:[Hh]eter|[Hh]ette|[Kk]allas(?: för)?|[Kk]allad(?: för)?|[Kk]allades(?: för)?|[Kk]allar (?:sig|henne|honom)(?: för)?|[Pp]resenter(?:ar|ade|at) sig som|[Pp]resenterades som|[Ii]ntroducer(?:ar|ade|at) sig som|[Kk]allade (?:sig|henne|honom)(?: för)?|[Kk]allat (?:sig|henne|honom)(?: för)?|[Ii]s called|[Nn]ame is|[Cc]alls herself|[Cc]alls himself)${FILLER} (${NAME})`,
  "gu",
);
// Typed in lower case ("hon heter maria"): only after a word for a person, since "insatsen heter
// integration" names a thing.
const PERSON = "(?:hon|han|hen|jag|kvinnan|mannen|flickan|tjejen|killen|pojken|dottern|sonen|barnet|bebisen|mamman|mamma|pappan|pappa|klienten|personen|offret|den utsatta|hennes (?:dotter|son|mamma|pappa|man|kille|syster|bror|väninna)|hans (?:dotter|son|mamma|pappa|fru|tjej|syster|bror))";
const INTRODUCED_LOWER = new RegExp(
  `(?<!\\p{L})${PERSON} (?:heter|hette|kallas(?: för)?|kallar sig(?: för)?)${FILLER} (\\p{Ll}{2,})(?!\\p{L})`,
  "giu",
);
const NOT_LOWER_NAME = /^(?:det|så|den|inte|ju|nog|väl|något|ingenting|likadant|samma|som|och|att|en|ett|på|i|till|för|vad|hur|oklart|okänt|okänd|egentligen|också|bara|numera|nu|typ|visst|tydligen|kanske|troligen|alltså|förmodligen)$/iu;
// "Mötet heter Plattformsmöte 7", "Insatsen heter Integration": things, not people, have these names.
const THING = /(?:^|[^\p{L}])(?:(?!barnet|offret|vittnet)\p{L}{3,}et|\p{L}*(?:insatsen|kampanjen|gruppen|kanalen|organisationen|föreningen|stiftelsen|kursen|filmen|pjäsen|rapporten|filen|appen|tjänsten|enheten|verksamheten|utbildningen|konferensen|manualen|strategin|lagen|avdelningen|mottagningen|kliniken|skolan|kyrkan|församlingen|mappen|boendet|projekt|program)) $/iu;
const INTRODUCED_CAPS = new RegExp(
  `(?<!\\p{L})(?:HETER|HETTE|KALLAS|KALLAD|KALLADES|KALLA(?:R|DE) (?:SIG|HENNE|HONOM)|PRESENTERA(?:R|DE) SIG SOM|NAME IS)(?: \\p{Lu}+)?? (${CAPS_NAME})(?!\\p{L})`,
  "gu",
);
// "namn: x" / "förnamn x" / "namnet är X". After a colon any word is a name unless it says there is none.
// A dash stands for the colon ("namn - Ana"); English labels too ("Name: Joy", "first name Joy").
const LABELLED = new RegExp(
  `(?<!\\p{L})((?:[Ff]ör|[Ee]fter|[Tt]illtals|[Ff]irst |[Ll]ast |[Ss]ur|[Ff]ull |[Gg]iven )?(?:[Nn]amn(?:et)?|[Nn]ame)|NAMN(?:ET)?|(?:FÖR|EFTER)NAMN|NAME)(?: ?[:=\\-\u2013\u2014] ?| (?:är|var|is|was) | )(\\p{L}[\\p{L}-]*)`,
  "gu",
);
const NO_NAME = /^(?:okänt|okänd|saknas|inte|ej|skyddat|skyddad|hemligt|hemlig|oklart|ingen|inget|på|för|och|som|till|i|nsp\d*|ärendenumret|anges|ändras|byts|finns|unknown|not|of|and|the|withheld|n\/a|se|see|bilaga|attachment|below|above|nedan|ovan)$/iu;
// Whose name: "Organisationens namn: Frälsningsarmén" names no person.
const NOT_A_PERSON = /(?:organisationens|föreningens|boendets|insatsens|projektets|gruppens|kanalens|mötets|företagets|kommunens|skolans|filens|kursens|programmets|appens|platsens|gatans|stiftelsens|myndighetens|file|user|group|channel|project|meeting|organi[sz]ation|company|event|course|program(?:me)?|domain|host)\s*$/iu;

// "mitt namn är sara", "hennes förnamn var olga": whose name it is says it is a person's, so a word
// in lower case counts too (unless it says the name is unknown or protected).
const POSSESSED_NAME = new RegExp(
  `(?<!\\p{L})(?:mitt|min|ditt|hennes|hans|hens|deras|kvinnans|mannens|flickans|pojkens|barnets|dotterns|sonens|klientens|mammans|pappans|offrets)(?: (?:riktiga|egentliga|rätta|fullständiga))? (?:för|efter|tilltals)?namn (?:är|var) (\\p{Ll}{2,})(?!\\p{L})`,
  "giu",
);

function names(view: View): PiiFinding[] {
  const found: PiiFinding[] = [];
  for (const re of [INTRODUCED, INTRODUCED_CAPS, INTRODUCED_LOWER]) {
    for (const m of view.text.matchAll(re)) {
      if (re === INTRODUCED_LOWER && NOT_LOWER_NAME.test(m[1] ?? "")) continue;
      if (re !== INTRODUCED_LOWER && THING.test(view.text.slice(Math.max(0, m.index - 30), m.index))) continue;
      const f = located(view, "name", m.index, m[0].length);
      if (!overlaps(f, found)) found.push(f);
    }
  }
  for (const m of view.text.matchAll(POSSESSED_NAME)) {
    const word = m[1] ?? "";
    if (NO_NAME.test(word) || NOT_LOWER_NAME.test(word) || /^(?:känt|skyddat|hemligt|detsamma|annorlunda)$/iu.test(word)) continue;
    const f = located(view, "name", m.index, m[0].length);
    if (!overlaps(f, found)) found.push(f);
  }
  for (const m of view.text.matchAll(LABELLED)) {
    const [whole, label = "", word = ""] = m;
    const colon = /[:=]/.test(whole.slice(label.length));
    const capitalised = /^\p{Lu}\p{Ll}/u.test(word);
    if (!(capitalised || colon) || NO_NAME.test(word)) continue;
    // "Namn: NSP" – an abbreviation; but under a label in capitals ("NAMN: MARIA") capitals are the style.
    const shouted = /^\p{Lu}+$/u.test(label.replace(/[^\p{L}]/gu, ""));
    if (/^\p{Lu}+\d*$/u.test(word) && word.length > 1 && !(shouted && /^\p{Lu}{2,}$/u.test(word))) continue;
    if (NOT_A_PERSON.test(view.text.slice(0, m.index))) continue;
    const f = located(view, "name", m.index, whole.length);
    if (!overlaps(f, found)) found.push(f);
  }
  return found;
}

// ---------------------------------------------------------------------------------------------

/** Personal data found in `text`, in order of position. Overlapping candidates are reported once:
 * e-mail addresses first, then identity numbers, phone numbers, addresses and names. */
export function findPersonalData(text: string): PiiFinding[] {
  const all: PiiFinding[] = [];
  const add = (findings: PiiFinding[]): void => {
    for (const f of findings) if (!overlaps(f, all)) all.push(f);
  };
  // Line breaks read as a space first, then as nothing (a number split over two lines); the second
  // reading adds only what the first did not see.
  for (const mode of ["space", "remove"] as const) {
    const view = normalise(text, mode);
    if (mode === "remove" && !LINE_BREAK.test(text)) break;
    const numbers = numericView(view);
    add(emails(view));
    add(identityNumbers(numbers));
    add(phoneNumbers(numbers));
    add(addresses(view));
    add(names(view));
  }
  return all.sort((a, b) => a.index - b.index);
}

const WHAT: Record<PiiKind, string> = {
  personnummer: "ett personnummer",
  samordningsnummer: "ett samordningsnummer",
  phone: "ett telefonnummer",
  email: "en e-postadress",
  address: "en adress",
  name: "ett namn",
};

/** "ett personnummer", "en e-postadress" … (for messages that name what was found). */
export function piiKindText(kind: PiiKind): string {
  return WHAT[kind];
}

const ORDER: readonly PiiKind[] = ["personnummer", "samordningsnummer", "phone", "email", "address", "name"];

/** null when clean; otherwise a Swedish message naming what was found, without echoing it.
 * `only` narrows the kinds looked for (an organisation's name may be a person's or a street's). */
export function personalDataError(text: string, only?: readonly PiiKind[]): string | null {
  const kinds = new Set(findPersonalData(text).map((f) => f.kind).filter((k) => !only || only.includes(k)));
  if (kinds.size === 0) return null;
  const sentences = ORDER.filter((k) => kinds.has(k)).map((k) => `Texten innehåller något som ser ut som ${WHAT[k]}.`);
  const it = sentences.length === 1 ? "det" : "dem";
  return `${sentences.join(" ")} Ta bort ${it} – beskriv personen bara med ärendenumret (t.ex. NSP003).`;
}
