// Issue #12 item 6, end to end through signed requests: two measures of one case (NSP001), both
// granted. Before, both decision DMs read "Beslut i ärende NSP001 (Insats)" and the newcomer could
// not tell them apart; now each names its request number and the measure that was asked, in the
// DM and its notification text, in the coordinator's thread and on the applicant's Home.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { APPLY_BLOCK as B, DECISION_BLOCK as D } from "../../src/ids.js";
import { truncateAll } from "../helpers/db.js";
import { admissionValues, COORD_CHANNEL, seedFixtures, startHarness, USERS, waitFor, type Harness } from "../helpers/harness.js";
import { submitApply } from "../helpers/apply.js";

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
  await seedFixtures(h.db, { budget: "generous" });
});

const AERENDE_NUMBER = /ärende[- ]?(id|nr)?\s*\d/i;

async function openedView(before: number): Promise<string> {
  const call = await waitFor(async () => h.fake.callsTo("views.open")[before], "views.open");
  expect(call.response).toMatchObject({ ok: true });
  return (call.response as { view: { id: string } }).view.id;
}

async function grant(requestId: number, reason: string): Promise<void> {
  const r = await waitFor(async () => h.db.request.findFirst({ where: { id: requestId, coordTs: { not: null } } }), "coordinator message");
  const before = h.fake.callsTo("views.open").length;
  await h.user.blockAction(USERS.coordinator, { actionId: "decide_grant", value: String(requestId), message: { channel: r.coordChannel as string, ts: r.coordTs as string } });
  const viewId = await openedView(before);
  const res = await h.user.submitView(USERS.coordinator, viewId, h.user.valuesFor(viewId, { [D.reason]: reason }));
  expect(res.json).toBeUndefined();
}

async function applyForMeasure(measure: string, quantity: string, unitAmount: string): Promise<number> {
  const before = h.fake.callsTo("views.open").length;
  await h.user.command(USERS.applicant, "ansök insats NSP001");
  const viewId = await openedView(before);
  // As Slack's client: the inputs refresh the cost preview, so the submit is of a figure on screen.
  const res = await submitApply(
    h,
    USERS.applicant,
    viewId,
    {
      [B.type]: "measure",
      [B.caseRef]: "NSP001",
      [B.measure]: measure,
      [B.quantity]: quantity,
      [B.unitAmount]: unitAmount,
      [B.measureDate]: "2016-10-03",
      [B.justification]: "Stöd efter utslussning, enligt handlingsplanen.",
    },
  );
  expect(JSON.stringify(res.json)).not.toContain('"errors"');
  const id = (await h.db.request.findFirstOrThrow({ where: { type: "measure" }, orderBy: { id: "desc" } })).id;
  // The confirmation modal names the new request's number and what was asked.
  expect(JSON.stringify(res.json)).toMatch(new RegExp(`Ansökan nr ${id} – Insats: [a-zåäö]+ ${quantity} [a-zåäö]+ ×`));
  return id;
}

/** Successful chat.postMessage calls to `channel` (a DM: the user's id) whose text starts with `prefix`. */
const posts = (channel: string, prefix: string) =>
  h.fake
    .callsTo("chat.postMessage")
    .filter((c) => c.args.channel === channel && String(c.args.text).startsWith(prefix) && (c.response as { ok?: boolean }).ok);

describe("two measures of one case, both decided", () => {
  it("the two decision DMs and thread replies differ and name the request number and the measure", async () => {
    const before = h.fake.callsTo("views.open").length;
    await h.user.command(USERS.applicant, "ansök tillträde");
    const viewId = await openedView(before);
    await h.user.submitView(USERS.applicant, viewId, h.user.valuesFor(viewId, admissionValues()));
    const admission = await h.db.request.findFirstOrThrow({ where: { type: "admission" }, include: { case: true } });
    expect(admission.case?.ref).toBe("NSP001");
    await grant(admission.id, "Tillträde beviljas.");

    const therapy = await applyForMeasure("therapy", "5", "500");
    const travel = await applyForMeasure("travel", "2", "1250");
    await grant(therapy, "Terapi enligt plan.");
    await grant(travel, "Resor enligt plan.");

    const expected = {
      [therapy]: `Beslut: Ansökan nr ${therapy} – Insats: terapi 5 tillfällen × 500 kr (NSP001) – Beviljad (2 500 kr)`,
      [travel]: `Beslut: Ansökan nr ${travel} – Insats: resa 2 resor × 1 250 kr (NSP001) – Beviljad (2 500 kr)`,
    };
    // The applicant's DMs: three decisions (admission and the two measures), each its own text.
    const dms = await waitFor(async () => {
      const p = posts(USERS.applicant, "Beslut:");
      return p.length === 3 ? p : null;
    }, "three decision DMs", 20_000);
    const texts = dms.map((c) => String(c.args.text));
    expect(new Set(texts).size).toBe(3);
    expect(texts).toEqual(expect.arrayContaining([expected[therapy], expected[travel], `Beslut: Ansökan nr ${admission.id} – Tillträde (NSP001) – Beviljad`]));
    for (const id of [therapy, travel]) {
      const dm = dms.find((c) => String(c.args.text) === expected[id]);
      const blocks = JSON.stringify(dm?.args.blocks);
      expect(blocks).toContain(`*Ansökan nr ${id}*`);
      expect(blocks).toContain(id === therapy ? "Insats: terapi 5 tillfällen × 500 kr" : "Insats: resa 2 resor × 1 250 kr");
      expect(blocks).toContain("ärende NSP001");
    }

    // The coordinator's thread replies say the same.
    const replies = await waitFor(async () => {
      const p = posts(COORD_CHANNEL, "Beslut:").filter((c) => c.args.thread_ts);
      return p.length === 3 ? p : null;
    }, "three thread replies", 20_000);
    expect(replies.map((c) => String(c.args.text))).toEqual(expect.arrayContaining([expected[therapy], expected[travel]]));

    // Nothing the applicant or the coordinator was sent calls a request number "ärende".
    const sent = h.fake.callsTo("chat.postMessage").concat(h.fake.callsTo("chat.update"), h.fake.callsTo("views.open"), h.fake.callsTo("views.publish"));
    for (const c of sent) expect(JSON.stringify(c.args)).not.toMatch(AERENDE_NUMBER);

    // The applicant's Home lists both decisions by number and measure.
    const home = await waitFor(async () => {
      const s = JSON.stringify(h.fake.home(USERS.applicant)?.blocks ?? []);
      return s.includes(`Ansökan nr ${therapy} – Insats: terapi 5 tillfällen × 500 kr (NSP001)`) && s.includes(`Ansökan nr ${travel} – Insats: resa 2 resor × 1 250 kr (NSP001)`) ? s : null;
    }, "applicant home with both decisions", 20_000);
    expect(home).not.toMatch(AERENDE_NUMBER);
  });
});
