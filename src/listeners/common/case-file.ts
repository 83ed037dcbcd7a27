// The case file and the case list (issue #12, item 1), opened by `/nsp ärende [NSP004]` (commands)
// and by the "Visa ärende"/"Visa" and page buttons (actions): one builder each, so every way in
// makes the same checks (member, organisation or coordinator) and records the same reading.
import type { Db } from "../../core/db.js";
import { findActor } from "../../services/members.js";
import { listCases, loadCaseFile, seesAllCases } from "../../services/cases.js";
import type { ModalView } from "../../views/blocks.js";
import { caseFileModal, caseListModal, caseNotFoundText } from "../../views/case-file.js";

export const NOT_MEMBER_CASE_TEXT =
  "Du är inte registrerad i NSP-appen, så du kan inte se ärenden. Be plattformens administratör lägga till dig som medlem i din organisation.";

/** A read failed (database down or busy): nothing is shown. */
export const CASE_ERROR_TEXT = "Ärendet kunde inte visas just nu (databasen svarar inte). Försök igen om en stund.";

export type CaseViewResult = { view: ModalView } | { refusal: string };

/** The case file of `ref` (page `page`) for the Slack user, with the reading recorded; or why not. */
export async function caseFileViewFor(db: Db, userId: string, ref: string, page = 1, today?: Date): Promise<CaseViewResult> {
  const actor = await findActor(db, userId);
  const result = await loadCaseFile(db, ref, actor, { page, today });
  if (!result.ok) return { refusal: result.error === "not_member" ? NOT_MEMBER_CASE_TEXT : caseNotFoundText(ref) };
  const all = actor !== null && seesAllCases(actor);
  // "Avsluta/Återöppna ärende" (listeners: actions/close-case.ts, actions/reopen-case.ts, which check
  // the same rights again on the server).
  const canClose = all || actor?.orgId === result.orgId;
  // "Flytta ärendet" (issue #14; actions/transfer-case.ts checks the role again).
  return { view: caseFileModal(result.file, { closeActions: true, canClose, canReopen: all, canTransfer: all }) };
}

/** The list of cases the Slack user may open (page `page`), or why not. */
export async function caseListViewFor(db: Db, userId: string, page = 1): Promise<CaseViewResult> {
  const actor = await findActor(db, userId);
  if (!actor) return { refusal: NOT_MEMBER_CASE_TEXT };
  return { view: caseListModal(await listCases(db, actor, { page })) };
}
