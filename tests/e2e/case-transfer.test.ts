// End to end (issue #14, item 2): "Flytta ärendet" in the case file clicked as Slack sends it, the
// modal (Block Kit validated by the fake Slack) submitted with forged and bad values and then for
// real, the DMs to both organisations delivered by the worker (without the reason), and afterwards
// the old organisation told the case does not exist while the new one applies for it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTION, APPLY_BLOCK as B, CALLBACK, CASE_TRANSFER_BLOCK as T } from "../../src/core/ids.js";
import { truncateAll } from "../helpers/db.js";
import { seedFixtures, startHarness, USERS, waitFor, type Harness } from "../helpers/harness.js";
import { submitApply } from "../helpers/apply.js";
import { createCase } from "../helpers/cases.js";
import { insertRequest } from "../helpers/requests.js";

let h: Harness;
let caseId = 0;
let talitaId = 0;
let ecpatId = 0;

beforeAll(async () => {
  h = await startHarness();
  await truncateAll(h.db);
  await seedFixtures(h.db);
  talitaId = (await h.db.organisation.findUniqueOrThrow({ where: { name: "Talita" } })).id;
  ecpatId = (await h.db.organisation.findUniqueOrThrow({ where: { name: "Ecpat" } })).id;
  caseId = await createCase(h.db, "NSP004", "Frälsningsarmén", { createdAt: new Date("2016-08-15T10:00:00Z") });
});
afterAll(async () => {
  await h?.close();
});

type Opened = { id: string; callback_id?: string; blocks: unknown[] };

const REASON = "Personen har flyttat till ett boende i en annan region.";
const errorsOf = (json: unknown): Record<string, string> => (json as { errors: Record<string, string> }).errors;
const select = (value: string) => ({ type: "static_select", selected_option: { text: { type: "plain_text", text: "X" }, value } });

async function openCaseFile(user: string): Promise<Opened> {
  const opened = h.fake.callsTo("views.open").length;
  await h.user.command(user, "ärende NSP004");
  return ((await waitFor(async () => h.fake.callsTo("views.open")[opened], "case file")).response as { view: Opened }).view;
}

const dmsAbout = (user: string) =>
  h.fake.callsTo("chat.postMessage").filter((c) => (c.response as { ok?: boolean }).ok && c.args.channel === user && String(c.args.text).includes("har flyttats från"));

