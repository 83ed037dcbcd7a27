// Meeting times (src/domain/meeting-time.ts) and reminders (src/domain/reminders.ts).
// Every instant is asserted as an exact UTC string so that a test cannot pass by accident in
// the machine's own time zone. Stockholm: CET = UTC+1, CEST = UTC+2; in 2026 summer time starts
// Sunday 2026-03-29 at 02:00 CET (01:00Z) and ends Sunday 2026-10-25 at 03:00 CEST (01:00Z).
import { describe, expect, it } from "vitest";
import { formatMeetingWhen, instantToWallClock, wallClockToInstant } from "../../src/domain/meeting-time.js";
import {
  DEADLINE_REMINDER_KEY,
  DEFAULT_MEETING_REMINDERS,
  type ReminderOffset,
  deadlineReminderDueAt,
  parseReminderOffsets,
  planReminders,
  reminderDueAt,
} from "../../src/domain/reminders.js";

const at = (iso: string): Date => {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime()) || !iso.endsWith("Z")) throw new Error(`bad test instant ${iso}`);
  return d;
};

/** The instant of a Stockholm wall-clock time that must exist. */
const local = (date: string, time: string): Date => {
  const d = wallClockToInstant(date, time);
  if (!d) throw new Error(`bad test wall clock ${date} ${time}`);
  return d;
};

const offset = (spec: string): ReminderOffset => {
  const [o, ...rest] = parseReminderOffsets(spec);
  if (!o || rest.length > 0) throw new Error(`bad test offset ${spec}`);
  return o;
};

const dueIso = (start: Date, spec: string): string => reminderDueAt(start, offset(spec)).toISOString();

describe("wallClockToInstant", () => {
  it.each([
    ["2016-09-14", "13:00", "2016-09-14T11:00:00.000Z"], // CEST
    ["2016-12-01", "13:00", "2016-12-01T12:00:00.000Z"], // CET
    ["2026-01-01", "00:00", "2025-12-31T23:00:00.000Z"],
    ["2026-06-30", "23:59", "2026-06-30T21:59:00.000Z"],
    ["2028-02-29", "12:00", "2028-02-29T11:00:00.000Z"],
  ])("%s %s → %s", (date, time, iso) => {
    expect(wallClockToInstant(date, time)?.toISOString()).toBe(iso);
  });

  it("handles the spring-forward day (2026-03-29): 02:00–02:59 does not exist", () => {
    expect(wallClockToInstant("2026-03-29", "00:00")?.toISOString()).toBe("2026-03-28T23:00:00.000Z");
    expect(wallClockToInstant("2026-03-29", "01:59")?.toISOString()).toBe("2026-03-29T00:59:00.000Z");
    expect(wallClockToInstant("2026-03-29", "02:00")).toBeNull();
    expect(wallClockToInstant("2026-03-29", "02:30")).toBeNull();
    expect(wallClockToInstant("2026-03-29", "02:59")).toBeNull();
    expect(wallClockToInstant("2026-03-29", "03:00")?.toISOString()).toBe("2026-03-29T01:00:00.000Z");
    expect(wallClockToInstant("2026-03-29", "03:30")?.toISOString()).toBe("2026-03-29T01:30:00.000Z");
    // The same times on other days exist.
    expect(wallClockToInstant("2026-03-28", "02:30")?.toISOString()).toBe("2026-03-28T01:30:00.000Z");
    expect(wallClockToInstant("2026-03-30", "02:30")?.toISOString()).toBe("2026-03-30T00:30:00.000Z");
  });

  it("picks the first (summer-time) occurrence of the repeated hour on 2026-10-25", () => {
    expect(wallClockToInstant("2026-10-25", "01:59")?.toISOString()).toBe("2026-10-24T23:59:00.000Z");
    expect(wallClockToInstant("2026-10-25", "02:00")?.toISOString()).toBe("2026-10-25T00:00:00.000Z");
    expect(wallClockToInstant("2026-10-25", "02:30")?.toISOString()).toBe("2026-10-25T00:30:00.000Z");
    expect(wallClockToInstant("2026-10-25", "02:59")?.toISOString()).toBe("2026-10-25T00:59:00.000Z");
    expect(wallClockToInstant("2026-10-25", "03:00")?.toISOString()).toBe("2026-10-25T02:00:00.000Z");
    expect(wallClockToInstant("2026-10-25", "09:00")?.toISOString()).toBe("2026-10-25T08:00:00.000Z");
  });

  it.each([
    ["2026-02-29", "10:00"],
    ["2026-13-01", "10:00"],
    ["2026-00-10", "10:00"],
    ["2026-1-01", "10:00"],
    ["26-01-01", "10:00"],
    ["2026-01-01T10:00", "10:00"],
    ["", "10:00"],
    ["2026-01-01", "24:00"],
    ["2026-01-01", "12:60"],
    ["2026-01-01", "9:00"],
    ["2026-01-01", "09:00:00"],
    ["2026-01-01", "0900"],
    ["2026-01-01", " 09:00"],
    ["2026-01-01", ""],
  ])("rejects %j %j", (date, time) => {
    expect(wallClockToInstant(date, time)).toBeNull();
  });
});

