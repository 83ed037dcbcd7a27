// Benchmark helper process: the floor, a minimal Bolt app that acks and opens one fixed modal —
// the least any `/nsp ansök` must do. It acks a view submission and does nothing else.
import type { Server } from "node:http";
import { App, HTTPReceiver, LogLevel } from "@slack/bolt";

const secret = process.env.SLACK_SIGNING_SECRET ?? "";
const view = {
  type: "modal" as const,
  title: { type: "plain_text" as const, text: "Floor" },
  blocks: [{ type: "section" as const, text: { type: "mrkdwn" as const, text: "floor" } }],
};
const receiver = new HTTPReceiver({ signingSecret: secret, endpoints: "/slack/events", logLevel: LogLevel.ERROR });
const app = new App({
  token: "xoxb-bench",
  receiver,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL, retryConfig: { retries: 0 } },
  logLevel: LogLevel.ERROR,
});
app.command("/nsp", async ({ ack, client, command }) => {
  await ack();
  await client.views.open({ trigger_id: command.trigger_id, view }).catch(() => undefined);
});
app.view("nsp_apply", async ({ ack }) => {
  await ack();
});
const server = (await app.start(Number(process.env.PORT ?? 0))) as unknown as Server;
const address = server.address();
process.stdout.write(`${JSON.stringify({ port: address && typeof address === "object" ? address.port : 0 })}\n`);
process.on("SIGTERM", () => void app.stop().then(() => process.exit(0)));
