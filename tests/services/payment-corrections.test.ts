// Review of issue #13's money (the reviewer's defects 2–4) against the run's real PostgreSQL, with
// the 2016 pilot's period 2 (tests/report/seed-2016.ts): NSP009's 26 days of rest with a child
// (2016-09-07 – 2016-10-02, 1 200 + 300 kr a day, 39 000 kr).
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { closeCase, reopenCase } from "../../src/services/case-outcome.js";
import { findActor } from "../../src/services/members.js";
import { cliAddPayment, recordPayment, requestMoney } from "../../src/services/payments.js";
import { decideRequest } from "../../src/services/requests.js";
import { closeDb, testDb, truncateAll } from "../helpers/db.js";
import { seedFixtures, USERS } from "../helpers/harness.js";
import { category, insertRequest } from "../helpers/requests.js";
import { seedPeriod2 } from "../report/seed-2016.js";

const db = testDb();
afterAll(() => closeDb(db));

const d = (s: string) => new Date(`${s}T00:00:00.000Z`);
const TODAY = d("2016-12-01");
let refs: Record<"NSP004" | "NSP009" | "NSP010", number>;
let rest009 = 0;

beforeEach(async () => {
  await truncateAll(db);
  await seedFixtures(db, { budget: "2016" });
  refs = await seedPeriod2(db);
  rest009 = (await db.request.findFirstOrThrow({ where: { caseId: refs.NSP009, type: "rest" } })).id;
  await db.case.updateMany({ data: { createdAt: new Date("2016-09-05T10:00:00Z") } });
});

async function actor(slackUserId: string) {
  const a = await findActor(db, slackUserId);
  if (!a) throw new Error(`no member ${slackUserId}`);
  return a;
}

/** Another decision takes all that is left of the category (its allocation is used up). */
async function useUp(key: string): Promise<void> {
  const c = await category(db, key);
  await db.budgetCategory.update({ where: { id: c.id }, data: { allocated: c.allocated - c.remaining } });
}
async function giveBack(key: string, amount: number): Promise<void> {
  const c = await category(db, key);
  await db.budgetCategory.update({ where: { id: c.id }, data: { allocated: c.allocated + amount } });
}

describe("closing again after a reopening kept the first release (review: release twice)", () => {
  const close = async (closedOn: string) => closeCase(db, { ref: "NSP009", actor: await actor(USERS.coordinator), outcome: "own_support", closedOn: d(closedOn), today: TODAY });
  const reopen = async () => reopenCase(db, { ref: "NSP009", actor: await actor(USERS.coordinator) });
  const active = async () =>
    (await db.budgetRelease.findMany({ where: { requestId: rest009, revertedAt: null }, include: { category: true }, orderBy: { categoryId: "asc" } })).map((r) => [r.category.key, r.amount, r.reason]);

  it("an earlier second closing releases exactly the days it frees beyond the kept release, once", async () => {
    // 2016-09-20: 14 days used, 12 released (14 400 + 3 600).
    expect(await close("2016-09-20")).toMatchObject({ ok: true, released: 18_000 });
    await useUp("rest");
    await useUp("rest_child");
    expect(await reopen()).toMatchObject({ ok: true, restored: 0, kept: 18_000 });
    const rest0 = (await category(db, "rest")).committed;
    const child0 = (await category(db, "rest_child")).committed;

    // 2016-09-15: 9 days used; days 16–20 (5 × 1 500) are freed beyond the kept release.
    expect(await close("2016-09-15")).toMatchObject({ ok: true, released: 7_500 });
    expect(await active()).toEqual([
      ["rest", 14_400 + 6_000, "closed"],
      ["rest_child", 3_600 + 1_500, "closed"],
    ]);
    expect([(await category(db, "rest")).committed, (await category(db, "rest_child")).committed]).toEqual([rest0 - 6_000, child0 - 1_500]);
    expect(await requestMoney(db, rest009)).toMatchObject({ committed: 39_000, released: 25_500, room: 13_500 });
    const audit = await db.auditEntry.findMany({ where: { requestId: rest009, action: "budget_released" }, orderBy: { id: "asc" }, select: { after: true } });
    expect(audit.at(-1)?.after).toEqual({ reason: "closed", closedOn: "2016-09-15", released: 7_500, lines: [{ category: "rest", amount: 6_000 }, { category: "rest_child", amount: 1_500 }] });

    // The same closing day again (after another kept reopening), and a later one: nothing more.
    await useUp("rest");
    await useUp("rest_child");
    expect(await reopen()).toMatchObject({ ok: true, restored: 0, kept: 25_500 });
    expect(await close("2016-09-15")).toMatchObject({ ok: true, released: 0 });
    await reopen();
    expect(await close("2016-09-25")).toMatchObject({ ok: true, released: 0 });
    expect(await requestMoney(db, rest009)).toMatchObject({ released: 25_500 });

    // When the money is there again, reopening gives all of it back (one row per category).
    await giveBack("rest", 20_400);
    await giveBack("rest_child", 5_100);
    expect(await reopen()).toMatchObject({ ok: true, restored: 25_500, kept: 0 });
    expect(await requestMoney(db, rest009)).toMatchObject({ released: 0, room: 39_000 });
  });

  it("the probe's case: a 30-day rest grant of 36 000 kr closed on day 10, kept, closed on day 5 releases 6 000 kr more", async () => {
    const applicant = await actor(USERS.applicant);
    const coordinator = await actor(USERS.coordinator);
    const c = await db.case.create({
      data: { ref: "NSP099", orgId: applicant.orgId ?? 0, nationality: "NG", gender: "woman", ageBand: "18-25", childrenAccompanying: 0, childrenHome: 0, exploitation: [], exploitedIn: [], policeReport: false, createdAt: new Date("2016-08-31T10:00:00Z") },
    });
    await giveBack("rest", 36_000);
    const rest = await insertRequest(db, { type: "rest", from: "2016-09-01", to: "2016-09-30" }, { caseId: c.id });
    expect(await decideRequest(db, rest, USERS.coordinator, { kind: "grant", reason: "", shareReason: false })).toMatchObject({ ok: true });
    const closeOn = (day: string) => closeCase(db, { ref: "NSP099", actor: coordinator, outcome: "returned", closedOn: d(day), today: TODAY });
    expect(await closeOn("2016-09-10")).toMatchObject({ ok: true, released: 24_000 });
    await useUp("rest");
    expect(await reopenCase(db, { ref: "NSP099", actor: coordinator })).toMatchObject({ ok: true, kept: 24_000 });
    expect(await closeOn("2016-09-05")).toMatchObject({ ok: true, released: 6_000 });
    expect(await requestMoney(db, rest)).toMatchObject({ committed: 36_000, released: 30_000 });
  });
});

