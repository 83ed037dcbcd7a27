// Every free-text input of every modal goes through the personal-data guard on the server. The
// test opens each modal through the real flow, finds its plain_text_input blocks in the view the
// app sent (so a new text field is covered without editing this test), submits a disguised
// personnummer in all of them and expects a refusal next to each field and nothing stored.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, format } from "date-fns";
import { APPLY_BLOCK as B, MEETING_BLOCK as M } from "../../src/ids.js";
import { truncateAll } from "../helpers/db.js";
import { admissionValues, seedFixtures, startHarness, USERS, waitFor, type Harness } from "../helpers/harness.js";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  await truncateAll(h.db);
  await seedFixtures(h.db, { budget: "2016" });
});
afterAll(async () => {
  await h?.close();
});

// Disguised: dots in the date, a wrong check digit, a zero-width space. Short enough for every field.
const PNR = "85.01.01-1\u200b237";

async function opened(before: number, what: string): Promise<string> {
  const call = await waitFor(async () => h.fake.callsTo("views.open").slice(before).find((c) => (c.response as { ok?: boolean }).ok), what);
  return (call.response as { view: { id: string } }).view.id;
}

/** The block ids of the view's plain-text inputs. */
function textInputs(viewId: string): string[] {
  const view = h.fake.view(viewId) as { blocks: { type: string; block_id?: string; element?: { type: string } }[] };
  return view.blocks.filter((b) => b.type === "input" && b.element?.type === "plain_text_input").map((b) => b.block_id ?? "");
}

async function refusesEverywhere(user: string, viewId: string, extra: Record<string, unknown> = {}, skip: string[] = []): Promise<string[]> {
  const fields = textInputs(viewId).filter((f) => !skip.includes(f));
  expect(fields.length).toBeGreaterThan(0);
  const values = Object.fromEntries(fields.map((f) => [f, PNR]));
  const res = await h.user.submitView(user, viewId, h.user.valuesFor(viewId, { ...extra, ...values }));
  const errors = (res.json as { response_action?: string; errors?: Record<string, string> }).errors ?? {};
  for (const f of fields) expect(errors[f], `field ${f}`).toMatch(/personnummer/);
  return fields;
}

async function newRequest(): Promise<number> {
  const before = h.fake.callsTo("views.open").length;
  await h.user.command(USERS.applicant, "ansök tillträde");
  const viewId = await opened(before, "apply modal");
  await h.user.submitView(USERS.applicant, viewId, h.user.valuesFor(viewId, admissionValues()));
  const r = await waitFor(async () => h.db.request.findFirst({ where: { coordTs: { not: null } }, orderBy: { id: "desc" } }), "request posted");
  return r.id;
}

describe("every modal text input refuses a personnummer on the server", () => {
  const covered: string[] = [];

  it("apply: justification (and the case reference)", async () => {
    const before = h.fake.callsTo("views.open").length;
    await h.user.command(USERS.applicant, "ansök förfrågan");
    const viewId = await opened(before, "apply modal");
    const count = await h.db.request.count();
    // The case reference has a format check of its own that may answer first; it is refused either way.
    const res = await h.user.submitView(USERS.applicant, viewId, h.user.valuesFor(viewId, { [B.type]: "inquiry", [B.justification]: PNR, [B.caseRef]: "8501011237" }));
    const errors = (res.json as { errors?: Record<string, string> }).errors ?? {};
    expect(errors[B.justification]).toMatch(/personnummer/);
    expect(errors[B.caseRef]).toBeTruthy();
    expect(textInputs(viewId).sort()).toEqual([B.caseRef, B.justification].sort());
    expect(await h.db.request.count()).toBe(count);
    covered.push(...textInputs(viewId));
  });

  it("decision: the reason of every kind, the komplettering question and its answer", async () => {
    const id = await newRequest();
    const notice = await waitFor(async () => h.db.request.findFirst({ where: { id, coordTs: { not: null } } }), "notice");
    for (const kind of ["grant", "deny", "info"]) {
      const before = h.fake.callsTo("views.open").length;
      await h.user.blockAction(USERS.coordinator, { actionId: `decide_${kind}`, value: String(id), message: { channel: notice.coordChannel ?? "", ts: notice.coordTs ?? "" } });
      covered.push(...(await refusesEverywhere(USERS.coordinator, await opened(before, `decision modal ${kind}`))));
    }
    expect((await h.db.request.findUniqueOrThrow({ where: { id } })).status).not.toMatch(/granted|denied/);
    expect(await h.db.infoRequest.count({ where: { requestId: id } })).toBe(0);

    // A clean question, then the applicant's answer with the personnummer.
    const before = h.fake.callsTo("views.open").length;
    await h.user.blockAction(USERS.coordinator, { actionId: "decide_info", value: String(id), message: { channel: notice.coordChannel ?? "", ts: notice.coordTs ?? "" } });
    const q = await opened(before, "info modal");
    const textFields = textInputs(q);
    await h.user.submitView(USERS.coordinator, q, h.user.valuesFor(q, Object.fromEntries(textFields.map((f) => [f, "Finns ett beslut från Migrationsverket?"]))));
    const info = await waitFor(async () => h.db.infoRequest.findFirst({ where: { requestId: id } }), "info request");
    const dm = await h.fake.waitForCall("chat.postMessage", (c) => c.args.channel === USERS.applicant && JSON.stringify(c.args).includes("answer_info"));
    const m = dm.response as { channel: string; ts: string };
    const beforeAnswer = h.fake.callsTo("views.open").length;
    await h.user.blockAction(USERS.applicant, { actionId: "answer_info", value: String(info.id), message: { channel: m.channel, ts: m.ts } });
    covered.push(...(await refusesEverywhere(USERS.applicant, await opened(beforeAnswer, "answer modal"))));
    expect((await h.db.infoRequest.findUniqueOrThrow({ where: { id: info.id } })).answer).toBeNull();
  });

  it("budget: transfer reason and override reason", async () => {
    const period = await h.db.budgetPeriod.findUniqueOrThrow({ where: { name: "Pilot 2016" } });
    let before = h.fake.callsTo("views.open").length;
    await h.user.blockAction(USERS.coordinator, { actionId: "budget_open_transfer", value: String(period.id) });
    covered.push(...(await refusesEverywhere(USERS.coordinator, await opened(before, "transfer modal"))));
    expect(await h.db.budgetTransfer.count()).toBe(0);

    const id = await newRequest();
    before = h.fake.callsTo("views.open").length;
    await h.user.command(USERS.admin, `budget överskrid ${id}`);
    covered.push(...(await refusesEverywhere(USERS.admin, await opened(before, "override modal"))));
    expect(await h.db.budgetOverride.count()).toBe(0);
  });

  it("meeting: title, theme, place and registration", async () => {
    const before = h.fake.callsTo("views.open").length;
    await h.user.command(USERS.coordinator, "möte ny");
    const viewId = await opened(before, "meeting modal");
    const day = format(addDays(new Date(), 20), "yyyy-MM-dd");
    const fields = await refusesEverywhere(USERS.coordinator, viewId, { [M.kind]: "platform", [M.group]: "network", [M.date]: day, [M.start]: "14:00", [M.end]: "16:00" });
    expect(fields.sort()).toEqual([M.title, M.theme, M.place, M.registration].sort());
    expect(await h.db.meeting.count()).toBe(0);
    covered.push(...fields);
  });

  it("covered every text input found", () => {
    expect(new Set(covered).size).toBeGreaterThanOrEqual(9);
  });
});
