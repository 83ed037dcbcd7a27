// Issue #12, item 1, end to end: `/nsp ärende NSP00x`, the case list, "Visa ärende" on the
// coordinator message and the receipt DM, and Visa underlag, through signed requests into the real
// receiver, the real database and Redis, and the fake Slack (which validates every view).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTION } from "../../src/core/ids.js";
import { truncateAll } from "../helpers/db.js";
import { insertRequest } from "../helpers/requests.js";
import { admissionValues, seedFixtures, startHarness, USERS, waitFor, type Harness } from "../helpers/harness.js";

let h: Harness;
let ref: string;
let requestId: number;
let caseId: number;

beforeAll(async () => {
  h = await startHarness();
  await truncateAll(h.db);
  await seedFixtures(h.db);
  const before = h.fake.callsTo("views.open").length;
  await h.user.command(USERS.applicant, "ansök tillträde");
  const call = await waitFor(async () => h.fake.callsTo("views.open")[before], "apply modal");
  const viewId = (call.response as { view: { id: string } }).view.id;
  const res = await h.user.submitView(USERS.applicant, viewId, h.user.valuesFor(viewId, admissionValues()));
  expect(res.json).toMatchObject({ response_action: "update" });
  const r = await h.db.request.findFirstOrThrow({ orderBy: { id: "desc" }, include: { case: true } });
  ref = r.case?.ref as string;
  requestId = r.id;
  caseId = r.caseId as number;
});
afterAll(async () => {
  await h?.close();
});

const reads = (actor: string, action = "case.read") => h.db.auditEntry.findMany({ where: { actor, action }, orderBy: { id: "asc" } });

/** Runs `act` and returns the next view opened (views.open or views.push) and the method used. */
async function nextView(act: () => Promise<unknown>, method: "views.open" | "views.push" = "views.open") {
  const before = h.fake.callsTo(method).length;
  await act();
  const call = await waitFor(async () => h.fake.callsTo(method)[before], method);
  expect(call.response, JSON.stringify(call.response)).toMatchObject({ ok: true });
  const view = (call.response as { view: { id: string; blocks: unknown[] } }).view;
  return { id: view.id, json: JSON.stringify(view.blocks) };
}

async function ephemeralAnswer(user: string, text: string): Promise<string> {
  const before = h.fake.ephemerals(user).length;
  await h.user.command(user, text);
  return (await waitFor(async () => h.fake.ephemerals(user)[before], "ephemeral answer")).text;
}

describe("/nsp ärende", () => {
  it("opens the case file for the applicant's organisation and records the reading", async () => {
    const view = await nextView(() => h.user.command(USERS.applicant2, `ärende ${ref}`));
    expect(view.json).toContain(`Ärende ${ref}`);
    expect(view.json).toContain(`Ansökan nr ${requestId}`);
    expect(view.json).not.toContain("Bakgrund");
    expect(view.json).not.toContain("specialiserat stöd"); // the applicant's justification is never in the file
    const rows = await reads(USERS.applicant2);
    expect(rows.map((r) => [r.caseId, r.requestId, r.before, r.after])).toEqual([[caseId, null, null, null]]);
  });

  it("accepts the reference as nsp1 / 1 and shows coordinators the background", async () => {
    const n = String(Number(ref.slice(3)));
    const view = await nextView(() => h.user.command(USERS.coordinator, `ärende nsp${n}`));
    expect(view.json).toContain("Bakgrund (anonymiserad)");
    expect(view.json).toContain("Nigeria");
    expect((await nextView(() => h.user.command(USERS.coordinator, `ärende ${n}`))).json).toContain(`Ärende ${ref}`);
    expect(await reads(USERS.coordinator)).toHaveLength(2);
  });

  it("another organisation gets the answer an unknown reference gets, and nothing is opened or recorded", async () => {
    const opened = h.fake.callsTo("views.open").length;
    const unknown = "NSP999";
    const forOther = await ephemeralAnswer(USERS.otherOrg, `ärende ${ref}`);
    const forUnknown = await ephemeralAnswer(USERS.otherOrg, `ärende ${unknown}`);
    expect(forOther.replace(ref, "X")).toBe(forUnknown.replace(unknown, "X"));
    expect(forOther).toContain("finns inte");
    expect(h.fake.callsTo("views.open").length).toBe(opened);
    expect(await reads(USERS.otherOrg)).toEqual([]);
    expect(await ephemeralAnswer(USERS.stranger, `ärende ${ref}`)).toContain("inte registrerad");
    // A reference that cannot be read is answered in the ack itself.
    const bad = await h.user.command(USERS.applicant, "ärende NSP4 extra");
    expect(bad.json).toMatchObject({ response_type: "ephemeral", text: expect.stringContaining("Skriv ärendenumret") });
  });

  it("alone, lists the cases with a Visa button that pushes the case file onto the list", async () => {
    const list = await nextView(() => h.user.command(USERS.coordinator, "ärende"));
    expect(list.json).toContain(ref);
    expect(list.json).toContain("Frälsningsarmén");
    const file = await nextView(() => h.user.blockAction(USERS.coordinator, { view: list.id, actionId: `${ACTION.openCase}_${ref}` }), "views.push");
    expect(file.json).toContain(`Ärende ${ref}`);
    expect(h.fake.openViews(USERS.coordinator).map((v) => v.id)).toEqual([list.id, file.id]);
    // The other organisation's list does not show the case.
    expect((await nextView(() => h.user.command(USERS.otherOrg, "ärende"))).json).not.toContain(ref);
  });
});

