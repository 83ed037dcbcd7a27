// Issue #13 item 1, "No stale figures": when a decision, a transfer or an allocation changes a
// category, the coordinator message of every open request of that period showing the category is
// updated (outbox kind coord_budget_refresh, services/budget-refresh.ts), with the figures as they
// are at send time, and a burst of changes costs one chat.update per message. Delivered directly
// (no queue) against the fake Slack.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { deliverOutboxRow, RetryLaterError } from "../../jobs/deliver-slack-message.js";
import { CATEGORY_NAME } from "../../src/domain/budget.js";
import { RATES_2016 } from "../../src/domain/rates.js";
import { cliAllocate } from "../../src/services/budget-admin.js";
import { queueBudgetRefreshes } from "../../src/services/budget-refresh.js";
import { transferBudget } from "../../src/services/budget-transfer.js";
import { decideRequest } from "../../src/services/requests.js";
import { fakeSlackDelivery } from "../helpers/delivery.js";
import { closeDb, testDb, truncateAll } from "../helpers/db.js";
import { seedFixtures, USERS, waitFor } from "../helpers/harness.js";
import { category, insertRequest } from "../helpers/requests.js";

const db = testDb();
const delivery = fakeSlackDelivery(db);

afterAll(async () => {
  await closeDb(db);
});
beforeEach(async () => {
  await truncateAll(db);
  await seedFixtures(db, { budget: "2016" });
  delivery.fake.reset();
});

const grant = { kind: "grant", reason: "", shareReason: false } as const;
const pilotId = async () => (await db.budgetPeriod.findUniqueOrThrow({ where: { name: "Pilot 2016" } })).id;
/** Lawyer hours in the measure category (Pilot 2016 has 10 000 kr there). */
const lawyer = (hours: number) => insertRequest(db, { type: "measure", measure: "legal_counsel", quantity: hours, unitAmount: 1_000, date: "2016-10-03" });
const rest = () => insertRequest(db, { type: "rest", from: "2016-10-01", to: "2016-10-10" });

/** Posts the coordinator notices of these requests (as the worker would). */
async function postNotices(...ids: number[]): Promise<void> {
  for (const id of ids) {
    const row = await db.outboxMessage.findUniqueOrThrow({ where: { key: `${id}:coord_notice` } });
    expect(await deliverOutboxRow(delivery.deps, row.id)).toBe("sent");
  }
}

const pendingRefreshes = () => db.outboxMessage.findMany({ where: { kind: "coord_budget_refresh", status: "pending" }, orderBy: { id: "asc" } });

async function deliverRefreshes(): Promise<void> {
  for (const row of await pendingRefreshes()) await deliverOutboxRow(delivery.deps, row.id);
}

/** The chat.update calls of one request's coordinator message, as text. */
async function updatesOf(requestId: number): Promise<string[]> {
  const r = await db.request.findUniqueOrThrow({ where: { id: requestId } });
  return delivery.fake
    .callsTo("chat.update")
    .filter((c) => c.ok && c.args.channel === r.coordChannel && c.args.ts === r.coordTs)
    .map((c) => JSON.stringify(c.args.blocks));
}

