// Validation of a request's fields: Swedish messages keyed by field name, shown next to the
// modal's fields. Plain functions; the caller maps field names to block ids.
import { daysInclusive, formatKr } from "./format.js";
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
            ? `Perioden är ${days} dagar; högst ${maxDays} dagar kan sökas.`
            : left === 0
              ? `Ärendet har redan beviljats ${granted} dagar, så inga dagar återstår av högst ${maxDays} dagar.`
              : `Perioden är ${days} dagar, men ärendet har redan beviljats ${granted} dagar, så högst ${left} dagar återstår av ${maxDays} dagar.`;
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

export function validateMeasure(
  input: { measure: MeasureKind | null; quantity: number | null; unitAmount: number | null },
  rates: Rates,
): FieldErrors {
  const errors: FieldErrors = {};
  if (!input.measure) errors.measure = "Välj en insats.";
  if (input.quantity === null || !Number.isInteger(input.quantity) || input.quantity < 1 || input.quantity > 50) {
    errors.quantity = "Ange antal som ett heltal mellan 1 och 50.";
  }
  const { measureMinAmount: min, measureMaxAmount: max } = rates;
  if (input.unitAmount === null || !Number.isInteger(input.unitAmount)) {
    errors.unitAmount = `Ange beloppet per styck i hela kronor, mellan ${formatKr(min)} och ${formatKr(max)}.`;
  } else if (input.unitAmount < min || input.unitAmount > max) {
    errors.unitAmount = `Beloppet måste vara mellan ${formatKr(min)} och ${formatKr(max)}.`;
  }
  return errors;
}