describe("Visa ärende buttons", () => {
  it("on the coordinator message opens the case file and records the reading", async () => {
    const r = await waitFor(async () => h.db.request.findFirst({ where: { id: requestId, coordTs: { not: null } } }), "coordinator message");
    const before = (await reads(USERS.coordinator2)).length;
    const view = await nextView(() =>
      h.user.blockAction(USERS.coordinator2, { message: { channel: r.coordChannel as string, ts: r.coordTs as string }, actionId: ACTION.openCase }),
    );
    expect(view.json).toContain(`Ärende ${ref}`);
    expect(await reads(USERS.coordinator2)).toHaveLength(before + 1);
  });

  it("on the applicant's receipt DM opens it for the applicant", async () => {
    const receipt = await waitFor(
      async () => h.fake.callsTo("chat.postMessage").find((c) => c.args.channel === USERS.applicant && JSON.stringify(c.args).includes("Din ansökan är mottagen")),
      "receipt DM",
    );
    const { channel, ts } = receipt.response as { channel: string; ts: string };
    const view = await nextView(() => h.user.blockAction(USERS.applicant, { message: { channel, ts }, actionId: ACTION.openCase }));
    expect(view.json).toContain(`Ärende ${ref}`);
  });

  it("a forged value for another organisation's case gets 'finns inte'", async () => {
    const view = await nextView(() => h.user.blockAction(USERS.otherOrg, { actionId: ACTION.openCase, value: ref }));
    expect(view.json).toContain("finns inte");
    expect(view.json).not.toContain("Ansökan nr");
    const forged = await nextView(() => h.user.blockAction(USERS.otherOrg, { actionId: ACTION.openCase, value: "'; DROP TABLE case" }));
    expect(forged.json).toContain("finns inte");
    expect(await reads(USERS.otherOrg)).toEqual([]);
  });

  it("Visa underlag records the reading of the request's documentation", async () => {
    await nextView(() => h.user.blockAction(USERS.coordinator, { actionId: ACTION.showUnderlag, value: String(requestId) }));
    const rows = await reads(USERS.coordinator, "request.read");
    expect(rows.map((r) => [r.requestId, r.caseId])).toEqual([[requestId, caseId]]);
  });
});

