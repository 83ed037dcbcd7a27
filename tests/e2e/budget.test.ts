// End to end through the real receiver: `/nsp budget`, the transfer modal, the money shown with a
// request and its decision, refusals next to the field, and warnings posted exactly once, also
// across a worker restart. The 2016 pilot budget of the annual report is the data.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { APPLY_BLOCK as B, BUDGET_BLOCK as T, DECISION_BLOCK as D } from "../../src/ids.js";
import { truncateAll } from "../helpers/db.js";
import { admissionValues, COORD_CHANNEL, seedFixtures, startHarness, USERS, waitFor, type Harness } from "../helpers/harness.js";
import { submitApply } from "../helpers/apply.js";
import { category } from "../helpers/requests.js";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  await truncateAll(h.db);
  h.fake.reset();
  await seedFixtures(h.db, { budget: "2016" });
});

const text = (v: unknown): string => JSON.stringify(v);

async function openedView(before: number): Promise<string> {
  const call = await waitFor(async () => h.fake.callsTo("views.open")[before], "views.open");
  expect(call.response).toMatchObject({ ok: true });
  return (call.response as { view: { id: string } }).view.id;
}

/** The ephemeral answer: its text and blocks as one string (mrkdwn as Slack receives it). */
async function budgetEphemeral(user: string, args = ""): Promise<string> {
  const before = h.fake.ephemerals(user).length;
  const res = await h.user.command(user, `budget ${args}`.trim());
  expect(res.status).toBe(200);
  const m = await waitFor(async () => h.fake.ephemerals(user)[before], "ephemeral answer");
  const strings: string[] = [m.text];
  JSON.stringify(m.blocks ?? [], (key, value: unknown) => {
    if (key === "text" && typeof value === "string") strings.push(value);
    return value;
  });
  return strings.join("\n");
}

async function openTransfer(user: string): Promise<string> {
  const before = h.fake.callsTo("views.open").length;
  await h.user.command(user, "budget flytta");
  return openedView(before);
}

/** An admission (case NSP001) and then a measure request for that case. */
async function applyForMeasure(quantity: string, unitAmount: string): Promise<number> {
  let before = h.fake.callsTo("views.open").length;
  await h.user.command(USERS.applicant, "ansök tillträde");
  let viewId = await openedView(before);
  await h.user.submitView(
    USERS.applicant,
    viewId,
    h.user.valuesFor(viewId, admissionValues({ [B.childrenAccompanying]: "0", [B.exploitation]: ["sexual"], [B.exploitedIn]: ["SE"] })),
  );
  // Issue #12: a case's measure can be granted only once its admission is granted.
  const admission = await h.db.request.findFirstOrThrow({ where: { type: "admission" }, orderBy: { id: "desc" } });
  before = h.fake.callsTo("views.open").length;
  await h.user.blockAction(USERS.coordinator, { actionId: "decide_grant", value: String(admission.id) });
  viewId = await openedView(before);
  expect((await h.user.submitView(USERS.coordinator, viewId, h.user.valuesFor(viewId, { [D.reason]: "Tillträde beviljas." }))).json).toBeUndefined();
  before = h.fake.callsTo("views.open").length;
  await h.user.command(USERS.applicant, "ansök insats NSP001");
  viewId = await openedView(before);
  // As Slack's client: the inputs refresh the cost preview, so the submit is of a figure on screen.
  const res = await submitApply(
    h,
    USERS.applicant,
    viewId,
    {
      [B.type]: "measure",
      [B.caseRef]: "NSP001",
      [B.measure]: "legal_counsel",
      [B.quantity]: quantity,
      [B.unitAmount]: unitAmount,
      [B.measureDate]: "2016-10-03",
      [B.justification]: "Överklagan enligt Dublinförordningen, advokat.",
    },
  );
  expect(text(res.json)).not.toContain('"errors"');
  const r = await h.db.request.findFirstOrThrow({ where: { type: "measure" }, orderBy: { id: "desc" } });
  return r.id;
}

async function coordinatorMessage(requestId: number) {
  const r = await waitFor(async () => h.db.request.findFirst({ where: { id: requestId, coordTs: { not: null } } }), "coordinator message");
  return { channel: r.coordChannel as string, ts: r.coordTs as string };
}

async function openDecision(requestId: number, kind: string): Promise<string> {
  const notice = await coordinatorMessage(requestId);
  const before = h.fake.callsTo("views.open").length;
  await h.user.blockAction(USERS.coordinator, { actionId: `decide_${kind}`, value: String(requestId), message: notice });
  return openedView(before);
}

const warningPosts = () =>
  h.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === COORD_CHANNEL && String(c.args.text).startsWith("Budgetvarning") && (c.response as { ok?: boolean }).ok);

