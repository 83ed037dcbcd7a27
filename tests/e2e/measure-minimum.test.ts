// Issue #13 item 5: the measure limits follow the programme. The 2016 report granted NSP002 a 389 kr
// mileage claim (under the "500-5000" minimum) and NSP004 a lawyer at 5 h × 2 500 kr = 12 500 kr.
// The minimum applies to the measure's total and the coordinator may waive it with a reason; the
// 5 000 kr maximum applies per unit. Signed requests into the real receiver, the real database and
// Redis, the fake Slack.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTION, APPLY_BLOCK as B, DECISION_BLOCK as D } from "../../src/core/ids.js";
import { submitApply } from "../helpers/apply.js";
import { truncateAll } from "../helpers/db.js";
import { admissionValues, seedFixtures, startHarness, USERS, waitFor, type Harness } from "../helpers/harness.js";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  await truncateAll(h.db);
  await seedFixtures(h.db);
});
afterAll(async () => {
  await h?.close();
});

const errorsOf = (json: unknown): Record<string, string> => (json as { errors?: Record<string, string> } | undefined)?.errors ?? {};

async function openApply(text: string): Promise<string> {
  const before = h.fake.callsTo("views.open").length;
  await h.user.command(USERS.applicant, text);
  const call = await waitFor(async () => h.fake.callsTo("views.open")[before], "views.open");
  return (call.response as { view: { id: string } }).view.id;
}

async function openDecision(requestId: number, kind: "grant" | "partial" | "deny"): Promise<string> {
  const opened = h.fake.callsTo("views.open").length;
  await h.user.blockAction(USERS.coordinator, { actionId: `decide_${kind}`, value: String(requestId) });
  const call = await waitFor(async () => h.fake.callsTo("views.open").slice(opened).find((c) => c.args.trigger_id && c.args.view), "decision modal");
  return (call.response as { view: { id: string } }).view.id;
}

async function admittedCase(): Promise<string> {
  const viewId = await openApply("ansök tillträde");
  const res = await h.user.submitView(USERS.applicant, viewId, h.user.valuesFor(viewId, admissionValues()));
  expect(res.json).toMatchObject({ response_action: "update" });
  const adm = await h.db.request.findFirstOrThrow({ where: { type: "admission" }, orderBy: { id: "desc" }, include: { case: true } });
  const decision = await openDecision(adm.id, "grant");
  expect((await h.user.submitView(USERS.coordinator, decision, h.user.valuesFor(decision, {}))).json).toBeUndefined();
  return adm.case?.ref as string;
}

async function fileMeasure(caseRef: string, measure: string, quantity: string, unitAmount: string) {
  const viewId = await openApply(`ansök insats ${caseRef}`);
  // Filled in as Slack's client does: the cost preview refreshed before the submit (issue #13).
  const res = await submitApply(h, USERS.applicant, viewId, {
    [B.type]: "measure",
    [B.caseRef]: caseRef,
    [B.measure]: measure,
    [B.quantity]: quantity,
    [B.unitAmount]: unitAmount,
    [B.measureDate]: "2016-09-15", // in the fixtures' budget period Pilot 2016
    [B.justification]: "Resa till boendet, del av resan.",
  });
  return { res, viewId };
}

async function filed(caseRef: string, measure: string, quantity: string, unitAmount: string): Promise<number> {
  const before = await h.db.request.count({ where: { type: "measure" } });
  const { res } = await fileMeasure(caseRef, measure, quantity, unitAmount);
  expect(res.json, JSON.stringify(res.json)).toMatchObject({ response_action: "update" });
  expect(await h.db.request.count({ where: { type: "measure" } })).toBe(before + 1);
  return (await h.db.request.findFirstOrThrow({ where: { type: "measure" }, orderBy: { id: "desc" } })).id;
}

