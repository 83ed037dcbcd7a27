// The fake Slack against the real @slack/web-api client, and the user simulator against a tiny
// HTTP server that checks what Slack would send. No app needed.
import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { WebClient, type WebAPIPlatformError, type WebAPIRateLimitedError } from "@slack/web-api";
import { FakeSlack } from "../../dev/fake-slack/server.js";
import { SlackUserSimulator, stateValue } from "../../dev/fake-slack/client.js";

let fake: FakeSlack;
let slack: WebClient;

const section = (text: string) => ({ type: "section", text: { type: "mrkdwn", text } });
const modal = (title: string, extra: Record<string, unknown> = {}) => ({
  type: "modal",
  callback_id: "test_modal",
  title: { type: "plain_text", text: title },
  submit: { type: "plain_text", text: "Skicka" },
  blocks: [
    { type: "input", block_id: "name", label: { type: "plain_text", text: "Namn" }, element: { type: "plain_text_input", action_id: "name_input" } },
    {
      type: "input",
      block_id: "kind",
      label: { type: "plain_text", text: "Typ" },
      element: {
        type: "static_select",
        action_id: "kind_select",
        options: [
          { text: { type: "plain_text", text: "Vila" }, value: "rest" },
          { text: { type: "plain_text", text: "Insats" }, value: "measure" },
        ],
      },
    },
    {
      type: "input",
      block_id: "tags",
      optional: true,
      label: { type: "plain_text", text: "Taggar" },
      element: {
        type: "checkboxes",
        action_id: "tags_cb",
        options: [
          { text: { type: "plain_text", text: "A" }, value: "a" },
          { text: { type: "plain_text", text: "B" }, value: "b" },
        ],
      },
    },
    { type: "input", block_id: "from", label: { type: "plain_text", text: "Från" }, element: { type: "datepicker", action_id: "from_date", initial_date: "2016-09-01" } },
  ],
  ...extra,
});

/** The error a WebClient call rejected with. */
async function rejection(p: Promise<unknown>): Promise<WebAPIPlatformError> {
  try {
    await p;
  } catch (err) {
    return err as WebAPIPlatformError;
  }
  throw new Error("expected the call to fail");
}

