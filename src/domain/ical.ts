// iCalendar (RFC 5545) feed of the programme's meetings, built with ical-generator.
//
// Decisions:
// - Times are written in UTC ("DTSTART:20160914T110000Z"). A TZID=Europe/Stockholm property
//   needs a matching VTIMEZONE component (RFC 5545 §3.2.19), ical-generator has no time-zone
//   database of its own and no VTIMEZONE generator is installed; UTC times are unambiguous and
//   every client shows them in the reader's own zone. No recurrence rules are used, so nothing
//   depends on local DST rules.
// - DTSTAMP and LAST-MODIFIED are the meeting's updatedAt: without a METHOD property DTSTAMP is
//   "when the information was last revised" (RFC 5545 §3.8.7.2). The output therefore depends only
//   on the meetings, so an unchanged feed is byte-identical (cache/ETag friendly).
// - No personal data: no ORGANIZER, ATTENDEE, CONTACT or URL; the organiser is an organisation
//   name written into DESCRIPTION ("Arrangör: …").
// - Cancelled meetings stay in the feed with STATUS:CANCELLED (so subscribed clients remove or
//   strike them) and a "Inställt: " prefix on SUMMARY, since many clients hide STATUS.
//   Other meetings get STATUS:CONFIRMED.
// - Clients only pick up a change when SEQUENCE increases; the caller bumps `sequence` whenever
//   time, place or status changes.
import ical, { ICalEventStatus, escape } from "ical-generator";
import { isValid } from "date-fns";

const PRODID_PARTS = { company: "Plattformen Civila Sverige mot människohandel", product: "NSP Slack-app", language: "SV" };
/** The PRODID value as written (ical-generator composes it from the parts above). */
export const ICAL_PRODID = `-//${PRODID_PARTS.company}//${PRODID_PARTS.product}//${PRODID_PARTS.language}`;

/** Suggested refresh interval for subscribing clients (REFRESH-INTERVAL / X-PUBLISHED-TTL). */
export const ICAL_REFRESH_SECONDS = 60 * 60;

export interface CalendarMeeting {
  /** Stable and globally unique, e.g. "meeting-12@nsp". */
  uid: string;
  /** Revision number (SEQUENCE), a non-negative integer that grows with every significant change. */
  sequence: number;
  title: string;
  theme?: string | null;
  /** Swedish label of the meeting kind, e.g. "Nätverksträff"; written as CATEGORIES and in DESCRIPTION. */
  kindLabel: string;
  start: Date;
  end: Date;
  place?: string | null;
  /** Organisation name only, never a person. */
  organiser?: string | null;
  /** Free text about registration (how/where/by when). */
  registration?: string | null;
  cancelled?: boolean;
  updatedAt: Date;
}

export interface BuildCalendarInput {
  /** Calendar name (NAME / X-WR-CALNAME). */
  name: string;
  meetings: readonly CalendarMeeting[];
  /** Accepted for callers' convenience but not written: DTSTAMP comes from updatedAt (see above). */
  now?: Date;
}

function present(s: string | null | undefined): s is string {
  return typeof s === "string" && s.trim() !== "";
}

/** DESCRIPTION text (plain, "\n"-separated; ical-generator escapes it). */
export function meetingDescription(m: CalendarMeeting): string {
  const lines: string[] = [];
  if (m.cancelled) lines.push("Mötet är inställt.");
  if (present(m.kindLabel)) lines.push(m.kindLabel.trim());
  if (present(m.theme)) lines.push(`Tema: ${m.theme.trim()}`);
  if (present(m.organiser)) lines.push(`Arrangör: ${m.organiser.trim()}`);
  if (present(m.registration)) lines.push(`Anmälan: ${m.registration.trim()}`);
  return lines.join("\n");
}

function validate(m: CalendarMeeting): void {
  if (!present(m.uid) || /[\r\n]/.test(m.uid)) throw new Error(`buildCalendar: invalid uid ${JSON.stringify(m.uid)}`);
  if (!Number.isSafeInteger(m.sequence) || m.sequence < 0) throw new Error(`buildCalendar: ${m.uid}: invalid sequence ${m.sequence}`);
  if (!isValid(m.start) || !isValid(m.end) || !isValid(m.updatedAt)) throw new Error(`buildCalendar: ${m.uid}: invalid date`);
  if (m.end.getTime() <= m.start.getTime()) throw new Error(`buildCalendar: ${m.uid}: end must be after start`);
}

/** The whole feed as text: every line ends with CRLF, lines folded at 75 octets (RFC 5545 §3.1). Throws
 * on an invalid meeting (empty uid, negative sequence, invalid dates, end not after start). */
export function buildCalendar(input: BuildCalendarInput): string {
  // ical-generator writes NAME / X-WR-CALNAME verbatim (a newline would break the feed), so the
  // TEXT escaping (RFC 5545 §3.3.11) is applied here.
  const calendar = ical({ name: escape(input.name, false), prodId: PRODID_PARTS, ttl: ICAL_REFRESH_SECONDS });
  for (const m of input.meetings) {
    validate(m);
    const description = meetingDescription(m);
    calendar.createEvent({
      id: m.uid,
      sequence: m.sequence,
      start: m.start,
      end: m.end,
      stamp: m.updatedAt,
      lastModified: m.updatedAt,
      summary: m.cancelled ? `Inställt: ${m.title}` : m.title,
      description: description === "" ? null : description,
      location: present(m.place) ? m.place.trim() : null,
      categories: present(m.kindLabel) ? [{ name: m.kindLabel.trim() }] : [],
      status: m.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  // ical-generator ends the last line without CRLF; RFC 5545 ends every content line with one.
  return `${calendar.toString()}\r\n`;
}
