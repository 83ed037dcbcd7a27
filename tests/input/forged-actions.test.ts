// Forged (correctly signed) override and info-answer submissions and forged block actions: no 500,
// no crash, a specific Swedish message (never "försök igen": retrying a forged value cannot help)
// or a silent ignore, and nothing stored. Ids from Slack (button values, private_metadata, command
// words) are record ids only when PostgreSQL's integer can hold them; a larger number used to reach
// the query and fail as "kunde inte sparas just nu – försök igen".
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTION, APPLY_BLOCK as B, BUDGET_BLOCK as T, CALLBACK, INFO_BLOCK } from "../../src/core/ids.js";
import { truncateAll } from "../helpers/db.js";
import { seedFixtures, startHarness, submitInquiry, USERS, waitFor, type Harness } from "../helpers/harness.js";

let h: Harness;
let requestId: number;
let infoId: number;
let meetingId: number;
/** The app's log lines (JSON), to see that a forged action was handled and that nothing failed. */
const logLines: { level: number; msg: string }[] = [];
const logStream = new Writable({
  write(chunk: Buffer, _enc, done) {
    for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) logLines.push(JSON.parse(line) as { level: number; msg: string });
    done();
  },
});

beforeAll(async () => {
  h = await startHarness({ config: { LOG_LEVEL: "debug" }, logStream });
  await truncateAll(h.db);
  await seedFixtures(h.db);
  await submitInquiry(h, "Faller detta inom NSP?");
  const request = await h.db.request.findFirstOrThrow({ orderBy: { id: "desc" } });
  requestId = request.id;
  infoId = (await h.db.infoRequest.create({ data: { requestId, question: "Vilken kommun gäller det?", askedBy: USERS.coordinator } })).id;
  const startsAt = new Date(Date.now() + 7 * 24 * 3600_000);
  meetingId = (
    await h.db.meeting.create({
      data: { kind: "platform", title: "Plattformsmöte", startsAt, endsAt: new Date(startsAt.getTime() + 3600_000), createdBy: USERS.applicant },
    })
  ).id;
});
afterAll(async () => {
  await h?.close();
});

const HUGE_ID = "99999999999"; // a safe integer, beyond PostgreSQL's integer
const NOT_RETRY = /försök igen|kunde inte sparas|just nu/i;
const CONTROL = (code: string) => new RegExp(`styrtecken \\(${code.replace("+", "\\+")}\\)`);

const counts = async () => ({
  requests: await h.db.request.count(),
  overrides: await h.db.budgetOverride.count(),
  answered: await h.db.infoRequest.count({ where: { answeredAt: { not: null } } }),
  transfers: await h.db.budgetTransfer.count(),
  rsvps: await h.db.rsvp.count(),
  meetingsCancelled: await h.db.meeting.count({ where: { cancelledAt: { not: null } } }),
  status: (await h.db.request.findUniqueOrThrow({ where: { id: requestId } })).status,
});

