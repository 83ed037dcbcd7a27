// From the apply modal's fields (an ApplyForm, read by src/views/apply-form.ts) to a validated
// request: field errors keyed by the modal's block ids (for `response_action: "errors"`), or a
// NewRequest ready to be stored.
import { SIGNAL } from "../domain/signals.js";
import { sqlOf, type Db } from "../core/db.js";
import { sql } from "../core/sql.js";
import { computeCost, type CostResult } from "../domain/cost.js";
import { formatDate, formatKr, parseIsoDate, todayDate } from "../domain/format.js";
import { personalDataError } from "../domain/pii.js";
import type { Rates } from "../domain/rates.js";
import { belowMeasureMinimum, belowMinimumNote, parseCaseRef, parseWholeNumber, pastStart, validateIntegration, validateMeasure, validateRest, type FieldErrors } from "../domain/rules.js";
import {
  AGE_BANDS,
  COUNTRIES,
  EXPLOITATION_TYPES,
  GENDERS,
  MEASURE_KINDS,
} from "../domain/types.js";
import { APPLY_BLOCK as B } from "../core/ids.js";
import { caseClosedText } from "../domain/case-outcome.js";
import type { CaseOutcome } from "../domain/types.js";
import type { Actor } from "./members.js";
import { periodRatesForDate } from "./periods.js";
import { grantedDaysForCase } from "./requests.js";
import type { CaseBackground, NewRequest } from "../domain/request.js";
import { formChargeDate, formCostInput, type ApplyForm } from "../domain/apply-form.js";

const isOneOf = <T extends string>(list: readonly T[], v: string | null): v is T => v !== null && (list as readonly string[]).includes(v);

const todayIso = (): string => formatDate(new Date());

/** The date that picks the budget period: the start date, else today. */
const chargeDate = (form: ApplyForm): string => formChargeDate(form, todayIso());

/** "(Vila 30 dagar × 1 200 kr = 36 000 kr · …) – satser för Pilot 2016": how a total was priced. */
export function costDetailText(cost: CostResult, periodName: string): string {
  const lines = cost.lines.map((l) => `${l.label} = ${formatKr(l.amount)}`).join(" · ");
  return `${lines ? `(${lines}) ` : ""}– satser för ${periodName}`;
}

export function costPreviewText(cost: CostResult, periodName: string): string {
  return `*Beräknad kostnad: ${formatKr(cost.total)}*  ${costDetailText(cost, periodName)}`;
}

/**
 * A cost preview: `text` the apply modal's line (null while the fields are incomplete), `total` the
 * amount it shows (null when it shows none), `detail` how that total was priced (null without one;
 * the correction modal shows it under its own headline).
 */
export interface CostPreview {
  text: string | null;
  total: number | null;
  detail: string | null;
}

/**
 * The cost preview for the modal: the text (null while the fields are incomplete) and the total it
 * shows (null when it shows no amount). Priced exactly as buildRequest prices the stored request:
 * the same inputs (formCostInput), the same period (formChargeDate), the same computeCost.
 */
export async function previewCost(db: Db, form: ApplyForm): Promise<CostPreview> {
  const input = formCostInput(form);
  if (!input) return { text: null, total: null, detail: null };
  const date = parseIsoDate(chargeDate(form));
  const period = date ? await periodRatesForDate(db, date) : null;
  if (!period) return { text: `${SIGNAL.warning} Ingen budgetperiod omfattar ${chargeDate(form)}, så kostnaden kan inte beräknas.`, total: null, detail: null };
  const cost = computeCost(input, period);
  const text = costPreviewText(cost, period.name);
  // A measure below the minimum can be filed; the coordinator may grant it with a reason.
  const note = input.type === "measure" && belowMeasureMinimum(cost.total, period) ? `\n:information_source: ${belowMinimumNote(cost.total, period.measureMinAmount)}` : "";
  return { text: `${text}${note}`, total: cost.total, detail: `${costDetailText(cost, period.name)}${note}` };
}

export type BuildResult = { errors: FieldErrors } | { request: NewRequest };

