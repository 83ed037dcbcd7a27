// The report against the run's real PostgreSQL: the 2016 pilot's period 2 (NSP004, NSP009, NSP010
// as in the annual report) reproduces Tabell 1–3; range edges in Stockholm time; status at the end
// of the range; Table 2's arithmetic with transfers and earlier grants; the real CLI.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { reportFiles, reportJson, reportMarkdown, table2Csv } from "../../src/domain/report-output.js";
import { cliAddPayment, cliSettle } from "../../src/services/payments.js";
import { transferBudget } from "../../src/services/budget-transfer.js";
import { cliReport, loadReport, rangeInstants, resolveRange } from "../../src/services/report.js";
import { closeDb, testDatabaseUrl, testDb, truncateAll } from "../helpers/db.js";
import { readWorkbook } from "../helpers/xlsx.js";
import { seedFixtures, USERS } from "../helpers/harness.js";
import { dateRequest, grant, noon, seedPeriod2, submit } from "./seed-2016.js";
import { decideRequest } from "../../src/services/requests.js";

const db = testDb();
afterAll(() => closeDb(db));
beforeEach(async () => {
  await truncateAll(db);
  await seedFixtures(db, { budget: "2016" });
});

const PERIOD2 = { from: "2016-09-01", to: "2016-11-30" };
const counts = (r: Awaited<ReturnType<typeof loadReport>>) =>
  r.table1.map((t) => [t.type, t.received, t.granted, t.partlyGranted, t.denied, t.underReview]);