async function post(payload: Record<string, unknown>): Promise<{ status: number; json: unknown }> {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const res = await fetch(h.user.appUrl, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", ...h.user.sign(body) }, body });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as unknown) : undefined };
}

const who = (user: string) => ({ user: { id: user, team_id: h.fake.teamId }, team: { id: h.fake.teamId, domain: h.fake.teamDomain }, api_app_id: h.fake.appId });

/** A block_actions payload as Slack sends it, with whatever action, view or message is given. */
function action(user: string, act: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return post({
    type: "block_actions",
    ...who(user),
    trigger_id: h.fake.registerTrigger({ userId: user }),
    actions: [{ block_id: "b", type: "button", action_ts: "1.0", ...act }],
    ...extra,
  });
}

/** An ephemeral answer through a response URL (as from a message button), for `user`. */
function messageContext(user: string) {
  const channel = h.fake.ensureDmChannel(user);
  return { channel: { id: channel, name: "directmessage" }, response_url: h.fake.newResponseUrl({ channel, userId: user }) };
}

async function openedViewId(before: number): Promise<string> {
  const call = await waitFor(async () => h.fake.callsTo("views.open")[before], "views.open");
  return (call.response as { view: { id: string } }).view.id;
}

/** The notice text of the next views.open (a notice modal's blocks as one string). */
async function nextOpenedText(before: number): Promise<string> {
  const call = await waitFor(async () => h.fake.callsTo("views.open")[before], "views.open");
  return JSON.stringify(call.args.view);
}

/** A view_submission of stored view `viewId` with `values`, and private_metadata replaced when given. */
function submit(user: string, viewId: string, values: Record<string, unknown>, privateMetadata?: string) {
  const view = h.fake.view(viewId);
  if (!view) throw new Error(`no view ${viewId}`);
  return post({
    type: "view_submission",
    ...who(user),
    view: { ...view, ...(privateMetadata === undefined ? {} : { private_metadata: privateMetadata }), state: { values } },
  });
}

async function openOverride(): Promise<string> {
  const before = h.fake.callsTo("views.open").length;
  await h.user.command(USERS.admin, `budget överskrid ${requestId}`);
  return openedViewId(before);
}

async function openInfoAnswer(): Promise<string> {
  const before = h.fake.callsTo("views.open").length;
  await action(USERS.applicant, { action_id: ACTION.answerInfo, value: String(infoId) });
  return openedViewId(before);
}

const text = (value: string) => ({ a: { type: "plain_text_input", value } });
const number = (value: string) => ({ a: { type: "number_input", value } });

describe("forged override submissions", () => {
  it.each([
    { label: "a 1 MB reason", amount: "100", reason: "x".repeat(1_000_000), block: T.overrideReason, message: /^Högst 1000 tecken/ },
    { label: "a NUL in the reason", amount: "100", reason: "Akut\u0000 behov", block: T.overrideReason, message: CONTROL("U+0000") },
    { label: "an escape in the amount", amount: "100\u001b", reason: "Akut behov", block: T.overrideAmount, message: CONTROL("U+001B") },
    { label: "an amount beyond any budget", amount: "3000000000", reason: "Akut behov", block: T.overrideAmount, message: /^Ange ett heltal från 1 till/ },
  ])("$label is refused at the field, nothing stored", async ({ amount, reason, block, message }) => {
    const viewId = await openOverride();
    const before = await counts();
    const res = await submit(USERS.admin, viewId, { [T.overrideAmount]: number(amount), [T.overrideReason]: text(reason) });
    expect(res.status).toBe(200);
    const errors = (res.json as { errors: Record<string, string> }).errors;
    expect(errors[block]).toMatch(message);
    expect(errors[block]).not.toMatch(NOT_RETRY);
    expect(await counts()).toEqual(before);
  });

  it.each([
    { label: "not JSON", meta: "{not json" },
    { label: "a request id beyond PostgreSQL's integer", meta: JSON.stringify({ requestId: Number(HUGE_ID) }) },
    { label: "a request id as a string", meta: JSON.stringify({ requestId: String(requestId) }) },
  ])("private_metadata $label: the form cannot be read, nothing stored", async ({ meta }) => {
    const viewId = await openOverride();
    const before = await counts();
    const res = await submit(USERS.admin, viewId, { [T.overrideAmount]: number("100"), [T.overrideReason]: text("Akut behov") }, meta);
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.json)).toContain("Formuläret kunde inte läsas");
    expect(JSON.stringify(res.json)).not.toMatch(NOT_RETRY);
    expect(await counts()).toEqual(before);
  });

  it("private_metadata naming a request that does not exist is told so at the field", async () => {
    const viewId = await openOverride();
    const before = await counts();
    const res = await submit(USERS.admin, viewId, { [T.overrideAmount]: number("100"), [T.overrideReason]: text("Akut behov") }, JSON.stringify({ requestId: 2147483647 }));
    expect((res.json as { errors: Record<string, string> }).errors[T.overrideReason]).toBe("Ansökan finns inte.");
    expect(await counts()).toEqual(before);
  });

  it("/nsp budget överskrid with an id beyond PostgreSQL's integer gets the usage message", async () => {
    const before = h.fake.ephemerals(USERS.admin).length;
    await h.user.command(USERS.admin, `budget överskrid ${HUGE_ID}`);
    const m = await waitFor(async () => h.fake.ephemerals(USERS.admin)[before], "ephemeral answer");
    expect(m.text).toMatch(/^Ange ansökningsnumret/);
  });
});

