// A fake Slack Web API for tests (and later a browser sandbox): a local HTTP server that answers the
// Web API methods the app uses the way Slack does, validates every message and view against the
// Block Kit schema and Slack's limits, keeps the resulting workspace state in memory and records
// every call. No test framework is imported here.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { SLACK_SPECS_DIR } from "./specs.js";
import { BlockKitValidator, type ValidationResult } from "./validation.js";

export type Json = Record<string, unknown>;

export interface RecordedCall {
  /** Web API method ("chat.postMessage"), or "response_url" for POSTs to a response URL. */
  method: string;
  /** Arguments as the app sent them; JSON-valued fields (blocks, view, attachments…) parsed back to objects. */
  args: Record<string, unknown>;
  /** The JSON body answered (for injected HTTP failures: `{ ok: false, error, injected: true }`). */
  response: unknown;
  /** HTTP status answered. */
  status: number;
  ok: boolean;
  at: number;
}

export interface FailureSpec {
  /** Slack error code answered with HTTP 200 `{ ok: false, error }` (default "internal_error"). */
  error?: string;
  /** 429: rate limited (with Retry-After); 500: server error. */
  status?: 429 | 500;
  /** Seconds, for 429 (default 1). */
  retryAfter?: number;
  /** How many of the next calls fail (default 1). */
  times?: number;
  /**
   * The call is never answered (a hung Slack): the request stays open until the client gives up
   * (its timeout closes the socket) or the fake is closed, and nothing in the workspace changes.
   */
  hang?: boolean;
}

export interface SlackMessage {
  type: "message";
  channel: string;
  ts: string;
  text: string;
  user: string;
  bot_id: string;
  app_id: string;
  team: string;
  blocks?: Block[];
  attachments?: unknown[];
  metadata?: unknown;
  thread_ts?: string;
  subtype?: string;
  reply_count?: number;
  reply_users?: string[];
  reply_users_count?: number;
  latest_reply?: string;
  edited?: { user: string; ts: string };
  username?: string;
  icon_emoji?: string;
  icon_url?: string;
  /** Files shared with the message (files.completeUploadExternal). */
  files?: Json[];
}

/** A file uploaded with files.getUploadURLExternal + POST + files.completeUploadExternal. */
export interface UploadedFile {
  id: string;
  filename: string;
  title: string;
  /** The DM or channel it was shared in (resolved like chat.postMessage). */
  channel: string;
  bytes: Buffer;
  initialComment?: string;
  /** The message that shared it. */
  ts: string;
}

export interface EphemeralMessage {
  channel: string;
  user: string;
  ts: string;
  text: string;
  blocks?: Block[];
  thread_ts?: string;
  source: "chat.postEphemeral" | "response_url";
}

export type ViewStateValues = Record<string, Record<string, unknown>>;

/** A Block Kit block as stored (validated against the schema before it is stored). */
export interface Block {
  type: string;
  block_id?: string;
  [key: string]: unknown;
}

export interface StoredView {
  id: string;
  team_id: string;
  type: "modal" | "home";
  title?: unknown;
  submit?: unknown;
  close?: unknown;
  blocks: Block[];
  private_metadata: string;
  callback_id: string;
  external_id: string;
  state: { values: ViewStateValues };
  hash: string;
  clear_on_close: boolean;
  notify_on_close: boolean;
  submit_disabled?: boolean;
  root_view_id: string | null;
  previous_view_id: string | null;
  app_id: string;
  app_installed_team_id: string;
  bot_id: string;
}

export interface FakeUser {
  id: string;
  name: string;
  real_name: string;
  tz: string;
  locale: string;
  email?: string;
  is_bot?: boolean;
  is_admin?: boolean;
}

export interface ResponseUrlContext {
  channel?: string;
  userId?: string;
  /** The message the interaction came from (for replace_original / delete_original). */
  messageTs?: string;
  /** The ephemeral message the interaction came from: replace_original replaces it for its user. */
  ephemeralTs?: string;
}

export interface FakeSlackOptions {
  port?: number;
  host?: string;
  specsDir?: string;
  botUserId?: string;
  botId?: string;
  appId?: string;
  teamId?: string;
  teamDomain?: string;
  /** trigger_id lifetime; `null` disables expiry (default 3000 ms, like Slack). */
  triggerTtlMs?: number | null;
  /**
   * Accept trigger ids the fake did not hand out (each still only once), owned by this user.
   * For load generators that make their own trigger ids (the benchmark); tests leave it off.
   */
  acceptUnknownTriggersAs?: string;
}

/** The outcome of a view_submission answer, as applied to the fake's view stack. */
export interface ViewSubmissionOutcome {
  action: "close" | "clear" | "update" | "push" | "errors" | "invalid";
  /** The view now on top of the stack (undefined when the stack was closed). */
  view?: StoredView;
  /** response_action "errors" as answered by the app. */
  errors?: Record<string, string>;
  /** Validation errors when the app answered update/push with an invalid view. */
  validationErrors?: string[];
}

interface TriggerEntry {
  userId: string;
  viewId?: string;
  expiresAt: number | null;
  used: boolean;
}

interface ResponseUrlEntry extends ResponseUrlContext {
  uses: number;
  createdAt: number;
}

interface Pending {
  method: string;
  predicate?: (call: RecordedCall) => boolean;
  resolve: (call: RecordedCall) => void;
}

/** apiCall's answer for an injected hang: no answer at all. */
const HANG = Symbol("hang");

interface Answer {
  status: number;
  body: Json;
  headers?: Record<string, string>;
}

type Handler = (args: Record<string, unknown>) => Json;

const JSON_ARGS = new Set(["blocks", "attachments", "view", "metadata", "unfurls", "user_auth_blocks", "files", "options"]);
const MAX_TEXT = 40_000;
const RESPONSE_URL_MAX_USES = 5;
const RESPONSE_URL_TTL_MS = 30 * 60 * 1000;
const MAX_VIEW_STACK = 3;

class SlackError extends Error {
  constructor(
    readonly code: string,
    readonly details: string[] = [],
  ) {
    super(code);
  }
}

function isRecord(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  if (typeof v === "string") return v === "" ? undefined : v;
  if (typeof v === "number") return String(v);
  return undefined;
}

function bool(v: unknown): boolean {
  return v === true || v === "true" || v === "1" || v === 1;
}

function randomId(prefix: string, length = 10): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  const bytes = randomBytes(length);
  let out = prefix;
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

function isUserId(v: string): boolean {
  return /^[UW][A-Z0-9]+$/.test(v);
}

function clone<T>(v: T): T {
  return structuredClone(v);
}

function invalid(details: string[], code: string): SlackError {
  return new SlackError(code, details);
}

