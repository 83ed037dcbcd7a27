// Validation of a request's fields: Swedish messages keyed by field name, shown next to the
// modal's fields. Plain functions; the caller maps field names to block ids.
import { daysInclusive, formatKr, isoDay, plural } from "./format.js";
import type { Rates } from "./rates.js";
import type { MeasureKind } from "./types.js";

export type FieldErrors = Partial<Record<string, string>>;

/** 3 → "NSP003", 1234 → "NSP1234". */
export function formatCaseRef(n: number): string {
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`a case number is a positive integer, got ${n}`);
  return `NSP${String(n).padStart(3, "0")}`;
}

/** "NSP3", "nsp003", " NSP 003 " → "NSP003"; anything else → null. */
export function parseCaseRef(s: string): string | null {
  const m = /^\s*nsp\s*-?\s*(\d{1,6})\s*$/i.exec(s);
  if (!m?.[1]) return null;
  const n = Number(m[1]);
  return n > 0 ? formatCaseRef(n) : null;
}

/** A whole number typed into a text input: "12 500", "12500", "12 500 kr" → 12500; "12,5",
 * "-5", "1 2", "abc", "" → null. */
export function parseWholeNumber(s: string | undefined | null): number | null {
  if (s === undefined || s === null) return null;
  const text = s
    .replace(/[\u00a0\u202f]/g, " ")
    .trim()
    .replace(/\s*kr\.?$/i, "");
  if (!/^(?:\d+|\d{1,3}(?: \d{3})+)$/.test(text)) return null;
  const n = Number(text.replace(/ /g, ""));
  return Number.isSafeInteger(n) ? n : null;
}

interface PeriodFields {
  from: Date | null;
  to: Date | null;
  children: number | null;
}

function validatePeriod(input: PeriodFields, maxDays: number, alreadyGranted: number): FieldErrors {
  const errors: FieldErrors = {};
  if (!input.from) errors.from = "Välj ett startdatum.";
  if (!input.to) errors.to = "Välj ett slutdatum.";
  if (input.children === null || !Number.isInteger(input.children) || input.children < 0 || input.children > 20) {
    errors.children = "Ange antal medföljande barn som ett heltal mellan 0 och 20.";
  }
  if (input.from && input.to) {
    if (input.to < input.from) {
      errors.to = "Slutdatumet måste vara samma dag som eller efter startdatumet.";
    } else {
      const days = daysInclusive(input.from, input.to);
      const granted = Math.max(alreadyGranted, 0);
      const left = Math.max(maxDays - granted, 0);
      if (days > left) {
        errors.to =
          granted === 0
            ? `Perioden är ${plural(days, "dag", "dagar")}; högst ${plural(maxDays, "dag", "dagar")} kan sökas.`
            : left === 0
              ? `Ärendet har redan beviljats ${plural(granted, "dag", "dagar")}, så inga dagar återstår av högst ${maxDays} dagar.`
              : `Perioden är ${plural(days, "dag", "dagar")}, men ärendet har redan beviljats ${plural(granted, "dag", "dagar")}, så högst ${plural(left, "dag", "dagar")} återstår av ${maxDays} dagar.`;
      }
    }
  }
  return errors;
}

export function validateRest(input: PeriodFields, rates: Rates, alreadyGrantedDays = 0): FieldErrors {
  return validatePeriod(input, rates.restMaxDays, alreadyGrantedDays);
}

export function validateIntegration(input: PeriodFields, rates: Rates, alreadyGrantedDays = 0): FieldErrors {
  return validatePeriod(input, rates.integrationMaxDays, alreadyGrantedDays);
}

/**
 * A measure's limits (issue #13, following the 2016 programme): the budget's "Stödinsatser
 * 500-5000" is read as
 * - at most `measureMaxAmount` (5 000 kr) per unit (a therapy session, a lawyer hour: the report
 *   granted a lawyer 5 h × 2 500 kr = 12 500 kr, so there is no maximum on the total), and
 * - a minimum of `measureMinAmount` (500 kr) on the measure's *total* (quantity × amount), which the
 *   coordinator may waive with a reason: the report granted a 389 kr mileage claim (NSP002). A total
 *   below the minimum can be filed (the cost preview says so, `belowMinimumNote`); it is granted only
 *   with a written reason (checked in services/requests.ts at the decision, `belowMinimumRefusal`).
 */
export function validateMeasure(
  input: { measure: MeasureKind | null; quantity: number | null; unitAmount: number | null },
  rates: Rates,
): FieldErrors {
  const errors: FieldErrors = {};
  if (!input.measure) errors.measure = "Välj en insats.";
  if (input.quantity === null || !Number.isInteger(input.quantity) || input.quantity < 1 || input.quantity > 50) {
    errors.quantity = "Ange antal som ett heltal mellan 1 och 50.";
  }
  const max = rates.measureMaxAmount;
  if (input.unitAmount === null || !Number.isInteger(input.unitAmount)) {
    errors.unitAmount = `Ange beloppet per styck i hela kronor, högst ${formatKr(max)}.`;
  } else if (input.unitAmount < 1) {
    errors.unitAmount = "Beloppet per styck måste vara minst 1 kr.";
  } else if (input.unitAmount > max) {
    errors.unitAmount = `Beloppet per styck får vara högst ${formatKr(max)}.`;
  }
  return errors;
}

