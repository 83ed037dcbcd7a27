// Personal data has an end date (issue #14, item 3), as plain rules: the marker that replaces
// erased free text, when a closed case is due for erasure, and how text is taken out of an audit
// row's before/after JSON while its structure (statuses, amounts, dates, ids) is kept.
import { TZDate } from "@date-fns/tz";
import { subMonths } from "date-fns";
import { TIME_ZONE } from "./format.js";

/** What erased free text reads afterwards (in the database, the case file, re-rendered Slack messages). */
export const ERASED_TEXT = "[Texten är raderad]";

/**
 * The answer to a payment note on a request whose text is erased for good (its case closed and
 * erased since, or a request without a case erased): nothing would erase the note later, so none
 * is taken. Shown next to the note field (Slack) or after `--note:` (CLI).
 */
export const TEXT_ERASED_NOTE = "Ärendets fritext är raderad (dataskydd), så ingen ny text kan sparas i det – lämna anteckningen tom.";

/**
 * The last day (UTC midnight of a Stockholm calendar day) on which a case must have been closed
 * for its text to be erased at `now`: "closed more than `months` months ago". A case closed on that
 * day or earlier is due; one closed the day after is not (yet).
 */
export function retentionCutoff(now: Date, months: number): Date {
  const local = new TZDate(now.getTime(), TIME_ZONE);
  const today = new Date(Date.UTC(local.getFullYear(), local.getMonth(), local.getDate()));
  // subMonths keeps the day of month where it exists (31 March − 1 month = 28/29 February).
  const back = subMonths(new TZDate(today.getTime(), "UTC"), months);
  return new Date(Date.UTC(back.getFullYear(), back.getMonth(), back.getDate() - 1));
}

/**
 * Keys of audit JSON whose string values are free text written by people (a reason, a question,
 * an answer, a justification, a note …). Any key ending in one of these words counts too
 * ("transferReason", "closeNote") and their plurals ("answers"). New audit rows that copy free text must use such a key, so the
 * erasure finds it (tests/domain/erasure.test.ts).
 */
// "override": a payment's audit row (payment_reported/payment_confirmed) holds the admin's reason
// for paying more than granted under the key "override" (src/services/payments.ts).
const TEXT_KEY_WORDS = ["reason", "justification", "question", "answer", "note", "text", "comment", "message", "motivation", "description", "override"];

export function isTextKey(key: string): boolean {
  const k = key.toLowerCase();
  return TEXT_KEY_WORDS.some((w) => k.endsWith(w) || k.endsWith(`${w}s`));
}

/**
 * The JSON with every string under a text key (at any depth, also inside arrays under it)
 * replaced by ERASED_TEXT; everything else (numbers, booleans, statuses, dates, ids) unchanged.
 * Returns the same value when nothing was text.
 */
export function scrubAuditJson<T>(value: T): T {
  // Strings stay strings, objects keep their keys and arrays their length: the shape is T's.
  return scrub(value, false) as T;
}

function scrub(value: unknown, underText: boolean): unknown {
  if (typeof value === "string") return underText && value !== "" ? ERASED_TEXT : value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, underText));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = scrub(v, underText || isTextKey(k));
    return out;
  }
  return value;
}

/** Whether scrubAuditJson would change `value`. */
export function auditJsonHasText(value: unknown): boolean {
  return JSON.stringify(scrubAuditJson(value)) !== JSON.stringify(value);
}
