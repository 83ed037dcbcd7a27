// "Ansök om nästa steg" in the DM before a granted period ends: opens the apply modal with the
// case and the next type chosen. The value is parsed, never trusted: the clicking user must be a
// member of the case's organisation (certified, as for any application) and the case active.
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { z } from "zod";
import { parseCaseRef } from "../../domain/rules.js";
import { REQUEST_TYPES } from "../../domain/types.js";
import { nextStepRefusal } from "../../services/case-clocks.js";
import { findActor } from "../../services/members.js";
import { noticeModal } from "../../views/blocks.js";
import { errorMessage, todayOf, type ListenerDeps } from "../common/deps.js";
import { applyModalFor } from "../common/open-modals.js";
import { CLICK_FAILED_TEXT, showFailure } from "../common/show-modal.js";

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

const TITLE = "Ansök om stöd";
const nextStepValue = z.object({ ref: z.string().max(20), type: z.enum(REQUEST_TYPES).extract(["integration", "measure"]) }).strict();

function parseValue(raw: string | undefined): { ref: string; type: "integration" | "measure" } | null {
  try {
    const parsed = nextStepValue.safeParse(JSON.parse(raw ?? ""));
    const ref = parsed.success ? parseCaseRef(parsed.data.ref) : null;
    return parsed.success && ref ? { ref, type: parsed.data.type } : null;
  } catch {
    return null;
  }
}

export function applyNextStepClicked(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: Args): Promise<void> => {
    await ack();
    try {
      const value = parseValue(action.value);
      const actor = await findActor(deps.db, body.user.id);
      const modal = applyModalFor(actor, todayOf(deps), value ? { type: value.type, caseRef: value.ref } : {});
      let refusal = "refusal" in modal ? modal.refusal : null;
      if (!refusal && !value) refusal = "Knappen är ogiltig. Använd `/nsp ansök` i stället.";
      if (!refusal && value && actor) refusal = await nextStepRefusal(deps.db, actor.orgId, value.ref);
      const view = refusal !== null || "refusal" in modal ? noticeModal(TITLE, refusal ?? "") : modal.view;
      await client.views.open({ trigger_id: body.trigger_id, view });
    } catch (err) {
      deps.log.error({ user: body.user.id, error: errorMessage(err) }, "next-step apply modal failed");
      await showFailure(client, body, TITLE, CLICK_FAILED_TEXT);
    }
  };
}