describe("pages of a long case file", () => {
  it("the page buttons update the modal in place with the next requests, and each page is recorded", async () => {
    for (let i = 0; i < 9; i++) await insertRequest(h.db, { type: "measure", measure: "travel", quantity: 1, unitAmount: 600 + i, date: "2016-11-01" }, { caseId });
    const newest = (await h.db.request.findFirstOrThrow({ where: { caseId }, orderBy: { id: "desc" } })).id;
    const first = await nextView(() => h.user.command(USERS.admin, `ärende ${ref}`));
    expect(first.json).toContain("Sida 1 av 2");
    expect(first.json).toContain(`Ansökan nr ${newest}`);
    expect(first.json).not.toContain(`Ansökan nr ${requestId}"`);
    const updates = h.fake.callsTo("views.update").length;
    await h.user.blockAction(USERS.admin, { view: first.id, actionId: `${ACTION.casePage}_next` });
    const call = await waitFor(async () => h.fake.callsTo("views.update")[updates], "views.update");
    expect(call.response).toMatchObject({ ok: true });
    const page2 = JSON.stringify(h.fake.view(first.id)?.blocks);
    expect(page2).toContain("Sida 2 av 2");
    expect(page2).toContain(`Ansökan nr ${requestId}`);
    expect(page2).not.toContain(`Ansökan nr ${newest}`);
    expect(await reads(USERS.admin)).toHaveLength(2);
    // A forged page value: "finns inte", not a crash.
    await h.user.blockAction(USERS.admin, { view: first.id, actionId: `${ACTION.casePage}_prev`, value: "NSP004:x" });
    await waitFor(async () => h.fake.callsTo("views.update")[updates + 1], "views.update");
    expect(JSON.stringify(h.fake.view(first.id)?.blocks)).toContain("finns inte");
  });
});

describe("a reading that cannot be recorded", () => {
  it("shows the error, not the case file nor the documentation", async () => {
    await h.db.$executeRawUnsafe(`
      CREATE FUNCTION test_refuse_reads() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.action IN ('case.read', 'request.read') THEN RAISE EXCEPTION 'audit down'; END IF; RETURN NEW; END $$`);
    await h.db.$executeRawUnsafe(`CREATE TRIGGER test_refuse_reads BEFORE INSERT ON "audit_entry" FOR EACH ROW EXECUTE FUNCTION test_refuse_reads()`);
    try {
      const opened = h.fake.callsTo("views.open").length;
      expect(await ephemeralAnswer(USERS.coordinator, `ärende ${ref}`)).toContain("kunde inte visas");
      expect(h.fake.callsTo("views.open").length).toBe(opened);
      const notice = await nextView(() => h.user.blockAction(USERS.coordinator, { actionId: ACTION.openCase, value: ref }));
      expect(notice.json).toContain("kunde inte visas");
      expect(notice.json).not.toContain("Ansökan nr");
      const underlag = await nextView(() => h.user.blockAction(USERS.coordinator, { actionId: ACTION.showUnderlag, value: String(requestId) }));
      expect(underlag.json).toContain("kunde inte visas");
      expect(underlag.json).not.toContain("specialiserat stöd");
    } finally {
      await h.db.$executeRawUnsafe(`DROP TRIGGER test_refuse_reads ON "audit_entry"`);
      await h.db.$executeRawUnsafe(`DROP FUNCTION test_refuse_reads()`);
    }
  });
});

describe("Visa ärende on the App Home", () => {
  it("opens the case file (views.open, not a push onto the Home)", async () => {
    const published = h.fake.callsTo("views.publish").length;
    await h.user.event({ type: "app_home_opened", user: USERS.applicant, channel: h.fake.ensureDmChannel(USERS.applicant), tab: "home" });
    await waitFor(async () => h.fake.callsTo("views.publish").slice(published).find((c) => c.args.user_id === USERS.applicant), "home published");
    const home = h.fake.home(USERS.applicant);
    if (!home) throw new Error("no home");
    const actionId = `${ACTION.openCase}_o${requestId}`;
    expect(JSON.stringify(home.blocks)).toContain(actionId);
    const view = await nextView(() => h.user.blockAction(USERS.applicant, { view: home.id, actionId }));
    expect(view.json).toContain(`Ärende ${ref}`);
  });
});