function tzOffsetSeconds(timeZone: string, at = new Date()): number {
  const part = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" })
    .formatToParts(at)
    .find((p) => p.type === "timeZoneName")?.value;
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(part ?? "");
  if (m === null) return 0;
  const sign = m[1] === "-" ? -1 : 1;
  return sign * (Number(m[2]) * 3600 + Number(m[3]) * 60);
}

export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  readonly botUserId: string;
  readonly botId: string;
  readonly appId: string;
  readonly teamId: string;
  readonly teamDomain: string;
  /** A token the fake accepts (any `xoxb-…` is accepted). */
  readonly botToken = "xoxb-fake-bot-token";
  readonly validator: BlockKitValidator;
  triggerTtlMs: number | null;

  private server: Server | undefined;
  private port = 0;
  private host = "127.0.0.1";
  private lastTsMicros = 0;
  private readonly failures = new Map<string, Array<Required<Pick<FailureSpec, "times">> & FailureSpec>>();
  /** Responses of hung calls still open (the client has not given up yet). */
  private readonly hung = new Set<ServerResponse>();
  private readonly waiters: Pending[] = [];
  private readonly listeners = new Set<(call: RecordedCall) => void>();
  private readonly channelMessages = new Map<string, SlackMessage[]>();
  private readonly ephemeralMessages: EphemeralMessage[] = [];
  private readonly views = new Map<string, StoredView>();
  private readonly viewOwner = new Map<string, string>();
  /** Open modal stack per user (bottom first). */
  private readonly modalStacks = new Map<string, string[]>();
  private readonly homeViews = new Map<string, string>();
  private readonly dmChannels = new Map<string, string>();
  private readonly mpimChannels = new Map<string, string>();
  private readonly users = new Map<string, FakeUser>();
  private readonly triggers = new Map<string, TriggerEntry>();
  private readonly responseUrls = new Map<string, ResponseUrlEntry>();
  /** Upload URLs handed out (file id → declared name and length, and the bytes once POSTed). */
  private readonly pendingUploads = new Map<string, { filename: string; length: number; bytes?: Buffer }>();
  private readonly uploadedFileList: UploadedFile[] = [];
  private lastOpenedViewId: string | undefined;
  private readonly handlers: Record<string, Handler>;
  private readonly acceptUnknownTriggersAs: string | undefined;

  private constructor(opts: FakeSlackOptions, validator: BlockKitValidator) {
    this.validator = validator;
    this.botUserId = opts.botUserId ?? "UFAKEBOT01";
    this.botId = opts.botId ?? "BFAKEBOT01";
    this.appId = opts.appId ?? "AFAKEAPP01";
    this.teamId = opts.teamId ?? "TFAKETEAM1";
    this.teamDomain = opts.teamDomain ?? "fake-workspace";
    this.triggerTtlMs = opts.triggerTtlMs === undefined ? 3000 : opts.triggerTtlMs;
    this.acceptUnknownTriggersAs = opts.acceptUnknownTriggersAs;
    this.handlers = {
      "api.test": (args) => ({ ok: true, args }),
      "auth.test": () => this.authTest(),
      "chat.postMessage": (args) => this.postMessage(args),
      "chat.update": (args) => this.chatUpdate(args),
      "chat.delete": (args) => this.chatDelete(args),
      "chat.postEphemeral": (args) => this.postEphemeral(args),
      "chat.getPermalink": (args) => this.getPermalink(args),
      "conversations.open": (args) => this.conversationsOpen(args),
      "conversations.history": (args) => this.conversationsHistory(args),
      "conversations.replies": (args) => this.conversationsReplies(args),
      "users.info": (args) => this.usersInfo(args),
      "views.open": (args) => this.viewsOpen(args),
      "views.push": (args) => this.viewsPush(args),
      "views.update": (args) => this.viewsUpdate(args),
      "views.publish": (args) => this.viewsPublish(args),
      "files.getUploadURLExternal": (args) => this.getUploadUrlExternal(args),
      "files.completeUploadExternal": (args) => this.completeUploadExternal(args),
    };
  }

  static async start(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
    const specsDir = opts.specsDir ?? SLACK_SPECS_DIR;
    const fake = new FakeSlack(opts, new BlockKitValidator(specsDir));
    await fake.listen(opts.port ?? 0, opts.host ?? "127.0.0.1");
    return fake;
  }

  private async listen(port: number, host: string): Promise<void> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { "content-type": "application/json" });
          res.end(JSON.stringify({ ok: false, error: "fatal_error", detail: String(err) }));
        }
      });
    });
    await new Promise<void>((ok, fail) => {
      server.once("error", fail);
      server.listen(port, host, () => {
        server.off("error", fail);
        ok();
      });
    });
    this.server = server;
    this.host = host;
    this.port = (server.address() as AddressInfo).port;
  }

  get baseUrl(): string {
    const host = this.host.includes(":") ? `[${this.host}]` : this.host;
    return `http://${host}:${this.port}`;
  }

  /** For `clientOptions.slackApiUrl` / `new WebClient(token, { slackApiUrl })`; ends with "/api/". */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((ok) => server.close(() => ok()));
  }

  // ---------------------------------------------------------------- recording, waiting, failures

  /** Hung calls (failNext(…, { hang: true })) the client has not given up on yet. */
  get openHungCalls(): number {
    return this.hung.size;
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves with the first recorded call (past or future) to `method` matching `predicate`. */
  waitForCall(method: string, predicate?: (call: RecordedCall) => boolean, timeoutMs = 5000): Promise<RecordedCall> {
    const found = this.calls.find((c) => c.method === method && (predicate === undefined || predicate(c)));
    if (found !== undefined) return Promise.resolve(found);
    return new Promise<RecordedCall>((ok, fail) => {
      const pending: Pending = {
        method,
        predicate,
        resolve: (call) => {
          clearTimeout(timer);
          ok(call);
        },
      };
      const timer = setTimeout(() => {
        const i = this.waiters.indexOf(pending);
        if (i >= 0) this.waiters.splice(i, 1);
        const seen = this.calls.map((c) => `${c.method}${c.ok ? "" : `(${String((c.response as Json).error)})`}`);
        fail(new Error(`fake Slack: no matching call to ${method} within ${timeoutMs} ms; calls so far: [${seen.join(", ")}]`));
      }, timeoutMs);
      this.waiters.push(pending);
    });
  }

  /** Called with every recorded call (for a sandbox UI); returns an unsubscribe function. */
  onCall(listener: (call: RecordedCall) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The next `times` calls of `method` fail (recorded, no state change). */
  failNext(method: string, failure: FailureSpec = {}): void {
    const list = this.failures.get(method) ?? [];
    list.push({ ...failure, times: failure.times ?? 1 });
    this.failures.set(method, list);
  }

  /** Drops every pending injected failure (Slack is back). */
  clearFailures(): void {
    this.failures.clear();
  }

  /** Clears calls, messages, views, triggers, response URLs and pending failures (users and DM ids stay). */
  reset(): void {
    this.calls.length = 0;
    this.failures.clear();
    this.channelMessages.clear();
    this.ephemeralMessages.length = 0;
    this.views.clear();
    this.viewOwner.clear();
    this.modalStacks.clear();
    this.homeViews.clear();
    this.triggers.clear();
    this.responseUrls.clear();
    this.pendingUploads.clear();
    this.uploadedFileList.length = 0;
    this.lastOpenedViewId = undefined;
  }

  private record(method: string, args: Record<string, unknown>, answer: Answer): void {
    const call: RecordedCall = {
      method,
      args,
      response: answer.body,
      status: answer.status,
      ok: answer.status === 200 && answer.body.ok === true,
      at: Date.now(),
    };
    this.calls.push(call);
    for (const w of [...this.waiters]) {
      if (w.method === method && (w.predicate === undefined || w.predicate(call))) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(call);
      }
    }
    for (const l of this.listeners) l(call);
  }

  private takeFailure(method: string): FailureSpec | undefined {
    const list = this.failures.get(method);
    const first = list?.[0];
    if (list === undefined || first === undefined) return undefined;
    first.times -= 1;
    if (first.times <= 0) list.shift();
    if (list.length === 0) this.failures.delete(method);
    return first;
  }

  private failureAnswer(f: FailureSpec): Answer {
    if (f.status === 429) {
      const retryAfter = f.retryAfter ?? 1;
      return {
        status: 429,
        body: { ok: false, error: "ratelimited", injected: true },
        headers: { "retry-after": String(retryAfter) },
      };
    }
    if (f.status === 500) return { status: 500, body: { ok: false, error: f.error ?? "internal_error", injected: true } };
    return { status: 200, body: { ok: false, error: f.error ?? "internal_error", injected: true } };
  }

  // ---------------------------------------------------------------- HTTP

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.baseUrl);
    const bytes = await readBody(req);
    const raw = bytes.toString("utf8");
    const send = (answer: Answer): void => {
      res.writeHead(answer.status, { "content-type": "application/json; charset=utf-8", ...answer.headers });
      res.end(JSON.stringify(answer.body));
    };

    if (url.pathname.startsWith("/api/")) {
      const method = decodeURIComponent(url.pathname.slice("/api/".length));
      let args: Record<string, unknown>;
      try {
        args = parseArgs(req.headers["content-type"], raw, url.searchParams);
      } catch {
        const answer: Answer = { status: 200, body: { ok: false, error: "invalid_form_data" } };
        this.record(method, { raw }, answer);
        send(answer);
        return;
      }
      const answer = this.apiCall(method, args, req.headers.authorization);
      if (answer === HANG) {
        // Recorded as not answered (status 0); the socket stays open until the client gives up.
        this.record(method, args, { status: 0, body: { ok: false, error: "hung", injected: true } });
        this.hung.add(res);
        res.once("close", () => this.hung.delete(res));
        return;
      }
      this.record(method, args, answer);
      send(answer);
      return;
    }

    const responseMatch = /^\/response\/([A-Za-z0-9_-]+)$/.exec(url.pathname);
    if (responseMatch !== null && req.method === "POST") {
      let args: Record<string, unknown>;
      try {
        args = parseArgs(req.headers["content-type"] ?? "application/json", raw, new URLSearchParams());
      } catch {
        const answer: Answer = { status: 400, body: { ok: false, error: "invalid_payload" } };
        this.record("response_url", { raw }, answer);
        send(answer);
        return;
      }
      const answer = this.responseUrlCall(responseMatch[1] ?? "", args);
      if (answer === HANG) {
        this.record("response_url", args, { status: 0, body: { ok: false, error: "hung", injected: true } });
        this.hung.add(res);
        res.once("close", () => this.hung.delete(res));
        return;
      }
      this.record("response_url", args, answer);
      send(answer);
      return;
    }

    const uploadMatch = /^\/upload\/(F[A-Z0-9]+)$/.exec(url.pathname);
    if (uploadMatch !== null && req.method === "POST") {
      const answer = await this.receiveUpload(uploadMatch[1] ?? "", req.headers["content-type"], bytes);
      this.record("file_upload", { file_id: uploadMatch[1], bytes: bytes.length }, answer);
      res.writeHead(answer.status, { "content-type": "text/plain; charset=utf-8" });
      res.end(answer.status === 200 ? `OK - ${bytes.length}` : String(answer.body.error));
      return;
    }

    if (url.pathname === "/" || url.pathname === "/health") {
      send({ status: 200, body: { ok: true, fake: "slack" } });
      return;
    }
    send({ status: 404, body: { ok: false, error: "not_found" } });
  }

  private apiCall(method: string, args: Record<string, unknown>, authorization: string | undefined): Answer | typeof HANG {
    const handler = this.handlers[method];
    if (handler === undefined) return { status: 200, body: { ok: false, error: "unknown_method" } };
    if (method !== "api.test") {
      const bearer = authorization?.startsWith("Bearer ") ? authorization.slice("Bearer ".length).trim() : undefined;
      const token = bearer ?? str(args.token);
      if (token === undefined) return { status: 200, body: { ok: false, error: "not_authed" } };
      if (!token.startsWith("xoxb-")) return { status: 200, body: { ok: false, error: "invalid_auth" } };
    }
    const failure = this.takeFailure(method);
    if (failure?.hang) return HANG;
    if (failure !== undefined) return this.failureAnswer(failure);
    try {
      return { status: 200, body: handler(args) };
    } catch (err) {
      if (err instanceof SlackError) return { status: 200, body: errorBody(err) };
      throw err;
    }
  }

  // ---------------------------------------------------------------- ids

  /** A message ts, unique and increasing ("1700000000.000100"). */
  private nextTs(): string {
    const now = Date.now() * 1000;
    this.lastTsMicros = Math.max(now, this.lastTsMicros + 100);
    const sec = Math.floor(this.lastTsMicros / 1e6);
    const micros = this.lastTsMicros % 1e6;
    return `${sec}.${String(micros).padStart(6, "0")}`;
  }

  private newHash(): string {
    return `${Math.floor(Date.now() / 1000)}.${randomBytes(6).toString("base64url")}`;
  }

  // ---------------------------------------------------------------- public state access

  /** Top-level messages of a channel (thread replies only when broadcast), oldest first. */
  messagesIn(channel: string): SlackMessage[] {
    const id = this.resolveChannel(channel, false) ?? channel;
    return (this.channelMessages.get(id) ?? [])
      .filter((m) => m.thread_ts === undefined || m.thread_ts === m.ts || m.subtype === "thread_broadcast")
      .map(clone);
  }

  /** Every message of a channel including thread replies, oldest first. */
  allMessagesIn(channel: string): SlackMessage[] {
    const id = this.resolveChannel(channel, false) ?? channel;
    return (this.channelMessages.get(id) ?? []).map(clone);
  }

  /** Parent followed by its replies. Empty when there is no such parent. */
  thread(channel: string, ts: string): SlackMessage[] {
    const id = this.resolveChannel(channel, false) ?? channel;
    const list = this.channelMessages.get(id) ?? [];
    const parent = list.find((m) => m.ts === ts);
    if (parent === undefined) return [];
    return [parent, ...list.filter((m) => m.thread_ts === ts && m.ts !== ts)].map(clone);
  }

  message(channel: string, ts: string): SlackMessage | undefined {
    const id = this.resolveChannel(channel, false) ?? channel;
    const m = this.channelMessages.get(id)?.find((x) => x.ts === ts);
    return m === undefined ? undefined : clone(m);
  }

  /** Ephemeral messages (chat.postEphemeral and ephemeral response_url answers), optionally for one user. */
  ephemerals(user?: string): EphemeralMessage[] {
    return this.ephemeralMessages.filter((m) => user === undefined || m.user === user).map(clone);
  }

  view(id: string): StoredView | undefined {
    const v = this.views.get(id);
    return v === undefined ? undefined : clone(v);
  }

  /** Whether a modal is still open (on some user's stack). */
  isViewOpen(id: string): boolean {
    for (const stack of this.modalStacks.values()) if (stack.includes(id)) return true;
    return false;
  }

  /** The modal stack open for a user, bottom first. */
  openViews(userId: string): StoredView[] {
    return (this.modalStacks.get(userId) ?? []).flatMap((id) => {
      const v = this.views.get(id);
      return v === undefined ? [] : [clone(v)];
    });
  }

  /** The last view opened with views.open or views.push (its current content). */
  lastOpenedView(): StoredView | undefined {
    return this.lastOpenedViewId === undefined ? undefined : this.view(this.lastOpenedViewId);
  }

  viewOwnerOf(viewId: string): string | undefined {
    return this.viewOwner.get(viewId);
  }

  home(userId: string): StoredView | undefined {
    const id = this.homeViews.get(userId);
    return id === undefined ? undefined : this.view(id);
  }

  dmChannelOf(userId: string): string | undefined {
    return this.dmChannels.get(userId);
  }

  /** The DM channel between the app and a user, created when there is none yet. */
  ensureDmChannel(userId: string): string {
    return this.resolveChannel(userId) ?? userId;
  }

  /**
   * Records something that is not a Web API call (e.g. the app's answer to a view_submission, as
   * the simulator applied it) so that it shows in `calls` and can be awaited with `waitForCall`.
   */
  recordEvent(method: string, args: Record<string, unknown>, response: unknown, ok: boolean): void {
    this.record(method, args, { status: ok ? 200 : 400, body: isRecord(response) ? { ...response, ok } : { ok, value: response } });
  }

  addUser(user: Partial<FakeUser> & { id: string }): FakeUser {
    const full: FakeUser = { ...this.defaultUser(user.id), ...user };
    this.users.set(user.id, full);
    return full;
  }

  user(id: string): FakeUser {
    return this.users.get(id) ?? this.defaultUser(id);
  }

  private defaultUser(id: string): FakeUser {
    const name = `user_${id.toLowerCase()}`;
    return { id, name, real_name: `User ${id}`, tz: "Europe/Stockholm", locale: "sv-SE", email: `${name}@example.org` };
  }

  // ---------------------------------------------------------------- triggers, response URLs, view state (for the simulator)

  /** A fresh trigger_id that views.open / views.push accept once (within `ttlMs`, null = never expires). */
  registerTrigger(opts: { userId: string; viewId?: string; ttlMs?: number | null }): string {
    const id = `${Math.floor(Date.now() / 1000)}.${Date.now() % 1e10}.${randomBytes(16).toString("hex")}`;
    const ttl = opts.ttlMs === undefined ? this.triggerTtlMs : opts.ttlMs;
    this.triggers.set(id, { userId: opts.userId, viewId: opts.viewId, expiresAt: ttl === null ? null : Date.now() + ttl, used: false });
    return id;
  }

  newResponseUrl(context: ResponseUrlContext = {}): string {
    const id = randomBytes(12).toString("base64url");
    this.responseUrls.set(id, { ...context, uses: 0, createdAt: Date.now() });
    return `${this.baseUrl}/response/${id}`;
  }

  /** Sets the state.values of a stored view (what the user typed, as Slack sends it with interactions). */
  setViewState(viewId: string, values: ViewStateValues): void {
    const v = this.views.get(viewId);
    if (v === undefined) throw new Error(`fake Slack: no view ${viewId}`);
    v.state = { values: clone(values) };
  }

  /** Closes a modal and every view pushed above it. */
  closeView(viewId: string): void {
    for (const [user, stack] of this.modalStacks) {
      const i = stack.indexOf(viewId);
      if (i < 0) continue;
      stack.splice(i);
      if (stack.length === 0) this.modalStacks.delete(user);
    }
  }

  /**
   * Applies the app's answer to a view_submission of `viewId` as Slack would: empty body → close this
   * view; "clear" → close the stack; "update" → replace the view (same id, new hash); "push" → push;
   * "errors" → keep open.
   */
  applyViewSubmissionResponse(viewId: string, body: unknown): ViewSubmissionOutcome {
    const current = this.views.get(viewId);
    const action = isRecord(body) ? body.response_action : undefined;
    if (action === "errors") {
      const errors = isRecord(body) && isRecord(body.errors) ? (body.errors as Record<string, string>) : {};
      return { action: "errors", errors, view: current === undefined ? undefined : clone(current) };
    }
    if (action === "clear") {
      const owner = this.viewOwner.get(viewId);
      if (owner !== undefined) this.modalStacks.delete(owner);
      return { action: "clear" };
    }
    if ((action === "update" || action === "push") && isRecord(body)) {
      const check = this.validator.validateView(body.view, "modal");
      if (!check.ok || current === undefined) return { action: "invalid", validationErrors: check.errors };
      const owner = this.viewOwner.get(viewId) ?? "";
      if (action === "update") {
        const updated = this.replaceView(current, body.view as Json);
        return { action: "update", view: clone(updated) };
      }
      const stack = this.modalStacks.get(owner) ?? [];
      if (stack.length >= MAX_VIEW_STACK) return { action: "invalid", validationErrors: ["push_limit_reached"] };
      const pushed = this.createModal(body.view as Json, owner, stack);
      return { action: "push", view: clone(pushed) };
    }
    // Plain ack: close the submitted view only; the previous view of the stack shows again.
    const owner = this.viewOwner.get(viewId);
    const stack = owner === undefined ? undefined : this.modalStacks.get(owner);
    if (owner !== undefined && stack !== undefined) {
      const i = stack.indexOf(viewId);
      if (i >= 0) stack.splice(i, 1);
      if (stack.length === 0) this.modalStacks.delete(owner);
      const top = stack[stack.length - 1];
      const topView = top === undefined ? undefined : this.views.get(top);
      return { action: "close", view: topView === undefined ? undefined : clone(topView) };
    }
    return { action: "close" };
  }

  // ---------------------------------------------------------------- channels

  /** Resolves a user id to its DM channel (creating it when `create`). */
  private resolveChannel(channel: string, create = true): string | undefined {
    if (!isUserId(channel)) return channel;
    const existing = this.dmChannels.get(channel);
    if (existing !== undefined || !create) return existing;
    const id = randomId("D");
    this.dmChannels.set(channel, id);
    return id;
  }

  private channelList(channel: string): SlackMessage[] {
    let list = this.channelMessages.get(channel);
    if (list === undefined) {
      list = [];
      this.channelMessages.set(channel, list);
    }
    return list;
  }

  // ---------------------------------------------------------------- validation helpers

  private checkMessageContent(args: Record<string, unknown>, requireContent: boolean): void {
    const blocks = args.blocks;
    if (blocks !== undefined) {
      if (typeof blocks === "string") throw invalid([`could not parse blocks as JSON [json-pointer:/blocks]`], "invalid_blocks_format");
      const result: ValidationResult = this.validator.validateMessageBlocks(blocks);
      if (!result.ok) throw invalid(result.errors, result.code ?? "invalid_blocks");
    }
    if (args.attachments !== undefined && !Array.isArray(args.attachments)) throw invalid([], "invalid_attachments");
    const hasText = str(args.text) !== undefined;
    const hasBlocks = Array.isArray(blocks) && blocks.length > 0;
    const hasAttachments = Array.isArray(args.attachments) && args.attachments.length > 0;
    if (requireContent && !hasText && !hasBlocks && !hasAttachments) throw invalid([], "no_text");
  }

  private checkView(view: unknown, expected: "modal" | "home"): Json {
    if (typeof view === "string") throw invalid(["[ERROR] could not parse view as JSON [json-pointer:/view]"], "invalid_arguments");
    if (view === undefined) throw invalid(["missing required field: view [json-pointer:/view]"], "invalid_arguments");
    const result = this.validator.validateView(view, expected);
    if (!result.ok) throw invalid(result.errors, result.code ?? "invalid_arguments");
    return view as Json;
  }

  // ---------------------------------------------------------------- Web API methods

  private authTest(): Json {
    return {
      ok: true,
      url: `https://${this.teamDomain}.slack.com/`,
      team: "Fake Workspace",
      user: "nsp-bot",
      team_id: this.teamId,
      user_id: this.botUserId,
      bot_id: this.botId,
      is_enterprise_install: false,
    };
  }

  private postMessage(args: Record<string, unknown>): Json {
    const requested = str(args.channel);
    if (requested === undefined) throw new SlackError("channel_not_found");
    this.checkMessageContent(args, true);
    const threadTs = str(args.thread_ts);
    const broadcast = bool(args.reply_broadcast);
    if (broadcast && threadTs === undefined)
      throw invalid(["reply_broadcast is only allowed together with thread_ts"], "invalid_arguments");
    const channel = this.resolveChannel(requested) ?? requested;
    const list = this.channelList(channel);
    let parent: SlackMessage | undefined;
    if (threadTs !== undefined) {
      parent = list.find((m) => m.ts === threadTs && (m.thread_ts === undefined || m.thread_ts === m.ts));
      if (parent === undefined) throw new SlackError("thread_not_found");
    }
    const message = this.buildMessage(channel, args);
    if (parent !== undefined) {
      message.thread_ts = parent.ts;
      if (broadcast) message.subtype = "thread_broadcast";
      parent.thread_ts = parent.ts;
      parent.reply_count = (parent.reply_count ?? 0) + 1;
      const users = new Set(parent.reply_users ?? []);
      users.add(message.user);
      parent.reply_users = [...users];
      parent.reply_users_count = users.size;
      parent.latest_reply = message.ts;
    }
    list.push(message);
    const { channel: _omit, ...rest } = message;
    return { ok: true, channel, ts: message.ts, message: rest, ...this.truncationWarning(args) };
  }

  private truncationWarning(args: Record<string, unknown>): Json {
    const text = str(args.text);
    if (text !== undefined && text.length > MAX_TEXT) return { warning: "message_truncated", response_metadata: { warnings: ["message_truncated"] } };
    return {};
  }

  private buildMessage(channel: string, args: Record<string, unknown>): SlackMessage {
    const message: SlackMessage = {
      type: "message",
      channel,
      ts: this.nextTs(),
      text: (str(args.text) ?? "").slice(0, MAX_TEXT),
      user: this.botUserId,
      bot_id: this.botId,
      app_id: this.appId,
      team: this.teamId,
    };
    if (Array.isArray(args.blocks)) message.blocks = withGeneratedIds(args.blocks);
    if (Array.isArray(args.attachments)) message.attachments = clone(args.attachments);
    if (args.metadata !== undefined) message.metadata = clone(args.metadata);
    for (const key of ["username", "icon_emoji", "icon_url"] as const) {
      const v = str(args[key]);
      if (v !== undefined) message[key] = v;
    }
    return message;
  }

  private findMessage(args: Record<string, unknown>): { channel: string; list: SlackMessage[]; index: number } {
    const requested = str(args.channel);
    if (requested === undefined) throw new SlackError("channel_not_found");
    const ts = str(args.ts);
    if (ts === undefined) throw new SlackError("message_not_found");
    const channel = this.resolveChannel(requested, false) ?? requested;
    const list = this.channelMessages.get(channel) ?? [];
    const index = list.findIndex((m) => m.ts === ts);
    if (index < 0) throw new SlackError("message_not_found");
    return { channel, list, index };
  }

  private chatUpdate(args: Record<string, unknown>): Json {
    const { channel, list, index } = this.findMessage(args);
    this.checkMessageContent(args, true);
    const old = list[index];
    if (old === undefined) throw new SlackError("message_not_found");
    const updated: SlackMessage = { ...old, edited: { user: this.botUserId, ts: this.nextTs() } };
    if (args.text !== undefined) updated.text = (str(args.text) ?? "").slice(0, MAX_TEXT);
    if (args.blocks !== undefined) {
      if (Array.isArray(args.blocks) && args.blocks.length > 0) updated.blocks = withGeneratedIds(args.blocks);
      else delete updated.blocks;
    }
    if (Array.isArray(args.attachments)) updated.attachments = clone(args.attachments);
    if (args.metadata !== undefined) updated.metadata = clone(args.metadata);
    list[index] = updated;
    const { channel: _omit, ...rest } = updated;
    return { ok: true, channel, ts: updated.ts, text: updated.text, message: rest };
  }

  private chatDelete(args: Record<string, unknown>): Json {
    const { channel, list, index } = this.findMessage(args);
    const [removed] = list.splice(index, 1);
    return { ok: true, channel, ts: removed?.ts };
  }

  private postEphemeral(args: Record<string, unknown>): Json {
    const requested = str(args.channel);
    if (requested === undefined) throw new SlackError("channel_not_found");
    const user = str(args.user);
    if (user === undefined || !isUserId(user)) throw new SlackError("user_not_found");
    this.checkMessageContent(args, true);
    const channel = this.resolveChannel(requested) ?? requested;
    const ts = this.nextTs();
    const message: EphemeralMessage = { channel, user, ts, text: (str(args.text) ?? "").slice(0, MAX_TEXT), source: "chat.postEphemeral" };
    if (Array.isArray(args.blocks)) message.blocks = withGeneratedIds(args.blocks);
    const threadTs = str(args.thread_ts);
    if (threadTs !== undefined) message.thread_ts = threadTs;
    this.ephemeralMessages.push(message);
    return { ok: true, message_ts: ts };
  }

  private getPermalink(args: Record<string, unknown>): Json {
    const { channel, list, index } = this.findMessage({ ts: args.message_ts, channel: args.channel });
    const m = list[index];
    return { ok: true, channel, permalink: `https://${this.teamDomain}.slack.com/archives/${channel}/p${(m?.ts ?? "").replace(".", "")}` };
  }

  private conversationsOpen(args: Record<string, unknown>): Json {
    const existing = str(args.channel);
    if (existing !== undefined) return { ok: true, channel: { id: existing }, no_op: true, already_open: true };
    const users = (str(args.users) ?? "")
      .split(",")
      .map((u) => u.trim())
      .filter((u) => u !== "");
    if (users.length === 0) throw new SlackError("users_list_not_supplied");
    if (users.length > 8) throw new SlackError("too_many_users");
    for (const u of users) if (!isUserId(u)) throw new SlackError("user_not_found");
    if (users.length === 1) {
      const user = users[0] ?? "";
      const already = this.dmChannels.has(user);
      const id = this.resolveChannel(user) ?? "";
      return { ok: true, channel: { id }, ...(already ? { no_op: true, already_open: true } : {}) };
    }
    const key = [...users].sort().join(",");
    let id = this.mpimChannels.get(key);
    if (id === undefined) {
      id = randomId("G");
      this.mpimChannels.set(key, id);
    }
    return { ok: true, channel: { id } };
  }

  private conversationsHistory(args: Record<string, unknown>): Json {
    const channel = str(args.channel);
    if (channel === undefined) throw new SlackError("channel_not_found");
    const messages = this.messagesIn(channel).reverse();
    const limit = Number(str(args.limit) ?? 100);
    return { ok: true, messages: messages.slice(0, limit), has_more: messages.length > limit };
  }

  private conversationsReplies(args: Record<string, unknown>): Json {
    const channel = str(args.channel);
    if (channel === undefined) throw new SlackError("channel_not_found");
    const ts = str(args.ts);
    const messages = ts === undefined ? [] : this.thread(channel, ts);
    if (messages.length === 0) throw new SlackError("thread_not_found");
    return { ok: true, messages, has_more: false };
  }

  private usersInfo(args: Record<string, unknown>): Json {
    const id = str(args.user);
    if (id === undefined || !isUserId(id)) throw new SlackError("user_not_found");
    const u = this.user(id);
    const user: Json = {
      id: u.id,
      team_id: this.teamId,
      name: u.name,
      real_name: u.real_name,
      deleted: false,
      is_bot: u.is_bot ?? false,
      is_admin: u.is_admin ?? false,
      tz: u.tz,
      tz_label: u.tz === "Europe/Stockholm" ? "Central European Time" : u.tz,
      tz_offset: tzOffsetSeconds(u.tz),
      profile: { real_name: u.real_name, display_name: u.name, email: u.email, team: this.teamId },
    };
    if (bool(args.include_locale)) user.locale = u.locale;
    return { ok: true, user };
  }

  // ---------------------------------------------------------------- views

  private consumeTrigger(args: Record<string, unknown>, check: () => Json): { view: Json; trigger: TriggerEntry } {
    const triggerId = str(args.trigger_id) ?? str(args.interactivity_pointer);
    if (triggerId === undefined) throw invalid(["missing required field: trigger_id"], "invalid_arguments");
    if (this.acceptUnknownTriggersAs !== undefined && !this.triggers.has(triggerId)) {
      this.triggers.set(triggerId, { userId: this.acceptUnknownTriggersAs, viewId: undefined, expiresAt: null, used: false });
    }
    const trigger = this.triggers.get(triggerId);
    if (trigger === undefined) throw new SlackError("invalid_trigger_id");
    if (trigger.used) throw new SlackError("exchanged_trigger_id");
    if (trigger.expiresAt !== null && Date.now() > trigger.expiresAt) throw new SlackError("expired_trigger_id");
    const view = check();
    trigger.used = true;
    return { view, trigger };
  }

  private baseView(view: Json, type: "modal" | "home"): StoredView {
    const stored: StoredView = {
      id: randomId("V"),
      team_id: this.teamId,
      type,
      blocks: withGeneratedIds(view.blocks),
      private_metadata: str(view.private_metadata) ?? "",
      callback_id: str(view.callback_id) ?? "",
      external_id: str(view.external_id) ?? "",
      state: { values: {} },
      hash: this.newHash(),
      clear_on_close: bool(view.clear_on_close),
      notify_on_close: bool(view.notify_on_close),
      root_view_id: null,
      previous_view_id: null,
      app_id: this.appId,
      app_installed_team_id: this.teamId,
      bot_id: this.botId,
    };
    if (type === "modal") {
      stored.title = clone(view.title);
      if (view.submit !== undefined) stored.submit = clone(view.submit);
      if (view.close !== undefined) stored.close = clone(view.close);
      if (view.submit_disabled !== undefined) stored.submit_disabled = bool(view.submit_disabled);
    }
    return stored;
  }

  private createModal(view: Json, owner: string, stack: string[]): StoredView {
    const stored = this.baseView(view, "modal");
    const root = stack[0];
    const previous = stack[stack.length - 1];
    stored.root_view_id = root ?? stored.id;
    stored.previous_view_id = previous ?? null;
    this.views.set(stored.id, stored);
    this.viewOwner.set(stored.id, owner);
    this.modalStacks.set(owner, [...stack, stored.id]);
    this.lastOpenedViewId = stored.id;
    return stored;
  }

  private replaceView(current: StoredView, view: Json): StoredView {
    const next = this.baseView(view, current.type);
    next.id = current.id;
    next.root_view_id = current.root_view_id;
    next.previous_view_id = current.previous_view_id;
    if (next.external_id === "") next.external_id = current.external_id;
    // Slack keeps what the user typed in inputs whose block_id / action_id are still there.
    const kept: ViewStateValues = {};
    for (const [blockId, actions] of Object.entries(current.state.values)) {
      const block = next.blocks.find((b) => isRecord(b) && b.block_id === blockId);
      if (block !== undefined) kept[blockId] = actions;
    }
    next.state = { values: kept };
    this.views.set(next.id, next);
    return next;
  }

  private checkExternalIdFree(view: Json): void {
    const ext = str(view.external_id);
    if (ext === undefined) return;
    for (const v of this.views.values()) {
      if (v.external_id === ext && (this.isViewOpen(v.id) || [...this.homeViews.values()].includes(v.id)))
        throw new SlackError("duplicate_external_id");
    }
  }

  private viewsOpen(args: Record<string, unknown>): Json {
    const { view, trigger } = this.consumeTrigger(args, () => {
      const v = this.checkView(args.view, "modal");
      this.checkExternalIdFree(v);
      return v;
    });
    // A new modal replaces whatever modal stack the user had open.
    this.modalStacks.delete(trigger.userId);
    const stored = this.createModal(view, trigger.userId, []);
    return { ok: true, view: clone(stored) };
  }

  private viewsPush(args: Record<string, unknown>): Json {
    const { view, trigger } = this.consumeTrigger(args, () => {
      const v = this.checkView(args.view, "modal");
      const stack = this.modalStacks.get(this.triggerOwner(args));
      if (stack === undefined || stack.length === 0) throw invalid(["no open modal to push onto"], "not_found");
      if (stack.length >= MAX_VIEW_STACK) throw new SlackError("push_limit_reached");
      this.checkExternalIdFree(v);
      return v;
    });
    const stack = this.modalStacks.get(trigger.userId) ?? [];
    const stored = this.createModal(view, trigger.userId, stack);
    return { ok: true, view: clone(stored) };
  }

  private triggerOwner(args: Record<string, unknown>): string {
    const id = str(args.trigger_id) ?? str(args.interactivity_pointer) ?? "";
    return this.triggers.get(id)?.userId ?? "";
  }

  private viewsUpdate(args: Record<string, unknown>): Json {
    const viewId = str(args.view_id);
    const externalId = str(args.external_id);
    if (viewId === undefined && externalId === undefined)
      throw invalid(["either view_id or external_id is required"], "invalid_arguments");
    let current: StoredView | undefined;
    if (viewId !== undefined) current = this.views.get(viewId);
    else
      current = [...this.views.values()]
        .reverse()
        .find((v) => v.external_id === externalId && (this.isViewOpen(v.id) || this.homeViews.get(this.viewOwner.get(v.id) ?? "") === v.id));
    if (current === undefined) throw new SlackError("not_found");
    const isOpen = current.type === "home" ? true : this.isViewOpen(current.id);
    if (!isOpen) throw new SlackError("not_found");
    const hash = str(args.hash);
    if (hash !== undefined && hash !== current.hash) throw new SlackError("hash_conflict");
    const view = this.checkView(args.view, current.type);
    const updated = this.replaceView(current, view);
    return { ok: true, view: clone(updated) };
  }

  private viewsPublish(args: Record<string, unknown>): Json {
    const userId = str(args.user_id);
    if (userId === undefined) throw invalid(["missing required field: user_id"], "invalid_arguments");
    if (!isUserId(userId)) throw new SlackError("user_not_found");
    const view = this.checkView(args.view, "home");
    const currentId = this.homeViews.get(userId);
    const current = currentId === undefined ? undefined : this.views.get(currentId);
    const hash = str(args.hash);
    if (hash !== undefined && current !== undefined && hash !== current.hash) throw new SlackError("hash_conflict");
    let stored: StoredView;
    if (current !== undefined) stored = this.replaceView(current, view);
    else {
      stored = this.baseView(view, "home");
      this.views.set(stored.id, stored);
      this.viewOwner.set(stored.id, userId);
      this.homeViews.set(userId, stored.id);
    }
    return { ok: true, view: clone(stored) };
  }

  // ---------------------------------------------------------------- files (upload flow of files.uploadV2)

  /** Files shared with files.completeUploadExternal, optionally only those in one channel (or a user's DM). */
  uploadedFiles(channel?: string): UploadedFile[] {
    const id = channel === undefined ? undefined : (this.resolveChannel(channel, false) ?? channel);
    return this.uploadedFileList.filter((f) => id === undefined || f.channel === id).map((f) => ({ ...f, bytes: Buffer.from(f.bytes) }));
  }

  private getUploadUrlExternal(args: Record<string, unknown>): Json {
    const filename = str(args.filename);
    const length = Number(str(args.length));
    if (filename === undefined) throw invalid(["missing required field: filename"], "invalid_arguments");
    if (!Number.isSafeInteger(length) || length < 1) throw invalid(["length must be a positive integer"], "invalid_arguments");
    const fileId = randomId("F");
    this.pendingUploads.set(fileId, { filename, length });
    return { ok: true, upload_url: `${this.baseUrl}/upload/${fileId}`, file_id: fileId };
  }

  /** The bytes POSTed to an upload URL: raw, or the first file part of a multipart form (as the SDK sends). */
  private async receiveUpload(fileId: string, contentType: string | undefined, body: Buffer): Promise<Answer> {
    const pending = this.pendingUploads.get(fileId);
    if (pending === undefined) return { status: 404, body: { ok: false, error: "upload_url_not_found" } };
    let bytes = body;
    if ((contentType ?? "").toLowerCase().startsWith("multipart/form-data")) {
      const form = await new Response(new Uint8Array(body), { headers: { "content-type": contentType ?? "" } }).formData();
      const part = [...form.values()].find((v) => typeof v !== "string");
      if (part === undefined || typeof part === "string") return { status: 400, body: { ok: false, error: "no_file_data" } };
      bytes = Buffer.from(await part.arrayBuffer());
    }
    if (bytes.length !== pending.length) return { status: 400, body: { ok: false, error: "length_mismatch" } };
    pending.bytes = bytes;
    return { status: 200, body: { ok: true } };
  }

  private completeUploadExternal(args: Record<string, unknown>): Json {
    const files = args.files;
    if (!Array.isArray(files) || files.length === 0) throw invalid(["files must be a non-empty JSON array [json-pointer:/files]"], "invalid_arguments");
    const requested = str(args.channel_id) ?? str(args.channels);
    if (requested !== undefined && requested.includes(",")) throw new SlackError("invalid_channel");
    const entries = files.map((f) => {
      if (!isRecord(f) || str(f.id) === undefined) throw invalid(["each file needs an id [json-pointer:/files]"], "invalid_arguments");
      const id = str(f.id) ?? "";
      const pending = this.pendingUploads.get(id);
      if (pending === undefined) throw new SlackError("file_not_found");
      if (pending.bytes === undefined) throw new SlackError("file_upload_incomplete");
      return { id, title: str(f.title) ?? pending.filename, pending: { ...pending, bytes: pending.bytes } };
    });
    const shared = entries.map((e) => ({ id: e.id, name: e.pending.filename, title: e.title, size: e.pending.length }));
    for (const e of entries) this.pendingUploads.delete(e.id);
    if (requested === undefined) return { ok: true, files: shared }; // uploaded, not shared
    const channel = this.resolveChannel(requested) ?? requested;
    const comment = str(args.initial_comment);
    const message = this.buildMessage(channel, { text: comment ?? "" });
    message.files = shared;
    const threadTs = str(args.thread_ts);
    if (threadTs !== undefined) message.thread_ts = threadTs;
    this.channelList(channel).push(message);
    for (const e of entries) {
      this.uploadedFileList.push({
        id: e.id,
        filename: e.pending.filename,
        title: e.title,
        channel,
        bytes: e.pending.bytes,
        ts: message.ts,
        ...(comment === undefined ? {} : { initialComment: comment }),
      });
    }
    return { ok: true, files: shared };
  }

  // ---------------------------------------------------------------- response_url

  private responseUrlCall(id: string, args: Record<string, unknown>): Answer | typeof HANG {
    const entry = this.responseUrls.get(id);
    if (entry === undefined) return { status: 404, body: { ok: false, error: "no_such_url" } };
    if (Date.now() - entry.createdAt > RESPONSE_URL_TTL_MS) return { status: 404, body: { ok: false, error: "expired_url" } };
    if (entry.uses >= RESPONSE_URL_MAX_USES) return { status: 404, body: { ok: false, error: "used_url" } };
    const failure = this.takeFailure("response_url");
    if (failure?.hang) return HANG;
    if (failure !== undefined) return this.failureAnswer(failure);
    try {
      const deleteOriginal = bool(args.delete_original);
      if (!deleteOriginal) this.checkMessageContent(args, true);
      entry.uses += 1;
      const channel = entry.channel;
      if (entry.ephemeralTs !== undefined && (deleteOriginal || bool(args.replace_original))) {
        const index = this.ephemeralMessages.findIndex((m) => m.ts === entry.ephemeralTs && m.user === entry.userId);
        if (index >= 0) {
          const old = this.ephemeralMessages[index];
          if (deleteOriginal) this.ephemeralMessages.splice(index, 1);
          else if (old !== undefined) {
            const updated: EphemeralMessage = { ...old, text: (str(args.text) ?? "").slice(0, MAX_TEXT), source: "response_url" };
            if (Array.isArray(args.blocks)) updated.blocks = withGeneratedIds(args.blocks);
            else delete updated.blocks;
            this.ephemeralMessages[index] = updated;
          }
          return { status: 200, body: { ok: true } };
        }
      }
      if (deleteOriginal || bool(args.replace_original)) {
        const list = channel === undefined ? undefined : this.channelMessages.get(channel);
        const index = list?.findIndex((m) => m.ts === entry.messageTs) ?? -1;
        if (list !== undefined && index >= 0) {
          const old = list[index];
          if (deleteOriginal) list.splice(index, 1);
          else if (old !== undefined) {
            const updated: SlackMessage = { ...old, text: (str(args.text) ?? "").slice(0, MAX_TEXT) };
            if (Array.isArray(args.blocks)) updated.blocks = withGeneratedIds(args.blocks);
            else delete updated.blocks;
            list[index] = updated;
          }
          return { status: 200, body: { ok: true } };
        }
        if (deleteOriginal) return { status: 200, body: { ok: true } };
      }
      if (args.response_type === "in_channel") {
        if (channel === undefined) return { status: 200, body: { ok: true, note: "no channel known for this response_url" } };
        const message = this.buildMessage(channel, args);
        const threadTs = str(args.thread_ts);
        if (threadTs !== undefined) message.thread_ts = threadTs;
        this.channelList(channel).push(message);
        return { status: 200, body: { ok: true } };
      }
      const ephemeral: EphemeralMessage = {
        channel: channel ?? "",
        user: entry.userId ?? "",
        ts: this.nextTs(),
        text: (str(args.text) ?? "").slice(0, MAX_TEXT),
        source: "response_url",
      };
      if (Array.isArray(args.blocks)) ephemeral.blocks = withGeneratedIds(args.blocks);
      this.ephemeralMessages.push(ephemeral);
      return { status: 200, body: { ok: true } };
    } catch (err) {
      if (err instanceof SlackError) return { status: 400, body: errorBody(err) };
      throw err;
    }
  }
}

