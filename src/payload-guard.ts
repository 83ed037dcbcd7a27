// A guard in front of Bolt's HTTP receiver: a correctly signed body that is not a Slack payload the
// app can handle gets 400 before Bolt sees it. Bolt 5.1 trusts the parsed body: `payload=null`
// makes it read `null.ssl_check` outside any handler and ends the process; a view_submission
// without `view`, or a block_actions without `user`, throws in Bolt's matchers (500).
//
// Order: the body is buffered (Bolt's 4 MB limit, 413 above it) and handed to Bolt as `rawBody`,
// which Bolt uses instead of reading the stream again. The signature is checked with Bolt's own
// function; an unsigned or badly signed request is passed on untouched so that Bolt answers it as
// before (401, or 200 for Slack's unsigned `ssl_check=1`). Only a correctly signed body is parsed
// the way Bolt parses it and checked against the envelopes below: nothing an outsider sends can
// tell them more than before, and nothing a signed sender sends reaches Bolt unchecked.
//
// Bolt does not route by `type`: it classifies a body by which keys it has (see boltKind below)
// and then reads that kind's keys without checking (`'channel' in event`, `body.actions[0]`,
// `body.response_urls[0]`). So the body is classified first, exactly as Bolt will, and then
// checked against that kind's schema: what Bolt and the listeners read without checking (the
// payload type, the user, the view's id, callback id, metadata and the shape of `state.values`,
// the actions, the event's channel/item/user, the response URLs). What a user
// typed into a view (`state.values`) is only checked for shape here; its content is checked per
// field by the listener (src/views/state.ts), so that bad text gets an error next to the field.
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { parse as parseQuery } from "node:querystring";
import { isValidSlackRequest } from "@slack/bolt";
import { z } from "zod";

/** Bolt's own default body limit (HTTPModuleFunctions.defaultBodyLimit). */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Ids Slack generates (user, team, view, channel, action, block, callback ids): printable ASCII. */
const slackId = z.string().min(1).max(255).regex(/^[\x20-\x7e]+$/);
const optionalId = z.union([slackId, z.literal("")]).optional();

const user = z.looseObject({ id: slackId });
const team = z.looseObject({ id: slackId }).nullable().optional();

/** One element's state: an object with a type; the fields are checked per input (views/state.ts). */
const stateValue = z.looseObject({ type: z.string().min(1).max(64) });
const viewState = z.looseObject({ values: z.record(z.string().max(255), z.record(z.string().max(255), stateValue)) });

const view = z.looseObject({
  id: slackId,
  type: z.string().max(64).optional(),
  callback_id: z.string().max(255).optional(),
  private_metadata: z.string().max(3000).optional(),
  hash: z.string().max(255).optional(),
  state: viewState.optional(),
  blocks: z.array(z.looseObject({ type: z.string() })).max(100).optional(),
});
const submittedView = view.extend({ callback_id: z.string().max(255), state: viewState });

const action = z.looseObject({
  action_id: slackId,
  block_id: optionalId,
  type: z.string().min(1).max(64),
  value: z.string().max(2000).optional(),
  selected_option: z.looseObject({ value: z.string().max(150) }).nullable().optional(),
  selected_options: z.array(z.looseObject({ value: z.string().max(150) })).max(100).optional(),
});

/**
 * Read by Bolt for every kind (App#processEvent: `body.response_url`, else `body.response_urls[0].response_url`)
 * and used by respond(): a string URL, and `response_urls` an array of objects each with one.
 */
const responseUrl = z.url({ protocol: /^https?$/ }).max(1000);
const responseUrls = z.array(z.looseObject({ response_url: responseUrl })).max(10);
const common = { response_url: responseUrl.optional(), response_urls: responseUrls.optional() };

/** Interactions: Bolt reads `user.id`, `team.id` or `user.team_id`, `enterprise.id`, and `channel.id` when `channel` is not undefined. */
const interaction = {
  ...common,
  user,
  team,
  enterprise: z.looseObject({ id: slackId }).nullable().optional(),
  channel: z.looseObject({ id: slackId }).optional(),
};

const blockActions = z.looseObject({
  ...interaction,
  type: z.literal("block_actions"),
  trigger_id: z.string().max(255).optional(),
  actions: z.array(action).min(1).max(10),
  view: view.optional(),
  container: z.looseObject({ type: z.string() }).optional(),
  message: z.looseObject({ ts: z.string().max(64) }).optional(),
  state: z.looseObject({ values: z.record(z.string(), z.record(z.string(), stateValue)) }).optional(),
});

const viewSubmission = z.looseObject({ ...interaction, type: z.literal("view_submission"), view: submittedView });
const viewClosed = z.looseObject({ ...interaction, type: z.literal("view_closed"), view, is_cleared: z.boolean().optional() });

