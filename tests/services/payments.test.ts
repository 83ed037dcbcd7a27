// Payments and released money (issue #13, item 3) against the run's real PostgreSQL, with the 2016
// pilot's period 2 (tests/report/seed-2016.ts): NSP009's 26 days of rest with a child granted at
// 31 200 + 7 800 = 39 000 kr; the annual report's actual cost was 36 192 kr ("Minus ebo").
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { budgetReport } from "../../src/domain/budget.js";
import { loadForecast } from "../../src/services/budget-forecast.js";
import { loadPeriodBudget } from "../../src/services/budget-read.js";
import { closeCase, reopenCase } from "../../src/services/case-outcome.js";
import { findActor } from "../../src/services/members.js";
import { cliAddPayment, cliSettle, confirmPayment, paidAndReleased, recordPayment, requestMoney, settleGrant, type PaymentInput } from "../../src/services/payments.js";
import { closeDb, testDb, truncateAll } from "../helpers/db.js";
import { seedFixtures, USERS } from "../helpers/harness.js";
import { seedPeriod2 } from "../report/seed-2016.js";

const db = testDb();
afterAll(() => closeDb(db));

const d = (s: string) => new Date(`${s}T00:00:00.000Z`);
const TODAY = d("2016-12-01");
let refs: Record<"NSP004" | "NSP009" | "NSP010", number>;
let rest009 = 0;
let rest010 = 0;

beforeEach(async () => {
  await truncateAll(db);
  await seedFixtures(db, { budget: "2016" });
  refs = await seedPeriod2(db);
  rest009 = (await db.request.findFirstOrThrow({ where: { caseId: refs.NSP009, type: "rest" } })).id;
  rest010 = (await db.request.findFirstOrThrow({ where: { caseId: refs.NSP010, type: "rest" } })).id;
  // The cases were opened in 2016 (the closing date may not be before that).
  await db.case.updateMany({ data: { createdAt: new Date("2016-09-05T10:00:00Z") } });
});

async function actor(slackUserId: string) {
  const a = await findActor(db, slackUserId);
  if (!a) throw new Error(`no member ${slackUserId}`);
  return a;
}

async function pay(o: Partial<PaymentInput> & { by?: string } = {}) {
  return recordPayment(db, { requestId: rest009, actor: await actor(o.by ?? USERS.applicant), amount: 30_000, paidOn: d("2016-10-31"), note: null, today: TODAY, source: "slack", ...o });
}

const committed = async (key: string) => {
  const pilot = await db.budgetPeriod.findUniqueOrThrow({ where: { name: "Pilot 2016" } });
  return (await db.budgetCategory.findUniqueOrThrow({ where: { periodId_key: { periodId: pilot.id, key } } })).committed;
};

