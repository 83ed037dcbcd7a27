// Interactions Slack may send that the app has no listener for: shortcuts and message shortcuts,
// option requests of external selects (block_suggestion) and view_closed (notify_on_close). Bolt
// does not ack a payload no listener acks: the request would hang for 3 s and then get 404. The
// payload guard (src/payload-guard.ts) has checked their shape; here they are acked at once and
// nothing else happens. A kind that gets a real listener must be removed here (Bolt refuses a
// second ack).
import type { App } from "@slack/bolt";

export function ackUnhandledInteractions(app: App): void {
  app.shortcut(/.*/, async ({ ack }) => {
    await ack();
  });
  app.options(/.*/, async ({ ack }) => {
    await ack({ options: [] });
  });
  app.view({ type: "view_closed" }, async ({ ack }) => {
    await ack();
  });
}