describe("period 2 of the 2016 pilot", () => {
  it("Tabell 1: requests per type, new and existing cases, decision notes by case ref", async () => {
    await seedPeriod2(db);
    const r = await loadReport(db, PERIOD2);
    expect(counts(r)).toEqual([
      ["inquiry", 6, null, null, null, null], // "Inkomna 9", Beviljade and Nekade empty: an inquiry is never granted
      ["admission", 2, 2, 0, 0, 0],
      ["rest", 2, 1, 0, 0, 1], // "2 (NSP 010 är under behandling)"
      ["integration", 1, 1, 0, 0, 0],
      ["measure", 1, 1, 1, 0, 0], // "delvis beviljat"
    ]);
    // "Antal nya ärenden som inkom under perioden: 2. En person fanns redan i programmet."
    expect(r.cases).toEqual({ new: 2, existing: 1, moved: 0 });
    const notes = Object.fromEntries(r.table1.map((t) => [t.type, t.notes]));
    expect(notes.rest).toEqual(["NSP009: vila 26 dagar, 1 medföljande barn – beviljad 39 000 kr", "NSP010: vila 30 dagar, dygnet-runt-skydd – under behandling"]);
    expect(notes.integration).toEqual(["NSP004: integration 81 dagar, 1 medföljande barn – beviljad 64 800 kr"]);
    expect(notes.measure).toEqual(["NSP004: juridiskt biträde 6 timmar × 2 500 kr – delvis beviljad (12 500 kr)"]);
    expect(notes.admission).toEqual(["NSP009: ansökan om tillträde (nytt ärende) – beviljad", "NSP010: ansökan om tillträde (nytt ärende) – beviljad"]);
    expect(notes.inquiry).toHaveLength(6);
    for (const n of notes.inquiry ?? []) expect(n).toMatch(/^NSP0(04|09|10): förfrågan – faller inom NSP$/);
  });

  it("Tabell 2: budget, each grant by case ref, remaining (measures −2 500 kr, max 90 dagar 0, as in the report)", async () => {
    await seedPeriod2(db);
    const r = await loadReport(db, PERIOD2);
    expect(r.periods).toEqual([{ name: "Pilot 2016", from: "2016-09-01", to: "2016-12-31" }]);
    expect(r.table2.map((c) => [c.key, c.budget, c.transfersIn, c.transfersOut, c.grants.map((g) => `${g.ref} ${g.amount}`), c.granted, c.remaining])).toEqual([
      ["rest", 62_400, 0, 0, ["NSP009 31200"], 31_200, 31_200],
      ["rest_child", 7_800, 0, 0, ["NSP009 7800"], 7_800, 0],
      ["protection", 0, 0, 0, [], 0, 0],
      ["measure", 10_000, 0, 0, ["NSP004 12500"], 12_500, -2_500],
      ["integration", 48_600, 0, 0, ["NSP004 48600"], 48_600, 0],
      ["integration_child", 16_200, 0, 0, ["NSP004 16200"], 16_200, 0],
    ]);
    // "Budget TOTALT 145 000"
    expect(r.table2Total).toEqual({ budget: 145_000, transfersIn: 0, transfersOut: 0, grantedBefore: 0, granted: 116_300, paid: 0, released: 0, remaining: 28_700 });
  });

  it("Tabell 2 with NSP009 paid 36 192 kr and settled (issue #13): paid and released per category, the 2 808 kr back in remaining", async () => {
    const refs = await seedPeriod2(db);
    const rest009 = await db.request.findFirstOrThrow({ where: { caseId: refs.NSP009, type: "rest" } });
    await cliAddPayment(db, { request: String(rest009.id), amount: "36192", date: "2016-11-15", operator: "cli:test" }, new Date("2016-12-01T12:00:00Z"));
    await cliSettle(db, { request: String(rest009.id), operator: "cli:test" });
    const r = await loadReport(db, PERIOD2);
    expect(r.table2.filter((c) => c.key.startsWith("rest")).map((c) => [c.key, c.granted, c.paid, c.released, c.remaining])).toEqual([
      ["rest", 31_200, 28_954, 2_246, 31_200 + 2_246],
      ["rest_child", 7_800, 7_238, 562, 562],
    ]);
    expect(r.table2Total).toMatchObject({ granted: 116_300, paid: 36_192, released: 2_808, remaining: 28_700 + 2_808 });
    // A range that ends before the payment's date shows it unpaid (the release, as known now, stays).
    const sep = await loadReport(db, { from: "2016-09-01", to: "2016-10-31" });
    expect(sep.table2.find((c) => c.key === "rest")).toMatchObject({ paid: 0, released: 2_246 });
    const json = JSON.parse(reportJson(r)) as { table2: Record<string, unknown>[] };
    for (const row of json.table2) expect(Object.keys(row)).toEqual(expect.arrayContaining(["paid", "released"]));
    expect(table2Csv(r).split("\n")[0]).toContain("Utbetalt,Återfört");
    const md = reportMarkdown(r);
    expect(md).toContain("| Varav utbetalt | 28 954 | 7 238 |");
    expect(md).toContain("| Återfört | +2 246 | +562 |");
  });

  it("Tabell 3: the two admissions of the period, percentages of all admission requests", async () => {
    await seedPeriod2(db);
    const t = (await loadReport(db, PERIOD2)).table3;
    const cells = (d: keyof typeof t) => (t[d] as { value: string; count: number | null; percent: number | null }[]).map((v) => [v.value, v.count, v.percent]);
    expect(t.admissions).toBe(2);
    expect(cells("nationality")).toEqual([["NG", 1, 50], ["RO", 1, 50]]);
    expect(cells("gender")).toEqual([["woman", 2, 100]]);
    expect(cells("ageBand")).toEqual([["18-25", 2, 100]]);
    expect(cells("childrenAccompanying")).toEqual([["yes", 1, 50], ["no", 1, 50]]);
    expect(cells("exploitation")).toEqual([["sexual", 1, 50], ["multiple", 1, 50]]);
    expect(cells("exploitedIn")).toEqual([["SE", 2, 100], ["IT", 1, 50]]);
    expect(cells("policeReport")).toEqual([["yes", 2, 100], ["no", 0, 0]]);
  });

  it("the JSON keeps the shape of issue #5; files hold case refs only, never free text", async () => {
    await seedPeriod2(db);
    const r = await loadReport(db, PERIOD2);
    const json = JSON.parse(reportJson(r));
    expect(json).toMatchObject({ from: "2016-09-01", to: "2016-11-30", table3: { admissions: 2 } });
    for (const row of json.table1) expect(Object.keys(row)).toEqual(expect.arrayContaining(["type", "received", "granted", "partlyGranted", "denied", "underReview"]));
    for (const row of json.table2) expect(Object.keys(row)).toEqual(expect.arrayContaining(["category", "budget", "transfersIn", "transfersOut", "granted", "remaining"]));
    for (const v of json.table3.nationality) expect(typeof v.percent).toBe("number");
    const everything = reportJson(r) + reportFiles(r).map((f) => f.content).join("");
    expect(everything).not.toMatch(/HEMLIG|istf|LST skjuter|U0APPL|U0COORD|Frälsningsarmén/);
  });
});

