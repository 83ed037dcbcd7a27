// Issue #14, jäv: no one decides their own organisation's request. Through the real runtime (signed
// requests, Postgres, Redis, workers, the fake Slack) and the service directly: a coordinator who is
// a member of the applying organisation is refused at every decision button, at a forged submit and
// in the service; an admin decides as deputy only when no coordinator outside the applying
// organisation exists, and the decision is marked so in the thread, the applicant's DM and the audit.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DECISION_BLOCK as D } from "../../src/core/ids.js";
import { askForInformation, decideRequest } from "../../src/services/requests.js";
import { addOverride, OverrideJavError } from "../../src/services/budget-commit.js";
import { truncateAll } from "../helpers/db.js";
import { insertRequest } from "../helpers/requests.js";
import { COORD_CHANNEL, seedFixtures, startHarness, submitInquiry, USERS, waitFor, type Harness } from "../helpers/harness.js";

let h: Harness;

/** A coordinator and an admin registered in Frälsningsarmén, the applicant's organisation. */
const COORD_FA = "U0COORDFA";
const ADMIN_FA = "U0ADMINFA";

beforeAll(async () => {
  h = await startHarness();
  await truncateAll(h.db);
  await seedFixtures(h.db);
  const fa = await h.db.organisation.findUniqueOrThrow({ where: { name: "Frälsningsarmén" } });
  await h.db.member.createMany({
    data: [
      { slackUserId: COORD_FA, orgId: fa.id, role: "coordinator" },
      { slackUserId: ADMIN_FA, orgId: fa.id, role: "admin" },
    ],
  });
});
afterAll(async () => {
  await h?.close();
});

/** The NSP coordinators (outside the applicant's organisation) as coordinators, or removed. */
async function otherCoordinators(present: boolean): Promise<void> {
  await h.db.member.updateMany({
    where: { slackUserId: { in: [USERS.coordinator, USERS.coordinator2] } },
    data: { role: present ? "coordinator" : "applicant" },
  });
}

beforeEach(async () => {
  await otherCoordinators(true);
});

/** An inquiry from the applicant (Frälsningsarmén), with its coordinator message delivered. */
async function newRequest(): Promise<{ id: number; message: { channel: string; ts: string } }> {
  const before = await h.db.request.count();
  const res = await submitInquiry(h, "Kvinna som behöver stöd, faller ärendet inom NSP?");
  expect(res.json).toMatchObject({ response_action: "update" });
  expect(await h.db.request.count()).toBe(before + 1);
  const r = await waitFor(async () => h.db.request.findFirst({ where: { coordTs: { not: null } }, orderBy: { id: "desc" } }), "coordinator message");
  return { id: r.id, message: { channel: r.coordChannel as string, ts: r.coordTs as string } };
}

/** Clicks a decision button as `user`; returns the ephemeral answer it got (or throws). */
async function clickExpectingEphemeral(user: string, kind: string, id: number, message: { channel: string; ts: string }, text: string) {
  const seen = h.fake.ephemerals(user).length;
  const opened = h.fake.callsTo("views.open").length;
  const res = await h.user.blockAction(user, { actionId: `decide_${kind}`, value: String(id), message });
  expect(res.status).toBe(200);
  const answer = await waitFor(async () => h.fake.ephemerals(user).slice(seen).find((m) => m.text.includes(text)), `ephemeral "${text}" to ${user}`);
  // No decision modal was opened for the refused user.
  expect(h.fake.callsTo("views.open").length).toBe(opened);
  return answer;
}

/** Opens the decision modal as `user` (who may decide) and returns its view id. */
async function openDecision(user: string, kind: string, id: number, message: { channel: string; ts: string }) {
  const opened = h.fake.callsTo("views.open").length;
  await h.user.blockAction(user, { actionId: `decide_${kind}`, value: String(id), message });
  const call = await waitFor(async () => h.fake.callsTo("views.open").slice(opened).find((c) => c.args.trigger_id), "decision modal");
  expect(call.response).toMatchObject({ ok: true });
  return { viewId: (call.response as { view: { id: string } }).view.id, args: JSON.stringify(call.args) };
}

