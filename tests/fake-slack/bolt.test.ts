// The fake Slack and the simulator with a real Bolt app (HTTP receiver): signature and content-type
// checks pass, trigger ids work, view submissions come back with the answered response_action.
import { afterAll, beforeAll, expect, it } from "vitest";
import { App, LogLevel } from "@slack/bolt";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { FakeSlack } from "../../dev/fake-slack/server.js";
import { SlackUserSimulator } from "../../dev/fake-slack/client.js";

const SECRET = "bolt-secret";
let fake: FakeSlack;
let app: App;
let user: SlackUserSimulator;

beforeAll(async () => {
  fake = await FakeSlack.start();
  app = new App({
    token: "xoxb-bolt",
    signingSecret: SECRET,
    clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
    logLevel: LogLevel.ERROR,
  });
  app.command("/nsp", async ({ ack, body, client, respond }) => {
    await ack();
    if (body.text === "hjälp") {
      await respond({ text: "Hjälp!" });
      return;
    }
    await client.views.open({
      trigger_id: body.trigger_id,
      view: {
        type: "modal",
        callback_id: "apply",
        title: { type: "plain_text", text: "Ansökan" },
        submit: { type: "plain_text", text: "Skicka" },
        blocks: [{ type: "input", block_id: "name", label: { type: "plain_text", text: "Namn" }, element: { type: "plain_text_input", action_id: "v" } }],
      },
    });
  });
  app.view("apply", async ({ ack, view }) => {
    const name = view.state.values.name?.v?.value ?? "";
    if (name.length < 2) await ack({ response_action: "errors", errors: { name: "För kort" } });
    else await ack();
  });
  const server = (await app.start(0)) as Server;
  user = new SlackUserSimulator({ appUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`, signingSecret: SECRET, fake });
});
afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

it("a command opens a modal through the fake and the submission is answered", async () => {
  expect((await fake.waitForCall("auth.test")).ok).toBe(true);
  const res = await user.command("U0APPL", "ansök");
  expect(res.status).toBe(200);
  const open = await fake.waitForCall("views.open");
  expect(open.ok).toBe(true);
  const viewId = fake.lastOpenedView()?.id ?? "";
  const short = await user.submitView("U0APPL", viewId, user.valuesFor(viewId, { name: "A" }));
  expect(short.json).toMatchObject({ response_action: "errors", errors: { name: "För kort" } });
  const ok = await user.submitView("U0APPL", viewId, user.valuesFor(viewId, { name: "Anna" }));
  expect(ok.status).toBe(200);
  expect(fake.isViewOpen(viewId)).toBe(false);

  await user.command("U0APPL", "hjälp");
  const reply = await fake.waitForCall("response_url");
  expect(reply.args).toMatchObject({ text: "Hjälp!" });
  expect(fake.ephemerals("U0APPL").map((m) => m.text)).toContain("Hjälp!");

  const bad = await user.command("U0APPL", "ansök", { signature: "v0=bad" });
  expect(bad.status).toBe(401);
});
