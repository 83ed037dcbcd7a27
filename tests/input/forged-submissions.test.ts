// Forged (correctly signed) view submissions: the server enforces what each modal declares. Over-
// long text, out-of-range numbers, unknown or repeated options, control characters and a malformed
// state each get `response_action: "errors"` at the field with a specific Swedish message (never
// "försök igen": retrying cannot help), and nothing is stored.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stateValue, type StateValue } from "../../dev/fake-slack/client.js";
import { APPLY_BLOCK as B, BUDGET_BLOCK as T, DECISION_BLOCK as D, MEETING_BLOCK as M } from "../../src/core/ids.js";
import { truncateAll } from "../helpers/db.js";
import { admissionValues, seedFixtures, startHarness, USERS, waitFor, type Harness } from "../helpers/harness.js";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  await truncateAll(h.db);
  await seedFixtures(h.db);
});
afterAll(async () => {
  await h?.close();
});

async function openModal(user: string, command: string): Promise<string> {
  const before = h.fake.callsTo("views.open").length;
  await h.user.command(user, command);
  const call = await waitFor(async () => h.fake.callsTo("views.open")[before], "views.open");
  return (call.response as { view: { id: string } }).view.id;
}

type Raw = Record<string, unknown>;

async function submitErrors(user: string, viewId: string, raw: Raw): Promise<Record<string, string>> {
  const res = await h.user.submitView(user, viewId, h.user.valuesFor(viewId, raw));
  expect(res.status).toBe(200);
  expect(res.json).toMatchObject({ response_action: "errors" });
  return (res.json as { errors: Record<string, string> }).errors;
}

const counts = async () => ({
  requests: await h.db.request.count(),
  cases: await h.db.case.count(),
  transfers: await h.db.budgetTransfer.count(),
  meetings: await h.db.meeting.count(),
});

const NOT_RETRY = /försök igen|kunde inte sparas/;
const CONTROL = (code: string) => new RegExp(`styrtecken \\(${code.replace("+", "\\+")}\\)`);