describe("a coordinator of the applying organisation (jäv)", () => {
  it("is answered 'Jäv – en annan samordnare beslutar' ephemerally on every decision button, and no modal opens", async () => {
    // A measure: its message has all four decision buttons (Bevilja delvis too). Stored through the
    // service, its coordinator message is delivered by the sweep.
    const id = await insertRequest(h.db, { type: "measure", measure: "therapy", quantity: 2, unitAmount: 1_000 });
    const r = await waitFor(async () => h.db.request.findFirst({ where: { id, coordTs: { not: null } } }), "coordinator message", 15_000);
    const message = { channel: r.coordChannel as string, ts: r.coordTs as string };
    for (const kind of ["grant", "partial", "deny", "info"]) {
      const answer = await clickExpectingEphemeral(COORD_FA, kind, id, message, "Jäv – en annan samordnare beslutar");
      expect(answer.text).toContain("Frälsningsarmén");
      expect(answer.channel).toBe(COORD_CHANNEL);
    }
    expect((await h.db.request.findUniqueOrThrow({ where: { id } })).status).toBe("received");
  });

  it("a forged submit of another coordinator's decision modal is refused next to the field, nothing stored", async () => {
    const { id, message } = await newRequest();
    const { viewId } = await openDecision(USERS.coordinator, "grant", id, message);
    const forged = await h.user.submitView(COORD_FA, viewId, h.user.valuesFor(viewId, { [D.reason]: "Beviljas." }));
    expect(forged.json).toMatchObject({ response_action: "errors" });
    expect((forged.json as { errors: Record<string, string> }).errors[D.reason]).toContain("Jäv – en annan samordnare beslutar");
    const after = await h.db.request.findUniqueOrThrow({ where: { id } });
    expect(after).toMatchObject({ status: "received", decidedBy: null });
    expect(await h.db.auditEntry.count({ where: { requestId: id, action: { startsWith: "decision:" } } })).toBe(0);
    // The coordinator who is not jäv still decides with the same modal.
    const ok = await h.user.submitView(USERS.coordinator, viewId, h.user.valuesFor(viewId, { [D.reason]: "Faller inom NSP." }));
    expect(ok.json).toBeUndefined();
    expect(await h.db.request.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "granted", decidedBy: USERS.coordinator, decidedAsDeputy: false });
  });

  it("is refused by the service itself (decide and ask for more), whatever the listener did", async () => {
    const { id } = await newRequest();
    for (const kind of ["grant", "deny"] as const) {
      expect(await decideRequest(h.db, id, COORD_FA, { kind, reason: "x", shareReason: false })).toEqual({ ok: false, error: "not_allowed", refusal: "jav" });
    }
    expect(await askForInformation(h.db, id, COORD_FA, "Fråga?")).toEqual({ ok: false, error: "not_allowed", refusal: "jav" });
    // A Slack id that is no member at all, or an applicant, decides nothing either.
    expect(await decideRequest(h.db, id, "U0NOBODY", { kind: "deny", reason: "x", shareReason: false })).toMatchObject({ ok: false, refusal: "not_member" });
    expect(await decideRequest(h.db, id, USERS.otherOrg, { kind: "deny", reason: "x", shareReason: false })).toMatchObject({ ok: false, refusal: "not_coordinator" });
    expect(await h.db.request.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "received" });
    expect(await h.db.infoRequest.count({ where: { requestId: id } })).toBe(0);
  });
});