describe("moving a case from Slack", () => {
  it("the button is in the case file for coordinators only; others clicking a forged one are told the case does not exist", async () => {
    expect(JSON.stringify((await openCaseFile(USERS.applicant)).blocks)).not.toContain(`"action_id":"${ACTION.transferCase}"`);
    for (const user of [USERS.applicant, USERS.otherOrg]) {
      const before = h.fake.callsTo("views.open").length;
      await h.user.blockAction(user, { actionId: ACTION.transferCase, value: "NSP004" });
      const view = ((await waitFor(async () => h.fake.callsTo("views.open")[before], "views.open")).response as { view: Opened }).view;
      expect(view.callback_id, user).toBeFalsy();
      expect(JSON.stringify(view.blocks)).toContain("finns inte");
    }
  });

  it("a request still waiting: the click explains instead of opening the form", async () => {
    const id = await insertRequest(h.db, { type: "measure", measure: "therapy", quantity: 2, unitAmount: 800, date: "2016-09-10" }, { caseId });
    const file = await openCaseFile(USERS.coordinator);
    const pushed = h.fake.callsTo("views.push").length;
    await h.user.blockAction(USERS.coordinator, { view: file.id, actionId: ACTION.transferCase });
    const view = ((await waitFor(async () => h.fake.callsTo("views.push")[pushed], "views.push")).response as { view: Opened }).view;
    expect(view.callback_id).toBeFalsy();
    expect(JSON.stringify(view.blocks)).toContain(`Ansökan nr ${id} (Insats: terapi 2 tillfällen × 800 kr) väntar på beslut`);
    await h.db.request.update({ where: { id }, data: { status: "denied", decidedBy: USERS.coordinator, decidedAt: new Date() } });
  });

  it("an organisation whose certification has ended (before NSP_TODAY 2016-09-01) is not offered, and a stale or forged choice of it is refused at the field", async () => {
    await h.db.organisation.update({ where: { id: talitaId }, data: { certifiedUntil: new Date("2016-08-31T00:00:00Z") } });
    const file = await openCaseFile(USERS.coordinator);
    const pushed = h.fake.callsTo("views.push").length;
    await h.user.blockAction(USERS.coordinator, { view: file.id, actionId: ACTION.transferCase });
    const notice = ((await waitFor(async () => h.fake.callsTo("views.push")[pushed], "views.push")).response as { view: Opened }).view;
    expect(notice.callback_id).toBeFalsy();
    expect(JSON.stringify(notice.blocks)).toContain("Ärende NSP004 kan inte flyttas: det finns ingen annan certifierad organisation.");
    // Renewed up to today: offered again; it ends while the modal is open: refused next to the field.
    await h.db.organisation.update({ where: { id: talitaId }, data: { certifiedUntil: new Date("2016-09-01T00:00:00Z") } });
    const again = await openCaseFile(USERS.coordinator);
    const pushed2 = h.fake.callsTo("views.push").length;
    await h.user.blockAction(USERS.coordinator, { view: again.id, actionId: ACTION.transferCase });
    const view = ((await waitFor(async () => h.fake.callsTo("views.push")[pushed2], "views.push")).response as { view: Opened }).view;
    expect(view.callback_id).toBe(CALLBACK.transferCase);
    expect(JSON.stringify(view.blocks)).toContain(`"value":"${talitaId}"`);
    await h.db.organisation.update({ where: { id: talitaId }, data: { certifiedUntil: new Date("2016-08-31T00:00:00Z") } });
    const answer = await h.user.submitView(USERS.coordinator, view.id, h.user.valuesFor(view.id, { [T.toOrg]: select(String(talitaId)), [T.reason]: REASON }));
    expect(errorsOf(answer.json)[T.toOrg]).toBe("Talita var certifierad till och med 2016-08-31 och kan inte ta emot ärenden. Välj en annan organisation.");
    expect(await h.db.caseTransfer.count()).toBe(0);
    await h.db.organisation.update({ where: { id: talitaId }, data: { certifiedUntil: null } });
  });

  it("the coordinator moves it: target and reason checked at the fields, stored once, both organisations DM'd without the reason", async () => {
    const file = await openCaseFile(USERS.coordinator);
    expect(JSON.stringify(file.blocks)).toContain(`"action_id":"${ACTION.transferCase}"`);
    const pushed = h.fake.callsTo("views.push").length;
    await h.user.blockAction(USERS.coordinator, { view: file.id, actionId: ACTION.transferCase });
    const push = await waitFor(async () => h.fake.callsTo("views.push")[pushed], "views.push");
    expect(push.response).toMatchObject({ ok: true, view: { callback_id: CALLBACK.transferCase } });
    const view = (push.response as { view: Opened }).view;
    // Only certified organisations other than the current one are offered.
    const json = JSON.stringify(view.blocks);
    expect(json).toContain(`"value":"${talitaId}"`);
    expect(json).not.toContain(`"value":"${ecpatId}"`);

    const submit = (toOrg: unknown, reason: string) =>
      h.user.submitView(USERS.coordinator, view.id, h.user.valuesFor(view.id, { [T.toOrg]: toOrg, [T.reason]: reason }));
    expect(errorsOf((await submit(select(String(talitaId)), "Hon heter Anna och har pnr 850101-1236")).json)[T.reason]).toContain("personnummer");
    expect(errorsOf((await submit(select(String(ecpatId)), REASON)).json)[T.toOrg]).toBe("Ecpat är inte certifierad och kan inte ta emot ärenden.");
    expect(errorsOf((await submit(select("99999"), REASON)).json)[T.toOrg]).toContain("finns inte");
    expect(errorsOf((await submit(select("'; DROP TABLE case"), REASON)).json)[T.toOrg]).toBeTruthy();
    // (A submit by someone who is not a coordinator is refused by the service: tests/services/case-transfer.test.ts.)
    expect(await h.db.caseTransfer.count()).toBe(0);

    const updates = h.fake.callsTo("views.update").length;
    const publishes = h.fake.callsTo("views.publish").length;
    const done = await submit(select(String(talitaId)), REASON);
    expect(done.json).toMatchObject({ response_action: "update" });
    expect(JSON.stringify(done.json)).toContain("Ärende *NSP004* är flyttat från *Frälsningsarmén* till *Talita*");
    expect((await h.db.case.findUniqueOrThrow({ where: { id: caseId } })).orgId).toBe(talitaId);
    expect(await h.db.auditEntry.count({ where: { caseId, action: "case_transferred", actor: USERS.coordinator } })).toBe(1);

    // The file below is rebuilt: the new organisation, the handover and its reason (coordinators only).
    await waitFor(async () => h.fake.callsTo("views.update").slice(updates).some((c) => c.args.view_id === file.id && (c.response as { ok?: boolean }).ok), "case file refreshed");
    const below = JSON.stringify(h.fake.view(file.id)?.blocks);
    expect(below).toContain("Talita");
    expect(below).toContain("Flyttat");
    expect(below).toContain(REASON);

    await waitFor(async () => [USERS.applicant, USERS.applicant2, USERS.otherOrg].every((u) => dmsAbout(u).length === 1), "a DM to each member of both organisations", 15_000);
    for (const u of [USERS.applicant, USERS.applicant2, USERS.otherOrg]) expect(String(dmsAbout(u)[0]?.args.text)).not.toContain("region");
    expect(String(dmsAbout(USERS.otherOrg)[0]?.args.text)).toContain("Din organisation kan nu se ärendet");
    expect(String(dmsAbout(USERS.applicant)[0]?.args.text)).toContain("inte längre se ärendet");
    expect(dmsAbout(USERS.coordinator)).toHaveLength(0);
    // Both organisations' Homes are re-published (the case's requests move from one to the other).
    await waitFor(async () => [USERS.applicant, USERS.otherOrg].every((u) => h.fake.callsTo("views.publish").slice(publishes).some((c) => c.args.user_id === u)), "Homes re-published", 15_000);
  });

  it("afterwards the old organisation gets 'finns inte' and cannot apply; the new one reads the file (no reason) and applies", async () => {
    // The answer for an unknown case, word for word.
    const ephemeral = async (text: string): Promise<string> => {
      const before = h.fake.ephemerals(USERS.applicant).length;
      await h.user.command(USERS.applicant, text);
      return (await waitFor(async () => h.fake.ephemerals(USERS.applicant)[before], "ephemeral answer")).text;
    };
    const old = await ephemeral("ärende NSP004");
    expect(old).toContain("finns inte");
    expect(old.replace("NSP004", "X")).toBe((await ephemeral("ärende NSP999")).replace("NSP999", "X"));

    const mine = await openCaseFile(USERS.otherOrg);
    expect(JSON.stringify(mine.blocks)).toContain("Flyttat");
    expect(JSON.stringify(mine.blocks)).not.toContain(REASON);

    const apply = async (user: string) => {
      const before = h.fake.callsTo("views.open").length;
      await h.user.command(user, "ansök vila NSP004");
      const viewId = ((await waitFor(async () => h.fake.callsTo("views.open")[before], "apply modal")).response as { view: { id: string } }).view.id;
      return submitApply(h, user, viewId, { [B.type]: "rest", [B.caseRef]: "NSP004", [B.from]: "2016-09-05", [B.to]: "2016-09-10", [B.children]: "0", [B.justification]: "Behöver vila efter flytten." });
    };
    expect(errorsOf((await apply(USERS.applicant)).json)[B.caseRef]).toBe("Ärendet NSP004 finns inte hos Frälsningsarmén.");
    expect((await apply(USERS.otherOrg)).json).toMatchObject({ response_action: "update" });
    expect(await h.db.request.findMany({ where: { caseId, type: "rest" }, select: { orgId: true } })).toEqual([{ orgId: talitaId }]);
  });
});