describe("a change of a category re-renders the open requests that show it", () => {
  it("a decision on request A re-renders open request B's message of the same period and category, with the new figures and advice", async () => {
    const a = await lawyer(4); // 4 000 kr
    const b = await lawyer(8); // 8 000 kr: fits now (10 000 kr left), not after A
    const other = await rest(); // rest categories: not touched by A
    await postNotices(a, b, other);
    const posted = delivery.fake.callsTo("chat.postMessage").find((c) => c.ok && JSON.stringify(c.args.blocks).includes(`Ansökan nr ${b}`));
    expect(JSON.stringify(posted?.args.blocks)).toContain("kvar 10 000 kr → efter beslut 2 000 kr");

    const decided = await decideRequest(db, a, USERS.coordinator, grant);
    expect(decided.ok).toBe(true);
    const rows = await pendingRefreshes();
    expect(rows.map((r) => [r.key, r.requestId])).toEqual([[`${b}:coord_budget_refresh`, b]]);
    expect(decided.ok && decided.outboxIds).toContain(rows[0]?.id);

    await deliverRefreshes();
    const [update, ...more] = await updatesOf(b);
    expect(more).toEqual([]);
    expect(update).toContain("beviljat 4 000 kr, kvar 6 000 kr → efter beslut *-2 000 kr*");
    expect(update).toContain("6 av 8 timmar ryms (6 000 kr)");
    expect(update).not.toContain("kvar 10 000 kr");
    expect(await updatesOf(other)).toEqual([]);
    // Claimed and sent: the key now names the row, so the next change queues a new row.
    expect(await db.outboxMessage.findUniqueOrThrow({ where: { id: rows[0]?.id ?? 0 } })).toMatchObject({ status: "sent", key: `${b}:coord_budget_refresh:${rows[0]?.id}` });
  });

  it("a denial changes no category and queues nothing; requests of another period or already decided are left alone", async () => {
    const p2 = await db.budgetPeriod.create({ data: { name: "Pilot 2017", fromDate: new Date("2017-01-01"), toDate: new Date("2017-12-31"), ...RATES_2016, overheadPercent: 10 } });
    await db.budgetCategory.create({ data: { periodId: p2.id, key: "measure", name: CATEGORY_NAME.measure, allocated: 10_000 } });
    const a = await lawyer(2);
    const b = await lawyer(2);
    const denied = await lawyer(1);
    const later = await insertRequest(db, { type: "measure", measure: "legal_counsel", quantity: 1, unitAmount: 1_000, date: "2017-03-01" }, { periodName: "Pilot 2017" });
    await postNotices(a, b, denied, later);
    expect((await decideRequest(db, denied, USERS.coordinator, { kind: "deny", reason: "", shareReason: false })).ok).toBe(true);
    expect(await pendingRefreshes()).toEqual([]);
    expect((await decideRequest(db, a, USERS.coordinator, grant)).ok).toBe(true);
    expect((await pendingRefreshes()).map((r) => r.requestId)).toEqual([b]);
  });

  it("a request decided after its refresh was queued is not re-rendered (its own coord_refresh shows the decision)", async () => {
    const a = await lawyer(2);
    const b = await lawyer(2);
    await postNotices(a, b);
    expect((await decideRequest(db, a, USERS.coordinator, grant)).ok).toBe(true);
    expect((await decideRequest(db, b, USERS.coordinator, grant)).ok).toBe(true);
    const [row] = await pendingRefreshes();
    expect(row?.requestId).toBe(b);
    expect(await deliverOutboxRow(delivery.deps, row?.id ?? 0)).toBe("sent");
    expect(await db.outboxMessage.findUniqueOrThrow({ where: { id: row?.id ?? 0 } })).toMatchObject({ status: "sent", channel: null, lastError: "skipped: request decided" });
    expect(await updatesOf(b)).toEqual([]);
  });

  it("transfers and allocations re-render the requests of both categories; a new change after the send queues a new row", async () => {
    const m = await lawyer(2);
    const r = await rest();
    const untouched = await insertRequest(db, { type: "integration", from: "2016-10-01", to: "2016-10-10" });
    await postNotices(m, r, untouched);
    const moved = await transferBudget(db, { periodId: await pilotId(), from: "measure", to: "rest", amount: 1_000, reason: "test", actor: USERS.coordinator });
    expect(moved.ok).toBe(true);
    expect((await pendingRefreshes()).map((x) => x.requestId).sort()).toEqual([m, r].sort());
    await deliverRefreshes();
    expect((await updatesOf(m))[0]).toContain("tilldelat 9 000 kr, beviljat 0 kr, kvar 9 000 kr");
    expect((await updatesOf(m)).length).toBe(1);
    expect(await updatesOf(untouched)).toEqual([]);

    await cliAllocate(db, { category: "measure", amount: "8000" });
    expect((await pendingRefreshes()).map((x) => x.requestId)).toEqual([m]);
    await deliverRefreshes();
    const updates = await updatesOf(m);
    expect(updates).toHaveLength(2);
    expect(updates[1]).toContain("tilldelat 7 000 kr, beviljat 0 kr, kvar 7 000 kr");
  });
});

