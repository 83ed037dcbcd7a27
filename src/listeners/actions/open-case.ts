// "Visa ärende" (coordinator message, receipt DM, App Home), "Visa" in the case list and the case
// file's page buttons (issue #12, item 1). The clicking user is looked up again on every click; a
// forged value gets the same "finns inte" as an unknown case. Inside a modal the case file is
// pushed onto the stack (the list stays under it); from a message or the Home it is opened.
import { showModal } from "../common/show-modal.js";
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { noticeModal, type ModalView } from "../../views/blocks.js";
import { caseNotFoundText, parsePageValue } from "../../views/case-file.js";
import { errorMessage, type ListenerDeps } from "../common/deps.js";
import { CASE_ERROR_TEXT, caseFileViewFor, caseListViewFor, type CaseViewResult } from "../common/case-file.js";

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

const CASE_REF = /^NSP\d{3,6}$/;

const viewOf = (result: CaseViewResult): ModalView => ("refusal" in result ? noticeModal("Ärende", result.refusal) : result.view);

/** Opens `view`, or pushes it when the click came from a modal (not from the Home tab's view). */
const show = ({ body, client }: Args, view: ModalView): Promise<void> => showModal(client, body, view);

export function openCaseClicked(deps: ListenerDeps) {
  return async (args: Args): Promise<void> => {
    await args.ack();
    const { body, action } = args;
    try {
      const ref = CASE_REF.test(action.value ?? "") ? (action.value as string) : null;
      const result = ref ? await caseFileViewFor(deps.db, body.user.id, ref, 1, deps.today?.()) : { refusal: caseNotFoundText() };
      await show(args, viewOf(result));
    } catch (err) {
      deps.log.error({ user: body.user.id, error: errorMessage(err) }, "case file failed");
      await show(args, noticeModal("Ärende", CASE_ERROR_TEXT)).catch(() => undefined);
    }
  };
}

export function casePageClicked(deps: ListenerDeps) {
  return async (args: Args): Promise<void> => {
    await args.ack();
    const { body, action, client } = args;
    const viewId = body.view?.type === "modal" ? body.view.id : null;
    const target = parsePageValue(action.value);
    if (!viewId) return; // page buttons exist only in modals
    try {
      const result = !target
        ? { refusal: caseNotFoundText() }
        : target.target === "list"
          ? await caseListViewFor(deps.db, body.user.id, target.page)
          : await caseFileViewFor(deps.db, body.user.id, target.target, target.page, deps.today?.());
      await client.views.update({ view_id: viewId, view: viewOf(result) });
    } catch (err) {
      deps.log.error({ user: body.user.id, error: errorMessage(err) }, "case page failed");
      await client.views.update({ view_id: viewId, view: noticeModal("Ärende", CASE_ERROR_TEXT) }).catch(() => undefined);
    }
  };
}
