// The local sandbox: `npm run sandbox` (dev/sandbox/main.ts) runs the real app (its HTTP receiver,
// listeners, database, queues and workers) against the in-process fake Slack Web API, and serves
// a small Slack-like web client at /sandbox. Every click and command in the page is sent to the
// app exactly as Slack sends it (signed, form-encoded), so the sandbox exercises production code.
// The fake keeps its state (channels, messages, views) in memory, never in the app's tables.
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { readFileSync } from "node:fs";
import { z } from "zod";
import { seed } from "../../commands/seed.js";
import { seedMeetings } from "../../commands/seed-meetings.js";
import type { ReminderOffset } from "../../src/domain/reminders.js";
import type { Db } from "../../src/core/db.js";
import { SlackUserSimulator } from "../fake-slack/client.js";
import { FakeSlack, type RecordedCall } from "../fake-slack/server.js";
import { seedToday, type TodaySummary } from "./today.js";
import { collectViewState, escapeHtml, renderHome, renderMessage, renderModal, SANDBOX_CSS, type MessageFile, type NameDirectory } from "./render/index.js";
import { contentDisposition, contentTypeFor, FILE_ID } from "./files.js";

export const SANDBOX_PATH = "/sandbox";
export const SANDBOX_COORDINATOR_CHANNEL = "C0SBXCOORD";

/** The demo users (created by `db:seed --demo-members`), switchable at the top of the page. The
 * label is also the display name the page shows for a mention of the user (`<@U0DEMOAPPL>`). */
export const SANDBOX_USERS = [
  { id: "U0DEMOAPPL", label: "Sökande – Frälsningsarmén", role: "applicant" },
  { id: "U0DEMOCOORD", label: "Samordnare", role: "coordinator" },
  { id: "U0DEMOADMIN", label: "Administratör", role: "admin" },
] as const;

export interface Sandbox {
  fake: FakeSlack;
  /** Environment overrides that point the app at the fake (token, secret, API URL, channel). */
  env: Record<string, string>;
  routes: SandboxRoute[];
  close(): Promise<void>;
}

export interface SandboxRoute {
  path: string;
  method: string | string[];
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

export interface SandboxOptions {
  coordinatorChannel?: string;
  /** More channels to list (e.g. working groups): id → name. */
  channels?: () => Promise<Record<string, string>>;
}

/** Starts the fake Slack and returns what the app needs to run against it. */
export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const fake = await FakeSlack.start({ triggerTtlMs: null });
  for (const u of SANDBOX_USERS) fake.addUser({ id: u.id, name: u.label, real_name: u.label });
  const signingSecret = randomBytes(24).toString("hex");
  const coordinatorChannel = opts.coordinatorChannel ?? SANDBOX_COORDINATOR_CHANNEL;
  const state = new SandboxState(fake, signingSecret, coordinatorChannel, opts.channels);
  return {
    fake,
    env: {
      SLACK_BOT_TOKEN: "xoxb-sandbox",
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_API_URL: fake.apiUrl,
      SLACK_APP_TOKEN: "",
      NSP_COORDINATOR_CHANNEL: coordinatorChannel,
      NSP_RUN_WORKERS: "true",
    },
    routes: state.routes(),
    close: () => fake.close(),
  };
}

/**
 * Demo data on first start (idempotent): the 2016 periods, budget, organisations, demo members,
 * the report's working groups and 2016 calendar (commands/seed.ts, untouched: the report's tests
 * read them), and "today" (./today.ts): budget periods around today with the pilot's budget and
 * rates, demo cases in several states and meetings in the coming weeks.
 */
export async function seedSandbox(db: Db, reminderOffsets: readonly ReminderOffset[], now: Date = new Date()): Promise<TodaySummary> {
  await seed(db, { demoMembers: true });
  await seedMeetings(db);
  return seedToday(db, reminderOffsets, now);
}

/** The working groups' channels, for the page's sidebar. */
export async function groupChannels(db: Db): Promise<Record<string, string>> {
  const groups = await db.workingGroup.findMany({ orderBy: { name: "asc" }, select: { channel: true, slug: true } });
  return Object.fromEntries(groups.map((g) => [g.channel, g.slug]));
}

// ---------------------------------------------------------------------------------------------

