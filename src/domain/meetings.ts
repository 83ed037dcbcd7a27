// Meetings: kinds, the modal's validation (Stockholm wall-clock times → instants), free-text
// checks and slugs. Pure functions; all time-zone work goes through meeting-time.ts (@date-fns/tz).
//
// Decisions:
// - A meeting has a start date and an optional end date (the 2016 calendar has two-day
//   conferences, "6-7 oktober"); without an end date it ends on its start date.
// - A time in the spring-forward gap (02:00–02:59 on the last Sunday of March) does not exist in
//   Stockholm and is refused next to the field; an ambiguous autumn time (02:00–02:59 on the last
//   Sunday of October) means its first occurrence, summer time (see meeting-time.ts).
// - Title, theme and place are checked with the personal-data detector and refused when it finds
//   anything (personnummer, phone, e-mail). The registration text may hold a network member's
//   e-mail address or phone number ("Anmäl till ida@ukv.se", as in the 2016 calendar) but never a
//   personal identity or coordination number. The public iCalendar feed redacts contacts.
// - On an edit, a date/time that is unchanged may lie in the past (an ongoing meeting can get a
//   new place); a changed one may not. The same goes for the registration deadline.
import { findPersonalData, piiKindText, type PiiKind } from "./pii.js";
import { formatDate } from "./format.js";
import { instantToWallClock, parseWallClock, wallClockToInstant } from "./meeting-time.js";

export const MEETING_KINDS = ["platform", "working_group", "member", "external_conference", "training"] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const MEETING_KIND_LABEL: Record<MeetingKind, string> = {
  platform: "Plattformsmöte",
  working_group: "Arbetsgruppsmöte",
  member: "Medlemsmöte",
  external_conference: "Extern konferens",
  training: "Utbildning",
};

/** A member's answer to a meeting (the Rsvp row's answer). */
export type RsvpAnswer = "yes" | "no";

/**
 * The words of the answer buttons, used wherever an answer is shown (issue #15): the buttons in
 * the announcement, the reminders, `/nsp möten` and the Home, and "Ditt svar: …" beside them, so
 * the answer reads as the button that gave it.
 */
export const RSVP_LABEL = { yes: "Jag kommer", no: "Kan inte", none: "Inte svarat" } as const;

/** "Jag kommer" / "Kan inte" / "Inte svarat" for an answer or none. */
export function rsvpLabel(answer: RsvpAnswer | null): string {
  return answer ? RSVP_LABEL[answer] : RSVP_LABEL.none;
}

export function isMeetingKind(v: string | null | undefined): v is MeetingKind {
  return typeof v === "string" && (MEETING_KINDS as readonly string[]).includes(v);
}

/** The value of "hela nätverket" in the group select. */
export const NETWORK_GROUP_VALUE = "network";

export const MEETING_TEXT_MAX = { title: 150, theme: 1000, place: 300, registration: 1000 } as const;

/** What the modal gives (trimmed strings; null when a picker/select is empty). */
export interface MeetingFormInput {
  kind: string | null;
  title: string;
  theme: string;
  group: string | null;
  date: string | null;
  endDate: string | null;
  start: string | null;
  end: string | null;
  place: string;
  registration: string;
  deadline: string | null;
}
export type MeetingField = keyof MeetingFormInput;

export interface MeetingDraft {
  kind: MeetingKind;
  title: string;
  theme: string | null;
  groupId: number | null;
  startsAt: Date;
  endsAt: Date;
  place: string | null;
  registration: string | null;
  /** "YYYY-MM-DD" or null. */
  registrationDeadline: string | null;
}

export type MeetingValidation = { ok: true; draft: MeetingDraft } | { ok: false; errors: Partial<Record<MeetingField, string>> };

/** What each meeting text may hold besides plain text: the registration text names the contact
 * (a network member: name, e-mail, phone, address); the place may be a street address. A
 * personnummer is never allowed anywhere. */
const ALLOWED: Record<"title" | "theme" | "place" | "registration", readonly PiiKind[]> = {
  title: [],
  theme: [],
  place: ["address"],
  registration: ["email", "phone", "name", "address"],
};

const WHERE_INSTEAD: Partial<Record<PiiKind, string>> = {
  email: "Kontaktuppgifter för anmälan skrivs i fältet Anmälan.",
  phone: "Kontaktuppgifter för anmälan skrivs i fältet Anmälan.",
  name: "Kontaktpersonen för anmälan skrivs i fältet Anmälan.",
  address: "Adressen skrivs i fältet Plats.",
};

/**
 * null when the text may be stored; otherwise a Swedish message (never echoing what was found).
 * `allow`: kinds of personal data this field may hold (see ALLOWED).
 */
export function meetingTextError(text: string, opts: { allow?: readonly PiiKind[] } = {}): string | null {
  const kinds = findPersonalData(text)
    .map((f) => f.kind)
    .filter((k) => !opts.allow?.includes(k));
  const first = kinds.find((k) => k === "personnummer" || k === "samordningsnummer") ?? kinds[0];
  if (first === undefined) return null;
  const instead = WHERE_INSTEAD[first];
  if (instead) return `Texten innehåller något som ser ut som ${piiKindText(first)}. ${instead}`;
  return `Texten innehåller något som ser ut som ${piiKindText(first)}. Ta bort det – personnummer hör aldrig hemma i kalendern.`;
}

