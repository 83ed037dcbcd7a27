// The apply modal's fields as typed, before validation: src/views/apply-form.ts reads them from the
// modal's state, src/services/apply.ts validates them into a NewRequest (domain/request.ts).
import type { CostInput } from "./cost.js";
import { isoDay, parseIsoDate } from "./format.js";
import { parseWholeNumber } from "./rules.js";
import { MEASURE_KINDS, type MeasureKind, type RequestType } from "./types.js";

export interface ApplyForm {
  type: RequestType | null;
  caseRef: string;
  from: string | null;
  to: string | null;
  children: string;
  protection: boolean;
  measure: string | null;
  quantity: string;
  unitAmount: string;
  measureDate: string | null;
  nationality: string | null;
  gender: string | null;
  ageBand: string | null;
  childrenAccompanying: string;
  childrenHome: string;
  exploitation: string[];
  exploitedIn: string[];
  policeReport: string | null;
  justification: string;
}

/** A form with nothing filled in: the start of every form built in code (the sandbox, tests). */
export const EMPTY_APPLY_FORM: Readonly<ApplyForm> = {
  type: null,
  caseRef: "",
  from: null,
  to: null,
  children: "",
  protection: false,
  measure: null,
  quantity: "",
  unitAmount: "",
  measureDate: null,
  nationality: null,
  gender: null,
  ageBand: null,
  childrenAccompanying: "",
  childrenHome: "",
  exploitation: [],
  exploitedIn: [],
  policeReport: null,
  justification: "",
};

/** The asked fields of a stored request, as formOfRequest reads them. */
export interface AskedRequestFields {
  type: RequestType;
  startDate: Date | null;
  endDate: Date | null;
  children: number | null;
  protection: boolean;
  measure: string | null;
  quantity: number | null;
  unitAmount: number | null;
  justification: string;
}

/**
 * A stored request as the form its correction modal opens with (the modal's initial values): so
 * the modal can show, before anything is changed, the cost that saving it unchanged would store.
 */
export function formOfRequest(r: AskedRequestFields, caseRef: string): ApplyForm {
  const day = (d: Date | null) => (d ? isoDay(d) : null);
  const num = (n: number | null) => (n === null ? "" : String(n));
  const span = r.type === "rest" || r.type === "integration";
  return {
    ...EMPTY_APPLY_FORM,
    type: r.type,
    caseRef,
    from: span ? day(r.startDate) : null,
    to: span ? day(r.endDate) : null,
    children: span ? String(r.children ?? 0) : "",
    protection: r.type === "rest" && r.protection,
    measure: r.type === "measure" ? r.measure : null,
    quantity: r.type === "measure" ? num(r.quantity) : "",
    unitAmount: r.type === "measure" ? num(r.unitAmount) : "",
    measureDate: r.type === "measure" ? day(r.startDate) : null,
    justification: r.justification,
  };
}

/**
 * The cost input of a form, or null while it is incomplete. The one derivation both the modal's
 * preview and the stored request use (services/apply.ts), so they price the same inputs.
 */
export function formCostInput(form: ApplyForm): CostInput | null {
  const from = form.from ? parseIsoDate(form.from) : null;
  const to = form.to ? parseIsoDate(form.to) : null;
  const children = form.children === "" ? 0 : parseWholeNumber(form.children);
  if (form.type === "rest" || form.type === "integration") {
    if (!from || !to || children === null || to < from) return null;
    return form.type === "rest" ? { type: "rest", from, to, children, protection: form.protection } : { type: "integration", from, to, children };
  }
  if (form.type === "measure") {
    const quantity = parseWholeNumber(form.quantity);
    const unitAmount = parseWholeNumber(form.unitAmount);
    if (!isMeasureKind(form.measure) || quantity === null || unitAmount === null) return null;
    return { type: "measure", measure: form.measure, quantity, unitAmount };
  }
  return null;
}

/** The day that picks the budget period (and so the rates): the start date, else `today` (ISO). */
export function formChargeDate(form: ApplyForm, today: string): string {
  if (form.type === "rest" || form.type === "integration") return form.from ?? today;
  if (form.type === "measure") return form.measureDate ?? today;
  return today;
}

const isMeasureKind = (v: string | null): v is MeasureKind => v !== null && (MEASURE_KINDS as readonly string[]).includes(v);

/**
 * Whether a submit must come back to the applicant instead of being stored: a request with a cost
 * whose figure on screen (`shown`, from the modal's metadata; undefined when the modal showed none
 * or the metadata could not be read) is not the amount about to be stored. Never two amounts for
 * one request: stored only when the applicant saw exactly that figure.
 */
export function mustReconfirmCost(type: RequestType, shown: number | undefined, stored: number): boolean {
  if (type !== "rest" && type !== "integration" && type !== "measure") return false;
  return shown !== stored;
}
