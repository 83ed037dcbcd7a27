// Issue #12, item 5, end to end: signed Slack requests into the real app, the real database and
// Redis, workers delivering through the fake Slack. The applicant's organisation withdraws a
// request from the receipt DM, and corrects one ("Ändra") from the receipt and from the Home.
import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatKr } from "../../src/domain/format.js";
import { ACTION, APPLY_BLOCK as B, CALLBACK } from "../../src/core/ids.js";
import { editRequestModal, HOME_CHANGE_BLOCK } from "../../src/views/request-changes.js";
import { createCase } from "../helpers/cases.js";
import { truncateAll } from "../helpers/db.js";
import { COORD_CHANNEL, seedFixtures, startHarness, USERS, waitFor, type Harness } from "../helpers/harness.js";
import { previewEdit, shownEditPreview, submitApply } from "../helpers/apply.js";
import { insertRequest } from "../helpers/requests.js";

let h: Harness;
const JUSTIFICATION = "Kvinnan behöver vila efter att ha lämnat boendet. Inga personuppgifter här.";

beforeAll(async () => {
  h = await startHarness();
  await truncateAll(h.db);
  await seedFixtures(h.db);
  await createCase(h.db, "NSP001", "Frälsningsarmén"); // the applicant's organisation
});
afterAll(async () => {
  await h?.close();
});

async function openedView(before: number, what: string) {
  const call = await waitFor(async () => h.fake.callsTo("views.open")[before], what);
  expect(call.response).toMatchObject({ ok: true });
  return call;
}

async function submitRest(from: string, to: string, children: string) {
  const before = h.fake.callsTo("views.open").length;
  await h.user.command(USERS.applicant, "ansök vila NSP001");
  const call = await openedView(before, "apply modal");
  const viewId = (call.response as { view: { id: string } }).view.id;
  // Filled in as Slack's client does: the cost preview refreshed before the submit (issue #13).
  const res = await submitApply(h, USERS.applicant, viewId, { [B.type]: "rest", [B.caseRef]: "NSP001", [B.from]: from, [B.to]: to, [B.children]: children, [B.justification]: JUSTIFICATION });
  expect(res.json).toMatchObject({ response_action: "update" });
  return h.db.request.findFirstOrThrow({ orderBy: { id: "desc" } });
}

/** Where the coordinator message and the receipt DM of a request landed (once delivered). */
async function messagesOf(requestId: number) {
  const r = await waitFor(async () => h.db.request.findFirst({ where: { id: requestId, coordTs: { not: null } } }), "coordinator message");
  const receipt = await waitFor(
    async () => h.db.outboxMessage.findFirst({ where: { requestId, kind: "applicant_receipt", status: "sent" } }),
    "receipt delivered",
  );
  return { coord: { channel: r.coordChannel as string, ts: r.coordTs as string }, receipt: { channel: receipt.channel as string, ts: receipt.ts as string } };
}

const text = (m: unknown): string => JSON.stringify(m) ?? "";

/** Whether `user`'s Home offers request `id` in its "Ändra …"/"Återkalla …" selects. */
function homeOffers(user: string, id: number): boolean {
  const block = h.fake.home(user)?.blocks.find((b: { block_id?: string }) => b.block_id === HOME_CHANGE_BLOCK);
  return text(block ?? null).includes(`"value":"${id}"`);
}

/** A click answered with a notice modal: its text. */
async function noticeAfter(click: () => Promise<unknown>): Promise<string> {
  const before = h.fake.callsTo("views.open").length;
  await click();
  return text((await openedView(before, "notice")).args);
}