describe("order of the updates of one message", () => {
  it("a decision's own update waits while an older budget refresh of the message is being sent, so the buttons never come back", async () => {
    const a = await lawyer(2);
    const b = await lawyer(2);
    await postNotices(a, b);
    expect((await decideRequest(db, a, USERS.coordinator, grant)).ok).toBe(true);
    const [refresh] = await pendingRefreshes();
    // Another worker is sending B's budget refresh right now (rendered while B was open).
    await db.outboxMessage.update({ where: { id: refresh?.id ?? 0 }, data: { claimedAt: new Date(), leaseUntil: new Date(Date.now() + 60_000) } });
    expect((await decideRequest(db, b, USERS.coordinator, grant)).ok).toBe(true);
    const own = await db.outboxMessage.findFirstOrThrow({ where: { requestId: b, kind: "coord_refresh" } });
    await expect(deliverOutboxRow(delivery.deps, own.id)).rejects.toBeInstanceOf(RetryLaterError);
    expect(await db.outboxMessage.findUniqueOrThrow({ where: { id: own.id } })).toMatchObject({ status: "pending", lastError: "not_ready" });
    expect(await updatesOf(b)).toEqual([]);
    // The other worker is done (here: its lease ends); now the decision's update goes out.
    await db.outboxMessage.update({ where: { id: refresh?.id ?? 0 }, data: { claimedAt: null, leaseUntil: null } });
    expect(await deliverOutboxRow(delivery.deps, own.id)).toBe("sent");
    const [update, ...more] = await updatesOf(b);
    expect(more).toEqual([]);
    expect(update).not.toContain("efter beslut");
    expect(update).not.toContain("decide_grant");
  });
});

describe("coalescing", () => {
  it("20 changes in a burst cost one chat.update per open message, not 20, showing the last figures", async () => {
    const m1 = await lawyer(2);
    const m2 = await lawyer(3);
    const r = await rest();
    await postNotices(m1, m2, r);
    const periodId = await pilotId();
    for (let i = 0; i < 20; i++) {
      const moved = await transferBudget(db, { periodId, from: "measure", to: "rest", amount: 100, reason: `flytt ${i}`, actor: USERS.coordinator });
      expect(moved.ok).toBe(true);
    }
    const rows = await pendingRefreshes();
    expect(rows.map((x) => x.requestId).sort()).toEqual([m1, m2, r].sort());
    await deliverRefreshes();
    expect(await category(db, "measure")).toMatchObject({ transfersOut: 2_000, remaining: 8_000 });
    for (const id of [m1, m2]) {
      const updates = await updatesOf(id);
      expect(updates).toHaveLength(1);
      expect(updates[0]).toContain("tilldelat 8 000 kr, beviljat 0 kr, kvar 8 000 kr");
    }
    const restUpdates = await updatesOf(r);
    expect(restUpdates).toHaveLength(1);
    expect(restUpdates[0]).toContain("tilldelat 64 400 kr");
    expect(delivery.fake.callsTo("chat.update").filter((c) => c.ok)).toHaveLength(3);
  });

  it("a claim waits for a change that joined the pending row and has not committed, and then shows it", async () => {
    const m = await lawyer(2);
    await postNotices(m);
    const periodId = await pilotId();
    const measure = await category(db, "measure");
    expect((await transferBudget(db, { periodId, from: "measure", to: "rest", amount: 1_000, reason: "först", actor: USERS.coordinator })).ok).toBe(true);
    const [row] = await pendingRefreshes();
    const started: { delivery?: Promise<string> } = {};
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const change = db.$transaction(async (tx) => {
      await tx.$executeRaw`UPDATE "budget_category" SET "allocated" = "allocated" + 5000 WHERE "id" = ${measure.id}`;
      expect(await queueBudgetRefreshes(tx, periodId, [measure.id])).toEqual([row?.id]); // joined the pending row
      started.delivery = deliverOutboxRow(delivery.deps, row?.id ?? 0);
      // The claim waits for this transaction's lock on the row (no sleep: Postgres says so).
      await waitFor(
        async () => (await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS "n" FROM pg_stat_activity WHERE "wait_event_type" = 'Lock' AND "query" LIKE '%claimed_at%'`)[0]?.n === 1,
        "the claim waiting for the change's lock",
      );
      await held;
    });
    release();
    await change;
    expect(await started.delivery).toBe("sent");
    const [update] = await updatesOf(m);
    expect(update).toContain("tilldelat 14 000 kr, beviljat 0 kr, kvar 14 000 kr");
  });
});
