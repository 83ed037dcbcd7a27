// Views of one request: the coordinator channel message, the thread replies and the applicant's
// DMs. No free text the applicant typed ever goes into a message (messages stay in Slack's
// history and exports); it is read in modals only. The coordinator's reason goes into the thread
// only when the coordinator ticked that it holds no personal data.
import { offersPayment } from "../domain/payment.js";
import { SIGNAL } from "../domain/signals.js";
import { daysText, formatDateTime, formatKr, plural } from "../domain/format.js";
import { askedDetail, askedLabel, requestLine, requestName } from "../domain/request-name.js";
import {
  isOpenStatus,
  REQUEST_STATUS_LABEL,
  REQUEST_TYPE_LABEL,
  type GrantedFields,
  type RequestedFields,
  type RequestStatus,
  type RequestType,
} from "../domain/types.js";
import { admissionRefusalText, capFitText, daysThatFit, pastStartNote, type PendingAdmission } from "../domain/rules.js";
import { ACTION, decideActionId } from "../core/ids.js";
import { type Block, context, escapeMrkdwn, fields, header, markdown } from "./blocks.js";

/** What the views read of a request (the database row with its case, organisation and questions). */
import { registerPaymentButton } from "./payments.js";
import { coFundingText } from "../domain/payment.js";

export interface RequestInfo extends RequestedFields, GrantedFields {
  id: number;
  type: RequestType;
  status: RequestStatus;
  applicantSlackId: string;
  startDate: Date | null;
  endDate: Date | null;
  decisionReason: string | null;
  reasonShared: boolean;
  /** A period that had already started at the submission: days before (see startedNote). */
  startedDaysAgo?: number | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  /** Decided by an admin as deputy (issue #14); absent counts as false. */
  decidedAsDeputy?: boolean;
  createdAt: Date;
  case: { ref: string } | null;
  org: { name: string };
  infoRequests: { id: number; askedAt: Date; answeredAt: Date | null }[];
}

export interface SlackMessage {
  text: string;
  blocks: Block[];
}

export const caseLabel = (r: Pick<RequestInfo, "case">): string => r.case?.ref ?? "utan ärendenummer";
/** " (ärende NSP001)", or nothing for a request without a case. */
const inCase = (r: Pick<RequestInfo, "case">): string => (r.case ? ` (ärende ${r.case.ref})` : "");
export const typeLabel = (t: RequestType): string => REQUEST_TYPE_LABEL[t].sv;
export const statusLabel = (s: RequestStatus): string => REQUEST_STATUS_LABEL[s].sv;

/** "2016-09-01 – 2016-09-30 (30 dagar)", or the measure, or "–" (src/domain/request-name.ts). */
export const whatLabel = (r: RequestInfo): string => askedDetail(r);

/** "Ansökan nr 12 – Insats: terapi 5 tillfällen × 500 kr (NSP001)": how every message names a request. */
export const requestTitle = (r: RequestInfo): string => requestLine({ ...r, caseRef: r.case?.ref ?? null });

export function costLabel(r: Pick<RequestInfo, "type" | "requestedAmount">): string {
  return r.type === "inquiry" || r.type === "admission" ? "Ingen kostnad" : formatKr(r.requestedAmount);
}

/** "Beviljad (2 500 kr)", "Delvis beviljad (5 av 10 dagar, 1 000 kr)", "Avslagen", or the status. */
export function outcomeText(r: RequestInfo): string {
  if (r.status === "partly_granted") {
    const what = r.grantedDays ? `${r.grantedDays} av ${daysText(r.days)}, ` : "";
    const coFunded = r.coFundingPayer && r.coFundingAmount ? `, ${coFundingText(r.coFundingPayer, r.coFundingAmount)}` : "";
    return `Delvis beviljad (${what}${formatKr(r.grantedAmount ?? 0)}${coFunded})`;
  }
  if (r.status === "granted") {
    const money = r.type === "inquiry" || r.type === "admission" ? "" : ` (${formatKr(r.grantedAmount ?? r.requestedAmount)})`;
    return `Beviljad${money}`;
  }
  if (r.status === "denied") return "Avslagen";
  return statusLabel(r.status);
}

/** " som ställföreträdande": the mark of a decision (or question) by an admin as deputy (issue #14). */
export const DEPUTY_MARK = "som ställföreträdande";

/** outcomeText with who decided (and whether as deputy) and when. */
export function outcomeLabel(r: RequestInfo): string {
  if (r.status !== "partly_granted" && r.status !== "granted" && r.status !== "denied" && r.status !== "withdrawn") return outcomeText(r);
  const deputy = r.decidedAsDeputy && r.status !== "withdrawn" ? ` ${DEPUTY_MARK}` : "";
  const by = r.decidedBy ? ` av <@${r.decidedBy}>${deputy}` : "";
  const at = r.decidedAt ? ` ${formatDateTime(r.decidedAt)}` : "";
  return `${outcomeText(r)}${by}${at}`;
}