describe("payments only on a request with money (review: inquiry, admission)", () => {
  it("a granted admission or inquiry takes no payment, in the service and at the CLI", async () => {
    const admission = (await db.request.findFirstOrThrow({ where: { caseId: refs.NSP009, type: "admission" } })).id;
    const inquiry = (await db.request.findFirstOrThrow({ where: { caseId: refs.NSP009, type: "inquiry" } })).id;
    for (const requestId of [admission, inquiry]) {
      expect((await db.request.findUniqueOrThrow({ where: { id: requestId } })).status).toBe("granted");
      const r = await recordPayment(db, { requestId, actor: await actor(USERS.admin), amount: 1_000, paidOn: d("2016-10-31"), note: null, today: TODAY, source: "cli" });
      expect(r).toMatchObject({ ok: false, error: "no_money" });
      if (!r.ok && r.error === "no_money") expect(r.message).toMatch(/kostar inga pengar.*ingen utbetalning/);
      await expect(cliAddPayment(db, { request: String(requestId), amount: "1000", date: "2016-10-31", operator: "cli:op" })).rejects.toThrow(/kostar inga pengar/);
    }
    expect(await db.payment.count()).toBe(0);
  });
});

describe("an override at the CLI names its admin (review: --override without --by)", () => {
  it("--override without --by is refused; with an admin's --by the admin is recorded", async () => {
    await expect(cliAddPayment(db, { request: String(rest009), amount: "40000", date: "2016-10-31", override: true, reason: "Beslut i styrgruppen", operator: "cli:op" })).rejects.toThrow(
      "--override kräver --by <administratörens Slack-id>: den som tillåter mer än beviljat ska gå att se.",
    );
    expect(await db.payment.count()).toBe(0);
    await expect(cliAddPayment(db, { request: String(rest009), amount: "40000", date: "2016-10-31", override: true, reason: "Beslut i styrgruppen", by: USERS.coordinator, operator: "cli:op" })).rejects.toThrow(/inte administratör/);
    const ok = await cliAddPayment(db, { request: String(rest009), amount: "40000", date: "2016-10-31", override: true, reason: "Beslut i styrgruppen", by: USERS.admin, operator: "cli:op" });
    expect(ok).toMatchObject({ actor: USERS.admin, override: "Beslut i styrgruppen" });
    expect(await db.payment.findFirstOrThrow()).toMatchObject({ overrideBy: USERS.admin, overrideReason: "Beslut i styrgruppen", reportedBy: USERS.admin, confirmedBy: USERS.admin });
  });
});
