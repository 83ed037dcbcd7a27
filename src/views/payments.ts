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
import { context, markdown, modal, type Block, type ModalView } from "./blocks.js";
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