function summaryFields(r: RequestInfo): Block {
  return fields([
    ["Ärende", caseLabel(r)],
    ["Typ", typeLabel(r.type)],
    ["Organisation", escapeMrkdwn(r.org.name)],
    [r.type === "measure" ? "Insats" : "Period", whatLabel(r)],
    ["Beräknad kostnad", costLabel(r)],
    ["Status", outcomeLabel(r)],
  ]);
}

function infoStatusLine(r: RequestInfo): string | null {
  const last = r.infoRequests.at(-1);
  if (!last) return null;
  return last.answeredAt
    ? `:page_facing_up: Komplettering inkom ${formatDateTime(last.answeredAt)} – läs den med *Visa underlag*.`
    : `:hourglass_flowing_sand: Komplettering begärd ${formatDateTime(last.askedAt)}, väntar på svar.`;
}

/** The coordinator channel message. `budget` (the money the request would take, read when the
 * message is rendered) is shown while the request is open. */
export function coordinatorMessage(r: RequestInfo, budget: Block[] = []): SlackMessage {
  const title = `${requestName(r.id)} – ${askedLabel(r)}`;
  const blocks: Block[] = [
    header(title),
    withOpenCase(summaryFields(r), r),
    context(`Inkommen ${formatDateTime(r.createdAt)} från <@${r.applicantSlackId}>`),
  ];
  const info = infoStatusLine(r);
  if (info && isOpenStatus(r.status)) blocks.push(context(info));
  const started = startedNote(r);
  if (started) blocks.push(context(`:calendar: ${started}`));
  if (isOpenStatus(r.status)) blocks.push(...budget);
  if (isOpenStatus(r.status)) {
    const value = String(r.id);
    const canPartly = r.type === "rest" || r.type === "integration" || r.type === "measure";
    blocks.push({
      type: "actions",
      block_id: `decide_${r.id}`,
      elements: [
        { type: "button", action_id: decideActionId("grant"), text: { type: "plain_text", text: "Bevilja" }, style: "primary", value },
        ...(canPartly
          ? [{ type: "button" as const, action_id: decideActionId("partial"), text: { type: "plain_text" as const, text: "Bevilja delvis" }, value }]
          : []),
        { type: "button", action_id: decideActionId("deny"), text: { type: "plain_text", text: "Avslå" }, style: "danger", value },
        { type: "button", action_id: decideActionId("info"), text: { type: "plain_text", text: "Begär komplettering" }, value },
        { type: "button", action_id: ACTION.showUnderlag, text: { type: "plain_text", text: "Visa underlag" }, value },
      ],
    });
  }
  return { text: `${requestTitle(r)} från ${r.org.name}: ${statusLabel(r.status)}`, blocks };
}

/** "Visa ärende" (issue #12) beside a section of a request with a case: opens the case file (the
 * listener checks who may read it). An accessory, so a decided request's message keeps no actions. */
function withOpenCase(block: Block, r: Pick<RequestInfo, "case">): Block {
  if (!r.case || block.type !== "section") return block;
  return { ...block, accessory: { type: "button", action_id: ACTION.openCase, text: { type: "plain_text", text: "Visa ärende" }, value: r.case.ref } };
}

export function threadDecision(r: RequestInfo): SlackMessage {
  const reason =
    r.decisionReason && r.reasonShared
      ? `\n*Motivering:* ${escapeMrkdwn(r.decisionReason)}`
      : r.decisionReason
        ? "\n_Motiveringen har skickats till sökande (visas inte här)._"
        : "";
  const text = `*Beslut:* ${requestTitle(r)}: *${outcomeLabel(r)}*${reason}`;
  return { text: `Beslut: ${requestTitle(r)} – ${outcomeText(r)}`, blocks: [markdown(text)] };
}

export function threadInfoAsked(r: RequestInfo, askedBy: string, asDeputy = false): SlackMessage {
  const text = `:speech_balloon: <@${askedBy}>${asDeputy ? ` (${DEPUTY_MARK})` : ""} begärde komplettering av ${requestTitle(r)}. Frågan har skickats till sökande; status: *Under behandling*.`;
  return { text: `Komplettering begärd: ${requestTitle(r)}`, blocks: [markdown(text)] };
}

export function threadInfoAnswered(r: RequestInfo): SlackMessage {
  const text = `:page_facing_up: Kompletteringen har kommit in för ${requestTitle(r)} från <@${r.applicantSlackId}>. Läs den med *Visa underlag*.`;
  return { text: `Komplettering inkommen: ${requestTitle(r)}`, blocks: [markdown(text)] };
}

