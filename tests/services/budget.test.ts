// The budget against the run's real PostgreSQL: the 2016 figures from the seeded data, commitments
// at decisions (exactly at the limit, one krona over), 50 parallel approvals against one category,
// the CHECK constraint as backstop, admin overrides, transfers, warnings once per threshold and the
// daily summary once per day.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { runDailyBudgetCheck, summaryFor, summaryReasons } from "../../jobs/budget-summary.js";
import { seed } from "../../commands/seed.js";
import { loadPeriodBudget, requestBudget } from "../../src/services/budget-read.js";
import { transferBudget } from "../../src/services/budget-transfer.js";
import { budgetReport } from "../../src/domain/budget.js";
import { cliOverride, cliShowBudget } from "../../src/services/budget-admin.js";
import { decideRequest, loadRequest } from "../../src/services/requests.js";
import { closeDb, testDb, truncateAll } from "../helpers/db.js";
import { seedFixtures, USERS } from "../helpers/harness.js";
import { category, insertRequest, registerCoordinators } from "../helpers/requests.js";

const db = testDb();
afterAll(() => closeDb(db));
beforeEach(() => truncateAll(db));

const grant = { kind: "grant", reason: "", shareReason: false } as const;
const pilotId = async () => (await db.budgetPeriod.findUniqueOrThrow({ where: { name: "Pilot 2016" } })).id;

async function warnings() {
  const rows = await db.budgetWarning.findMany({ include: { category: true }, orderBy: { id: "asc" } });
  return rows.map((w) => `${w.category.key}:${w.threshold}`);
}

describe("the seeded 2016 budget", () => {
  it("reproduces the pilot budget of the annual report: 204 600 kr, result 0", async () => {
    await seed(db);
    const report = await cliShowBudget(db, "Pilot 2016");
    expect(report.period).toMatchObject({ name: "Pilot 2016", from: "2016-09-01", to: "2016-12-31", overheadPercent: 10 });
    expect(report.totals).toMatchObject({ income: 204_600, costs: 41_000, allocations: 145_000, overhead: 18_600, totalCosts: 204_600, result: 0 });
    expect(report.categories.map((c) => [c.key, c.allocated, c.remaining])).toEqual([
      ["rest", 62_400, 62_400],
      ["rest_child", 7_800, 7_800],
      ["protection", 0, 0],
      ["measure", 10_000, 10_000],
      ["integration", 48_600, 48_600],
      ["integration_child", 16_200, 16_200],
    ]);
    expect(report.lines.map((l) => [l.kind, l.label, l.amount])).toEqual([
      ["income", "Medel LST 2016", 200_000],
      ["income", "Inestående medel pilot 2016", 4_600],
      ["cost", "Samordnare anställning 15 %", 40_000],
      ["cost", "Resor, utlägg", 500],
      ["cost", "Hemsida domänkostn.", 500],
    ]);
  });

  it("re-seeding keeps an operator's changes", async () => {
    await seed(db);
    const periodId = await pilotId();
    await db.budgetCategory.update({ where: { periodId_key: { periodId, key: "measure" } }, data: { allocated: 9_000 } });
    await seed(db);
    expect((await category(db, "measure")).allocated).toBe(9_000);
    expect(await db.budgetLine.count({ where: { periodId } })).toBe(5);
  });

  it("reproduces period 1's Tabell 2 from its grants and transfers (rest 0, integration 50 476)", async () => {
    await seed(db);
    await seedMembers();
    const p1 = "Period 1 2016";
    const periodId = (await db.budgetPeriod.findUniqueOrThrow({ where: { name: p1 } })).id;
    const move = (from: string, to: string, amount: number, reason: string) =>
      transferBudget(db, { periodId, from, to, amount, reason, actor: USERS.coordinator });
    const rest = (children: number) => insertRequest(db, { type: "rest", from: "2016-04-01", to: "2016-04-30", children }, { periodName: p1 });
    // The report's "Max 30 dagar" column holds the child supplements too; the app keeps them in
    // their own category, so the coordinator first moves 2 × 9 000 kr there.
    expect((await move("rest", "rest_child", 18_000, "barntillägg inom max 30 dagar")).ok).toBe(true);
    // NSP002 30 dagar + barntillägg 45 000, NSP003 36 000.
    for (const id of [await rest(1), await rest(0)]) expect((await decideRequest(db, id, USERS.coordinator, grant)).ok).toBe(true);
    // NSP008 (30 dagar + barntillägg) does not fit until 26 000 are moved from max 90 dagar.
    const nsp008 = await rest(1);
    const refused = await decideRequest(db, nsp008, USERS.coordinator, grant);
    expect(refused).toMatchObject({ ok: false, error: "budget", refusal: { reason: "insufficient" } });
    expect((await move("integration", "rest", 26_000, "till max 30 dagar")).ok).toBe(true);
    expect((await decideRequest(db, nsp008, USERS.coordinator, grant)).ok).toBe(true);
    // NSP006: integration partly granted, 50 days = 30 000.
    const nsp006 = await insertRequest(db, { type: "integration", from: "2016-05-01", to: "2016-07-29" }, { periodName: p1 });
    const partial = { kind: "partial", reason: "Del av perioden", shareReason: false, grantedDays: 50, grantedAmount: 30_000 } as const;
    expect((await decideRequest(db, nsp006, USERS.coordinator, partial)).ok).toBe(true);
    expect((await move("integration", "measure", 799, "till insatser")).ok).toBe(true);
    expect((await move("integration", "measure", 725, "till insatser")).ok).toBe(true);
    const report = budgetReport((await loadPeriodBudget(db, periodId))!);
    const byKey = Object.fromEntries(report.categories.map((c) => [c.key, c]));
    // Max 30 dagar: 100 000 + 26 000 − (45 000 + 36 000 + 45 000) = 0, as in the report.
    expect(byKey.rest).toMatchObject({ allocated: 100_000, transfersIn: 26_000, transfersOut: 18_000, committed: 108_000, remaining: 0, usedPercent: 100 });
    expect(byKey.rest_child).toMatchObject({ transfersIn: 18_000, committed: 18_000, remaining: 0 });
    expect(byKey.integration).toMatchObject({ allocated: 108_000, transfersOut: 27_524, committed: 30_000, remaining: 50_476 });
    expect(byKey.measure).toMatchObject({ transfersIn: 1_524, remaining: 16_524 });
  });
});