/**
 * Copies blocks the way Slack stores them: a block without block_id and an interactive element
 * without action_id get a generated one (as in the payloads Slack sends back).
 */
function withGeneratedIds(blocks: unknown): Block[] {
  if (!Array.isArray(blocks)) return [];
  const gen = (): string => randomBytes(4).toString("base64url").slice(0, 5);
  const element = (e: unknown): void => {
    if (isRecord(e) && typeof e.type === "string" && e.type !== "image" && e.action_id === undefined) e.action_id = gen();
  };
  const out: Block[] = [];
  for (const b of clone(blocks)) {
    if (!isRecord(b) || typeof b.type !== "string") continue;
    const block: Block = { ...b, type: b.type };
    if (block.block_id === undefined) block.block_id = gen();
    if (block.type === "input") element(block.element);
    if (block.type === "section") element(block.accessory);
    if (block.type === "actions" && Array.isArray(block.elements)) block.elements.forEach(element);
    out.push(block);
  }
  return out;
}

function errorBody(err: SlackError): Json {
  const body: Json = { ok: false, error: err.code };
  if (err.details.length > 0) {
    body.errors = err.details;
    body.response_metadata = { messages: err.details.map((d) => (d.startsWith("[ERROR]") ? d : `[ERROR] ${d}`)) };
  }
  return body;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

/** Parses a Web API request body (form-encoded as @slack/web-api sends it, or JSON), plus query arguments. */
function parseArgs(contentType: string | undefined, raw: string, query: URLSearchParams): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const [k, v] of query) args[k] = v;
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (raw.trim() === "") return args;
  if (type === "application/json") {
    const parsed: unknown = JSON.parse(raw);
    if (!isRecord(parsed)) throw new Error("JSON body must be an object");
    return { ...args, ...parsed };
  }
  if (type === "application/x-www-form-urlencoded" || type === "") {
    for (const [k, v] of new URLSearchParams(raw)) {
      if (JSON_ARGS.has(k)) {
        try {
          args[k] = JSON.parse(v);
        } catch {
          args[k] = v; // left as a string: the method answers *_format / invalid_arguments
        }
      } else args[k] = v;
    }
    return args;
  }
  throw new Error(`unsupported content type ${type}`);
}