describe("ranges", () => {
  it("days are Stockholm calendar days, both included", () => {
    expect(rangeInstants({ from: "2016-09-01", to: "2016-11-30" })).toEqual({ start: "2016-08-31T22:00:00.000Z", end: "2016-11-30T23:00:00.000Z" });
  });

  it("a request at 00:30 Swedish time on 1 September is in September; one at 23:30 on 30 November too", async () => {
    const a = await submit(db, { type: "inquiry" });
    const b = await submit(db, { type: "inquiry" });
    const c = await submit(db, { type: "inquiry" });
    await dateRequest(db, a.id, new Date("2016-08-31T22:30:00Z")); // 00:30 on 1 Sep in Stockholm
    await dateRequest(db, b.id, new Date("2016-11-30T22:30:00Z")); // 23:30 on 30 Nov
    await dateRequest(db, c.id, new Date("2016-08-31T21:30:00Z")); // 23:30 on 31 Aug
    const r = await loadReport(db, PERIOD2);
    expect(r.table1[0]).toMatchObject({ type: "inquiry", received: 2, underReview: null });
  });

  it("a decision after the range counts as under review, and its money is not in the range's grants", async () => {
    const late = await submit(db, { type: "measure", money: { type: "measure", measure: "passport", quantity: 1, unitAmount: 1_300 } });
    await decideRequest(db, late.id, USERS.coordinator, grant);
    await dateRequest(db, late.id, noon("2016-11-29"), noon("2016-12-02"));
    const nov = await loadReport(db, PERIOD2);
    expect(nov.table1[4]).toMatchObject({ received: 1, granted: 0, underReview: 1 });
    expect(nov.table2.find((c) => c.key === "measure")).toMatchObject({ granted: 0, remaining: 10_000 });
    const dec = await loadReport(db, { from: "2016-12-01", to: "2016-12-31" });
    expect(dec.table1[4]).toMatchObject({ received: 0 });
    expect(dec.table2.find((c) => c.key === "measure")).toMatchObject({ grants: [{ amount: 1_300 }], remaining: 8_700 });
  });

  it("Table 2 for part of a period: earlier grants and transfers so far give the budget's remaining", async () => {
    const periodId = (await db.budgetPeriod.findUniqueOrThrow({ where: { name: "Pilot 2016" } })).id;
    const early = await submit(db, { type: "measure", money: { type: "measure", measure: "therapy", quantity: 4, unitAmount: 800 } });
    await decideRequest(db, early.id, USERS.coordinator, grant);
    await dateRequest(db, early.id, noon("2016-09-10"), noon("2016-09-12"));
    expect((await transferBudget(db, { periodId, from: "integration", to: "measure", amount: 725, reason: "till insatser", actor: USERS.coordinator })).ok).toBe(true);
    await db.$executeRaw`UPDATE "budget_transfer" SET "created_at" = ${noon("2016-10-02")}`;
    const inOct = await submit(db, { type: "measure", money: { type: "measure", measure: "passport", quantity: 1, unitAmount: 1_300 } });
    await decideRequest(db, inOct.id, USERS.coordinator, grant);
    await dateRequest(db, inOct.id, noon("2016-10-05"), noon("2016-10-06"));
    const oct = await loadReport(db, { from: "2016-10-01", to: "2016-10-31" });
    const measure = oct.table2.find((c) => c.key === "measure");
    // 10 000 + 725 − 3 200 (September) − 1 300 = 6 225, which is what /nsp budget shows.
    expect(measure).toMatchObject({ budget: 10_000, transfersIn: 725, grantedBefore: 3_200, granted: 1_300, remaining: 6_225 });
    expect(oct.table2.find((c) => c.key === "integration")).toMatchObject({ transfersOut: 725, remaining: 47_875 });
    const cat = await db.budgetCategory.findUniqueOrThrow({ where: { periodId_key: { periodId, key: "measure" } } });
    expect(cat.allocated + cat.transfersIn - cat.transfersOut - cat.committed).toBe(6_225);
    // The transfer was made in October: a September report does not see it.
    const sep = await loadReport(db, { from: "2016-09-01", to: "2016-09-30" });
    expect(sep.table2.find((c) => c.key === "measure")).toMatchObject({ transfersIn: 0, granted: 3_200, remaining: 6_800 });
  });

  it("/nsp rapport arguments: none = the current period; dates; a period name; mistakes", async () => {
    expect(await resolveRange(db, [], new Date("2016-10-15T12:00:00Z"))).toEqual({ ok: true, range: { from: "2016-09-01", to: "2016-12-31" }, periodName: "Pilot 2016" });
    expect(await resolveRange(db, ["2016-09-01", "2016-11-30"])).toMatchObject({ ok: true, range: PERIOD2 });
    expect(await resolveRange(db, ["pilot", "2016"])).toMatchObject({ ok: true, range: { from: "2016-09-01", to: "2016-12-31" } });
    expect(await resolveRange(db, ["2016-11-30", "2016-09-01"])).toMatchObject({ ok: false, error: expect.stringContaining("före") });
    expect(await resolveRange(db, ["2016-02-30", "2016-03-01"])).toMatchObject({ ok: false, error: expect.stringContaining("inget datum") });
    expect(await resolveRange(db, ["nej"])).toMatchObject({ ok: false });
    await expect(cliReport(db, { from: "2016-09-01" })).rejects.toThrow(/både --from och --to/);
    await expect(cliReport(db, { ...PERIOD2, suppressBelow: "1" })).rejects.toThrow(/--suppress-below/);
  });
});

