import { describe, expect, it } from "vitest";
import { type CalendarMeeting, ICAL_PRODID, buildCalendar, meetingDescription } from "../../src/domain/ical.js";

const at = (iso: string): Date => new Date(iso);

const meeting = (over: Partial<CalendarMeeting> = {}): CalendarMeeting => ({
  uid: "meeting-12@nsp",
  sequence: 0,
  title: "Nätverksträff hösten 2016",
  theme: "Arbetsmarknad och egenförsörjning",
  kindLabel: "Nätverksträff",
  start: at("2016-09-14T11:00:00Z"), // 13:00 CEST
  end: at("2016-09-14T14:00:00Z"),
  place: "Stockholm",
  organiser: "Plattformen Civila Sverige mot människohandel",
  registration: "Anmälan i Slack senast 2016-09-07",
  cancelled: false,
  updatedAt: at("2016-09-01T08:30:00Z"),
  ...over,
});

/** Content lines after unfolding (RFC 5545 §3.1: CRLF followed by one space or tab is removed). */
const unfold = (text: string): string[] => {
  expect(text.endsWith("\r\n")).toBe(true);
  return text.slice(0, -2).replace(/\r\n[ \t]/g, "").split("\r\n");
};

/** Physical lines as raw octets, split at CRLF. */
const physicalLines = (text: string): Buffer[] => {
  const bytes = Buffer.from(text, "utf8");
  const out: Buffer[] = [];
  let from = 0;
  for (let i = 0; i < bytes.length - 1; i++) {
    if (bytes[i] === 0x0d && bytes[i + 1] === 0x0a) {
      out.push(bytes.subarray(from, i));
      from = i + 2;
      i++;
    }
  }
  expect(from).toBe(bytes.length); // the text ends with CRLF
  return out;
};

/** Unescapes a TEXT value (RFC 5545 §3.3.11). */
const unescapeText = (v: string): string =>
  v.replace(/\\([\\;,nN])/g, (_, c: string) => (c === "n" || c === "N" ? "\n" : c));

/** Splits unfolded lines into VEVENT blocks of [name, value] (parameters kept in name). */
const events = (lines: string[]): Map<string, string>[] => {
  const out: Map<string, string>[] = [];
  let current: Map<string, string> | null = null;
  for (const line of lines) {
    if (line === "BEGIN:VEVENT") current = new Map();
    else if (line === "END:VEVENT") {
      if (current) out.push(current);
      current = null;
    } else if (current) {
      const i = line.indexOf(":");
      expect(i).toBeGreaterThan(0);
      const name = line.slice(0, i);
      expect(current.has(name)).toBe(false);
      current.set(name, line.slice(i + 1));
    }
  }
  expect(current).toBeNull();
  return out;
};

const one = (over: Partial<CalendarMeeting> = {}): Map<string, string> => {
  const [ev, ...rest] = events(unfold(buildCalendar({ name: "NSP", meetings: [meeting(over)] })));
  expect(rest).toEqual([]);
  if (!ev) throw new Error("no VEVENT");
  return ev;
};