async function seedMembers() {
  const org = await db.organisation.findUniqueOrThrow({ where: { name: "Frälsningsarmén" } });
  await db.member.create({ data: { slackUserId: USERS.applicant, orgId: org.id, role: "applicant" } });
  // The deciding coordinator, outside the applying organisation (issue #14: the service checks it).
  const talita = await db.organisation.findUniqueOrThrow({ where: { name: "Talita" } });
  await db.member.create({ data: { slackUserId: USERS.coordinator, orgId: talita.id, role: "coordinator" } });
}

describe("decisions commit money", () => {
  beforeEach(() => seedFixtures(db, { budget: "2016" }));

  it("a grant exactly at the limit is committed; one krona over is refused and changes nothing", async () => {
    // 10 000 kr of measures: 2 × 5 000 fits exactly.
    const exact = await insertRequest(db, { type: "measure", measure: "legal_counsel", quantity: 2, unitAmount: 5_000 });
    expect(await decideRequest(db, exact, USERS.coordinator, grant)).toMatchObject({ ok: true, status: "granted" });
    expect(await category(db, "measure")).toMatchObject({ committed: 10_000, remaining: 0 });
    const over = await insertRequest(db, { type: "measure", measure: "travel", quantity: 1, unitAmount: 500 });
    await db.budgetCategory.update({ where: { periodId_key: { periodId: await pilotId(), key: "measure" } }, data: { allocated: 10_499 } });
    const refused = await decideRequest(db, over, USERS.coordinator, grant);
    expect(refused).toMatchObject({ ok: false, error: "budget", refusal: { reason: "insufficient", period: "Pilot 2016" } });
    expect(await loadRequest(db, over)).toMatchObject({ status: "received", decidedBy: null, grantedAmount: null });
    expect(await category(db, "measure")).toMatchObject({ committed: 10_000, remaining: 499 });
    expect(await db.budgetCommitment.count({ where: { requestId: over } })).toBe(0);
    expect(await db.auditEntry.count({ where: { requestId: over, action: { startsWith: "decision" } } })).toBe(0);
  });

  it("a rest period commits the daily rate and the child supplement in their own categories", async () => {
    const id = await insertRequest(db, { type: "rest", from: "2016-09-01", to: "2016-09-26", children: 1 });
    expect((await decideRequest(db, id, USERS.coordinator, grant)).ok).toBe(true);
    const commitments = await db.budgetCommitment.findMany({ where: { requestId: id }, include: { category: true }, orderBy: { categoryId: "asc" } });
    expect(commitments.map((c) => [c.category.key, c.amount])).toEqual([
      ["rest", 31_200],
      ["rest_child", 7_800],
    ]);
    expect(await category(db, "rest_child")).toMatchObject({ remaining: 0 });
  });

  it("a partial grant commits only the granted days, at the period's rates", async () => {
    const id = await insertRequest(db, { type: "rest", from: "2016-09-01", to: "2016-09-30", children: 1 });
    const partial = { kind: "partial", reason: "Budget", shareReason: false, grantedDays: 20, grantedAmount: 30_000 } as const;
    expect((await decideRequest(db, id, USERS.coordinator, partial)).ok).toBe(true);
    expect(await category(db, "rest")).toMatchObject({ committed: 24_000 });
    expect(await category(db, "rest_child")).toMatchObject({ committed: 6_000 });
  });

  it("a denial and an inquiry commit nothing", async () => {
    const id = await insertRequest(db, { type: "measure", measure: "therapy", quantity: 5, unitAmount: 800 });
    expect((await decideRequest(db, id, USERS.coordinator, { kind: "deny", reason: "Nej", shareReason: false })).ok).toBe(true);
    expect(await db.budgetCommitment.count()).toBe(0);
  });

  it("a request without a budget period cannot be granted, and says why", async () => {
    const id = await insertRequest(db, { type: "measure", measure: "therapy", quantity: 1, unitAmount: 800 }, { periodName: null });
    expect(await decideRequest(db, id, USERS.coordinator, grant)).toMatchObject({ ok: false, error: "budget", refusal: { reason: "no_period" } });
    expect((await requestBudget(db, (await loadRequest(db, id))!)).fits).toBe(false);
  });

  it("50 coordinators approving in parallel never commit more than the category holds", async () => {
    // Measures: 10 000 kr; 50 requests of 1 000 kr each → exactly 10 fit.
    const ids: number[] = [];
    for (let i = 0; i < 50; i++) ids.push(await insertRequest(db, { type: "measure", measure: "therapy", quantity: 1, unitAmount: 1_000 }));
    // A decision that cannot get the budget within its bounded wait answers "busy" and stores
    // nothing; the coordinator is told to try again, so each one here tries again until answered.
    const decideUntilAnswered = async (id: number, who: string) => {
      for (let attempt = 0; attempt < 30; attempt++) {
        const r = await decideRequest(db, id, who, grant);
        if (r.ok || r.error !== "busy") return r;
      }
      throw new Error(`request ${id} was still busy after 30 attempts`);
    };
    const coordinators = ids.map((_, i) => `U0COORD${i}`);
    await registerCoordinators(db, coordinators);
    const results = await Promise.all(ids.map((id, i) => decideUntilAnswered(id, coordinators[i] as string)));
    const granted = results.filter((r) => r.ok);
    const refused = results.filter((r) => !r.ok);
    expect(granted).toHaveLength(10);
    expect(refused).toHaveLength(40);
    for (const r of refused) expect(r).toMatchObject({ ok: false, error: "budget", refusal: { reason: "insufficient" } });
    expect(await category(db, "measure")).toMatchObject({ committed: 10_000, remaining: 0, overdraft: 0 });
    expect(await db.request.count({ where: { status: "granted" } })).toBe(10);
    const sum = await db.budgetCommitment.aggregate({ _sum: { amount: true } });
    expect(sum._sum.amount).toBe(10_000);
    // One warning per threshold, however many decisions crossed it at once.
    expect((await warnings()).sort()).toEqual(["measure:100", "measure:75", "measure:90"]);
  });

  it("the database itself refuses an overdraft (CHECK constraint), whatever the code does", async () => {
    const periodId = await pilotId();
    await expect(
      db.$executeRaw`UPDATE "budget_category" SET "committed" = "allocated" + 1 WHERE "period_id" = ${periodId} AND "key" = 'measure'`,
    ).rejects.toThrow(/budget_category_no_overdraft|23514|check constraint/i);
    await expect(
      db.$executeRaw`UPDATE "budget_category" SET "transfers_out" = "allocated" + 1 WHERE "period_id" = ${periodId} AND "key" = 'rest'`,
    ).rejects.toThrow(/budget_category_no_overdraft|23514|check constraint/i);
  });
});

