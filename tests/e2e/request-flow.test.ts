// End to end: signed Slack requests into the real HTTP receiver, the real database and Redis,
// workers delivering through the fake Slack. Checks the fake's recorded calls and the database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatKr } from "../../src/domain/format.js";
import { APPLY_BLOCK as B, DECISION_BLOCK as D, INFO_BLOCK } from "../../src/ids.js";
import { truncateAll } from "../helpers/db.js";
import { admissionValues, COORD_CHANNEL, seedFixtures, startHarness, USERS, waitFor, type Harness } from "../helpers/harness.js";
import { submitApply } from "../helpers/apply.js";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  await truncateAll(h.db);
  await seedFixtures(h.db);
});
afterAll(async () => {
  await h?.close();
});

const JUSTIFICATION_REST =
  "Asylsökande kvinna med en dotter som behöver skyddat boende anpassat till utsattheten. Migrationsverket nekade omplacering.";

async function openApply(user: string, text = "ansök") {
  const before = h.fake.callsTo("views.open").length;
  const res = await h.user.command(user, text);
  expect(res.status).toBe(200);
  const call = await waitFor(async () => h.fake.callsTo("views.open")[before], "views.open");
  expect(call.response).toMatchObject({ ok: true });
  const viewId = (call.response as { view: { id: string } }).view.id;
  return viewId;
}

async function submitAdmission(user: string = USERS.applicant) {
  const viewId = await openApply(user, "ansök tillträde");
  const res = await h.user.submitView(
    user,
    viewId,
    h.user.valuesFor(viewId, admissionValues()),
  );
  return res;
}

async function submitRest(user: string, caseRef: string, from: string, to: string, children = "1", justification = JUSTIFICATION_REST) {
  const viewId = await openApply(user, `ansök vila ${caseRef}`);
  // As Slack's client: the inputs refresh the cost preview, so the submit is of a figure on screen.
  return submitApply(
    h,
    user,
    viewId,
    {
      [B.type]: "rest",
      [B.caseRef]: caseRef,
      [B.from]: from,
      [B.to]: to,
      [B.children]: children,
      [B.justification]: justification,
    },
  );
}

async function latestRequest() {
  return h.db.request.findFirstOrThrow({ orderBy: { id: "desc" }, include: { case: true } });
}

async function coordinatorMessageOf(requestId: number) {
  const r = await waitFor(
    async () => h.db.request.findFirst({ where: { id: requestId, coordTs: { not: null } } }),
    "coordinator message delivered",
  );
  return { channel: r.coordChannel as string, ts: r.coordTs as string };
}

function allPostedText(): string {
  return JSON.stringify(
    h.fake.calls.filter((c) => c.method === "chat.postMessage" || c.method === "chat.update").map((c) => c.args),
  );
}

