// Answers that more than one listener group gives (a command and its button, a modal and its submit),
// so every group imports them from here and never from another group.
import { formatDateTime, isoDay } from "../../domain/format.js";
import { certificationExpired, type Actor, type DecisionRefusal } from "../../services/members.js";
import { outcomeText, requestTitle, type RequestInfo } from "../../views/request.js";
import { requestName } from "../../domain/request-name.js";

export const NOT_MEMBER_TEXT =
  "Du är inte registrerad i NSP-appen, så du kan inte ansöka. Be plattformens administratör lägga till dig som medlem i din organisation.";
export const NOT_CERTIFIED_TEXT = (org: string) =>
  `${org} är inte certifierad i Nationellt stödprogram, så ansökningar kan inte lämnas därifrån. Kontakta samordnaren om certifiering.`;

/** The organisation's certification ended (issue #14): the last day, and what to do. */
export const CERTIFICATION_EXPIRED_TEXT = (org: string, until: Date) =>
  `${org} var certifierad i Nationellt stödprogram till och med ${isoDay(until)}, så ansökningar kan inte lämnas därifrån längre. ` +
  "Kontakta plattformens administratör för att förnya certifieringen; därefter kan ni ansöka igen.";

/**
 * Why `actor` may not apply (not a member, organisation not certified, its certification ended
 * before `today`), or null when they may. `today`: the Stockholm calendar date (ListenerDeps.today).
 */
export function applyRefusal(actor: Actor | null, today: Date): string | null {
  if (!actor) return NOT_MEMBER_TEXT;
  if (!actor.orgCertified) return NOT_CERTIFIED_TEXT(actor.orgName);
  if (actor.orgCertifiedUntil && certificationExpired(actor.orgCertifiedUntil, today)) return CERTIFICATION_EXPIRED_TEXT(actor.orgName, actor.orgCertifiedUntil);
  return null;
}

/** A handler could not reach the database within Slack's time (pool exhausted, server slow); nothing was stored. */
export const DB_BUSY_TEXT = "Databasen är upptagen just nu – försök igen om en stund. Inget har sparats.";

/** A button or submit about a request that is gone (or never existed: a forged id). */
export const REQUEST_GONE_TEXT = "Ansökan finns inte längre.";

export const NOT_COORDINATOR_TEXT = "Bara samordnare kan se underlag och fatta beslut i NSP-ärenden.";

/** A member of the applying organisation (issue #14), whatever their role. */
export const javText = (orgName: string): string =>
  `Jäv – en annan samordnare beslutar. Du är medlem i ${orgName}, som har lämnat in ansökan, och kan därför inte besluta om den. Inget ändrades.`;

/** An admin while a coordinator outside the applying organisation exists (issue #14). */
export const NOT_DEPUTY_TEXT =
  "En samordnare beslutar. En administratör beslutar som ställföreträdande bara när det inte finns någon samordnare utanför den sökande organisationen. Inget ändrades.";

/** Why the clicking user may not decide a request of `orgName` (members.ts decisionAuthority). */
export function decisionRefusalText(refusal: DecisionRefusal, orgName: string): string {
  if (refusal === "jav") return javText(orgName);
  if (refusal === "not_deputy") return NOT_DEPUTY_TEXT;
  return NOT_COORDINATOR_TEXT;
}

export function alreadyDecidedText(r: RequestInfo): string {
  if (r.status === "withdrawn") return `${requestTitle(r)} är återkallad av den sökande organisationen. Inget ändrades.`;
  const when = r.decidedAt ? formatDateTime(r.decidedAt) : "";
  const title = requestTitle(r).replace(/^Ansökan/, "ansökan");
  return `Det är redan beslutat av <@${r.decidedBy ?? "?"}> ${when} om ${title}: *${outcomeText(r)}*. Inget ändrades.`;
}

export const NOT_BUDGET_ROLE_TEXT = "Budgeten visas bara för samordnare och administratörer.";
export const NOT_ADMIN_TEXT = "Bara en administratör kan godkänna att budgeten överskrids.";

export const NOT_REGISTERED_MEETING_TEXT =
  "Du är inte registrerad i NSP-appen, så du kan inte skapa eller ändra möten. Be plattformens administratör lägga till dig som medlem.";
export const NOT_MEETING_MANAGER_TEXT = "Bara den som skapade mötet, gruppens sammankallande eller en administratör kan ändra mötet.";

export const NOT_REPORT_ROLE_TEXT = "Periodrapporten tas bara fram för samordnare och administratörer.";

/** A decision (or a coordinator's click) found the request corrected since it was read. */
export const requestChangedText = (requestId: number): string =>
  `${requestName(requestId)} ändrades av den sökande organisationen medan du beslutade. Inget beslut sparades – öppna beslutet igen från meddelandet i samordningskanalen.`;

/** A withdraw or edit click (or an edit's submit) on a request that is no longer open. */
export function requestClosedText(requestId: number, status: string): string {
  return status === "withdrawn"
    ? `${requestName(requestId)} är redan återkallad. Inget ändrades.`
    : `${requestName(requestId)} är redan beslutad och kan inte återkallas eller ändras. Inget ändrades.`;
}

/** A withdraw or edit click on a request that does not exist or belongs to another organisation. */
export const REQUEST_NOT_FOUND_TEXT = "Ansökan finns inte hos din organisation. Inget ändrades.";