function piiErrors(form: ApplyForm, errors: FieldErrors): void {
  const pii = personalDataError(form.justification);
  if (pii) errors[B.justification] = pii;
  const ref = personalDataError(form.caseRef);
  if (ref && !errors[B.caseRef]) errors[B.caseRef] = ref;
}

/** Maps the domain's field names to the modal's block ids. */
function mapErrors(domain: FieldErrors, map: Record<string, string>, into: FieldErrors): void {
  for (const [field, message] of Object.entries(domain)) {
    if (message) into[map[field] ?? field] = message;
  }
}

/** The answer for a case that does not exist and for one of another organisation (also one moved away, issue #14). */
export const caseNotHereText = (ref: string, orgName: string): string => `Ärendet ${ref} finns inte hos ${orgName}.`;

async function resolveCase(db: Db, actor: Actor, raw: string, optional: boolean, errors: FieldErrors) {
  if (raw === "") {
    if (!optional) errors[B.caseRef] = "Ange ärendenumret (t.ex. NSP003). Ett nytt ärende får du genom en ansökan om tillträde.";
    return null;
  }
  const ref = parseCaseRef(raw);
  if (!ref) {
    errors[B.caseRef] = "Ärendenumret ska se ut som NSP003.";
    return null;
  }
  const { rows } = await sqlOf(db).query<{ id: number; org_id: number; outcome: CaseOutcome | null; closed_on: string | null }>(
    sql`SELECT "id", "org_id", "outcome"::text AS "outcome", to_char("closed_on", 'YYYY-MM-DD') AS "closed_on" FROM "case" WHERE "ref" = ${ref}`,
  );
  const found = rows[0];
  if (!found || found.org_id !== actor.orgId) {
    // The same answer whether the case does not exist or belongs to another organisation.
    errors[B.caseRef] = caseNotHereText(ref, actor.orgName);
    return null;
  }
  // A closed case accepts no new requests (issue #12); submitRequest checks it again under a lock.
  const closedOn = found.closed_on ? parseIsoDate(found.closed_on) : null;
  if (found.outcome && closedOn) {
    errors[B.caseRef] = caseClosedText(ref, found.outcome, closedOn);
    return null;
  }
  return { id: found.id, org_id: found.org_id };
}

function background(form: ApplyForm, errors: FieldErrors): CaseBackground | null {
  if (!form.nationality || !(form.nationality in COUNTRIES)) errors[B.nationality] = "Välj nationalitet.";
  if (!isOneOf(GENDERS, form.gender)) errors[B.gender] = "Välj kön.";
  if (!isOneOf(AGE_BANDS, form.ageBand)) errors[B.ageBand] = "Välj åldersgrupp.";
  const acc = form.childrenAccompanying === "" ? 0 : parseWholeNumber(form.childrenAccompanying);
  const home = form.childrenHome === "" ? 0 : parseWholeNumber(form.childrenHome);
  if (acc === null || acc < 0 || acc > 20) errors[B.childrenAccompanying] = "Ange ett heltal mellan 0 och 20.";
  if (home === null || home < 0 || home > 20) errors[B.childrenHome] = "Ange ett heltal mellan 0 och 20.";
  const exploitation = form.exploitation.filter((e) => isOneOf(EXPLOITATION_TYPES, e));
  if (exploitation.length === 0) errors[B.exploitation] = "Välj minst en typ av människohandel.";
  const exploitedIn = form.exploitedIn.filter((c) => c in COUNTRIES);
  if (exploitedIn.length === 0) errors[B.exploitedIn] = "Välj minst ett land.";
  if (form.policeReport !== "yes" && form.policeReport !== "no") errors[B.policeReport] = "Svara ja eller nej.";
  if (Object.keys(errors).length > 0 || acc === null || home === null || !form.nationality || !form.gender || !form.ageBand) return null;
  return {
    nationality: form.nationality,
    gender: form.gender,
    ageBand: form.ageBand,
    childrenAccompanying: acc,
    childrenHome: home,
    exploitation,
    exploitedIn,
    policeReport: form.policeReport === "yes",
  };
}