describe("registering a payment", () => {
  it("is checked on the server: the organisation's granted request, whole kronor, a past date, a note without personal data, never more than granted", async () => {
    expect(await pay({ amount: 0 })).toMatchObject({ ok: false, error: "amount" });
    expect(await pay({ amount: 12.5 })).toMatchObject({ ok: false, error: "amount" });
    expect(await pay({ paidOn: d("2016-12-02") })).toEqual({ ok: false, error: "date", message: "Datumet får inte ligga i framtiden (i dag är det 2016-12-01)." });
    expect(await pay({ note: "Utbetalt till 19811218-9876" })).toMatchObject({ ok: false, error: "note" });
    expect(await pay({ by: USERS.otherOrg })).toEqual({ ok: false, error: "not_found" });
    expect(await pay({ requestId: rest010 })).toEqual({ ok: false, error: "not_granted", status: "received" });
    expect(await pay({ requestId: 999_999 })).toEqual({ ok: false, error: "not_found" });
    expect(await db.payment.count()).toBe(0);

    const first = await pay({ note: "Första utbetalningen" });
    expect(first).toMatchObject({ ok: true, status: "reported", room: 9_000 });
    // A reported payment already counts: 10 000 more than the 9 000 left is refused.
    expect(await pay({ amount: 10_000 })).toEqual({ ok: false, error: "over", room: 9_000, message: "Det är mer än beviljat: högst 9 000 kr återstår att betala ut. Mer kräver att en administratör godkänner det med ett skäl." });
    // Only an admin may override, and only with a reason.
    expect(await pay({ amount: 10_000, by: USERS.coordinator, overrideReason: "Extra resa" })).toMatchObject({ ok: false, error: "override" });
    const over = await pay({ amount: 10_000, by: USERS.admin, overrideReason: "Beslut i styrgruppen" });
    expect(over).toMatchObject({ ok: true, status: "reported", room: 0 });
    const stored = await db.payment.findMany({ orderBy: { id: "asc" } });
    expect(stored.map((p) => [p.amount, p.status, p.reportedBy, p.overrideBy, p.overrideReason])).toEqual([
      [30_000, "reported", USERS.applicant, null, null],
      [10_000, "reported", USERS.admin, USERS.admin, "Beslut i styrgruppen"],
    ]);
    // Audit and the coordinator thread note (never the note's text).
    expect(await db.auditEntry.count({ where: { requestId: rest009, action: "payment_reported" } })).toBe(2);
    expect(await db.outboxMessage.count({ where: { requestId: rest009, kind: "thread_payment" } })).toBe(2);
  });

  it("a coordinator confirms once; an applicant cannot; a confirmed payment re-renders open coordinator messages", async () => {
    const p = await pay();
    if (!p.ok) throw new Error("not stored");
    expect(await confirmPayment(db, p.paymentId, await actor(USERS.applicant))).toEqual({ ok: false, error: "not_allowed" });
    const done = await confirmPayment(db, p.paymentId, await actor(USERS.coordinator));
    expect(done).toMatchObject({ ok: true, requestId: rest009 });
    expect(await confirmPayment(db, p.paymentId, await actor(USERS.coordinator2))).toEqual({ ok: false, error: "already_confirmed", confirmedBy: USERS.coordinator });
    expect(await db.payment.findUniqueOrThrow({ where: { id: p.paymentId } })).toMatchObject({ status: "confirmed", confirmedBy: USERS.coordinator });
    expect(await db.outboxMessage.count({ where: { requestId: rest009, kind: "thread_payment_refresh" } })).toBe(1);
    // NSP010's open rest request shows the same categories: its message is queued for re-rendering.
    expect(await db.outboxMessage.count({ where: { requestId: rest010, kind: "coord_budget_refresh" } })).toBe(1);
    expect(await requestMoney(db, rest009)).toEqual({ committed: 39_000, released: 0, paid: 30_000, confirmed: 30_000, room: 9_000, settled: false });
  });
});

describe("settling a grant", () => {
  it("NSP009 settled at 36 192 kr releases 2 808 kr to rest and child supplement, once; the forecast then asks for 6 492 kr", async () => {
    const p = await pay({ amount: 36_192 });
    if (!p.ok) throw new Error("not stored");
    const coordinator = await actor(USERS.coordinator);
    // An unconfirmed payment holds the settlement back.
    expect(await settleGrant(db, { requestId: rest009, actor: coordinator })).toEqual({ ok: false, error: "unconfirmed", count: 1 });
    await confirmPayment(db, p.paymentId, coordinator);
    expect(await settleGrant(db, { requestId: rest009, actor: await actor(USERS.applicant) })).toEqual({ ok: false, error: "not_allowed" });
    const settled = await settleGrant(db, { requestId: rest009, actor: coordinator });
    expect(settled).toMatchObject({ ok: true, paid: 36_192, released: 2_808 });
    expect(await settleGrant(db, { requestId: rest009, actor: coordinator })).toEqual({ ok: false, error: "settled" });
    expect(await pay({ amount: 1 })).toEqual({ ok: false, error: "settled" });

    // 31 200 − 2 246 and 7 800 − 562: what the report shows as NSP009's cost, 36 192 kr in all.
    expect([await committed("rest"), await committed("rest_child")]).toEqual([28_954, 7_238]);
    const releases = await db.budgetRelease.findMany({ orderBy: { id: "asc" }, include: { category: true } });
    expect(releases.map((r) => [r.category.key, r.amount, r.reason, r.actor])).toEqual([
      ["rest", 2_246, "settled", USERS.coordinator],
      ["rest_child", 562, "settled", USERS.coordinator],
    ]);
    expect(await db.auditEntry.findFirst({ where: { requestId: rest009, action: "grant_settled" }, select: { after: true } })).toEqual({
      after: { released: 2_808, lines: [{ category: "rest", amount: 2_246 }, { category: "rest_child", amount: 562 }] },
    });
    expect(await db.outboxMessage.count({ where: { requestId: rest010, kind: "coord_budget_refresh" } })).toBe(1);

    // The figures of budget show: paid and released per category.
    const pilot = await db.budgetPeriod.findUniqueOrThrow({ where: { name: "Pilot 2016" } });
    const flows = await paidAndReleased(db, pilot.id);
    expect(flows.get("rest")).toEqual({ paid: 28_954, released: 2_246 });
    expect(flows.get("rest_child")).toEqual({ paid: 7_238, released: 562 });
    const budget = await loadPeriodBudget(db, pilot.id);
    if (!budget) throw new Error("no budget");
    const report = budgetReport(budget);
    expect(report.categories.find((c) => c.key === "rest")).toMatchObject({ committed: 28_954, paid: 28_954, released: 2_246 });
    expect(report.totals).toMatchObject({ paid: 36_192, released: 2_808 });

    // The 2016 top-up, from recorded data alone (no figure written by hand):
    // 62 400 + 7 800 − 36 192 − 40 500 (NSP010 pending) = −6 492.
    const f = await loadForecast(db, pilot.id);
    expect(f?.posts.find((x) => x.name === "Max 30 dagars vila")).toMatchObject({ projected: -6_492, topUp: 6_492 });
  });

  it("a payment of the whole grant settles with nothing to release", async () => {
    await pay({ amount: 39_000, by: USERS.admin, source: "cli" });
    const settled = await settleGrant(db, { requestId: rest009, actor: await actor(USERS.admin) });
    expect(settled).toMatchObject({ ok: true, paid: 39_000, released: 0 });
    expect(await db.budgetRelease.count()).toBe(0);
  });
});

