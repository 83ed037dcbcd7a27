// Meeting views: the create/edit modal, `/nsp möten` (ephemeral list), the reminder posted to a
// group's channel with "Jag kommer" / "Kan inte" and the live answers, and the "Ändrat" /
// "Inställt" notices. Pure functions. Meeting free text is about meetings (never about victims);
// the registration text may hold a network member's contact and is shown in Slack as typed.
import type { Button, PlainTextOption } from "@slack/types";
import { z } from "zod";
import { recordId } from "./state.js";
import { formatMeetingWhen, instantToWallClock } from "../domain/meeting-time.js";
import { MEETING_KIND_LABEL, MEETING_KINDS, NETWORK_GROUP_VALUE, MEETING_TEXT_MAX, RSVP_LABEL, rsvpLabel, type MeetingKind, type RsvpAnswer } from "../domain/meetings.js";
import { ACTION, CALLBACK, MEETING_BLOCK as M } from "../core/ids.js";
import { type Block, clip, context, divider, escapeMrkdwn, header, markdown, modal, type ModalView, option, plain } from "./blocks.js";
import { type FormSpec, optionsOf, textLimits } from "./fields.js";
import type { SlackMessage } from "./request.js";
import { isoDay } from "../domain/format.js";

export const NETWORK_LABEL = "Hela nätverket";

/** What the views read of a meeting (the database row with its group). */
export interface MeetingInfo {
  id: number;
  kind: MeetingKind;
  title: string;
  theme: string | null;
  startsAt: Date;
  endsAt: Date;
  place: string | null;
  registration: string | null;
  registrationDeadline: Date | null;
  cancelledAt: Date | null;
  sequence: number;
  group: { id: number; name: string } | null;
}

/** private_metadata of the modal: the meeting being edited and the sequence the modal showed. */
export const meetingMetadata = z.object({ meetingId: recordId, sequence: z.number().int().min(0) }).nullable();
export type MeetingMetadata = z.infer<typeof meetingMetadata>;

const text = (field: keyof typeof MEETING_TEXT_MAX, multiline = false) => ({ element: "plain_text_input", maxLength: MEETING_TEXT_MAX[field], multiline }) as const;

/** The meeting modal's inputs (views/fields.ts); the groups are read from the database on submit. */
export const MEETING_FIELDS = {
  [M.kind]: { element: "static_select", options: MEETING_KINDS },
  [M.title]: text("title"),
  [M.theme]: text("theme", true),
  [M.group]: { element: "static_select" },
  [M.date]: { element: "datepicker" },
  [M.start]: { element: "timepicker" },
  [M.end]: { element: "timepicker" },
  [M.endDate]: { element: "datepicker" },
  [M.place]: text("place"),
  [M.registration]: text("registration", true),
  [M.deadline]: { element: "datepicker" },
} as const satisfies FormSpec;

const dateOnly = (d: Date | null): string | null => (d ? isoDay(d) : null);

function textInput(
  block: typeof M.title | typeof M.theme | typeof M.place | typeof M.registration,
  label: string,
  opts: { initial?: string | null; optional?: boolean; hint?: string },
): Block {
  return {
    type: "input",
    block_id: block,
    optional: opts.optional ?? false,
    label: plain(label),
    ...(opts.hint ? { hint: plain(opts.hint) } : {}),
    element: {
      type: "plain_text_input",
      action_id: block,
      ...textLimits(MEETING_FIELDS[block]),
      ...(opts.initial ? { initial_value: opts.initial } : {}),
    },
  };
}

function picker(type: "datepicker" | "timepicker", block: string, label: string, initial: string | null, optional = false): Block {
  const element =
    type === "datepicker"
      ? { type, action_id: block, ...(initial ? { initial_date: initial } : {}) }
      : { type, action_id: block, ...(initial ? { initial_time: initial } : {}) };
  return { type: "input", block_id: block, optional, label: plain(label), element };
}

