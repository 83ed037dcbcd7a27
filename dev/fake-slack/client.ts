// The user simulator: sends the app signed requests as Slack would (slash commands, block actions,
// view submissions, Events API) with payloads built from the fake Slack's stored messages and views.
import { createHmac, randomBytes } from "node:crypto";
import type { Block, FakeSlack, StoredView, ViewStateValues, ViewSubmissionOutcome } from "./server.js";

type Json = Record<string, unknown>;

export interface SimulatorOptions {
  /** The app's request URL, e.g. http://127.0.0.1:3000/slack/events */
  appUrl: string;
  signingSecret: string;
  fake: FakeSlack;
  teamId?: string;
  /** trigger_id lifetime for triggers this simulator hands out; null = never expire (default: the fake's, 3 s). */
  triggerTtlMs?: number | null;
  /** The (legacy) verification token sent in payloads. */
  verificationToken?: string;
}

export interface SignOverrides {
  /** Request timestamp in seconds (default now). */
  timestamp?: number;
  /** Replaces the computed X-Slack-Signature (to test rejection). */
  signature?: string;
}

export interface AppResponse {
  status: number;
  body: string;
  /** The body parsed as JSON when it is JSON. */
  json?: unknown;
  headers: Record<string, string>;
}

export interface CommandResponse extends AppResponse {
  triggerId: string;
  responseUrl: string;
}

export interface InteractionResponse extends AppResponse {
  triggerId: string;
  /** Only for interactions in messages (Slack sends none for modals). */
  responseUrl?: string;
}

export interface SubmitResponse extends AppResponse {
  triggerId: string;
  /** How the fake applied the app's answer to its view stack. */
  outcome?: ViewSubmissionOutcome;
}

export interface EventResponse extends AppResponse {
  eventId: string;
}

export interface OptionObject {
  text: { type: string; text: string; emoji?: boolean };
  value: string;
  [key: string]: unknown;
}

export interface StateValue {
  type: string;
  [key: string]: unknown;
}

export interface BlockActionOptions extends SignOverrides {
  actionId: string;
  blockId?: string;
  /** Element type; looked up in the message or view when omitted (default "button"). */
  type?: string;
  value?: string;
  /** An option value (looked up in the element's options) or a whole option object. */
  selectedOption?: string | OptionObject;
  selectedOptions?: Array<string | OptionObject>;
  selectedDate?: string;
  selectedTime?: string;
  selectedDateTime?: number;
  selectedUser?: string;
  selectedUsers?: string[];
  selectedConversation?: string;
  selectedChannel?: string;
  /** The message the element is in. */
  message?: { channel: string; ts: string };
  /**
   * An ephemeral message the element is in (shown to the clicking user only; `ts` from
   * `fake.ephemerals(user)`). Slack sends a container with `is_ephemeral: true` and a response_url
   * whose `replace_original` replaces that ephemeral message.
   */
  ephemeral?: { ts: string };
  /** The id of the view the element is in. */
  view?: string;
  /** For a view: what the user has typed so far (merged into the stored view's state first). */
  state?: ViewStateValues;
}

/** Builders for view state values in the shapes Slack sends. */
export const stateValue = {
  text: (value: string | null): StateValue => ({ type: "plain_text_input", value }),
  email: (value: string | null): StateValue => ({ type: "email_text_input", value }),
  url: (value: string | null): StateValue => ({ type: "url_text_input", value }),
  number: (value: string | null): StateValue => ({ type: "number_input", value }),
  select: (value: string | null, text?: string): StateValue => ({
    type: "static_select",
    selected_option: value === null ? null : plainOption(value, text),
  }),
  multiSelect: (values: string[]): StateValue => ({ type: "multi_static_select", selected_options: values.map((v) => plainOption(v)) }),
  date: (date: string | null): StateValue => ({ type: "datepicker", selected_date: date }),
  time: (time: string | null): StateValue => ({ type: "timepicker", selected_time: time }),
  checkboxes: (values: string[]): StateValue => ({ type: "checkboxes", selected_options: values.map((v) => plainOption(v)) }),
  radio: (value: string | null): StateValue => ({ type: "radio_buttons", selected_option: value === null ? null : plainOption(value) }),
  user: (user: string | null): StateValue => ({ type: "users_select", selected_user: user }),
  users: (users: string[]): StateValue => ({ type: "multi_users_select", selected_users: users }),
  conversation: (id: string | null): StateValue => ({ type: "conversations_select", selected_conversation: id }),
  channel: (id: string | null): StateValue => ({ type: "channels_select", selected_channel: id }),
};