describe("closing a case before its granted period ends", () => {
  const close = async (closedOn: string) => closeCase(db, { ref: "NSP009", actor: await actor(USERS.coordinator), outcome: "own_support", closedOn: d(closedOn), today: TODAY });

  it("releases the unused days once; reopening gives them back; closing again releases once more", async () => {
    // 2016-09-07 – 2016-10-02 (26 days); closed 2016-09-20: 14 days used, 12 released (14 400 + 3 600).
    const closed = await close("2016-09-20");
    expect(closed).toMatchObject({ ok: true, released: 18_000 });
    expect([await committed("rest"), await committed("rest_child")]).toEqual([31_200 - 14_400, 7_800 - 3_600]);
    expect(await close("2016-09-20")).toMatchObject({ ok: false, error: "already_closed" });
    expect(await db.budgetRelease.count({ where: { revertedAt: null } })).toBe(2);
    expect(await db.auditEntry.findFirst({ where: { requestId: rest009, action: "budget_released" }, select: { caseId: true, after: true } })).toEqual({
      caseId: refs.NSP009,
      after: { reason: "closed", closedOn: "2016-09-20", released: 18_000, lines: [{ category: "rest", amount: 14_400 }, { category: "rest_child", amount: 3_600 }] },
    });
    // No payment may exceed what is left after the release.
    expect((await requestMoney(db, rest009))?.room).toBe(21_000);
    // NSP010's open message shows rest: re-rendered.
    expect(await db.outboxMessage.count({ where: { requestId: rest010, kind: "coord_budget_refresh" } })).toBe(1);

    const reopened = await reopenCase(db, { ref: "NSP009", actor: await actor(USERS.coordinator) });
    expect(reopened).toMatchObject({ ok: true, restored: 18_000, kept: 0 });
    expect([await committed("rest"), await committed("rest_child")]).toEqual([31_200, 7_800]);

    // Closed again later: the new closing date counts, and only the active release counts.
    expect(await close("2016-09-30")).toMatchObject({ ok: true, released: 2 * 1_200 + 2 * 300 });
    expect([await committed("rest"), await committed("rest_child")]).toEqual([31_200 - 2_400, 7_800 - 600]);
    expect(await db.budgetRelease.count({ where: { revertedAt: null } })).toBe(2);
    expect(await db.budgetRelease.count()).toBe(4);
  });

  it("closing after the period ended releases nothing; a settled grant is not released again", async () => {
    expect(await close("2016-10-02")).toMatchObject({ ok: true, released: 0 });
    expect(await db.budgetRelease.count()).toBe(0);
    await reopenCase(db, { ref: "NSP009", actor: await actor(USERS.coordinator) });
    // Settled at 20 000 kr (19 000 released); closing early afterwards releases nothing more.
    await pay({ amount: 20_000, by: USERS.admin, source: "cli" });
    expect(await settleGrant(db, { requestId: rest009, actor: await actor(USERS.coordinator) })).toMatchObject({ ok: true, released: 19_000 });
    expect(await close("2016-09-10")).toMatchObject({ ok: true, released: 0 });
    expect(await db.budgetRelease.count({ where: { reason: "closed" } })).toBe(0);
    expect([await committed("rest"), await committed("rest_child")]).toEqual([16_000, 4_000]);
  });

  it("close → settle → reopen: the settled grant keeps its releases, closing again keeps Tabell 2 released (review #1)", async () => {
    expect(await close("2016-09-20")).toMatchObject({ ok: true, released: 18_000 });
    // Settled while closed with nothing paid: the other 21 000 kr return too.
    expect(await settleGrant(db, { requestId: rest009, actor: await actor(USERS.coordinator) })).toMatchObject({ ok: true, released: 21_000 });
    expect([await committed("rest"), await committed("rest_child")]).toEqual([0, 0]);
    const reopened = await reopenCase(db, { ref: "NSP009", actor: await actor(USERS.coordinator) });
    // The settled grant is finished: its closing release stays (nothing to give back).
    expect(reopened).toMatchObject({ ok: true, restored: 0, kept: 0 });
    expect([await committed("rest"), await committed("rest_child")]).toEqual([0, 0]);
    expect(await db.budgetRelease.count({ where: { revertedAt: null } })).toBe(4);
    expect(await close("2016-09-25")).toMatchObject({ ok: true, released: 0 });
    expect(await requestMoney(db, rest009)).toEqual({ committed: 39_000, released: 39_000, paid: 0, confirmed: 0, room: 0, settled: true });
    const pilot = await db.budgetPeriod.findUniqueOrThrow({ where: { name: "Pilot 2016" } });
    const flows = await paidAndReleased(db, pilot.id);
    expect((flows.get("rest")?.released ?? 0) + (flows.get("rest_child")?.released ?? 0)).toBe(39_000);
  });

  it("a reopening keeps a release whose money another decision has taken since (the category never overdraws)", async () => {
    await close("2016-09-07"); // the first day: 25 days of rest released (30 000 kr)
    expect(await committed("rest")).toBe(31_200 - 25 * 1_200);
    // Other decisions have taken all of rest since (written as the category's figure here).
    await db.budgetCategory.updateMany({ where: { key: "rest" }, data: { committed: 62_400 } });
    const reopened = await reopenCase(db, { ref: "NSP009", actor: await actor(USERS.admin) });
    // The child supplement (25 × 300) comes back; rest's 30 000 kr stay released.
    expect(reopened).toMatchObject({ ok: true, restored: 7_500, kept: 30_000 });
    expect(await committed("rest")).toBe(62_400);
    expect(await committed("rest_child")).toBe(7_800);
    expect(await db.budgetRelease.count({ where: { revertedAt: null } })).toBe(1);
    expect(await db.auditEntry.findFirst({ where: { requestId: rest009, action: "budget_release_reverted" }, select: { after: true } })).toEqual({ after: { restored: 7_500, kept: 30_000 } });
  });
});

