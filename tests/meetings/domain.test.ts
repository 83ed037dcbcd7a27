// The meeting modal's validation (Stockholm wall-clock → instants, DST gap, past dates, the
// registration deadline), the free-text rules, slugs, and the views against the Block Kit schema.
import { describe, expect, it } from "vitest";
import { meetingTextError, redactContacts, slugify, validateMeetingForm, type MeetingFormInput } from "../../src/domain/meetings.js";
import { meetingListMessage, meetingModal, reminderMessage, meetingCancelledMessage, announcementMessage, meetingChangedMessage, type MeetingInfo } from "../../src/views/meetings.js";
import { expectValidMessage, expectValidModal } from "../helpers/blockkit.js";
import { withLuhn } from "../helpers/personnummer.js";

const NOW = new Date("2026-03-20T10:00:00Z");
const groups = new Set([1, 2]);
const form = (over: Partial<MeetingFormInput> = {}): MeetingFormInput => ({
  kind: "platform",
  title: "Plattformsmöte: återvändande",
  theme: "",
  group: "network",
  date: "2026-03-30",
  endDate: null,
  start: "10:00",
  end: "12:00",
  place: "Nybrogatan 79 B, Stockholm",
  registration: "",
  deadline: null,
  ...over,
});
const errorsOf = (over: Partial<MeetingFormInput>, previous?: Parameters<typeof validateMeetingForm>[1]["previous"]) => {
  const r = validateMeetingForm(form(over), { now: NOW, groupIds: groups, previous });
  return r.ok ? {} : r.errors;
};

describe("validateMeetingForm", () => {
  it("turns Stockholm wall-clock times into instants on both sides of the spring change", () => {
    const r = validateMeetingForm(form({ date: "2026-03-30" }), { now: NOW, groupIds: groups });
    expect(r.ok && r.draft.startsAt.toISOString()).toBe("2026-03-30T08:00:00.000Z"); // CEST
    const winter = validateMeetingForm(form({ date: "2026-03-27" }), { now: NOW, groupIds: groups });
    expect(winter.ok && winter.draft.startsAt.toISOString()).toBe("2026-03-27T09:00:00.000Z"); // CET
  });

  it("refuses a time in the spring-forward gap and takes the first 02:30 in October", () => {
    expect(errorsOf({ date: "2026-03-29", start: "02:30", end: "04:00" }).start).toMatch(/finns inte den dagen/);
    const r = validateMeetingForm(form({ date: "2026-10-25", start: "02:30", end: "04:00" }), { now: NOW, groupIds: groups });
    expect(r.ok && r.draft.startsAt.toISOString()).toBe("2026-10-25T00:30:00.000Z");
    expect(r.ok && r.draft.endsAt.toISOString()).toBe("2026-10-25T03:00:00.000Z"); // 3.5 real hours
  });

  it("wants the end after the start, the meeting in the future and a deadline not after it", () => {
    expect(errorsOf({ start: "12:00", end: "12:00" }).end).toBe("Sluttiden måste vara efter starttiden.");
    expect(errorsOf({ date: "2026-03-19" }).date).toBe("Datumet har redan passerat.");
    expect(errorsOf({ date: "2026-03-20", start: "10:30", end: "12:00" }).start).toBe("Starttiden har redan passerat."); // 10:30 CET = 09:30Z
    expect(errorsOf({ deadline: "2026-03-31" }).deadline).toBe("Sista anmälningsdag kan inte vara efter mötet.");
    expect(errorsOf({ deadline: "2026-03-19" }).deadline).toBe("Sista anmälningsdag har redan passerat.");
    expect(errorsOf({ deadline: "2026-03-30" })).toEqual({});
    expect(errorsOf({ endDate: "2026-03-29" }).endDate).toMatch(/före startdatum/);
    const twoDays = validateMeetingForm(form({ endDate: "2026-03-31", end: "09:00" }), { now: NOW, groupIds: groups });
    expect(twoDays.ok && twoDays.draft.endsAt.toISOString()).toBe("2026-03-31T07:00:00.000Z");
  });

  it("accepts unchanged past times and deadlines when editing", () => {
    const previous = { startsAt: new Date("2026-03-20T08:00:00Z"), endsAt: new Date("2026-03-20T11:00:00Z"), registrationDeadline: "2026-03-10" };
    expect(errorsOf({ date: "2026-03-20", start: "09:00", end: "12:00", deadline: "2026-03-10" }, previous)).toEqual({});
    expect(errorsOf({ date: "2026-03-20", start: "09:30", end: "12:00" }, previous).start).toBe("Starttiden har redan passerat.");
  });

  it("needs kind, title and an existing group", () => {
    const e = errorsOf({ kind: null, title: "", group: "99" });
    expect(Object.keys(e).sort()).toEqual(["group", "kind", "title"]);
    expect(errorsOf({ group: "2" })).toEqual({});
  });

  it("allows contacts in the registration text only, and never a personnummer", () => {
    const pnr = withLuhn("800101123");
    expect(errorsOf({ registration: "Anmäl till ida.elfving@ukv.se eller 08-123 456 78 senast 1 nov" })).toEqual({});
    expect(errorsOf({ registration: `Anmäl ${pnr}` }).registration).toMatch(/personnummer/);
    expect(errorsOf({ title: "Ring 070-123 45 67" }).title).toMatch(/telefonnummer.*fältet Anmälan/);
    expect(errorsOf({ place: "ida@ukv.se" }).place).toMatch(/e-postadress/);
    expect(meetingTextError(`Tema ${pnr}`)).toMatch(/personnummer/);
  });
});

