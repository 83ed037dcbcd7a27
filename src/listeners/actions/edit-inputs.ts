// Changes inside the correction modal "Ändra" (dates, children, protection, measure, quantity,
// unit amount, the measure's date): the modal is rebuilt with the same block ids (Slack keeps what
// was typed) and the cost saving it would store, priced on the server exactly as the submit prices
// it (services/request-changes.ts previewCorrection; issue #13). Every field of the action may be
// forged: the request id comes from the zod-parsed private_metadata and is looked up for the
// clicking user's organisation again (loadOwnRequest); another organisation's or an unknown id
// gets the submit's answer "finns inte hos din organisation" and nothing of that request is shown.
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { CALLBACK } from "../../core/ids.js";
import { isOpenStatus } from "../../domain/types.js";
import { findActor } from "../../services/members.js";
import { loadOwnRequest, previewCorrection } from "../../services/request-changes.js";
import { readApplyForm } from "../../views/apply-form.js";
import { noticeModal, type ModalView } from "../../views/blocks.js";
import { checkFields } from "../../views/fields.js";
import { editFieldsFor, editRequestMetadata, editRequestModal } from "../../views/request-changes.js";
import { parseMetadata } from "../../views/state.js";
import { errorMessage, type ListenerDeps } from "../common/deps.js";
import { REQUEST_NOT_FOUND_TEXT, requestClosedText } from "../common/texts.js";

type Args = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

const TITLE = "Ändra ansökan";

/** The modal to show after a change: the rebuilt modal, a notice, or null (ignore the change). */
async function nextView(deps: ListenerDeps, userId: string, view: NonNullable<BlockAction["view"]>): Promise<ModalView | null> {
  const meta = parseMetadata(editRequestMetadata, view.private_metadata);
  if (!meta.success) return null;
  const actor = await findActor(deps.db, userId);
  const r = actor ? await loadOwnRequest(deps.db, meta.data.requestId, actor) : null;
  if (!r) return noticeModal(TITLE, REQUEST_NOT_FOUND_TEXT);
  if (!isOpenStatus(r.status)) return noticeModal(TITLE, requestClosedText(r.id, r.status));
  // A value Slack's client could not have sent (over-long, an unknown option): nothing is priced.
  if (checkFields(view.state.values, editFieldsFor(r.type))) return null;
  const preview = await previewCorrection(deps.db, r, readApplyForm(view.state.values));
  return editRequestModal(r, preview);
}

export function editInputChanged(deps: ListenerDeps) {
  return async ({ ack, body, client }: Args): Promise<void> => {
    await ack();
    const view = body.view;
    if (!view || view.callback_id !== CALLBACK.editRequest) {
      deps.log.debug({ user: body.user.id }, "edit modal change ignored: not the correction modal");
      return;
    }
    try {
      const next = await nextView(deps, body.user.id, view);
      if (!next) {
        deps.log.debug({ user: body.user.id }, "edit modal change ignored");
        return;
      }
      await client.views.update({ view_id: view.id, hash: view.hash, view: next });
    } catch (err) {
      // hash_conflict: a newer change already updated the modal; nothing is lost.
      const code = errorMessage(err);
      if (code !== "hash_conflict") deps.log.warn({ user: body.user.id, error: code }, "edit modal update failed");
    }
  };
}