const userId = z.enum(SANDBOX_USERS.map((u) => u.id) as [string, ...string[]]);
const slackId = z.string().regex(/^[A-Z0-9]{2,20}$/);
const ts = z.string().regex(/^\d+\.\d+$/);

const commandBody = z.object({ user: userId, channel: slackId, text: z.string().max(4000) });
const actionBody = z.object({
  user: userId,
  actionId: z.string().min(1).max(255),
  blockId: z.string().max(255).optional(),
  type: z.string().max(50).optional(),
  value: z.union([z.string(), z.array(z.string()), z.null()]).optional(),
  channel: slackId.optional(),
  messageTs: ts.optional(),
  viewId: z.string().max(40).optional(),
  fields: z.array(z.object({ name: z.string(), type: z.string(), value: z.union([z.string(), z.array(z.string()), z.null()]) })).max(200).optional(),
});
const submitBody = z.object({
  user: userId,
  viewId: z.string().max(40),
  fields: z.array(z.object({ name: z.string(), type: z.string(), value: z.union([z.string(), z.array(z.string()), z.null()]) })).max(200),
});
const closeBody = z.object({ user: userId, viewId: z.string().max(40) });
const homeBody = z.object({ user: userId });

interface LocalEphemeral {
  user: string;
  channel: string;
  text: string;
  blocks?: unknown[];
  ts: string;
}

/** The sandbox's own bits of state: errors per view, ack bodies shown as ephemerals, failures. */
class SandboxState {
  private simulator: SlackUserSimulator | null = null;
  private readonly viewErrors = new Map<string, Record<string, string>>();
  private readonly acks: LocalEphemeral[] = [];
  private readonly failures: { user: string | null; at: number; text: string }[] = [];

  constructor(
    private readonly fake: FakeSlack,
    private readonly signingSecret: string,
    private readonly coordinatorChannel: string,
    private readonly extraChannels?: () => Promise<Record<string, string>>,
  ) {
    // A view or message Slack would refuse (invalid_blocks …) is shown as an error in the page.
    fake.onCall((call) => this.recordFailure(call));
  }

  private recordFailure(call: RecordedCall): void {
    const response = call.response as { ok?: boolean; error?: string; response_metadata?: { messages?: string[] } } | undefined;
    if (!response || response.ok !== false) return;
    if (!/^(views|chat)\./.test(call.method)) return;
    // A hash_conflict is the app losing a race between two quick edits of a modal: Slack shows the
    // user nothing for it, and neither does the sandbox.
    if (response.error === "hash_conflict") return;
    const details = response.response_metadata?.messages?.slice(0, 5).join("; ") ?? "";
    const view = call.args.view as { title?: { text?: string } } | undefined;
    const user = typeof call.args.user_id === "string" ? call.args.user_id : null;
    this.failures.push({ user, at: Date.now(), text: `Slack svarade ${call.method}: ${response.error ?? "error"}${view?.title?.text ? ` (${view.title.text})` : ""}${details ? ` – ${details}` : ""}` });
    if (this.failures.length > 50) this.failures.shift();
  }

  private sim(req: IncomingMessage): SlackUserSimulator {
    if (!this.simulator) {
      const port = req.socket.localPort;
      this.simulator = new SlackUserSimulator({ appUrl: `http://127.0.0.1:${port}/slack/events`, signingSecret: this.signingSecret, fake: this.fake, triggerTtlMs: null });
    }
    return this.simulator;
  }

  /** Display names for the mentions in what the page shows: the demo users and the listed channels. */
  private names(channels: readonly { id: string; name: string }[]): NameDirectory {
    return {
      users: Object.fromEntries(SANDBOX_USERS.map((u) => [u.id, u.label])),
      channels: Object.fromEntries(channels.map((c) => [c.id, c.name])),
    };
  }

