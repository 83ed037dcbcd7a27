// `app_home_opened` → views.publish of the user's Home (src/views/home.ts). Bolt acks events itself;
// a redelivered event (same event_id) publishes the same view again, which is harmless. Only the
// Home tab is rendered (the Messages tab sends the event too).
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { loadHomePage } from "../../services/home.js";
import { errorMessage, type ListenerDeps } from "../common/deps.js";
import { homeView } from "../../views/home.js";

type Args = SlackEventMiddlewareArgs<"app_home_opened"> & AllMiddlewareArgs;

export function appHomeOpened(deps: ListenerDeps) {
  return async ({ event, client }: Args): Promise<void> => {
    if (event.tab !== "home") return;
    try {
      await client.views.publish({ user_id: event.user, view: homeView(...(await loadHomePage(deps.db, event.user))) });
    } catch (err) {
      deps.log.warn({ user: event.user, error: errorMessage(err) }, "app home publish failed");
    }
  };
}
