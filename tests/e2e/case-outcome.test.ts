// End to end (issue #12, item 3): "Avsluta ärende" and "Återöppna ärende" clicked as Slack sends
// them (signed block_actions; the buttons live in the case file, so the click is sent by action id
// and value), the modals submitted, the coordinator note delivered by the worker, and a new request
// for the closed case refused at the case field.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTION, APPLY_BLOCK as B, CALLBACK, CASE_CLOSE_BLOCK as C } from "../../src/core/ids.js";
import { truncateAll } from "../helpers/db.js";
import { COORD_CHANNEL, seedFixtures, startHarness, USERS, waitFor, type Harness } from "../helpers/harness.js";
import { createCase } from "../helpers/cases.js";
import { insertRequest } from "../helpers/requests.js";

let h: Harness;
let caseId = 0;

beforeAll(async () => {
  h = await startHarness();
  await truncateAll(h.db);
  await seedFixtures(h.db);
  caseId = await createCase(h.db, "NSP004", "Frälsningsarmén", { createdAt: new Date("2016-08-15T10:00:00Z") });
});
afterAll(async () => {
  await h?.close();
});

type Opened = { id: string; callback_id?: string; blocks: unknown[] };

/** Clicks `actionId` with `value` and returns the modal the app opened. */
async function click(user: string, actionId: string, value: string): Promise<Opened> {
  const before = h.fake.callsTo("views.open").length;
  const res = await h.user.blockAction(user, { actionId, value });
  expect(res.status).toBe(200);
  const call = await waitFor(async () => h.fake.callsTo("views.open")[before], "views.open");
  expect(call.response).toMatchObject({ ok: true });
  return (call.response as { view: Opened }).view;
}

const errorsOf = (json: unknown): Record<string, string> => (json as { errors: Record<string, string> }).errors;

function coordinatorNotes(): string[] {
  return h.fake
    .callsTo("chat.postMessage")
    .filter((c) => c.args.channel === COORD_CHANNEL && (c.response as { ok?: boolean }).ok)
    .map((c) => String(c.args.text))
    .filter((t) => t.includes("Ärende NSP004"));
}

