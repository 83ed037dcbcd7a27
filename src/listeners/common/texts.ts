// Answers that more than one listener group gives (a command and its button, a modal and its submit),
// so every group imports them from here and never from another group.
import { formatDateTime } from "../../domain/format.js";
import { canApply, type Actor } from "../../services/members.js";
import { outcomeText, requestTitle, type RequestInfo } from "../../views/request.js";
import { requestName } from "../../domain/request-name.js";

export const NOT_MEMBER_TEXT =
  "Du är inte registrerad i NSP-appen, så du kan inte ansöka. Be plattformens administratör lägga till dig som medlem i din organisation.";
export const NOT_CERTIFIED_TEXT = (org: string) =>
  `${org} är inte certifierad i Nationellt stödprogram, så ansökningar kan inte lämnas därifrån. Kontakta samordnaren om certifiering.`;

/** Why `actor` may not apply (not a member, organisation not certified), or null when they may. */
export function applyRefusal(actor: Actor | null): string | null {
  if (!actor) return NOT_MEMBER_TEXT;
  return canApply(actor) ? null : NOT_CERTIFIED_TEXT(actor.orgName);
}

/** A handler could not reach the database within Slack's time (pool exhausted, server slow); nothing was stored. */
export const DB_BUSY_TEXT = "Databasen är upptagen just nu – försök igen om en stund. Inget har sparats.";

/** A button or submit about a request that is gone (or never existed: a forged id). */
export const REQUEST_GONE_TEXT = "Ansökan finns inte längre.";

export const NOT_COORDINATOR_TEXT = "Bara samordnare kan se underlag och fatta beslut i NSP-ärenden.";

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