describe("the apply modal", () => {
  const inquiry = (justification: unknown) => ({ [B.type]: "inquiry", [B.justification]: justification });

  it.each([
    { label: "a 1 MB justification", raw: inquiry("x".repeat(1_000_000)), block: B.justification, message: /^Högst 3000 tecken \(nu 1000000\)\.$/ },
    { label: "3 001 characters", raw: inquiry("å".repeat(3001)), block: B.justification, message: /^Högst 3000 tecken/ },
    { label: "a NUL byte", raw: inquiry("Behöver stöd\u0000 snarast"), block: B.justification, message: CONTROL("U+0000") },
    { label: "an escape character", raw: inquiry("Behöver \u001b[2J stöd"), block: B.justification, message: CONTROL("U+001B") },
    { label: "a C1 control", raw: inquiry("Behöver\u0085stöd"), block: B.justification, message: CONTROL("U+0085") },
    { label: "DEL", raw: inquiry("Behöver\u007fstöd"), block: B.justification, message: CONTROL("U+007F") },
    { label: "a lone surrogate", raw: inquiry("Behöver \ud800 stöd"), block: B.justification, message: CONTROL("U+D800") },
    { label: "a tab in the single-line case ref", raw: { ...inquiry("Fråga"), [B.caseRef]: "NSP\t001" }, block: B.caseRef, message: CONTROL("U+0009") },
    { label: "an over-long case ref", raw: { ...inquiry("Fråga"), [B.caseRef]: "NSP000000000001" }, block: B.caseRef, message: /^Högst 12 tecken/ },
    { label: "a number as text", raw: inquiry(stateValue.number("42")), block: B.justification, message: /^Fältet kunde inte läsas/ },
    {
      label: "a text value that is not a string",
      raw: inquiry({ type: "plain_text_input", value: 42 } satisfies StateValue),
      block: B.justification,
      message: /^Fältet kunde inte läsas/,
    },
    {
      label: "a select in place of the text",
      raw: inquiry(stateValue.select("SE")),
      block: B.justification,
      message: /^Fältet kunde inte läsas/,
    },
    { label: "an unknown request type", raw: { ...inquiry("Fråga"), [B.type]: stateValue.select("lottery") }, block: B.type, message: /^Välj ett av alternativen i listan\.$/ },
  ])("an inquiry with $label is refused at the field, nothing stored", async ({ raw, block, message }) => {
    const viewId = await openModal(USERS.applicant, "ansök förfrågan");
    const before = await counts();
    const errors = await submitErrors(USERS.applicant, viewId, raw);
    expect(errors[block]).toMatch(message);
    expect(errors[block]).not.toMatch(NOT_RETRY);
    expect(await counts()).toEqual(before);
  });

  it("a text block with two elements is refused as unreadable", async () => {
    const viewId = await openModal(USERS.applicant, "ansök förfrågan");
    const values = h.user.valuesFor(viewId, inquiry("Fråga"));
    values[B.justification] = { a: stateValue.text("Fråga"), b: stateValue.text("x".repeat(5000)) };
    const before = await counts();
    const res = await h.user.submitView(USERS.applicant, viewId, values);
    expect((res.json as { errors: Record<string, string> }).errors[B.justification]).toMatch(/^Fältet kunde inte läsas/);
    expect(await counts()).toEqual(before);
  });

  it.each<{ label: string; over: Raw; block: string; message: RegExp }>([
    { label: "2 500 copies of one country", over: { [B.exploitedIn]: Array(2500).fill("SE") }, block: B.exploitedIn, message: /^Samma alternativ är valt mer än en gång/ },
    { label: "an unknown country beside a known one", over: { [B.exploitedIn]: stateValue.multiSelect(["SE", "QQ"]) }, block: B.exploitedIn, message: /^Välj ett av alternativen i listan\.$/ },
    { label: "a repeated exploitation type", over: { [B.exploitation]: ["sexual", "sexual"] }, block: B.exploitation, message: /^Samma alternativ/ },
    { label: "an unknown exploitation type", over: { [B.exploitation]: stateValue.checkboxes(["sexual", "organ_trade_x"]) }, block: B.exploitation, message: /^Välj ett av alternativen/ },
    { label: "an unknown nationality", over: { [B.nationality]: stateValue.select("QQ") }, block: B.nationality, message: /^Välj ett av alternativen/ },
    { label: "an unknown gender", over: { [B.gender]: stateValue.radio("robot") }, block: B.gender, message: /^Välj ett av alternativen/ },
    { label: "a police report answer not offered", over: { [B.policeReport]: stateValue.radio("maybe") }, block: B.policeReport, message: /^Välj ett av alternativen/ },
    { label: "21 children at home", over: { [B.childrenHome]: "21" }, block: B.childrenHome, message: /^Ange ett heltal från 0 till 20\.$/ },
    { label: "a 1 MB number", over: { [B.childrenHome]: "9".repeat(1_000_000) }, block: B.childrenHome, message: /^Högst 24 tecken/ },
    {
      label: "a selected option that is a string",
      over: { [B.nationality]: { type: "static_select", selected_option: "SE" } satisfies StateValue },
      block: B.nationality,
      message: /^Fältet kunde inte läsas/,
    },
  ])("an admission with $label is refused at the field, nothing stored", async ({ over, block, message }) => {
    const viewId = await openModal(USERS.applicant, "ansök tillträde");
    const before = await counts();
    const errors = await submitErrors(USERS.applicant, viewId, { ...admissionValues(), ...over });
    expect(errors[block]).toMatch(message);
    expect(await counts()).toEqual(before);
  });

  it("an admission as the modal allows it is still stored (control)", async () => {
    const viewId = await openModal(USERS.applicant, "ansök tillträde");
    const before = await h.db.request.count();
    const res = await h.user.submitView(USERS.applicant, viewId, h.user.valuesFor(viewId, admissionValues({ [B.justification]: "Rad ett\nRad två\tmed tabb" })));
    expect(res.json).toMatchObject({ response_action: "update" });
    expect(await h.db.request.count()).toBe(before + 1);
  });
});