describe("jäv and four eyes on the money (review #2)", () => {
  it("a member of the applying organisation may not override, confirm, settle or enter a confirmed payment; nobody confirms their own report", async () => {
    // An admin who is a member of the applying organisation (FA).
    await db.member.update({ where: { slackUserId: USERS.applicant2 }, data: { role: "admin" } });
    const fa = await db.organisation.findFirstOrThrow({ where: { members: { some: { slackUserId: USERS.applicant } } } });
    const jav = (what: string, act: string) => `Jäv – ${what}. Du är medlem i ${fa.name}, som ansökan gäller, och kan därför inte ${act}. Inget ändrades.`;
    const overJav = await pay({ amount: 40_000, by: USERS.applicant2, overrideReason: "Egen organisation" });
    expect(overJav).toEqual({ ok: false, error: "jav", message: jav("en annan administratör godkänner", "tillåta mer än beviljat") });
    expect(await pay({ by: USERS.applicant2, source: "cli" })).toMatchObject({ ok: false, error: "jav" });
    await expect(cliAddPayment(db, { request: String(rest009), amount: "100", date: "2016-10-31", by: USERS.applicant2, operator: "cli:op" })).rejects.toThrow(/^--by: Jäv – en annan samordnare bekräftar/);
    expect(await db.payment.count()).toBe(0);

    const p = await pay();
    if (!p.ok) throw new Error("not stored");
    expect(await confirmPayment(db, p.paymentId, await actor(USERS.applicant2))).toEqual({ ok: false, error: "jav", message: jav("en annan samordnare bekräftar", "bekräfta utbetalningen") });
    // A coordinator who reported a payment does not confirm it; another one does.
    const own = await pay({ amount: 1_000, by: USERS.coordinator });
    if (!own.ok) throw new Error("not stored");
    expect(await confirmPayment(db, own.paymentId, await actor(USERS.coordinator))).toEqual({
      ok: false,
      error: "own_payment",
      message: "Du registrerade utbetalningen själv – en annan samordnare bekräftar den. Inget ändrades.",
    });
    expect(await db.payment.count({ where: { status: "confirmed" } })).toBe(0);
    expect(await confirmPayment(db, own.paymentId, await actor(USERS.coordinator2))).toMatchObject({ ok: true });
    expect(await confirmPayment(db, p.paymentId, await actor(USERS.coordinator))).toMatchObject({ ok: true });

    expect(await settleGrant(db, { requestId: rest009, actor: await actor(USERS.applicant2) })).toEqual({ ok: false, error: "jav", message: jav("en annan samordnare slutreglerar", "slutreglera beviljandet") });
    await expect(cliSettle(db, { request: String(rest009), by: USERS.applicant2, operator: "cli:op" })).rejects.toThrow(/^--by: Jäv/);
    expect(await db.request.findUniqueOrThrow({ where: { id: rest009 } })).toMatchObject({ settledAt: null });
    expect(await settleGrant(db, { requestId: rest009, actor: await actor(USERS.admin) })).toMatchObject({ ok: true, paid: 31_000, released: 8_000 });
  });
});

