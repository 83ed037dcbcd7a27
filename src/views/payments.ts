// Payments (issue #13, item 3): the "Registrera utbetalning" button (decision DM, case file), the
// payment modal, the coordinator thread note with "Bekräfta utbetalning", and what the submit
// answers. The thread note names the request, the amount, the date and the people by Slack id;
// the payment's note (free text) is never posted.
import { z } from "zod";
import { ACTION, CALLBACK, PAYMENT_BLOCK as B } from "../core/ids.js";
import { formatDateTime, formatKr, isoDay } from "../domain/format.js";
import { PAYMENT_MAX_KR, PAYMENT_NOTE_MAX } from "../domain/payment.js";
import { requestName } from "../domain/request-name.js";
import { SIGNAL } from "../domain/signals.js";
import type { Button } from "@slack/types";
import { context, escapeMrkdwn, markdown, modal, type Block, type ModalView } from "./blocks.js";
import { numberLimits, textLimits, type FormSpec } from "./fields.js";
import { recordId } from "./state.js";

/** A message (the same shape as views/request.ts SlackMessage; not imported, to keep views acyclic). */
export interface PaymentMessage {
  text: string;
  blocks: Block[];
}

export const paymentMetadata = z.object({ requestId: recordId });

export const PAYMENT_FIELDS = {
  [B.amount]: { element: "number_input", min: 1, max: PAYMENT_MAX_KR },
  [B.paidOn]: { element: "datepicker" },
  [B.note]: { element: "plain_text_input", maxLength: PAYMENT_NOTE_MAX, multiline: true },
  [B.override]: { element: "plain_text_input", maxLength: PAYMENT_NOTE_MAX },
} as const satisfies FormSpec;

/** The button on a granted request's decision DM and in the case file. */
export function registerPaymentButton(requestId: number, suffix?: string): Block {
  return {
    type: "actions",
    block_id: `payment_${requestId}${suffix ? `_${suffix}` : ""}`,
    elements: [
      {
        type: "button",
        action_id: suffix ? `${ACTION.registerPayment}_${suffix}` : ACTION.registerPayment,
        text: { type: "plain_text", text: "Registrera utbetalning" },
        value: String(requestId),
      },
    ],
  };
}

export interface PaymentModalInput {
  requestId: number;
  title: string;
  committed: number;
  released: number;
  paid: number;
  room: number;
  /** Admins may pay more than granted, with a reason. */
  isAdmin: boolean;
}

export function paymentModal(p: PaymentModalInput, today: Date): ModalView {
  const blocks: Block[] = [
    markdown(`*${p.title}*`),
    context(
      `Beviljat ${formatKr(p.committed)}${p.released > 0 ? `, återfört ${formatKr(p.released)}` : ""}, redan registrerat ${formatKr(p.paid)}. ` +
        `Kvar att betala ut: *${formatKr(p.room)}*. En samordnare bekräftar utbetalningen.`,
    ),
    {
      type: "input",
      block_id: B.amount,
      label: { type: "plain_text", text: "Utbetalt belopp (kr)" },
      element: { type: "number_input", action_id: B.amount, ...numberLimits(PAYMENT_FIELDS[B.amount]) },
    },
    {
      type: "input",
      block_id: B.paidOn,
      label: { type: "plain_text", text: "Utbetalningsdag" },
      hint: { type: "plain_text", text: `Senast i dag (${isoDay(today)}).` },
      element: { type: "datepicker", action_id: B.paidOn, initial_date: isoDay(today) },
    },
    {
      type: "input",
      block_id: B.note,
      optional: true,
      label: { type: "plain_text", text: "Anteckning" },
      hint: { type: "plain_text", text: "Inga personuppgifter: inga namn, personnummer, telefonnummer eller adresser." },
      element: { type: "plain_text_input", action_id: B.note, ...textLimits(PAYMENT_FIELDS[B.note]) },
    },
  ];
  if (p.isAdmin) {
    blocks.push({
      type: "input",
      block_id: B.override,
      optional: true,
      label: { type: "plain_text", text: "Skäl att betala mer än beviljat (administratör)" },
      hint: { type: "plain_text", text: "Bara om beloppet är större än det som är kvar. Inga personuppgifter." },
      element: { type: "plain_text_input", action_id: B.override, ...textLimits(PAYMENT_FIELDS[B.override]) },
    });
  }
  return modal({
    callbackId: CALLBACK.payment,
    title: "Registrera utbetalning",
    submit: "Registrera",
    close: "Avbryt",
    privateMetadata: JSON.stringify(paymentMetadata.parse({ requestId: p.requestId })),
    blocks,
  });
}

export const paymentDoneText = (requestId: number, amount: number, status: "reported" | "confirmed"): string =>
  status === "confirmed"
    ? `Utbetalningen på ${formatKr(amount)} för ${requestName(requestId)} är registrerad och bekräftad.`
    : `Utbetalningen på ${formatKr(amount)} för ${requestName(requestId)} är registrerad. En samordnare bekräftar den.`;