describe("the measure minimum applies to the total and may be waived with a reason", () => {
  it("a 389 kr mileage claim (travel 1 × 389 kr) is filed; Bevilja without a reason is refused at the field, with a reason it is granted", async () => {
    const ref = await admittedCase();
    const id = await filed(ref, "travel", "1", "389");
    expect(await h.db.request.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "received", requestedAmount: 389 });

    // The Bevilja modal says why a reason is needed and makes the reason field required.
    const view = await openDecision(id, "grant");
    const modal = h.fake.view(view) as { blocks: { block_id?: string; optional?: boolean }[] };
    expect(JSON.stringify(modal)).toContain("389 kr är under minimibeloppet 500 kr – samordnaren kan bevilja med motivering.");
    expect(modal.blocks.find((b) => b.block_id === D.reason)?.optional).toBe(false);

    // A forged submission without the reason is refused by the server, and nothing is stored.
    const refused = await h.user.submitView(USERS.coordinator, view, h.user.valuesFor(view, { [D.reason]: "" }));
    expect(refused.json).toMatchObject({ response_action: "errors" });
    expect(errorsOf(refused.json)[D.reason]).toBe("Insatsen är 389 kr, under minimibeloppet 500 kr. Skriv en motivering för att bevilja den.");
    expect(await h.db.request.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "received", grantedAmount: null });
    expect(await h.db.budgetCommitment.count({ where: { requestId: id } })).toBe(0);
    expect(await h.db.auditEntry.count({ where: { requestId: id, action: { startsWith: "decision:" } } })).toBe(0);

    const ok = await h.user.submitView(USERS.coordinator, view, h.user.valuesFor(view, { [D.reason]: "Del av resa till boendet, som i piloten." }));
    expect(ok.json).toBeUndefined();
    expect(await h.db.request.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "granted", grantedAmount: 389 });
    expect(await h.db.budgetCommitment.aggregate({ where: { requestId: id }, _sum: { amount: true } })).toMatchObject({ _sum: { amount: 389 } });
  });

  it("the cost preview of a measure below the minimum says the coordinator may grant it with a reason", async () => {
    const ref = await admittedCase();
    const viewId = await openApply(`ansök insats ${ref}`);
    const before = h.fake.callsTo("views.update").length;
    await h.user.blockAction(USERS.applicant, {
      actionId: `${ACTION.costInput}_${B.unitAmount}`,
      view: viewId,
      value: "389",
      state: h.user.valuesFor(viewId, { [B.type]: "measure", [B.caseRef]: ref, [B.measure]: "travel", [B.quantity]: "1", [B.measureDate]: "2016-09-15", [B.unitAmount]: "389" }),
    });
    const update = await waitFor(async () => h.fake.callsTo("views.update").slice(before).find((c) => JSON.stringify(c.args).includes("*Beräknad kostnad: 389 kr*")), "cost preview");
    expect(JSON.stringify(update.args)).toContain("389 kr är under minimibeloppet 500 kr – samordnaren kan bevilja med motivering.");
  });

  it("a 12 500 kr lawyer (5 h × 2 500 kr) is filed and granted without any waiver", async () => {
    const ref = await admittedCase();
    const id = await filed(ref, "legal_counsel", "5", "2 500");
    const view = await openDecision(id, "grant");
    const modal = h.fake.view(view) as { blocks: { block_id?: string; optional?: boolean }[] };
    expect(JSON.stringify(modal)).not.toContain("minimibeloppet");
    expect(modal.blocks.find((b) => b.block_id === D.reason)?.optional).toBe(true);
    expect((await h.user.submitView(USERS.coordinator, view, h.user.valuesFor(view, {}))).json).toBeUndefined();
    expect(await h.db.request.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "granted", requestedAmount: 12_500, grantedAmount: 12_500 });
  });

  it("the 5 000 kr maximum is still per unit: 1 × 5 001 kr is refused at the amount field and nothing is stored", async () => {
    const ref = await admittedCase();
    const before = await h.db.request.count({ where: { type: "measure" } });
    const { res } = await fileMeasure(ref, "therapy", "1", "5001");
    expect(res.json).toMatchObject({ response_action: "errors" });
    expect(errorsOf(res.json)[B.unitAmount]).toBe("Beloppet per styck får vara högst 5 000 kr.");
    expect(await h.db.request.count({ where: { type: "measure" } })).toBe(before);
  });
});