describe("buildCalendar: structure", () => {
  it("writes a VCALENDAR with VERSION, PRODID and name", () => {
    const lines = unfold(buildCalendar({ name: "NSP möten", meetings: [meeting()] }));
    expect(lines[0]).toBe("BEGIN:VCALENDAR");
    expect(lines.at(-1)).toBe("END:VCALENDAR");
    expect(lines.filter((l) => l === "BEGIN:VCALENDAR")).toHaveLength(1);
    expect(lines.filter((l) => l === "END:VCALENDAR")).toHaveLength(1);
    expect(lines).toContain("VERSION:2.0");
    expect(lines).toContain(`PRODID:${ICAL_PRODID}`);
    expect(ICAL_PRODID).toBe("-//Plattformen Civila Sverige mot människohandel//NSP Slack-app//SV");
    expect(lines).toContain("NAME:NSP möten");
    expect(lines).toContain("X-WR-CALNAME:NSP möten");
    // VCALENDAR properties come before the first component.
    expect(lines.indexOf("VERSION:2.0")).toBeLessThan(lines.indexOf("BEGIN:VEVENT"));
    expect(lines.findIndex((l) => l.startsWith("PRODID:"))).toBeLessThan(lines.indexOf("BEGIN:VEVENT"));
  });

  it("writes one VEVENT per meeting with UID, SEQUENCE, DTSTAMP, DTSTART, DTEND in UTC", () => {
    const meetings = [
      meeting(),
      meeting({ uid: "meeting-13@nsp", sequence: 3, start: at("2016-12-01T12:00:00Z"), end: at("2016-12-02T11:00:00Z"), updatedAt: at("2016-11-20T16:45:12Z") }),
      meeting({ uid: "meeting-14@nsp", sequence: 1, cancelled: true }),
    ];
    const lines = unfold(buildCalendar({ name: "NSP", meetings }));
    expect(lines.filter((l) => l === "BEGIN:VEVENT")).toHaveLength(3);
    expect(lines.filter((l) => l === "END:VEVENT")).toHaveLength(3);
    const evs = events(lines);
    expect(evs.map((e) => e.get("UID"))).toEqual(["meeting-12@nsp", "meeting-13@nsp", "meeting-14@nsp"]);
    expect(evs.map((e) => e.get("SEQUENCE"))).toEqual(["0", "3", "1"]);
    expect(evs[1]?.get("DTSTART")).toBe("20161201T120000Z");
    expect(evs[1]?.get("DTEND")).toBe("20161202T110000Z");
    expect(evs[1]?.get("DTSTAMP")).toBe("20161120T164512Z");
    expect(evs[1]?.get("LAST-MODIFIED")).toBe("20161120T164512Z");
    expect(evs[0]?.get("DTSTART")).toBe("20160914T110000Z");
    expect(evs[0]?.get("DTEND")).toBe("20160914T140000Z");
    expect(evs[0]?.get("DTSTAMP")).toBe("20160901T083000Z");
    // No TZID without a VTIMEZONE (the feed uses UTC).
    expect(lines.some((l) => l.includes("TZID"))).toBe(false);
    expect(lines).not.toContain("BEGIN:VTIMEZONE");
  });

  it("writes SUMMARY, DESCRIPTION, LOCATION and CATEGORIES", () => {
    const ev = one();
    expect(ev.get("SUMMARY")).toBe("Nätverksträff hösten 2016");
    expect(ev.get("LOCATION")).toBe("Stockholm");
    expect(ev.get("CATEGORIES")).toBe("Nätverksträff");
    expect(ev.get("STATUS")).toBe("CONFIRMED");
    expect(unescapeText(ev.get("DESCRIPTION") ?? "")).toBe(
      [
        "Nätverksträff",
        "Tema: Arbetsmarknad och egenförsörjning",
        "Arrangör: Plattformen Civila Sverige mot människohandel",
        "Anmälan: Anmälan i Slack senast 2016-09-07",
      ].join("\n"),
    );
  });

  it("leaves out empty optional fields", () => {
    const ev = one({ theme: null, place: null, organiser: undefined, registration: "  " });
    expect(ev.has("LOCATION")).toBe(false);
    expect(ev.get("DESCRIPTION")).toBe("Nätverksträff");
    expect(meetingDescription(meeting({ kindLabel: "", theme: null, organiser: null, registration: null }))).toBe("");
    expect(one({ kindLabel: "", theme: null, organiser: null, registration: null }).has("DESCRIPTION")).toBe(false);
  });

  it("marks cancelled meetings", () => {
    const ev = one({ cancelled: true, sequence: 4 });
    expect(ev.get("STATUS")).toBe("CANCELLED");
    expect(ev.get("SUMMARY")).toBe("Inställt: Nätverksträff hösten 2016");
    expect(ev.get("SEQUENCE")).toBe("4");
    expect(unescapeText(ev.get("DESCRIPTION") ?? "").split("\n")[0]).toBe("Mötet är inställt.");
  });

  it("writes an empty calendar without events", () => {
    const lines = unfold(buildCalendar({ name: "NSP", meetings: [] }));
    expect(lines[0]).toBe("BEGIN:VCALENDAR");
    expect(lines.at(-1)).toBe("END:VCALENDAR");
    expect(lines).not.toContain("BEGIN:VEVENT");
  });

  it("contains no personal-data properties", () => {
    const text = buildCalendar({ name: "NSP", meetings: [meeting(), meeting({ uid: "meeting-2@nsp", cancelled: true })] });
    for (const line of unfold(text)) {
      expect(line).not.toMatch(/^(ORGANIZER|ATTENDEE|CONTACT|URL)[;:]/);
      expect(line.toLowerCase()).not.toContain("mailto:");
    }
  });

  it("is deterministic: the same meetings give the same bytes, whatever `now`", () => {
    const a = buildCalendar({ name: "NSP", meetings: [meeting()], now: at("2020-01-01T00:00:00Z") });
    const b = buildCalendar({ name: "NSP", meetings: [meeting()], now: at("2030-01-01T00:00:00Z") });
    expect(a).toBe(b);
    expect(buildCalendar({ name: "NSP", meetings: [meeting()] })).toBe(a);
  });
});

