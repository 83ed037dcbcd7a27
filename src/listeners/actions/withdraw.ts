// "Återkalla" on the applicant's receipt DM (and, through the Home's menu, request-menu.ts): any
// member of the request's organisation withdraws it while it is undecided. Checked again on the
// server; a forged or unknown id gets the same answer as another organisation's request, a stale
// button (decided or withdrawn already) says so. The answer is a small modal (the Home has no
// message to reply to).
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs, StaticSelectAction } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { parseRecordId } from "../../domain/record-id.js";
import { requestName } from "../../domain/request-name.js";
import { findActor } from "../../services/members.js";
import { withdrawRequest } from "../../services/request-changes.js";
import { noticeModal } from "../../views/blocks.js";
import { errorMessage, type ListenerDeps } from "../common/deps.js";
import { chosenId } from "../common/request-change.js";
import { DB_BUSY_TEXT, REQUEST_NOT_FOUND_TEXT, requestClosedText } from "../common/texts.js";

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction | StaticSelectAction>> & AllMiddlewareArgs;

const TITLE = "Återkalla ansökan";

/** Withdraws request `requestId` (null: unreadable) for `userId` and tells them how it went. */
export async function withdrawFor(deps: ListenerDeps, client: WebClient, triggerId: string, userId: string, requestId: number | null): Promise<void> {
  let outboxIds: number[] = [];
  let text = REQUEST_NOT_FOUND_TEXT;
  try {
    const actor = await findActor(deps.db, userId);
    const result = actor && requestId !== null ? await withdrawRequest(deps.db, requestId, actor) : null;
    if (result?.ok) {
      outboxIds = result.outboxIds;
      text = `${requestName(result.requestId)} är återkallad. Samordnaren ser det i samordningskanalen; inget beslut fattas.`;
      deps.log.info({ requestId: result.requestId, actor: userId }, "request withdrawn");
    } else if (result?.error === "closed") text = requestClosedText(result.requestId, result.status);
    else if (result?.error === "busy") text = DB_BUSY_TEXT;
    await client.views.open({ trigger_id: triggerId, view: noticeModal(TITLE, text) });
  } catch (err) {
    deps.log.error({ user: userId, error: errorMessage(err) }, "withdraw failed");
    // The applicant is told (best effort); nothing was withdrawn.
    const failed = noticeModal(TITLE, "Ansökan kunde inte återkallas just nu. Inget har ändrats – försök igen om en stund.");
    await client.views.open({ trigger_id: triggerId, view: failed }).catch(() => undefined);
  }
  await deps.dispatcher.dispatch(outboxIds);
}

export function withdrawClicked(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: Args): Promise<void> => {
    await ack();
    await withdrawFor(deps, client, body.trigger_id, body.user.id, parseRecordId(chosenId(action)));
  };
}
