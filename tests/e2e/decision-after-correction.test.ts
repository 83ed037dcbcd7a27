// Issue #12 (review): a coordinator opens "Bevilja" for a request showing its cost; the applicant's
// organisation corrects the request to a larger one meanwhile; the coordinator submits the modal they
// opened. The grant must not be of figures the coordinator never saw.
import { afterAll, beforeAll, expect, it } from "vitest";
import { ACTION, APPLY_BLOCK as B, DECISION_BLOCK as D } from "../../src/core/ids.js";
import { formatKr } from "../../src/domain/format.js";
import { submitApply, submitEdit } from "../helpers/apply.js";
import { createCase } from "../helpers/cases.js";
import { truncateAll } from "../helpers/db.js";
import { seedFixtures, startHarness, USERS, waitFor, type Harness } from "../helpers/harness.js";

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

const text = (m: unknown): string => JSON.stringify(m) ?? "";

it("a grant submitted from a modal opened before a correction does not grant the corrected (larger) request", async () => {
  let before = h.fake.callsTo("views.open").length;
  await h.user.command(USERS.applicant, "ansök vila NSP001");
  let call = await waitFor(async () => h.fake.callsTo("views.open")[before], "apply modal");
  let viewId = (call.response as { view: { id: string } }).view.id;
  // Filled in as Slack's client does: the cost preview refreshed before the submit (issue #13).
  await submitApply(h, USERS.applicant, viewId, { [B.type]: "rest", [B.caseRef]: "NSP001", [B.from]: "2016-09-01", [B.to]: "2016-09-10", [B.children]: "0", [B.justification]: JUSTIFICATION });
  const r = await h.db.request.findFirstOrThrow({ orderBy: { id: "desc" } });
  const shownAmount = r.requestedAmount;
  await waitFor(async () => h.db.request.findFirst({ where: { id: r.id, coordTs: { not: null } } }), "coordinator message");

  // The coordinator opens Bevilja: the modal shows the 10 days asked for.
  before = h.fake.callsTo("views.open").length;
  await h.user.blockAction(USERS.coordinator, { actionId: "decide_grant", value: String(r.id) });
  call = await waitFor(async () => h.fake.callsTo("views.open")[before], "decision modal");
  const decisionView = (call.response as { view: { id: string } }).view.id;
  expect(text(h.fake.view(decisionView))).toContain(formatKr(shownAmount));

  // The applicant corrects the request to 30 days with a child meanwhile.
  before = h.fake.callsTo("views.open").length;
  await h.user.blockAction(USERS.applicant, { actionId: ACTION.editRequest, value: String(r.id) });
  call = await waitFor(async () => h.fake.callsTo("views.open")[before], "edit modal");
  viewId = (call.response as { view: { id: string } }).view.id;
  // Changed as Slack's client does: the modal's cost refreshed before the submit (issue #13).
  const edited = await submitEdit(h, USERS.applicant, viewId, { [B.to]: "2016-09-30", [B.children]: "2" });
  expect(text(edited.json)).toContain("är ändrad");
  const corrected = await h.db.request.findUniqueOrThrow({ where: { id: r.id } });
  expect(corrected.requestedAmount).toBeGreaterThan(shownAmount);

  // The coordinator submits the modal opened before the correction.
  const res = await h.user.submitView(USERS.coordinator, decisionView, h.user.valuesFor(decisionView, { [D.reason]: "Uppfyller kriterierna." }));
  const after = await h.db.request.findUniqueOrThrow({ where: { id: r.id } });
  // Expected: refused ("Ansökan ändrad"), nothing granted; or at most what the modal showed.
  expect({ status: after.status, granted: after.grantedAmount, answer: text(res.json).includes("ändrades") }).toEqual({ status: "received", granted: null, answer: true });
});
