// `/nsp ärende [NSP004]`: the case file in a modal, or, without a reference, the list of cases the
// caller may open. Acks first, then reads (the reading is recorded before the modal opens). A
// reference may be typed NSP004, nsp4, "NSP 4" or just 4 (parseCaseArg).
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { parseCaseArg } from "../../domain/case-file.js";
import { CASE_ARG_TEXT } from "../../views/case-file.js";
import { errorMessage, type ListenerDeps } from "../common/deps.js";
import { CASE_ERROR_TEXT, caseFileViewFor, caseListViewFor } from "../common/case-file.js";

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

export function caseCommand(deps: ListenerDeps) {
  return async ({ command, ack, respond, client }: Args, args: string[]): Promise<void> => {
    const ref = args.length > 0 ? parseCaseArg(args) : null;
    if (args.length > 0 && !ref) {
      await ack({ response_type: "ephemeral", text: CASE_ARG_TEXT });
      return;
    }
    await ack();
    try {
      const result = ref ? await caseFileViewFor(deps.db, command.user_id, ref, 1, deps.today?.()) : await caseListViewFor(deps.db, command.user_id);
      if ("refusal" in result) await respond({ response_type: "ephemeral", text: result.refusal });
      else await client.views.open({ trigger_id: command.trigger_id, view: result.view });
    } catch (err) {
      deps.log.error({ user: command.user_id, error: errorMessage(err) }, "/nsp ärende failed");
      await respond({ response_type: "ephemeral", text: CASE_ERROR_TEXT });
    }
  };
}
