// Correctly signed bodies that are not Slack payloads, sent through the real HTTP receiver: each
// gets 400 (never 500, never a dead process), and the next valid request is served. A bad
// signature still gets 401, before anything is parsed. And calendar feed paths whose slug is not a
// slug get 404 (not 500 for a bad percent-escape, not 503 for a NUL byte).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, USERS, waitFor, type Harness } from "../helpers/harness.js";

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ workers: false });
  await h.user.command(USERS.applicant, "hjälp");
  await waitFor(async () => h.fake.callsTo("auth.test").length > 0, "first auth.test");
});
afterAll(async () => {
  await h?.close();
});

const FORM = "application/x-www-form-urlencoded";
const JSON_TYPE = "application/json";

async function postSigned(body: string, contentType: string, signature?: string): Promise<number> {
  const headers = h.user.sign(body);
  if (signature !== undefined) headers["X-Slack-Signature"] = signature;
  // Bolt answers a request nobody acked with 404 after 3 s: a hang fails here, not as a slow pass.
  const res = await fetch(h.user.appUrl, { method: "POST", headers: { "Content-Type": contentType, ...headers }, body, signal: AbortSignal.timeout(2500) });
  await res.text();
  return res.status;
}

const form = (payload: string) => new URLSearchParams({ payload }).toString();
const user = { id: USERS.applicant, team_id: "T0FAKE" };
const team = { id: "T0FAKE", domain: "fake" };
const view = { id: "V0FAKE", type: "modal", callback_id: "nsp_apply", private_metadata: "{}", state: { values: {} } };
const action = { action_id: "open_apply", block_id: "b", type: "button", value: "1", action_ts: "1.0" };
const submission = { type: "view_submission", user, team, view };
const blockAction = { type: "block_actions", user, team, actions: [action] };
const rateLimited = { type: "app_rate_limited", team_id: "T0FAKE" };
const suggestion = { type: "block_suggestion", user, team, action_id: "a", block_id: "b", value: "x" };

