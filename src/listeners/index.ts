// Every listener group registers here, explicitly (no import side effects). tests/registration
// checks that each group's listeners are reachable through the real receiver.
import type { App } from "@slack/bolt";
import * as actions from "./actions/index.js";
import * as commands from "./commands/index.js";
import type { ListenerDeps } from "./common/deps.js";
import * as events from "./events/index.js";
import * as views from "./views/index.js";

export const LISTENER_GROUPS = { commands, actions, views, events } as const;

export function registerListeners(app: App, deps: ListenerDeps): void {
  for (const group of Object.values(LISTENER_GROUPS)) group.register(app, deps);
}
