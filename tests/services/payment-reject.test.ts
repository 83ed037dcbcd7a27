// Rejecting a wrongly reported payment (review of #13, defect 1) against the run's real PostgreSQL,
// with the 2016 pilot's period 2 (tests/report/seed-2016.ts): NSP009's rest grant of 39 000 kr.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { ERASED_TEXT } from "../../src/domain/erasure.js";
import { closeCase } from "../../src/services/case-outcome.js";
import { cliEraseCase } from "../../src/services/erasure.js";
import { findActor } from "../../src/services/members.js";
import { cliRejectPayment, confirmPayment, paidAndReleased, recordPayment, rejectPayment, requestMoney, settleGrant, type PaymentInput } from "../../src/services/payments.js";
import { closeDb, testDb, truncateAll } from "../helpers/db.js";
import { seedFixtures, USERS } from "../helpers/harness.js";
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
});

async function actor(slackUserId: string) {
  const a = await findActor(db, slackUserId);
  if (!a) throw new Error(`no member ${slackUserId}`);
  return a;
}

async function report(o: Partial<PaymentInput> & { by?: string } = {}): Promise<number> {
  const r = await recordPayment(db, { requestId: rest009, actor: await actor(o.by ?? USERS.applicant), amount: 39_000, paidOn: d("2016-10-31"), note: null, today: TODAY, source: "slack", ...o });
  if (!r.ok) throw new Error(`not stored: ${r.error}`);
  return r.paymentId;
}