describe("the 2016 case NSP004: 6 lawyer hours at 2 500 kr against 10 000 kr", () => {
  beforeEach(() => seedFixtures(db, { budget: "2016" }));

  it("proposes 4 of 6 hours, and an admin override lets 5 hours through with the category at −2 500 kr", async () => {
    const id = await insertRequest(db, { type: "measure", measure: "legal_counsel", quantity: 6, unitAmount: 2_500 });
    const before = await requestBudget(db, (await loadRequest(db, id))!);
    expect(before.fits).toBe(false);
    expect(before.proposal).toEqual({ kind: "units", units: 4, of: 6, unit: "timmar", amount: 10_000 });
    expect(before.impact).toEqual([
      expect.objectContaining({ key: "measure", available: 10_000, committed: 0, remainingBefore: 10_000, amount: 15_000, remainingAfter: -5_000 }),
    ]);
    expect((await decideRequest(db, id, USERS.coordinator, grant)).ok).toBe(false);

    // An admin outside the applying organisation (issue #14: an admin of Frälsningsarmén would be jäv).
    await db.member.create({ data: { slackUserId: "U0ADMIN9", orgId: (await db.organisation.findUniqueOrThrow({ where: { name: "NSP samordning" } })).id, role: "admin" } });
    await cliOverride(db, { request: String(id), amount: "2500", reason: "LST skjuter till medel enligt överenskommelse", actor: "U0ADMIN9" });
    // Still not the full 6 hours (that would need 5 000 over) …
    expect(await decideRequest(db, id, USERS.coordinator, grant)).toMatchObject({ ok: false, error: "budget" });
    // … but 5 hours = 12 500 kr, "5 h istf 6 h".
    const partial = { kind: "partial", reason: "5 h istf 6 h", shareReason: true, grantedDays: null, grantedAmount: 12_500 } as const;
    expect(await decideRequest(db, id, USERS.coordinator, partial)).toMatchObject({ ok: true, status: "partly_granted" });
    expect(await category(db, "measure")).toMatchObject({ committed: 12_500, remaining: -2_500, overdraft: 2_500 });
    const override = await db.budgetOverride.findFirstOrThrow({ where: { requestId: id } });
    expect(override).toMatchObject({ amount: 2_500, usedAmount: 2_500, actor: "U0ADMIN9", reason: "LST skjuter till medel enligt överenskommelse" });
    expect(override.usedAt).not.toBeNull();
    expect(await db.budgetCommitment.findFirstOrThrow({ where: { requestId: id } })).toMatchObject({ amount: 12_500, overdrawn: 2_500 });
    // The override is used up: the next measure is refused again.
    const next = await insertRequest(db, { type: "measure", measure: "travel", quantity: 1, unitAmount: 500 });
    expect((await decideRequest(db, next, USERS.coordinator, grant)).ok).toBe(false);
  });
});

