// Characters no submitted text may contain. Decided here, once, for every text field of every
// modal (and for option values whose list is built at run time):
//
// - C0 controls U+0000–U+001F are refused, except in multiline fields TAB U+0009, LINE FEED U+000A
//   and CARRIAGE RETURN U+000D (pasted text carries them). Single-line fields refuse all of C0:
//   Slack's single-line input cannot produce them.
// - DEL U+007F and the C1 controls U+0080–U+009F are refused.
// - Lone UTF-16 surrogates (U+D800–U+DFFF not part of a pair) are refused.
//
// Why: PostgreSQL text cannot hold NUL, so the insert fails and the user used to be told "försök
// igen", which can never succeed; a lone surrogate is silently replaced by U+FFFD on its way to
// UTF-8, so what is stored differs from what was checked; the other controls are invisible, can
// split a personnummer or phone number so that no pattern sees it, and break CSV and iCalendar
// output. Format characters (zero-width space, bidi marks, U+00AD) are not refused: they occur in
// text pasted from other programs, and the personal-data detector strips them before matching.

const SINGLE_LINE = /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udfff]/u;
const MULTILINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|[\ud800-\udfff]/u;

/** "U+0000" for the first refused character in `text`, or null when it may be stored. */
export function forbiddenCharacter(text: string, opts: { multiline: boolean }): string | null {
  const found = (opts.multiline ? MULTILINE : SINGLE_LINE).exec(text);
  if (!found) return null;
  const code = found[0].codePointAt(0) ?? 0;
  return `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** The Swedish error for a refused character, next to the field. */
export function forbiddenCharacterError(text: string, opts: { multiline: boolean }): string | null {
  const found = forbiddenCharacter(text, opts);
  return found
    ? `Texten innehåller ett osynligt styrtecken (${found}) som inte kan sparas. Ta bort det, t.ex. genom att skriva om texten i stället för att klistra in den.`
    : null;
}

/** Length as Slack's inputs count it for max_length: in characters (code points), not UTF-16 units. */
export function textLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