/** Replaces e-mail addresses and phone numbers (for the public calendar feed). */
export function redactContacts(text: string, replacement = "(kontaktuppgift finns i Slack)"): string {
  const found = findPersonalData(text).filter((f) => f.kind === "email" || f.kind === "phone");
  let out = text;
  for (const f of [...found].sort((a, b) => b.index - a.index)) out = out.slice(0, f.index) + replacement + out.slice(f.index + f.length);
  return out;
}

/** "Slussa vidare" → "slussa-vidare", "Förebygga" → "forebygga" (for /calendar/<slug>.ics). */
export function slugify(name: string): string {
  return name
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** What slugify() can give: lower-case ASCII letters and digits in hyphen-separated runs. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** True for a string slugify() could have produced (at most 100 characters). */
export function isSlug(s: string): boolean {
  return s.length <= 100 && SLUG_PATTERN.test(s);
}

function checkText(errors: Partial<Record<MeetingField, string>>, field: "title" | "theme" | "place" | "registration", text: string): void {
  if (text.length > MEETING_TEXT_MAX[field]) {
    errors[field] = `Högst ${MEETING_TEXT_MAX[field]} tecken.`;
    return;
  }
  const pii = meetingTextError(text, { allow: ALLOWED[field] });
  if (pii) errors[field] = pii;
}

const GAP_TEXT = "Klockslaget finns inte den dagen: klockan ställs fram från 02:00 till 03:00 (sommartid börjar). Välj en annan tid.";

/** Resolves a Stockholm date + time; an error text (for the time field) when it cannot. */
function instant(date: string, time: string): Date | string {
  if (!parseWallClock(date, time)) return "Ange en giltig tid (TT:MM).";
  return wallClockToInstant(date, time) ?? GAP_TEXT;
}

export interface ValidateOptions {
  now: Date;
  /** Ids of the working groups that exist. */
  groupIds: ReadonlySet<number>;
  /** The meeting being edited: unchanged past times/deadlines are accepted. */
  previous?: { startsAt: Date; endsAt: Date; registrationDeadline: string | null };
}

function parseGroup(value: string | null, groupIds: ReadonlySet<number>): number | null | undefined {
  if (value === NETWORK_GROUP_VALUE) return null;
  const id = Number(value);
  return Number.isSafeInteger(id) && groupIds.has(id) ? id : undefined;
}

/** Validates the meeting modal; errors are Swedish and keyed by field. */
export function validateMeetingForm(input: MeetingFormInput, opts: ValidateOptions): MeetingValidation {
  const errors: Partial<Record<MeetingField, string>> = {};
  const { now, previous } = opts;
  const today = formatDate(now);
  if (!isMeetingKind(input.kind)) errors.kind = "Välj typ av möte.";
  if (input.title === "") errors.title = "Skriv mötets rubrik.";
  for (const field of ["title", "theme", "place", "registration"] as const) if (!errors[field]) checkText(errors, field, input[field]);
  const groupId = parseGroup(input.group, opts.groupIds);
  if (groupId === undefined) errors.group = "Välj en arbetsgrupp eller hela nätverket.";

  let startsAt: Date | null = null;
  let endsAt: Date | null = null;
  if (!input.date) errors.date = "Välj datum.";
  if (!input.start) errors.start = "Välj starttid.";
  if (!input.end) errors.end = "Välj sluttid.";
  const endDate = input.endDate || input.date;
  if (input.date && input.endDate && input.endDate < input.date) errors.endDate = "Slutdatum kan inte vara före startdatum.";
  if (input.date && input.start) {
    const s = instant(input.date, input.start);
    if (typeof s === "string") errors.start = s;
    else startsAt = s;
  }
  if (endDate && input.end && !errors.endDate) {
    const e = instant(endDate, input.end);
    if (typeof e === "string") errors.end = e;
    else endsAt = e;
  }
  const startChanged = !previous || startsAt === null || startsAt.getTime() !== previous.startsAt.getTime();
  if (input.date && startChanged && input.date < today) errors.date = "Datumet har redan passerat.";
  else if (startsAt && startChanged && startsAt.getTime() <= now.getTime()) errors.start = "Starttiden har redan passerat.";
  if (startsAt && endsAt && endsAt.getTime() <= startsAt.getTime() && !errors.end) {
    errors.end = input.endDate && input.endDate !== input.date ? "Mötet måste sluta efter att det börjar." : "Sluttiden måste vara efter starttiden.";
  }

  const deadline = input.deadline || null;
  if (deadline && input.date) {
    if (deadline > instantToWallClock(startsAt ?? new Date(`${input.date}T12:00:00Z`)).date) {
      errors.deadline = "Sista anmälningsdag kan inte vara efter mötet.";
    } else if (deadline < today && deadline !== (previous?.registrationDeadline ?? null)) {
      errors.deadline = "Sista anmälningsdag har redan passerat.";
    }
  }

  if (Object.keys(errors).length > 0 || !startsAt || !endsAt || !isMeetingKind(input.kind) || groupId === undefined) {
    return { ok: false, errors };
  }
  const orNull = (s: string) => (s === "" ? null : s);
  return {
    ok: true,
    draft: {
      kind: input.kind,
      title: input.title,
      theme: orNull(input.theme),
      groupId,
      startsAt,
      endsAt,
      place: orNull(input.place),
      registration: orNull(input.registration),
      registrationDeadline: deadline,
    },
  };
}