describe("/nsp budget", () => {
  it("shows coordinators the period per category, the Swedish way", async () => {
    const shown = await budgetEphemeral(USERS.coordinator, "Pilot 2016");
    for (const s of ["Budget – Pilot 2016", "Max 30 dagars vila", "Tilldelat 62 400 kr", "kvar 62 400 kr", "Stödinsatser", "intäkter 204 600 kr", "OH 10 % 18 600 kr", "ej fördelat 0 kr"]) {
      expect(shown).toContain(s);
    }
  });

  it("shows admins too, and refuses applicants and strangers", async () => {
    expect(await h.db.member.findUniqueOrThrow({ where: { slackUserId: USERS.admin } })).toMatchObject({ role: "admin" });
    expect(await budgetEphemeral(USERS.admin, "pilot 2016")).toContain("Max 30 dagars vila");
    for (const user of [USERS.applicant, USERS.stranger]) {
      const answer = await budgetEphemeral(user);
      expect(answer).toContain("bara för samordnare och administratörer");
      expect(answer).not.toContain("kr");
    }
  });

  it("names an unknown period", async () => {
    expect(await budgetEphemeral(USERS.coordinator, "Pilot 2099")).toContain('ingen budgetperiod som heter "Pilot 2099"');
  });
});

describe("/nsp budget flytta", () => {
  it("checks every field next to it and moves the money", async () => {
    const viewId = await openTransfer(USERS.coordinator);
    const submit = (values: Record<string, string>) => h.user.submitView(USERS.coordinator, viewId, h.user.valuesFor(viewId, values));
    const errors = async (values: Record<string, string>) => ((await submit(values)).json as { errors: Record<string, string> }).errors;

    expect(await errors({ [T.from]: "rest", [T.to]: "rest", [T.amount]: "100", [T.reason]: "test" })).toEqual({
      [T.to]: "Välj en annan kategori än den du flyttar från.",
    });
    expect((await errors({ [T.from]: "integration", [T.to]: "rest", [T.amount]: "48601", [T.reason]: "till max 30 dagar" }))[T.amount]).toBe(
      "Integrationsperiod max 90 dagar har bara 48 600 kr kvar att flytta.",
    );
    expect((await errors({ [T.from]: "integration", [T.to]: "rest", [T.amount]: "100", [T.reason]: "ring 070-123 45 67" }))[T.reason]).toMatch(/telefonnummer/);
    expect((await errors({ [T.from]: "integration", [T.to]: "rest", [T.amount]: "100", [T.reason]: "" }))[T.reason]).toBe("Skriv varför medlen flyttas.");
    expect(await h.db.budgetTransfer.count()).toBe(0);

    const done = await submit({ [T.from]: "integration", [T.to]: "rest", [T.amount]: "26000", [T.reason]: "till max 30 dagar" });
    expect(text(done.json)).toContain("26 000 kr flyttades från *Integrationsperiod max 90 dagar* till *Max 30 dagars vila*");
    expect(await category(h.db, "rest")).toMatchObject({ transfersIn: 26_000, remaining: 88_400 });
    expect(await category(h.db, "integration")).toMatchObject({ transfersOut: 26_000, remaining: 22_600 });
    expect(await h.db.budgetTransfer.findFirstOrThrow()).toMatchObject({ actor: USERS.coordinator, reason: "till max 30 dagar", amount: 26_000 });
  });

  it("the button under /nsp budget opens the same modal; an applicant cannot open or submit it", async () => {
    const period = await h.db.budgetPeriod.findUniqueOrThrow({ where: { name: "Pilot 2016" } });
    let before = h.fake.callsTo("views.open").length;
    await h.user.blockAction(USERS.coordinator, { actionId: "budget_open_transfer", value: String(period.id) });
    expect(text(h.fake.view(await openedView(before)))).toContain("Från kategori");

    before = h.fake.callsTo("views.open").length;
    await h.user.command(USERS.applicant, "budget flytta");
    const answer = await waitFor(async () => h.fake.ephemerals(USERS.applicant)[0], "refusal");
    expect(answer.text).toContain("bara för samordnare");
    expect(h.fake.callsTo("views.open").length).toBe(before);

    // A forged submission of the coordinator's modal by an applicant is refused at the field.
    const viewId = await openTransfer(USERS.coordinator);
    const forged = await h.user.submitView(USERS.applicant, viewId, h.user.valuesFor(viewId, { [T.from]: "integration", [T.to]: "rest", [T.amount]: "100", [T.reason]: "x" }));
    expect(text(forged.json)).toContain("bara för samordnare");
    expect(await h.db.budgetTransfer.count()).toBe(0);
  });
});