export const PAYMENT_NOT_FOUND_TEXT = "Ansökan finns inte, eller hör inte till din organisation.";
export const notGrantedText = (requestId: number): string => `${requestName(requestId)} är inte beviljad, så ingen utbetalning kan registreras.`;
export const settledText = (requestId: number): string => `${requestName(requestId)} är slutreglerad; inga fler utbetalningar kan registreras.`;

export interface PaymentNote {
  id: number;
  requestId: number;
  amount: number;
  paidOn: Date;
  status: "reported" | "confirmed" | "rejected";
  reportedBy: string;
  confirmedBy: string | null;
  confirmedAt: Date | null;
  rejectedBy?: string | null;
  rejectedAt?: Date | null;
  overrideReason: string | null;
  overrideBy: string | null;
}

/** The coordinator thread reply: the payment, and "Bekräfta utbetalning" / "Avvisa" while it waits (the reason of a rejection is never posted). */
export function paymentThreadMessage(p: PaymentNote): PaymentMessage {
  const head = `:moneybag: <@${p.reportedBy}> registrerade en utbetalning för *${requestName(p.requestId)}*: *${formatKr(p.amount)}*, ${isoDay(p.paidOn)}.`;
  const blocks: Block[] = [markdown(head)];
  if (p.overrideBy) blocks.push(context(`${SIGNAL.warning} Mer än beviljat, godkänt av administratör <@${p.overrideBy}>.`));
  if (p.status === "confirmed") {
    const by = p.confirmedBy ? ` av <@${p.confirmedBy}>` : "";
    blocks.push(context(`:white_check_mark: Bekräftad${by}${p.confirmedAt ? ` ${formatDateTime(p.confirmedAt)}` : ""}.`));
  } else if (p.status === "rejected") {
    const by = p.rejectedBy ? ` av <@${p.rejectedBy}>` : "";
    blocks.push(context(`*Avvisad*${by}${p.rejectedAt ? ` ${formatDateTime(p.rejectedAt)}` : ""}: räknas inte som utbetald och inte mot beviljat.`));
  } else {
    blocks.push({
      type: "actions",
      block_id: `payment_confirm_${p.id}`,
      elements: [
        { type: "button", action_id: ACTION.confirmPayment, style: "primary", text: { type: "plain_text", text: "Bekräfta utbetalning" }, value: String(p.id) },
        { type: "button", action_id: ACTION.rejectPayment, style: "danger", text: { type: "plain_text", text: "Avvisa" }, value: String(p.id) },
      ],
    });
  }
  return { text: `Utbetalning ${formatKr(p.amount)}: ${requestName(p.requestId)}`, blocks };
}

// ------------------------------------------------------------------------------------------------
// "Slutreglera" (coordinators and admins): the confirmation with the server's figures, the refusals
// and the coordinator thread note. The figures come from services/payments.ts settlementPreview,
// which uses the same arithmetic as settleGrant (settleRelease), so what is shown is what is released.

export const settleMetadata = z.object({ requestId: recordId, release: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) });

export interface SettleModalInput {
  requestId: number;
  title: string;
  committed: number;
  /** Already released before (a case closed early). */
  released: number;
  /** Confirmed payments. */
  paid: number;
  lines: { name: string; amount: number }[];
  total: number;
}

export function settleModal(p: SettleModalInput): ModalView {
  const granted = `Beviljat: *${formatKr(p.committed)}*${p.released > 0 ? ` (varav ${formatKr(p.released)} redan återfört när ärendet avslutades)` : ""}`;
  const back =
    p.total > 0
      ? `Tillbaka till budgeten: *${formatKr(p.total)}*\n${p.lines.map((l) => `• ${escapeMrkdwn(l.name)}: ${formatKr(l.amount)}`).join("\n")}`
      : "Inget går tillbaka till budgeten: allt beviljat är utbetalt.";
  return modal({
    callbackId: CALLBACK.settleGrant,
    title: "Slutreglera",
    submit: "Slutreglera",
    close: "Avbryt",
    privateMetadata: JSON.stringify(settleMetadata.parse({ requestId: p.requestId, release: p.total })),
    blocks: [
      markdown(`*${p.title}*`),
      markdown(`${granted}\nBekräftat utbetalt: *${formatKr(p.paid)}*\n${back}`),
      context(`${SIGNAL.warning} Slutregleringen kan inte ångras: inga fler utbetalningar kan registreras för ansökan, och det som går tillbaka kan beviljas andra.`),
    ],
  });
}

// Rejecting a wrongly reported payment (review of #13): "Avvisa" → this modal → the reason.

export const rejectPaymentMetadata = z.object({ paymentId: recordId });

export const REJECT_PAYMENT_FIELDS = {
  [B.rejectReason]: { element: "plain_text_input", maxLength: PAYMENT_NOTE_MAX, multiline: true },
} as const satisfies FormSpec;

