// The case file (issue #12, item 1): a modal with a case's whole history, and the modal listing
// cases (`/nsp ärende` alone). Pure: data in (src/domain/case-file.ts, read by
// src/services/cases.ts), Block Kit out. Free text (the coordinator's reason, kompletteringar) and the
// background reach this view only for coordinators and admins (the service leaves them out for
// others) and are shown only here, in a modal, never in a message. Text the user typed is shown as
// plain_text, so it cannot form mentions or links.
import { offersPayment, typeHasMoney } from "../domain/payment.js";
import { measureLabel } from "../domain/cost.js";
import { daysText, formatDate, formatDateTime, formatKr, isoDay, plural } from "../domain/format.js";
import { requestName, requestNo } from "../domain/request-name.js";
import { coFundingText } from "../domain/payment.js";
import {
  backgroundFields,
  CASE_INFO_SHOWN,
  type CapUse,
  type CaseFile,
  type CaseFileInfo,
  type CaseFilePage,
  type CaseFilePayments,
  type CaseFileRequest,
  type CaseListItem,
  type CaseListPage,
} from "../domain/case-file.js";
export type { CaseFilePage, CaseListItem, CaseListPage };
import {
  CASE_OUTCOME_LABEL,
  MEASURE_LABEL,
  REQUEST_STATUS_LABEL,
  REQUEST_TYPE_LABEL,
  type CaseBackground,
  type MeasureKind,
} from "../domain/types.js";
import { ACTION } from "../core/ids.js";
import { settleButton } from "./payments.js";
import type { Button } from "@slack/types";
import { type Block, clip, context, divider, escapeMrkdwn, fields, header, markdown, modal, type ModalView, plain, plainSection } from "./blocks.js";

/** Slack's limit of blocks in a modal; the views below stay far under it (see fitModalBlocks). */
export const MAX_MODAL_BLOCKS = 100;

/** The value of a page button: "NSP004:2" (a case file's page 2) or "list:2" (the case list's). */
export function pageValue(target: string, page: number): string {
  return `${target}:${page}`;
}

/** Reads a page button's value (forged values: null); `target` is "list" or a case ref. */
export function parsePageValue(value: unknown): { target: string; page: number } | null {
  if (typeof value !== "string") return null;
  const m = /^(list|NSP\d{3,6}):([1-9]\d{0,3})$/.exec(value);
  return m?.[1] && m[2] ? { target: m[1], page: Number(m[2]) } : null;
}

const button = (actionId: string, text: string, value: string, style?: "primary" | "danger"): Button => ({
  type: "button",
  action_id: actionId,
  text: plain(text),
  value,
  ...(style ? { style } : {}),
});

/** "Insats: Terapi 5 tillfällen × 500 kr", "2016-09-01 – 2016-09-30 (30 dagar)". */
export function askedForText(r: CaseFileRequest): string {
  if (r.type === "measure") {
    const kind = r.measure as MeasureKind | null;
    return kind && kind in MEASURE_LABEL ? measureLabel(kind, r.quantity ?? 1, r.unitAmount ?? 0) : "–";
  }
  if (r.startDate && r.endDate) {
    const extras = [r.children ? `${r.children} medföljande barn` : null, r.protection ? "dygnet-runt-skydd" : null].filter(Boolean);
    return `${isoDay(r.startDate)} – ${isoDay(r.endDate)} (${daysText(r.days)})${extras.length ? `, ${extras.join(", ")}` : ""}`;
  }
  return "–";
}

const hasMoney = (r: Pick<CaseFileRequest, "type">): boolean => typeHasMoney(r.type);

/** The decision as its fields say it (status, days and money granted, who, when): no free text. */
export function decisionNote(r: CaseFileRequest): string {
  const by = r.decidedBy ? ` av <@${r.decidedBy}>` : "";
  const at = r.decidedAt ? ` ${formatDateTime(r.decidedAt)}` : "";
  const label = REQUEST_STATUS_LABEL[r.status].sv;
  if (r.status === "partly_granted") {
    const days = r.grantedDays !== null && r.days !== null ? `${r.grantedDays} av ${daysText(r.days)}, ` : "";
    const coFunded = r.coFundingPayer && r.coFundingAmount ? `, ${coFundingText(r.coFundingPayer, r.coFundingAmount)}` : "";
    return `${label} (${days}${formatKr(r.grantedAmount ?? 0)}${coFunded})${by}${at}`;
  }
  if (r.status === "granted") return `${label}${hasMoney(r) ? ` (${formatKr(r.grantedAmount ?? r.requestedAmount)})` : ""}${by}${at}`;
  if (r.status === "denied") return `${label}${by}${at}`;
  if (r.status === "withdrawn") return label;
  return r.infoOpen > 0 ? `${label} – komplettering begärd` : r.infoCount > 0 ? `${label} – komplettering inkommen` : label;
}