const cases: { label: string; body: string; type?: string }[] = [
  { label: "payload=null", body: form("null") },
  { label: "payload=42", body: form("42") },
  { label: "payload=\"text\"", body: form(JSON.stringify("text")) },
  { label: "payload=[]", body: form("[]") },
  { label: "payload={} (no type)", body: form("{}") },
  { label: "unknown type", body: form(JSON.stringify({ type: "nonsense", user, team })) },
  { label: "block_actions without actions", body: form(JSON.stringify({ type: "block_actions", user, team })) },
  { label: "block_actions with actions: []", body: form(JSON.stringify({ type: "block_actions", user, team, actions: [] })) },
  { label: "block_actions with actions: [null]", body: form(JSON.stringify({ type: "block_actions", user, team, actions: [null] })) },
  { label: "block_actions without user", body: form(JSON.stringify({ type: "block_actions", team, actions: [action] })) },
  { label: "block_actions with user: null", body: form(JSON.stringify({ type: "block_actions", user: null, team, actions: [action] })) },
  { label: "view_submission without view", body: form(JSON.stringify({ type: "view_submission", user, team })) },
  { label: "view_submission with view: null", body: form(JSON.stringify({ type: "view_submission", user, team, view: null })) },
  { label: "view_submission without user", body: form(JSON.stringify({ type: "view_submission", team, view })) },
  { label: "view_submission, view without id", body: form(JSON.stringify({ type: "view_submission", user, team, view: { ...view, id: undefined } })) },
  { label: "view_submission, state: \"x\"", body: form(JSON.stringify({ type: "view_submission", user, team, view: { ...view, state: "x" } })) },
  { label: "view_submission, no state", body: form(JSON.stringify({ type: "view_submission", user, team, view: { ...view, state: undefined } })) },
  {
    label: "view_submission, state.values of strings",
    body: form(JSON.stringify({ type: "view_submission", user, team, view: { ...view, state: { values: { justification: "x" } } } })),
  },
  {
    label: "view_submission, private_metadata an object",
    body: form(JSON.stringify({ type: "view_submission", user, team, view: { ...view, private_metadata: { requestId: 1 } } })),
  },
  { label: "view_closed without view", body: form(JSON.stringify({ type: "view_closed", user, team })) },
  { label: "slash command without user_id", body: new URLSearchParams({ command: "/nsp", text: "hjälp", channel_id: "D1", team_id: "T0FAKE" }).toString() },
  { label: "form body without payload or command", body: "a=b" },
  { label: "JSON null", body: "null", type: JSON_TYPE },
  { label: "JSON {}", body: "{}", type: JSON_TYPE },
  { label: "event_callback without event", body: JSON.stringify({ type: "event_callback", team_id: "T0FAKE" }), type: JSON_TYPE },
  { label: "event_callback with event: null", body: JSON.stringify({ type: "event_callback", team_id: "T0FAKE", event: null }), type: JSON_TYPE },
  // Bolt classifies by keys, not by `type` (getTypeAndConversation): a key of another kind moves the body there.
  ...(
    [
      [submission, { event: "x" }],
      [submission, { event: null }],
      [submission, { actions: null }],
      [submission, { actions: "x" }],
      [submission, { actions: [] }],
      [submission, { command: 1 }],
      [submission, { name: 1 }],
      [submission, { response_urls: null }],
      [submission, { response_urls: [null] }],
      [submission, { response_urls: [{ response_url: 1 }] }],
      [blockAction, { event: "x" }],
      [blockAction, { channel: null }],
      [blockAction, { response_url: "javascript:x" }],
      // respond() would post there: only Slack's response URLs (and the fake Slack's in tests).
      [blockAction, { response_url: "https://attacker.example/collect" }],
      [submission, { response_urls: [{ response_url: "https://hooks.slack.com.attacker.example/x", block_id: "b", action_id: "a", channel_id: "C1" }] }],
      [rateLimited, { event: "x" }],
      [rateLimited, { actions: null }],
      [{ type: "shortcut", user, team, callback_id: "s", trigger_id: "1.2.abc" }, { actions: null }],
      [{ type: "block_suggestion", user, team }, {}],
      [suggestion, { channel: null }],
      [{ type: "view_closed", user, team, view }, { is_cleared: "x" }],
      [{ type: "view_closed", user, team, view }, { is_cleared: null }],
    ] as const
  ).map(([base, extra]) => ({ label: `${base.type} with ${JSON.stringify(extra)}`, body: form(JSON.stringify({ ...base, ...extra })) })),
  { label: "slash command with an extra field event=x", body: new URLSearchParams({ command: "/nsp", text: "hjälp", user_id: USERS.applicant, channel_id: "D1", team_id: "T0FAKE", event: "x" }).toString() },
  ...[null, "x", 1, { channel: 1 }].map((item) => ({
    label: `event_callback with event.item: ${JSON.stringify(item)}`,
    body: JSON.stringify({ type: "event_callback", team_id: "T0FAKE", event: { type: "reaction_added", user: USERS.applicant, item } }),
    type: JSON_TYPE,
  })),
  ...[null, 1, { id: 1 }].map((channel) => ({
    label: `event_callback with event.channel: ${JSON.stringify(channel)}`,
    body: JSON.stringify({ type: "event_callback", team_id: "T0FAKE", event: { type: "member_joined_channel", user: USERS.applicant, channel } }),
    type: JSON_TYPE,
  })),
  {
    label: "event_callback with event.user: null",
    body: JSON.stringify({ type: "event_callback", team_id: "T0FAKE", event: { type: "app_home_opened", user: null, tab: "home" } }),
    type: JSON_TYPE,
  },
  {
    label: "event_callback with authorizations: [null]",
    body: JSON.stringify({ type: "event_callback", team_id: "T0FAKE", event: { type: "app_home_opened", user: USERS.applicant, tab: "messages" }, authorizations: [null] }),
    type: JSON_TYPE,
  },
];