function select(block: string, label: string, options: PlainTextOption[], initial: string | null): Block {
  const found = options.find((o) => o.value === initial);
  return {
    type: "input",
    block_id: block,
    label: plain(label),
    element: { type: "static_select", action_id: block, options, placeholder: plain("Välj"), ...(found ? { initial_option: found } : {}) },
  };
}

/** `/nsp möte ny` (no meeting) or "Ändra" (with the meeting). */
export function meetingModal(groups: readonly { id: number; name: string }[], meeting?: MeetingInfo): ModalView {
  const start = meeting ? instantToWallClock(meeting.startsAt) : null;
  const end = meeting ? instantToWallClock(meeting.endsAt) : null;
  const groupOptions = [option(NETWORK_GROUP_VALUE, NETWORK_LABEL), ...groups.slice(0, 99).map((g) => option(String(g.id), g.name))];
  const metadata: MeetingMetadata = meeting ? { meetingId: meeting.id, sequence: meeting.sequence } : null;
  return modal({
    callbackId: CALLBACK.meeting,
    title: meeting ? "Ändra möte" : "Nytt möte",
    submit: "Spara",
    close: "Avbryt",
    privateMetadata: JSON.stringify(metadata),
    blocks: [
      select(M.kind, "Typ av möte", optionsOf(MEETING_FIELDS[M.kind], (k) => MEETING_KIND_LABEL[k as MeetingKind], option), meeting?.kind ?? null),
      textInput(M.title, "Rubrik", { initial: meeting?.title }),
      textInput(M.theme, "Tema eller program", { initial: meeting?.theme, optional: true }),
      select(M.group, "Arbetsgrupp", groupOptions, meeting ? (meeting.group ? String(meeting.group.id) : NETWORK_GROUP_VALUE) : null),
      picker("datepicker", M.date, "Datum", start?.date ?? null),
      picker("timepicker", M.start, "Starttid", start?.time ?? null),
      picker("timepicker", M.end, "Sluttid", end?.time ?? null),
      picker("datepicker", M.endDate, "Slutdatum (om mötet pågår flera dagar)", end && start && end.date !== start.date ? end.date : null, true),
      textInput(M.place, "Plats (adress)", { initial: meeting?.place, optional: true }),
      textInput(M.registration, "Anmälan", {
        initial: meeting?.registration,
        optional: true,
        hint: "T.ex. \"Anmäl till manniskohandel@gmail.com\". Kontaktuppgifter bara här; aldrig personnummer.",
      }),
      picker("datepicker", M.deadline, "Sista anmälningsdag", dateOnly(meeting?.registrationDeadline ?? null), true),
      context("Tider är svensk tid (Europe/Stockholm). Skriv aldrig något om stödsökande personer."),
    ],
  });
}

export function meetingSavedModal(m: MeetingInfo, edited: boolean, reminders: readonly Date[]): ModalView {
  const when = reminders.map((d) => {
    const w = instantToWallClock(d);
    return `${w.date} ${w.time}`;
  });
  return modal({
    title: edited ? "Mötet är ändrat" : "Mötet är sparat",
    blocks: [
      markdown(`:white_check_mark: *${escapeMrkdwn(m.title)}* ${formatMeetingWhen(m.startsAt, m.endsAt)} (${escapeMrkdwn(m.group?.name ?? NETWORK_LABEL)}).`),
      context(when.length ? `Påminnelser: ${when.join(", ")}.` : "Inga påminnelser återstår före mötet."),
    ],
  });
}

