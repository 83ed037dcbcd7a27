// When the clocks of issue #12 are due: NSP_CASE_REMINDERS, the reminder before a period ends
// (09:00 Stockholm, N days before its last day; only the latest due one), the next step, the
// komplettering reminder and the decision digest (working days at NSP_DECISION_DIGEST_AT).
import { describe, expect, it } from "vitest";
import {
  caseReminderDueAt,
  daysUntilEnd,
  digestDue,
  dueCaseReminder,
  grantedEnd,
  infoReminderDue,
  nextStep,
  parseCaseReminders,
  waitingTooLong,
  workdaysWaiting,
} from "../../src/domain/case-clocks.js";
import { parseConfig } from "../../src/core/config.js";

const offsets = parseCaseReminders("5d,1d");
const at = (iso: string) => new Date(iso);

describe("NSP_CASE_REMINDERS", () => {
  it("parses, sorts earliest first and drops duplicates", () => {
    expect(parseCaseReminders("1d, 5D,5d")).toEqual([{ days: 5, key: "5d" }, { days: 1, key: "1d" }]);
    expect(parseCaseReminders("")).toEqual([]);
    expect(parseCaseReminders("0d")).toEqual([{ days: 0, key: "0d" }]);
  });

  it("refuses what is not days, naming the part", () => {
    expect(() => parseCaseReminders("5d,2h")).toThrow(/'2h'/);
    expect(() => parseCaseReminders("61d")).toThrow(/'61d'/);
    expect(() => parseCaseReminders("fem")).toThrow(/'fem'/);
  });

  it("is validated by the config with its default and the other clock settings", () => {
    const base = { SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "secret-123", NSP_COORDINATOR_CHANNEL: "C0COORD" };
    const c = parseConfig(base);
    expect(c.NSP_CASE_REMINDERS.map((o) => o.key)).toEqual(["5d", "1d"]);
    expect([c.NSP_DECISION_DIGEST_AT, c.NSP_DECISION_DIGEST_WORKDAYS, c.NSP_INFO_REMINDER_DAYS]).toEqual(["08:30", 2, 5]);
    expect(() => parseConfig({ ...base, NSP_CASE_REMINDERS: "5d,1x" })).toThrow(/NSP_CASE_REMINDERS/);
    expect(() => parseConfig({ ...base, NSP_DECISION_DIGEST_AT: "8.30" })).toThrow(/NSP_DECISION_DIGEST_AT/);
    expect(parseConfig({ ...base, NSP_DECISION_DIGEST_AT: "off" }).NSP_DECISION_DIGEST_AT).toBe("off");
    expect(() => parseConfig({ ...base, NSP_DECISION_DIGEST_AT: "of" })).toThrow(/NSP_DECISION_DIGEST_AT/);
    expect(() => parseConfig({ ...base, NSP_INFO_REMINDER_DAYS: "0" })).toThrow(/NSP_INFO_REMINDER_DAYS/);
  });
});

describe("the reminder before a period ends", () => {
  it("is due at 09:00 Stockholm time N days before the last day (summer and winter time)", () => {
    expect(caseReminderDueAt("2016-09-30", { days: 5, key: "5d" }).toISOString()).toBe("2016-09-25T07:00:00.000Z");
    expect(caseReminderDueAt("2016-12-02", { days: 1, key: "1d" }).toISOString()).toBe("2016-12-01T08:00:00.000Z");
  });

  it("sends only the latest reminder already due, and nothing after the period ended", () => {
    expect(dueCaseReminder("2016-09-30", offsets, at("2016-09-25T06:59:00Z"))).toBeNull();
    expect(dueCaseReminder("2016-09-30", offsets, at("2016-09-25T07:00:00Z"))?.key).toBe("5d");
    expect(dueCaseReminder("2016-09-30", offsets, at("2016-09-28T12:00:00Z"))?.key).toBe("5d");
    expect(dueCaseReminder("2016-09-30", offsets, at("2016-09-29T07:00:00Z"))?.key).toBe("1d");
    // Still 30 September in Stockholm (21:59 UTC = 23:59 CEST): the last day, the 1d reminder.
    expect(dueCaseReminder("2016-09-30", offsets, at("2016-09-30T21:59:00Z"))?.key).toBe("1d");
    expect(dueCaseReminder("2016-09-30", offsets, at("2016-09-30T22:00:00Z"))).toBeNull();
    expect(dueCaseReminder("2016-09-30", [], at("2016-09-29T07:00:00Z"))).toBeNull();
  });

  it("counts the days left in Stockholm", () => {
    expect(daysUntilEnd("2016-09-30", at("2016-09-25T07:00:00Z"))).toBe(5);
    expect(daysUntilEnd("2016-09-30", at("2016-09-29T22:30:00Z"))).toBe(0);
  });

  it("ends a partly granted period after the granted days", () => {
    const start = at("2016-09-01T00:00:00Z");
    const end = at("2016-09-30T00:00:00Z");
    expect(grantedEnd(start, end, null)).toBe("2016-09-30");
    expect(grantedEnd(start, end, 30)).toBe("2016-09-30");
    expect(grantedEnd(start, end, 20)).toBe("2016-09-20");
    expect(grantedEnd(null, end, 20)).toBe("2016-09-30");
  });

  it("names the next step: integration after rest, a measure after integration", () => {
    expect(nextStep("rest")).toBe("integration");
    expect(nextStep("integration")).toBe("measure");
    expect(nextStep("measure")).toBeNull();
  });
});

describe("the komplettering reminder", () => {
  it("is due N × 24 hours after the question", () => {
    expect(infoReminderDue(at("2016-09-01T10:00:00Z"), 5, at("2016-09-06T09:59:59Z"))).toBe(false);
    expect(infoReminderDue(at("2016-09-01T10:00:00Z"), 5, at("2016-09-06T10:00:00Z"))).toBe(true);
  });
});

describe("the decision digest", () => {
  it("is due on working days from its time, Stockholm", () => {
    expect(digestDue(at("2026-04-07T06:29:00Z"), "08:30")).toBe(false); // 08:29 CEST
    expect(digestDue(at("2026-04-07T06:30:00Z"), "08:30")).toBe(true);
    expect(digestDue(at("2026-04-06T10:00:00Z"), "08:30")).toBe(false); // annandag påsk
    expect(digestDue(at("2026-12-05T10:00:00Z"), "08:30")).toBe(false); // Saturday
    expect(digestDue(at("2026-12-01T07:30:00Z"), "08:30")).toBe(true); // 08:30 CET
  });

  it("counts waiting days by the Stockholm day of receipt", () => {
    const thursday = at("2026-03-05T07:30:00Z");
    expect(workdaysWaiting(at("2026-03-02T22:30:00Z"), thursday)).toBe(2); // Monday 23:30
    expect(workdaysWaiting(at("2026-03-02T23:30:00Z"), thursday)).toBe(1); // Tuesday 00:30
  });

  it("lists those waiting more than N working days, oldest first", () => {
    const now = at("2026-04-10T06:30:00Z"); // Friday after Easter, 08:30
    const rows = [
      { id: 3, createdAt: at("2026-04-02T12:00:00Z") }, // skärtorsdagen: 3 (7, 8, 9 April)
      { id: 1, createdAt: at("2026-03-30T12:00:00Z") }, // Monday before Easter: 31, 1, 2, 7, 8, 9
      { id: 2, createdAt: at("2026-04-07T12:00:00Z") }, // 8, 9: 2, not more than 2
    ];
    expect(waitingTooLong(rows, now, 2).map((r) => [r.id, r.workdays])).toEqual([
      [1, 6],
      [3, 3],
    ]);
  });
});
