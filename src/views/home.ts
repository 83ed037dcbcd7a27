// The App Home tab: each role sees its own work. Pure: data in (src/services/home.ts), view out.
// - Applicant (a member of a certified organisation): the organisation's open requests with status,
//   the latest decisions, and a button that opens the apply modal.
// - Coordinator (and admin, read-only): the queue of requests waiting for a decision, oldest first,
//   with their age; the current budget period per category, used and remaining.
// - Everyone: the next meetings, each with the user's answer and "Jag kommer" / "Kan inte".
// Lists are capped (see HOME_LIMITS) and summarised beyond the cap, so the view stays under
// Slack's 100-block limit whatever the data; `fitHomeBlocks` is the last guard.
import type { HomeView } from "@slack/types";
import { daysInclusive, daysText, formatDate, formatDateTime, formatKr, plural } from "../domain/format.js";
import { requestLine } from "../domain/request-name.js";
import { REQUEST_STATUS_LABEL, type RequestType } from "../domain/types.js";
import { ACTION } from "../core/ids.js";
import type { BudgetReport } from "../domain/budget.js";
import { meter } from "./budget.js";
import { HOME_LIMITS, type HomeData, type HomeMeeting, type HomeRequest } from "../domain/home.js";
import { type Block, context, divider, escapeMrkdwn, header, markdown } from "./blocks.js";
import { requestChangeBlock } from "./request-changes.js";
import { rsvpButtons, yourAnswerText } from "./meetings.js";

export type { HomeView };

export const MAX_HOME_BLOCKS = 100;
export const HOME_APPLY_BLOCK = "home_apply";
/** The block of a meeting's "Jag kommer" / "Kan inte" on the Home. */
export const homeRsvpBlock = (meetingId: number): string => `home_rsvp_${meetingId}`;

/** "Ansökan nr 12 – Insats: terapi 5 tillfällen × 500 kr (NSP001)" (src/domain/request-name.ts). */
const ref = (r: HomeRequest): string => requestLine(r);
/** "Visa ärende" beside a request that has a case (issue #12); `list` keeps action ids unique in the view. */
function withCaseButton(block: Block, r: HomeRequest, list: "o" | "d" | "q"): Block {
  if (!r.caseRef || block.type !== "section") return block;
  return { ...block, accessory: { type: "button", action_id: `${ACTION.openCase}_${list}${r.id}`, text: { type: "plain_text", text: "Visa ärende" }, value: r.caseRef } };
}

const money = (t: RequestType): boolean => t === "rest" || t === "integration" || t === "measure";

/** Whole days since the request came in (Stockholm calendar days): "i dag", "1 dag", "12 dagar". */
export function ageText(createdAt: Date, now: Date): string {
  const days = Math.max(0, daysInclusive(new Date(`${formatDate(createdAt)}T00:00:00Z`), new Date(`${formatDate(now)}T00:00:00Z`)) - 1);
  return days === 0 ? "i dag" : days === 1 ? "1 dag" : `${days} dagar`;
}

function statusText(r: HomeRequest): string {
  const base = REQUEST_STATUS_LABEL[r.status].sv;
  if (r.status === "partly_granted") {
    const days = r.grantedDays !== null && r.days !== null ? `${r.grantedDays} av ${daysText(r.days)}, ` : "";
    return `${base} (${days}${formatKr(r.grantedAmount ?? 0)})`;
  }
  if (r.status === "granted" && money(r.type)) return `${base} (${formatKr(r.grantedAmount ?? r.requestedAmount)})`;
  if (r.info === "asked") return `${base} – komplettering begärd`;
  if (r.info === "answered") return `${base} – komplettering inkommen`;
  return base;
}

function openLine(r: HomeRequest, viewer: string, now: Date): Block {
  const cost = money(r.type) ? ` · ${formatKr(r.requestedAmount)}` : "";
  const who = r.applicantSlackId === viewer ? "" : ` · från <@${r.applicantSlackId}>`;
  const todo = r.info === "asked" ? "\n:speech_balloon: Samordnaren har begärt komplettering – svara med knappen i meddelandet från NSP." : "";
  return markdown(
    `*${ref(r)}*${cost}\n` +
      `Status: *${statusText(r)}* · inkom ${formatDate(r.createdAt)} (${ageText(r.createdAt, now)})${who}${todo}`,
  );
}

function decidedLine(r: HomeRequest, viewer: string): Block {
  const at = r.decidedAt ? ` ${formatDateTime(r.decidedAt)}` : "";
  const reason = r.sharedReason
    ? `\nMotivering: ${escapeMrkdwn(r.sharedReason)}`
    : r.hasReason && r.applicantSlackId === viewer
      ? "\n_Motiveringen finns i ditt direktmeddelande från NSP._"
      : "";
  return markdown(`*${ref(r)}* – *${statusText(r)}*${at}${reason}`);
}

function queueLine(r: HomeRequest, now: Date): Block {
  const cost = money(r.type) ? ` · ${formatKr(r.requestedAmount)}` : "";
  return markdown(
    `*${ref(r)}* · ${escapeMrkdwn(r.orgName)}${cost}\n` +
      `Väntat *${ageText(r.createdAt, now)}* (inkom ${formatDate(r.createdAt)}) · ${statusText(r)}`,
  );
}