/** The meeting's details as mrkdwn lines. */
export function meetingDetails(m: MeetingInfo): string {
  const lines = [
    `*${MEETING_KIND_LABEL[m.kind]}* · ${escapeMrkdwn(m.group?.name ?? NETWORK_LABEL)}`,
    `:calendar: ${formatMeetingWhen(m.startsAt, m.endsAt)}`,
  ];
  if (m.place) lines.push(`:round_pushpin: ${escapeMrkdwn(m.place)}`);
  if (m.theme) lines.push(`*Tema:* ${escapeMrkdwn(clip(m.theme, 1200))}`);
  if (m.registration) lines.push(`*Anmälan:* ${escapeMrkdwn(m.registration)}`);
  const deadline = dateOnly(m.registrationDeadline);
  if (deadline) lines.push(`*Sista anmälningsdag:* ${deadline}`);
  return lines.join("\n");
}

function button(actionId: string, text: string, value: string, style?: "primary" | "danger"): Button {
  return { type: "button", action_id: actionId, text: plain(text), value, ...(style ? { style } : {}) };
}

/**
 * "Jag kommer" / "Kan inte" for one meeting. `suffix` keeps the action ids unique where a view
 * shows several meetings (the Home, `/nsp möten`): "meeting_rsvp_yes_12"; a channel message about
 * one meeting uses the ids alone. The value is the meeting's id; the listener checks it.
 */
export function rsvpButtons(meetingId: number, opts: { suffix?: string; primary?: boolean } = {}): Button[] {
  const id = (base: string) => (opts.suffix ? `${base}_${opts.suffix}` : base);
  return [
    button(id(ACTION.rsvpYes), RSVP_LABEL.yes, String(meetingId), opts.primary ? "primary" : undefined),
    button(id(ACTION.rsvpNo), RSVP_LABEL.no, String(meetingId)),
  ];
}

/** "Ditt svar: *Jag kommer*" (the button's own words). */
export const yourAnswerText = (answer: RsvpAnswer | null): string => `Ditt svar: *${rsvpLabel(answer)}*`;

/** A meeting in `/nsp möten`: what the caller may do and how they answered. */
export interface MeetingListItem {
  meeting: MeetingInfo;
  mine: boolean;
  canManage: boolean;
  answer: RsvpAnswer | null;
}

/** The block id of a meeting's buttons in `/nsp möten`. */
export const meetingListActionsBlock = (meetingId: number): string => `meeting_actions_${meetingId}`;

/**
 * `/nsp möten`: coming meetings, each with the caller's answer and "Jag kommer" / "Kan inte"
 * (issue #15), and "Ändra"/"Ställ in" where the caller may. A click replaces this ephemeral list
 * with the same list showing the new answer.
 */
export function meetingListMessage(items: readonly MeetingListItem[]): SlackMessage {
  if (items.length === 0) {
    return { text: "Inga kommande möten.", blocks: [markdown("Inga kommande möten. Skapa ett med `/nsp möte ny`.")] };
  }
  const blocks: Block[] = [header("Kommande möten")];
  for (const { meeting: m, mine, canManage, answer } of items.slice(0, 15)) {
    blocks.push(markdown(`*${escapeMrkdwn(m.title)}*${mine ? "  _(din grupp)_" : ""}\n${meetingDetails(m)}\n${yourAnswerText(answer)}`));
    const elements: Button[] = [...rsvpButtons(m.id, { suffix: String(m.id) })];
    if (canManage) {
      elements.push(button(`${ACTION.meetingEdit}_${m.id}`, "Ändra", String(m.id)), {
        ...button(`${ACTION.meetingCancel}_${m.id}`, "Ställ in", String(m.id), "danger"),
        confirm: {
          title: plain("Ställa in mötet?"),
          text: plain(`"${clip(m.title, 200)}" ställs in och dess påminnelser tas bort.`),
          confirm: plain("Ställ in"),
          deny: plain("Avbryt"),
          style: "danger",
        },
      });
    }
    blocks.push({ type: "actions", block_id: meetingListActionsBlock(m.id), elements });
  }
  blocks.push(divider(), context("Nytt möte: `/nsp möte ny` · Prenumerera på kalendern: `<appens adress>/calendar.ics` (eller `/calendar/<grupp>.ics`)"));
  return { text: `Kommande möten (${items.length})`, blocks };
}