/** Shortcuts and select-menu option requests: the app has no listener; they are acked (listeners/unhandled.ts). */
const shortcut = z.looseObject({ ...interaction, type: z.literal("shortcut"), callback_id: slackId, trigger_id: z.string().max(255) });
const messageAction = z.looseObject({
  ...interaction,
  type: z.literal("message_action"),
  callback_id: slackId,
  trigger_id: z.string().max(255),
  message: z.looseObject({ ts: z.string().max(64) }).optional(),
});
const blockSuggestion = z.looseObject({
  ...interaction,
  type: z.literal("block_suggestion"),
  action_id: slackId,
  block_id: slackId,
  value: z.string().max(2000),
  view: view.optional(),
  container: z.looseObject({ type: z.string() }).optional(),
});

const slashCommand = z.looseObject({
  ...common,
  command: z.string().regex(/^\/[^\s]{1,64}$/),
  text: z.string().max(4000),
  user_id: slackId,
  channel_id: slackId,
  team_id: slackId,
  enterprise_id: optionalId,
  trigger_id: z.string().max(255).optional(),
});

/**
 * The inner event, as far as Bolt reads it before any listener (getTypeAndConversation, buildSource,
 * extractEventChannelId): `'channel' in event.channel`, `'channel' in event.item`, `event.user.id`,
 * `event.subteam.created_by`. Each of those, when present, must be what Bolt takes it for.
 */
const innerEvent = z.looseObject({
  type: z.string().min(1).max(64),
  channel: z.union([slackId, z.looseObject({ id: slackId.optional() })]).optional(),
  channel_id: slackId.optional(),
  item: z.looseObject({ channel: slackId.optional() }).optional(),
  user: z.union([slackId, z.looseObject({ id: slackId })]).optional(),
  subteam: z.looseObject({}).optional(),
});
/** Bolt reads `authorizations[0].team_id`, `.enterprise_id`, `.is_enterprise_install`. */
const authorization = z.looseObject({
  team_id: slackId.nullable().optional(),
  enterprise_id: slackId.nullable().optional(),
  is_enterprise_install: z.boolean().optional(),
});
const eventCallback = z.looseObject({
  ...common,
  type: z.literal("event_callback"),
  event: innerEvent,
  team_id: optionalId,
  enterprise_id: slackId.nullable().optional(),
  authorizations: z.array(authorization).max(10).optional(),
});
const urlVerification = z.looseObject({ type: z.literal("url_verification"), challenge: z.string().max(255) });
const sslCheck = z.looseObject({ ssl_check: z.literal("1") });
const rateLimited = z.looseObject({ type: z.literal("app_rate_limited"), team_id: optionalId, minute_rate_limited: z.number().optional() });

/**
 * How Bolt 5.1 routes a parsed body: HTTPReceiver answers `ssl_check=1` and `url_verification`
 * itself; everything else goes to App#processEvent, which classifies it with
 * getTypeAndConversation (node_modules/@slack/bolt/dist/helpers.js) by the presence of keys, in
 * this order and regardless of `type`: `event`, `command`, `name` (or type block_suggestion),
 * `actions` (or type dialog_submission), type shortcut/message_action, type
 * view_submission/view_closed. A body that fits none is never acked (Bolt answers 404 after 3 s).
 * This mirrors that order exactly, so that a body is checked against the schema of the kind Bolt
 * will treat it as: a view_submission carrying `event`, `command`, `name` or `actions` is checked
 * (and refused) as what Bolt would take it for.
 */
export type BoltKind = "ssl_check" | "url_verification" | "event" | "command" | "options" | "action" | "shortcut" | "view" | "unrouted";

export function boltKind(body: Record<string, unknown>): BoltKind {
  if (body.ssl_check === "1") return "ssl_check";
  if (body.type === "url_verification") return "url_verification";
  if (body.event !== undefined) return "event";
  if (body.command !== undefined) return "command";
  if (body.name !== undefined || body.type === "block_suggestion") return "options";
  if (body.actions !== undefined || body.type === "dialog_submission") return "action";
  if (body.type === "shortcut" || body.type === "message_action") return "shortcut";
  if (body.type === "view_submission" || body.type === "view_closed") return "view";
  return "unrouted";
}

/**
 * What each kind must look like. Each schema pins `type` (or the key that routed it), so a key that
 * moved the body into another kind makes it fail here. `unrouted` admits only app_rate_limited,
 * which Bolt never acks: the guard answers it (see guardPayloads).
 */
export const KIND_SCHEMAS: Record<BoltKind, z.ZodType> = {
  ssl_check: sslCheck,
  url_verification: urlVerification,
  event: eventCallback,
  command: slashCommand,
  options: blockSuggestion,
  action: blockActions,
  shortcut: z.discriminatedUnion("type", [shortcut, messageAction]),
  view: z.discriminatedUnion("type", [viewSubmission, viewClosed]),
  unrouted: rateLimited,
};

/** The body as Bolt 5.1 parses it (HTTPModuleFunctions.parseHTTPRequestBody, content type compared exactly). */
export function parseLikeBolt(body: string, contentType: string | undefined): unknown {
  if (contentType === "application/x-www-form-urlencoded") {
    const query = parseQuery(body);
    return typeof query.payload === "string" ? JSON.parse(query.payload) : { ...query };
  }
  return JSON.parse(body);
}

