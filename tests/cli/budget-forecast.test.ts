// `npm run admin -- budget forecast` spawned for real against the run's database with the 2016
// pilot's period 2 (tests/report/seed-2016.ts): the JSON shape, the text with the funder's
// request, and a clear error for an unknown period.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";
import { closeDb, testDb, truncateAll } from "../helpers/db.js";
import { seedFixtures } from "../helpers/harness.js";
import { seedPeriod2 } from "../report/seed-2016.js";

const db = testDb();
let rest010 = 0;
beforeAll(async () => {
  await truncateAll(db);
  await seedFixtures(db, { budget: "2016" });
  const refs = await seedPeriod2(db);
  rest010 = (await db.request.findFirstOrThrow({ where: { caseId: refs.NSP010, type: "rest" } })).id;
});
afterAll(() => closeDb(db));

describe("budget forecast CLI", () => {
  it("--json prints { period, categories: [ { key, remaining, pending, projected, topUp } ], totalTopUp }", async () => {
    const out = await cli(["budget", "forecast", "--period", "pilot 2016", "--json"]);
    expect(out.code).toBe(0);
    const json = JSON.parse(out.stdout) as { period: unknown; categories: Record<string, unknown>[]; totalTopUp: number };
    expect(Object.keys(json)).toEqual(["period", "categories", "totalTopUp"]);
    expect(json.period).toEqual({ name: "Pilot 2016", from: "2016-09-01", to: "2016-12-31" });
    for (const c of json.categories) expect(Object.keys(c)).toEqual(["key", "remaining", "pending", "projected", "topUp"]);
    expect(json.categories.find((c) => c.key === "rest")).toEqual({ key: "rest", remaining: 31_200, pending: 36_000, projected: -4_800, topUp: 4_800 });
    expect(json.categories.find((c) => c.key === "protection")).toEqual({ key: "protection", remaining: 0, pending: 4_500, projected: -4_500, topUp: 4_500 });
    expect(json.totalTopUp).toBe(4_800 + 4_500 + 2_500);
  });

  it("the text shows the table and the funder text naming the case by reference only", async () => {
    const out = await cli(["budget", "forecast", "--period", "Pilot 2016"]);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain("Prognos Pilot 2016 (2016-09-01 – 2016-12-31)");
    expect(out.stdout).toMatch(/Max 30 dagars vila\s+rest\s+31 200 kr\s+36 000 kr\s+-4 800 kr\s+0 kr\s+4 800 kr/);
    expect(out.stdout).toContain(`- Ansökan nr ${rest010} (NSP010) – Vila: 2016-10-12 – 2016-11-10 (30 dagar), dygnet-runt-skydd: 40 500 kr under behandling`);
    expect(out.stdout).toContain("För att nå nollresultat räcker 9 300 kr som tillskott.");
    expect(out.stdout).toContain("Tillskott totalt: 11 800 kr");
    expect(out.stdout).not.toMatch(/HEMLIG|Frälsningsarmén|U0APPL/);
  });

  it("an unknown period is a clear error, exit code 1", async () => {
    const out = await cli(["budget", "forecast", "--period", "Finns inte"]);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('Det finns ingen budgetperiod som heter "Finns inte"');
  });
});