describe("the decision shows the money", () => {
  it("6 lawyer hours at 2 500 kr against 10 000 kr: the message and modal say 4 of 6 fit; a full grant is refused next to the field; the partial is granted and warnings go out once", async () => {
    const id = await applyForMeasure("6", "2500");
    await coordinatorMessage(id);
    const message = text(h.fake.messagesIn(COORD_CHANNEL).find((m) => text(m).includes(`Ansökan nr ${id} –`)));
    expect(message).toContain("Budget Pilot 2016");
    expect(message).toContain("*Stödinsatser*: tilldelat 10 000 kr, beviljat 0 kr, kvar 10 000 kr → efter beslut *-5 000 kr*");
    expect(message).toContain("4 av 6 timmar ryms (10 000 kr)");

    const grantView = await openDecision(id, "grant");
    expect(text(h.fake.view(grantView))).toContain("4 av 6 timmar ryms (10 000 kr)");
    const refused = await h.user.submitView(USERS.coordinator, grantView, h.user.valuesFor(grantView, {}));
    const error = (refused.json as { errors: Record<string, string> }).errors[D.reason];
    expect(error).toBe("Ryms inte i budgeten (Pilot 2016): Stödinsatser har 10 000 kr kvar, beslutet kräver 15 000 kr. 4 av 6 timmar ryms (10 000 kr): välj Bevilja delvis.");
    expect(await h.db.request.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "received" });

    const partialView = await openDecision(id, "partial");
    // The proposal is filled in; the coordinator only writes the reason.
    const state = h.user.valuesFor(partialView, { [D.reason]: "4 h istf 6 h pga budget" });
    expect(text(state)).toContain('"value":"10000"');
    await h.user.submitView(USERS.coordinator, partialView, state);
    expect(await h.db.request.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "partly_granted", grantedAmount: 10_000 });
    expect(await category(h.db, "measure")).toMatchObject({ committed: 10_000, remaining: 0 });

    // 0 → 100 % in one decision: all three thresholds are recorded, the highest is posted, once.
    await waitFor(async () => warningPosts().length >= 1, "the warning");
    await h.runtime.workers?.sweepNow();
    await new Promise((r) => setTimeout(r, 300));
    expect(await h.db.budgetWarning.count()).toBe(3);
    expect(warningPosts().map((c) => String(c.args.text))).toEqual(["Budgetvarning: Stödinsatser 100 %"]);
    expect(text(warningPosts()[0]?.args)).toContain("*Stödinsatser* är slut (100 %) i Pilot 2016: 10 000 kr av 10 000 kr beviljat, 0 kr kvar.");
  });

  it("an admin's override in Slack (with a reason, next-to-field errors) lets the coordinator grant beyond the budget", async () => {
    const id = await applyForMeasure("6", "2500");
    await coordinatorMessage(id);
    // Coordinators cannot override; only admins.
    await h.user.command(USERS.coordinator, `budget överskrid ${id}`);
    expect((await waitFor(async () => h.fake.ephemerals(USERS.coordinator)[0], "refusal")).text).toContain("Bara en administratör");

    const before = h.fake.callsTo("views.open").length;
    await h.user.command(USERS.admin, `budget överskrid ${id}`);
    const viewId = await openedView(before);
    const view = text(h.fake.view(viewId));
    expect(view).toContain("denna ansökan 15 000 kr");
    const empty = await h.user.submitView(USERS.admin, viewId, h.user.valuesFor(viewId, {}));
    expect((empty.json as { errors: Record<string, string> }).errors).toEqual({ [T.overrideReason]: "Skälet krävs och sparas med överskridandet." });
    // The amount is pre-filled with what is missing: 5 000 kr.
    const done = await h.user.submitView(USERS.admin, viewId, h.user.valuesFor(viewId, { [T.overrideReason]: "LST skjuter till medel enligt överenskommelse" }));
    expect(text(done.json)).toContain("får överskrida budgeten med högst 5 000 kr");
    expect(await h.db.budgetOverride.findFirstOrThrow({ where: { requestId: id } })).toMatchObject({ amount: 5_000, actor: USERS.admin, usedAt: null });
    // The coordinator message is refreshed with the allowance, and a full grant now goes through.
    await waitFor(async () => text(h.fake.messagesIn(COORD_CHANNEL).find((m) => text(m).includes(`Ansökan nr ${id} –`))).includes("godkänt att budgeten överskrids med upp till 5 000 kr"), "refreshed message");
    const grantView = await openDecision(id, "grant");
    await h.user.submitView(USERS.coordinator, grantView, h.user.valuesFor(grantView, {}));
    expect(await h.db.request.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "granted", grantedAmount: 15_000 });
    expect(await category(h.db, "measure")).toMatchObject({ committed: 15_000, remaining: -5_000, overdraft: 5_000 });
  });
});