export interface ReminderInfo {
  key: string;
  label: string;
  late: boolean;
}

function answersText(rsvps: { yes: readonly string[]; no: readonly string[] }): string {
  const who = (ids: readonly string[]) => (ids.length ? `: ${ids.slice(0, 40).map((id) => `<@${id}>`).join(", ")}${ids.length > 40 ? " …" : ""}` : "");
  return `:white_check_mark: *Kommer (${rsvps.yes.length})*${who(rsvps.yes)}\n:x: *Kan inte (${rsvps.no.length})*${who(rsvps.no)}`;
}

/** The reminder in the channel; re-rendered (chat.update) on every answer, edit and cancellation. */
export function reminderMessage(m: MeetingInfo, r: ReminderInfo, rsvps: { yes: readonly string[]; no: readonly string[] }): SlackMessage {
  const deadline = r.key === "deadline";
  const late = r.late ? " (försenad påminnelse)" : "";
  const intro = m.cancelledAt
    ? `:no_entry: *Inställt:* ${escapeMrkdwn(m.title)}`
    : deadline
      ? `:hourglass: *Sista anmälningsdag ${r.label}:* ${escapeMrkdwn(m.title)}${late}`
      : `:bell: *Påminnelse – ${r.late ? "" : `${r.label}: `}${escapeMrkdwn(m.title)}*${late}`;
  const blocks: Block[] = [markdown(intro), markdown(meetingDetails(m)), markdown(answersText(rsvps), "meeting_answers")];
  if (!m.cancelledAt) blocks.push({ type: "actions", block_id: "meeting_rsvp", elements: rsvpButtons(m.id, { primary: true }) });
  const text = m.cancelledAt ? `Inställt: ${m.title}` : `Påminnelse: ${m.title} ${formatMeetingWhen(m.startsAt, m.endsAt)}${late}`;
  return { text: clip(text, 3000), blocks };
}

/**
 * The announcement of a new meeting in its channel (issue #15), with "Jag kommer" / "Kan inte"
 * and the live answers like a reminder; re-rendered on every answer, edit and cancellation (no
 * buttons once cancelled).
 */
export function announcementMessage(m: MeetingInfo, rsvps: { yes: readonly string[]; no: readonly string[] }): SlackMessage {
  const intro = m.cancelledAt ? `:no_entry: *Inställt:* ${escapeMrkdwn(m.title)}` : `:calendar: *Nytt möte:* ${escapeMrkdwn(m.title)}`;
  const blocks: Block[] = [markdown(intro), markdown(meetingDetails(m)), markdown(answersText(rsvps), "meeting_answers")];
  if (!m.cancelledAt) {
    blocks.push({ type: "actions", block_id: "meeting_rsvp", elements: rsvpButtons(m.id, { primary: true }) });
    blocks.push(context("Svara när du vill; `/nsp möten` visar alla kommande möten och ditt svar."));
  }
  const text = m.cancelledAt ? `Inställt: ${m.title}` : `Nytt möte: ${m.title} ${formatMeetingWhen(m.startsAt, m.endsAt)}`;
  return { text: clip(text, 3000), blocks };
}

export function meetingCancelledMessage(m: MeetingInfo): SlackMessage {
  return {
    text: `Inställt: ${m.title} ${formatMeetingWhen(m.startsAt, m.endsAt)}`,
    blocks: [markdown(`:no_entry: *Inställt:* ${escapeMrkdwn(m.title)} (${formatMeetingWhen(m.startsAt, m.endsAt)}) är inställt.`)],
  };
}

export function meetingChangedMessage(m: MeetingInfo): SlackMessage {
  return {
    text: `Ändrat: ${m.title} ${formatMeetingWhen(m.startsAt, m.endsAt)}`,
    blocks: [markdown(`:arrows_counterclockwise: *Ändrat:* ${escapeMrkdwn(m.title)}`), markdown(meetingDetails(m))],
  };
}