describe("Återkalla", () => {
  it("from the receipt DM: the coordinator message loses its buttons, the thread says so, the receipt and the Home follow", async () => {
    const r = await submitRest("2016-09-01", "2016-09-30", "1");
    const { coord, receipt } = await messagesOf(r.id);
    expect(text(h.fake.message(receipt.channel, receipt.ts))).toContain(ACTION.withdrawRequest);
    expect(text(h.fake.message(receipt.channel, receipt.ts))).toContain(ACTION.editRequest);
    await waitFor(async () => text(h.fake.home(USERS.coordinator)).includes(`Ansökan nr ${r.id} –`), "coordinator's queue shows the request");

    // Someone of another organisation, with the id forged: the same answer as an unknown request.
    const refused = await noticeAfter(() => h.user.blockAction(USERS.otherOrg, { actionId: ACTION.withdrawRequest, value: String(r.id) }));
    expect(refused).toContain("finns inte hos din organisation");
    const unknown = await noticeAfter(() => h.user.blockAction(USERS.applicant, { actionId: ACTION.withdrawRequest, value: "99999" }));
    expect(unknown).toContain("finns inte hos din organisation");
    expect((await h.db.request.findUniqueOrThrow({ where: { id: r.id } })).status).toBe("received");

    // Another member of the organisation withdraws it from the applicant's receipt.
    const done = await noticeAfter(() => h.user.blockAction(USERS.applicant2, { actionId: ACTION.withdrawRequest, message: receipt }));
    expect(done).toContain(`Ansökan nr ${r.id} är återkallad`);
    expect(await h.db.request.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({ status: "withdrawn", decidedBy: USERS.applicant2 });
    const audit = await h.db.auditEntry.findFirstOrThrow({ where: { requestId: r.id, action: "withdrawn" } });
    expect(audit).toMatchObject({ actor: USERS.applicant2, caseId: r.caseId, before: { status: "received" }, after: { status: "withdrawn" } });

    await waitFor(async () => {
      const m = text(h.fake.message(coord.channel, coord.ts));
      return m.includes("Återkallad") && !m.includes("decide_grant") && !m.includes("efter beslut");
    }, "coordinator message re-rendered without buttons");
    const note = await h.fake.waitForCall("chat.postMessage", (c) => c.args.thread_ts === coord.ts && text(c.args).includes("återkallades"));
    expect(text(note.args)).toContain(`Ansökan nr ${r.id} återkallades av <@${USERS.applicant2}>`);
    expect(text(note.args)).toContain("2016-09-01 – 2016-09-30 (30 dagar)");
    expect(text(note.args)).not.toContain("Kvinnan behöver");
    await waitFor(async () => !text(h.fake.message(receipt.channel, receipt.ts)).includes(ACTION.withdrawRequest), "receipt without buttons");
    expect(text(h.fake.message(receipt.channel, receipt.ts))).toContain("Återkallad");
    await waitFor(async () => {
      const home = text(h.fake.home(USERS.applicant));
      return home.includes("Återkallad") && !homeOffers(USERS.applicant, r.id);
    }, "applicant's Home updated");
    await waitFor(async () => !text(h.fake.home(USERS.coordinator)).includes(`Ansökan nr ${r.id} –`), "coordinator's queue updated");

    // Stale buttons: the applicant's old copy of the receipt, a coordinator's old copy of the message.
    const again = await noticeAfter(() => h.user.blockAction(USERS.applicant, { actionId: ACTION.withdrawRequest, value: String(r.id) }));
    expect(again).toContain(`Ansökan nr ${r.id} är redan återkallad`);
    const edit = await noticeAfter(() => h.user.blockAction(USERS.applicant, { actionId: ACTION.editRequest, value: String(r.id) }));
    expect(edit).toContain("redan återkallad");
    const decide = await noticeAfter(() => h.user.blockAction(USERS.coordinator, { actionId: "decide_grant", value: String(r.id) }));
    expect(decide).toContain("återkallad");
    expect(await h.db.auditEntry.count({ where: { requestId: r.id } })).toBe(2);
  });
});

describe("Ändra", () => {
  it("from the receipt: the modal is filled in, the submit recomputes the cost, same number, thread note", async () => {
    const r = await submitRest("2016-10-01", "2016-10-30", "1");
    const { coord, receipt } = await messagesOf(r.id);
    expect(text(h.fake.message(coord.channel, coord.ts))).toContain(formatKr(45_000));
    const count = await h.db.request.count();

    const before = h.fake.callsTo("views.open").length;
    await h.user.blockAction(USERS.applicant, { actionId: ACTION.editRequest, message: receipt });
    const opened = await openedView(before, "edit modal");
    const viewId = (opened.response as { view: { id: string } }).view.id;
    const view = h.fake.view(viewId);
    expect(view?.callback_id).toBe(CALLBACK.editRequest);
    expect(text(view)).toContain('"initial_date":"2016-10-01"');
    expect(text(view)).toContain('"initial_date":"2016-10-30"');
    expect(text(view)).toContain("Kvinnan behöver vila"); // the justification, in the modal only

    // Bad input: next to the field, nothing stored.
    const pii = await h.user.submitView(USERS.applicant, viewId, h.user.valuesFor(viewId, { [B.justification]: "Ring henne på 070-123 45 67." }));
    expect((pii.json as { errors: Record<string, string> }).errors[B.justification]).toMatch(/telefonnummer/);

    // Changed as Slack's client does (issue #13): each change refreshes the modal's cost.
    expect(shownEditPreview(h, viewId)).toMatchObject({ shownCost: 45_000 });
    expect(shownEditPreview(h, viewId).text).toContain("Kostnad när du sparar: 45 000 kr (oförändrad)");
    const shown = await previewEdit(h, USERS.applicant, viewId, { [B.to]: "2016-10-20", [B.children]: "0" });
    expect(shown.shownCost).toBe(24_000);
    expect(shown.text).toContain("Nuvarande kostnad: 45 000 kr");
    expect(shown.text).toContain("Ny kostnad när du sparar: 24 000 kr");
    const values = h.user.valuesFor(viewId, { [B.to]: "2016-10-20", [B.children]: "0" });
    const res = await h.user.submitView(USERS.applicant, viewId, values);
    expect(res.json).toMatchObject({ response_action: "update" });
    expect(text(res.json)).toContain(`Ansökan nr ${r.id} är ändrad`);
    expect(await h.db.request.count()).toBe(count);
    expect(await h.db.request.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({ status: "received", days: 20, children: 0, requestedAmount: 24_000 });

    await waitFor(async () => {
      const m = text(h.fake.message(coord.channel, coord.ts));
      return m.includes(formatKr(24_000)) && m.includes(`Ansökan nr ${r.id} –`) && m.includes("decide_grant") && !m.includes(formatKr(45_000));
    }, "coordinator message with the new cost");
    const note = await h.fake.waitForCall("chat.postMessage", (c) => c.args.thread_ts === coord.ts && text(c.args).includes("ändrades"));
    const noteText = text(note.args);
    expect(noteText).toContain(`Ansökan nr ${r.id} ändrades av <@${USERS.applicant}>`);
    expect(noteText).toContain(`beräknad kostnad ${formatKr(45_000)} → ${formatKr(24_000)}`);
    expect(noteText).toContain("medföljande barn 1 → 0");
    expect(noteText).not.toContain("Kvinnan behöver");
    await waitFor(async () => text(h.fake.message(receipt.channel, receipt.ts)).includes(formatKr(24_000)), "receipt with the new cost");

    // A replay of the same submission changes nothing twice.
    await h.user.submitView(USERS.applicant, viewId, values);
    expect(await h.db.auditEntry.count({ where: { requestId: r.id, action: "corrected" } })).toBe(1);

    // The modal submitted by someone of another organisation (a forged submission): refused.
    const again = h.fake.callsTo("views.open").length;
    await h.user.blockAction(USERS.applicant, { actionId: ACTION.editRequest, message: receipt });
    const second = (await openedView(again, "edit modal again")).response as { view: { id: string } };
    const forged = await h.user.submitView(USERS.otherOrg, second.view.id, h.user.valuesFor(second.view.id, { [B.to]: "2016-10-05" }));
    expect(text(forged.json)).toContain("finns inte hos din organisation");
    expect(await h.db.request.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({ days: 20, requestedAmount: 24_000 });
  });

  it("from the Home's select, by another member of the organisation; refused once the request is decided", async () => {
    const r = await submitRest("2016-11-01", "2016-11-10", "0");
    await messagesOf(r.id);
    const home = await waitFor(async () => (homeOffers(USERS.applicant2, r.id) ? h.fake.home(USERS.applicant2) : null), "Home offering the request");
    const before = h.fake.callsTo("views.open").length;
    await h.user.blockAction(USERS.applicant2, { actionId: `${ACTION.editRequest}_home`, view: home.id, selectedOption: String(r.id) });
    const opened = await openedView(before, "edit modal from the Home");
    const viewId = (opened.response as { view: { id: string } }).view.id;
    expect(h.fake.view(viewId)?.callback_id).toBe(CALLBACK.editRequest);

    // Decided meanwhile: the submit changes nothing and says so.
    const decided = await h.db.request.update({ where: { id: r.id }, data: { status: "denied", decidedAt: new Date(), decidedBy: USERS.coordinator } });
    const res = await h.user.submitView(USERS.applicant2, viewId, h.user.valuesFor(viewId, { [B.to]: "2016-11-05" }));
    expect(text(res.json)).toContain(`Ansökan nr ${r.id} är redan beslutad`);
    expect((await h.db.request.findUniqueOrThrow({ where: { id: r.id } })).days).toBe(decided.days);
    expect(h.fake.calls.filter((c) => c.method === "chat.postMessage" && c.args.channel === COORD_CHANNEL && text(c.args).includes(`Ansökan nr ${r.id} ändrades`))).toEqual([]);
  });
});

describe("Ändra: the cost shown is the cost stored (issue #13 item 2)", () => {
  /** A new request of NSP001 through the apply modal (its preview refreshed as Slack's client does). */
  async function applyFor(command: string, raw: Record<string, unknown>) {
    const before = h.fake.callsTo("views.open").length;
    await h.user.command(USERS.applicant, command);
    const viewId = ((await openedView(before, "apply modal")).response as { view: { id: string } }).view.id;
    const res = await submitApply(h, USERS.applicant, viewId, { [B.caseRef]: "NSP001", [B.justification]: JUSTIFICATION, ...raw });
    expect(text(res.json)).toContain("Ansökan skickad");
    return h.db.request.findFirstOrThrow({ orderBy: { id: "desc" } });
  }

  /** The correction modal of request `id`, opened by `user` with the receipt's "Ändra". */
  async function openEdit(id: number, user = USERS.applicant): Promise<string> {
    const before = h.fake.callsTo("views.open").length;
    await h.user.blockAction(user, { actionId: ACTION.editRequest, value: String(id) });
    return ((await openedView(before, "edit modal")).response as { view: { id: string } }).view.id;
  }

  const stored = async (id: number) => (await h.db.request.findUniqueOrThrow({ where: { id } })).requestedAmount;

  /**
   * Opens "Ändra" for `id`, makes each change in `steps` (block id → value, cumulative; the last
   * cost input of each step is the one changed), and submits: the figure the modal showed after the
   * last change is the one stored, and it is `expected`.
   */
  async function correct(id: number, steps: Record<string, unknown>[], expected: number) {
    const viewId = await openEdit(id);
    const before = await stored(id);
    expect(shownEditPreview(h, viewId).shownCost).toBe(before);
    expect(shownEditPreview(h, viewId).text).toContain(`Kostnad när du sparar: ${formatKr(before)} (oförändrad)`);
    let raw: Record<string, unknown> = {};
    let shown = shownEditPreview(h, viewId);
    for (const step of steps) {
      raw = { ...raw, ...step };
      shown = await previewEdit(h, USERS.applicant, viewId, raw, Object.keys(step).at(-1));
    }
    expect(shown.shownCost).toBe(expected);
    expect(shown.text).toContain(`Nuvarande kostnad: ${formatKr(before)}`);
    expect(shown.text).toContain(`Ny kostnad när du sparar: ${formatKr(expected)}`);
    const res = await h.user.submitView(USERS.applicant, viewId, h.user.valuesFor(viewId, raw));
    expect(text(res.json)).toContain(`Ansökan nr ${id} är ändrad`);
    expect(await stored(id)).toBe(shown.shownCost);
  }

  it("rest without protection or children → with both: the figure after each change is the one stored", async () => {
    const r = await applyFor("ansök vila NSP001", { [B.type]: "rest", [B.from]: "2016-12-01", [B.to]: "2016-12-10", [B.children]: "0" });
    expect(r.requestedAmount).toBe(12_000);
    await correct(r.id, [{ [B.children]: "2" }, { [B.protection]: ["yes"] }], 10 * (1200 + 2 * 300 + 150));
  });

  it("rest with protection and children → shorter, without them", async () => {
    const r = await applyFor("ansök vila NSP001", { [B.type]: "rest", [B.from]: "2016-12-15", [B.to]: "2016-12-24", [B.children]: "1", [B.protection]: ["yes"] });
    expect(r.requestedAmount).toBe(10 * (1200 + 300 + 150));
    await correct(r.id, [{ [B.to]: "2016-12-19" }, { [B.children]: "0" }, { [B.protection]: [] }], 5 * 1200);
  });

  it("integration: one child added (36 600 → 48 800 kr, the reported case)", async () => {
    const r = await applyFor("ansök integration NSP001", { [B.type]: "integration", [B.from]: "2016-09-01", [B.to]: "2016-10-31", [B.children]: "0" });
    expect(r.requestedAmount).toBe(36_600);
    await correct(r.id, [{ [B.children]: "1" }], 48_800);
  });

  it("measure: quantity and unit amount, each character refreshing the figure", async () => {
    const r = await applyFor("ansök insats NSP001", { [B.type]: "measure", [B.measure]: "therapy", [B.quantity]: "5", [B.unitAmount]: "800", [B.measureDate]: "2016-10-03" });
    expect(r.requestedAmount).toBe(4_000);
    await correct(r.id, [{ [B.quantity]: "4" }, { [B.unitAmount]: "7" }, { [B.unitAmount]: "75" }, { [B.unitAmount]: "750" }], 3_000);
  });

  it("unfinished input shows a hint instead of a figure; a submit without the refreshed figure comes back with the exact cost", async () => {
    const r = await applyFor("ansök integration NSP001", { [B.type]: "integration", [B.from]: "2016-11-01", [B.to]: "2016-11-30", [B.children]: "0" });
    const viewId = await openEdit(r.id);
    // The end before the start: no cost can be computed, the hint says so, the old figure stays named.
    const unfinished = await previewEdit(h, USERS.applicant, viewId, { [B.to]: "2016-10-15" });
    expect(unfinished.text).toContain("Den nya kostnaden visas när uppgifterna är ifyllda");
    expect(unfinished.text).toContain(`Nuvarande kostnad: ${formatKr(r.requestedAmount)}`);
    expect(unfinished.text).not.toContain("Ny kostnad");
    expect(unfinished.shownCost).toBeUndefined();
    // A child typed, but its refresh never reached the modal (a lost views.update): nothing stored.
    const res = await h.user.submitView(USERS.applicant, viewId, h.user.valuesFor(viewId, { [B.to]: "2016-11-30", [B.children]: "1" }));
    expect(res.json).toMatchObject({ response_action: "update" });
    expect(text(res.json)).toContain("Kostnaden har räknats om: 24 000 kr. Kontrollera och spara igen.");
    expect(text(res.json)).toContain("Ny kostnad när du sparar: 24 000 kr");
    expect(await stored(r.id)).toBe(18_000);
    expect(await h.db.auditEntry.count({ where: { requestId: r.id, action: "corrected" } })).toBe(0);
    // What was typed is kept; the second submit stores exactly the figure now shown.
    expect(shownEditPreview(h, viewId).shownCost).toBe(24_000);
    const again = await h.user.submitView(USERS.applicant, viewId, h.user.valuesFor(viewId, { [B.to]: "2016-11-30", [B.children]: "1" }));
    expect(text(again.json)).toContain(`Ansökan nr ${r.id} är ändrad`);
    expect(await stored(r.id)).toBe(24_000);
  });

  it("a forged request id in the action is refused: another organisation's request is neither priced nor shown", async () => {
    const r = await applyFor("ansök vila NSP001", { [B.type]: "rest", [B.from]: "2016-11-20", [B.to]: "2016-11-29", [B.children]: "0" });
    // A request of Talita (another organisation), with other figures.
    const talita = await h.db.organisation.findUniqueOrThrow({ where: { name: "Talita" } });
    const theirs = await insertRequest(h.db, { type: "rest", from: "2016-10-01", to: "2016-10-07", children: 3, protection: true });
    await h.db.request.update({ where: { id: theirs }, data: { orgId: talita.id } });
    const theirAmount = await stored(theirs);

    const slack = new WebClient("xoxb-test-token", { slackApiUrl: `${h.fake.apiUrl.replace(/\/$/, "")}/` });
    const updates = (viewId: string) => h.fake.callsTo("views.update").filter((c) => c.args.view_id === viewId).length;
    for (const forged of [theirs, 99_999]) {
      const viewId = await openEdit(r.id);
      // The metadata rewritten to name another request (the modal as a forged client would send it).
      const current = h.fake.view(viewId);
      const forgedView = { ...editRequestModal({ ...(await h.db.request.findUniqueOrThrow({ where: { id: r.id }, include: { case: true, org: true, infoRequests: true } })), justification: JUSTIFICATION }), private_metadata: JSON.stringify({ requestId: forged }) };
      await slack.views.update({ view_id: viewId, hash: current?.hash, view: forgedView });
      const before = updates(viewId);
      await h.user.blockAction(USERS.applicant, { actionId: `${ACTION.editCostInput}_${B.children}`, view: viewId, value: "2" });
      await waitFor(async () => updates(viewId) > before, "the listener's answer");
      const shown = text(h.fake.view(viewId));
      expect(shown, String(forged)).toContain("finns inte hos din organisation");
      expect(shown).not.toContain(formatKr(theirAmount));
      expect(shown).not.toContain("kostnad");
    }
    // Someone of another organisation acting on the applicant's modal: the same answer.
    const viewId = await openEdit(r.id);
    const before = updates(viewId);
    await h.user.blockAction(USERS.otherOrg, { actionId: `${ACTION.editCostInput}_${B.children}`, view: viewId, value: "2" });
    await waitFor(async () => updates(viewId) > before, "the listener's answer");
    expect(text(h.fake.view(viewId))).toContain("finns inte hos din organisation");
    expect(text(h.fake.view(viewId))).not.toContain("kostnad");
    expect(await stored(r.id)).toBe(12_000);
    expect(await stored(theirs)).toBe(theirAmount);
  });
});