  routes(): SandboxRoute[] {
    const page = pageHtml();
    const script = readFileSync(new URL("./public/sandbox.js", import.meta.url), "utf8");
    return [
      { path: SANDBOX_PATH, method: "GET", handler: (_req, res) => send(res, 200, page, "text/html; charset=utf-8") },
      { path: `${SANDBOX_PATH}/sandbox.js`, method: "GET", handler: (_req, res) => send(res, 200, script, "text/javascript; charset=utf-8") },
      { path: `${SANDBOX_PATH}/api/state`, method: "GET", handler: (req, res) => void this.handle(req, res, () => this.state(req)) },
      { path: `${SANDBOX_PATH}/api/command`, method: "POST", handler: (req, res) => void this.handle(req, res, async () => this.command(req, commandBody.parse(await body(req)))) },
      { path: `${SANDBOX_PATH}/api/action`, method: "POST", handler: (req, res) => void this.handle(req, res, async () => this.action(req, actionBody.parse(await body(req)))) },
      { path: `${SANDBOX_PATH}/api/submit`, method: "POST", handler: (req, res) => void this.handle(req, res, async () => this.submit(req, submitBody.parse(await body(req)))) },
      { path: `${SANDBOX_PATH}/api/close`, method: "POST", handler: (req, res) => void this.handle(req, res, async () => this.close(req, closeBody.parse(await body(req)))) },
      { path: `${SANDBOX_PATH}/api/home`, method: "POST", handler: (req, res) => void this.handle(req, res, async () => this.home(req, homeBody.parse(await body(req)))) },
      { path: `${SANDBOX_PATH}/file`, method: "GET", handler: (req, res) => void this.download(req, res) },
    ];
  }

  private async handle(req: IncomingMessage, res: ServerResponse, fn: () => Promise<unknown>): Promise<void> {
    try {
      send(res, 200, JSON.stringify(await fn()), "application/json; charset=utf-8");
    } catch (err) {
      const message = err instanceof z.ZodError ? "ogiltig begäran" : err instanceof Error ? err.message : String(err);
      send(res, 400, JSON.stringify({ error: message }), "application/json; charset=utf-8");
    }
  }

  private async command(req: IncomingMessage, b: z.infer<typeof commandBody>) {
    const text = b.text.trim();
    const m = /^\/nsp(?:\s+(.*))?$/s.exec(text);
    if (!m) return { notice: "I sandlådan finns bara appens kommando: skriv /nsp …" };
    const res = await this.sim(req).command(b.user, m[1] ?? "", { channel: b.channel });
    // Slack shows a slash command's immediate answer as an ephemeral message.
    const ack = res.json as { text?: string; blocks?: unknown[] } | undefined;
    if (ack && (ack.text || ack.blocks)) this.acks.push({ user: b.user, channel: b.channel, text: ack.text ?? "", ...(ack.blocks ? { blocks: ack.blocks } : {}), ts: `${Date.now() / 1000}` });
    return { status: res.status };
  }

  private async action(req: IncomingMessage, b: z.infer<typeof actionBody>) {
    const sim = this.sim(req);
    const opts = {
      actionId: b.actionId,
      ...(b.blockId !== undefined ? { blockId: b.blockId } : {}),
      ...(b.type ? { type: b.type } : {}),
      ...selection(b.type ?? "button", b.value ?? null),
    };
    if (b.viewId && this.fake.view(b.viewId)) {
      const blocks = this.fake.view(b.viewId)?.blocks ?? [];
      const state = b.fields ? collectViewState(b.fields, { blocks }) : undefined;
      await sim.blockAction(b.user, { ...opts, view: b.viewId, ...(state ? { state } : {}) });
    } else if (b.channel && b.messageTs && this.fake.message(b.channel, b.messageTs)) {
      await sim.blockAction(b.user, { ...opts, message: { channel: b.channel, ts: b.messageTs } });
    } else {
      await sim.blockAction(b.user, opts); // an ephemeral message: no stored container
    }
    return { ok: true };
  }

  private async submit(req: IncomingMessage, b: z.infer<typeof submitBody>) {
    const view = this.fake.view(b.viewId);
    if (!view) return { error: "Vyn finns inte längre." };
    const values = collectViewState(b.fields, { blocks: view.blocks });
    const res = await this.sim(req).submitView(b.user, b.viewId, values);
    const outcome = res.outcome;
    if (outcome?.action === "errors" && outcome.errors) this.viewErrors.set(b.viewId, outcome.errors);
    else this.viewErrors.delete(b.viewId);
    return { status: res.status, outcome: outcome?.action ?? null, errors: outcome?.errors ?? null, validationErrors: outcome?.validationErrors ?? null };
  }

