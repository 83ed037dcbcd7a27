// A button whose work fails on the server (here: the database unreachable) tells the user so, in
// Swedish, and says nothing was changed – the error reaches the user, not only the log. Each
// listener is called as Bolt would call it, over deps whose database is a closed port
// (listenerHarness), with a client that records what the user would see.
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { WebClient } from "@slack/web-api";
import { afterAll, describe, expect, it, vi } from "vitest";
import { closeDb } from "../helpers/db.js";
import { applyNextStepClicked } from "../../src/listeners/actions/apply-next-step.js";
import { confirmPaymentClicked } from "../../src/listeners/actions/confirm-payment.js";
import { meetingEditClicked } from "../../src/listeners/actions/meetings.js";
import { openApplyClicked } from "../../src/listeners/actions/open-apply.js";
import { openTransferClicked } from "../../src/listeners/actions/open-transfer.js";
import { registerPaymentClicked } from "../../src/listeners/actions/register-payment.js";
import { rejectPaymentClicked } from "../../src/listeners/actions/reject-payment.js";
import { settleGrantClicked } from "../../src/listeners/actions/settle-grant.js";
import { withdrawClicked } from "../../src/listeners/actions/withdraw.js";
import type { ListenerDeps } from "../../src/listeners/common/deps.js";
import { listenerHarness } from "./submission.js";

type ClickArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;
type Listener = (deps: ListenerDeps) => (args: ClickArgs) => Promise<void>;

const h = listenerHarness();
afterAll(async () => {
  await closeDb(h.db);
});

/** What the user was shown: every modal opened or pushed and every ephemeral message, as text. */
function recordingClient(): { client: WebClient; shown: string[] } {
  const client = new WebClient();
  const shown: string[] = [];
  const ok = { ok: true } as const;
  vi.spyOn(client.views, "open").mockImplementation(async (a) => (shown.push(JSON.stringify(a.view)), ok));
  vi.spyOn(client.views, "push").mockImplementation(async (a) => (shown.push(JSON.stringify(a.view)), ok));
  vi.spyOn(client.chat, "postEphemeral").mockImplementation(async (a) => (shown.push("text" in a ? String(a.text) : ""), ok));
  return { client, shown };
}

function click(client: WebClient, value: string): ClickArgs {
  const action: ButtonAction = { type: "button", action_id: "x", block_id: "b", value, text: { type: "plain_text", text: "Knapp" }, action_ts: "1" };
  const body = {
    type: "block_actions",
    user: { id: "U0CLICK", username: "klickare", team_id: "T0TEST" },
    team: { id: "T0TEST", domain: "test" },
    api_app_id: "A0TEST",
    token: "legacy",
    trigger_id: "1.trigger",
    container: { type: "message", message_ts: "1.1", channel_id: "C0TEST", is_ephemeral: false },
    channel: { id: "C0TEST", name: "test" },
    actions: [action],
  } satisfies Partial<BlockAction<ButtonAction>>;
  // Bolt's full argument object (say, respond, context, logger …) is not used by these listeners.
  return { ack: async () => undefined, body, action, payload: action, client } as unknown as ClickArgs;
}

const CLICKS: [string, Listener, string][] = [
  ["Slutreglera", settleGrantClicked, "5"],
  ["Registrera utbetalning", registerPaymentClicked, "5"],
  ["Bekräfta utbetalning", confirmPaymentClicked, "5"],
  ["Avvisa (utbetalning)", rejectPaymentClicked, "5"],
  ["Ansök om nästa steg", applyNextStepClicked, JSON.stringify({ type: "rest", ref: "NSP001" })],
  ["Ändra möte", meetingEditClicked, "5"],
  ["Ansök (Hem)", openApplyClicked, ""],
  ["Flytta medel", openTransferClicked, "1"],
  ["Återkalla", withdrawClicked, "5"],
];

describe("a click that fails on the server is answered, not only logged", () => {
  it.each(CLICKS)("%s: the user is told that nothing changed and to try again", async (_name, listener, value) => {
    const { client, shown } = recordingClient();
    const errorsBefore = h.errors().length;
    await listener(h.deps)(click(client, value));
    expect(h.errors().length).toBeGreaterThan(errorsBefore);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatch(/just nu/);
    expect(shown[0]).toMatch(/[Ii]nget har ändrats/);
    expect(shown[0]).toMatch(/försök igen om en stund/);
  });
});