describe("transfers", () => {
  beforeEach(() => seedFixtures(db, { budget: "2016" }));
  const input = async (amount: number, from = "integration", to = "rest") => ({ periodId: await pilotId(), from, to, amount, reason: "till max 30 dagar", actor: USERS.coordinator });

  it("moves money, never below zero: the whole remaining moves, one krona more does not", async () => {
    const whole = await transferBudget(db, await input(48_600));
    expect(whole).toMatchObject({ ok: true, from: { key: "integration", transfersOut: 48_600 }, to: { key: "rest", transfersIn: 48_600 } });
    expect(await transferBudget(db, await input(1))).toEqual({ ok: false, error: "insufficient", remaining: 0, name: "Integrationsperiod max 90 dagar" });
    expect(await category(db, "rest")).toMatchObject({ remaining: 111_000 });
    const t = await db.budgetTransfer.findFirstOrThrow();
    expect(t).toMatchObject({ amount: 48_600, reason: "till max 30 dagar", actor: USERS.coordinator });
    expect(await db.auditEntry.count({ where: { action: "budget_transfer" } })).toBe(1);
  });

  it("cannot move committed money", async () => {
    const id = await insertRequest(db, { type: "measure", measure: "legal_counsel", quantity: 2, unitAmount: 4_000 });
    await decideRequest(db, id, USERS.coordinator, grant);
    expect(await transferBudget(db, await input(2_001, "measure", "rest"))).toMatchObject({ ok: false, error: "insufficient", remaining: 2_000 });
    expect(await transferBudget(db, await input(2_000, "measure", "rest"))).toMatchObject({ ok: true });
  });

  it("refuses nonsense: the same category, unknown keys, zero", async () => {
    expect(await transferBudget(db, await input(100, "rest", "rest"))).toEqual({ ok: false, error: "same_category" });
    expect(await transferBudget(db, await input(100, "nope", "rest"))).toEqual({ ok: false, error: "unknown_from" });
    expect(await transferBudget(db, await input(0))).toEqual({ ok: false, error: "not_positive" });
  });

  it("parallel transfers out of one category never overdraw it", async () => {
    const results = await Promise.all(Array.from({ length: 20 }, async () => transferBudget(db, await input(5_000, "measure", "rest"))));
    expect(results.filter((r) => r.ok)).toHaveLength(2);
    expect(await category(db, "measure")).toMatchObject({ remaining: 0, transfersOut: 10_000 });
  });
});