  private async close(req: IncomingMessage, b: z.infer<typeof closeBody>) {
    if (this.fake.view(b.viewId)) await this.sim(req).closeView(b.user, b.viewId);
    this.viewErrors.delete(b.viewId);
    return { ok: true };
  }

  private async home(req: IncomingMessage, b: z.infer<typeof homeBody>) {
    const channel = this.fake.ensureDmChannel(b.user);
    await this.sim(req).event({ type: "app_home_opened", user: b.user, channel, tab: "home" });
    return { ok: true };
  }

  /**
   * The channels the user sees, the one to start in first. The coordinator channel is private in
   * Slack (coordinators and admins): an applicant does not see it and starts in their own DM with
   * the app, where their receipts, decisions and questions arrive. Coordinators and admins start
   * in the coordinator channel.
   */
  private async channels(user: string): Promise<{ id: string; name: string; kind: "channel" | "dm" }[]> {
    const none: Record<string, string> = {};
    const extra = (await this.extraChannels?.().catch(() => none)) ?? none;
    const coordinates = SANDBOX_USERS.find((u) => u.id === user)?.role !== "applicant";
    const dm = { id: this.fake.ensureDmChannel(user), name: "NSP (appen)", kind: "dm" as const };
    const list: { id: string; name: string; kind: "channel" | "dm" }[] = coordinates ? [{ id: this.coordinatorChannel, name: "nsp-samordning", kind: "channel" }] : [dm];
    for (const [id, name] of Object.entries(extra)) if (id !== this.coordinatorChannel) list.push({ id, name, kind: "channel" });
    if (coordinates) list.push(dm);
    return list;
  }

  /** The files the fake received in the user's channels, newest first, with their download links. */
  private filesFor(user: string, channels: readonly { id: string; name: string }[]): (MessageFile & { channel: string; channelName: string })[] {
    const names = new Map(channels.map((c) => [c.id, c.name]));
    return this.fake
      .uploadedFiles()
      .filter((f) => names.has(f.channel))
      .reverse()
      .map((f) => ({ id: f.id, name: f.filename, title: f.title, size: f.bytes.length, href: fileHref(f.id, user), channel: f.channel, channelName: names.get(f.channel) ?? f.channel }));
  }

  /**
   * GET /sandbox/file?id=F…&user=U…: the bytes of a file the fake received (files.uploadV2), as a
   * download with its content type. Only an id the fake handed out, in a channel the user sees;
   * anything else is 404 (a malformed request 400). Nothing touches the file system.
   */
  private async download(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? "/", "http://sandbox");
      const user = userId.safeParse(url.searchParams.get("user") ?? "");
      const id = url.searchParams.get("id") ?? "";
      if (!user.success || !FILE_ID.test(id)) {
        send(res, 400, "Ogiltig begäran: id (F…) och user (en demoanvändare) behövs.", "text/plain; charset=utf-8");
        return;
      }
      const visible = new Set((await this.channels(user.data)).map((c) => c.id));
      const file = this.fake.uploadedFiles().find((f) => f.id === id && visible.has(f.channel));
      if (!file) {
        send(res, 404, "Filen finns inte (eller syns inte för den här användaren).", "text/plain; charset=utf-8");
        return;
      }
      res.writeHead(200, {
        "content-type": contentTypeFor(file.filename),
        "content-disposition": contentDisposition(file.filename),
        "content-length": String(file.bytes.length),
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      });
      res.end(file.bytes);
    } catch (err) {
      send(res, 500, `Filen kunde inte skickas: ${err instanceof Error ? err.message : String(err)}`, "text/plain; charset=utf-8");
    }
  }

  private async state(req: IncomingMessage) {
    const url = new URL(req.url ?? "/", "http://sandbox");
    const user = userId.parse(url.searchParams.get("user") ?? SANDBOX_USERS[0].id);
    const channels = await this.channels(user);
    const channel = channels.find((c) => c.id === url.searchParams.get("channel"))?.id ?? channels[0]?.id ?? this.coordinatorChannel;
    const thread = url.searchParams.get("thread");
    const names = this.names(channels);
    const files = (m: { files?: unknown[] }): MessageFile[] =>
      (m.files ?? []).flatMap((f) => {
        const parsed = sharedFile.safeParse(f);
        return parsed.success ? [{ ...parsed.data, href: fileHref(parsed.data.id, user) }] : [];
      });
    const messages = this.fake.messagesIn(channel).map((m) => renderMessage({ ...m, bot: true, username: "NSP", channel, files: files(m) }, { names }));
    const ephemerals = [
      ...this.fake.ephemerals(user).filter((e) => e.channel === channel),
      ...this.acks.filter((a) => a.user === user && a.channel === channel),
    ]
      .sort((a, b) => Number(a.ts) - Number(b.ts))
      .slice(-5)
      .map((e) => `<div class="sb-ephemeral"><div class="sb-ephemeral__note">Endast synligt för dig</div>${renderMessage({ ...e, ts: e.ts, bot: true, username: "NSP" }, { names })}</div>`);
    const threadHtml = thread && ts.safeParse(thread).success ? this.fake.thread(channel, thread).map((m) => renderMessage({ ...m, reply_count: 0, bot: true, username: "NSP", channel, files: files(m) }, { names })) : null;
    const stack = this.fake.openViews(user);
    const top = stack.at(-1);
    const errors = top ? this.viewErrors.get(top.id) : undefined;
    const modal = top ? { viewId: top.id, hash: `${top.hash}:${JSON.stringify(errors ?? {})}`, html: renderModal(top, { viewId: top.id, names, ...(errors ? { errors } : {}) }) } : null;
    const homeView = this.fake.home(user);
    return {
      users: SANDBOX_USERS,
      user,
      channels,
      channel,
      messagesHtml: messages.join(""),
      ephemeralHtml: ephemerals.join(""),
      threadHtml: threadHtml ? threadHtml.join("") : null,
      modal,
      homeHtml: homeView ? renderHome(homeView, { viewId: homeView.id, names }) : null,
      filesHtml: filesListHtml(this.filesFor(user, channels)),
      failures: this.failures.filter((f) => f.user === null || f.user === user).slice(-3).map((f) => f.text),
    };
  }
}