describe("forged info-answer submissions", () => {
  it.each([
    { label: "a 1 MB answer", answer: "x".repeat(1_000_000), message: /^Högst \d+ tecken/ },
    { label: "a NUL byte", answer: "Göteborg\u0000", message: CONTROL("U+0000") },
    { label: "a C1 control", answer: "Göte\u0085borg", message: CONTROL("U+0085") },
  ])("$label is refused at the field, nothing stored", async ({ answer, message }) => {
    const viewId = await openInfoAnswer();
    const before = await counts();
    const res = await submit(USERS.applicant, viewId, { [INFO_BLOCK.answer]: text(answer) });
    const errors = (res.json as { errors: Record<string, string> }).errors;
    expect(errors[INFO_BLOCK.answer]).toMatch(message);
    expect(await counts()).toEqual(before);
  });

  it.each([
    { label: "not JSON", meta: "][" },
    { label: "an id beyond PostgreSQL's integer", meta: JSON.stringify({ infoRequestId: Number(HUGE_ID) }) },
    { label: "an id of -1", meta: JSON.stringify({ infoRequestId: -1 }) },
  ])("private_metadata $label: the form cannot be read, nothing stored", async ({ meta }) => {
    const viewId = await openInfoAnswer();
    const before = await counts();
    const res = await submit(USERS.applicant, viewId, { [INFO_BLOCK.answer]: text("Göteborg") }, meta);
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.json)).toContain("Formuläret kunde inte läsas");
    expect(JSON.stringify(res.json)).not.toMatch(NOT_RETRY);
    expect(await counts()).toEqual(before);
  });
});

