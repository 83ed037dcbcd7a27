// Opens a modal from a button: pushed onto the stack when the button is inside a modal (the case
// file), opened on its own when it is in a message.
import type { BlockAction } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { Db } from "../../core/db.js";
import { noticeModal, type ModalView } from "../../views/blocks.js";
import { caseFileViewFor } from "./case-file.js";

export async function showModal(client: WebClient, body: BlockAction, view: ModalView): Promise<void> {
  if (body.view?.type === "modal") await client.views.push({ trigger_id: body.trigger_id, view });
  else await client.views.open({ trigger_id: body.trigger_id, view });
}

/** What a click that failed on the server (the database, Slack) shows: a notice saying nothing was
 * changed, so the error reaches the user and not only the log. Best effort: a second failure
 * (Slack unreachable, the trigger expired) is swallowed; the caller has logged the first. */
export async function showFailure(client: WebClient, body: BlockAction, title: string, text: string): Promise<void> {
  await showModal(client, body, noticeModal(title, text)).catch(() => undefined);
}

/** The notice text of a click whose modal could not be built (the database unreachable, …). */
export const CLICK_FAILED_TEXT = "Det gick inte att öppna just nu. Inget har ändrats – försök igen om en stund.";

/**
 * After closing or reopening from a modal pushed onto the case file: the file below is rebuilt, so
 * that it shows the new state when the notice is closed (and its buttons match it). A modal opened
 * from a message has no view below (`previousViewId` null): nothing to do. Best effort: a failure
 * is logged by the caller, the change itself is stored.
 */
export async function refreshCaseFileBelow(db: Db, client: WebClient, userId: string, previousViewId: string | null | undefined, ref: string): Promise<void> {
  if (!previousViewId) return;
  const result = await caseFileViewFor(db, userId, ref);
  if ("view" in result) await client.views.update({ view_id: previousViewId, view: result.view });
}
