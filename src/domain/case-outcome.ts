// A case ends with an outcome (issue #12, item 3): the rules and texts of closing and reopening a
// case, shared by the Slack listeners, the operator CLI and the apply flow. Pure.
//
// Decisions:
// - The closing date is a calendar day (Stockholm): not after today, not before the day the case
//   was created (its admission was submitted that day).
// - A case with a request still waiting for a decision cannot be closed (no decision may ever land
//   on a closed case); the refusal names each such request by its number and what it asks for.
// - A closed case accepts no new requests; a coordinator or an admin can reopen it, which clears
//   the outcome (the audit keeps what it was).
import { isoDay } from "./format.js";
import { askedLabel, requestName, type AskedFields } from "./request-name.js";
import { CASE_OUTCOME_LABEL, CASE_OUTCOMES, type CaseOutcome } from "./types.js";

export function isCaseOutcome(v: unknown): v is CaseOutcome {
  return typeof v === "string" && (CASE_OUTCOMES as readonly string[]).includes(v);
}

/** "Återvändande, 2016-12-01" */
export function outcomeWithDate(outcome: CaseOutcome, closedOn: Date): string {
  return `${CASE_OUTCOME_LABEL[outcome]}, ${isoDay(closedOn)}`;
}

/** What a new request for a closed case is told (at the case field of the apply modal). */
export function caseClosedText(ref: string, outcome: CaseOutcome, closedOn: Date): string {
  return `Ärendet ${ref} är avslutat (${outcomeWithDate(outcome, closedOn)}). En samordnare kan öppna det igen.`;
}

/** What a grant on a closed case is told (defensive: closing refuses while a request is open). */
export function grantOnClosedCaseText(ref: string, outcome: CaseOutcome, closedOn: Date): string {
  return `Ärendet ${ref} är avslutat (${outcomeWithDate(outcome, closedOn)}), så inget kan beviljas i det. Avslå ansökan, eller öppna ärendet igen först.`;
}

/** Why a closing date is refused, or null. All three are calendar days (UTC midnight). */
export function closingDateError(closedOn: Date, today: Date, earliest: Date): string | null {
  if (closedOn.getTime() > today.getTime()) return `Datumet får inte ligga i framtiden (i dag är det ${isoDay(today)}).`;
  if (closedOn.getTime() < earliest.getTime()) return `Ärendet skapades ${isoDay(earliest)}; det kan inte avslutas före det.`;
  return null;
}

/** A request named with what it asks for: "Ansökan nr 12 (Vila: 2016-09-07 – 2016-10-02 (26 dagar))". */
export type WaitingRequest = AskedFields & { id: number };

export const waitingLabel = (r: WaitingRequest): string => `${requestName(r.id)} (${askedLabel(r)})`;

/** "Ansökan nr 12 (…) väntar på beslut – besluta eller återkalla den först." One sentence per request. */
export function openRequestsText(open: readonly WaitingRequest[]): string {
  return open.map((r) => `${waitingLabel(r)} väntar på beslut – besluta eller återkalla den först.`).join(" ");
}
