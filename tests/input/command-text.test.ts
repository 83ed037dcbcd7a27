// Forged slash-command text: `/nsp …` with a NUL byte or another control character, or absurdly
// long, is answered with a specific Swedish ephemeral message before anything is looked up (never
// "kunde inte visas just nu – försök igen", which retrying cannot fix), and nothing is opened or
// stored. Ordinary commands still work.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
const COMMAND_TEXT_MAX = 500;
import { truncateAll } from "../helpers/db.js";
import { seedFixtures, startHarness, USERS, waitFor, type Harness } from "../helpers/harness.js";

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ workers: false });
  await truncateAll(h.db);
  await seedFixtures(h.db);
});
afterAll(async () => {
  await h?.close();
});

/** The answer to `/nsp <text>`: the ack's ephemeral text, else the next ephemeral message. */
async function answer(user: string, text: string): Promise<string> {
  const before = h.fake.ephemerals(user).length;
  const res = await h.user.command(user, text);
  expect(res.status).toBe(200);
  const acked = (res.json as { text?: unknown } | undefined)?.text;
  if (typeof acked === "string") return acked;
  return (await waitFor(async () => h.fake.ephemerals(user)[before], "ephemeral answer")).text;
}

const counts = async () => ({
  requests: await h.db.request.count(),
  cases: await h.db.case.count(),
  transfers: await h.db.budgetTransfer.count(),
  meetings: await h.db.meeting.count(),
});

const NOT_RETRY = /försök igen|kunde inte/i;
const CONTROL = (code: string) => new RegExp(`styrtecken \\(${code.replace("+", "\\+")}\\)`);

describe("control characters in /nsp text", () => {
  it.each([
    { label: "budget with a NUL in the period name", user: USERS.coordinator, text: "budget Pilot\u00002016", code: "U+0000" },
    { label: "budget flytta with a NUL", user: USERS.coordinator, text: "budget flytta Pilot 2016\u0000", code: "U+0000" },
    { label: "rapport with a NUL in a date", user: USERS.coordinator, text: "rapport 2016-09-01\u0000 2016-12-31", code: "U+0000" },
    { label: "rapport with a NUL in a period name", user: USERS.coordinator, text: "rapport Pilot\u00002016", code: "U+0000" },
    { label: "budget överskrid with an escape", user: USERS.admin, text: "budget överskrid 1\u001b", code: "U+001B" },
    { label: "ansök with a C1 control", user: USERS.applicant, text: "ansök vila NSP003\u0085", code: "U+0085" },
    { label: "ansök with DEL in the type", user: USERS.applicant, text: "ansök vi\u007fla", code: "U+007F" },
    { label: "möte ny with a NUL", user: USERS.applicant, text: "möte ny\u0000", code: "U+0000" },
    { label: "an unknown word with a NUL", user: USERS.applicant, text: "ärende\u0000 NSP003", code: "U+0000" },
    { label: "a NUL as the whole text", user: USERS.applicant, text: "\u0000", code: "U+0000" },
  ])("$label gets a specific message, nothing opened or stored", async ({ user, text, code }) => {
    const before = await counts();
    const opened = h.fake.callsTo("views.open").length;
    const message = await answer(user, text);
    expect(message).toMatch(CONTROL(code));
    expect(message).not.toMatch(NOT_RETRY);
    expect(h.fake.callsTo("views.open").length).toBe(opened);
    expect(await counts()).toEqual(before);
  });

  it("is refused before the user is looked up (a stranger is not told about roles)", async () => {
    const message = await answer(USERS.stranger, "budget Pilot\u00002016");
    expect(message).toMatch(CONTROL("U+0000"));
    expect(message).not.toMatch(/samordnare|registrerad/);
  });

  it("tabs and line breaks are whitespace, not refused", async () => {
    const message = await answer(USERS.coordinator, "budget\tPilot\n2016");
    expect(message).not.toMatch(/styrtecken/);
    expect(message).toContain("Pilot 2016");
  });
});

describe("over-long /nsp text", () => {
  // Up to 4 000 characters (Slack's own limit) the payload is a valid Slack payload and reaches
  // the command parser; above it the payload guard answers 400 before anything is parsed.
  it.each([
    { label: "a 3 990-character period name", user: USERS.coordinator, text: `budget ${"x".repeat(3990)}` },
    { label: "a report with 360 dates", user: USERS.coordinator, text: `rapport ${"2016-09-01 ".repeat(360)}` },
    { label: "an over-long apply line", user: USERS.applicant, text: `ansök vila ${"NSP003 ".repeat(200)}` },
  ])("$label gets a specific message, nothing opened", async ({ user, text }) => {
    const opened = h.fake.callsTo("views.open").length;
    const message = await answer(user, text);
    expect(message).toMatch(new RegExp(`^Kommandot är för långt: högst ${COMMAND_TEXT_MAX} tecken`));
    expect(message).not.toMatch(NOT_RETRY);
    expect(h.fake.callsTo("views.open").length).toBe(opened);
  });

  it("above Slack's 4 000 characters the payload itself is refused with 400", async () => {
    expect((await h.user.command(USERS.coordinator, `budget ${"x".repeat(100_000)}`)).status).toBe(400);
    expect((await h.user.command(USERS.coordinator, "hjälp")).status).toBe(200);
  });

  it("exactly the limit is still parsed as a command", async () => {
    const text = `budget ${"x".repeat(COMMAND_TEXT_MAX - "budget ".length)}`;
    const message = await answer(USERS.coordinator, text);
    expect(message).toMatch(/^Det finns ingen budgetperiod som heter/);
  });
});
