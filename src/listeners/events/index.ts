import type { App } from "@slack/bolt";
import type { ListenerDeps } from "../common/deps.js";
import { appHomeOpened } from "./app-home-opened.js";

export const EVENTS = { appHomeOpened: "app_home_opened" } as const;

export function register(app: App, deps: ListenerDeps): void {
  app.event(EVENTS.appHomeOpened, appHomeOpened(deps));
}