describe("closing and reopening a case from Slack", () => {
  it("a request still waiting: the click explains instead of opening the form", async () => {
    const id = await insertRequest(h.db, { type: "measure", measure: "therapy", quantity: 2, unitAmount: 800, date: "2016-09-10" }, { caseId });
    const view = await click(USERS.applicant, ACTION.closeCase, "NSP004");
    expect(view.callback_id).toBeFalsy();
    expect(JSON.stringify(view.blocks)).toContain(`Ansökan nr ${id} (Insats: terapi 2 tillfällen × 800 kr) väntar på beslut – besluta eller återkalla den först.`);
    await h.db.request.update({ where: { id }, data: { status: "denied", decidedBy: USERS.coordinator, decidedAt: new Date() } });
  });

  it("others and forged refs are told the case does not exist; nothing changes", async () => {
    for (const [user, value] of [
      [USERS.otherOrg, "NSP004"],
      [USERS.stranger, "NSP004"],
      [USERS.applicant, "NSP999"],
      [USERS.applicant, "x".repeat(500)],
    ] as const) {
      const view = await click(user, ACTION.closeCase, value);
      expect(view.callback_id, `${user} ${value.slice(0, 10)}`).toBeFalsy();
      expect(JSON.stringify(view.blocks)).toMatch(/finns inte|kunde inte läsas/);
    }
    expect((await h.db.case.findUniqueOrThrow({ where: { id: caseId } })).outcome).toBeNull();
  });

  it("from the case file (/nsp ärende NSP004): the button pushes the closing modal onto the file", async () => {
    const opened = h.fake.callsTo("views.open").length;
    await h.user.command(USERS.applicant, "ärende NSP004");
    const file = await waitFor(async () => h.fake.callsTo("views.open")[opened], "case file");
    const fileView = (file.response as { view: Opened }).view;
    expect(JSON.stringify(fileView.blocks)).toContain(`"action_id":"${ACTION.closeCase}"`);
    const pushed = h.fake.callsTo("views.push").length;
    const res = await h.user.blockAction(USERS.applicant, { view: fileView.id, actionId: ACTION.closeCase });
    expect(res.status).toBe(200);
    const push = await waitFor(async () => h.fake.callsTo("views.push")[pushed], "views.push");
    expect(push.response).toMatchObject({ ok: true, view: { callback_id: CALLBACK.closeCase } });
  });

  it("the owning organisation closes it: outcome and date checked at the fields, stored once, a note to the coordinators", async () => {
    const view = await click(USERS.applicant2, `${ACTION.closeCase}_casefile`, "NSP004");
    expect(view.callback_id).toBe(CALLBACK.closeCase);
    // The date defaults to today (NSP_TODAY 2016-09-01 in the harness).
    expect(JSON.stringify(view.blocks)).toContain('"initial_date":"2016-09-01"');

    const future = await h.user.submitView(USERS.applicant2, view.id, h.user.valuesFor(view.id, { [C.outcome]: "returned", [C.closedOn]: "2016-09-02" }));
    expect(errorsOf(future.json)[C.closedOn]).toBe("Datumet får inte ligga i framtiden (i dag är det 2016-09-01).");
    const early = await h.user.submitView(USERS.applicant2, view.id, h.user.valuesFor(view.id, { [C.outcome]: "returned", [C.closedOn]: "2016-08-14" }));
    expect(errorsOf(early.json)[C.closedOn]).toBe("Ärendet skapades 2016-08-15; det kan inte avslutas före det.");
    const forged = await h.user.submitView(USERS.applicant2, view.id, h.user.valuesFor(view.id, { [C.outcome]: { type: "static_select", selected_option: { text: { type: "plain_text", text: "X" }, value: "deported" } }, [C.closedOn]: "2016-08-20" }));
    expect(errorsOf(forged.json)[C.outcome]).toBeTruthy();
    expect((await h.db.case.findUniqueOrThrow({ where: { id: caseId } })).outcome).toBeNull();

    const done = await h.user.submitView(USERS.applicant2, view.id, h.user.valuesFor(view.id, { [C.outcome]: "returned", [C.closedOn]: "2016-08-20" }));
    expect(done.json).toMatchObject({ response_action: "update" });
    expect(JSON.stringify(done.json)).toContain("Ärende *NSP004* är avslutat: *Återvändande, 2016-08-20*");
    expect(await h.db.case.findUniqueOrThrow({ where: { id: caseId } })).toMatchObject({ outcome: "returned", closedBy: USERS.applicant2 });
    const notes = await waitFor(async () => (coordinatorNotes().length > 0 ? coordinatorNotes() : null), "coordinator note");
    expect(notes).toEqual([`:lock: Ärende NSP004 avslutat av <@${USERS.applicant2}>: Återvändande, 2016-08-20.`]);

    // A second click: told who closed it.
    const again = await click(USERS.coordinator, ACTION.closeCase, "NSP004");
    expect(JSON.stringify(again.blocks)).toContain(`redan avslutat av <@${USERS.applicant2}>`);
  });

  it("a new request for the closed case is refused at the case field", async () => {
    const before = h.fake.callsTo("views.open").length;
    await h.user.command(USERS.applicant, "ansök vila NSP004");
    const call = await waitFor(async () => h.fake.callsTo("views.open")[before], "apply modal");
    const viewId = (call.response as { view: { id: string } }).view.id;
    const res = await h.user.submitView(
      USERS.applicant,
      viewId,
      h.user.valuesFor(viewId, { [B.type]: "rest", [B.caseRef]: "NSP004", [B.from]: "2016-09-05", [B.to]: "2016-09-10", [B.children]: "0", [B.justification]: "Behöver vila efter flytten." }),
    );
    expect(errorsOf(res.json)[B.caseRef]).toBe("Ärendet NSP004 är avslutat (Återvändande, 2016-08-20). En samordnare kan öppna det igen.");
    expect(await h.db.request.count({ where: { caseId, type: "rest" } })).toBe(0);
  });

  it("only coordinators and admins reopen; the note names the outcome it had", async () => {
    const refused = await click(USERS.applicant, ACTION.reopenCase, "NSP004");
    expect(refused.callback_id).toBeFalsy();
    expect(JSON.stringify(refused.blocks)).toContain("Bara en samordnare eller administratör");
    const hidden = await click(USERS.otherOrg, ACTION.reopenCase, "NSP004");
    expect(JSON.stringify(hidden.blocks)).toContain("finns inte");

    const view = await click(USERS.coordinator, ACTION.reopenCase, "NSP004");
    expect(view.callback_id).toBe(CALLBACK.reopenCase);
    // A forged submit by an applicant of the organisation changes nothing.
    const forged = await h.user.submitView(USERS.applicant, view.id, {});
    expect(JSON.stringify(forged.json)).toContain("Bara en samordnare eller administratör");
    expect((await h.db.case.findUniqueOrThrow({ where: { id: caseId } })).outcome).toBe("returned");

    // From the case file: the button pushes the confirmation; after it, the file below is rebuilt.
    const opened = h.fake.callsTo("views.open").length;
    await h.user.command(USERS.coordinator, "ärende NSP004");
    const file = ((await waitFor(async () => h.fake.callsTo("views.open")[opened], "case file")).response as { view: Opened }).view;
    expect(JSON.stringify(file.blocks)).toContain(`"action_id":"${ACTION.reopenCase}"`);
    const pushed = h.fake.callsTo("views.push").length;
    await h.user.blockAction(USERS.coordinator, { view: file.id, actionId: ACTION.reopenCase });
    const confirm = ((await waitFor(async () => h.fake.callsTo("views.push")[pushed], "views.push")).response as { view: Opened }).view;
    expect(confirm.callback_id).toBe(CALLBACK.reopenCase);
    const updates = h.fake.callsTo("views.update").length;
    const done = await h.user.submitView(USERS.coordinator, confirm.id, {});
    expect(JSON.stringify(done.json)).toContain("Ärende *NSP004* är återöppnat");
    await waitFor(async () => h.fake.callsTo("views.update").slice(updates).some((c) => c.args.view_id === file.id && (c.response as { ok?: boolean }).ok), "case file refreshed");
    const below = JSON.stringify(h.fake.view(file.id)?.blocks);
    expect(below).toContain("Aktivt");
    expect(below).toContain(`"action_id":"${ACTION.closeCase}"`);
    expect((await h.db.case.findUniqueOrThrow({ where: { id: caseId } })).outcome).toBeNull();
    await waitFor(async () => coordinatorNotes().length === 2, "reopening note");
    expect(coordinatorNotes()[1]).toBe(`:unlock: Ärende NSP004 återöppnat av <@${USERS.coordinator}> (var avslutat: Återvändande, 2016-08-20).`);
    expect(await h.db.auditEntry.findMany({ where: { caseId, action: { in: ["case_closed", "case_reopened"] } }, orderBy: { id: "asc" }, select: { action: true, actor: true } })).toEqual([
      { action: "case_closed", actor: USERS.applicant2 },
      { action: "case_reopened", actor: USERS.coordinator },
    ]);
  });
});
