// The daily DM to admins while Slack messages are dead. Counts, kinds and a time only.
import { SIGNAL } from "../domain/signals.js";
import { formatDateTime } from "../domain/format.js";
import { context, markdown } from "./blocks.js";
import type { SlackMessage } from "./request.js";

export function deadNoticeMessage(summary: { count: number; kinds: { kind: string; count: number }[]; oldest: Date | null }): SlackMessage {
  const text =
    summary.count === 0
      ? "Alla Slack-meddelanden som inte kunde levereras har nu skickats."
      : `${summary.count} Slack-meddelande${summary.count === 1 ? "" : "n"} kunde inte levereras trots upprepade försök och väntar på att köas igen.`;
  const blocks =
    summary.count === 0
      ? [markdown(text)]
      : [
          markdown(`${SIGNAL.warning} *${text}*`),
          markdown(summary.kinds.map((k) => `• \`${k.kind}\`: ${k.count}`).join("\n")),
          ...(summary.kinds.some((k) => k.kind !== "meeting_reminder")
            ? [markdown("Se listan med `npm run admin -- outbox list --dead` och skicka dem igen med `npm run admin -- outbox retry --all` när Slack fungerar.")]
            : []),
          ...(summary.kinds.some((k) => k.kind === "meeting_reminder")
            ? [markdown("Mötespåminnelser: se listan med `npm run admin -- reminders list --dead` och skicka dem igen med `npm run admin -- reminders retry --all` (bara de vars möte inte har börjat).")]
            : []),
          ...(summary.oldest ? [context(`Äldsta sedan ${formatDateTime(summary.oldest)}. Du får det här meddelandet en gång om dagen så länge det finns sådana meddelanden.`)] : []),
        ];
  return { text, blocks };
}