beforeAll(async () => {
  fake = await FakeSlack.start();
  slack = new WebClient("xoxb-test", { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
});
afterAll(async () => {
  await fake?.close();
});
beforeEach(() => fake.reset());

describe("fake Slack Web API", () => {
  it("apiUrl ends with /api/ and auth.test answers like Slack", async () => {
    expect(fake.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
    const res = await slack.auth.test();
    expect(res).toMatchObject({ ok: true, user_id: fake.botUserId, bot_id: fake.botId, team_id: fake.teamId });
  });

  it("posts a valid message and records the call with blocks parsed back", async () => {
    const res = await slack.chat.postMessage({ channel: "C1", text: "hej", blocks: [section("*hej*")] });
    expect(res.ok).toBe(true);
    expect(res.channel).toBe("C1");
    expect(res.ts).toMatch(/^\d{10}\.\d{6}$/);
    const second = await slack.chat.postMessage({ channel: "C1", text: "igen" });
    expect(Number(second.ts)).toBeGreaterThan(Number(res.ts));
    const call = fake.callsTo("chat.postMessage")[0];
    expect(call?.args.blocks).toEqual([section("*hej*")]);
    expect(fake.messagesIn("C1").map((m) => m.text)).toEqual(["hej", "igen"]);
    expect(fake.message("C1", res.ts ?? "")?.blocks?.[0]?.block_id).toBeTruthy();
  });

  it("rejects invalid blocks with invalid_blocks and JSON-pointer errors", async () => {
    const err = await rejection(
      slack.chat.postMessage({
        channel: "C1",
        text: "x",
        blocks: [{ type: "section", text: { type: "mrkdwn", text: "ok" }, accessory: { type: "button", text: { type: "plain_text", text: "x".repeat(80) }, action_id: "b" } }],
      }),
    );
    expect(err.code).toBe("slack_webapi_platform_error");
    expect(err.data.error).toBe("invalid_blocks");
    const errors = (err.data as unknown as { errors: string[] }).errors;
    expect(errors).toEqual(["must NOT have more than 75 characters [json-pointer:/blocks/0/accessory/text/text]"]);
    expect(err.data.response_metadata?.messages?.[0]).toMatch(/^\[ERROR\] /);
    expect(fake.messagesIn("C1")).toHaveLength(0);
    expect(fake.callsTo("chat.postMessage")[0]?.ok).toBe(false);
  });

  it("rejects 51 blocks, duplicate action ids, unknown block types, and a message without text or blocks", async () => {
    const many = Array.from({ length: 51 }, (_, i) => section(`rad ${i}`));
    const err = await rejection(slack.chat.postMessage({ channel: "C1", text: "x", blocks: many }));
    expect(err.data.error).toBe("invalid_blocks");
    expect(JSON.stringify(err.data)).toContain("more than 50");
    await expect(slack.chat.postMessage({ channel: "C1", text: "x", blocks: many.slice(0, 50) })).resolves.toMatchObject({ ok: true });

    const button = (id: string) => ({ type: "button" as const, text: { type: "plain_text" as const, text: "Ok" }, action_id: id });
    const dup = await rejection(
      slack.chat.postMessage({ channel: "C1", text: "x", blocks: [{ type: "actions", elements: [button("a"), button("a")] }] }),
    );
    expect(JSON.stringify(dup.data)).toContain('action_id \\"a\\" is already used');

    const unknown = await rejection(slack.chat.postMessage({ channel: "C1", text: "x", blocks: [{ type: "sektion" }] }));
    expect((unknown.data as unknown as { errors: string[] }).errors[0]).toContain("[json-pointer:/blocks/0/type]");

    const options = Array.from({ length: 11 }, (_, i) => ({ text: { type: "plain_text" as const, text: `o${i}` }, value: `v${i}` }));
    const radios = await rejection(
      slack.chat.postMessage({ channel: "C1", text: "x", blocks: [{ type: "actions", elements: [{ type: "radio_buttons", action_id: "r", options }] }] }),
    );
    expect(JSON.stringify(radios.data)).toContain("must NOT have more than 10 items");

    expect((await rejection(slack.chat.postMessage({ channel: "C1", text: "" }))).data.error).toBe("no_text");
    expect((await rejection(slack.apiCall("chat.postMessage", { text: "x" }))).data.error).toBe("channel_not_found");
  });

  it("rejects a modal with a 30-character title, and one with inputs but no submit", async () => {
    fake.triggerTtlMs = null;
    const trigger = fake.registerTrigger({ userId: "U1" });
    const long = await rejection(slack.views.open({ trigger_id: trigger, view: modal("x".repeat(30)) as never }));
    expect(long.data.error).toBe("invalid_arguments");
    expect((long.data as unknown as { errors: string[] }).errors).toContain(
      "must NOT have more than 24 characters [json-pointer:/view/title/text]",
    );
    const { submit: _s, ...noSubmit } = modal("Ansökan");
    const missing = await rejection(slack.views.open({ trigger_id: trigger, view: noSubmit as never }));
    expect(JSON.stringify(missing.data)).toContain("submit");
    // Invalid views do not use up the trigger.
    await expect(slack.views.open({ trigger_id: trigger, view: modal("Ansökan") as never })).resolves.toMatchObject({ ok: true });
  });

  it("trigger ids: single use, unknown ones rejected, expire after 3 s", async () => {
    const trigger = fake.registerTrigger({ userId: "U1" });
    const res = await slack.views.open({ trigger_id: trigger, view: modal("Ansökan") as never });
    expect(res.view?.id).toMatch(/^V/);
    expect(res.view?.hash).toBeTruthy();
    expect(fake.lastOpenedView()?.id).toBe(res.view?.id);
    expect(fake.openViews("U1").map((v) => v.id)).toEqual([res.view?.id]);
    expect((await rejection(slack.views.open({ trigger_id: trigger, view: modal("Ansökan") as never }))).data.error).toBe("exchanged_trigger_id");
    expect((await rejection(slack.views.open({ trigger_id: "123.456.abc", view: modal("Ansökan") as never }))).data.error).toBe(
      "invalid_trigger_id",
    );
    // Slack's lifetime of 3 s: move the clock (Date only; timers and sockets stay real) to just
    // before and just after it instead of waiting.
    // The clock is frozen before the triggers are registered: on a busy machine milliseconds pass
    // between two real Date.now() calls, and "3 010 ms later" would then be less than 3 s.
    const start = Date.now();
    vi.useFakeTimers({ toFake: ["Date"], now: start });
    try {
      const fresh = fake.registerTrigger({ userId: "U1", ttlMs: 3_000 });
      const expired = fake.registerTrigger({ userId: "U1", ttlMs: 3_000 });
      vi.setSystemTime(start + 2_990);
      await expect(slack.views.open({ trigger_id: fresh, view: modal("Ansökan") as never })).resolves.toMatchObject({ ok: true });
      vi.setSystemTime(start + 3_010);
      expect((await rejection(slack.views.open({ trigger_id: expired, view: modal("Ansökan") as never }))).data.error).toBe(
        "expired_trigger_id",
      );
    } finally {
      vi.useRealTimers();
    }
  });

  it("views.push stops at 3 views, views.update checks the hash and keeps the id", async () => {
    const opened = await slack.views.open({ trigger_id: fake.registerTrigger({ userId: "U1" }), view: modal("Ett") as never });
    const id = opened.view?.id ?? "";
    await slack.views.push({ trigger_id: fake.registerTrigger({ userId: "U1", viewId: id }), view: modal("Två") as never });
    await slack.views.push({ trigger_id: fake.registerTrigger({ userId: "U1", viewId: id }), view: modal("Tre") as never });
    const fourth = await rejection(slack.views.push({ trigger_id: fake.registerTrigger({ userId: "U1" }), view: modal("Fyra") as never }));
    expect(fourth.data.error).toBe("push_limit_reached");
    expect(fake.openViews("U1")).toHaveLength(3);

    const conflict = await rejection(slack.views.update({ view_id: id, hash: "stale", view: modal("Nytt") as never }));
    expect(conflict.data.error).toBe("hash_conflict");
    const updated = await slack.views.update({ view_id: id, hash: opened.view?.hash, view: modal("Nytt") as never });
    expect(updated.view?.id).toBe(id);
    expect(updated.view?.hash).not.toBe(opened.view?.hash);
    expect(fake.view(id)?.title).toEqual({ type: "plain_text", text: "Nytt" });
    expect((await rejection(slack.views.update({ view_id: "VNOPE", view: modal("X") as never }))).data.error).toBe("not_found");
    expect((await rejection(slack.views.update({ external_id: "nope", view: modal("X") as never }))).data.error).toBe("not_found");
  });

  it("views.publish stores the home tab per user", async () => {
    await slack.views.publish({ user_id: "U2", view: { type: "home", blocks: [section("Hem")] } as never });
    const home = fake.home("U2");
    expect(home?.type).toBe("home");
    const again = await slack.views.publish({ user_id: "U2", view: { type: "home", blocks: [section("Hem 2")] } as never });
    expect(again.view?.id).toBe(home?.id);
    const bad = await rejection(slack.views.publish({ user_id: "U2", view: { type: "home", blocks: [] } as never }));
    expect(bad.data.error).toBe("invalid_arguments");
  });

  it("failNext: ok:false errors, then a 429 with Retry-After, all recorded without state change", async () => {
    fake.failNext("chat.postMessage", { error: "internal_error", times: 2 });
    fake.failNext("chat.postMessage", { status: 429, retryAfter: 7 });
    expect((await rejection(slack.chat.postMessage({ channel: "C1", text: "a" }))).data.error).toBe("internal_error");
    expect((await rejection(slack.chat.postMessage({ channel: "C1", text: "a" }))).data.error).toBe("internal_error");
    const limited = (await rejection(slack.chat.postMessage({ channel: "C1", text: "a" }))) as unknown as WebAPIRateLimitedError;
    expect(limited.code).toBe("slack_webapi_rate_limited_error");
    expect(limited.retryAfter).toBe(7);
    await expect(slack.chat.postMessage({ channel: "C1", text: "a" })).resolves.toMatchObject({ ok: true });
    const calls = fake.callsTo("chat.postMessage");
    expect(calls.map((c) => c.status)).toEqual([200, 200, 429, 200]);
    expect(calls.map((c) => c.ok)).toEqual([false, false, false, true]);
    expect(fake.messagesIn("C1")).toHaveLength(1);

    fake.failNext("users.info", { status: 500 });
    const http = await rejection(slack.users.info({ user: "U1" }));
    expect(http.code).toBe("slack_webapi_http_error");
  });

  it("threads: thread_ts must be an existing parent; reply_broadcast only with thread_ts", async () => {
    expect((await rejection(slack.chat.postMessage({ channel: "C1", text: "svar", thread_ts: "1.000100" }))).data.error).toBe(
      "thread_not_found",
    );
    const parent = await slack.chat.postMessage({ channel: "C1", text: "förälder" });
    const reply = await slack.chat.postMessage({ channel: "C1", text: "svar", thread_ts: parent.ts ?? "" });
    expect(fake.thread("C1", parent.ts ?? "").map((m) => m.text)).toEqual(["förälder", "svar"]);
    expect(fake.message("C1", parent.ts ?? "")?.reply_count).toBe(1);
    expect(fake.messagesIn("C1")).toHaveLength(1);
    // a reply is not a parent
    expect((await rejection(slack.chat.postMessage({ channel: "C1", text: "x", thread_ts: reply.ts ?? "" }))).data.error).toBe(
      "thread_not_found",
    );
    const broadcast = await rejection(slack.apiCall("chat.postMessage", { channel: "C1", text: "x", reply_broadcast: true }));
    expect(broadcast.data.error).toBe("invalid_arguments");
  });

  it("chat.update replaces text and blocks; unknown ts gives message_not_found", async () => {
    const posted = await slack.chat.postMessage({ channel: "C1", text: "före", blocks: [section("före")] });
    await slack.chat.update({ channel: "C1", ts: posted.ts ?? "", text: "efter", blocks: [section("efter")] });
    const m = fake.message("C1", posted.ts ?? "");
    expect(m?.text).toBe("efter");
    expect(JSON.stringify(m?.blocks)).toContain("efter");
    expect(JSON.stringify(m?.blocks)).not.toContain("före");
    expect((await rejection(slack.chat.update({ channel: "C1", ts: "1.2", text: "x" }))).data.error).toBe("message_not_found");
  });

  it("a user id as channel is a DM channel; conversations.open gives the same id", async () => {
    const res = await slack.chat.postMessage({ channel: "U0APPL", text: "hej" });
    expect(res.channel).toMatch(/^D/);
    expect(fake.dmChannelOf("U0APPL")).toBe(res.channel);
    expect(fake.messagesIn(res.channel ?? "")).toHaveLength(1);
    expect(fake.messagesIn("U0APPL")).toHaveLength(1);
    const open = await slack.conversations.open({ users: "U0APPL" });
    expect(open.channel?.id).toBe(res.channel);
  });

  it("users.info gives Stockholm time and sv-SE locale when asked", async () => {
    const res = await slack.users.info({ user: "U1", include_locale: true });
    expect(res.user).toMatchObject({ id: "U1", tz: "Europe/Stockholm", locale: "sv-SE" });
    expect([3600, 7200]).toContain(res.user?.tz_offset);
    const noLocale = await slack.users.info({ user: "U1" });
    expect(noLocale.user?.locale).toBeUndefined();
  });

  it("auth and unknown methods", async () => {
    const noToken = new WebClient(undefined, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    expect((await rejection(noToken.auth.test())).data.error).toBe("not_authed");
    const userToken = new WebClient("xoxp-1", { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    expect((await rejection(userToken.auth.test())).data.error).toBe("invalid_auth");
    expect((await rejection(slack.apiCall("chat.nonsense", {}))).data.error).toBe("unknown_method");
  });

  it("waitForCall finds past and future calls, and times out with the calls seen", async () => {
    await slack.chat.postMessage({ channel: "C1", text: "först" });
    await expect(fake.waitForCall("chat.postMessage")).resolves.toMatchObject({ args: { text: "först" } });
    const later = fake.waitForCall("chat.postMessage", (c) => c.args.text === "sen");
    await slack.chat.postMessage({ channel: "C1", text: "sen" });
    await expect(later).resolves.toMatchObject({ ok: true });
    await expect(fake.waitForCall("views.open", undefined, 50)).rejects.toThrow(/chat\.postMessage/);
  });

  it("response_url: ephemeral by default, in_channel posts, invalid blocks answered 400", async () => {
    const url = fake.newResponseUrl({ channel: "C1", userId: "U1" });
    expect(url.startsWith(`${fake.baseUrl}/response/`)).toBe(true);
    const post = (body: unknown) => fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    expect((await post({ text: "bara du" })).status).toBe(200);
    expect(fake.ephemerals("U1").map((m) => m.text)).toEqual(["bara du"]);
    expect((await post({ text: "alla", response_type: "in_channel" })).status).toBe(200);
    expect(fake.messagesIn("C1").map((m) => m.text)).toEqual(["alla"]);
    const bad = await post({ blocks: [{ type: "section" }] });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, error: "invalid_blocks" });
    expect(fake.callsTo("response_url").map((c) => c.ok)).toEqual([true, true, false]);
  });
});

describe("user simulator", () => {
  const SECRET = "shh-secret";
  let app: Server;
  let appUrl = "";
  const received: Array<{ headers: IncomingMessage["headers"]; body: string; validSignature: boolean }> = [];
  let answer: (body: string) => { status: number; body: string; type?: string } = () => ({ status: 200, body: "" });

  beforeAll(async () => {
    app = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        const ts = String(req.headers["x-slack-request-timestamp"]);
        const expected = `v0=${createHmac("sha256", SECRET).update(`v0:${ts}:${body}`).digest("hex")}`;
        received.push({ headers: req.headers, body, validSignature: expected === req.headers["x-slack-signature"] });
        const a = answer(body);
        res.writeHead(a.status, { "content-type": a.type ?? "application/json" });
        res.end(a.body);
      });
    });
    await new Promise<void>((ok) => app.listen(0, "127.0.0.1", ok));
    appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/slack/events`;
  });
  afterAll(async () => {
    await new Promise<void>((ok) => app.close(() => ok()));
  });
  beforeEach(() => {
    received.length = 0;
    answer = () => ({ status: 200, body: "" });
  });

  const sim = () => new SlackUserSimulator({ appUrl, signingSecret: SECRET, fake });

  it("signs a slash command and sends it form-encoded with the exact content type", async () => {
    const res = await sim().command("U1", "ansök vila NSP3");
    expect(res.status).toBe(200);
    const req = received[0];
    expect(req?.validSignature).toBe(true);
    expect(req?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    const form = new URLSearchParams(req?.body);
    expect(form.get("command")).toBe("/nsp");
    expect(form.get("text")).toBe("ansök vila NSP3");
    expect(form.get("user_id")).toBe("U1");
    expect(form.get("trigger_id")).toBe(res.triggerId);
    expect(form.get("response_url")).toBe(res.responseUrl);
    expect(form.get("channel_id")).toBe(fake.dmChannelOf("U1"));
    // The trigger works once with the fake.
    await expect(slack.views.open({ trigger_id: res.triggerId, view: modal("Ansökan") as never })).resolves.toMatchObject({ ok: true });

    await sim().command("U1", "x", { signature: "v0=deadbeef", timestamp: 1 });
    expect(received[1]?.validSignature).toBe(false);
    expect(received[1]?.headers["x-slack-request-timestamp"]).toBe("1");
  });

  it("builds block_actions from a stored message and from a view with its state", async () => {
    const posted = await slack.chat.postMessage({
      channel: "C1",
      text: "beslut",
      blocks: [{ type: "actions", block_id: "decide", elements: [{ type: "button", action_id: "decide_grant", value: "42", text: { type: "plain_text", text: "Bevilja" } }] }],
    });
    const s = sim();
    const res = await s.blockAction("U0COORD", { actionId: "decide_grant", message: { channel: "C1", ts: posted.ts ?? "" } });
    const payload = JSON.parse(new URLSearchParams(received[0]?.body).get("payload") ?? "{}") as Record<string, unknown>;
    expect(received[0]?.validSignature).toBe(true);
    expect(payload).toMatchObject({
      type: "block_actions",
      user: { id: "U0COORD" },
      container: { type: "message", channel_id: "C1", message_ts: posted.ts },
      channel: { id: "C1" },
      message: { ts: posted.ts, text: "beslut" },
      actions: [{ action_id: "decide_grant", block_id: "decide", type: "button", value: "42" }],
      trigger_id: res.triggerId,
      response_url: res.responseUrl,
    });

    const opened = await slack.views.open({ trigger_id: fake.registerTrigger({ userId: "U1" }), view: modal("Ansökan") as never });
    const viewId = opened.view?.id ?? "";
    await s.blockAction("U1", { actionId: "kind_select", view: viewId, selectedOption: "measure" });
    const vPayload = JSON.parse(new URLSearchParams(received[1]?.body).get("payload") ?? "{}") as Record<string, unknown>;
    expect(vPayload).toMatchObject({
      container: { type: "view", view_id: viewId },
      view: { id: viewId, hash: opened.view?.hash, state: { values: { kind: { kind_select: { type: "static_select" } } } } },
      actions: [{ action_id: "kind_select", block_id: "kind", type: "static_select", selected_option: { value: "measure", text: { text: "Insats" } } }],
    });
    await expect(s.blockAction("U1", { actionId: "nope", view: viewId })).rejects.toThrow(/no element/);
  });

  it("valuesFor fills every input block, submitView applies errors / update / close", async () => {
    const opened = await slack.views.open({ trigger_id: fake.registerTrigger({ userId: "U1" }), view: modal("Ansökan") as never });
    const viewId = opened.view?.id ?? "";
    const s = sim();
    const values = s.valuesFor(viewId, { name: "Anna", kind: "rest", tags: ["b"] });
    expect(values).toEqual({
      name: { name_input: stateValue.text("Anna") },
      kind: { kind_select: stateValue.select("rest", "Vila") },
      tags: { tags_cb: { type: "checkboxes", selected_options: [{ text: { type: "plain_text", text: "B" }, value: "b" }] } },
      from: { from_date: stateValue.date("2016-09-01") },
    });
    expect(() => s.valuesFor(viewId, { nmae: "x" })).toThrow(/no input block nmae/);
    expect(() => s.valuesFor(viewId, { kind: "bogus" })).toThrow(/no option/);

    answer = () => ({ status: 200, body: JSON.stringify({ response_action: "errors", errors: { name: "För kort" } }) });
    const withErrors = await s.submitView("U1", viewId, values);
    expect(withErrors.json).toMatchObject({ response_action: "errors" });
    expect(withErrors.outcome?.action).toBe("errors");
    const payload = JSON.parse(new URLSearchParams(received[0]?.body).get("payload") ?? "{}") as Record<string, unknown>;
    expect(payload).toMatchObject({ type: "view_submission", user: { id: "U1" }, view: { id: viewId, callback_id: "test_modal", state: { values } } });
    expect(fake.isViewOpen(viewId)).toBe(true);

    answer = () => ({ status: 200, body: JSON.stringify({ response_action: "update", view: modal("Tack") }) });
    const updated = await s.submitView("U1", viewId, values);
    expect(updated.outcome?.action).toBe("update");
    expect(fake.view(viewId)?.title).toEqual({ type: "plain_text", text: "Tack" });

    answer = () => ({ status: 200, body: JSON.stringify({ response_action: "update", view: modal("x".repeat(40)) }) });
    const invalidUpdate = await s.submitView("U1", viewId, values);
    expect(invalidUpdate.outcome?.action).toBe("invalid");
    expect(invalidUpdate.outcome?.validationErrors?.join()).toContain("/view/title/text");

    answer = () => ({ status: 200, body: "" });
    const closed = await s.submitView("U1", viewId, values);
    expect(closed.outcome?.action).toBe("close");
    expect(fake.isViewOpen(viewId)).toBe(false);
  });

  it("sends Events API envelopes as JSON with retry headers", async () => {
    const res = await sim().event({ type: "app_home_opened", user: "U1", tab: "home" }, { retryNum: 1 });
    const req = received[0];
    expect(req?.validSignature).toBe(true);
    expect(req?.headers["content-type"]).toBe("application/json");
    expect(req?.headers["x-slack-retry-num"]).toBe("1");
    expect(JSON.parse(req?.body ?? "{}")).toMatchObject({ type: "event_callback", event_id: res.eventId, event: { type: "app_home_opened" } });
  });
});
