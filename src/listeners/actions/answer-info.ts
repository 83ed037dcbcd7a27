// "Svara" in the applicant's DM: opens the answer modal for a member of the request's organisation.
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { parseRecordId } from "../../domain/record-id.js";
import { requestName } from "../../domain/request-name.js";
import { OPEN_STATUSES } from "../../domain/types.js";
import { READ } from "../../domain/audit.js";
import { recordRead } from "../../services/cases.js";
import { findActor } from "../../services/members.js";
import { loadInfoRequestForAnswer } from "../../services/requests.js";
import { noticeModal } from "../../views/blocks.js";
import { infoAnswerModal } from "../../views/modals.js";
import { errorMessage, type ListenerDeps } from "../common/deps.js";

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

export function answerInfoClicked(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: Args): Promise<void> => {
    await ack();
    try {
      const id = parseRecordId(action.value);
      const info = id !== null ? await loadInfoRequestForAnswer(deps.db, id) : null;
      const actor = await findActor(deps.db, body.user.id);
      let notice: string | null = null;
      if (!info || !actor || actor.orgId !== info.request.orgId) notice = "Du kan inte svara på den här frågan.";
      else if (info.answeredAt) notice = "Frågan är redan besvarad.";
      else if (info.request.status === "withdrawn") notice = `${requestName(info.request.id)} är återkallad.`;
      else if (!OPEN_STATUSES.includes(info.request.status)) notice = `${requestName(info.request.id)} är redan beslutad.`;
      if (notice || !info) {
        await client.views.open({ trigger_id: body.trigger_id, view: noticeModal("Komplettering", notice ?? "") });
        return;
      }
      // The coordinator's question is free text: recorded before it is shown (issue #14).
      await recordRead(deps.db, READ.infoQuestion, info.request, body.user.id);
      await client.views.open({ trigger_id: body.trigger_id, view: infoAnswerModal(info, info.request) });
    } catch (err) {
      deps.log.error({ user: body.user.id, error: errorMessage(err) }, "answer modal failed");
      await client.views.open({ trigger_id: body.trigger_id, view: noticeModal("Komplettering", "Frågan kunde inte visas just nu. Försök igen om en stund.") }).catch(() => undefined);
    }
  };
}