describe("instantToWallClock", () => {
  it.each([
    ["2016-09-14T11:00:00Z", "2016-09-14", "13:00"],
    ["2016-12-01T12:00:00Z", "2016-12-01", "13:00"],
    ["2016-08-31T22:30:00Z", "2016-09-01", "00:30"],
    ["2026-03-29T00:59:00Z", "2026-03-29", "01:59"],
    ["2026-03-29T01:00:00Z", "2026-03-29", "03:00"],
    ["2026-10-25T00:30:00Z", "2026-10-25", "02:30"],
    ["2026-10-25T01:30:00Z", "2026-10-25", "02:30"],
    ["2026-12-31T23:00:00Z", "2027-01-01", "00:00"],
    ["2026-05-05T10:15:59.999Z", "2026-05-05", "12:15"],
  ])("%s → %s %s", (iso, date, time) => {
    expect(instantToWallClock(at(iso))).toEqual({ date, time });
  });

  it("throws on an invalid Date", () => {
    expect(() => instantToWallClock(new Date(Number.NaN))).toThrow();
  });

  it("round-trips every quarter hour across both 2026 DST days", () => {
    for (const [from, to] of [
      ["2026-03-28T12:00:00Z", "2026-03-30T12:00:00Z"],
      ["2026-10-24T12:00:00Z", "2026-10-26T12:00:00Z"],
    ] as const) {
      for (let t = at(from).getTime(); t <= at(to).getTime(); t += 15 * 60_000) {
        const d = new Date(t);
        const wc = instantToWallClock(d);
        const back = wallClockToInstant(wc.date, wc.time);
        // The second occurrence of the repeated hour (CET, 01:00Z–01:59Z) maps back to the first.
        const secondOccurrence = t >= at("2026-10-25T01:00:00Z").getTime() && t < at("2026-10-25T02:00:00Z").getTime();
        expect(back?.toISOString()).toBe(secondOccurrence ? new Date(t - 3_600_000).toISOString() : d.toISOString());
      }
    }
  });
});

describe("formatMeetingWhen", () => {
  it("writes a same-day meeting with an unspaced en dash", () => {
    expect(formatMeetingWhen(at("2016-09-14T11:00:00Z"), at("2016-09-14T14:00:00Z"))).toBe("2016-09-14 13:00\u201316:00");
    expect(formatMeetingWhen(at("2016-12-01T08:30:00Z"), at("2016-12-01T09:15:00Z"))).toBe("2016-12-01 09:30–10:15");
  });
  it("writes both dates, spaced en dash, when the meeting ends on another day", () => {
    expect(formatMeetingWhen(at("2016-09-14T11:00:00Z"), at("2016-09-15T10:00:00Z"))).toBe(
      "2016-09-14 13:00 \u2013 2016-09-15 12:00",
    );
  });
  it("uses Stockholm days, not UTC days", () => {
    // Same UTC day, but the meeting ends after local midnight.
    expect(formatMeetingWhen(at("2016-09-14T20:00:00Z"), at("2016-09-14T22:30:00Z"))).toBe("2016-09-14 22:00 – 2016-09-15 00:30");
    // Different UTC days, same local day.
    expect(formatMeetingWhen(at("2016-09-13T22:30:00Z"), at("2016-09-14T06:00:00Z"))).toBe("2016-09-14 00:30–08:00");
  });
  it("shows local times across the DST change", () => {
    expect(formatMeetingWhen(at("2026-03-29T00:30:00Z"), at("2026-03-29T01:30:00Z"))).toBe("2026-03-29 01:30–03:30");
  });
});

