// The budget CLI spawned for real against the run's database: the JSON shape scripts rely on,
// period creation with --copy-from, transfers, allocations, overrides and clear errors.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed } from "../../commands/seed.js";
import { cli } from "../helpers/cli.js";
import { closeDb, testDb, truncateAll } from "../helpers/db.js";
import { USERS } from "../helpers/harness.js";
import { insertRequest } from "../helpers/requests.js";

const db = testDb();
beforeAll(async () => {
  await truncateAll(db);
  await seed(db, { demoMembers: true });
  const org = await db.organisation.findUniqueOrThrow({ where: { name: "Frälsningsarmén" } });
  await db.member.create({ data: { slackUserId: USERS.applicant, orgId: org.id, role: "applicant" } });
});
afterAll(() => closeDb(db));

const json = (stdout: string): unknown => JSON.parse(stdout);

describe("budget CLI", () => {
  it("budget show --json keeps the documented shape, in whole kronor", async () => {
    const out = await cli(["budget", "show", "--period", "Pilot 2016", "--json"]);
    expect(out.code).toBe(0);
    const report = json(out.stdout) as { period: unknown; categories: Record<string, unknown>[]; totals: Record<string, number> };
    expect(report.period).toMatchObject({ name: "Pilot 2016", from: "2016-09-01", to: "2016-12-31" });
    expect(report.categories[0]).toEqual(
      expect.objectContaining({ key: "rest", name: "Max 30 dagars vila", allocated: 62_400, transfersIn: 0, transfersOut: 0, committed: 0, remaining: 62_400 }),
    );
    for (const c of report.categories) {
      for (const k of ["allocated", "transfersIn", "transfersOut", "committed", "remaining"]) expect(Number.isInteger(c[k]), k).toBe(true);
    }
    expect(report.totals).toMatchObject({ income: 204_600, totalCosts: 204_600, result: 0 });
  });

  it("budget period create --copy-from copies lines, categories and rates; list shows both", async () => {
    const out = await cli(["budget", "period", "create", "Helår 2017", "--from", "2017-01-01", "--to", "2017-12-31", "--copy-from", "pilot 2016", "--json"]);
    expect(out.code).toBe(0);
    expect(json(out.stdout)).toMatchObject({ period: { name: "Helår 2017", from: "2017-01-01", to: "2017-12-31" }, copiedFrom: "Pilot 2016", totals: { income: 204_600, result: 0 } });
    const copy = await db.budgetPeriod.findUniqueOrThrow({ where: { name: "Helår 2017" } });
    expect(copy).toMatchObject({ restDailyRate: 1_200, integrationChildDailyRate: 200, overheadPercent: 10 });
    const list = json((await cli(["budget", "period", "list", "--json"])).stdout) as { name: string }[];
    expect(list.map((p) => p.name)).toEqual(["Period 1 2016", "Pilot 2016", "Helår 2017"]);

    const overlap = await cli(["budget", "period", "create", "Höst 2017", "--from", "2017-09-01", "--to", "2018-01-31"]);
    expect(overlap.code).toBe(1);
    expect(overlap.stderr).toContain('Perioden överlappar "Helår 2017"');
    const bad = await cli(["budget", "period", "create", "X", "--from", "2017-02-30", "--to", "2017-03-01"]);
    expect(bad.stderr).toContain('--from ska vara ett datum ÅÅÅÅ-MM-DD, fick "2017-02-30"');
  });

  it("budget transfer moves money, refuses an overdraft and personal data", async () => {
    const ok = await cli(["budget", "transfer", "--period", "Pilot 2016", "--from", "integration", "--to", "rest", "--amount", "26000", "--reason", "till max 30 dagar", "--json"]);
    expect(ok.code).toBe(0);
    const report = (json(ok.stdout) as { report: { categories: { key: string; transfersIn: number; transfersOut: number; remaining: number }[] } }).report;
    expect(report.categories.find((c) => c.key === "rest")).toMatchObject({ transfersIn: 26_000, remaining: 88_400 });
    expect(report.categories.find((c) => c.key === "integration")).toMatchObject({ transfersOut: 26_000, remaining: 22_600 });

    const over = await cli(["budget", "transfer", "--period", "Pilot 2016", "--from", "integration", "--to", "rest", "--amount", "22601", "--reason", "mer"]);
    expect(over.code).toBe(1);
    expect(over.stderr).toContain("Integrationsperiod max 90 dagar har bara 22 600 kr kvar att flytta.");
    const pii = await cli(["budget", "transfer", "--period", "Pilot 2016", "--from", "integration", "--to", "rest", "--amount", "1", "--reason", "för 19121212-1212"]);
    expect(pii.code).toBe(1);
    expect(pii.stderr).toMatch(/personnummer/);
    const unknown = await cli(["budget", "transfer", "--period", "Pilot 2016", "--from", "kaffe", "--to", "rest", "--amount", "1", "--reason", "x"]);
    expect(unknown.stderr).toContain('Okänd kategori "kaffe"');
  });

  it("budget allocate keeps the period's result at or above zero; budget line add adds income", async () => {
    const tooMuch = await cli(["budget", "allocate", "--period", "Pilot 2016", "--category", "protection", "--amount", "1"]);
    expect(tooMuch.code).toBe(1);
    expect(tooMuch.stderr).toContain("Intäkterna räcker till högst 0 kr");
    expect((await cli(["budget", "line", "add", "Extramedel LST skyddstillägg", "--kind", "income", "--amount", "10230", "--period", "Pilot 2016"])).code).toBe(0);
    const ok = await cli(["budget", "allocate", "--period", "Pilot 2016", "--category", "protection", "--amount", "9300", "--json"]);
    expect(ok.code).toBe(0);
    expect(json(ok.stdout)).toMatchObject({ totals: { income: 214_830, allocations: 154_300, overhead: 19_530, result: 0 } });
  });

  it("budget override is for admins only and lets one request through", async () => {
    const id = await insertRequest(db, { type: "measure", measure: "legal_counsel", quantity: 6, unitAmount: 2_500 });
    const notAdmin = await cli(["budget", "override", "--request", String(id), "--amount", "5000", "--reason", "LST", "--by", "U0DEMOCOORD"]);
    expect(notAdmin.code).toBe(1);
    expect(notAdmin.stderr).toContain("bara en administratör");
    const ok = await cli(["budget", "override", "--request", String(id), "--amount", "5000", "--reason", "LST skjuter till", "--by", "U0DEMOADMIN"]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("får överskrida budgeten med högst 5 000 kr");
    // Issue #12 item 6: the request is named by its number and what was asked, never "ärende-id".
    expect(ok.stdout).toContain(`Ansökan nr ${id} – Insats: juridiskt biträde 6 timmar × 2 500 kr`);
    expect(await db.budgetOverride.findFirstOrThrow({ where: { requestId: id } })).toMatchObject({ actor: "U0DEMOADMIN", amount: 5_000, usedAt: null });
  });
});
