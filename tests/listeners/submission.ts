// Builds what Bolt hands a view_submission listener, without Slack, Postgres or Redis: the view
// payload from a modal built by the real views/* builders (state values for its input blocks), an
// ack that records its answer, and deps whose database is a client for a closed port. A listener
// that reached the database would fail there and answer "kunde inte sparas", so a test that
// expects a specific answer also shows that nothing was looked up.
import { Writable } from "node:stream";
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewOutput, ViewResponseAction, ViewStateValue, ViewSubmitAction } from "@slack/bolt";
import { WebClient } from "@slack/web-api";
import { createDb, type Db } from "../../src/core/db.js";
import { boltLogger, createLogger } from "../../src/core/logger.js";
import type { ListenerDeps } from "../../src/listeners/common/deps.js";
import type { ModalView } from "../../src/views/blocks.js";

export type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function option(element: Json, value: string, block: string): { text: { type: "plain_text"; text: string }; value: string } {
  const options: unknown[] = Array.isArray(element.options) ? element.options : [];
  const found = options.find((o) => isRecord(o) && o.value === value);
  if (!isRecord(found) || !isRecord(found.text)) throw new Error(`${block}: the modal offers no option ${value}`);
  return { text: { type: "plain_text", text: String(found.text.text) }, value };
}

/** A raw value as the text Slack would carry (numbers as typed; anything else as JSON, to forge with). */
const text = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : JSON.stringify(v));

/** The state Slack sends for one input element; `raw` is a plain value, or a whole (forged) state value. */
function stateOf(element: Json, raw: unknown, block: string): ViewStateValue {
  const type = String(element.type);
  if (isRecord(raw) && typeof raw.type === "string") return { ...raw, type: raw.type };
  const given = raw !== undefined;
  switch (type) {
    case "plain_text_input":
    case "number_input":
      return { type, value: given ? text(raw) : typeof element.initial_value === "string" ? element.initial_value : null };
    case "static_select":
    case "radio_buttons":
      return { type, selected_option: given ? option(element, text(raw), block) : null };
    case "checkboxes":
    case "multi_static_select":
      return { type, selected_options: (Array.isArray(raw) ? raw : []).map((v) => option(element, text(v), block)) };
    case "datepicker":
      return { type, selected_date: given ? text(raw) : null };
    case "timepicker":
      return { type, selected_time: given ? text(raw) : null };
    default:
      throw new Error(`${block}: no state for a ${type}`);
  }
}

/** State values for every input block of `modal` (blocks not named in `raw` are left empty or at their initial value). */
export function stateFor(modal: ModalView, raw: Record<string, unknown>): ViewOutput["state"]["values"] {
  const values: ViewOutput["state"]["values"] = {};
  const blocks: unknown[] = modal.blocks;
  for (const block of blocks) {
    if (!isRecord(block) || block.type !== "input" || typeof block.block_id !== "string" || !isRecord(block.element)) continue;
    const actionId = typeof block.element.action_id === "string" ? block.element.action_id : "input";
    values[block.block_id] = { [actionId]: stateOf(block.element, raw[block.block_id], block.block_id) };
  }
  const unknown = Object.keys(raw).filter((k) => !(k in values));
  if (unknown.length > 0) throw new Error(`the modal has no input block ${unknown.join(", ")}`);
  return values;
}

/** The view of a view_submission: the modal as built, with the given values and (unless overridden) its own private_metadata. */
export function submittedView(modal: ModalView, raw: Record<string, unknown>, opts: { privateMetadata?: string } = {}): ViewOutput {
  return {
    id: "V0SUBMIT",
    callback_id: modal.callback_id ?? "",
    team_id: "T0TEST",
    app_id: "A0TEST",
    bot_id: "B0TEST",
    title: { type: "plain_text", text: modal.title.text },
    type: "modal",
    blocks: modal.blocks,
    close: null,
    submit: null,
    state: { values: stateFor(modal, raw) },
    hash: "1.hash",
    private_metadata: opts.privateMetadata ?? modal.private_metadata ?? "",
    root_view_id: "V0SUBMIT",
    previous_view_id: null,
    clear_on_close: false,
    notify_on_close: false,
  };
}

export interface Harness {
  deps: ListenerDeps;
  /** Every ack's argument, in order (undefined for a plain ack()). */
  acks: (ViewResponseAction | undefined)[];
  /** Every dispatch's outbox ids. */
  dispatched: number[][];
  /** Log lines at error level or above (parsed JSON). */
  errors: () => Json[];
  /** The arguments Bolt would pass for `view`, submitted by `userId`. */
  args: (view: ViewOutput, userId?: string) => SubmitArgs;
  db: Db;
}

/** Deps over an unreachable database (127.0.0.1:1), a recording dispatcher and an in-memory log. */
export function listenerHarness(): Harness {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      done();
    },
  });
  const log = createLogger("info", sink);
  const db = createDb("postgresql://nsp@127.0.0.1:1/unreachable", { max: 1 });
  const acks: (ViewResponseAction | undefined)[] = [];
  const dispatched: number[][] = [];
  const deps: ListenerDeps = { db, log, dispatcher: { dispatch: async (ids) => void dispatched.push(ids) } };
  const client = new WebClient();
  const args = (view: ViewOutput, userId = "U0SUBMIT"): SubmitArgs => {
    const body: ViewSubmitAction = {
      type: "view_submission",
      team: { id: "T0TEST", domain: "test" },
      user: { id: userId, name: "submitter" },
      view,
      api_app_id: "A0TEST",
      token: "legacy",
      trigger_id: "1.trigger",
    };
    return {
      ack: async (response?: ViewResponseAction) => void acks.push(response),
      body,
      view,
      payload: view,
      respond: async () => {
        throw new Error("a view submission has no response_url here");
      },
      context: { isEnterpriseInstall: false },
      logger: boltLogger(log),
      client,
      next: async () => undefined,
    };
  };
  const errors = () => lines.map((l) => JSON.parse(l) as Json).filter((l) => typeof l.level === "number" && l.level >= 50);
  return { deps, acks, dispatched, errors, args, db };
}
