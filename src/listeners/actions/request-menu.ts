// The Home's "…" menu of an open request: "Ändra" opens the correction modal, "Återkalla"
// withdraws (Slack's confirm dialog came first). The option is parsed; anything else is refused
// like an unknown request.
import type { AllMiddlewareArgs, BlockAction, OverflowAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { parseRequestMenuValue } from "../../views/request-changes.js";
import type { ListenerDeps } from "../common/deps.js";
import { openEditFor } from "./edit-request.js";
import { withdrawFor } from "./withdraw.js";

type Args = SlackActionMiddlewareArgs<BlockAction<OverflowAction>> & AllMiddlewareArgs;

export function requestMenuChosen(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: Args): Promise<void> => {
    await ack();
    const chosen = parseRequestMenuValue(action.selected_option?.value);
    if (chosen?.kind === "edit") await openEditFor(deps, client, body.trigger_id, body.user.id, chosen.requestId);
    else await withdrawFor(deps, client, body.trigger_id, body.user.id, chosen?.requestId ?? null);
  };
}
