// Tabell 4 (issue #12, item 3) against the real database: the cases whose current closing date lies
// in the range, by outcome; a reopened case is not counted until it is closed again; and Tabell 4
// in `/nsp rapport` (summary and file in the DM) and in the CLI's `report --out`.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CaseOutcome } from "../../src/domain/types.js";
import { reopenCase } from "../../src/services/case-outcome.js";
import { findActor } from "../../src/services/members.js";
import { loadReport } from "../../src/services/report.js";
import { cli } from "../helpers/cli.js";
import { truncateAll } from "../helpers/db.js";
import { seedFixtures, startHarness, USERS, waitFor, type Harness } from "../helpers/harness.js";
import { seedPeriod2 } from "./seed-2016.js";

let h: Harness;
let cases: Awaited<ReturnType<typeof seedPeriod2>>;
const PERIOD2 = { from: "2016-09-01", to: "2016-11-30" };

beforeAll(async () => {
  h = await startHarness({ config: { NSP_DELIVERY_RATE_PER_SEC: "200" } });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  await truncateAll(h.db);
  await seedFixtures(h.db, { budget: "2016" });
  cases = await seedPeriod2(h.db);
  h.fake.reset();
});

/** Sets a closing as stored data (the seeded cases still have requests under review). */
async function closed(id: number, outcome: CaseOutcome, on: string): Promise<void> {
  await h.db.case.update({ where: { id }, data: { outcome, closedOn: new Date(`${on}T00:00:00Z`), closedAt: new Date(), closedBy: USERS.coordinator } });
}

const counts = (t: { outcome: string; count: number | null; percent: number | null }[]) =>
  Object.fromEntries(t.filter((r) => r.count !== 0).map((r) => [r.outcome, [r.count, r.percent]]));

describe("Tabell 4 from the database", () => {
  it("counts the cases closed within the range (both ends included), by outcome", async () => {
    await closed(cases.NSP004, "returned", "2016-09-01");
    await closed(cases.NSP009, "own_support", "2016-11-30");
    await closed(cases.NSP010, "own_support", "2016-12-01");
    const r = await loadReport(h.db, PERIOD2);
    expect(r.closedCases).toBe(2);
    expect(counts(r.table4)).toEqual({ returned: [1, 50], own_support: [1, 50] });
    expect(r.table4.map((t) => t.outcome)).toEqual(["residence_permit", "returned", "own_support", "moved", "discontinued", "other"]);
    expect(counts((await loadReport(h.db, { from: "2016-12-01", to: "2016-12-31" })).table4)).toEqual({ own_support: [1, 100] });
    // Nothing closed in period 1.
    expect((await loadReport(h.db, { from: "2016-03-01", to: "2016-08-24" })).closedCases).toBe(0);
  });

  it("a reopened case is not counted; closed again, it counts by its new closing date and outcome", async () => {
    await closed(cases.NSP004, "returned", "2016-10-15");
    await closed(cases.NSP009, "moved", "2016-10-20");
    const before = await loadReport(h.db, PERIOD2);
    expect(counts(before.table4)).toEqual({ returned: [1, 50], moved: [1, 50] });
    // Re-running the same report gives the same figures.
    expect((await loadReport(h.db, PERIOD2)).table4).toEqual(before.table4);

    const coordinator = await findActor(h.db, USERS.coordinator);
    if (!coordinator) throw new Error("no coordinator");
    expect(await reopenCase(h.db, { ref: "NSP004", actor: coordinator })).toMatchObject({ ok: true });
    expect(counts((await loadReport(h.db, PERIOD2)).table4)).toEqual({ moved: [1, 100] });

    await closed(cases.NSP004, "residence_permit", "2016-12-05");
    expect(counts((await loadReport(h.db, PERIOD2)).table4)).toEqual({ moved: [1, 100] });
    expect(counts((await loadReport(h.db, { from: "2016-12-01", to: "2016-12-31" })).table4)).toEqual({ residence_permit: [1, 100] });
  });
});

describe("Tabell 4 in the outputs", () => {
  it("/nsp rapport: the summary and a Tabell 4 CSV in the DM", async () => {
    await closed(cases.NSP009, "returned", "2016-11-01");
    const before = h.fake.ephemerals(USERS.coordinator).length;
    await h.user.command(USERS.coordinator, "rapport 2016-09-01 2016-11-30");
    const m = await waitFor(async () => h.fake.ephemerals(USERS.coordinator)[before], "ephemeral answer", 20_000);
    expect(JSON.stringify(m)).toContain("*Tabell 4 – Avslutade ärenden* (1)\\n• Återvändande: 1 (100 %)");
    const files = h.fake.uploadedFiles(USERS.coordinator);
    expect(files.map((f) => f.filename)).toEqual([
      "nsp-rapport_2016-09-01_2016-11-30.md",
      "nsp-rapport_2016-09-01_2016-11-30.xlsx",
      "tabell1_2016-09-01_2016-11-30.csv",
      "tabell2_2016-09-01_2016-11-30.csv",
      "tabell3_2016-09-01_2016-11-30.csv",
      "tabell4_2016-09-01_2016-11-30.csv",
    ]);
    expect(files[5]?.bytes.toString("utf8")).toContain("returned,Återvändande,1,100\r\n");
    expect(files[0]?.bytes.toString("utf8")).toContain("| Återvändande | 1 | 100 % |");
  });

  it("npm run admin -- report: table4 in the JSON and table4.csv with --out", async () => {
    await closed(cases.NSP004, "discontinued", "2016-10-01");
    const json = JSON.parse((await cli(["report", "--from", "2016-09-01", "--to", "2016-11-30", "--format", "json"])).stdout);
    expect(json.table4).toContainEqual({ outcome: "discontinued", label: "Avbrutet", count: 1, percent: 100 });
    const dir = await mkdtemp(join(tmpdir(), "nsp-table4-"));
    try {
      const out = await cli(["report", "--from", "2016-09-01", "--to", "2016-11-30", "--out", dir]);
      expect(out.stdout).toContain("table4.csv");
      expect(await readFile(join(dir, "table4.csv"), "utf8")).toContain("discontinued,Avbrutet,1,100\r\n");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