describe("parseReminderOffsets", () => {
  it("parses the default", () => {
    expect(DEFAULT_MEETING_REMINDERS).toBe("7d@09:00,1d@09:00");
    expect(parseReminderOffsets(DEFAULT_MEETING_REMINDERS)).toEqual([
      { kind: "daysAt", days: 7, time: "09:00", key: "7d@0900", label: "om 7 dagar" },
      { kind: "daysAt", days: 1, time: "09:00", key: "1d@0900", label: "i morgon" },
    ]);
  });

  it.each<[string, ReminderOffset]>([
    ["2h", { kind: "duration", minutes: 120, key: "2h", label: "om 2 timmar" }],
    ["1h", { kind: "duration", minutes: 60, key: "1h", label: "om 1 timme" }],
    ["48h", { kind: "duration", minutes: 2880, key: "48h", label: "om 48 timmar" }],
    ["30m", { kind: "duration", minutes: 30, key: "30m", label: "om 30 minuter" }],
    ["1m", { kind: "duration", minutes: 1, key: "1m", label: "om 1 minut" }],
    ["90m", { kind: "duration", minutes: 90, key: "90m", label: "om 90 minuter" }],
    ["120m", { kind: "duration", minutes: 120, key: "2h", label: "om 2 timmar" }],
    ["1d", { kind: "days", days: 1, key: "1d", label: "i morgon" }],
    ["3d", { kind: "days", days: 3, key: "3d", label: "om 3 dagar" }],
    ["0d@07:00", { kind: "daysAt", days: 0, time: "07:00", key: "0d@0700", label: "i dag" }],
    ["14d@18:30", { kind: "daysAt", days: 14, time: "18:30", key: "14d@1830", label: "om 14 dagar" }],
    ["7d@9:00", { kind: "daysAt", days: 7, time: "09:00", key: "7d@0900", label: "om 7 dagar" }],
    ["07D@09:00", { kind: "daysAt", days: 7, time: "09:00", key: "7d@0900", label: "om 7 dagar" }],
    ["2H", { kind: "duration", minutes: 120, key: "2h", label: "om 2 timmar" }],
    ["  7d @ 09:00  ", { kind: "daysAt", days: 7, time: "09:00", key: "7d@0900", label: "om 7 dagar" }],
    ["2 h", { kind: "duration", minutes: 120, key: "2h", label: "om 2 timmar" }],
    ["365d@23:59", { kind: "daysAt", days: 365, time: "23:59", key: "365d@2359", label: "om 365 dagar" }],
  ])("parses %j", (spec, expected) => {
    expect(parseReminderOffsets(spec)).toEqual([expected]);
  });

  it("tolerates whitespace and keeps the input order", () => {
    expect(parseReminderOffsets(" 7d@09:00 ,\t1d@09:00,2h , 30m ").map((o) => o.key)).toEqual(["7d@0900", "1d@0900", "2h", "30m"]);
    expect(parseReminderOffsets("30m,2h,1d").map((o) => o.key)).toEqual(["30m", "2h", "1d"]);
  });

  it("returns [] for an empty spec and skips empty parts", () => {
    expect(parseReminderOffsets("")).toEqual([]);
    expect(parseReminderOffsets("   ")).toEqual([]);
    expect(parseReminderOffsets(",")).toEqual([]);
    expect(parseReminderOffsets("7d@09:00,").map((o) => o.key)).toEqual(["7d@0900"]);
    expect(parseReminderOffsets("7d@09:00,,2h").map((o) => o.key)).toEqual(["7d@0900", "2h"]);
  });

  it("removes duplicates (by canonical key), keeping the first", () => {
    expect(parseReminderOffsets("7d@09:00,7d@9:00,2h,120m,1d@09:00,2H,7d@09:00").map((o) => o.key)).toEqual([
      "7d@0900",
      "2h",
      "1d@0900",
    ]);
    // Different reminders are not duplicates even when the text is similar.
    expect(parseReminderOffsets("1d,1d@09:00,24h").map((o) => o.key)).toEqual(["1d", "1d@0900", "24h"]);
  });

  it("produces keys without ':' (they go into job ids)", () => {
    for (const o of parseReminderOffsets("7d@09:00,1d@23:59,0d@00:00,1d,2h,30m,90m")) {
      expect(o.key).not.toContain(":");
      expect(o.key).toMatch(/^[0-9a-z@]+$/);
    }
  });

  it.each([
    "7x",
    "7",
    "d",
    "h",
    "-2h",
    "+2h",
    "2.5h",
    "1,5h",
    "0h",
    "0m",
    "0d",
    "2h30m",
    "1w",
    "abc",
    "7d@",
    "@09:00",
    "7d@0900",
    "7d@24:00",
    "7d@09:60",
    "7d@09",
    "7d@09:00:00",
    "2h@09:00",
    "366d",
    "366d@09:00",
    "8761h",
    "9999999m",
    "1234567d",
  ])("rejects %j with an error naming the part", (part) => {
    const bad = part.split(",").find((p) => p.trim() !== "") ?? part;
    expect(() => parseReminderOffsets(part)).toThrow(`'${bad.trim()}'`);
    expect(() => parseReminderOffsets(part)).toThrow(/^NSP_MEETING_REMINDERS: /);
  });

  it("names the bad part in a list", () => {
    expect(() => parseReminderOffsets("7d@09:00, 7x ,2h")).toThrow("NSP_MEETING_REMINDERS: '7x' is not a valid reminder");
    expect(() => parseReminderOffsets("7d@09:00,1d@25:00")).toThrow("'1d@25:00'");
  });
});