describe("npm run admin -- report", () => {
  const run = promisify(execFile);
  const cli = (args: string[]) =>
    run("npx", ["tsx", "commands/admin.ts", "report", ...args], {
      cwd: process.cwd(),
      env: { ...process.env, DATABASE_URL: testDatabaseUrl(), NODE_NO_WARNINGS: "1" },
      timeout: 60_000,
    });

  it("prints JSON, and writes the three CSV files and the Markdown report with --out", async () => {
    await seedPeriod2(db);
    const json = JSON.parse((await cli(["--from", "2016-09-01", "--to", "2016-11-30", "--format", "json"])).stdout);
    expect(json.table2.find((c: { key: string }) => c.key === "measure")).toMatchObject({ budget: 10_000, granted: 12_500, remaining: -2_500 });
    const dir = await mkdtemp(join(tmpdir(), "nsp-report-"));
    try {
      const out = await cli(["--from", "2016-09-01", "--to", "2016-11-30", "--out", dir, "--suppress-below", "3"]);
      expect(out.stdout).toContain("table1.csv");
      const t1 = await readFile(join(dir, "table1.csv"), "utf8");
      expect(t1).toContain("rest,Max 30 dagars vila,2,1,0,0,1,");
      const t2 = await readFile(join(dir, "table2.csv"), "utf8");
      expect(t2).toContain("measure,Stödinsatser,10000,0,0,0,12500,-2500,NSP004: 12500");
      const t3 = await readFile(join(dir, "table3.csv"), "utf8");
      expect(t3).toContain("nationality,Nationalitet,NG,Nigeria,<3,");
      const wb = await readWorkbook(await readFile(join(dir, "report.xlsx")));
      expect(wb.getWorksheet("Tabell 2")?.getRow(5).values).toEqual([undefined, "Stödinsatser", 10_000, 0, 0, 0, 12_500, -2_500, 0, 0]);
      expect(wb.getWorksheet("Tabell 2 – per ärende")?.getSheetValues()).toContainEqual([undefined, "Stödinsatser", "NSP004", 12_500]);
      const md = await readFile(join(dir, "report.md"), "utf8");
      expect(md).toContain("## Tabell 1 – Ärendehantering");
      expect(md).toContain("| Resultat (kvar) | 31 200 | 0 | 0 | -2 500 | 0 | 0 | 28 700 |");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("--format xlsx writes the workbook's bytes to stdout (redirected to a file)", async () => {
    await seedPeriod2(db);
    const { stdout } = await run("npx", ["tsx", "commands/admin.ts", "report", "--from", "2016-09-01", "--to", "2016-11-30", "--format", "xlsx"], {
      cwd: process.cwd(),
      env: { ...process.env, DATABASE_URL: testDatabaseUrl(), NODE_NO_WARNINGS: "1" },
      timeout: 60_000,
      encoding: "buffer",
    });
    const wb = await readWorkbook(stdout);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Om rapporten", "Tabell 1", "Tabell 1 – beslutsunderlag", "Tabell 2", "Tabell 2 – per ärende", "Tabell 3", "Tabell 4"]);
    const percent = wb.getWorksheet("Tabell 3")?.getRow(3).getCell(4);
    expect(percent?.numFmt).toBe("0%");
    expect(typeof percent?.value).toBe("number");
  });
});
