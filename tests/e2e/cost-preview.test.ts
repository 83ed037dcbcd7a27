// Issue #13 item 2, end to end through signed requests: the figure the apply modal shows before
// submitting is the figure stored. The reported case first: an integration request with one child
// previewed 36 600 kr, and the receipt said 48 800 kr.
import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APPLY_BLOCK as B } from "../../src/core/ids.js";
import { applyModal } from "../../src/views/apply-modal.js";
import { previewApply, shownPreview, submitApply } from "../helpers/apply.js";
import { truncateAll } from "../helpers/db.js";
import { admissionValues, seedFixtures, startHarness, USERS, waitFor, type Harness } from "../helpers/harness.js";

let h: Harness;
let caseRef = "";

beforeAll(async () => {
  h = await startHarness();
  await truncateAll(h.db);
  await seedFixtures(h.db);
  const viewId = await openApply("ansök tillträde");
  await h.user.submitView(USERS.applicant, viewId, h.user.valuesFor(viewId, admissionValues()));
  caseRef = (await h.db.case.findFirstOrThrow({ orderBy: { id: "desc" } })).ref;
});
afterAll(async () => {
  await h?.close();
});

async function openApply(text: string): Promise<string> {
  const before = h.fake.callsTo("views.open").length;
  await h.user.command(USERS.applicant, text);
  const call = await waitFor(async () => h.fake.callsTo("views.open")[before], "views.open");
  return (call.response as { view: { id: string } }).view.id;
}

const JUSTIFICATION = "Behöver stöd till egen bostad enligt handlingsplanen.";
const integration = (children: string) => ({
  [B.type]: "integration",
  [B.caseRef]: caseRef,
  [B.from]: "2016-09-01",
  [B.to]: "2016-10-31",
  [B.children]: children,
  [B.justification]: JUSTIFICATION,
});

const latest = () => h.db.request.findFirst({ where: { type: { not: "admission" } }, orderBy: { id: "desc" } });
const RECALCULATED = "Kostnaden har räknats om: 48 800 kr. Kontrollera och skicka igen.";