describe("reminderDueAt", () => {
  it("Nd@HH:mm is N calendar days before the local meeting date, at that local time", () => {
    // An ordinary summer week.
    expect(dueIso(at("2026-05-20T11:00:00Z"), "7d@09:00")).toBe("2026-05-13T07:00:00.000Z");
    expect(dueIso(at("2026-05-20T11:00:00Z"), "1d@09:00")).toBe("2026-05-19T07:00:00.000Z");
    // An ordinary winter week, across a year boundary.
    expect(dueIso(local("2026-01-01", "10:00"), "7d@09:00")).toBe("2025-12-25T08:00:00.000Z");
    // A leap day.
    expect(dueIso(local("2028-03-01", "10:00"), "1d@09:00")).toBe("2028-02-29T08:00:00.000Z");
    // 0d: the meeting day itself.
    expect(dueIso(local("2026-05-20", "13:00"), "0d@07:00")).toBe("2026-05-20T05:00:00.000Z");
  });

  it("uses the Stockholm date of the meeting, not its UTC date", () => {
    // 00:30 CEST on 2026-05-20 is still 2026-05-19 in UTC.
    const start = at("2026-05-19T22:30:00Z");
    expect(dueIso(start, "1d@09:00")).toBe("2026-05-19T07:00:00.000Z");
    expect(dueIso(start, "7d@09:00")).toBe("2026-05-13T07:00:00.000Z");
  });

  describe("spring forward (Sunday 2026-03-29)", () => {
    it("1d@09:00 before Monday 2026-03-30 10:00 is Sunday 09:00 CEST", () => {
      const start = local("2026-03-30", "10:00");
      expect(start.toISOString()).toBe("2026-03-30T08:00:00.000Z");
      expect(dueIso(start, "1d@09:00")).toBe("2026-03-29T07:00:00.000Z");
    });

    it("7d@09:00 reaching back into winter time is 09:00 CET", () => {
      expect(dueIso(local("2026-04-02", "10:00"), "7d@09:00")).toBe("2026-03-26T08:00:00.000Z");
      expect(dueIso(local("2026-04-05", "10:00"), "7d@09:00")).toBe("2026-03-29T07:00:00.000Z");
    });

    it("a meeting at 09:00 with 1d@09:00 (23 real hours on the DST day)", () => {
      const start = local("2026-03-29", "09:00");
      expect(start.toISOString()).toBe("2026-03-29T07:00:00.000Z");
      expect(dueIso(start, "1d@09:00")).toBe("2026-03-28T08:00:00.000Z");
      expect(dueIso(start, "1d")).toBe("2026-03-28T08:00:00.000Z");
      // The next day: exactly 24 real hours.
      expect(dueIso(local("2026-03-30", "09:00"), "1d@09:00")).toBe("2026-03-29T07:00:00.000Z");
    });

    it("a meeting at 00:30 just after midnight on Monday 2026-03-30", () => {
      const start = local("2026-03-30", "00:30");
      expect(start.toISOString()).toBe("2026-03-29T22:30:00.000Z");
      expect(dueIso(start, "1d@09:00")).toBe("2026-03-29T07:00:00.000Z");
      expect(dueIso(start, "7d@09:00")).toBe("2026-03-23T08:00:00.000Z");
      // Same local time the day before: 00:30 CET, 23 real hours earlier.
      expect(dueIso(start, "1d")).toBe("2026-03-28T23:30:00.000Z");
      expect(dueIso(start, "2h")).toBe("2026-03-29T20:30:00.000Z");
      expect(dueIso(start, "24h")).toBe("2026-03-28T22:30:00.000Z");
    });

    it("a meeting at 00:00 on the DST day itself", () => {
      const start = local("2026-03-29", "00:00");
      expect(start.toISOString()).toBe("2026-03-28T23:00:00.000Z");
      expect(dueIso(start, "1d@09:00")).toBe("2026-03-28T08:00:00.000Z");
      expect(dueIso(start, "7d@09:00")).toBe("2026-03-22T08:00:00.000Z");
      expect(dueIso(start, "1d")).toBe("2026-03-27T23:00:00.000Z");
      expect(dueIso(start, "30m")).toBe("2026-03-28T22:30:00.000Z");
    });

    it("2h before a meeting at 03:30 crosses the gap: exactly 2 real hours (00:30 CET on the clock)", () => {
      const start = local("2026-03-29", "03:30");
      expect(start.toISOString()).toBe("2026-03-29T01:30:00.000Z");
      const due = reminderDueAt(start, offset("2h"));
      expect(due.toISOString()).toBe("2026-03-28T23:30:00.000Z");
      expect(start.getTime() - due.getTime()).toBe(2 * 3_600_000);
      expect(instantToWallClock(due)).toEqual({ date: "2026-03-29", time: "00:30" });
      expect(dueIso(start, "90m")).toBe("2026-03-29T00:00:00.000Z");
    });

    it("a reminder time inside the skipped hour moves forward by the gap", () => {
      expect(dueIso(local("2026-03-30", "10:00"), "1d@02:30")).toBe("2026-03-29T01:30:00.000Z");
      expect(dueIso(local("2026-03-30", "02:30"), "1d")).toBe("2026-03-29T01:30:00.000Z");
    });
  });

  describe("fall back (Sunday 2026-10-25)", () => {
    it("7d@09:00 before Monday 2026-11-02 is 2026-10-26 09:00 CET", () => {
      expect(dueIso(local("2026-11-02", "10:00"), "7d@09:00")).toBe("2026-10-26T08:00:00.000Z");
      expect(dueIso(local("2026-11-02", "10:00"), "1d@09:00")).toBe("2026-11-01T08:00:00.000Z");
    });

    it("7d@09:00 reaching back into summer time is 09:00 CEST", () => {
      expect(dueIso(local("2026-10-29", "10:00"), "7d@09:00")).toBe("2026-10-22T07:00:00.000Z");
      expect(dueIso(local("2026-11-01", "10:00"), "7d@09:00")).toBe("2026-10-25T08:00:00.000Z");
    });

    it("a meeting at 09:00 with 1d@09:00 (25 real hours on the DST day)", () => {
      const start = local("2026-10-25", "09:00");
      expect(start.toISOString()).toBe("2026-10-25T08:00:00.000Z");
      expect(dueIso(start, "1d@09:00")).toBe("2026-10-24T07:00:00.000Z");
      expect(dueIso(local("2026-10-26", "09:00"), "1d@09:00")).toBe("2026-10-25T08:00:00.000Z");
    });

    it("a meeting at 00:30 just after midnight on Monday 2026-10-26", () => {
      const start = local("2026-10-26", "00:30");
      expect(start.toISOString()).toBe("2026-10-25T23:30:00.000Z");
      expect(dueIso(start, "1d@09:00")).toBe("2026-10-25T08:00:00.000Z");
      expect(dueIso(start, "1d")).toBe("2026-10-24T22:30:00.000Z"); // 25 real hours
      expect(dueIso(start, "2h")).toBe("2026-10-25T21:30:00.000Z");
    });

    it("a meeting at 00:00 on the DST day itself", () => {
      const start = local("2026-10-25", "00:00");
      expect(start.toISOString()).toBe("2026-10-24T22:00:00.000Z");
      expect(dueIso(start, "1d@09:00")).toBe("2026-10-24T07:00:00.000Z");
      expect(dueIso(start, "1d")).toBe("2026-10-23T22:00:00.000Z");
    });

    it("2h before a meeting at 03:30 is exactly 2 real hours (02:30 CEST, the first 02:30)", () => {
      const start = local("2026-10-25", "03:30");
      expect(start.toISOString()).toBe("2026-10-25T02:30:00.000Z");
      expect(dueIso(start, "2h")).toBe("2026-10-25T00:30:00.000Z");
      expect(dueIso(start, "1h")).toBe("2026-10-25T01:30:00.000Z");
    });

    it("a reminder time inside the repeated hour takes its first occurrence", () => {
      expect(dueIso(local("2026-10-26", "10:00"), "1d@02:30")).toBe("2026-10-25T00:30:00.000Z");
      // "1d" before 2026-10-26 02:30 lands on the repeated 02:30: the first (CEST) one.
      expect(dueIso(local("2026-10-26", "02:30"), "1d")).toBe("2026-10-25T00:30:00.000Z");
    });
  });

  it("Nd keeps seconds of the start time", () => {
    expect(dueIso(at("2026-05-20T11:00:30.500Z"), "2d")).toBe("2026-05-18T11:00:30.500Z");
  });

  it("throws on an invalid start", () => {
    expect(() => reminderDueAt(new Date(Number.NaN), offset("2h"))).toThrow();
  });
});