/** Valid Slack payloads the app has no listener for: answered at once with 200 (Bolt alone would hang 3 s, then 404). */
const unhandled: { label: string; body: string; type?: string }[] = [
  { label: "block_suggestion", body: form(JSON.stringify({ type: "block_suggestion", user, team, action_id: "a", block_id: "b", value: "x", container: { type: "view", view_id: "V0FAKE" } })) },
  { label: "view_closed", body: form(JSON.stringify({ type: "view_closed", user, team, view, is_cleared: false })) },
  { label: "shortcut", body: form(JSON.stringify({ type: "shortcut", user, team, callback_id: "s", trigger_id: "1.2.abc" })) },
  {
    label: "message_action",
    body: form(JSON.stringify({ type: "message_action", user, team, callback_id: "s", trigger_id: "1.2.abc", channel: { id: "C1" }, message: { ts: "1.0" } })),
  },
  { label: "app_rate_limited", body: JSON.stringify({ type: "app_rate_limited", team_id: "T0FAKE", minute_rate_limited: 1518467820, api_app_id: "A1" }), type: JSON_TYPE },
];

describe("malformed signed payloads", () => {
  it.each(cases)("$label gets 400 and the app serves the next request", async ({ body, type }) => {
    expect(await postSigned(body, type ?? FORM)).toBe(400);
    const next = await h.user.command(USERS.applicant, "hjälp");
    expect(next.status).toBe(200);
    expect(next.json).toMatchObject({ text: expect.stringContaining("/nsp hjälp") });
  });

  it.each(unhandled)("a valid $label the app does not handle gets a prompt 200", async ({ body, type }) => {
    const started = Date.now();
    expect(await postSigned(body, type ?? FORM)).toBe(200);
    expect(Date.now() - started).toBeLessThan(2000);
    expect((await h.user.command(USERS.applicant, "hjälp")).status).toBe(200);
  });

  it("a malformed body with a bad signature still gets 401", async () => {
    expect(await postSigned(form("null"), FORM, "v0=deadbeef")).toBe(401);
    expect(await postSigned(form(JSON.stringify({ type: "view_submission", user })), FORM, `v0=${"0".repeat(64)}`)).toBe(401);
  });

  it("valid payloads still pass: a slash command, a url_verification, an ssl_check", async () => {
    expect((await h.user.command(USERS.applicant, "hjälp")).status).toBe(200);
    const challenge = await h.user.urlVerification("abc123");
    expect(challenge.status).toBe(200);
    expect(challenge.json).toEqual({ challenge: "abc123" });
    const ssl = await fetch(h.user.appUrl, { method: "POST", headers: { "Content-Type": FORM }, body: "ssl_check=1&token=x" });
    expect(ssl.status).toBe(200);
  });
});

describe("calendar feed slugs", () => {
  const base = () => `http://127.0.0.1:${h.runtime.port}`;

  it("a group's feed is served by its slug, in any case", async () => {
    // Another file of the run may have created the group already (files share one database).
    await h.db.workingGroup.upsert({
      where: { name: "Slussa vidare" },
      create: { name: "Slussa vidare", slug: "slussa-vidare", channel: "C0SLUSSA" },
      update: { slug: "slussa-vidare" },
    });
    expect((await fetch(`${base()}/calendar/slussa-vidare.ics`)).status).toBe(200);
    expect((await fetch(`${base()}/calendar/Slussa-Vidare.ics`)).status).toBe(200);
  });

  it.each(["%E0%A4%A", "%00", "slussa%00vidare", "%ZZ", "%ED%A0%80", "%C0%AF"])("/calendar/%s.ics gets 404", async (slug) => {
    const res = await fetch(`${base()}/calendar/${slug}.ics`);
    expect(res.status).toBe(404);
    expect(await res.text()).toBe("Det finns ingen arbetsgrupp med det namnet.\n");
    expect((await fetch(`${base()}/healthz`)).status).toBe(200);
  });
  it("a POST with a bad escape gets 404 too (Bolt matches the path before the method)", async () => {
    const res = await fetch(`${base()}/calendar/%E0%A4%A.ics`, { method: "POST", body: "x", signal: AbortSignal.timeout(5000) });
    expect(res.status).toBe(404);
  });
});
