// End to end through the real receiver: `/nsp budget prognos` with the 2016 pilot's period 2
// (tests/report/seed-2016.ts). Coordinators and admins see the forecast and the funder text, which
// names NSP010 by reference and its request by number; an applicant is refused; the fake Slack
// validates the blocks.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { truncateAll } from "../helpers/db.js";
import { seedFixtures, startHarness, USERS, waitFor, type Harness } from "../helpers/harness.js";
import { seedPeriod2 } from "../report/seed-2016.js";

let h: Harness;
let rest010 = 0;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  await truncateAll(h.db);
  h.fake.reset();
  await seedFixtures(h.db, { budget: "2016" });
  const refs = await seedPeriod2(h.db);
  rest010 = (await h.db.request.findFirstOrThrow({ where: { caseId: refs.NSP010, type: "rest" } })).id;
});

/** The ephemeral answer: its text and blocks as one string (mrkdwn as Slack receives it). */
async function ephemeral(user: string, args: string): Promise<string> {
  const before = h.fake.ephemerals(user).length;
  const res = await h.user.command(user, args);
  expect(res.status).toBe(200);
  const m = await waitFor(async () => h.fake.ephemerals(user)[before], "ephemeral answer");
  const strings: string[] = [m.text];
  JSON.stringify(m.blocks ?? [], (key, value: unknown) => {
    if (key === "text" && typeof value === "string") strings.push(value);
    return value;
  });
  return strings.join("\n");
}

describe("/nsp budget prognos", () => {
  it("a coordinator sees each category's forecast, the top-up and the funder text by case reference", async () => {
    const shown = await ephemeral(USERS.coordinator, "budget prognos pilot 2016");
    expect(shown).toContain("Prognos Pilot 2016: tillskott 11 800 kr");
    expect(shown).toContain("*Max 30 dagars vila*: kvar 31 200 kr · under behandling 36 000 kr · prognos *-4 800 kr* · tillskott *4 800 kr*");
    expect(shown).toContain("*Skyddstillägg*: kvar 0 kr · under behandling 4 500 kr · prognos *-4 500 kr* · tillskott *4 500 kr*");
    expect(shown).toContain("*Stödinsatser*: kvar -2 500 kr · under behandling 0 kr · prognos *-2 500 kr* · tillskott *2 500 kr*");
    expect(shown).toContain(`- Ansökan nr ${rest010} (NSP010) – Vila: 2016-10-12 – 2016-11-10 (30 dagar), dygnet-runt-skydd: 40 500 kr under behandling`);
    expect(shown).toContain("För att nå nollresultat räcker 9 300 kr som tillskott.");
    expect(shown).not.toMatch(/HEMLIG|LST skjuter|Frälsningsarmén|5 h istf/);
    // Without a name: the period containing today (NSP_TODAY 2016-09-01 in the harness).
    expect(await ephemeral(USERS.admin, "budget prognos")).toContain("Tillskott att begära: *11 800 kr*");
  });

  it("an applicant is refused; an unknown period is named", async () => {
    expect(await ephemeral(USERS.applicant, "budget prognos")).toBe("Budgeten visas bara för samordnare och administratörer.");
    expect(await ephemeral(USERS.coordinator, "budget prognos Finns inte")).toContain('Det finns ingen budgetperiod som heter "Finns inte"');
  });
});
