// GET /calendar.ics (every meeting) and GET /calendar/<group slug>.ics (one working group's):
// a public iCalendar feed members can subscribe to. No personal data: no Slack ids (creator,
// convener, answers), no ORGANIZER/ATTENDEE; e-mail addresses and phone numbers that the
// registration text may hold are replaced by "(kontaktuppgift finns i Slack)". Meetings that ended
// more than 30 days ago drop out; cancelled ones stay with STATUS:CANCELLED so that subscribed
// calendars remove them.
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { CustomRoute } from "@slack/bolt";
import type { Db } from "./core/db.js";
import { buildCalendar, type CalendarMeeting } from "./domain/ical.js";
import { isSlug, MEETING_KIND_LABEL, redactContacts } from "./domain/meetings.js";
import type { Logger } from "./core/logger.js";
import { calendarMeetings, type MeetingWithGroup } from "./services/meetings.js";

export const CALENDAR_NAME = "Plattformen Civila Sverige mot människohandel";

const redact = (s: string | null): string | null => (s ? redactContacts(s) : null);

export function toCalendarMeeting(m: MeetingWithGroup): CalendarMeeting {
  return {
    uid: `meeting-${m.id}@nsp`,
    sequence: m.sequence,
    title: redactContacts(m.title),
    theme: redact(m.theme),
    kindLabel: MEETING_KIND_LABEL[m.kind],
    start: m.startsAt,
    end: m.endsAt,
    place: redact(m.place),
    // An organisation (the platform or its working group), never a person; external conferences
    // name their organiser in the text.
    organiser: m.kind === "external_conference" ? null : m.group ? `${CALENDAR_NAME} – ${m.group.name}` : CALENDAR_NAME,
    registration: redact(m.registration),
    cancelled: m.cancelledAt !== null,
    updatedAt: m.updatedAt,
  };
}

/** The feed text of every meeting, or of one group (null when no group has that slug). */
export async function calendarFeed(db: Db, slug?: string, now: Date = new Date()): Promise<string | null> {
  let groupId: number | undefined;
  let name = CALENDAR_NAME;
  if (slug !== undefined) {
    // Only what slugify() produces reaches the database (a NUL byte there is a query error).
    if (!isSlug(slug)) return null;
    const group = await db.workingGroup.findUnique({ where: { slug } });
    if (!group) return null;
    groupId = group.id;
    name = `${CALENDAR_NAME} – ${group.name}`;
  }
  const meetings = await calendarMeetings(db, { groupId, now });
  return buildCalendar({ name, meetings: meetings.map(toCalendarMeeting) });
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" });
  res.end("Det finns ingen arbetsgrupp med det namnet.\n");
}

function serve(db: Db, log: Logger, slugOf: (req: IncomingMessage) => string | undefined) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const slug = slugOf(req);
    calendarFeed(db, slug).then(
      (feed) => {
        if (feed === null) return notFound(res);
        res.writeHead(200, {
          "Content-Type": "text/calendar; charset=utf-8",
          "Content-Disposition": `inline; filename="${slug ?? "nsp"}.ics"`,
          "Cache-Control": "public, max-age=300",
        });
        res.end(feed);
      },
      (err: unknown) => {
        log.warn({ error: err instanceof Error ? err.message : String(err) }, "calendar feed failed");
        res.writeHead(503, { "Content-Type": "text/plain; charset=utf-8" });
        res.end("Kalendern kan inte visas just nu.\n");
      },
    );
  };
}

function paramOf(req: IncomingMessage, name: string): string | undefined {
  const params: unknown = "params" in req ? req.params : undefined;
  if (typeof params !== "object" || params === null || !(name in params)) return undefined;
  const value: unknown = (params as Record<string, unknown>)[name];
  return typeof value === "string" ? value.toLowerCase() : undefined;
}

export function calendarRoutes(db: Db, log: Logger): CustomRoute[] {
  return [
    { path: "/calendar.ics", method: ["GET"], handler: serve(db, log, () => undefined) },
    { path: "/calendar/:group.ics", method: ["GET"], handler: serve(db, log, (req) => paramOf(req, "group") ?? "") },
  ];
}

const GROUP_FEED_PATH = /^\/calendar\/([^/]*)\.ics$/i;

/**
 * Wraps the receiver's request listener: a request under /calendar/ (any method: Bolt matches the
 * path before the method) whose slug is not one slugify() can produce gets 404 before Bolt's
 * router, which decodes the slug with decodeURIComponent: the HTTP receiver answered 500 for a
 * malformed percent-escape (`/calendar/%E0%A4%A.ics`), Socket Mode's server left the rejection
 * unhandled (Node ends the process on one), and `%00` would pass on as a NUL byte.
 */
export function guardCalendarPaths(listener: RequestListener): RequestListener {
  return (req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path.startsWith("/calendar/")) {
      const slug = GROUP_FEED_PATH.exec(path)?.[1];
      if (slug === undefined || !isSlug(slug.toLowerCase())) {
        req.resume();
        return notFound(res);
      }
    }
    listener(req, res);
  };
}
