// Co-funding (issue #13, item 3): "Bevilja delvis" of a rest period lowered by another payer's
// contribution, as the 2016 report granted NSP009 "minus ebo" (39 000 − 2 808 = 36 192 kr). The
// contribution comes off the period's own daily category first; stored, audited and shown.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { decideRequest, loadRequest } from "../../src/services/requests.js";
import { applicantDecision, outcomeText } from "../../src/views/request.js";
import { closeDb, testDb, truncateAll } from "../helpers/db.js";
import { seedFixtures, USERS } from "../helpers/harness.js";
import { submit } from "../report/seed-2016.js";

const db = testDb();
afterAll(() => closeDb(db));
beforeEach(async () => {
  await truncateAll(db);
  await seedFixtures(db);
});

const rest26 = () => submit(db, { type: "rest", money: { type: "rest", from: "2016-09-07", to: "2016-10-02", children: 1 } });
const partial = (grantedDays: number, grantedAmount: number, amount: number) =>
  ({ kind: "partial", reason: "Minus ebo", shareReason: false, grantedDays, grantedAmount, coFunding: { payer: "migrationsverket", amount } }) as const;

describe("co-funding", () => {
  it("all 26 days minus 2 808 kr from Migrationsverket: 36 192 kr committed, the payer stored, audited and shown", async () => {
    const r = await rest26();
    expect(await decideRequest(db, r.id, USERS.coordinator, partial(26, 36_192, 2_808))).toMatchObject({ ok: true, status: "partly_granted" });
    const commitments = await db.budgetCommitment.findMany({ where: { requestId: r.id }, include: { category: true }, orderBy: { categoryId: "asc" } });
    expect(commitments.map((c) => [c.category.key, c.amount])).toEqual([
      ["rest", 31_200 - 2_808],
      ["rest_child", 7_800],
    ]);
    const stored = await loadRequest(db, r.id);
    expect(stored).toMatchObject({ grantedDays: 26, grantedAmount: 36_192, coFundingPayer: "migrationsverket", coFundingAmount: 2_808 });
    const audit = await db.auditEntry.findFirstOrThrow({ where: { requestId: r.id, action: "decision:partial" } });
    expect(audit.after).toMatchObject({ grantedAmount: 36_192, coFunding: { payer: "migrationsverket", amount: 2_808 } });
    if (!stored) throw new Error("gone");
    expect(outcomeText(stored)).toBe("Delvis beviljad (26 av 26 dagar, 36 192 kr, minus 2 808 kr från Migrationsverket (ebo/dagersättning))");
    expect(JSON.stringify(applicantDecision(stored).blocks)).toContain("minus 2 808 kr från Migrationsverket");
  });

  it("fewer days and a contribution together; an amount that does not match the request's figures records nothing", async () => {
    const r = await rest26();
    // 20 days = 24 000 + 6 000; minus 1 000 from the municipality.
    expect(await decideRequest(db, r.id, USERS.coordinator, partial(20, 29_000, 1_000))).toMatchObject({ ok: true });
    const other = await rest26();
    expect(await decideRequest(db, other.id, USERS.coordinator, partial(26, 30_000, 2_808))).toEqual({ ok: false, error: "changed" });
    expect(await decideRequest(db, other.id, USERS.coordinator, partial(27, 36_192, 2_808))).toEqual({ ok: false, error: "changed" });
    expect(await decideRequest(db, other.id, USERS.coordinator, partial(26, 0, 39_000))).toEqual({ ok: false, error: "changed" });
    expect((await db.request.findUniqueOrThrow({ where: { id: other.id } })).status).toBe("received");
    expect(await db.budgetCommitment.count({ where: { requestId: other.id } })).toBe(0);
  });
});
