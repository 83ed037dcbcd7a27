// The messages of the clocks (issue #12, item 4): the DM before a granted period ends (with
// "Ansök om nästa steg"), the DM about an unanswered komplettering, and the coordinators' digest
// of requests waiting for a decision. Never free text: what was asked, numbers, refs and dates.
import { ACTION } from "../core/ids.js";
import { isoDay, plural } from "../domain/format.js";
import { askedLabel, requestName, requestNo, type AskedFields } from "../domain/request-name.js";
import { REQUEST_TYPE_LABEL, type RequestType } from "../domain/types.js";
import { type Block, context, escapeMrkdwn, header, markdown } from "./blocks.js";
import type { SlackMessage } from "./request.js";

/** A request as these messages show it: its number and what was asked (never free text). */
export type AskedRequest = AskedFields & { id: number };

/** The value of "Ansök om nästa steg" (parsed with zod on click, never trusted). */
export const nextStepValue = (ref: string, type: RequestType): string => JSON.stringify({ ref, type });

function endsLabel(daysLeft: number): string {
  if (daysLeft <= 0) return "i dag";
  if (daysLeft === 1) return "i morgon";
  return `om ${daysLeft} dagar`;
}

/** DM to a member of the case's organisation: the granted period ends soon. */
export function periodEndReminder(input: { request: AskedRequest; caseRef: string; end: string; daysLeft: number; next: RequestType | null }): SlackMessage {
  const { request, caseRef, end, daysLeft, next } = input;
  const kind = request.type === "rest" ? "Viloperioden" : "Integrationsperioden";
  const text = `${kind} för ${caseRef} slutar ${end} (${endsLabel(daysLeft)}).`;
  const blocks: Block[] = [
    markdown(`:alarm_clock: *${kind} för ${caseRef} slutar ${end}* (${endsLabel(daysLeft)}).`),
    context(`${requestName(request.id)} – ${escapeMrkdwn(askedLabel(request))}`),
  ];
  if (next) {
    blocks.push(markdown(`Behöver personen stöd efter det? Ansök om ${REQUEST_TYPE_LABEL[next].sv.toLowerCase()} i tid.`));
    blocks.push({
      type: "actions",
      block_id: `next_step_${request.id}`,
      elements: [{ type: "button", action_id: ACTION.applyNextStep, style: "primary", text: { type: "plain_text", text: "Ansök om nästa steg" }, value: nextStepValue(caseRef, next) }],
    });
  }
  return { text, blocks };
}

/** DM to a member of the request's organisation: a komplettering is still unanswered. */
export function infoReminder(input: { request: AskedRequest; caseRef: string | null; infoId: number; askedAt: Date; days: number }): SlackMessage {
  const { request, caseRef, infoId, askedAt, days } = input;
  const about = `ansökan ${requestNo(request.id)} (${askedLabel(request)}${caseRef ? `, ${caseRef}` : ""})`;
  return {
    text: `Påminnelse: en komplettering av ${about} är obesvarad.`,
    blocks: [
      markdown(`:hourglass_flowing_sand: *Påminnelse:* samordnaren begärde en komplettering av *${escapeMrkdwn(about)}* ${isoDay(askedAt)}, för ${plural(days, "dag", "dagar")} sedan, och den är ännu inte besvarad. Ansökan beslutas inte förrän den är besvarad.`),
      {
        type: "actions",
        block_id: `answer_reminder_${infoId}`,
        elements: [{ type: "button", action_id: ACTION.answerInfo, text: { type: "plain_text", text: "Svara" }, style: "primary", value: String(infoId) }],
      },
    ],
  };
}

export interface DigestLine {
  request: AskedRequest;
  caseRef: string | null;
  orgName: string;
  workdays: number;
}

/** At most this many requests are listed (one block each; Slack allows 50 blocks per message). */
export const DIGEST_MAX_LINES = 40;

/** The coordinators' digest: the requests waiting too long, oldest first (`lines` already sorted). */
export function decisionDigest(lines: readonly DigestLine[], minWorkdays: number): SlackMessage {
  const shown = lines.slice(0, DIGEST_MAX_LINES);
  const blocks: Block[] = [
    header(`Väntar på beslut: ${plural(lines.length, "ansökan", "ansökningar")}`),
    context(`Ansökningar som har väntat mer än ${plural(minWorkdays, "arbetsdag", "arbetsdagar")}, äldst först.`),
    ...shown.map((l) =>
      markdown(
        `• *${requestName(l.request.id)}* – ${escapeMrkdwn(askedLabel(l.request))} · ${l.caseRef ?? "utan ärendenummer"} · ${escapeMrkdwn(l.orgName)} · väntat ${plural(l.workdays, "arbetsdag", "arbetsdagar")}`,
      ),
    ),
  ];
  if (lines.length > shown.length) blocks.push(context(`… och ${lines.length - shown.length} till.`));
  return { text: `${plural(lines.length, "ansökan väntar", "ansökningar väntar")} på beslut sedan mer än ${plural(minWorkdays, "arbetsdag", "arbetsdagar")}.`, blocks };
}

/**
 * DM to an admin (issue #14): an organisation's certification ends on `until` (its last day); after
 * it, its members cannot apply. Names the command that renews it.
 */
export function certificationNotice(input: { orgName: string; until: string; daysLeft: number }): SlackMessage {
  const { orgName, until, daysLeft } = input;
  const org = escapeMrkdwn(orgName);
  const when = endsLabel(daysLeft);
  const text = `Certifieringen av ${orgName} gäller till och med ${until} (slutar ${when}).`;
  return {
    text,
    blocks: [
      markdown(`:hourglass_flowing_sand: *Certifieringen av ${org} gäller till och med ${until}* (slutar ${when}).`),
      markdown(
        `Från och med dagen efter kan organisationens medlemmar inte ansöka i NSP. Ska certifieringen fortsätta, förläng den: ` +
          `\`npm run admin -- org certify "${orgName.replace(/["`]/g, "")}" --certified-until ÅÅÅÅ-MM-DD\`.`,
      ),
      context("Du får det här meddelandet en gång per slutdatum, 30 dagar före, som administratör i NSP-appen."),
    ],
  };
}