describe("the other modals", () => {
  it("a transfer reason with a NUL byte is refused at the field, nothing moved", async () => {
    const viewId = await openModal(USERS.coordinator, "budget flytta");
    const before = await counts();
    const errors = await submitErrors(USERS.coordinator, viewId, { [T.from]: "integration", [T.to]: "rest", [T.amount]: "100", [T.reason]: "till\u0000 vila" });
    expect(errors[T.reason]).toMatch(CONTROL("U+0000"));
    expect(await counts()).toEqual(before);
  });

  it("a transfer with malformed private_metadata is told the form cannot be read (not to retry)", async () => {
    const viewId = await openModal(USERS.coordinator, "budget flytta");
    const view = h.fake.view(viewId);
    expect(view).toBeDefined();
    const values = h.user.valuesFor(viewId, { [T.from]: "integration", [T.to]: "rest", [T.amount]: "100", [T.reason]: "till vila" });
    const payload = {
      type: "view_submission",
      team: { id: h.fake.teamId, domain: h.fake.teamDomain },
      user: { id: USERS.coordinator, team_id: h.fake.teamId },
      api_app_id: h.fake.appId,
      view: { ...view, private_metadata: "{not json", state: { values } },
    };
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const before = await counts();
    const res = await fetch(h.user.appUrl, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", ...h.user.sign(body) }, body });
    const json = (await res.json()) as { response_action: string; view?: unknown };
    expect(json.response_action).toBe("update");
    expect(JSON.stringify(json.view)).toContain("Formuläret kunde inte läsas");
    expect(await counts()).toEqual(before);
  });

  it("a meeting title with a control character and an unknown kind are refused at their fields", async () => {
    const viewId = await openModal(USERS.applicant, "möte ny");
    const before = await counts();
    const errors = await submitErrors(USERS.applicant, viewId, {
      [M.kind]: stateValue.select("party"),
      [M.title]: "Plattformsmöte\u0000",
      [M.group]: "network",
      [M.date]: "2099-05-04",
      [M.start]: "14:00",
      [M.end]: "16:00",
    });
    expect(errors[M.title]).toMatch(CONTROL("U+0000"));
    expect(errors[M.kind]).toMatch(/^Välj ett av alternativen/);
    expect(await counts()).toEqual(before);
  });

  it("a meeting with an impossible date and time is refused at those fields", async () => {
    const viewId = await openModal(USERS.applicant, "möte ny");
    const errors = await submitErrors(USERS.applicant, viewId, {
      [M.kind]: "platform",
      [M.title]: "Plattformsmöte",
      [M.group]: "network",
      [M.date]: stateValue.date("2099-02-30"),
      [M.start]: stateValue.time("25:00"),
      [M.end]: "16:00",
    });
    expect(errors[M.date]).toBe("Ange ett giltigt datum (ÅÅÅÅ-MM-DD).");
    expect(errors[M.start]).toBe("Ange en giltig tid (TT:MM).");
  });

  it("a decision reason with a NUL byte is refused at the field, nothing decided", async () => {
    const viewId = await openModal(USERS.applicant, "ansök förfrågan");
    await h.user.submitView(USERS.applicant, viewId, h.user.valuesFor(viewId, { [B.type]: "inquiry", [B.justification]: "Faller detta inom NSP?" }));
    const request = await h.db.request.findFirstOrThrow({ orderBy: { id: "desc" } });
    const r = await waitFor(async () => h.db.request.findFirst({ where: { id: request.id, coordTs: { not: null } } }), "coordinator message");
    const opened = h.fake.callsTo("views.open").length;
    await h.user.blockAction(USERS.coordinator, { actionId: "decide_deny", value: String(request.id), message: { channel: r.coordChannel as string, ts: r.coordTs as string } });
    const call = await waitFor(async () => h.fake.callsTo("views.open").slice(opened).find((c) => c.args.trigger_id), "decision modal");
    const decisionView = (call.response as { view: { id: string } }).view.id;
    const errors = await submitErrors(USERS.coordinator, decisionView, { [D.reason]: "Nej\u0000" });
    expect(errors[D.reason]).toMatch(CONTROL("U+0000"));
    expect((await h.db.request.findUniqueOrThrow({ where: { id: request.id } })).status).toBe("received");
  });
});
