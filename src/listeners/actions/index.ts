import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import { ACTION } from "../../ids.js";
import type { ListenerDeps } from "../deps.js";
import { answerInfoClicked } from "./answer-info.js";
import { applyInputChanged } from "./apply-inputs.js";
import { decideClicked, showUnderlagClicked } from "./decide.js";
import { openTransferClicked } from "./open-transfer.js";

export const COST_INPUT_ACTION = new RegExp(`^${ACTION.costInput}_`);
export const DECIDE_ACTION = new RegExp(`^${ACTION.decide}_(grant|partial|deny|info)$`);

export function register(app: App, deps: ListenerDeps): void {
  app.action<BlockAction>(ACTION.applyType, applyInputChanged(deps));
  app.action<BlockAction>(COST_INPUT_ACTION, applyInputChanged(deps));
  app.action<BlockAction<ButtonAction>>(DECIDE_ACTION, decideClicked(deps));
  app.action<BlockAction<ButtonAction>>(ACTION.showUnderlag, showUnderlagClicked(deps));
  app.action<BlockAction<ButtonAction>>(ACTION.answerInfo, answerInfoClicked(deps));
  app.action<BlockAction<ButtonAction>>(ACTION.openTransfer, openTransferClicked(deps));
}