describe("after a case transfer (review #3)", () => {
  it("payments follow the case's current organisation, not the one that filed the request", async () => {
    const talita = await db.member.findUniqueOrThrow({ where: { slackUserId: USERS.otherOrg } });
    // What transferCase writes on the case (services/case-transfer.ts): the request keeps its filing org.
    await db.case.update({ where: { id: refs.NSP009 }, data: { orgId: talita.orgId } });
    expect(await pay({ by: USERS.applicant })).toEqual({ ok: false, error: "not_found" });
    expect(await pay({ by: USERS.otherOrg })).toMatchObject({ ok: true, status: "reported", room: 9_000 });
    // A coordinator of the new organisation is jäv too (and so is one of the filing organisation).
    await db.member.update({ where: { slackUserId: USERS.otherOrg }, data: { role: "coordinator" } });
    const p = await db.payment.findFirstOrThrow();
    expect(await confirmPayment(db, p.id, await actor(USERS.otherOrg))).toMatchObject({ ok: false, error: "jav" });
    expect(await confirmPayment(db, p.id, await actor(USERS.coordinator))).toMatchObject({ ok: true });
  });
});

describe("the payment date's lower bound (review #5)", () => {
  it("a payment may not be dated before the decision day (Stockholm)", async () => {
    // Decided 2016-09-06 00:30 in Stockholm (22:30 UTC the day before).
    await db.request.update({ where: { id: rest009 }, data: { decidedAt: new Date("2016-09-05T22:30:00Z") } });
    expect(await pay({ paidOn: d("2016-09-05") })).toEqual({ ok: false, error: "date", message: "Datumet får inte ligga före beslutet (2016-09-06)." });
    await expect(cliAddPayment(db, { request: String(rest009), amount: "100", date: "2016-09-05", operator: "cli:op" })).rejects.toThrow("--date: Datumet får inte ligga före beslutet (2016-09-06).");
    expect(await db.payment.count()).toBe(0);
    expect(await pay({ paidOn: d("2016-09-06") })).toMatchObject({ ok: true });
  });
});
