// How a request is named to people (issue #12, item 6). A request has one visible number of its
// own, "ansökan nr 12", which is never called "ärende": an ärende is a case (NSP004), a person
// followed through the programme, and may hold many requests.
import { measureLabel } from "./cost.js";
import { daysText, formatDate } from "./format.js";
import { MEASURE_LABEL, type MeasureKind, type RequestType } from "./types.js";

/** "nr 12" — the request's number as shown after "ansökan"/"Ansökan". */
export const requestNo = (id: number): string => `nr ${id}`;

/** "Ansökan nr 12" — the request's name at the start of a sentence or a heading. */
export const requestName = (id: number): string => `Ansökan ${requestNo(id)}`;

/** The short word for what kind of thing was asked, used before ":" in `askedLabel`. The long
 * REQUEST_TYPE_LABEL ("Max 30 dagars vila") stays for forms and the report's tables. */
export const REQUEST_TYPE_SHORT: Record<RequestType, string> = {
  inquiry: "Förfrågan",
  admission: "Tillträde",
  rest: "Vila",
  integration: "Integration",
  measure: "Insats",
};

/** The structured fields that say what a request asks for (never the applicant's free text). */
export interface AskedFields {
  type: RequestType;
  startDate: Date | null;
  endDate: Date | null;
  days: number | null;
  children: number | null;
  protection: boolean;
  measure: string | null;
  quantity: number | null;
  unitAmount: number | null;
}

/** "Terapi 5 tillfällen × 500 kr" for a measure, "2016-09-01 – 2016-09-30 (30 dagar), 1 medföljande
 * barn" for a period, "–" when the request has neither (an inquiry, an admission). */
export function askedDetail(r: AskedFields): string {
  if (r.type === "measure") {
    const kind = r.measure as MeasureKind | null;
    if (!kind || !(kind in MEASURE_LABEL)) return "–";
    return measureLabel(kind, r.quantity ?? 1, r.unitAmount ?? 0);
  }
  if (r.startDate && r.endDate) {
    const extras = [r.children ? `${r.children} medföljande barn` : null, r.protection ? "dygnet-runt-skydd" : null].filter(Boolean);
    return `${formatDate(r.startDate)} – ${formatDate(r.endDate)} (${daysText(r.days)})${extras.length ? `, ${extras.join(", ")}` : ""}`;
  }
  return "–";
}

/** What was asked: the short type word and its detail, "Insats: terapi 5 tillfällen × 500 kr",
 * "Vila: 2016-09-01 – 2016-09-30 (30 dagar)", "Tillträde", "Förfrågan". A measure's name is
 * lower-cased after the colon (none of them is a proper noun). */
export function askedLabel(r: AskedFields): string {
  const word = REQUEST_TYPE_SHORT[r.type];
  const detail = askedDetail(r);
  if (detail === "–") return word;
  return `${word}: ${r.type === "measure" ? detail.charAt(0).toLowerCase() + detail.slice(1) : detail}`;
}

/** "Ansökan nr 12 – Insats: terapi 5 tillfällen × 500 kr (NSP001)": a request named to a person,
 * with what was asked and the case it belongs to (a request without a case: no parenthesis). */
export function requestLine(r: AskedFields & { id: number; caseRef: string | null }): string {
  return `${requestName(r.id)} – ${askedLabel(r)}${r.caseRef ? ` (${r.caseRef})` : ""}`;
}