describe("the preview is the cost (issue #13)", () => {
  it("36 600 vs 48 800: typing one child refreshes the preview, and the stored amount is the last previewed one", async () => {
    const viewId = await openApply(`ansök integration ${caseRef}`);
    // The dates are picked (datepickers dispatch on change): 61 days × 600 kr, no child yet.
    const first = await previewApply(h, USERS.applicant, viewId, integration("0"), B.to);
    expect(first.text).toContain("Beräknad kostnad: 36 600 kr");
    expect(first.shownCost).toBe(36_600);
    // The applicant types 1 child: the number input now dispatches on the character (no Enter).
    const second = await previewApply(h, USERS.applicant, viewId, integration("1"), B.children);
    expect(second.text).toContain("Beräknad kostnad: 48 800 kr");
    expect(second.shownCost).toBe(48_800);
    const res = await h.user.submitView(USERS.applicant, viewId, h.user.valuesFor(viewId, integration("1")));
    expect(JSON.stringify(res.json)).toContain("Ansökan skickad");
    const stored = await latest();
    expect(stored?.requestedAmount).toBe(48_800);
    expect(stored?.requestedAmount).toBe(second.shownCost);
  });

  it("a submit whose figure on screen is not the cost is not stored: the modal comes back with the exact cost, then the second submit stores it", async () => {
    const count = await h.db.request.count();
    const viewId = await openApply(`ansök integration ${caseRef}`);
    expect((await previewApply(h, USERS.applicant, viewId, integration("0"), B.to)).shownCost).toBe(36_600);
    // The child reaches the server only with the submit (a lost or refused views.update).
    const res = await h.user.submitView(USERS.applicant, viewId, h.user.valuesFor(viewId, integration("1")));
    expect(res.json).toMatchObject({ response_action: "update" });
    expect(JSON.stringify(res.json)).toContain(RECALCULATED);
    expect(JSON.stringify(res.json)).toContain("Beräknad kostnad: 48 800 kr");
    expect(res.outcome?.action).toBe("update");
    expect(await h.db.request.count()).toBe(count);
    // The modal now shows, and its metadata holds, the exact cost; what was typed is kept.
    expect(shownPreview(h, viewId).shownCost).toBe(48_800);
    expect(h.fake.view(viewId)?.state.values[B.children]).toBeDefined();
    const again = await h.user.submitView(USERS.applicant, viewId, h.user.valuesFor(viewId, integration("1")));
    expect(JSON.stringify(again.json)).toContain("Ansökan skickad");
    expect(await h.db.request.count()).toBe(count + 1);
    expect((await latest())?.requestedAmount).toBe(48_800);
  });

  it("a modal submitted without any preview (no figure on screen) gets the confirmation too", async () => {
    const count = await h.db.request.count();
    const viewId = await openApply(`ansök integration ${caseRef}`);
    const res = await h.user.submitView(USERS.applicant, viewId, h.user.valuesFor(viewId, integration("1")));
    expect(JSON.stringify(res.json)).toContain(RECALCULATED);
    expect(await h.db.request.count()).toBe(count);
  });

  it("forged or replayed metadata only ever causes a re-confirmation; the stored amount is the server's", async () => {
    const slack = new WebClient("xoxb-test-token", { slackApiUrl: `${h.fake.apiUrl.replace(/\/$/, "")}/` });
    const forge = async (viewId: string, privateMetadata: string) => {
      const view = { ...applyModal({ type: "integration", orgName: "Frälsningsarmén", caseRef, costPreview: null }), private_metadata: privateMetadata };
      await slack.views.update({ view_id: viewId, view });
    };
    for (const metadata of ['{"type":"integration","shownCost":36600}', '{"shownCost":1}', '{"shownCost":-48800}', '{"shownCost":"48800"}', "not json", ""]) {
      const count = await h.db.request.count();
      const viewId = await openApply(`ansök integration ${caseRef}`);
      await forge(viewId, metadata);
      const res = await h.user.submitView(USERS.applicant, viewId, h.user.valuesFor(viewId, integration("1")));
      expect(JSON.stringify(res.json), metadata).toContain(RECALCULATED);
      expect(await h.db.request.count(), metadata).toBe(count);
    }
    // Metadata that happens to name the right figure stores the server's computed amount, nothing else.
    const viewId = await openApply(`ansök integration ${caseRef}`);
    await forge(viewId, '{"type":"measure","shownCost":48800}');
    const res = await h.user.submitView(USERS.applicant, viewId, h.user.valuesFor(viewId, integration("1")));
    expect(JSON.stringify(res.json)).toContain("Ansökan skickad");
    const stored = await latest();
    expect(stored?.type).toBe("integration");
    expect(stored?.requestedAmount).toBe(48_800);
  });

  it("measure and rest: the stored amount is the last previewed one", async () => {
    const measureView = await openApply(`ansök insats ${caseRef}`);
    const measure = { [B.type]: "measure", [B.caseRef]: caseRef, [B.measure]: "therapy", [B.quantity]: "5", [B.unitAmount]: "800", [B.measureDate]: "2016-10-03", [B.justification]: JUSTIFICATION };
    // The last input typed is the unit amount: each character refreshes the preview.
    expect((await previewApply(h, USERS.applicant, measureView, { ...measure, [B.unitAmount]: "8" }, B.unitAmount)).shownCost).toBe(40);
    expect((await previewApply(h, USERS.applicant, measureView, measure, B.unitAmount)).text).toContain("Beräknad kostnad: 4 000 kr");
    expect(shownPreview(h, measureView).shownCost).toBe(4_000);
    const res = await submitApply(h, USERS.applicant, measureView, measure);
    expect(JSON.stringify(res.json)).toContain("Ansökan skickad");
    expect((await latest())?.requestedAmount).toBe(4_000);

    const restView = await openApply(`ansök vila ${caseRef}`);
    const rest = { [B.type]: "rest", [B.caseRef]: caseRef, [B.from]: "2016-09-05", [B.to]: "2016-09-14", [B.children]: "2", [B.protection]: ["yes"], [B.justification]: JUSTIFICATION };
    const shown = await previewApply(h, USERS.applicant, restView, rest, B.protection);
    expect(shown.shownCost).toBe(10 * (1200 + 2 * 300 + 150));
    const done = await h.user.submitView(USERS.applicant, restView, h.user.valuesFor(restView, rest));
    expect(JSON.stringify(done.json)).toContain("Ansökan skickad");
    expect((await latest())?.requestedAmount).toBe(shown.shownCost);
  });
});