function budgetBlocks(b: BudgetReport, current: boolean): Block[] {
  const lines = b.categories.map((c) => {
    const avail = c.allocated + c.transfersIn - c.transfersOut;
    return `*${escapeMrkdwn(c.name)}*  ${meter(c.usedPercent)}\nBeviljat ${formatKr(c.committed)} av ${formatKr(avail)} · *kvar ${formatKr(c.remaining)}*`;
  });
  const blocks: Block[] = [header(`Budget – ${b.period.name}`)];
  if (!current) blocks.push(context("_Ingen budgetperiod omfattar dagens datum; visar den senaste._"));
  // Several categories per section block: a budget never costs more than a few blocks.
  for (let i = 0; i < lines.length; i += 6) blocks.push(markdown(lines.slice(i, i + 6).join("\n")));
  if (lines.length === 0) blocks.push(context("Perioden har inga bidragskategorier ännu."));
  blocks.push(context(`Totalt kvar: *${formatKr(b.totals.remaining)}* · \`/nsp budget\` visar mer.`));
  return blocks;
}

/**
 * "Kommande möten": each meeting is two blocks (the line with the user's answer, and "Jag kommer" /
 * "Kan inte"), so at most `room` blocks are used: when the lists above fill the Home, fewer
 * meetings are shown and the rest summarised, rather than the backstop cutting the section off.
 */
function meetingBlocks(meetings: readonly HomeMeeting[], limit: number, room: number): Block[] {
  const blocks: Block[] = [header("Kommande möten")];
  if (meetings.length === 0) return [...blocks, context("Inga kommande möten.")];
  const shown = Math.max(1, Math.min(limit, Math.floor((room - 2) / 2)));
  for (const m of meetings.slice(0, shown)) {
    const place = m.place ? ` · ${escapeMrkdwn(m.place)}` : "";
    blocks.push(markdown(`*${escapeMrkdwn(m.title)}*\n${formatDateTime(m.start)}${place} · ${yourAnswerText(m.rsvp)}`));
    // Issue #15: answer here, before any reminder; the click re-publishes this Home.
    blocks.push({ type: "actions", block_id: homeRsvpBlock(m.id), elements: rsvpButtons(m.id, { suffix: `h${m.id}` }) });
  }
  if (meetings.length > shown) blocks.push(context(`… och ${plural(meetings.length - shown, "möte", "möten")} till. \`/nsp möten\` visar alla.`));
  return blocks;
}

/** Keeps a view within Slack's block limit (the lists are capped already; this is the backstop). */
export function fitHomeBlocks(blocks: Block[]): Block[] {
  if (blocks.length <= MAX_HOME_BLOCKS) return blocks;
  return [...blocks.slice(0, MAX_HOME_BLOCKS - 1), context(`… ${plural(blocks.length - MAX_HOME_BLOCKS + 1, "rad visas", "rader visas")} inte.`)];
}

export function homeView(data: HomeData, meetings: readonly HomeMeeting[], limits: { meetings: number } = { meetings: HOME_LIMITS.meetings }): HomeView {
  const { now } = data;
  const blocks: Block[] = [header("NSP – Nationellt stödprogram")];
  if (!data.actor) {
    blocks.push(
      markdown("Du är inte registrerad i NSP-appen. Be plattformens administratör lägga till dig som medlem i din organisation."),
    );
    return { type: "home", blocks };
  }
  blocks.push(context(`Uppdaterad ${formatDateTime(now)} · \`/nsp hjälp\` visar alla kommandon.`));

  const a = data.applicant;
  if (a) {
    blocks.push(divider(), header(`Ansökningar – ${a.orgName}`), {
      type: "actions",
      block_id: HOME_APPLY_BLOCK,
      elements: [{ type: "button", action_id: ACTION.openApply, style: "primary", text: { type: "plain_text", text: "Ansök om stöd" }, value: "apply" }],
    });
    if (a.open.length === 0) blocks.push(context("Inga öppna ansökningar just nu."));
    else {
      blocks.push(context(`*${a.openTotal}* ${a.openTotal === 1 ? "öppen ansökan" : "öppna ansökningar, äldst först"}:`));
      blocks.push(...a.open.map((r) => withCaseButton(openLine(r, data.userId, now), r, "o")));
      if (a.openTotal > a.open.length) blocks.push(context(`… och ${a.openTotal - a.open.length} till.`));
      blocks.push(requestChangeBlock(a.open)); // "Ändra …" / "Återkalla …" (issue #12)
    }
    if (a.decided.length > 0) {
      blocks.push(markdown("*Senaste beslut*"), ...a.decided.map((r) => withCaseButton(decidedLine(r, data.userId), r, "d")));
    }
  }

  const c = data.coordinator;
  if (c) {
    blocks.push(divider(), header(c.canDecide ? "Att besluta" : "Väntar på beslut"));
    if (c.queue.length === 0) blocks.push(context("Inga ansökningar väntar på beslut."));
    else {
      const oldest = c.queue[0];
      blocks.push(
        context(`*${c.queueTotal}* ${c.queueTotal === 1 ? "ansökan väntar" : "ansökningar väntar, äldst först"}${oldest ? ` (${c.queueTotal === 1 ? "den" : "den äldsta"} har väntat ${ageText(oldest.createdAt, now)})` : ""}. Besluta i samordningskanalen.`),
      );
      blocks.push(...c.queue.map((r) => withCaseButton(queueLine(r, now), r, "q")));
      if (c.queueTotal > c.queue.length) blocks.push(context(`… och ${c.queueTotal - c.queue.length} till i kön.`));
    }
    blocks.push(divider());
    if (c.budget) blocks.push(...budgetBlocks(c.budget, c.budgetIsCurrent));
    else blocks.push(header("Budget"), context("Det finns ingen budgetperiod ännu."));
  }

  blocks.push(divider(), ...meetingBlocks(meetings, limits.meetings, MAX_HOME_BLOCKS - blocks.length - 1));
  return { type: "home", blocks: fitHomeBlocks(blocks) };
}