describe("buildCalendar: RFC 5545 text rules", () => {
  const tricky = meeting({
    title: "Möte, del 1; planering\nrad två \\ slut",
    theme: "Tema; med, tecken",
    place: "Kulturhuset, Sergels torg 3; plan 2\r\nentré C",
    kindLabel: "Nätverksträff, regional",
    registration: "Svara i tråden\nsenast fredag",
  });

  it("escapes commas, semicolons, backslashes and newlines in TEXT values", () => {
    const ev = one(tricky);
    expect(ev.get("SUMMARY")).toBe("Möte\\, del 1\\; planering\\nrad två \\\\ slut");
    expect(ev.get("LOCATION")).toBe("Kulturhuset\\, Sergels torg 3\\; plan 2\\nentré C");
    expect(ev.get("CATEGORIES")).toBe("Nätverksträff\\, regional");
    expect(unescapeText(ev.get("SUMMARY") ?? "")).toBe("Möte, del 1; planering\nrad två \\ slut");
    expect(unescapeText(ev.get("DESCRIPTION") ?? "")).toBe(meetingDescription(tricky));
    expect(meetingDescription(tricky)).toContain("Tema: Tema; med, tecken");
  });

  it("escapes the calendar name too", () => {
    const lines = unfold(buildCalendar({ name: "NSP, möten; 2016\nny rad", meetings: [] }));
    expect(lines).toContain("NAME:NSP\\, möten\\; 2016\\nny rad");
    expect(lines).toContain("X-WR-CALNAME:NSP\\, möten\\; 2016\\nny rad");
  });

  it("uses CRLF line endings only", () => {
    const text = buildCalendar({ name: "NSP", meetings: [tricky, meeting({ uid: "meeting-13@nsp" })] });
    expect(text.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(text).not.toMatch(/\r(?!\n)/); // no bare CR
    expect(text).not.toMatch(/(?<!\r)\n/); // no bare LF
  });

  it("folds lines at 75 octets without splitting multi-byte characters", () => {
    const long = meeting({
      title: "Årsmöte för Plattformen Civila Sverige mot människohandel – öppet för alla medlemsorganisationer",
      theme: "å".repeat(100) + " ä ö " + "ÅÄÖ".repeat(40),
      place: "Ö".repeat(80),
    });
    const text = buildCalendar({ name: "Möten i nationellt stödprogram för människohandelns offer, ".repeat(3), meetings: [long] });
    const raw = physicalLines(text);
    const decoder = new TextDecoder("utf-8", { fatal: true });
    let continuations = 0;
    for (const line of raw) {
      expect(line.length).toBeLessThanOrEqual(75);
      // Each physical line is valid UTF-8 on its own: no character was cut between its octets.
      expect(() => decoder.decode(line)).not.toThrow();
      if (line[0] === 0x20) continuations++;
    }
    expect(continuations).toBeGreaterThanOrEqual(8);
    // "LOCATION:" (9 octets) + 32 × "Ö" (2 octets each) = 73; one more "Ö" would exceed the limit,
    // so the fold comes early instead of cutting the character in two.
    const locationIndex = raw.findIndex((l) => l.toString("utf8").startsWith("LOCATION:"));
    expect(raw[locationIndex]?.toString("utf8")).toBe(`LOCATION:${"Ö".repeat(32)}`);
    expect(raw[locationIndex]?.length).toBe(73);
    expect(raw[locationIndex + 1]?.[0]).toBe(0x20);

    const ev = events(unfold(text))[0];
    expect(ev?.get("SUMMARY")).toBe(long.title);
    expect(ev?.get("LOCATION")).toBe("Ö".repeat(80));
    expect(unescapeText(ev?.get("DESCRIPTION") ?? "")).toBe(meetingDescription(long));
  });

  it("does not fold short lines", () => {
    const text = buildCalendar({ name: "NSP", meetings: [meeting()] });
    const physical = new Set(physicalLines(text).map((l) => l.toString("utf8")));
    const short = unfold(text).filter((l) => Buffer.byteLength(l, "utf8") <= 74);
    expect(short.length).toBeGreaterThan(10);
    for (const line of short) expect(physical.has(line)).toBe(true);
  });
});

describe("buildCalendar: validation", () => {
  it.each<[string, Partial<CalendarMeeting>]>([
    ["empty uid", { uid: "" }],
    ["uid with newline", { uid: "meeting-1@nsp\nX-EVIL:1" }],
    ["negative sequence", { sequence: -1 }],
    ["fractional sequence", { sequence: 1.5 }],
    ["end before start", { end: at("2016-09-14T10:00:00Z") }],
    ["end equal to start", { end: at("2016-09-14T11:00:00Z") }],
    ["invalid start", { start: new Date(Number.NaN) }],
    ["invalid updatedAt", { updatedAt: new Date(Number.NaN) }],
  ])("throws on %s", (_, over) => {
    expect(() => buildCalendar({ name: "NSP", meetings: [meeting(over)] })).toThrow(/buildCalendar/);
  });
});