describe("signatures", () => {
  it("rejects a bad signature with 401", async () => {
    const res = await h.user.command(USERS.applicant, "hjälp", { signature: "v0=deadbeef" });
    expect(res.status).toBe(401);
  });
  it("rejects a stale timestamp with 401", async () => {
    const res = await h.user.command(USERS.applicant, "hjälp", { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(res.status).toBe(401);
  });
});

describe("/nsp", () => {
  it("answers help ephemerally for /nsp, /nsp hjälp and unknown words", async () => {
    for (const text of ["", "hjälp", "blaha"]) {
      const res = await h.user.command(USERS.applicant, text);
      expect(res.status).toBe(200);
      const body = JSON.parse(res.body) as { response_type: string; text: string };
      expect(body.response_type).toBe("ephemeral");
      expect(body.text).toContain("/nsp ansök");
      if (text === "blaha") expect(body.text).toContain("Okänt kommando");
    }
  });

  it("tells a non-member why they cannot apply, and opens nothing", async () => {
    const opened = h.fake.callsTo("views.open").length;
    const res = await h.user.command(USERS.stranger, "ansök");
    expect(res.status).toBe(200);
    const reply = await h.fake.waitForCall("response_url", (c) => JSON.stringify(c.args).includes("inte registrerad"));
    expect(reply.args).toMatchObject({ response_type: "ephemeral" });
    expect(h.fake.callsTo("views.open").length).toBe(opened);
  });

  it("tells a member of an uncertified organisation why they cannot apply", async () => {
    await h.user.command(USERS.uncertified, "ansök");
    await h.fake.waitForCall("response_url", (c) => JSON.stringify(c.args).includes("Ecpat är inte certifierad"));
  });

  it("opens the modal with the chosen type and case ref, and switching type updates it", async () => {
    const viewId = await openApply(USERS.applicant, "ansök vila NSP3");
    const view = h.fake.view(viewId);
    const blockIds = (view?.blocks ?? []).map((b: { block_id?: string }) => b.block_id);
    expect(blockIds).toContain(B.from);
    expect(blockIds).not.toContain(B.measure);
    expect(JSON.stringify(view)).toContain("NSP003");
    await h.user.blockAction(USERS.applicant, { actionId: "apply_type", blockId: B.type, selectedOption: "measure", view: viewId });
    const updated = await h.fake.waitForCall("views.update", (c) => JSON.stringify(c.args).includes(B.unitAmount));
    expect(updated.response).toMatchObject({ ok: true });
    const ids = (h.fake.view(viewId)?.blocks ?? []).map((b: { block_id?: string }) => b.block_id);
    expect(ids).toContain(B.measure);
    expect(ids).not.toContain(B.from);
  });
});

describe("request flow", () => {
  let caseRef = "";

  it("an admission creates case NSP001, notifies the coordinator without free text, and DMs the applicant", async () => {
    const res = await submitAdmission();
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ response_action: "update" });
    const request = await latestRequest();
    expect(request.case?.ref).toBe("NSP001");
    expect(request.status).toBe("received");
    caseRef = "NSP001";
    const notice = await coordinatorMessageOf(request.id);
    expect(notice.channel).toBe(COORD_CHANNEL);
    const message = h.fake.message(notice.channel, notice.ts);
    const text = JSON.stringify(message);
    for (const label of ["Bevilja", "Avslå", "Begär komplettering", "Visa underlag", "NSP001", "Frälsningsarmén"]) {
      expect(text).toContain(label);
    }
    const dm = await h.fake.waitForCall("chat.postMessage", (c) => c.args.channel === USERS.applicant && JSON.stringify(c.args).includes("NSP001"));
    expect(JSON.stringify(dm.args)).toContain("Inkommen");
    expect(allPostedText()).not.toContain("specialiserat stöd");
    const audit = await h.db.auditEntry.findMany({ where: { requestId: request.id } });
    expect(audit.map((a) => a.action)).toEqual(["submitted"]);
  });

  it("a replayed submission (Slack retry, double click, concurrent replays) stores one request and burns no case ref", async () => {
    const viewId = await openApply(USERS.applicant, "ansök tillträde");
    const values = h.user.valuesFor(viewId, {
      [B.type]: "admission",
      [B.nationality]: "RO",
      [B.gender]: "woman",
      [B.ageBand]: "26-30",
      [B.exploitation]: ["labour"],
      [B.exploitedIn]: ["SE"],
      [B.policeReport]: "yes",
      [B.justification]: "Arbetskraftsexploatering, polisanmälan gjord.",
    });
    const before = await h.db.request.count();
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => h.user.submitView(USERS.applicant, viewId, values)));
    for (const r of results) expect(JSON.stringify(r.json)).toContain("NSP002");
    expect(await h.db.request.count()).toBe(before + 1);
    expect(await h.db.case.count()).toBe(2);
    expect((await h.db.counter.findUniqueOrThrow({ where: { name: "case_ref" } })).value).toBe(2);
  });

  it("validates the rest period next to the fields and stores nothing", async () => {
    const count = await h.db.request.count();
    const tooLong = await submitRest(USERS.applicant, caseRef, "2016-09-01", "2016-10-01");
    expect(tooLong.json).toMatchObject({ response_action: "errors" });
    expect(JSON.stringify(tooLong.json)).toMatch(/31 dagar/);
    const reversed = await submitRest(USERS.applicant, caseRef, "2016-09-10", "2016-09-01");
    expect((reversed.json as { errors: Record<string, string> }).errors[B.to]).toBeTruthy();
    const pii = await submitRest(USERS.applicant, caseRef, "2016-09-01", "2016-09-30", "1", "Kvinnan nås på 070-123 45 67.");
    expect((pii.json as { errors: Record<string, string> }).errors[B.justification]).toMatch(/telefonnummer/);
    const pnr = await submitRest(USERS.applicant, caseRef, "2016-09-01", "2016-09-30", "1", "Personnummer 811228-9874 enligt LMA-kort.");
    expect((pnr.json as { errors: Record<string, string> }).errors[B.justification]).toMatch(/personnummer/);
    const foreign = await submitRest(USERS.otherOrg, caseRef, "2016-09-01", "2016-09-30");
    expect((foreign.json as { errors: Record<string, string> }).errors[B.caseRef]).toMatch(/finns inte hos Talita/);
    const noPeriod = await submitRest(USERS.applicant, caseRef, "2015-01-01", "2015-01-10");
    expect((noPeriod.json as { errors: Record<string, string> }).errors[B.from]).toMatch(/Ingen budgetperiod/);
    expect(await h.db.request.count()).toBe(count);
  });

  /** Issue #12: a case's rest can be granted only once its admission is granted. */
  async function grantAdmissionOf(ref: string) {
    const admission = await h.db.request.findFirstOrThrow({ where: { type: "admission", case: { ref } } });
    const viewId = await openDecision(USERS.coordinator, admission.id, "grant");
    const res = await h.user.submitView(USERS.coordinator, viewId, h.user.valuesFor(viewId, { [D.reason]: "Tillträde beviljas." }));
    expect(res.json).toBeUndefined();
  }

  let restId = 0;
  it("a rest period is costed from the period's rates and decided in the thread", async () => {
    await grantAdmissionOf(caseRef);
    const res = await submitRest(USERS.applicant, caseRef, "2016-09-01", "2016-09-30", "1");
    expect(res.json).toMatchObject({ response_action: "update" });
    const request = await latestRequest();
    restId = request.id;
    expect(request.days).toBe(30);
    expect(request.requestedAmount).toBe(30 * 1200 + 30 * 300);
    const notice = await coordinatorMessageOf(request.id);
    expect(JSON.stringify(h.fake.message(notice.channel, notice.ts))).toContain("45 000 kr");

    // A non-coordinator who clicks Bevilja gets a refusal and nothing changes.
    await h.user.blockAction(USERS.applicant, { actionId: "decide_grant", value: String(request.id), message: notice });
    const refusal = await h.fake.waitForCall("views.open", (c) => JSON.stringify(c.args).includes("Bara samordnare"));
    expect(refusal.response).toMatchObject({ ok: true });

    // The coordinator opens the decision modal; it shows the justification (a modal, not a message).
    const opened = h.fake.callsTo("views.open").length;
    await h.user.blockAction(USERS.coordinator, { actionId: "decide_grant", value: String(request.id), message: notice });
    const modalCall = await waitFor(async () => h.fake.callsTo("views.open")[opened], "decision modal");
    expect(JSON.stringify(modalCall.args)).toContain("Asylsökande kvinna");
    const viewId = (modalCall.response as { view: { id: string } }).view.id;

    // A forged submission of the coordinator's modal by the applicant is refused.
    const forged = await h.user.submitView(USERS.applicant, viewId, h.user.valuesFor(viewId, { [D.reason]: "ok" }));
    expect(forged.json).toMatchObject({ response_action: "errors" });
    expect((await h.db.request.findUniqueOrThrow({ where: { id: request.id } })).status).toBe("received");

    const done = await h.user.submitView(
      USERS.coordinator,
      viewId,
      h.user.valuesFor(viewId, { [D.reason]: "Uppfyller kriterierna för vila.", [D.shareReason]: ["share"] }),
    );
    expect(done.status).toBe(200);
    const decided = await h.db.request.findUniqueOrThrow({ where: { id: request.id } });
    expect(decided).toMatchObject({ status: "granted", decidedBy: USERS.coordinator, grantedDays: 30, grantedAmount: 45000 });

    const reply = await h.fake.waitForCall("chat.postMessage", (c) => c.args.thread_ts === notice.ts && JSON.stringify(c.args).includes("Beviljad"));
    expect(JSON.stringify(reply.args)).toContain("Uppfyller kriterierna");
    await waitFor(async () => {
      const parent = h.fake.message(notice.channel, notice.ts);
      const text = JSON.stringify(parent);
      return text.includes("Beviljad") && !text.includes("decide_grant");
    }, "parent updated without buttons");
    await h.fake.waitForCall("chat.postMessage", (c) => c.args.channel === USERS.applicant && JSON.stringify(c.args).includes("Beviljad"));
    const audit = await h.db.auditEntry.findMany({ where: { requestId: request.id }, orderBy: { id: "asc" } });
    // The coordinator's opening of the decision modal is recorded as a reading (issue #14).
    expect(audit.map((a) => a.action)).toEqual(["submitted", "decision_modal.read", "decision:grant"]);
    expect(audit[1]).toMatchObject({ actor: USERS.coordinator, before: null, after: null });
    expect(audit[2]).toMatchObject({ actor: USERS.coordinator, before: { status: "received" } });
  });

  it("a second click on a decided request says who decided and changes nothing", async () => {
    // The message no longer has buttons; a click from a client still showing the old copy:
    const opened = h.fake.callsTo("views.open").length;
    await h.user.blockAction(USERS.coordinator2, { actionId: "decide_deny", value: String(restId) });
    const call = await waitFor(async () => h.fake.callsTo("views.open")[opened], "notice");
    expect(JSON.stringify(call.args)).toContain(`redan beslutat av <@${USERS.coordinator}>`);
  });

  it("the 30-day cap counts days already granted to the case", async () => {
    const res = await submitRest(USERS.applicant, caseRef, "2016-10-01", "2016-10-05", "0");
    const errors = (res.json as { errors: Record<string, string> }).errors;
    expect(errors[B.to] ?? errors[B.from]).toMatch(/30 dagar/);
  });

  async function openDecision(user: string, requestId: number, kind: string) {
    const notice = await coordinatorMessageOf(requestId);
    const opened = h.fake.callsTo("views.open").length;
    await h.user.blockAction(user, { actionId: `decide_${kind}`, value: String(requestId), message: notice });
    const call = await waitFor(async () => h.fake.callsTo("views.open").slice(opened).find((c) => c.args.trigger_id), "decision modal");
    return (call.response as { view: { id: string } }).view.id;
  }

  it("20 parallel decisions on one request: exactly one is recorded, the others are told", async () => {
    await submitAdmission();
    const request = await latestRequest();
    const viewIds: string[] = [];
    for (let i = 0; i < 20; i++) viewIds.push(await openDecision(i % 2 ? USERS.coordinator : USERS.coordinator2, request.id, i % 3 ? "grant" : "deny"));
    const results = await Promise.all(
      viewIds.map((viewId, i) =>
        h.user.submitView(i % 2 ? USERS.coordinator : USERS.coordinator2, viewId, h.user.valuesFor(viewId, { [D.reason]: `Beslut ${i}` })),
      ),
    );
    const closed = results.filter((r) => r.status === 200 && !r.json);
    const told = results.filter((r) => JSON.stringify(r.json ?? "").includes("redan beslutat"));
    expect(closed).toHaveLength(1);
    expect(told).toHaveLength(19);
    const audits = await h.db.auditEntry.count({ where: { requestId: request.id, action: { startsWith: "decision:" } } });
    expect(audits).toBe(1);
    const outbox = await h.db.outboxMessage.count({ where: { requestId: request.id, kind: "thread_decision" } });
    expect(outbox).toBe(1);
  });

  it("Begär komplettering: status Under behandling, the applicant answers from the DM, buttons stay", async () => {
    await submitAdmission(USERS.applicant2);
    const request = await latestRequest();
    const viewId = await openDecision(USERS.coordinator, request.id, "info");
    const noQuestion = await h.user.submitView(USERS.coordinator, viewId, h.user.valuesFor(viewId, {}));
    expect((noQuestion.json as { errors: Record<string, string> }).errors[D.reason]).toBeTruthy();
    await h.user.submitView(USERS.coordinator, viewId, h.user.valuesFor(viewId, { [D.reason]: "Finns det ett beslut från Migrationsverket?" }));
    expect((await h.db.request.findUniqueOrThrow({ where: { id: request.id } })).status).toBe("under_review");

    const question = await h.fake.waitForCall("chat.postMessage", (c) => c.args.channel === USERS.applicant2 && JSON.stringify(c.args).includes("answer_info"));
    const qMessage = question.response as { channel: string; ts: string };
    const info = await h.db.infoRequest.findFirstOrThrow({ where: { requestId: request.id } });

    // Someone from another organisation cannot answer.
    const opened = h.fake.callsTo("views.open").length;
    await h.user.blockAction(USERS.otherOrg, { actionId: "answer_info", value: String(info.id), message: { channel: qMessage.channel, ts: qMessage.ts } });
    const refused = await waitFor(async () => h.fake.callsTo("views.open")[opened], "refusal");
    expect(JSON.stringify(refused.args)).toContain("kan inte svara");

    await h.user.blockAction(USERS.applicant2, { actionId: "answer_info", value: String(info.id), message: { channel: qMessage.channel, ts: qMessage.ts } });
    const answerModal = await waitFor(async () => h.fake.callsTo("views.open").slice(opened + 1).find((c) => JSON.stringify(c.args).includes(INFO_BLOCK.answer)), "answer modal");
    const answerViewId = (answerModal.response as { view: { id: string } }).view.id;
    const withEmail = await h.user.submitView(USERS.applicant2, answerViewId, h.user.valuesFor(answerViewId, { [INFO_BLOCK.answer]: "Skriv till anna.svensson@example.se" }));
    expect((withEmail.json as { errors: Record<string, string> }).errors[INFO_BLOCK.answer]).toMatch(/e-postadress/);
    await h.user.submitView(USERS.applicant2, answerViewId, h.user.valuesFor(answerViewId, { [INFO_BLOCK.answer]: "Ja, avslag i första instans." }));
    const stored = await h.db.infoRequest.findUniqueOrThrow({ where: { id: info.id } });
    expect(stored.answer).toBe("Ja, avslag i första instans.");

    const notice = await coordinatorMessageOf(request.id);
    await h.fake.waitForCall("chat.postMessage", (c) => c.args.thread_ts === notice.ts && JSON.stringify(c.args).includes("Kompletteringen har kommit in"));
    await waitFor(async () => !JSON.stringify(h.fake.message(qMessage.channel, qMessage.ts)).includes("answer_info"), "answer button removed");
    await waitFor(async () => JSON.stringify(h.fake.message(notice.channel, notice.ts)).includes("Komplettering inkom"), "parent shows the answer");
    expect(JSON.stringify(h.fake.message(notice.channel, notice.ts))).toContain("decide_grant");
    expect(allPostedText()).not.toContain("avslag i första instans");
  });

  it("a partial grant of a rest period recomputes the cost from the granted days", async () => {
    await submitAdmission();
    const adm = await latestRequest();
    const ref = adm.case?.ref as string;
    await grantAdmissionOf(ref);
    await submitRest(USERS.applicant, ref, "2016-11-01", "2016-11-30", "0");
    const request = await latestRequest();
    // The coordinator message shows the money and the days already granted to the case.
    const { ts } = await coordinatorMessageOf(request.id);
    const posted = JSON.stringify(h.fake.message(COORD_CHANNEL, ts));
    expect(posted).toContain("Budget Pilot 2016");
    // Earlier tests in this file granted money from the same category: compare with the database.
    const rest = await h.db.budgetCategory.findFirstOrThrow({ where: { key: "rest" } });
    const left = rest.allocated + rest.transfersIn - rest.transfersOut - rest.committed;
    expect(posted).toContain(`kvar ${formatKr(left)} → efter beslut ${formatKr(left - 36_000)} (denna ansökan 36 000 kr)`);
    expect(posted).toContain("Ärendet har tidigare beviljats 0 dagar av högst 30.");
    const viewId = await openDecision(USERS.coordinator, request.id, "partial");
    const bad = await h.user.submitView(USERS.coordinator, viewId, h.user.valuesFor(viewId, { [D.grantedDays]: "30", [D.reason]: "Budget" }));
    expect((bad.json as { errors: Record<string, string> }).errors[D.grantedDays]).toBeTruthy();
    await h.user.submitView(USERS.coordinator, viewId, h.user.valuesFor(viewId, { [D.grantedDays]: "26", [D.reason]: "26 dagar pga budget." }));
    const decided = await h.db.request.findUniqueOrThrow({ where: { id: request.id } });
    expect(decided).toMatchObject({ status: "partly_granted", grantedDays: 26, grantedAmount: 26 * 1200 });
    // The reason was not ticked as free of personal data: it is not in the thread.
    const notice = await coordinatorMessageOf(request.id);
    const reply = await h.fake.waitForCall("chat.postMessage", (c) => c.args.thread_ts === notice.ts);
    expect(JSON.stringify(reply.args)).not.toContain("pga budget");
    await h.fake.waitForCall("chat.postMessage", (c) => c.args.channel === USERS.applicant && JSON.stringify(c.args).includes("pga budget"));
  });
});