export type EnvelopeCheck = { ok: true; kind: BoltKind } | { ok: false; reason: string };

/** Slack's own response URLs; a test double serving the Web API (SLACK_API_URL) may serve them too. */
export const SLACK_RESPONSE_URL_ORIGIN = "https://hooks.slack.com";

/** The response URLs Bolt's respond() would post to: `response_url` and each `response_urls[].response_url`. */
function responseUrlsOf(parsed: Record<string, unknown>): string[] {
  const urls: string[] = [];
  if (typeof parsed.response_url === "string") urls.push(parsed.response_url);
  if (Array.isArray(parsed.response_urls)) {
    for (const r of parsed.response_urls as unknown[]) {
      if (typeof r === "object" && r !== null && typeof (r as { response_url?: unknown }).response_url === "string") {
        urls.push((r as { response_url: string }).response_url);
      }
    }
  }
  return urls;
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * The kind Bolt will treat a signed body as, or why it is refused. Never throws. With
 * `responseUrlOrigins`, a response URL elsewhere is refused: respond() posts answers (a report's
 * summary, a decision's notice) there, so a forged body must not be able to send them to any host.
 */
export function checkEnvelope(
  body: string,
  contentType: string | undefined,
  opts: { responseUrlOrigins?: readonly string[] } = {},
): EnvelopeCheck {
  let parsed: unknown;
  try {
    parsed = parseLikeBolt(body, contentType);
  } catch {
    return { ok: false, reason: "body is not JSON or form data" };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return { ok: false, reason: "not a Slack payload (not an object)" };
  const kind = boltKind(parsed as Record<string, unknown>);
  const result = KIND_SCHEMAS[kind].safeParse(parsed);
  if (result.success) {
    const allowed = opts.responseUrlOrigins;
    const foreign = allowed && responseUrlsOf(parsed as Record<string, unknown>).some((u) => !allowed.includes(originOf(u) ?? ""));
    return foreign ? { ok: false, reason: "response_url is not Slack's" } : { ok: true, kind };
  }
  // Paths only, never values: a body may hold what a user typed.
  const paths = [...new Set(result.error.issues.map((i) => i.path.join(".") || "(root)"))].slice(0, 5);
  return { ok: false, reason: `not a Slack payload (as ${kind}: ${paths.join(", ")})` };
}

/** Why a signed body is refused, or null when it is a valid envelope. Never throws. */
export function envelopeProblem(body: string, contentType: string | undefined): string | null {
  const check = checkEnvelope(body, contentType);
  return check.ok ? null : check.reason;
}

export interface PayloadGuardOptions {
  /** Paths carrying signed Slack requests (POST only); every other request passes untouched. */
  paths: readonly string[];
  signingSecret: string;
  /** Origins a response URL may have (default: Slack's only). */
  responseUrlOrigins?: readonly string[];
  /** Called for each refused request, e.g. to log it (the reason names fields, never values). */
  onReject?: (info: { path: string; status: number; reason: string }) => void;
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | "too_large"> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on("data", (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        resolve("too_large");
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!done) resolve(Buffer.concat(chunks));
    });
    req.on("error", reject);
  });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === "string" ? value : undefined;
}

/** Wraps a receiver's request listener: signed POSTs to `paths` that are not Slack payloads get 400. */
export function guardPayloads(listener: RequestListener, opts: PayloadGuardOptions): RequestListener {
  const refuse = (res: ServerResponse, path: string, status: number, reason: string) => {
    opts.onReject?.({ path, status, reason });
    if (!res.headersSent) res.writeHead(status);
    res.end();
  };
  return (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (req.method?.toUpperCase() !== "POST" || !opts.paths.includes(path)) {
      listener(req, res);
      return;
    }
    readBody(req, MAX_BODY_BYTES).then(
      (raw) => {
        if (raw === "too_large") {
          req.resume();
          refuse(res, path, 413, "body too large");
          return;
        }
        // Bolt reads `rawBody` instead of the (now consumed) stream.
        Object.assign(req, { rawBody: raw });
        const body = raw.toString();
        const signed = isValidSlackRequest({
          signingSecret: opts.signingSecret,
          body,
          headers: {
            "x-slack-signature": header(req, "x-slack-signature") ?? "",
            "x-slack-request-timestamp": Number(header(req, "x-slack-request-timestamp")),
          },
        });
        // Unsigned: Bolt answers as before (401; 200 for ssl_check=1, whose payload it strips).
        const check = signed
          ? checkEnvelope(body, header(req, "content-type"), { responseUrlOrigins: opts.responseUrlOrigins ?? [SLACK_RESPONSE_URL_ORIGIN] })
          : null;
        if (check && !check.ok) {
          refuse(res, path, 400, check.reason);
          return;
        }
        // Bolt routes app_rate_limited nowhere and never acks it (404 after 3 s): answered here.
        if (check?.kind === "unrouted") {
          res.writeHead(200);
          res.end();
          return;
        }
        listener(req, res);
      },
      () => refuse(res, path, 400, "body could not be read"),
    );
  };
}
