// "Ändra" on the applicant's receipt DM (and, through the Home's menu, request-menu.ts): opens the
// correction modal, filled in with the stored request, for a member of its organisation while the
// request is undecided. The submit (views/edit-submit.ts) checks everything again.
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs, StaticSelectAction } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { parseRecordId } from "../../domain/record-id.js";
import { isOpenStatus } from "../../domain/types.js";
import { READ } from "../../domain/audit.js";
import { recordRead } from "../../services/cases.js";
import { findActor } from "../../services/members.js";
import { loadOwnRequest, previewCorrection } from "../../services/request-changes.js";
import { noticeModal } from "../../views/blocks.js";
import { editRequestModal } from "../../views/request-changes.js";
import { errorMessage, type ListenerDeps } from "../common/deps.js";
import { chosenId } from "../common/request-change.js";
import { REQUEST_NOT_FOUND_TEXT, requestClosedText } from "../common/texts.js";

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction | StaticSelectAction>> & AllMiddlewareArgs;

/** Opens the correction modal of `requestId` (null: unreadable) for `userId`, or says why not. */
export async function openEditFor(deps: ListenerDeps, client: WebClient, triggerId: string, userId: string, requestId: number | null): Promise<void> {
  try {
    const actor = await findActor(deps.db, userId);
    const r = actor && requestId !== null ? await loadOwnRequest(deps.db, requestId, actor) : null;
    // The cost saving the stored fields unchanged would store (the period's rates may have changed
    // since): shown from the start, so the figure on screen is the one a submit stores (issue #13).
    const view = !r
      ? noticeModal("Ändra ansökan", REQUEST_NOT_FOUND_TEXT)
      : !isOpenStatus(r.status)
        ? noticeModal("Ändra ansökan", requestClosedText(r.id, r.status))
        : editRequestModal(r, await previewCorrection(deps.db, r));
    // The modal is filled in with the justification: recorded before it is shown (issue #14).
    if (r && isOpenStatus(r.status)) await recordRead(deps.db, READ.editModal, r, userId);
    await client.views.open({ trigger_id: triggerId, view });
  } catch (err) {
    deps.log.error({ user: userId, error: errorMessage(err) }, "edit modal failed");
    // The user is told (as "Visa ärende" does); nothing was changed.
    const failed = noticeModal("Ändra ansökan", "Ansökan kunde inte läsas just nu – försök igen om en stund. Inget ändrades.");
    await client.views.open({ trigger_id: triggerId, view: failed }).catch(() => undefined);
  }
}

export function editRequestClicked(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: Args): Promise<void> => {
    await ack();
    await openEditFor(deps, client, body.trigger_id, body.user.id, parseRecordId(chosenId(action)));
  };
}
