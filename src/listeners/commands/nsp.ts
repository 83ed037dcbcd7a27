// `/nsp …`: help (for the caller's role, looked up in the database), and `/nsp ansök [typ] [NSP001]` which opens the apply modal. Acks first
// (help is the ack itself), then looks the user up and opens the modal with the trigger id.
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { helpText, parseNspCommand } from "../../domain/command.js";
import type { Role } from "../../domain/types.js";
import { findActor } from "../../services/members.js";
import { budgetCommand } from "./budget.js";
import { caseCommand } from "./case.js";
import { meetingsCommand } from "./meetings.js";
import { reportCommand } from "./report.js";
import { errorMessage, todayOf, type ListenerDeps } from "../common/deps.js";
import { applyModalFor } from "../common/open-modals.js";

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/**
 * The caller's role for the help text, from the database (one round trip before the ack, like
 * findActor before every modal). When the lookup fails the help of the least role is shown: it
 * never shows someone commands of a role they may not have.
 */
async function roleForHelp(deps: ListenerDeps, userId: string): Promise<Role | null> {
  try {
    return (await findActor(deps.db, userId))?.role ?? null;
  } catch (err) {
    deps.log.warn({ user: userId, error: errorMessage(err) }, "/nsp hjälp: role lookup failed; showing the applicant's help");
    return null;
  }
}

export function nspCommand(deps: ListenerDeps) {
  const budget = budgetCommand(deps);
  const meetings = meetingsCommand(deps);
  const report = reportCommand(deps);
  const caseFile = caseCommand(deps);
  return async (args: Args): Promise<void> => {
    const { command, ack, respond, client } = args;
    const parsed = parseNspCommand(command.text ?? "");
    if (parsed.kind === "invalid") {
      await ack({ response_type: "ephemeral", text: parsed.error });
      return;
    }
    if (parsed.kind === "budget") {
      await budget(args, parsed.args);
      return;
    }
    if (parsed.kind === "meetings") {
      await meetings(args, parsed.args);
      return;
    }
    if (parsed.kind === "case") {
      await caseFile(args, parsed.args);
      return;
    }
    if (parsed.kind === "report") {
      await report(args, parsed.args);
      return;
    }
    if (parsed.kind !== "apply") {
      const prefix =
        parsed.kind === "unknown" && parsed.word
          ? `Okänt kommando \`${parsed.word.slice(0, 40)}\`.\n\n`
          : parsed.kind === "help"
            ? ""
            : "`/nsp rapport` finns inte ännu.\n\n";
      await ack({ response_type: "ephemeral", text: prefix + helpText(await roleForHelp(deps, command.user_id)) });
      return;
    }
    await ack();
    try {
      const modal = applyModalFor(await findActor(deps.db, command.user_id), todayOf(deps), parsed);
      if ("refusal" in modal) await respond({ response_type: "ephemeral", text: modal.refusal });
      else await client.views.open({ trigger_id: command.trigger_id, view: modal.view });
    } catch (err) {
      deps.log.error({ user: command.user_id, error: errorMessage(err) }, "/nsp ansök failed");
      await respond({ response_type: "ephemeral", text: "Något gick fel när formuläret skulle öppnas. Försök igen om en stund." });
    }
  };
}
