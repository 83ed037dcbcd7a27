import type { App } from "@slack/bolt";
import type { ListenerDeps } from "../common/deps.js";
import { nspCommand } from "./nsp.js";

export const COMMAND = "/nsp";

export function register(app: App, deps: ListenerDeps): void {
  app.command(COMMAND, nspCommand(deps));
}