/** The measure's total is below the period's minimum: it needs the coordinator's reason to be granted. */
export function belowMeasureMinimum(total: number, rates: Pick<Rates, "measureMinAmount">): boolean {
  return total > 0 && total < rates.measureMinAmount;
}

/** Shown with the cost (apply modal) and in the decision modal when the total is below the minimum. */
export function belowMinimumNote(total: number, minimum: number): string {
  return `${formatKr(total)} är under minimibeloppet ${formatKr(minimum)} – samordnaren kan bevilja med motivering.`;
}

/** Why a grant of a measure below the minimum was refused: it has no reason. Next to the reason field. */
export function belowMinimumRefusal(total: number, minimum: number): string {
  return `Insatsen är ${formatKr(total)}, under minimibeloppet ${formatKr(minimum)}. Skriv en motivering för att bevilja den.`;
}

// ---------------------------------------------------------------------------------------------
// At the decision: the caps count the days already granted and those being granted now, and a
// case's rest, integration and measures wait for its admission (issue #12). Inquiries and
// admissions are not subject to either.

/** The days a case may still be granted of a request: what is left under the cap, at most the request. */
export function daysThatFit(maxDays: number, alreadyGranted: number, requestedDays: number): number {
  return Math.max(0, Math.min(requestedDays, maxDays - Math.max(alreadyGranted, 0)));
}

export interface CapCheck {
  type: "rest" | "integration";
  maxDays: number;
  /** Days already granted to the case for this type (other requests). */
  alreadyGranted: number;
  /** The days the request asks for. */
  requestedDays: number;
  /** The largest grant that fits (0: none). */
  fits: number;
}

const CAP_NAME: Record<CapCheck["type"], string> = { rest: "vila", integration: "integration" };

/** "10 av 20 dagar ryms" – the largest grant of days under the cap, for the views. */
export function capFitText(c: Pick<CapCheck, "requestedDays" | "fits">): string {
  return `${c.fits} av ${plural(c.requestedDays, "dag", "dagar")} ryms`;
}

/** Why a grant was refused by the cap, next to the field in the decision modal. */
export function capRefusalText(c: CapCheck): string {
  const cap = `Högst ${c.maxDays} dagars ${CAP_NAME[c.type]} per ärende, och ärendet har redan beviljats ${plural(c.alreadyGranted, "dag", "dagar")}`;
  return c.fits > 0
    ? `${cap}: ${capFitText(c)}. Välj Bevilja delvis med ${plural(c.fits, "dag", "dagar")}, eller Avslå.`
    : `${cap}: inga fler dagar ryms. Avslå ansökan.`;
}

/** The status of a case's admission that holds back its other grants. */
export type PendingAdmission = "received" | "under_review" | "denied";

/** Why a case's rest, integration or measure cannot be granted yet: its admission is not granted. */
export function admissionRefusalText(caseRef: string, admission: PendingAdmission): string {
  return admission === "denied"
    ? `Tillträdet för ${caseRef} har fått avslag, så ärendets vila, integration och stödinsatser kan inte beviljas.`
    : `Tillträdet för ${caseRef} är inte beviljat ännu. Bevilja ansökan om tillträde först; vila, integration och stödinsatser kan beviljas först därefter.`;
}

/** A period may have started at most this many days before it is applied for (the programme
 * denied a request for a period already passed, NSP006). */
export const PAST_START_MAX_DAYS = 30;

/** A period that started before `today` (both calendar dates at UTC midnight): refused when it
 * started more than PAST_START_MAX_DAYS ago, else a note; null when it starts today or later. */
export function pastStart(start: Date, today: Date): { daysAgo: number; refused: boolean; text: string } | null {
  const daysAgo = daysInclusive(start, today) - 1;
  if (daysAgo <= 0) return null;
  const date = isoDay(start);
  if (daysAgo > PAST_START_MAX_DAYS) {
    return {
      daysAgo,
      refused: true,
      text: `Perioden började ${date}, för ${daysAgo} dagar sedan. En period som började för mer än ${PAST_START_MAX_DAYS} dagar sedan kan inte sökas i efterhand.`,
    };
  }
  return { daysAgo, refused: false, text: pastStartNote(start, daysAgo) };
}

/** "Perioden började 2016-09-03 (för 12 dagar sedan)." */
export function pastStartNote(start: Date, daysAgo: number): string {
  return `Perioden började ${isoDay(start)} (för ${daysAgo} ${daysAgo === 1 ? "dag" : "dagar"} sedan).`;
}
