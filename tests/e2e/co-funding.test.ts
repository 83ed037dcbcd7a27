// End to end (issue #13, item 3, co-funding): "Bevilja delvis" of a rest period by amount, another
// payer named from the fixed list. Through the real runtime (signed requests, Postgres, Redis,
// workers, the fake Slack): the decision modal offers the payer and the amount, a half-given or
// too large contribution is answered next to its field and stores nothing, and a valid one grants
// all days minus the contribution, stored, audited and named in the applicant's DM and the thread.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DECISION_BLOCK as D } from "../../src/core/ids.js";
import { COFUNDING_PAYERS } from "../../src/domain/payment.js";
import { formatKr } from "../../src/domain/format.js";
import { truncateAll } from "../helpers/db.js";
import { insertRequest } from "../helpers/requests.js";
import { seedFixtures, startHarness, USERS, waitFor, type Harness } from "../helpers/harness.js";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  await truncateAll(h.db);
  await seedFixtures(h.db, { budget: "2016" });
});
afterAll(async () => {
  await h?.close();
});

const errorsOf = (json: unknown): Record<string, string> => (json as { errors?: Record<string, string> } | undefined)?.errors ?? {};

/** Opens "Bevilja delvis" as the coordinator and returns the modal's view id and blocks. */
async function openPartial(id: number, message: { channel: string; ts: string }) {
  const opened = h.fake.callsTo("views.open").length;
  await h.user.blockAction(USERS.coordinator, { actionId: "decide_partial", value: String(id), message });
  const call = await waitFor(async () => h.fake.callsTo("views.open").slice(opened).find((c) => c.args.trigger_id), "decision modal");
  expect(call.response).toMatchObject({ ok: true });
  const view = (call.response as { view: { id: string; blocks: unknown[] } }).view;
  return { viewId: view.id, blocks: JSON.stringify(view.blocks) };
}

describe("Bevilja delvis with another payer (co-funding)", () => {
  it("grants all days minus the contribution, checked at the fields, named in the DM and the thread", async () => {
    const id = await insertRequest(h.db, { type: "rest", from: "2016-09-01", to: "2016-09-26" });
    const r = await waitFor(async () => h.db.request.findFirst({ where: { id, coordTs: { not: null } } }), "coordinator message", 15_000);
    const message = { channel: r.coordChannel as string, ts: r.coordTs as string };
    const cost = r.requestedAmount;
    expect(r.days).toBe(26);

    const { viewId, blocks } = await openPartial(id, message);
    expect(blocks).toContain(D.coFundingPayer);
    expect(blocks).toContain(D.coFundingAmount);
    for (const label of Object.values(COFUNDING_PAYERS)) expect(blocks).toContain(label);

    const submit = (values: Record<string, unknown>) => h.user.submitView(USERS.coordinator, viewId, h.user.valuesFor(viewId, { [D.reason]: "Ebo från Migrationsverket dras av.", ...values }));

    // All days without another payer: refused (that is Bevilja).
    const allDays = await submit({ [D.grantedDays]: "26" });
    expect(errorsOf(allDays.json)[D.grantedDays]).toContain("ange en annan betalare");
    // An amount without a payer, and a contribution as large as the cost: refused at their fields.
    const noPayer = await submit({ [D.grantedDays]: "26", [D.coFundingAmount]: "2808" });
    expect(errorsOf(noPayer.json)[D.coFundingPayer]).toBe("Välj vem som betalar bidraget.");
    const tooLarge = await submit({ [D.grantedDays]: "26", [D.coFundingPayer]: "migrationsverket", [D.coFundingAmount]: String(cost) });
    expect(errorsOf(tooLarge.json)[D.coFundingAmount]).toContain("Bidraget måste vara mindre än kostnaden för 26 dagar");
    expect(await h.db.request.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "received", grantedAmount: null, coFundingPayer: null });

    const ok = await submit({ [D.grantedDays]: "26", [D.coFundingPayer]: "migrationsverket", [D.coFundingAmount]: "2808" });
    expect(errorsOf(ok.json)).toEqual({});
    const decided = await h.db.request.findUniqueOrThrow({ where: { id } });
    expect(decided).toMatchObject({
      status: "partly_granted",
      grantedDays: 26,
      grantedAmount: cost - 2_808,
      coFundingPayer: "migrationsverket",
      coFundingAmount: 2_808,
      decidedBy: USERS.coordinator,
    });
    // The budget takes what the programme pays, not the other payer's part.
    const committed = await h.db.budgetCommitment.aggregate({ where: { requestId: id }, _sum: { amount: true } });
    expect(committed._sum.amount).toBe(cost - 2_808);
    const audit = await h.db.auditEntry.findFirstOrThrow({ where: { requestId: id, action: "decision:partial" } });
    expect(audit.after).toMatchObject({ coFunding: { payer: "migrationsverket", amount: 2_808 } });

    // The applicant's DM and the coordinator thread name the other payer and the amount.
    const dm = await waitFor(async () => h.db.outboxMessage.findFirst({ where: { key: `${id}:applicant_decision`, status: "sent" } }), "decision DM", 30_000);
    const dmText = JSON.stringify(h.fake.message(dm.channel ?? "", dm.ts ?? ""));
    expect(dmText).toContain("Migrationsverket");
    expect(dmText).toContain(formatKr(2_808));
    const thread = await waitFor(async () => h.db.outboxMessage.findFirst({ where: { key: `${id}:thread_decision`, status: "sent" } }), "thread reply", 30_000);
    expect(JSON.stringify(h.fake.message(thread.channel ?? "", thread.ts ?? ""))).toContain("Migrationsverket");
  });
});
