// Issue #12, item 5, through the services: an undecided request is withdrawn or corrected by a
// member of its organisation, once, never after a decision; racing a decision, exactly one wins.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { EMPTY_APPLY_FORM, type ApplyForm } from "../../src/domain/apply-form.js";
import { APPLY_BLOCK as B } from "../../src/core/ids.js";
import { loadHome } from "../../src/services/home.js";
import { findActor, type Actor } from "../../src/services/members.js";
import { buildCorrection, correctRequest, loadOwnRequest, withdrawRequest } from "../../src/services/request-changes.js";
import { decideRequest } from "../../src/services/requests.js";
import { loadReport } from "../../src/services/report.js";
import { caseBackground } from "../helpers/cases.js";
import { closeDb, testDb, truncateAll } from "../helpers/db.js";
import { seedFixtures, USERS } from "../helpers/harness.js";
import { category, insertRequest } from "../helpers/requests.js";

const db = testDb();
afterAll(() => closeDb(db));

let applicant: Actor;
let sameOrg: Actor;
let otherOrg: Actor;
/** A case of the applicant's organisation (without an admission request: nothing holds its grants back). */
let caseId: number;
beforeEach(async () => {
  await truncateAll(db);
  await seedFixtures(db);
  applicant = (await findActor(db, USERS.applicant)) as Actor;
  sameOrg = (await findActor(db, USERS.applicant2)) as Actor;
  otherOrg = (await findActor(db, USERS.otherOrg)) as Actor;
  const c = await db.case.create({
    data: { ref: "NSP001", orgId: applicant.orgId, ...caseBackground() },
  });
  caseId = c.id;
});

const grant = { kind: "grant", reason: "", shareReason: false } as const;
const TODAY = new Date("2016-09-01T00:00:00Z");
const JUSTIFICATION = "Testunderlag utan personuppgifter.";

const restForm = (over: Partial<ApplyForm> = {}): ApplyForm => ({
  ...EMPTY_APPLY_FORM,
  from: "2016-09-01",
  to: "2016-09-30",
  children: "0",
  justification: JUSTIFICATION,
  ...over,
});

async function outboxKinds(requestId: number) {
  const rows = await db.outboxMessage.findMany({ where: { OR: [{ requestId }, { kind: "home_refresh", refId: requestId }] }, orderBy: { id: "asc" } });
  return rows.map((r) => r.kind);
}

/** Builds and stores a correction of `requestId` by `actor` from the modal's fields. */
async function correct(actor: Actor, requestId: number, form: ApplyForm, submission = `view-${Math.random()}`) {
  const r = await loadOwnRequest(db, requestId, actor);
  if (!r) throw new Error("not own");
  const built = await buildCorrection(db, actor, r, form, TODAY);
  if ("errors" in built) return built;
  return correctRequest(db, requestId, actor, built.correction, submission);
}