export function applicantReceipt(r: RequestInfo): SlackMessage {
  const text =
    `:inbox_tray: Din ansökan är mottagen: *${requestName(r.id)}* – ${askedLabel(r)}\n*Ärende:* ${caseLabel(r)}\n*Typ:* ${typeLabel(r.type)}\n` +
    `*Beräknad kostnad:* ${costLabel(r)}\n*Status:* ${statusLabel(r.status)}\n` +
    "Samordnaren beslutar och du får besked här.";
  const started = startedNote(r);
  const blocks = [withOpenCase(markdown(text), r), ...(started ? [context(`:calendar: ${started}`)] : []), ...receiptActions(r)];
  return { text: `Mottagen: ${requestTitle(r)}`, blocks };
}

/** "Ändra" and "Återkalla" (with Slack's confirm) while the request is open; the receipt is updated
 * without them once it is decided or withdrawn (outbox kind applicant_receipt_refresh). */
function receiptActions(r: RequestInfo): Block[] {
  if (!isOpenStatus(r.status)) return [];
  const value = String(r.id);
  const name = requestName(r.id);
  return [
    {
      type: "actions",
      block_id: `request_change_${r.id}`,
      elements: [
        { type: "button", action_id: ACTION.editRequest, text: { type: "plain_text", text: "Ändra" }, value },
        {
          type: "button",
          action_id: ACTION.withdrawRequest,
          text: { type: "plain_text", text: "Återkalla" },
          style: "danger",
          value,
          confirm: {
            title: { type: "plain_text", text: `Återkalla ${name.toLowerCase()}?` },
            text: { type: "mrkdwn", text: `${name} (${typeLabel(r.type)}) dras tillbaka och kan inte beslutas. Det går inte att ångra.` },
            confirm: { type: "plain_text", text: "Återkalla" },
            deny: { type: "plain_text", text: "Avbryt" },
            style: "danger",
          },
        },
      ],
    },
  ];
}

export function applicantDecision(r: RequestInfo): SlackMessage {
  const reason = r.decisionReason ? `\n*Motivering:* ${escapeMrkdwn(r.decisionReason)}` : "";
  const text = `:scales: Beslut om *${requestName(r.id)}* – ${askedLabel(r)}${inCase(r)}:\n*${outcomeLabel(r)}*${reason}`;
  const blocks: Block[] = [markdown(text)];
  // A grant's organisation reports what it paid out (issue #13); the click checks everything again.
  // Only a grant with money (as the case file): an admission or an inquiry has nothing to pay.
  if (offersPayment(r)) blocks.push(registerPaymentButton(r.id));
  return { text: `Beslut: ${requestTitle(r)} – ${outcomeText(r)}`, blocks };
}

export function applicantQuestion(r: RequestInfo, info: { id: number; question: string; answeredAt: Date | null }): SlackMessage {
  const blocks: Block[] = [
    markdown(`:speech_balloon: Samordnaren behöver mer underlag för *${requestName(r.id)}* – ${askedLabel(r)}${inCase(r)}:`),
    { type: "section", text: { type: "plain_text", text: info.question.slice(0, 3000) || " " } },
  ];
  if (info.answeredAt) {
    blocks.push(context(`:white_check_mark: Besvarad ${formatDateTime(info.answeredAt)}.`));
  } else {
    blocks.push({
      type: "actions",
      block_id: `answer_${info.id}`,
      elements: [
        { type: "button", action_id: ACTION.answerInfo, text: { type: "plain_text", text: "Svara" }, style: "primary", value: String(info.id) },
      ],
    });
  }
  return { text: `Komplettering begärd: ${requestTitle(r)}`, blocks };
}

/** "Ärendet har tidigare beviljats 12 dagar av högst 30." (coordinator message and decision modal). */
/** "Perioden började 2016-09-03 (för 12 dagar sedan)." for a request whose period had already started when it was submitted. */
export function startedNote(r: { startDate: Date | null; startedDaysAgo?: number | null }): string | null {
  return r.startDate && r.startedDaysAgo ? pastStartNote(r.startDate, r.startedDaysAgo) : null;
}

export function grantedDaysLine(days: number, maxDays: number, requestedDays?: number | null): string {
  const line = `Ärendet har tidigare beviljats ${plural(days, "dag", "dagar")} av högst ${maxDays}.`;
  if (!requestedDays) return line;
  const fits = daysThatFit(maxDays, days, requestedDays);
  if (fits >= requestedDays) return line;
  return fits > 0
    ? `${line} ${SIGNAL.warning} ${capFitText({ fits, requestedDays })} inom taket – välj *Bevilja delvis*.`
    : `${line} ${SIGNAL.stop} Inga fler dagar ryms inom taket.`;
}

/** A request whose case's admission is not granted: it cannot be granted yet (or at all). */
export function admissionPendingLine(caseRef: string, admission: PendingAdmission): string {
  return `:hourglass_flowing_sand: ${admissionRefusalText(caseRef, admission)}`;
}
