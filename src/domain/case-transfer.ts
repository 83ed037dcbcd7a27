// Handing a case to another organisation (issue #14, item 2): the rules and texts shared by the
// Slack listeners, the operator CLI and the services. Pure.
//
// Decisions (where the issue is silent):
// - Only coordinators and admins move a case (the organisations do not hand cases over among
//   themselves); to a *certified* organisation other than the current one.
// - A closed case is not moved (reopen it first): a closed case takes no new requests anyway.
// - A case with a request still waiting for a decision is not moved: the refusal names each one
//   ("besluta eller återkalla den först"), as closing does. So no open request, no komplettering
//   and no receipt-DM button of the old organisation is left on a case it no longer sees, and a
//   decision never lands for an organisation that can no longer read the case.
// - The reason is required free text, checked for personal data like every other free text, at
//   most TRANSFER_REASON_MAX characters. It is stored in `case_transfer` and shown only in the case
//   file to coordinators and admins. It is never put in a message: the DMs to the two
//   organisations name the case, both organisations, who moved it and when, never the reason.
import { personalDataError } from "./pii.js";
import { formatDate } from "./format.js";

export const TRANSFER_REASON_MAX = 1000;

/** Why a reason is refused (empty, too long, personal data), or null. */
export function transferReasonError(reason: string): string | null {
  const text = reason.trim();
  if (text === "") return "Skriv varför ärendet flyttas.";
  if (text.length > TRANSFER_REASON_MAX) return `Skälet får vara högst ${TRANSFER_REASON_MAX} tecken (nu ${text.length}).`;
  return personalDataError(text);
}

/** One handover as the case file and the DMs show it. */
export interface CaseTransferEntry {
  fromOrg: string;
  toOrg: string;
  actor: string;
  at: Date;
  /** Free text: coordinators and admins only (null for others). */
  reason: string | null;
}

/** The audit row's before/after of a handover: organisation ids and names, never the reason. */
export interface TransferAuditSide {
  orgId: number;
  org: string;
}

/** "Ärende NSP004 har flyttats från Frälsningsarmén till Talita (2016-10-03)." */
export function transferSentence(ref: string, fromOrg: string, toOrg: string, at: Date): string {
  return `Ärende ${ref} har flyttats från ${fromOrg} till ${toOrg} (${formatDate(at)}).`;
}
