// Validates views and messages against the vendored Block Kit schema (vendor/slack-specs), as the fake
// Slack does, so view builders can be unit-tested without a server.
import { expect } from "vitest";
import { SLACK_SPECS_DIR } from "../../dev/fake-slack/specs.js";
import { BlockKitValidator } from "../../dev/fake-slack/validation.js";

let validator: BlockKitValidator | null = null;
function get(): BlockKitValidator {
  validator ??= new BlockKitValidator(SLACK_SPECS_DIR);
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
