// The correction modal's submit ("Ändra"): the metadata parsed, the clicking user's organisation
// checked against the request again (never a payload field), the declared limits of the request
// type's fields, then the same validation as a new request (services/request-changes.ts
// buildCorrection), then its cost compared with the figure the modal showed (not the same: the
// modal comes back with the exact cost, nothing stored; issue #13); the request is corrected in
// place once, if it is still undecided.
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { APPLY_BLOCK } from "../../core/ids.js";
import { changeLines, snapshotOf } from "../../domain/request-change.js";
import { isOpenStatus } from "../../domain/types.js";
import { findActor } from "../../services/members.js";
import { mustReconfirmCost } from "../../domain/apply-form.js";
import { buildCorrection, correctRequest, loadOwnRequest, previewCorrection } from "../../services/request-changes.js";
import { readApplyForm } from "../../views/apply-form.js";
import { checkFields, type FormSpec } from "../../views/fields.js";
import { editConfirmation, editFieldsFor, editRequestMetadata, editRequestModal } from "../../views/request-changes.js";
import { parseMetadata } from "../../views/state.js";
import { errorMessage, type ListenerDeps } from "../common/deps.js";
import { DB_BUSY_TEXT, REQUEST_NOT_FOUND_TEXT, requestClosedText } from "../common/texts.js";
import { errorsAnswer, noticeAnswer } from "./answers.js";

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const TITLE = "Ändra ansökan";
export const CORRECTION_FAILED_TEXT = "Ändringen kunde inte sparas just nu. Inget har ändrats – försök igen om en stund; det du har skrivit finns kvar.";

/** Errors keyed by the modal's blocks; one about a field the modal does not show (the case of a
 * request stored without one) goes next to the justification, so Slack can show it. */
function atFields(errors: Partial<Record<string, string>>, fields: FormSpec): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(errors)) {
    if (!message) continue;
    const at = key in fields ? key : APPLY_BLOCK.justification;
    out[at] = out[at] ? `${out[at]} ${message}` : message;
  }
  return out;
}

export function editRequestSubmitted(deps: ListenerDeps) {
  return async ({ ack, body, view }: Args): Promise<void> => {
    let outboxIds: number[] = [];
    try {
      const meta = parseMetadata(editRequestMetadata, view.private_metadata);
      if (!meta.success) return void (await ack(noticeAnswer("Fel", "Formuläret kunde inte läsas. Öppna ansökan igen med Ändra.")));
      const actor = await findActor(deps.db, body.user.id);
      const r = actor ? await loadOwnRequest(deps.db, meta.data.requestId, actor) : null;
      if (!actor || !r) return void (await ack(noticeAnswer(TITLE, REQUEST_NOT_FOUND_TEXT)));
      const invalid = checkFields(view.state.values, editFieldsFor(r.type));
      if (invalid) return void (await ack(errorsAnswer(invalid)));
      if (!isOpenStatus(r.status)) return void (await ack(noticeAnswer(TITLE, requestClosedText(r.id, r.status))));
      const form = readApplyForm(view.state.values);
      const built = await buildCorrection(deps.db, actor, r, form, deps.today?.());
      if ("errors" in built) return void (await ack(errorsAnswer(atFields(built.errors, editFieldsFor(r.type)))));
      // The figure on screen (metadata, never trusted for the amount) is not the cost about to be
      // stored (a lost or refused views.update): the modal comes back with the exact cost (issue #13).
      if (mustReconfirmCost(r.type, meta.data.shownCost, built.correction.requestedAmount)) {
        const preview = await previewCorrection(deps.db, r, form);
        return void (await ack({ response_action: "update", view: editRequestModal(r, preview, { recalculated: true }) }));
      }
      const result = await correctRequest(deps.db, r.id, actor, built.correction, view.id);
      if (!result.ok) {
        const text = result.error === "closed" ? requestClosedText(r.id, result.status) : result.error === "busy" ? DB_BUSY_TEXT : REQUEST_NOT_FOUND_TEXT;
        return void (await ack(noticeAnswer(TITLE, text)));
      }
      outboxIds = result.outboxIds;
      const changes = result.duplicate
        ? ["ändringen är sparad"]
        : changeLines(r.type, snapshotOf(r), snapshotOf(built.correction), built.correction.justification !== r.justification);
      await ack({ response_action: "update", view: editConfirmation(r.id, changes) });
      deps.log.info({ requestId: r.id, changed: result.changed, duplicate: result.duplicate }, "request corrected");
    } catch (err) {
      deps.log.error({ user: body.user.id, error: errorMessage(err) }, "request correction failed");
      await ack(errorsAnswer({ [APPLY_BLOCK.justification]: CORRECTION_FAILED_TEXT }));
      return;
    }
    await deps.dispatcher.dispatch(outboxIds);
  };
}
