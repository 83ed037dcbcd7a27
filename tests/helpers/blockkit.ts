// Validates views and messages against the Block Kit schema in ../shared/slack-specs, as the fake
// Slack does, so view builders can be unit-tested without a server.
import { resolve } from "node:path";
import { expect } from "vitest";
import { BlockKitValidator } from "../../src/fake-slack/validation.js";

let validator: BlockKitValidator | null = null;
function get(): BlockKitValidator {
  validator ??= new BlockKitValidator(process.env.SLACK_SPECS_DIR ?? resolve(process.cwd(), "../shared/slack-specs"));
  return validator;
}

export function expectValidModal(view: unknown): void {
  const result = get().validateView(view, "modal");
  expect(result.errors, JSON.stringify(result.errors)).toEqual([]);
}

export function expectValidMessage(message: { text: string; blocks: unknown[] }): void {
  expect(message.text.length).toBeGreaterThan(0);
  const result = get().validateMessageBlocks(message.blocks);
  expect(result.errors, JSON.stringify(result.errors)).toEqual([]);
}

export function validateModal(view: unknown) {
  return get().validateView(view, "modal");
}
