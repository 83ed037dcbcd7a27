// The budget forecast against the run's real PostgreSQL with the 2016 pilot's period 2 (the report
// fixtures of tests/report/seed-2016.ts: NSP004, NSP009 granted, NSP010's 30 days of rest with
// 24-hour protection under review), reproducing the coordinator's hand calculation of 2016.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { forecastJson, funderText } from "../../src/domain/forecast.js";
import { loadForecast } from "../../src/services/budget-forecast.js";
import { decideRequest } from "../../src/services/requests.js";
import { closeDb, testDb, truncateAll } from "../helpers/db.js";
import { seedFixtures, USERS } from "../helpers/harness.js";
import { seedPeriod2, submit } from "../report/seed-2016.js";

const db = testDb();
afterAll(() => closeDb(db));
beforeEach(async () => {
  await truncateAll(db);
  await seedFixtures(db, { budget: "2016" });
});

const pilotId = async () => (await db.budgetPeriod.findUniqueOrThrow({ where: { name: "Pilot 2016" } })).id;
const rows = (f: NonNullable<Awaited<ReturnType<typeof loadForecast>>>) => f.categories.map((c) => [c.key, c.remaining, c.pending, c.projected, c.topUp]);

describe("the forecast of Pilot 2016", () => {
  it("as the app granted: NSP010 pending at 40 500 kr, max 30 dagar short of 4 800 + 4 500 = 9 300 kr ('Önskvärt att få 4500 + 4800')", async () => {
    await seedPeriod2(db);
    const f = await loadForecast(db, await pilotId());
    if (!f) throw new Error("no forecast");
    expect(rows(f)).toEqual([
      ["rest", 31_200, 36_000, -4_800, 4_800],
      ["rest_child", 0, 0, 0, 0],
      ["protection", 0, 4_500, -4_500, 4_500],
      ["measure", -2_500, 0, -2_500, 2_500],
      ["integration", 0, 0, 0, 0],
      ["integration_child", 0, 0, 0, 0],
    ]);
    expect(f.posts.find((p) => p.name === "Max 30 dagars vila")).toMatchObject({ projected: -9_300, topUp: 9_300 });
    expect(f.totalTopUp).toBe(11_800);
  });

  it("with NSP009 at the report's cost (36 192 kr, 'Minus ebo') the top-up is 6 492 kr, as in the footnote", async () => {
    const refs = await seedPeriod2(db);
    // The app commits a grant's full cost (31 200 + 7 800 for NSP009's 26 days with a child); it has
    // no settlement of a lower actual cost. The report's figure is written into the two categories
    // here: 29 354 kr of rest and 6 838 kr of child supplement ("36 192 varav; 29 354 + barntillägg 6838").
    const periodId = await pilotId();
    await db.budgetCategory.update({ where: { periodId_key: { periodId, key: "rest" } }, data: { committed: 29_354 } });
    await db.budgetCategory.update({ where: { periodId_key: { periodId, key: "rest_child" } }, data: { committed: 6_838 } });
    const f = await loadForecast(db, periodId);
    if (!f) throw new Error("no forecast");
    const max30 = f.posts.find((p) => p.name === "Max 30 dagars vila");
    // 62 400 + 7 800 − 36 192 − 40 500 = −6 492.
    expect(max30).toMatchObject({ projected: -6_492, topUp: 6_492 });
    const rest010 = await db.request.findFirstOrThrow({ where: { caseId: refs.NSP010, type: "rest" } });
    expect(max30?.requests).toEqual([{ id: rest010.id, caseRef: "NSP010", asked: "Vila: 2016-10-12 – 2016-11-10 (30 dagar), dygnet-runt-skydd", amount: 40_500 }]);
    expect(forecastJson(f).categories.filter((c) => c.topUp > 0)).toEqual([
      { key: "rest", remaining: 33_046, pending: 36_000, projected: -2_954, topUp: 1_992 },
      { key: "protection", remaining: 0, pending: 4_500, projected: -4_500, topUp: 4_500 },
      { key: "measure", remaining: -2_500, pending: 0, projected: -2_500, topUp: 2_500 },
    ]);
    const text = funderText(f) ?? "";
    expect(text).toContain(`Ansökan nr ${rest010.id} (NSP010)`);
    expect(text).toContain("För att nå nollresultat räcker 6 492 kr som tillskott.");
    // No free text, no organisation, no person ever reaches it.
    expect(text).not.toMatch(/HEMLIG|LST skjuter|Frälsningsarmén|U0APPL|U0COORD/);
  });

  it("pending counts only open requests of the period: withdrawn, denied and granted ones are not pending", async () => {
    const periodId = await pilotId();
    const open = await submit(db, { type: "measure", money: { type: "measure", measure: "therapy", quantity: 5, unitAmount: 500 } });
    const withdrawn = await submit(db, { type: "measure", money: { type: "measure", measure: "therapy", quantity: 2, unitAmount: 700 } });
    // Withdrawn as the record holds it (status and the time it left the queue).
    await db.request.update({ where: { id: withdrawn.id }, data: { status: "withdrawn", decidedAt: new Date() } });
    const denied = await submit(db, { type: "measure", money: { type: "measure", measure: "passport", quantity: 1, unitAmount: 1_300 } });
    expect((await decideRequest(db, denied.id, USERS.coordinator, { kind: "deny", reason: "Nej", shareReason: false })).ok).toBe(true);
    const granted = await submit(db, { type: "measure", money: { type: "measure", measure: "passport", quantity: 1, unitAmount: 1_100 } });
    expect((await decideRequest(db, granted.id, USERS.coordinator, { kind: "grant", reason: "", shareReason: false })).ok).toBe(true);
    const f = await loadForecast(db, periodId);
    // 10 000 − 1 100 granted = 8 900 remaining; 2 500 pending (the open therapy only).
    expect(f?.categories.find((c) => c.key === "measure")).toMatchObject({ remaining: 8_900, pending: 2_500, projected: 6_400, topUp: 0 });
    expect(f?.posts.find((p) => p.name === "Stödinsatser")?.requests.map((r) => r.id)).toEqual([open.id]);
    expect(f?.totalTopUp).toBe(0);
    expect(await loadForecast(db, periodId + 1000)).toBeNull();
  });
});