describe("threshold warnings", () => {
  beforeEach(() => seedFixtures(db, { budget: "2016" }));

  it("are recorded once per category and threshold, by decisions and by transfers", async () => {
    const measure = (amount: number) => insertRequest(db, { type: "measure", measure: "other", quantity: 1, unitAmount: amount });
    await decideRequest(db, await measure(5_000), USERS.coordinator, grant); // 50 %
    expect(await warnings()).toEqual([]);
    await decideRequest(db, await measure(2_500), USERS.coordinator, grant); // exactly 75 %
    expect(await warnings()).toEqual(["measure:75"]);
    await decideRequest(db, await measure(500), USERS.coordinator, grant); // 80 %
    expect(await warnings()).toEqual(["measure:75"]);
    // Moving 1 000 out leaves 8 000 committed of 9 000: 88 %; 500 more: 8 000 of 8 500 = 94 %.
    await transferBudget(db, { periodId: await pilotId(), from: "measure", to: "rest", amount: 1_000, reason: "omfördelning", actor: USERS.coordinator });
    expect(await warnings()).toEqual(["measure:75"]);
    await transferBudget(db, { periodId: await pilotId(), from: "measure", to: "rest", amount: 500, reason: "omfördelning", actor: USERS.coordinator });
    expect(await warnings()).toEqual(["measure:75", "measure:90"]);
    const outbox = await db.outboxMessage.findMany({ where: { kind: "budget_warning" }, orderBy: { id: "asc" } });
    const ids = (await db.budgetWarning.findMany({ orderBy: { id: "asc" } })).map((w) => w.id);
    expect(outbox.map((o) => o.key)).toEqual(ids.map((id) => `budget:budget_warning:${id}`));
    expect(outbox.every((o) => o.requestId === null)).toBe(true);
  });

  it("follow the configured thresholds", async () => {
    const id = await insertRequest(db, { type: "measure", measure: "other", quantity: 1, unitAmount: 5_000 });
    await decideRequest(db, id, USERS.coordinator, grant, { thresholds: [50] });
    expect(await warnings()).toEqual(["measure:50"]);
  });
});

describe("the daily summary", () => {
  beforeEach(() => seedFixtures(db, { budget: "2016" }));
  const at = (iso: string) => new Date(`${iso}T07:00:00.000Z`);

  it("is due when the period ends within 30 days with money left, once per day", async () => {
    expect(await runDailyBudgetCheck(db, at("2016-11-15"))).toEqual([]); // 46 days left, nothing above 90 %
    const ids = await runDailyBudgetCheck(db, at("2016-12-05"));
    expect(ids).toHaveLength(1);
    expect(await runDailyBudgetCheck(db, at("2016-12-05"))).toEqual([]); // a second run the same day
    const row = await db.outboxMessage.findUniqueOrThrow({ where: { id: ids[0] } });
    expect(row).toMatchObject({ kind: "budget_summary", key: `budget_summary:${await pilotId()}:2016-12-05`, requestId: null });
    const message = await summaryFor(db, await pilotId(), new Date("2016-12-05T00:00:00.000Z"));
    expect(message?.blocks.map((b) => JSON.stringify(b)).join("")).toContain("Perioden slutar 2016-12-31 (om 26 dagar) och 145 000 kr är ännu inte beviljat.");
  });

  it("is due when a category is above 90 %", async () => {
    const id = await insertRequest(db, { type: "measure", measure: "other", quantity: 2, unitAmount: 4_600 });
    await decideRequest(db, id, USERS.coordinator, grant);
    const report = budgetReport((await loadPeriodBudget(db, await pilotId()))!);
    expect(summaryReasons(report, new Date("2016-09-20T00:00:00.000Z"))).toEqual(["*Stödinsatser* är 92 % använd (kvar 800 kr)."]);
    expect(await runDailyBudgetCheck(db, at("2016-09-20"))).toHaveLength(1);
    expect(await runDailyBudgetCheck(db, at("2016-09-21"))).toHaveLength(1);
  });

  it("is not due outside every period", async () => {
    expect(await runDailyBudgetCheck(db, at("2017-02-01"))).toEqual([]);
  });
});
