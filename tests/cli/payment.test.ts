// `npm run admin -- payment add|settle` (issue #13, item 3): the operator's entries count as
// confirmed with the operator as actor, never more than granted without --override --reason (an
// admin's), Swedish errors; the real CLI spawned for `budget show --json` with paid and released.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { AdminError } from "../../src/services/admin.js";
import { cliAddPayment, cliSettle } from "../../src/services/payments.js";
import { cli } from "../helpers/cli.js";
import { closeDb, testDb, truncateAll } from "../helpers/db.js";
import { seedFixtures, USERS } from "../helpers/harness.js";
import { seedPeriod2 } from "../report/seed-2016.js";

const db = testDb();
afterAll(() => closeDb(db));
const NOW = new Date("2016-12-01T12:00:00Z");
let rest009 = 0;
let rest010 = 0;

beforeEach(async () => {
  await truncateAll(db);
  await seedFixtures(db, { budget: "2016" });
  const refs = await seedPeriod2(db);
  rest009 = (await db.request.findFirstOrThrow({ where: { caseId: refs.NSP009, type: "rest" } })).id;
  rest010 = (await db.request.findFirstOrThrow({ where: { caseId: refs.NSP010, type: "rest" } })).id;
});

const add = (o: Partial<Parameters<typeof cliAddPayment>[1]> = {}) =>
  cliAddPayment(db, { request: String(rest009), amount: "30000", date: "2016-10-31", operator: "cli:tester", ...o }, NOW);

describe("payment add / settle (services)", () => {
  it("refuses each mistake with a Swedish message and stores nothing", async () => {
    const bad: [Partial<Parameters<typeof cliAddPayment>[1]>, RegExp][] = [
      [{ request: "abc" }, /--request ska vara ett ansökningsnummer/],
      [{ request: "99999" }, /Det finns ingen ansökan nr 99999/],
      [{ request: String(rest010) }, /är inte beviljad/],
      [{ amount: "0" }, /--amount: Ange ett belopp i hela kronor/],
      [{ amount: "12,5" }, /--amount: Ange ett belopp i hela kronor/],
      [{ date: "2016-12-02" }, /--date: Datumet får inte ligga i framtiden \(i dag är det 2016-12-01\)/],
      [{ date: "31/10/2016" }, /--date: Ange datumet som ÅÅÅÅ-MM-DD/],
      [{ note: "Ring 070-123 45 67" }, /--note:/],
      [{ by: USERS.applicant }, /U0APPL är inte samordnare eller administratör/],
      [{ amount: "40000" }, /Det är mer än beviljat: högst 39 000 kr återstår att betala ut. Mer kräver --override --reason <skäl> \(administratör\)./],
      [{ amount: "40000", override: true }, /--override kräver --reason/],
      [{ amount: "40000", override: true, reason: "Styrgruppen", by: USERS.coordinator }, /U0COORD är inte administratör/],
    ];
    for (const [o, message] of bad) await expect(add(o), JSON.stringify(o)).rejects.toThrow(message);
    await expect(add({ request: "abc" })).rejects.toBeInstanceOf(AdminError);
    expect(await db.payment.count()).toBe(0);
  });

  it("an operator's payment is confirmed with the operator as actor; an admin may override with a reason; settling releases the rest once", async () => {
    expect(await add({ by: USERS.coordinator })).toMatchObject({ requestId: rest009, amount: 30_000, paidOn: "2016-10-31", status: "confirmed", room: 9_000, actor: USERS.coordinator, override: null });
    expect(await add({ amount: "10000", override: true, reason: "Beslut i styrgruppen", by: USERS.admin })).toMatchObject({ room: 0, actor: USERS.admin, override: "Beslut i styrgruppen" });
    expect(await db.payment.findMany({ orderBy: { id: "asc" }, select: { status: true, confirmedBy: true, reportedBy: true } })).toEqual([
      { status: "confirmed", confirmedBy: USERS.coordinator, reportedBy: USERS.coordinator },
      { status: "confirmed", confirmedBy: USERS.admin, reportedBy: USERS.admin },
    ]);
    expect(await db.auditEntry.count({ where: { requestId: rest009, action: "payment_confirmed" } })).toBe(2);
    // Paid 40 000 of 39 000: nothing to release.
    expect(await cliSettle(db, { request: String(rest009), operator: "cli:tester" })).toEqual({ requestId: rest009, paid: 40_000, released: 0, actor: "cli:tester" });
    await expect(cliSettle(db, { request: String(rest009), operator: "cli:tester" })).rejects.toThrow(`Ansökan nr ${rest009} är redan slutreglerad. Inget ändrades.`);
    await expect(add({ amount: "1" })).rejects.toThrow("är slutreglerad");
  });
});

describe("payment add / settle (the real CLI)", () => {
  it("NSP009 paid 36 192 kr and settled: budget show --json has paid and released per category and in total", async () => {
    const added = await cli(["payment", "add", "--request", String(rest009), "--amount", "36192", "--date", "2016-10-31", "--by", USERS.coordinator, "--json"]);
    expect(added.code, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ amount: 36_192, status: "confirmed", room: 2_808 });
    const settled = await cli(["payment", "settle", "--request", String(rest009)]);
    expect(settled.code, settled.stderr).toBe(0);
    expect(settled.stdout).toContain(`Ansökan nr ${rest009} är slutreglerad: utbetalt 36 192 kr, 2 808 kr tillbaka till budgeten.`);
    const again = await cli(["payment", "settle", "--request", String(rest009)]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("är redan slutreglerad");

    const show = await cli(["budget", "show", "--period", "Pilot 2016", "--json"]);
    expect(show.code, show.stderr).toBe(0);
    const report = JSON.parse(show.stdout) as { categories: { key: string; committed: number; paid: number; released: number }[]; totals: { paid: number; released: number } };
    expect(report.categories.filter((c) => c.key.startsWith("rest")).map((c) => [c.key, c.committed, c.paid, c.released])).toEqual([
      ["rest", 28_954, 28_954, 2_246],
      ["rest_child", 7_238, 7_238, 562],
    ]);
    expect(report.totals).toMatchObject({ paid: 36_192, released: 2_808 });
  }, 120_000); // four CLI processes
});