function infoText(info: CaseFileInfo): string {
  const answer = info.answer
    ? `Svar ${info.answeredAt ? formatDateTime(info.answeredAt) : ""}: ${info.answer}`
    : "Inget svar ännu.";
  // Question and answer each get half of the block's 3000 characters at most.
  return `Fråga ${formatDateTime(info.askedAt)}: ${clip(info.question, 1400)}\n${clip(answer, 1400)}`;
}

/**
 * A grant's payments (issue #13): confirmed, waiting, released, settled. Coordinators and admins get
 * "Slutreglera" until it is settled (listener: actions/settle-grant.ts, which checks role, jäv and
 * unconfirmed payments again); the applying organisation never does.
 */
export function paymentsBlock(requestId: number, p: CaseFilePayments, privileged: boolean): Block {
  const parts = [`Utbetalt ${formatKr(p.confirmed)}`];
  if (p.unconfirmed > 0) parts.push(`${formatKr(p.reported)} väntar på bekräftelse`);
  if (p.released > 0) parts.push(`återfört ${formatKr(p.released)}`);
  const settled = p.settledAt ? ` · *Slutreglerad ${formatDate(p.settledAt)}${p.settledBy ? ` av <@${p.settledBy}>` : ""}*` : "";
  const block: Block = { type: "section", text: { type: "mrkdwn", text: `*Utbetalningar:* ${parts.join(", ")}${settled}` } };
  return privileged && !p.settledAt ? { ...block, accessory: settleButton(requestId) } : block;
}

/** The blocks of one request: at most 4 + CASE_INFO_SHOWN. */
export function requestBlocks(r: CaseFileRequest, privileged: boolean): Block[] {
  const blocks: Block[] = [
    {
      type: "section",
      text: { type: "mrkdwn", text: `*${requestName(r.id)}* · ${REQUEST_TYPE_LABEL[r.type].sv} · inkom ${formatDate(r.createdAt)}` },
      fields: [
        { type: "mrkdwn", text: `*${r.type === "measure" ? "Insats" : "Period"}*\n${askedForText(r)}` },
        { type: "mrkdwn", text: `*Kostnad*\n${hasMoney(r) ? formatKr(r.requestedAmount) : "Ingen kostnad"}` },
        { type: "mrkdwn", text: clip(`*Status*\n${decisionNote(r)}`, 2000) },
      ],
      // A grant's organisation registers what it paid out (issue #13); the click checks who may.
      // A settled grant takes no more payments: the button is gone.
      ...(offersPayment(r) && !r.payments?.settledAt
        ? { accessory: { type: "button", action_id: `${ACTION.registerPayment}_${r.id}`, text: { type: "plain_text", text: "Registrera utbetalning" }, value: String(r.id) } }
        : {}),
    },
  ];
  if (r.payments) blocks.push(paymentsBlock(r.id, r.payments, privileged));
  if (privileged && r.decisionReason) blocks.push(plainSection(`Motivering: ${clip(r.decisionReason, 2900)}`));
  if (privileged) {
    const shown = r.infoRequests.slice(-CASE_INFO_SHOWN);
    if (r.infoRequests.length > shown.length) blocks.push(context(`${plural(r.infoRequests.length - shown.length, "äldre komplettering visas", "äldre kompletteringar visas")} inte.`));
    for (const info of shown) blocks.push(plainSection(infoText(info)));
  }
  return blocks;
}

function backgroundBlock(c: CaseBackground): Block {
  return fields(backgroundFields(c));
}

const CAP_TITLE = { rest: "Vila", integration: "Integration" } as const;