function plainOption(value: string, text?: string): OptionObject {
  return { text: { type: "plain_text", text: text ?? value }, value };
}

function isRecord(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isStateValue(v: unknown): v is StateValue {
  return isRecord(v) && typeof v.type === "string";
}

function isOption(v: unknown): v is OptionObject {
  return isRecord(v) && typeof v.value === "string" && isRecord(v.text) && typeof v.text.text === "string";
}

/** Every option an element offers (options and option_groups). */
function optionsOf(element: Json): OptionObject[] {
  const out: OptionObject[] = [];
  if (Array.isArray(element.options)) out.push(...element.options.filter(isOption));
  if (Array.isArray(element.option_groups))
    for (const g of element.option_groups) if (isRecord(g) && Array.isArray(g.options)) out.push(...g.options.filter(isOption));
  return out;
}

function findOption(element: Json, value: string, where: string): OptionObject {
  const options = optionsOf(element);
  if (options.length === 0) return plainOption(value); // external selects: nothing to look up
  const found = options.find((o) => o.value === value);
  if (found === undefined)
    throw new Error(`${where}: no option with value ${JSON.stringify(value)} (options: ${options.map((o) => o.value).join(", ")})`);
  return structuredClone(found);
}

function toOption(element: Json | undefined, v: string | OptionObject, where: string): OptionObject {
  if (typeof v !== "string") return v;
  return element === undefined ? plainOption(v) : findOption(element, v, where);
}

/** A typed or picked value as Slack carries it: text. Numbers and booleans are written out as String() would. */
function asText(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  // An object or array is not something a user can type or pick: JSON keeps it readable in
  // the validation error it leads to (String() would give "[object Object]").
  return JSON.stringify(v) ?? typeof v;
}

function asStrings(raw: unknown): string[] {
  if (Array.isArray(raw)) return raw.map((x) => asText(x));
  if (raw === null || raw === undefined || raw === "") return [];
  return [asText(raw)];
}

/** The state value Slack sends for an input element, from a raw value (or its initial value when raw is undefined). */
function stateFor(element: Json, raw: unknown, where: string): StateValue {
  const type = typeof element.type === "string" ? element.type : "plain_text_input";
  if (isStateValue(raw)) return raw;
  const initial = raw === undefined;
  const str = (v: unknown): string | null => (v === undefined || v === null ? null : asText(v));
  switch (type) {
    case "plain_text_input":
    case "email_text_input":
    case "url_text_input":
    case "number_input":
      return { type, value: initial ? str(element.initial_value) : str(raw) };
    case "static_select":
    case "external_select":
    case "radio_buttons": {
      if (initial) return { type, selected_option: isOption(element.initial_option) ? element.initial_option : null };
      const v = str(raw);
      return { type, selected_option: v === null ? null : findOption(element, v, where) };
    }
    case "multi_static_select":
    case "multi_external_select":
    case "checkboxes": {
      if (initial) return { type, selected_options: Array.isArray(element.initial_options) ? element.initial_options : [] };
      return { type, selected_options: asStrings(raw).map((v) => findOption(element, v, where)) };
    }
    case "datepicker":
      return { type, selected_date: initial ? str(element.initial_date) : str(raw) };
    case "timepicker":
      return { type, selected_time: initial ? str(element.initial_time) : str(raw) };
    case "datetimepicker":
      return { type, selected_date_time: initial ? (element.initial_date_time ?? null) : raw === null ? null : Number(raw) };
    case "users_select":
      return { type, selected_user: initial ? str(element.initial_user) : str(raw) };
    case "multi_users_select":
      return { type, selected_users: initial ? (element.initial_users ?? []) : asStrings(raw) };
    case "conversations_select":
      return { type, selected_conversation: initial ? str(element.initial_conversation) : str(raw) };
    case "multi_conversations_select":
      return { type, selected_conversations: initial ? (element.initial_conversations ?? []) : asStrings(raw) };
    case "channels_select":
      return { type, selected_channel: initial ? str(element.initial_channel) : str(raw) };
    case "multi_channels_select":
      return { type, selected_channels: initial ? (element.initial_channels ?? []) : asStrings(raw) };
    case "rich_text_input": {
      if (initial) return { type, rich_text_value: element.initial_value ?? null };
      const text = str(raw) ?? "";
      return {
        type,
        rich_text_value: { type: "rich_text", elements: [{ type: "rich_text_section", elements: [{ type: "text", text }] }] },
      };
    }
    case "file_input":
      return { type, files: Array.isArray(raw) ? raw : [] };
    default:
      return { type, value: initial ? null : str(raw) };
  }
}

/** Finds the interactive element with `actionId` (optionally in block `blockId`). */
function findElement(blocks: Block[], actionId: string, blockId?: string): { block: Block; element: Json } | undefined {
  for (const block of blocks) {
    if (blockId !== undefined && block.block_id !== blockId) continue;
    const candidates: unknown[] = [];
    if (block.element !== undefined) candidates.push(block.element);
    if (block.accessory !== undefined) candidates.push(block.accessory);
    if (Array.isArray(block.elements)) candidates.push(...(block.elements as unknown[]));
    for (const c of candidates) if (isRecord(c) && c.action_id === actionId) return { block, element: c };
  }
  return undefined;
}

export class SlackUserSimulator {
  readonly appUrl: string;
  readonly fake: FakeSlack;
  readonly teamId: string;
  private readonly signingSecret: string;
  private readonly verificationToken: string;
  private readonly triggerTtlMs: number | null | undefined;

  constructor(opts: SimulatorOptions) {
    this.appUrl = opts.appUrl;
    this.signingSecret = opts.signingSecret;
    this.fake = opts.fake;
    this.teamId = opts.teamId ?? opts.fake.teamId;
    this.triggerTtlMs = opts.triggerTtlMs;
    this.verificationToken = opts.verificationToken ?? "fake-verification-token";
  }

  /** Signing headers as Slack computes them: v0=hex(HMAC-SHA256(secret, "v0:" + ts + ":" + body)). */
  sign(body: string, timestamp: number = Math.floor(Date.now() / 1000)): Record<string, string> {
    const signature = createHmac("sha256", this.signingSecret).update(`v0:${timestamp}:${body}`).digest("hex");
    return { "X-Slack-Request-Timestamp": String(timestamp), "X-Slack-Signature": `v0=${signature}` };
  }

  private userObject(user: string): Json {
    const u = this.fake.user(user);
    return { id: user, username: u.name, name: u.name, team_id: this.teamId };
  }

  private team(): Json {
    return { id: this.teamId, domain: this.fake.teamDomain };
  }

  private async post(body: string, contentType: string, sign: SignOverrides, extraHeaders: Record<string, string> = {}): Promise<AppResponse> {
    const headers = this.sign(body, sign.timestamp);
    if (sign.signature !== undefined) headers["X-Slack-Signature"] = sign.signature;
    const res = await fetch(this.appUrl, {
      method: "POST",
      headers: { "Content-Type": contentType, ...headers, ...extraHeaders },
      body,
    });
    const text = await res.text();
    let json: unknown;
    if (text.trim() !== "") {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    return { status: res.status, body: text, json, headers: Object.fromEntries(res.headers.entries()) };
  }

  private postForm(fields: Record<string, string>, sign: SignOverrides): Promise<AppResponse> {
    return this.post(new URLSearchParams(fields).toString(), "application/x-www-form-urlencoded", sign);
  }

  private postPayload(payload: Json, sign: SignOverrides): Promise<AppResponse> {
    return this.postForm({ payload: JSON.stringify(payload) }, sign);
  }

  private trigger(userId: string, viewId?: string): string {
    return this.fake.registerTrigger({ userId, viewId, ttlMs: this.triggerTtlMs });
  }

  /** A slash command as Slack sends it (form-encoded). Default channel: the user's DM with the app. */
  async command(
    user: string,
    text: string,
    opts: SignOverrides & { command?: string; channel?: string; channelName?: string } = {},
  ): Promise<CommandResponse> {
    const channel = opts.channel ?? this.fake.ensureDmChannel(user);
    const triggerId = this.trigger(user);
    const responseUrl = this.fake.newResponseUrl({ channel, userId: user });
    const res = await this.postForm(
      {
        token: this.verificationToken,
        team_id: this.teamId,
        team_domain: this.fake.teamDomain,
        channel_id: channel,
        channel_name: opts.channelName ?? (channel.startsWith("D") ? "directmessage" : "general"),
        user_id: user,
        user_name: this.fake.user(user).name,
        command: opts.command ?? "/nsp",
        text,
        api_app_id: this.fake.appId,
        is_enterprise_install: "false",
        response_url: responseUrl,
        trigger_id: triggerId,
      },
      opts,
    );
    return { ...res, triggerId, responseUrl };
  }

  /** A block_actions interaction on an element of a stored message or view. */
  async blockAction(user: string, opts: BlockActionOptions): Promise<InteractionResponse> {
    if ([opts.message, opts.view, opts.ephemeral].filter((x) => x !== undefined).length > 1) throw new Error("blockAction: give one of message, view or ephemeral");
    let blocks: Block[] = [];
    let ephemeral: { channel: string; ts: string } | undefined;
    if (opts.ephemeral !== undefined) {
      const e = this.fake.ephemerals(user).find((x) => x.ts === opts.ephemeral?.ts);
      if (e === undefined) throw new Error(`blockAction: no ephemeral message ${opts.ephemeral.ts} for ${user} in the fake`);
      blocks = e.blocks ?? [];
      ephemeral = { channel: e.channel, ts: e.ts };
    }
    let message: Json | undefined;
    let view: StoredView | undefined;
    if (opts.message !== undefined) {
      const m = this.fake.message(opts.message.channel, opts.message.ts);
      if (m === undefined) throw new Error(`blockAction: no message ${opts.message.channel}/${opts.message.ts} in the fake`);
      blocks = m.blocks ?? [];
      const { channel: _channel, ...rest } = m;
      message = rest;
    } else if (opts.view !== undefined) {
      const v = this.fake.view(opts.view);
      if (v === undefined) throw new Error(`blockAction: no view ${opts.view} in the fake`);
      blocks = v.blocks;
    }
    const found = findElement(blocks, opts.actionId, opts.blockId);
    if (found === undefined && (opts.message !== undefined || opts.view !== undefined || opts.ephemeral !== undefined))
      throw new Error(`blockAction: no element with action_id ${opts.actionId}${opts.blockId ? ` in block ${opts.blockId}` : ""}`);
    const element = found?.element;
    const type = opts.type ?? (typeof element?.type === "string" ? element.type : "button");
    const blockId = opts.blockId ?? found?.block.block_id ?? "block";
    const where = `${blockId}/${opts.actionId}`;
    const action: Json = { action_id: opts.actionId, block_id: blockId, type, action_ts: `${(Date.now() / 1000).toFixed(6)}` };
    if (type === "button") {
      if (element !== undefined) action.text = element.text;
      const value = opts.value ?? (typeof element?.value === "string" ? element.value : undefined);
      if (value !== undefined) action.value = value;
      if (typeof element?.style === "string") action.style = element.style;
    } else if (opts.value !== undefined) action.value = opts.value;
    if (opts.selectedOption !== undefined) action.selected_option = toOption(element, opts.selectedOption, where);
    if (opts.selectedOptions !== undefined) action.selected_options = opts.selectedOptions.map((o) => toOption(element, o, where));
    if (opts.selectedDate !== undefined) action.selected_date = opts.selectedDate;
    if (opts.selectedTime !== undefined) action.selected_time = opts.selectedTime;
    if (opts.selectedDateTime !== undefined) action.selected_date_time = opts.selectedDateTime;
    if (opts.selectedUser !== undefined) action.selected_user = opts.selectedUser;
    if (opts.selectedUsers !== undefined) action.selected_users = opts.selectedUsers;
    if (opts.selectedConversation !== undefined) action.selected_conversation = opts.selectedConversation;
    if (opts.selectedChannel !== undefined) action.selected_channel = opts.selectedChannel;

    if (opts.view !== undefined) {
      // What the user typed, plus the element just changed when it is an input.
      const current = this.fake.view(opts.view);
      const values: ViewStateValues = structuredClone(current?.state.values ?? {});
      for (const [b, actions] of Object.entries(opts.state ?? {})) values[b] = { ...values[b], ...actions };
      if (type !== "button" && type !== "overflow") {
        const { action_id: _a, block_id: _b, action_ts: _t, ...stateOfAction } = action;
        values[blockId] = { ...values[blockId], [opts.actionId]: stateOfAction };
      }
      this.fake.setViewState(opts.view, values);
      view = this.fake.view(opts.view);
    }

    const triggerId = this.trigger(user, opts.view);
    const payload: Json = {
      type: "block_actions",
      user: this.userObject(user),
      api_app_id: this.fake.appId,
      token: this.verificationToken,
      trigger_id: triggerId,
      team: this.team(),
      enterprise: null,
      is_enterprise_install: false,
      actions: [action],
    };
    let responseUrl: string | undefined;
    if (opts.message !== undefined && message !== undefined) {
      const channel = opts.message.channel;
      responseUrl = this.fake.newResponseUrl({ channel, userId: user, messageTs: opts.message.ts });
      payload.container = { type: "message", message_ts: opts.message.ts, channel_id: channel, is_ephemeral: false };
      payload.channel = { id: channel, name: channel.startsWith("D") ? "directmessage" : "channel" };
      payload.message = message;
      payload.state = { values: {} };
      payload.response_url = responseUrl;
    } else if (ephemeral !== undefined) {
      responseUrl = this.fake.newResponseUrl({ channel: ephemeral.channel, userId: user, ephemeralTs: ephemeral.ts });
      payload.container = { type: "message", message_ts: ephemeral.ts, channel_id: ephemeral.channel, is_ephemeral: true };
      payload.channel = { id: ephemeral.channel, name: ephemeral.channel.startsWith("D") ? "directmessage" : "channel" };
      payload.state = { values: {} };
      payload.response_url = responseUrl;
    } else if (view !== undefined) {
      payload.container = { type: "view", view_id: view.id };
      payload.view = view;
    }
    const res = await this.postPayload(payload, opts);
    return { ...res, triggerId, ...(responseUrl === undefined ? {} : { responseUrl }) };
  }

  /**
   * State values for a stored view: every input block gets its element's state (its initial value
   * when `raw` has nothing for it), so the test names block ids and plain values only. A raw value is
   * a string (text, number, date, option value), an array of strings (multi selects, checkboxes) or a
   * ready StateValue.
   */
  valuesFor(viewId: string, raw: Record<string, unknown>): ViewStateValues {
    const view = this.fake.view(viewId);
    if (view === undefined) throw new Error(`valuesFor: no view ${viewId} in the fake`);
    const values: ViewStateValues = {};
    const used = new Set<string>();
    for (const block of view.blocks) {
      if (block.type !== "input" || !isRecord(block.element) || block.block_id === undefined) continue;
      const element = block.element;
      const actionId = typeof element.action_id === "string" ? element.action_id : "input";
      const has = Object.hasOwn(raw, block.block_id);
      if (has) used.add(block.block_id);
      values[block.block_id] = { [actionId]: stateFor(element, has ? raw[block.block_id] : undefined, `${viewId}/${block.block_id}`) };
    }
    const unknown = Object.keys(raw).filter((k) => !used.has(k));
    if (unknown.length > 0)
      throw new Error(
        `valuesFor: view ${viewId} has no input block ${unknown.join(", ")} (input blocks: ${Object.keys(values).join(", ")})`,
      );
    return values;
  }

  /** Submits a stored view with the given state values; applies the app's response_action to the fake's view stack. */
  async submitView(user: string, viewId: string, values: ViewStateValues, sign: SignOverrides = {}): Promise<SubmitResponse> {
    if (this.fake.view(viewId) === undefined) throw new Error(`submitView: no view ${viewId} in the fake`);
    this.fake.setViewState(viewId, values);
    const view = this.fake.view(viewId);
    const triggerId = this.trigger(user, viewId);
    const payload: Json = {
      type: "view_submission",
      team: this.team(),
      user: this.userObject(user),
      api_app_id: this.fake.appId,
      token: this.verificationToken,
      trigger_id: triggerId,
      view,
      response_urls: [],
      enterprise: null,
      is_enterprise_install: false,
    };
    const res = await this.postPayload(payload, sign);
    let outcome: ViewSubmissionOutcome | undefined;
    if (res.status === 200) {
      outcome = this.fake.applyViewSubmissionResponse(viewId, res.json ?? {});
      this.fake.recordEvent("view_submission_response", { view_id: viewId, user, body: res.json ?? null }, outcome, outcome.action !== "invalid");
    }
    return { ...res, triggerId, ...(outcome === undefined ? {} : { outcome }) };
  }

  /** The user closes a modal (sent to the app only when the view has notify_on_close). */
  async closeView(user: string, viewId: string, sign: SignOverrides = {}): Promise<AppResponse | undefined> {
    const view = this.fake.view(viewId);
    if (view === undefined) throw new Error(`closeView: no view ${viewId} in the fake`);
    this.fake.closeView(viewId);
    if (!view.notify_on_close) return undefined;
    return this.postPayload(
      {
        type: "view_closed",
        team: this.team(),
        user: this.userObject(user),
        api_app_id: this.fake.appId,
        token: this.verificationToken,
        view,
        is_cleared: false,
        is_enterprise_install: false,
      },
      sign,
    );
  }

  /** An Events API delivery (JSON envelope). Pass `eventId` to redeliver the same event. */
  async event(
    event: Json,
    opts: SignOverrides & { retryNum?: number; retryReason?: string; eventId?: string } = {},
  ): Promise<EventResponse> {
    const eventId = opts.eventId ?? `Ev${randomBytes(6).toString("hex").toUpperCase()}`;
    const now = Date.now() / 1000;
    const envelope: Json = {
      token: this.verificationToken,
      team_id: this.teamId,
      api_app_id: this.fake.appId,
      event: { event_ts: now.toFixed(6), ...event },
      type: "event_callback",
      event_id: eventId,
      event_time: Math.floor(now),
      authorizations: [
        { enterprise_id: null, team_id: this.teamId, user_id: this.fake.botUserId, is_bot: true, is_enterprise_install: false },
      ],
      is_ext_shared_channel: false,
      event_context: `4-${randomBytes(12).toString("base64url")}`,
    };
    const extra: Record<string, string> = {};
    if (opts.retryNum !== undefined) {
      extra["X-Slack-Retry-Num"] = String(opts.retryNum);
      extra["X-Slack-Retry-Reason"] = opts.retryReason ?? "http_timeout";
    }
    const res = await this.post(JSON.stringify(envelope), "application/json", opts, extra);
    return { ...res, eventId };
  }

  /** The url_verification handshake Slack does when the request URL is set. */
  urlVerification(challenge: string, sign: SignOverrides = {}): Promise<AppResponse> {
    return this.post(JSON.stringify({ token: this.verificationToken, challenge, type: "url_verification" }), "application/json", sign);
  }
}