describe("deadlineReminderDueAt", () => {
  it.each([
    ["2026-05-15", "2026-05-14T07:00:00.000Z"],
    ["2026-01-01", "2025-12-31T08:00:00.000Z"],
    ["2028-03-01", "2028-02-29T08:00:00.000Z"],
    ["2026-03-30", "2026-03-29T07:00:00.000Z"], // the day before is the spring-forward day: 09:00 CEST
    ["2026-03-29", "2026-03-28T08:00:00.000Z"],
    ["2026-10-26", "2026-10-25T08:00:00.000Z"], // the day before is the fall-back day: 09:00 CET
    ["2026-10-25", "2026-10-24T07:00:00.000Z"],
  ])("deadline %s → reminder %s (09:00 the day before)", (deadline, iso) => {
    expect(deadlineReminderDueAt(deadline).toISOString()).toBe(iso);
    expect(deadlineReminderDueAt(deadline, "09:00").toISOString()).toBe(iso);
  });

  it("takes another time of day", () => {
    expect(deadlineReminderDueAt("2026-05-15", "16:30").toISOString()).toBe("2026-05-14T14:30:00.000Z");
    expect(deadlineReminderDueAt("2026-03-30", "02:30").toISOString()).toBe("2026-03-29T01:30:00.000Z"); // gap → 03:30 CEST
  });

  it.each([
    ["2026-02-30", "09:00"],
    ["15/05/2026", "09:00"],
    ["", "09:00"],
    ["2026-05-15", "25:00"],
    ["2026-05-15", "9"],
  ])("throws on %j %j", (deadline, time) => {
    expect(() => deadlineReminderDueAt(deadline, time)).toThrow(/invalid/);
  });
});

