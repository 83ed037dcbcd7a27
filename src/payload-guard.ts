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
// The envelope checks what Bolt and the listeners read without checking: the payload type, the
// user, the view (id, callback id, metadata, the shape of `state.values`), the actions. What a user
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

const blockActions = z.looseObject({
  type: z.literal("block_actions"),
  user,
  team,
  trigger_id: z.string().max(255).optional(),
  actions: z.array(action).min(1).max(10),
  view: view.optional(),
  container: z.looseObject({ type: z.string() }).optional(),
  channel: z.looseObject({ id: slackId }).optional(),
  message: z.looseObject({ ts: z.string().max(64) }).optional(),
  state: z.looseObject({ values: z.record(z.string(), z.record(z.string(), stateValue)) }).optional(),
  response_url: z.string().max(1000).optional(),
});

const viewSubmission = z.looseObject({ type: z.literal("view_submission"), user, team, view: submittedView });
const viewClosed = z.looseObject({ type: z.literal("view_closed"), user, team, view });

/** Interactions the app has no listener for: Bolt acks them; they must still be well formed. */
const otherInteraction = z.looseObject({
  type: z.enum(["shortcut", "message_action", "block_suggestion"]),
  user,
  callback_id: z.string().max(255).optional(),
  action_id: z.string().max(255).optional(),
});

const slashCommand = z.looseObject({
  command: z.string().regex(/^\/[^\s]{1,64}$/),
  text: z.string().max(4000),
  user_id: slackId,
  channel_id: slackId,
  team_id: slackId,
  trigger_id: z.string().max(255).optional(),
  response_url: z.string().max(1000).optional(),
});

const eventCallback = z.looseObject({
  type: z.literal("event_callback"),
  event: z.looseObject({ type: z.string().min(1).max(64) }),
  team_id: optionalId,
});
const urlVerification = z.looseObject({ type: z.literal("url_verification"), challenge: z.string().max(255) });
const rateLimited = z.looseObject({ type: z.literal("app_rate_limited") });

/** Every body the app accepts on its events path, as Bolt parses it. */
export const slackEnvelope = z.union([
  blockActions,
  viewSubmission,
  viewClosed,
  otherInteraction,
  slashCommand,
  eventCallback,
  urlVerification,
  rateLimited,
]);

/** The body as Bolt 5.1 parses it (HTTPModuleFunctions.parseHTTPRequestBody, content type compared exactly). */
export function parseLikeBolt(body: string, contentType: string | undefined): unknown {
  if (contentType === "application/x-www-form-urlencoded") {
    const query = parseQuery(body);
    return typeof query.payload === "string" ? JSON.parse(query.payload) : { ...query };
  }
  return JSON.parse(body);
}

/** Why a signed body is refused, or null when it is a valid envelope. Never throws. */
export function envelopeProblem(body: string, contentType: string | undefined): string | null {
  let parsed: unknown;
  try {
    parsed = parseLikeBolt(body, contentType);
  } catch {
    return "body is not JSON or form data";
  }
  const result = slackEnvelope.safeParse(parsed);
  if (result.success) return null;
  // Paths only, never values: a body may hold what a user typed.
  const paths = [...new Set(result.error.issues.map((i) => i.path.join(".") || "(root)"))].slice(0, 5);
  return `not a Slack payload (${paths.join(", ")})`;
}

export interface PayloadGuardOptions {
  /** Paths carrying signed Slack requests (POST only); every other request passes untouched. */
  paths: readonly string[];
  signingSecret: string;
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
        const problem = signed ? envelopeProblem(body, header(req, "content-type")) : null;
        if (problem) {
          refuse(res, path, 400, problem);
          return;
        }
        listener(req, res);
      },
      () => refuse(res, path, 400, "body could not be read"),
    );
  };
}