/** "*Vila:* 20 av högst 30 dagar beviljade, 10 kvar" with the granted periods and pending requests. */
export function capText(c: CapUse): string {
  const max = c.maxDays === null ? `${daysText(c.used)} beviljade` : `${c.used} av högst ${c.maxDays} dagar beviljade, *${c.left ?? 0} kvar*`;
  const lines = [`*${CAP_TITLE[c.type]}:* ${max}`];
  for (const g of c.granted.slice(-6)) {
    const dates = g.from && g.to ? `${isoDay(g.from)} – ${isoDay(g.to)}` : "utan datum";
    const part = g.requestedDays !== null && g.requestedDays !== g.grantedDays ? ` (${g.grantedDays} av ${daysText(g.requestedDays)})` : ` (${daysText(g.grantedDays)})`;
    lines.push(`• ${dates}${part}, ${requestNo(g.requestId)}`);
  }
  if (c.granted.length > 6) lines.push(`• … och ${plural(c.granted.length - 6, "tidigare period", "tidigare perioder")}`);
  if (c.pending.length > 0) {
    lines.push(`Väntar på beslut: ${c.pending.map((p) => `${daysText(p.days)} (${requestNo(p.requestId)})`).join(", ")}`);
  }
  return lines.join("\n");
}

export interface CaseFileOptions {
  /** Whether to show "Avsluta ärende" / "Återöppna ärende" (listeners: actions/close-case.ts and
   * actions/reopen-case.ts; tests/registration.test.ts checks them). */
  closeActions?: boolean;
  /** The viewer may close the case (a member of its organisation, a coordinator or an admin). */
  canClose?: boolean;
  /** The viewer may reopen it (coordinators and admins). */
  canReopen?: boolean;
  /** The viewer may move it to another organisation (coordinators and admins; issue #14,
   * listener: actions/transfer-case.ts). */
  canTransfer?: boolean;
}

function headerBlocks(f: CaseFile): Block[] {
  const blocks: Block[] = [header(`Ärende ${f.ref}`)];
  const closed = f.outcome && f.closedOn ? ` · *Avslutat ${isoDay(f.closedOn)}: ${CASE_OUTCOME_LABEL[f.outcome]}*` : " · Aktivt";
  blocks.push(context(`${escapeMrkdwn(f.orgName)} · öppnat ${formatDate(f.createdAt)} · ${plural(f.requests.length, "ansökan", "ansökningar")}${closed}`));
  return blocks;
}

/** "Flyttat 2016-10-03 från Frälsningsarmén till Talita av @…", with the reason for coordinators. */
function transferBlocks(f: CaseFile): Block[] {
  const transfers = f.transfers ?? [];
  if (transfers.length === 0) return [];
  const lines = transfers.slice(-10).map((t) => {
    const head = `Flyttat ${formatDate(t.at)} från ${escapeMrkdwn(t.fromOrg)} till ${escapeMrkdwn(t.toOrg)} av <@${t.actor}>`;
    return `• ${head}`;
  });
  const blocks: Block[] = [markdown(clip(`*Flyttat mellan organisationer*\n${lines.join("\n")}`, 3000))];
  // Reasons are free text: plain_text, coordinators and admins only (the service leaves them out otherwise).
  for (const t of transfers.slice(-3)) if (t.reason !== null) blocks.push(plainSection(`Skäl till flytten ${formatDate(t.at)}: ${clip(t.reason, 2900)}`));
  return blocks;
}

function summaryBlocks(f: CaseFile): Block[] {
  const caps = f.caps.filter((c) => c.used > 0 || c.pending.length > 0 || f.requests.some((r) => r.type === c.type));
  const blocks: Block[] = [];
  if (caps.length > 0) blocks.push(markdown(clip(caps.map(capText).join("\n\n"), 3000)));
  else blocks.push(context("Inga dagar av vila eller integration har sökts."));
  if (f.money.length > 0) {
    const total = f.money.reduce((sum, m) => sum + m.amount, 0);
    const lines = f.money.slice(0, 20).map((m) => `• ${escapeMrkdwn(m.name)}: ${formatKr(m.amount)}`);
    blocks.push(markdown(clip(`*Beviljat per kategori* (totalt ${formatKr(total)})\n${lines.join("\n")}`, 3000)));
  } else blocks.push(context("Inga pengar har beviljats ännu."));
  if (f.privileged && f.background) blocks.push(markdown("*Bakgrund (anonymiserad)*"), backgroundBlock(f.background));
  return blocks;
}

function pagerBlock(target: string, page: number, pages: number): Block | null {
  if (pages <= 1) return null;
  const elements: Button[] = [];
  if (page > 1) elements.push(button(`${ACTION.casePage}_prev`, "← Nyare", pageValue(target, page - 1)));
  if (page < pages) elements.push(button(`${ACTION.casePage}_next`, "Äldre →", pageValue(target, page + 1)));
  return { type: "actions", block_id: "case_pager", elements };
}

