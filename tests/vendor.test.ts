// The vendored Block Kit schema (used by the fake Slack when ../shared is absent) is the project's
// reference copy, byte for byte.
import { existsSync, readFileSync } from "node:fs";
import { expect, it } from "vitest";

const shared = "../shared/slack-specs/block-kit/slack-block-kit.schema.json";

it.skipIf(!existsSync(shared))("vendor/slack-specs matches ../shared/slack-specs", () => {
  expect(readFileSync("vendor/slack-specs/block-kit/slack-block-kit.schema.json", "utf8")).toBe(readFileSync(shared, "utf8"));
});