describe("an admin as deputy", () => {
  it("is refused while another coordinator exists: button, forged submit and service", async () => {
    const { id, message } = await newRequest();
    await clickExpectingEphemeral(USERS.admin, "grant", id, message, "En samordnare beslutar");
    const { viewId } = await openDecision(USERS.coordinator, "deny", id, message);
    const forged = await h.user.submitView(USERS.admin, viewId, h.user.valuesFor(viewId, { [D.reason]: "Avslås." }));
    expect((forged.json as { errors: Record<string, string> }).errors[D.reason]).toContain("ställföreträdande");
    expect(await decideRequest(h.db, id, USERS.admin, { kind: "deny", reason: "x", shareReason: false })).toEqual({ ok: false, error: "not_allowed", refusal: "not_deputy" });
    expect((await h.db.request.findUniqueOrThrow({ where: { id } })).status).toBe("received");
  });

  it("an admin who is a member of the applying organisation is jäv even when no other coordinator exists", async () => {
    const { id, message } = await newRequest();
    await otherCoordinators(false);
    await clickExpectingEphemeral(ADMIN_FA, "grant", id, message, "Jäv – en annan samordnare beslutar");
    expect(await decideRequest(h.db, id, ADMIN_FA, { kind: "grant", reason: "", shareReason: false })).toEqual({ ok: false, error: "not_allowed", refusal: "jav" });
    // The jäv coordinator is still jäv, though no other coordinator exists.
    await clickExpectingEphemeral(COORD_FA, "grant", id, message, "Jäv – en annan samordnare beslutar");
  });

  it("decides when no coordinator outside the applying organisation exists, marked in the thread, the DM and the audit", async () => {
    const { id, message } = await newRequest();
    await otherCoordinators(false);
    const { viewId, args } = await openDecision(USERS.admin, "grant", id, message);
    expect(args).toContain("ställföreträdande");
    const res = await h.user.submitView(USERS.admin, viewId, h.user.valuesFor(viewId, { [D.reason]: "" }));
    expect(res.json).toBeUndefined();
    expect(await h.db.request.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "granted", decidedBy: USERS.admin, decidedAsDeputy: true });

    const audit = await h.db.auditEntry.findFirstOrThrow({ where: { requestId: id, action: "decision:grant" } });
    expect(audit).toMatchObject({ actor: USERS.admin, after: { status: "granted", deputy: true } });

    const thread = await h.fake.waitForCall(
      "chat.postMessage",
      (c) => c.args.channel === message.channel && c.args.thread_ts === message.ts && JSON.stringify(c.args).includes("Beslut:"),
    );
    expect(JSON.stringify(thread.args)).toContain(`<@${USERS.admin}> som ställföreträdande`);
    const dm = await h.fake.waitForCall("chat.postMessage", (c) => c.args.channel === USERS.applicant && JSON.stringify(c.args).includes(`Ansökan nr ${id}`) && JSON.stringify(c.args).includes("Beviljad"));
    expect(JSON.stringify(dm.args)).toContain("som ställföreträdande");
  });

  it("asks for more as deputy: marked in the thread and the audit", async () => {
    const { id, message } = await newRequest();
    await otherCoordinators(false);
    const { viewId } = await openDecision(USERS.admin, "info", id, message);
    const res = await h.user.submitView(USERS.admin, viewId, h.user.valuesFor(viewId, { [D.reason]: "Finns ett beslut från Migrationsverket?" }));
    expect(res.json).toBeUndefined();
    const audit = await h.db.auditEntry.findFirstOrThrow({ where: { requestId: id, action: "info_requested" } });
    expect(audit.after).toMatchObject({ deputy: true });
    const thread = await h.fake.waitForCall(
      "chat.postMessage",
      (c) => c.args.thread_ts === message.ts && JSON.stringify(c.args).includes("begärde komplettering"),
    );
    expect(JSON.stringify(thread.args)).toContain(`<@${USERS.admin}> (som ställföreträdande)`);
  });

  it("a decision by a coordinator outside the organisation is not marked", async () => {
    const { id } = await newRequest();
    expect(await decideRequest(h.db, id, USERS.coordinator2, { kind: "deny", reason: "Utanför NSP", shareReason: false })).toMatchObject({ ok: true });
    const audit = await h.db.auditEntry.findFirstOrThrow({ where: { requestId: id, action: "decision:deny" } });
    expect(audit.after).not.toHaveProperty("deputy");
    expect(await h.db.request.findUniqueOrThrow({ where: { id } })).toMatchObject({ decidedAsDeputy: false });
  });
});

describe("a budget override (an admin's permission for one request to overdraw)", () => {
  it("an admin of the applying organisation is refused: the command, and the service for a forged submit or the CLI", async () => {
    const id = await insertRequest(h.db, { type: "measure", measure: "therapy", quantity: 1, unitAmount: 1_000 });
    await h.user.command(ADMIN_FA, `budget överskrid ${id}`);
    // Only another admin may override: the refusal says so (not "en annan samordnare beslutar").
    const reply = await h.fake.waitForCall("response_url", (c) => JSON.stringify(c.args).includes("Jäv – en annan administratör godkänner ett budgetöverskridande"));
    expect(reply.args).toMatchObject({ response_type: "ephemeral" });
    expect(JSON.stringify(reply.args)).not.toContain("samordnare");
    await expect(addOverride(h.db, { requestId: id, amount: 500, reason: "Behövs", actor: ADMIN_FA })).rejects.toBeInstanceOf(OverrideJavError);
    expect(await h.db.budgetOverride.count({ where: { requestId: id } })).toBe(0);
    // An admin outside the organisation may.
    await expect(addOverride(h.db, { requestId: id, amount: 500, reason: "Behövs", actor: USERS.admin })).resolves.toMatchObject({ override: { amount: 500 } });
  });
});