describe("withdrawRequest", () => {
  it("any member of the organisation withdraws an open request once: status, audit row, outbox", async () => {
    const id = await insertRequest(db, { type: "rest", from: "2016-09-01", to: "2016-09-30" });
    const done = await withdrawRequest(db, id, sameOrg);
    expect(done).toMatchObject({ ok: true, requestId: id });
    expect((await db.request.findUniqueOrThrow({ where: { id } })).status).toBe("withdrawn");
    const audit = await db.auditEntry.findMany({ where: { requestId: id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["submitted", "withdrawn"]);
    expect(audit[1]).toMatchObject({ actor: USERS.applicant2, before: { status: "received" }, after: { status: "withdrawn" } });
    expect(await outboxKinds(id)).toEqual(["coord_notice", "applicant_receipt", "home_refresh", "coord_refresh", "thread_withdrawn", "applicant_receipt_refresh", "home_refresh"]);

    // Again, or after the fact: the same answer, nothing more written.
    expect(await withdrawRequest(db, id, applicant)).toEqual({ ok: false, error: "closed", requestId: id, status: "withdrawn" });
    expect(await db.auditEntry.count({ where: { requestId: id } })).toBe(2);
    // A coordinator's decision on it is refused and commits no money.
    expect(await decideRequest(db, id, USERS.coordinator, grant)).toMatchObject({ ok: false, error: "already_decided", status: "withdrawn" });
    expect((await category(db, "rest")).committed).toBe(0);
  });

  it("refuses another organisation's request and unknown ids alike, and decided requests", async () => {
    const id = await insertRequest(db, { type: "measure", measure: "therapy", quantity: 5, unitAmount: 500 });
    expect(await withdrawRequest(db, id, otherOrg)).toEqual({ ok: false, error: "not_found" });
    expect(await withdrawRequest(db, 2_147_483_000, applicant)).toEqual({ ok: false, error: "not_found" });
    expect(await decideRequest(db, id, USERS.coordinator, grant)).toMatchObject({ ok: true });
    expect(await withdrawRequest(db, id, applicant)).toEqual({ ok: false, error: "closed", requestId: id, status: "granted" });
    expect((await db.request.findUniqueOrThrow({ where: { id } })).status).toBe("granted");
  });

  it("a withdrawal and a decision racing: exactly one wins, and money is committed only for a grant", async () => {
    const ids: number[] = [];
    for (let i = 0; i < 12; i++) ids.push(await insertRequest(db, { type: "measure", measure: "therapy", quantity: 2, unitAmount: 500 }));
    const results = await Promise.all(
      ids.map(async (id, i) => {
        // Started in either order.
        const start = i % 2 ? ["withdraw", "decide"] : ["decide", "withdraw"];
        const promises = start.map((what) => (what === "withdraw" ? withdrawRequest(db, id, applicant) : decideRequest(db, id, USERS.coordinator, grant)));
        const settled = await Promise.all(promises);
        const w = settled[start.indexOf("withdraw")] as Awaited<ReturnType<typeof withdrawRequest>>;
        const d = settled[start.indexOf("decide")] as Awaited<ReturnType<typeof decideRequest>>;
        return { id, withdrew: w.ok, decided: d.ok, w, d };
      }),
    );
    for (const r of results) {
      expect(Number(r.withdrew) + Number(r.decided), JSON.stringify(r)).toBe(1);
      const row = await db.request.findUniqueOrThrow({ where: { id: r.id } });
      expect(row.status).toBe(r.withdrew ? "withdrawn" : "granted");
      if (!r.withdrew) expect(r.w).toMatchObject({ ok: false, error: "closed", status: "granted" });
    }
    const granted = results.filter((r) => r.decided).length;
    expect((await category(db, "measure")).committed).toBe(granted * 1000);
  });

  it("a withdrawn request is no longer pending: not in the Home's queue or open list; the report counts it apart", async () => {
    const kept = await insertRequest(db, { type: "rest", from: "2016-09-01", to: "2016-09-10" });
    const gone = await insertRequest(db, { type: "rest", from: "2016-10-01", to: "2016-10-10" });
    await withdrawRequest(db, gone, applicant);
    const coord = await loadHome(db, USERS.coordinator);
    expect(coord.coordinator?.queue.map((r) => r.id)).toEqual([kept]);
    expect(coord.coordinator?.queueTotal).toBe(1);
    const mine = await loadHome(db, USERS.applicant);
    expect(mine.applicant?.open.map((r) => r.id)).toEqual([kept]);
    const now = new Date();
    const iso = (d: Date) => d.toISOString().slice(0, 10);
    const report = await loadReport(db, { from: iso(new Date(now.getTime() - 86_400_000)), to: iso(new Date(now.getTime() + 86_400_000)) });
    expect(report.table1.find((t) => t.type === "rest")).toMatchObject({ received: 2, underReview: 1, withdrawn: 1, granted: 0, denied: 0 });
  });
});

describe("correctRequest", () => {
  it("recomputes the cost, keeps the number, audits before → after without the text, and queues the notes", async () => {
    const id = await insertRequest(db, { type: "rest", from: "2016-09-01", to: "2016-09-30", children: 1 }, { caseId });
    const before = await db.request.findUniqueOrThrow({ where: { id } });
    expect(before.requestedAmount).toBe(30 * 1200 + 30 * 300);
    const done = await correct(sameOrg, id, restForm({ to: "2016-09-20", children: "0", justification: "Nytt underlag, fortfarande utan personuppgifter." }), "view-1");
    expect(done).toMatchObject({ ok: true, requestId: id, changed: true, duplicate: false });
    const after = await db.request.findUniqueOrThrow({ where: { id } });
    expect(after).toMatchObject({ id, status: "received", days: 20, children: 0, requestedAmount: 20 * 1200, justification: "Nytt underlag, fortfarande utan personuppgifter." });
    expect(after.costLines).toEqual([{ category: "rest", label: expect.any(String), amount: 24_000 }]);
    const audit = await db.auditEntry.findFirstOrThrow({ where: { requestId: id, action: "corrected" } });
    expect(audit).toMatchObject({
      actor: USERS.applicant2,
      before: { startDate: "2016-09-01", endDate: "2016-09-30", days: 30, children: 1, requestedAmount: 45_000 },
      after: { startDate: "2016-09-01", endDate: "2016-09-20", days: 20, children: 0, requestedAmount: 24_000, justificationChanged: true },
    });
    expect(JSON.stringify([audit.before, audit.after])).not.toContain("underlag");
    expect((await outboxKinds(id)).slice(3)).toEqual(["coord_refresh", "thread_changed", "applicant_receipt_refresh", "home_refresh"]);

    // The same submission again (a Slack retry) changes nothing twice.
    expect(await correct(sameOrg, id, restForm({ to: "2016-09-20", children: "0", justification: "Nytt underlag, fortfarande utan personuppgifter." }), "view-1")).toMatchObject({ ok: true, duplicate: true, outboxIds: [] });
    expect(await db.auditEntry.count({ where: { requestId: id, action: "corrected" } })).toBe(1);
    // A correction that changes nothing stores nothing.
    expect(await correct(applicant, id, restForm({ to: "2016-09-20", children: "0", justification: "Nytt underlag, fortfarande utan personuppgifter." }), "view-2")).toMatchObject({ ok: true, changed: false });
    expect(await db.auditEntry.count({ where: { requestId: id } })).toBe(2);
  });

  it("validates like a new request (personal data, the cap, no period) and refuses others and decided requests", async () => {
    const id = await insertRequest(db, { type: "rest", from: "2016-09-01", to: "2016-09-30" }, { caseId });
    const pii = await correct(applicant, id, restForm({ justification: "Kvinnan nås på 070-123 45 67." }));
    expect(pii).toMatchObject({ errors: { [B.justification]: expect.stringMatching(/telefonnummer/) } });
    const tooLong = await correct(applicant, id, restForm({ to: "2016-10-05" }));
    expect(tooLong).toMatchObject({ errors: { [B.to]: expect.stringMatching(/35 dagar/) } });
    const noPeriod = await correct(applicant, id, restForm({ from: "2015-01-01", to: "2015-01-10" }));
    expect(noPeriod).toMatchObject({ errors: { [B.from]: expect.stringMatching(/Ingen budgetperiod/) } });
    expect(await loadOwnRequest(db, id, otherOrg)).toBeNull();
    const r = await loadOwnRequest(db, id, applicant);
    if (!r) throw new Error("own request");
    const built = await buildCorrection(db, applicant, r, restForm({ to: "2016-09-10" }), TODAY);
    if ("errors" in built) throw new Error(JSON.stringify(built.errors));
    expect(await correctRequest(db, id, otherOrg, built.correction, "forged")).toEqual({ ok: false, error: "not_found" });
    expect(await decideRequest(db, id, USERS.coordinator, grant)).toMatchObject({ ok: true });
    expect(await correctRequest(db, id, applicant, built.correction, "late")).toEqual({ ok: false, error: "closed", requestId: id, status: "granted" });
    expect((await db.request.findUniqueOrThrow({ where: { id } })).days).toBe(30);
  });

  it("a correction and a decision racing: a grant is always of the figures the request has", async () => {
    const ids: number[] = [];
    // One case each: the 30-day cap of a case does not come into it.
    for (let i = 0; i < 10; i++) {
      const c = await db.case.create({
        data: { ref: `NSP1${i}0`, orgId: applicant.orgId, ...caseBackground() },
      });
      ids.push(await insertRequest(db, { type: "rest", from: "2016-09-01", to: "2016-09-30" }, { caseId: c.id }));
    }
    const outcomes = await Promise.all(
      ids.map(async (id) => {
        const r = await loadOwnRequest(db, id, applicant);
        if (!r) throw new Error("own request");
        const built = await buildCorrection(db, applicant, r, restForm({ to: "2016-09-10" }), TODAY);
        if ("errors" in built) throw new Error(JSON.stringify(built.errors));
        const [c, d] = await Promise.all([correctRequest(db, id, applicant, built.correction, `race-${id}`), decideRequest(db, id, USERS.coordinator, grant)]);
        return { id, c, d };
      }),
    );
    let committed = 0;
    for (const { id, c, d } of outcomes) {
      const row = await db.request.findUniqueOrThrow({ where: { id } });
      if (d.ok) {
        expect(row.grantedAmount).toBe(row.requestedAmount);
        committed += row.requestedAmount;
        // The correction either came first (and the grant is of 10 days) or was refused.
        if (c.ok) expect(row.days).toBe(10);
        else expect(c).toMatchObject({ error: "closed" });
      } else if (!d.ok && d.error === "busy") {
        // A loaded machine: the decision gave up waiting and recorded nothing.
        expect(row.status).toBe("received");
      } else {
        expect(d).toMatchObject({ ok: false, error: "changed" });
        expect(c).toMatchObject({ ok: true });
        expect(row).toMatchObject({ status: "received", days: 10 });
      }
    }
    expect((await category(db, "rest")).committed).toBe(committed);
  });
});
