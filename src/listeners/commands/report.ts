// `/nsp rapport [från] [till]` (or a period name; default: the current budget period): coordinators
// and admins get a short summary (ephemeral) and the full report as files in their DM (Markdown, the
// funder's Excel workbook and one CSV per table), uploaded
// with Slack's current flow (files.getUploadURLExternal → POST → files.completeUploadExternal, via
// the SDK's filesUploadV2). Acks first. The report holds case refs only, never names or free text.
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { ReportFile } from "../../domain/report-output.js";
import { findActor, canViewReports } from "../../services/members.js";
import { loadReport, resolveRange } from "../../services/report.js";
import { reportUploadFiles } from "../../services/report-workbook.js";
import { reportSummary, type FilesOutcome } from "../../views/report.js";
import { errorMessage, type ListenerDeps } from "../common/deps.js";
import { NOT_REPORT_ROLE_TEXT } from "../common/texts.js";

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** Also imported from here by tests/report/slack.test.ts. */
export { NOT_REPORT_ROLE_TEXT };

/** Uploads the files to the user's DM in one message; returns how many were shared. */
export async function uploadToDm(client: WebClient, userId: string, files: readonly ReportFile[], comment: string): Promise<number> {
  const dm = await client.conversations.open({ users: userId });
  const channelId = dm.channel?.id;
  if (!channelId) throw new Error("conversations.open returned no channel");
  await client.filesUploadV2({
    channel_id: channelId,
    initial_comment: comment,
    // Text files as `content`, the workbook as bytes (`file`).
    file_uploads: files.map((f) =>
      typeof f.content === "string" ? { content: f.content, filename: f.filename, title: f.title } : { file: Buffer.from(f.content), filename: f.filename, title: f.title },
    ),
  });
  return files.length;
}

export function reportCommand(deps: ListenerDeps) {
  return async ({ command, ack, respond, client }: Args, args: string[]): Promise<void> => {
    await ack();
    try {
      const actor = await findActor(deps.db, command.user_id);
      if (!canViewReports(actor)) {
        await respond({ response_type: "ephemeral", text: NOT_REPORT_ROLE_TEXT });
        return;
      }
      const chosen = await resolveRange(deps.db, args);
      if (!chosen.ok) {
        await respond({ response_type: "ephemeral", text: chosen.error });
        return;
      }
      const report = await loadReport(deps.db, chosen.range);
      let files: FilesOutcome;
      try {
        const comment = `Periodrapport NSP ${report.from} – ${report.to}: rapporten, en Excel-arbetsbok (en flik per tabell) och en CSV-fil per tabell.`;
        files = { sent: true, count: await uploadToDm(client, command.user_id, await reportUploadFiles(report), comment) };
      } catch (err) {
        deps.log.warn({ user: command.user_id, error: errorMessage(err) }, "report upload failed");
        files = { sent: false };
      }
      const message = reportSummary(report, files);
      await respond({ response_type: "ephemeral", text: message.text, blocks: message.blocks });
    } catch (err) {
      deps.log.error({ user: command.user_id, error: errorMessage(err) }, "/nsp rapport failed");
      await respond({ response_type: "ephemeral", text: "Rapporten kunde inte tas fram just nu. Försök igen om en stund." });
    }
  };
}