/** The small modal behind "Avvisa": the payment, and the reason (required, no personal data). */
export function rejectPaymentModal(p: { id: number; requestId: number; amount: number; paidOn: Date }): ModalView {
  return modal({
    callbackId: CALLBACK.rejectPayment,
    title: "Avvisa utbetalning",
    submit: "Avvisa",
    close: "Avbryt",
    privateMetadata: JSON.stringify(rejectPaymentMetadata.parse({ paymentId: p.id })),
    blocks: [
      markdown(`*${requestName(p.requestId)}*: ${formatKr(p.amount)}, ${isoDay(p.paidOn)}.`),
      context("En avvisad utbetalning räknas inte som utbetald och inte mot beviljat. Organisationen får veta det (utan skälets text)."),
      {
        type: "input",
        block_id: B.rejectReason,
        label: { type: "plain_text", text: "Skäl" },
        hint: { type: "plain_text", text: "T.ex. fel belopp eller fel ansökan. Inga personuppgifter." },
        element: { type: "plain_text_input", action_id: B.rejectReason, ...textLimits(REJECT_PAYMENT_FIELDS[B.rejectReason]) },
      },
    ],
  });
}

export const settleDoneText = (requestId: number, paid: number, released: number): string =>
  `${requestName(requestId)} är slutreglerad: utbetalt ${formatKr(paid)}, ${formatKr(released)} tillbaka till budgeten.`;

export type SettleRefusalText =
  | { error: "not_found" | "not_allowed" | "settled" | "no_money" }
  | { error: "jav"; message: string }
  | { error: "not_granted"; status: string }
  | { error: "unconfirmed"; count: number }
  | { error: "changed"; released: number };

/** A refused settlement in Swedish (the click's notice and the submit's answer). */
export function settleRefusalText(requestId: number, r: SettleRefusalText): string {
  switch (r.error) {
    case "not_found":
      return "Ansökan finns inte.";
    case "not_allowed":
      return "Bara samordnare och administratörer kan slutreglera.";
    case "settled":
      return `${requestName(requestId)} är redan slutreglerad. Inget ändrades.`;
    case "jav":
      return r.message;
    case "no_money":
      return `${requestName(requestId)} har inga pengar att slutreglera.`;
    case "not_granted":
      return `${requestName(requestId)} är inte beviljad, så den kan inte slutregleras.`;
    case "unconfirmed":
      return `${requestName(requestId)} har ${r.count === 1 ? "en utbetalning" : `${r.count} utbetalningar`} som väntar på bekräftelse. Bekräfta ${r.count === 1 ? "den" : "dem"} i ansökans tråd först. Inget ändrades.`;
    case "changed":
      return `Utbetalningarna ändrades medan du tittade: nu skulle ${formatKr(r.released)} gå tillbaka. Inget ändrades – öppna Slutreglera igen för att se de nya beloppen.`;
  }
}

export interface SettledNote {
  requestId: number;
  actor: string;
  paid: number;
  released: number;
  lines: { name: string; amount: number }[];
}

/** The coordinator thread reply once a grant is settled: who, what was paid, what came back where. */
export function settledThreadMessage(n: SettledNote): PaymentMessage {
  const lines = n.lines.map((l) => `• ${escapeMrkdwn(l.name)}: ${formatKr(l.amount)}`).join("\n");
  const back = n.released > 0 ? `*${formatKr(n.released)}* tillbaka till budgeten:\n${lines}` : "Inget gick tillbaka till budgeten.";
  return {
    text: `Slutreglerad: ${requestName(n.requestId)}, ${formatKr(n.released)} tillbaka`,
    blocks: [markdown(`:receipt: <@${n.actor}> slutreglerade *${requestName(n.requestId)}*. Utbetalt *${formatKr(n.paid)}*. ${back}`)],
  };
}

/** "Slutreglera" as the case file shows it to coordinators (value = request id; the click checks who may). */
export function settleButton(requestId: number): Button {
  return { type: "button", action_id: `${ACTION.settleGrant}_${requestId}`, text: { type: "plain_text", text: "Slutreglera" }, value: String(requestId) };
}

export const paymentRejectedDoneText = (requestId: number, amount: number): string =>
  `Utbetalningen på ${formatKr(amount)} för ${requestName(requestId)} är avvisad. Organisationen får ett meddelande.`;

/** The DM to the payment's reporter: which payment, by whom; never the reason's text. */
export function paymentRejectedDm(p: Pick<PaymentNote, "requestId" | "amount" | "paidOn" | "rejectedBy">): PaymentMessage {
  const by = p.rejectedBy ? `<@${p.rejectedBy}>` : "En samordnare";
  const text =
    `${SIGNAL.warning} ${by} avvisade utbetalningen på *${formatKr(p.amount)}* (${isoDay(p.paidOn)}) för *${requestName(p.requestId)}*. ` +
    "Den räknas inte som utbetald. Registrera rätt belopp med *Registrera utbetalning*, eller fråga samordnaren varför.";
  return { text: `Utbetalningen på ${formatKr(p.amount)} för ${requestName(p.requestId)} avvisades.`, blocks: [markdown(text)] };
}