/** A file as a message from the fake lists it (files.completeUploadExternal). */
const sharedFile = z.object({ id: z.string().regex(FILE_ID), name: z.string(), title: z.string().optional(), size: z.number().optional() });

function fileHref(id: string, user: string): string {
  return `${SANDBOX_PATH}/file?id=${encodeURIComponent(id)}&user=${encodeURIComponent(user)}`;
}

/** The sidebar's list of the files in the user's channels (escaped; links are our own paths). */
function filesListHtml(files: readonly (MessageFile & { channelName: string })[]): string {
  if (files.length === 0) return "";
  const items = files
    .slice(0, 30)
    .map((f) => `<li><a href="${escapeHtml(f.href)}" download="${escapeHtml(f.name)}" data-file-id="${escapeHtml(f.id)}">${escapeHtml(f.name)}</a> <span class="sb-files__where">${escapeHtml(f.channelName)}</span></li>`);
  return `<h3>Filer</h3><ul>${items.join("")}</ul>`;
}

/** Maps a browser value to the block action's selection for the element type. */
function selection(type: string, value: string | string[] | null): Record<string, unknown> {
  const one = typeof value === "string" && value !== "" ? value : null;
  const many = Array.isArray(value) ? value : one ? [one] : [];
  switch (type) {
    case "static_select":
    case "radio_buttons":
    case "overflow":
      return one ? { selectedOption: one } : {};
    case "multi_static_select":
    case "checkboxes":
      return { selectedOptions: many };
    case "datepicker":
      return one ? { selectedDate: one } : {};
    case "timepicker":
      return one ? { selectedTime: one } : {};
    case "users_select":
      return one ? { selectedUser: one } : {};
    case "conversations_select":
      return one ? { selectedConversation: one } : {};
    case "channels_select":
      return one ? { selectedChannel: one } : {};
    default: // buttons (their value) and text-like elements
      return one !== null ? { value: one } : {};
  }
}

function send(res: ServerResponse, status: number, payload: string, type: string): void {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store", "x-content-type-options": "nosniff" });
  res.end(payload);
}

async function body(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > 1_000_000) throw new Error("för stor begäran");
    chunks.push(b);
  }
  return JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
}