/** `today`: the calendar day (UTC midnight) the date rules count from; the real Stockholm day by default. */
/** `opts.pastStartRule: false`: a correction that keeps the start date (services/request-changes.ts). */
export async function buildRequest(
  db: Db,
  actor: Actor,
  form: ApplyForm,
  submissionKey: string,
  today: Date = todayDate(),
  opts: { pastStartRule?: boolean } = {},
): Promise<BuildResult> {
  const errors: FieldErrors = {};
  if (!form.type) return { errors: { [B.type]: "Välj typ av ansökan." } };
  const type = form.type;
  if (form.justification === "") errors[B.justification] = "Skriv ett beslutsunderlag.";
  piiErrors(form, errors);

  const caseRow = type === "admission" ? null : await resolveCase(db, actor, form.caseRef, type === "inquiry", errors);
  const newCase = type === "admission" ? background(form, errors) : null;

  const dateIso = chargeDate(form);
  const date = parseIsoDate(dateIso);
  const period = date ? await periodRatesForDate(db, date) : null;
  const needsRates = type === "rest" || type === "integration" || type === "measure";
  const rates: Rates | null = period;
  if (needsRates && !rates) {
    const field = type === "measure" ? (form.measureDate ? B.measureDate : B.measure) : B.from;
    errors[field] = `Ingen budgetperiod omfattar ${dateIso}. Välj ett datum i en budgetperiod eller be en administratör lägga upp perioden.`;
  }

  let days: number | null = null;
  let startedDaysAgo: number | null = null;
  if (rates && (type === "rest" || type === "integration")) {
    const already = caseRow ? await grantedDaysForCase(db, caseRow.id, type) : 0;
    const children = form.children === "" ? 0 : parseWholeNumber(form.children);
    const fields = { from: form.from ? parseIsoDate(form.from) : null, to: form.to ? parseIsoDate(form.to) : null, children };
    const domainErrors = type === "rest" ? validateRest(fields, rates, already) : validateIntegration(fields, rates, already);
    mapErrors(domainErrors, { from: B.from, to: B.to, children: B.children }, errors);
    // A period already under way: refused when it started more than 30 days ago, else noted.
    const past = fields.from && opts.pastStartRule !== false ? pastStart(fields.from, today) : null;
    if (past?.refused && !errors[B.from]) errors[B.from] = past.text;
    startedDaysAgo = past && !past.refused ? past.daysAgo : null;
  }
  if (rates && type === "measure") {
    const measure = isOneOf(MEASURE_KINDS, form.measure) ? form.measure : null;
    const domainErrors = validateMeasure(
      { measure, quantity: parseWholeNumber(form.quantity), unitAmount: parseWholeNumber(form.unitAmount) },
      rates,
    );
    mapErrors(domainErrors, { measure: B.measure, quantity: B.quantity, unitAmount: B.unitAmount }, errors);
  }
  if (Object.keys(errors).length > 0) return { errors };

  const input = formCostInput(form);
  const cost = input && rates ? computeCost(input, rates) : { total: 0, lines: [], days: undefined };
  const span = input && (input.type === "rest" || input.type === "integration") ? input : null;
  if (span) days = cost.days ?? null;
  return {
    request: {
      submissionKey,
      applicantSlackId: actor.slackUserId,
      orgId: actor.orgId,
      type,
      caseId: caseRow?.id ?? null,
      newCase,
      periodId: period?.id ?? null,
      startDate: span ? span.from : type === "measure" && form.measureDate ? parseIsoDate(form.measureDate) : null,
      endDate: span ? span.to : null,
      days,
      children: span ? span.children : null,
      protection: input?.type === "rest" ? input.protection : false,
      measure: input?.type === "measure" ? input.measure : null,
      quantity: input?.type === "measure" ? input.quantity : null,
      unitAmount: input?.type === "measure" ? input.unitAmount : null,
      requestedAmount: cost.total,
      costLines: cost.lines.map((l) => ({ category: l.category, label: l.label, amount: l.amount })),
      justification: form.justification,
      startedDaysAgo,
    },
  };
}