describe("slugs and redaction", () => {
  it("makes URL-safe slugs", () => {
    expect(slugify("Slussa vidare")).toBe("slussa-vidare");
    expect(slugify("Förebygga")).toBe("forebygga");
    expect(slugify(" NSP-gruppen ")).toBe("nsp-gruppen");
  });
  it("redacts e-mail addresses and phone numbers", () => {
    expect(redactContacts("Anmäl till ida@ukv.se eller 070-123 45 67 senast 1 nov")).toBe(
      "Anmäl till (kontaktuppgift finns i Slack) eller (kontaktuppgift finns i Slack) senast 1 nov",
    );
  });
});

describe("meeting views", () => {
  const m: MeetingInfo = {
    id: 7,
    kind: "working_group",
    title: "Slussa vidare <träff>",
    theme: "NRM",
    startsAt: new Date("2026-03-30T08:00:00Z"),
    endsAt: new Date("2026-03-30T10:00:00Z"),
    place: "Nybrogatan 79 B",
    registration: "Anmäl till manniskohandel@gmail.com",
    registrationDeadline: new Date("2026-03-25T00:00:00Z"),
    cancelledAt: null,
    sequence: 2,
    group: { id: 1, name: "Slussa vidare" },
  };
  it("are valid Block Kit", () => {
    expectValidModal(meetingModal([{ id: 1, name: "Slussa vidare" }]));
    expectValidModal(meetingModal([{ id: 1, name: "Slussa vidare" }], m));
    expectValidMessage(meetingListMessage([{ meeting: m, mine: true, canManage: true, answer: "yes" }, { meeting: { ...m, id: 8 }, mine: false, canManage: true, answer: null }]));
    expectValidMessage(announcementMessage(m, { yes: ["U1"], no: [] }));
    expectValidMessage(announcementMessage({ ...m, cancelledAt: new Date() }, { yes: [], no: [] }));
    expectValidMessage(reminderMessage(m, { key: "1d@0900", label: "i morgon", late: false }, { yes: ["U1", "U2"], no: ["U3"] }));
    expectValidMessage(reminderMessage({ ...m, cancelledAt: new Date() }, { key: "deadline", label: "i morgon", late: true }, { yes: [], no: [] }));
    expectValidMessage(meetingCancelledMessage(m));
    expectValidMessage(meetingChangedMessage(m));
  });
  it("show the Stockholm time, escape free text and the answers", () => {
    const msg = reminderMessage(m, { key: "1d@0900", label: "i morgon", late: true }, { yes: ["U1"], no: [] });
    const text = JSON.stringify(msg);
    expect(text).toContain("2026-03-30 10:00–12:00");
    expect(text).toContain("&lt;träff&gt;");
    expect(text).toContain("(försenad påminnelse)");
    expect(text).toContain("Kommer (1)*: <@U1>");
  });
});

describe("configuration", () => {
  const VALID = { SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "0123456789abcdef", NSP_COORDINATOR_CHANNEL: "C0COORD" };
  it("parses NSP_MEETING_REMINDERS (default 7d@09:00,1d@09:00) and NSP_NETWORK_CHANNEL", async () => {
    const { parseConfig } = await import("../../src/core/config.js");
    expect(parseConfig(VALID).NSP_MEETING_REMINDERS.map((o) => o.key)).toEqual(["7d@0900", "1d@0900"]);
    expect(parseConfig({ ...VALID, NSP_MEETING_REMINDERS: "2h, 30m" }).NSP_MEETING_REMINDERS.map((o) => o.key)).toEqual(["2h", "30m"]);
    expect(parseConfig({ ...VALID, NSP_NETWORK_CHANNEL: "C0NETWORK" }).NSP_NETWORK_CHANNEL).toBe("C0NETWORK");
    expect(() => parseConfig({ ...VALID, NSP_MEETING_REMINDERS: "7 dagar" })).toThrow(/NSP_MEETING_REMINDERS/);
    expect(() => parseConfig({ ...VALID, NSP_NETWORK_CHANNEL: "#natverket" })).toThrow(/NSP_NETWORK_CHANNEL/);
    expect(() => parseConfig({ ...VALID, NSP_SWEEP_INTERVAL_MS: "120000" })).toThrow(/NSP_SWEEP_INTERVAL_MS/);
  });
});

describe("meeting texts: which personal data each field may hold", () => {
  it("allows a venue address in the place and a contact person in the registration, never a personnummer", () => {
    expect(errorsOf({ place: "Frälsningsarméns HK, Nybrogatan 79 B" })).toEqual({});
    expect(errorsOf({ registration: "Anmälan till Ida, Namn: Ida Elfving, ida.elfving@ukv.se" })).toEqual({});
    expect(errorsOf({ theme: "Vi ses på Nybrogatan 79 B" }).theme).toBe(
      "Texten innehåller något som ser ut som en adress. Adressen skrivs i fältet Plats.",
    );
    expect(errorsOf({ title: "Möte, kontakt: anna (at) ukv.se" }).title).toMatch(/e-postadress.*fältet Anmälan/);
    expect(errorsOf({ place: "Storgatan 12, pnr 850101-1237" }).place).toMatch(/personnummer/);
    expect(errorsOf({ registration: "Anmäl med 85.01.01-1236" }).registration).toMatch(/personnummer/);
  });
});