function pageHtml(): string {
  return `<!doctype html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>NSP – sandlåda</title>
<style>${SANDBOX_CSS}
${PAGE_CSS}</style>
</head>
<body>
<header class="sb-top">
  <strong>NSP sandlåda</strong>
  <label>Användare <select id="sb-user"></select></label>
  <span class="sb-top__note">Lokal övning – inga riktiga ärenden, inget skickas till Slack.</span>
</header>
<div class="sb-main">
  <nav class="sb-side" aria-label="Kanaler">
    <button type="button" class="sb-home-tab" id="sb-home-tab">Hem</button>
    <div id="sb-channels"></div>
    <div id="sb-files" aria-label="Filer"></div>
  </nav>
  <main class="sb-channel">
    <h2 id="sb-channel-name"></h2>
    <div id="sb-failures" role="alert"></div>
    <div id="sb-home" hidden></div>
    <div id="sb-messages" aria-live="polite"></div>
    <div id="sb-ephemerals"></div>
    <form id="sb-composer" autocomplete="off">
      <input id="sb-input" name="text" placeholder="Skriv /nsp hjälp, /nsp ansök, /nsp budget …" aria-label="Meddelande">
      <button type="submit" class="sk-button sk-button--primary">Skicka</button>
    </form>
    <div id="sb-notice"></div>
  </main>
  <aside class="sb-thread" id="sb-thread" hidden>
    <header><strong>Tråd</strong> <button type="button" class="sk-button" id="sb-thread-close">Stäng</button></header>
    <div id="sb-thread-messages"></div>
  </aside>
</div>
<div id="sb-modal-layer"></div>
<script type="module" src="${SANDBOX_PATH}/sandbox.js"></script>
</body>
</html>`;
}

const PAGE_CSS = `
body { margin: 0; font-family: system-ui, sans-serif; background: #f8f8f8; }
.sb-top { display: flex; gap: 1rem; align-items: center; padding: .6rem 1rem; background: #3f0e40; color: #fff; }
.sb-top select { margin-left: .4rem; }
.sb-top__note { opacity: .8; font-size: .85rem; }
.sb-main { display: flex; height: calc(100vh - 3rem); }
.sb-side { width: 14rem; background: #3f0e40; color: #fff; padding: .5rem; overflow-y: auto; }
.sb-side button { display: block; width: 100%; text-align: left; background: none; border: 0; color: #ddd; padding: .35rem .5rem; border-radius: 4px; cursor: pointer; font-size: .95rem; }
.sb-side button[aria-current="true"] { background: #1164a3; color: #fff; }
.sb-channel { flex: 1; display: flex; flex-direction: column; padding: 0 1rem; overflow-y: auto; background: #fff; }
#sb-messages, #sb-home { flex: 1; }
.sb-thread { width: 28rem; border-left: 1px solid #ddd; padding: 0 1rem; overflow-y: auto; background: #fff; }
.sb-thread header { display: flex; justify-content: space-between; align-items: center; padding: .6rem 0; }
#sb-composer { display: flex; gap: .5rem; padding: .6rem 0; position: sticky; bottom: 0; background: #fff; }
#sb-input { flex: 1; padding: .5rem; font-size: 1rem; border: 1px solid #bbb; border-radius: 4px; }
.sb-ephemeral { border-left: 3px solid #1164a3; background: #f1f6fb; margin: .4rem 0; padding: .2rem .5rem; }
.sb-ephemeral__note { font-size: .75rem; color: #555; }
#sb-failures div { background: #fde8e8; color: #8a1f11; border: 1px solid #e8a9a0; padding: .4rem .6rem; margin: .4rem 0; border-radius: 4px; }
#sb-files h3 { font-size: .8rem; text-transform: uppercase; letter-spacing: .05em; color: #bbb; margin: 1rem .5rem .3rem; }
#sb-files ul { list-style: none; margin: 0; padding: 0 .5rem; font-size: .85rem; }
#sb-files li { margin: .2rem 0; word-break: break-all; }
#sb-files a { color: #fff; }
.sb-files__where { color: #bbb; font-size: .75rem; }
#sb-notice { color: #555; font-size: .85rem; min-height: 1.2rem; }
#sb-modal-layer:not(:empty) { position: fixed; inset: 0; background: rgba(0,0,0,.45); display: flex; align-items: flex-start; justify-content: center; padding-top: 4vh; overflow-y: auto; }
#sb-modal-layer .sk-modal { background: #fff; max-width: 40rem; width: 100%; border-radius: 8px; }
`;