describe("planReminders", () => {
  const defaults = parseReminderOffsets(DEFAULT_MEETING_REMINDERS);
  const start = local("2026-05-20", "13:00"); // 2026-05-20T11:00Z

  const plain = (rs: ReturnType<typeof planReminders>) =>
    rs.map((r) => ({ key: r.key, kind: r.kind, dueAt: r.dueAt.toISOString(), label: r.label, overdue: r.overdue }));

  it("plans the default reminders and the deadline reminder, sorted by dueAt", () => {
    expect(
      plain(planReminders({ start, registrationDeadline: "2026-05-15", offsets: defaults, now: at("2026-05-01T10:00:00Z") })),
    ).toEqual([
      { key: "7d@0900", kind: "before", dueAt: "2026-05-13T07:00:00.000Z", label: "om 7 dagar", overdue: false },
      { key: DEADLINE_REMINDER_KEY, kind: "deadline", dueAt: "2026-05-14T07:00:00.000Z", label: "i morgon", overdue: false },
      { key: "1d@0900", kind: "before", dueAt: "2026-05-19T07:00:00.000Z", label: "i morgon", overdue: false },
    ]);
    expect(DEADLINE_REMINDER_KEY).toBe("deadline");
  });

  it("sorts by dueAt whatever the order of the offsets", () => {
    const offsets = parseReminderOffsets("30m,1d@09:00,2h,7d@09:00,3d");
    expect(planReminders({ start, offsets, now: at("2026-05-01T00:00:00Z") }).map((r) => r.key)).toEqual([
      "7d@0900",
      "3d",
      "1d@0900",
      "2h",
      "30m",
    ]);
  });

  it("keeps reminders already due and flags them overdue (the caller decides)", () => {
    // Meeting created two days before: the 7-day and deadline reminders are in the past.
    const rs = planReminders({ start, registrationDeadline: "2026-05-15", offsets: defaults, now: at("2026-05-18T10:00:00Z") });
    expect(plain(rs).map((r) => [r.key, r.dueAt, r.overdue])).toEqual([
      ["7d@0900", "2026-05-13T07:00:00.000Z", true],
      ["deadline", "2026-05-14T07:00:00.000Z", true],
      ["1d@0900", "2026-05-19T07:00:00.000Z", false],
    ]);
    // Due exactly now counts as overdue (send at once); a millisecond earlier it does not.
    expect(planReminders({ start, offsets: defaults, now: at("2026-05-19T07:00:00Z") }).map((r) => r.overdue)).toEqual([true, true]);
    expect(planReminders({ start, offsets: defaults, now: at("2026-05-19T06:59:59.999Z") }).map((r) => r.overdue)).toEqual([
      true,
      false,
    ]);
  });

  it("drops reminders due at or after the start", () => {
    const early = local("2026-05-20", "08:00");
    const offsets = parseReminderOffsets("0d@09:00,0d@08:00,0d@07:59,1d@09:00");
    expect(planReminders({ start: early, offsets, now: at("2026-05-01T00:00:00Z") }).map((r) => r.key)).toEqual([
      "1d@0900",
      "0d@0759",
    ]);
    // 1d@09:00 and a meeting at 00:30: still the day before, kept.
    const night = local("2026-05-20", "00:30");
    expect(plain(planReminders({ start: night, offsets: defaults, now: night })).map((r) => [r.key, r.dueAt])).toEqual([
      ["7d@0900", "2026-05-13T07:00:00.000Z"],
      ["1d@0900", "2026-05-19T07:00:00.000Z"],
    ]);
  });

  it("returns [] without offsets and deadline", () => {
    expect(planReminders({ start, offsets: [], now: start })).toEqual([]);
    expect(planReminders({ start, registrationDeadline: null, offsets: [], now: start })).toEqual([]);
    expect(planReminders({ start, registrationDeadline: "", offsets: [], now: start })).toEqual([]);
    expect(planReminders({ start, registrationDeadline: "  ", offsets: [], now: start })).toEqual([]);
  });

  it("keeps a deadline on the meeting day, drops one after the meeting date", () => {
    const now = at("2026-05-01T00:00:00Z");
    expect(plain(planReminders({ start, registrationDeadline: "2026-05-20", offsets: [], now }))).toEqual([
      { key: "deadline", kind: "deadline", dueAt: "2026-05-19T07:00:00.000Z", label: "i morgon", overdue: false },
    ]);
    expect(planReminders({ start, registrationDeadline: "2026-05-21", offsets: [], now })).toEqual([]);
    expect(planReminders({ start, registrationDeadline: "2026-06-01", offsets: defaults, now }).map((r) => r.key)).toEqual([
      "7d@0900",
      "1d@0900",
    ]);
    // The meeting date is the Stockholm date: 00:30 on 2026-05-20 is 2026-05-19 in UTC.
    const night = local("2026-05-20", "00:30");
    expect(planReminders({ start: night, registrationDeadline: "2026-05-20", offsets: [], now }).map((r) => r.key)).toEqual([
      "deadline",
    ]);
  });

  it("keeps the deadline reminder for a midnight meeting on the deadline day (it is due the day before)", () => {
    const midnight = local("2026-05-19", "00:00");
    expect(
      plain(planReminders({ start: midnight, registrationDeadline: "2026-05-19", offsets: [], now: midnight, deadlineAt: "23:30" })),
    ).toEqual([{ key: "deadline", kind: "deadline", dueAt: "2026-05-18T21:30:00.000Z", label: "i morgon", overdue: true }]);
  });

  it("uses deadlineAt for the deadline reminder", () => {
    const rs = planReminders({ start, registrationDeadline: "2026-05-15", offsets: [], now: start, deadlineAt: "16:00" });
    expect(rs.map((r) => r.dueAt.toISOString())).toEqual(["2026-05-14T14:00:00.000Z"]);
  });

  it("keeps both a deadline and a before reminder at the same instant, before first", () => {
    const rs = planReminders({ start, registrationDeadline: "2026-05-20", offsets: defaults, now: start });
    expect(plain(rs).map((r) => [r.key, r.dueAt])).toEqual([
      ["7d@0900", "2026-05-13T07:00:00.000Z"],
      ["1d@0900", "2026-05-19T07:00:00.000Z"],
      ["deadline", "2026-05-19T07:00:00.000Z"],
    ]);
  });

  it("merges before-reminders due at the same instant, keeping the first offset", () => {
    const now = at("2026-01-01T00:00:00Z");
    expect(planReminders({ start, offsets: parseReminderOffsets("24h,1d"), now }).map((r) => r.key)).toEqual(["24h"]);
    expect(planReminders({ start, offsets: parseReminderOffsets("1d,24h"), now }).map((r) => r.key)).toEqual(["1d"]);
    // Across the spring-forward change, "1d" is 23 real hours and "24h" is not the same instant.
    const dstStart = local("2026-03-29", "10:00");
    expect(plain(planReminders({ start: dstStart, offsets: parseReminderOffsets("1d,24h"), now })).map((r) => [r.key, r.dueAt])).toEqual([
      ["24h", "2026-03-28T08:00:00.000Z"],
      ["1d", "2026-03-28T09:00:00.000Z"],
    ]);
  });

  it("ignores duplicate keys in hand-built offsets", () => {
    const [o] = parseReminderOffsets("2h");
    if (!o) throw new Error("no offset");
    expect(planReminders({ start, offsets: [o, { ...o }], now: start }).map((r) => r.key)).toEqual(["2h"]);
  });

  it("works across the spring-forward change", () => {
    const monday = local("2026-03-30", "10:00");
    const rs = planReminders({
      start: monday,
      registrationDeadline: "2026-03-27",
      offsets: parseReminderOffsets("7d@09:00,1d@09:00,2h"),
      now: at("2026-03-01T00:00:00Z"),
    });
    expect(plain(rs).map((r) => [r.key, r.dueAt])).toEqual([
      ["7d@0900", "2026-03-23T08:00:00.000Z"],
      ["deadline", "2026-03-26T08:00:00.000Z"],
      ["1d@0900", "2026-03-29T07:00:00.000Z"],
      ["2h", "2026-03-30T06:00:00.000Z"],
    ]);
  });

  it("throws on invalid input", () => {
    expect(() => planReminders({ start, registrationDeadline: "2026-02-30", offsets: [], now: start })).toThrow(/invalid/);
    expect(() => planReminders({ start: new Date(Number.NaN), offsets: defaults, now: start })).toThrow();
    expect(() => planReminders({ start, offsets: defaults, now: new Date(Number.NaN) })).toThrow();
  });
});