describe("forged block actions", () => {
  it.each([
    { label: "a value that is not a number", value: "abc" },
    { label: "an id beyond PostgreSQL's integer", value: HUGE_ID },
    { label: "a request that does not exist", value: "2147483647" },
    { label: "1e3", value: "1e3" },
  ])("a decision button with $label: 'finns inte', nothing decided", async ({ value }) => {
    const before = await counts();
    const opened = h.fake.callsTo("views.open").length;
    const res = await action(USERS.coordinator, { action_id: `${ACTION.decide}_grant`, value });
    expect(res.status).toBe(200);
    expect(await nextOpenedText(opened)).toContain("Ansökan finns inte längre.");
    expect(await counts()).toEqual(before);
  });

  it.each(["abc", HUGE_ID, "2147483647"])("the answer button with %s: cannot answer, nothing stored", async (value) => {
    const opened = h.fake.callsTo("views.open").length;
    const res = await action(USERS.applicant, { action_id: ACTION.answerInfo, value });
    expect(res.status).toBe(200);
    expect(await nextOpenedText(opened)).toContain("Du kan inte svara på den här frågan.");
  });

  it.each(["abc", HUGE_ID])("'Flytta medel' with period %s: the period cannot be read", async (value) => {
    const opened = h.fake.callsTo("views.open").length;
    const res = await action(USERS.coordinator, { action_id: ACTION.openTransfer, value });
    expect(res.status).toBe(200);
    expect(await nextOpenedText(opened)).toContain("Budgetperioden kunde inte läsas");
  });

  it.each([
    { label: "a meeting that does not exist", value: "2147483647", answer: "Mötet finns inte längre." },
    { label: "an id beyond PostgreSQL's integer", value: HUGE_ID, answer: "Mötet finns inte längre." },
    { label: "a value that is not an id", value: "1; DROP TABLE rsvp", answer: "Mötet finns inte längre." },
  ])("an RSVP with $label gets a specific answer, nothing stored", async ({ value, answer }) => {
    const before = await counts();
    const seen = h.fake.ephemerals(USERS.stranger).length;
    const res = await action(USERS.stranger, { action_id: ACTION.rsvpYes, value }, messageContext(USERS.stranger));
    expect(res.status).toBe(200);
    const m = await waitFor(async () => h.fake.ephemerals(USERS.stranger)[seen], "ephemeral answer");
    expect(m.text).toBe(answer);
    expect(await counts()).toEqual(before);
  });

  it("an RSVP for a real meeting is stored (control)", async () => {
    const res = await action(USERS.stranger, { action_id: ACTION.rsvpNo, value: String(meetingId) }, messageContext(USERS.stranger));
    expect(res.status).toBe(200);
    await waitFor(async () => h.db.rsvp.findFirst({ where: { meetingId, slackUserId: USERS.stranger, answer: "no" } }), "rsvp row");
  });

  it("'Ställ in' with an id beyond PostgreSQL's integer: 'finns inte', nothing cancelled", async () => {
    const before = await counts();
    const seen = h.fake.ephemerals(USERS.admin).length;
    await action(USERS.admin, { action_id: `${ACTION.meetingCancel}_${HUGE_ID}`, value: HUGE_ID }, messageContext(USERS.admin));
    const m = await waitFor(async () => h.fake.ephemerals(USERS.admin)[seen], "ephemeral answer");
    expect(m.text).toBe("Mötet finns inte längre.");
    expect(await counts()).toEqual(before);
  });

  describe("the apply modal's type switch and cost preview", () => {
    async function openApply(): Promise<string> {
      const before = h.fake.callsTo("views.open").length;
      await h.user.command(USERS.applicant, "ansök vila");
      return openedViewId(before);
    }

    /** A type switch on the stored apply modal with the given view fields replaced. */
    function typeSwitch(viewId: string, selected: string, viewOver: Record<string, unknown> = {}) {
      const view = h.fake.view(viewId);
      if (!view) throw new Error(`no view ${viewId}`);
      const state = { values: { [B.type]: { [ACTION.applyType]: { type: "static_select", selected_option: { value: selected } } } } };
      return action(
        USERS.applicant,
        { action_id: ACTION.applyType, block_id: B.type, type: "static_select", selected_option: { value: selected } },
        { container: { type: "view", view_id: viewId }, view: { ...view, state, ...viewOver } },
      );
    }

    const ignored = () => logLines.filter((l) => l.msg === "apply modal change ignored").length;
    const updatesOf = (viewId: string, before: number) => h.fake.callsTo("views.update").slice(before).filter((c) => c.args.view_id === viewId);

    it.each([
      { label: "an unknown type", selected: "lottery", over: {} },
      { label: "a 150-character type", selected: "x".repeat(150), over: {} },
      { label: "a NUL in the type", selected: "rest\u0000", over: {} },
      { label: "the view of another modal", selected: "measure", over: { callback_id: CALLBACK.budgetOverride } },
    ])("$label is ignored: the modal is not rebuilt from it", async ({ selected, over }) => {
      const viewId = await openApply();
      const before = h.fake.callsTo("views.update").length;
      const seen = ignored();
      const res = await typeSwitch(viewId, selected, over);
      expect(res.status).toBe(200);
      await waitFor(async () => ignored() > seen, "the change ignored");
      expect(updatesOf(viewId, before)).toHaveLength(0);
    });

    it("a type switch as Slack sends it still rebuilds the modal (control)", async () => {
      const viewId = await openApply();
      const before = h.fake.callsTo("views.update").length;
      expect((await typeSwitch(viewId, "integration")).status).toBe(200);
      const update = await waitFor(async () => updatesOf(viewId, before)[0], "views.update");
      expect(update.response).toMatchObject({ ok: true });
      const blocks = (update.args.view as { blocks: { block_id?: string; element?: { initial_option?: { value: string } } }[] }).blocks;
      expect(blocks.find((b) => b.block_id === B.type)?.element?.initial_option?.value).toBe("integration");
    });

    it("a cost preview action without a view is ignored", async () => {
      const seen = ignored();
      expect((await action(USERS.applicant, { action_id: `${ACTION.costInput}_${B.children}`, type: "number_input", value: "2" })).status).toBe(200);
      await waitFor(async () => ignored() > seen, "the change ignored");
    });

    it("over-long and control-character values in the cost fields do not reach the preview or the rebuilt modal", async () => {
      const viewId = await openApply();
      const view = h.fake.view(viewId);
      if (!view) throw new Error("no view");
      const before = h.fake.callsTo("views.update").length;
      const seen = ignored();
      const values = {
        [B.type]: { [ACTION.applyType]: { type: "static_select", selected_option: { value: "rest" } } },
        [B.caseRef]: { a: { type: "plain_text_input", value: `NSP\u0000${"9".repeat(2000)}` } },
        [B.children]: { a: { type: "number_input", value: "9".repeat(5000) } },
      };
      const res = await action(
        USERS.applicant,
        { action_id: `${ACTION.costInput}_${B.children}`, block_id: B.children, type: "number_input", value: "9".repeat(1000) },
        { container: { type: "view", view_id: viewId }, view: { ...view, private_metadata: "{forged", state: { values } } },
      );
      expect(res.status).toBe(200);
      await waitFor(async () => ignored() > seen, "the change ignored");
      expect(updatesOf(viewId, before)).toHaveLength(0);
    });
  });
});

it("nothing above was logged as a failure (no handler threw on forged input)", () => {
  expect(logLines.filter((l) => l.level >= 50).map((l) => l.msg)).toEqual([]);
});