/** Keeps a modal within Slack's block limit (pages keep it far below; this is the backstop). */
export function fitModalBlocks(blocks: Block[]): Block[] {
  if (blocks.length <= MAX_MODAL_BLOCKS) return blocks;
  return [...blocks.slice(0, MAX_MODAL_BLOCKS - 1), context(`… ${plural(blocks.length - MAX_MODAL_BLOCKS + 1, "rad visas", "rader visas")} inte.`)];
}

/** private_metadata of the case file: which case and page it shows (read back, never trusted). */
export const caseFileMetadata = (ref: string, page: number): string => JSON.stringify({ ref, page });

/** The case file modal: header, caps, money, background (coordinators), then a page of requests. */
export function caseFileModal(p: CaseFilePage, opts: CaseFileOptions = {}): ModalView {
  const f = p.file;
  const blocks: Block[] = [...headerBlocks(f), ...transferBlocks(f), ...summaryBlocks(f), divider()];
  if (f.requests.length === 0) blocks.push(context("Ärendet har inga ansökningar."));
  else {
    const note = p.pages > 1 ? `Sida ${p.page} av ${p.pages} · ` : "";
    blocks.push(context(`${note}Ansökningarna, nyast först:`));
    for (const r of p.requests) blocks.push(...requestBlocks(r, f.privileged));
  }
  const pager = pagerBlock(f.ref, p.page, p.pages);
  if (pager) blocks.push(pager);
  if (opts.closeActions) {
    const active = f.outcome === null;
    const buttons: Button[] = [];
    if (active && opts.canClose) buttons.push(button(ACTION.closeCase, "Avsluta ärende", f.ref, "danger"));
    if (!active && opts.canReopen) buttons.push(button(ACTION.reopenCase, "Återöppna ärende", f.ref));
    if (active && opts.canTransfer) buttons.push(button(ACTION.transferCase, "Flytta ärendet", f.ref));
    if (buttons.length > 0) blocks.push({ type: "actions", block_id: "case_close", elements: buttons });
  }
  if (!f.privileged) blocks.push(context("Motiveringar, kompletteringar och bakgrund visas bara för samordnare och administratörer."));
  return modal({
    title: `Ärende ${f.ref}`,
    blocks: fitModalBlocks(blocks),
    privateMetadata: caseFileMetadata(f.ref, p.page),
  });
}

function listLine(c: CaseListItem, scope: CaseListPage["scope"]): Block {
  const org = scope === "all_open" ? ` · ${escapeMrkdwn(c.orgName)}` : "";
  const state = c.closedOn ? ` · avslutat ${isoDay(c.closedOn)}` : c.open > 0 ? ` · ${c.open} väntar på beslut` : "";
  return {
    type: "section",
    text: { type: "mrkdwn", text: `*${c.ref}*${org}\n${plural(c.requests, "ansökan", "ansökningar")}${state} · senast ${formatDate(c.lastActivity)}` },
    accessory: button(`${ACTION.openCase}_${c.ref}`, "Visa", c.ref),
  };
}

/** `/nsp ärende` alone: the cases the viewer may open, newest activity first, each with "Visa". */
export function caseListModal(p: CaseListPage): ModalView {
  const title = p.scope === "all_open" ? "Öppna ärenden" : `Ärenden – ${p.orgName}`;
  const blocks: Block[] = [header(title)];
  if (p.total === 0) blocks.push(context(p.scope === "all_open" ? "Inga öppna ärenden." : "Organisationen har inga ärenden ännu."));
  else {
    blocks.push(context(`${p.total} ${p.total === 1 ? "ärende" : "ärenden"}, senast ändrade först${p.pages > 1 ? ` · sida ${p.page} av ${p.pages}` : ""}. \`/nsp ärende NSP004\` öppnar ett ärende direkt.`));
    blocks.push(...p.items.map((c) => listLine(c, p.scope)));
  }
  const pager = pagerBlock("list", p.page, p.pages);
  if (pager) blocks.push(pager);
  return modal({ title: "Ärenden", blocks: fitModalBlocks(blocks), privateMetadata: JSON.stringify({ list: p.page }) });
}

/** One answer for an unknown ref and for a case of another organisation: nobody learns whether it exists. */
export const caseNotFoundText = (ref?: string): string =>
  `${ref ? `Ärende ${ref}` : "Ärendet"} finns inte, eller så hör det inte till din organisation.`;

export const CASE_ARG_TEXT = "Skriv ärendenumret, t.ex. `/nsp ärende NSP004` (eller bara `/nsp ärende` för en lista).";