describe("a coordinator rejects a wrongly reported payment", () => {
  it("with a checked reason, once; the payment then counts nowhere and no longer blocks settling", async () => {
    // 39 000 kr reported by mistake (36 192 kr was paid): the room is gone and settling waits.
    const wrong = await report();
    expect((await requestMoney(db, rest009))?.room).toBe(0);
    const coordinator = await actor(USERS.coordinator);
    expect(await settleGrant(db, { requestId: rest009, actor: coordinator })).toEqual({ ok: false, error: "unconfirmed", count: 1 });

    expect(await rejectPayment(db, wrong, await actor(USERS.applicant), "Fel belopp")).toEqual({ ok: false, error: "not_allowed" });
    expect(await rejectPayment(db, wrong, coordinator, "   ")).toMatchObject({ ok: false, error: "reason" });
    expect(await rejectPayment(db, wrong, coordinator, "Fel belopp, ring 070-123 45 67")).toMatchObject({ ok: false, error: "reason" });
    expect(await rejectPayment(db, wrong, coordinator, "x".repeat(301))).toEqual({ ok: false, error: "reason", message: "Högst 300 tecken." });
    expect(await rejectPayment(db, 999_999, coordinator, "Fel belopp")).toEqual({ ok: false, error: "not_found" });
    expect((await db.payment.findUniqueOrThrow({ where: { id: wrong } })).status).toBe("reported");

    const done = await rejectPayment(db, wrong, coordinator, "Fel belopp: 36 192 kr betalades");
    expect(done).toMatchObject({ ok: true, paymentId: wrong, requestId: rest009, amount: 39_000 });
    expect(await db.payment.findUniqueOrThrow({ where: { id: wrong } })).toMatchObject({ status: "rejected", rejectedBy: USERS.coordinator, rejectReason: "Fel belopp: 36 192 kr betalades", confirmedBy: null });
    // Once: neither a second rejection nor a confirmation changes it.
    expect(await rejectPayment(db, wrong, await actor(USERS.coordinator2), "Igen")).toEqual({ ok: false, error: "already_rejected", rejectedBy: USERS.coordinator });
    expect(await confirmPayment(db, wrong, await actor(USERS.coordinator2))).toEqual({ ok: false, error: "already_rejected", rejectedBy: USERS.coordinator });

    // Audited (the reason under a text key), the thread note updated, the reporter told by DM.
    expect(await db.auditEntry.findFirst({ where: { requestId: rest009, action: "payment_rejected" }, select: { actor: true, after: true } })).toEqual({
      actor: USERS.coordinator,
      after: { paymentId: wrong, status: "rejected", amount: 39_000, paidOn: "2016-10-31", reason: "Fel belopp: 36 192 kr betalades" },
    });
    expect(await db.outboxMessage.count({ where: { requestId: rest009, kind: "thread_payment_refresh", refId: wrong } })).toBe(1);
    expect(await db.outboxMessage.count({ where: { requestId: rest009, kind: "payment_rejected_dm", refId: wrong } })).toBe(1);

    // Counts nowhere: not against the grant, not as paid; the right figure can be reported and settled.
    expect(await requestMoney(db, rest009)).toEqual({ committed: 39_000, released: 0, paid: 0, confirmed: 0, room: 39_000, settled: false });
    const right = await report({ amount: 36_192 });
    await confirmPayment(db, right, coordinator);
    expect(await settleGrant(db, { requestId: rest009, actor: coordinator })).toMatchObject({ ok: true, paid: 36_192, released: 2_808 });
    const pilot = await db.budgetPeriod.findUniqueOrThrow({ where: { name: "Pilot 2016" } });
    const flows = await paidAndReleased(db, pilot.id);
    expect((flows.get("rest")?.paid ?? 0) + (flows.get("rest_child")?.paid ?? 0)).toBe(36_192);
  });

  it("on a case closed early, the closing's release is worked out again without the rejected payment (review of this session)", async () => {
    await db.case.updateMany({ data: { createdAt: new Date("2016-09-05T10:00:00Z") } });
    const committed = async () => (await db.budgetCategory.findMany({ where: { periodId: (await db.request.findUniqueOrThrow({ where: { id: rest009 } })).periodId ?? 0 } })).reduce((a, c) => a + c.committed, 0);
    const wrong = await report({ amount: 30_000 });
    // NSP009's rest grant from 2016-09-07 (39 000 kr, 1 500 kr a day): closed on 2016-09-10, 4 days
    // are used (6 000 kr); the reported 30 000 kr caps the closing's release at 39 000 − 30 000.
    const closed = await closeCase(db, { ref: "NSP009", actor: await actor(USERS.coordinator), outcome: "own_support", closedOn: d("2016-09-10"), today: TODAY });
    expect(closed).toMatchObject({ ok: true, released: 9_000 });
    const before = await committed();
    const rejected = await rejectPayment(db, wrong, await actor(USERS.coordinator), "Fel belopp");
    expect(rejected).toMatchObject({ ok: true });
    // As a closing without that report: 33 000 released, 6 000 left to pay, the categories 24 000 lower.
    expect(await requestMoney(db, rest009)).toMatchObject({ committed: 39_000, released: 33_000, paid: 0, room: 6_000 });
    expect(await committed()).toBe(before - 24_000);
    expect(await db.budgetRelease.count({ where: { requestId: rest009, reason: "closed", revertedAt: null } })).toBeGreaterThan(0);
    const audits = await db.auditEntry.findMany({ where: { requestId: rest009, action: "budget_released" }, orderBy: { id: "asc" } });
    expect(audits.map((a) => (a.after as { released: number }).released)).toEqual([9_000, 24_000]);
    // The full room can no longer be reported again without an admin's override.
    const again = await recordPayment(db, { requestId: rest009, actor: await actor(USERS.applicant), amount: 30_000, paidOn: d("2016-10-31"), note: null, today: TODAY, source: "slack" });
    expect(again.ok).toBe(false);
  });

  it("the rules of confirming: not jäv, not the reporter; a confirmed payment cannot be rejected", async () => {
    await db.member.update({ where: { slackUserId: USERS.applicant2 }, data: { role: "admin" } });
    const p = await report({ amount: 1_000 });
    expect(await rejectPayment(db, p, await actor(USERS.applicant2), "Fel")).toMatchObject({ ok: false, error: "jav", message: expect.stringMatching(/^Jäv – en annan samordnare avvisar\. .* kan därför inte avvisa utbetalningen\. Inget ändrades\.$/) });
    const own = await report({ amount: 1_000, by: USERS.coordinator });
    expect(await rejectPayment(db, own, await actor(USERS.coordinator), "Fel")).toEqual({
      ok: false,
      error: "own_payment",
      message: "Du registrerade utbetalningen själv – en annan samordnare avvisar den. Inget ändrades.",
    });
    expect(await confirmPayment(db, p, await actor(USERS.coordinator))).toMatchObject({ ok: true });
    expect(await rejectPayment(db, p, await actor(USERS.coordinator2), "Fel")).toEqual({ ok: false, error: "already_confirmed", confirmedBy: USERS.coordinator });
    expect(await db.payment.count({ where: { status: "rejected" } })).toBe(0);
  });

  it("a confirmation and a rejection at the same time: exactly one wins (the request's lock)", async () => {
    for (let i = 0; i < 5; i++) {
      const p = await report({ amount: 1_000 });
      const [c, r] = await Promise.all([confirmPayment(db, p, await actor(USERS.coordinator)), rejectPayment(db, p, await actor(USERS.coordinator2), "Fel belopp")]);
      expect([c.ok, r.ok].filter(Boolean)).toHaveLength(1);
      const stored = await db.payment.findUniqueOrThrow({ where: { id: p } });
      expect(stored.status).toBe(c.ok ? "confirmed" : "rejected");
      expect(stored.confirmedBy !== null && stored.rejectedBy !== null).toBe(false);
    }
  });

  it("the CLI: payment reject --payment --reason --by", async () => {
    const p = await report({ amount: 5_000 });
    await expect(cliRejectPayment(db, { payment: String(p), reason: "Fel ansökan" })).rejects.toThrow("--by krävs");
    await expect(cliRejectPayment(db, { payment: "x", reason: "Fel ansökan", by: USERS.coordinator })).rejects.toThrow(/^--payment/);
    await expect(cliRejectPayment(db, { payment: String(p), reason: "Ring 070-123 45 67", by: USERS.coordinator })).rejects.toThrow(/^--reason:/);
    await expect(cliRejectPayment(db, { payment: String(p), reason: "Fel ansökan", by: USERS.applicant })).rejects.toThrow(/inte samordnare eller administratör/);
    expect(await cliRejectPayment(db, { payment: String(p), reason: "Fel ansökan", by: USERS.coordinator })).toEqual({ paymentId: p, requestId: rest009, amount: 5_000, status: "rejected", actor: USERS.coordinator });
    await expect(cliRejectPayment(db, { payment: String(p), reason: "Fel ansökan", by: USERS.coordinator2 })).rejects.toThrow(/redan avvisad/);
  });

  it("erasing the case's text erases the rejection's reason, on the payment and in the audit", async () => {
    const p = await report({ amount: 5_000 });
    await rejectPayment(db, p, await actor(USERS.coordinator), "Fel ansökan enligt samtal");
    await cliEraseCase(db, { ref: "NSP009", reason: "Begäran om radering", by: USERS.admin });
    expect((await db.payment.findUniqueOrThrow({ where: { id: p } })).rejectReason).toBe(ERASED_TEXT);
    const audit = await db.auditEntry.findFirstOrThrow({ where: { requestId: rest009, action: "payment_rejected" } });
    expect(audit.after).toMatchObject({ reason: ERASED_TEXT, amount: 5_000, status: "rejected" });
  });
});
