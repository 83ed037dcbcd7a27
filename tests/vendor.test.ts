// The vendored Slack specs (vendor/slack-specs: Block Kit and app-manifest schemas), which the
// fake Slack and the tests read, are the project's reference copy in ../shared byte for byte — when
// that folder exists beside the repository (a lone clone has only the vendored copy).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const shared = "../shared/slack-specs";

describe.each(["block-kit", "manifest"])("vendor/slack-specs/%s", (dir) => {
  it("holds the schemas with their LICENSE and COMMIT", () => {
    const files = readdirSync(`vendor/slack-specs/${dir}`);
    expect(files).toEqual(expect.arrayContaining(["LICENSE", "COMMIT"]));
    expect(files.some((f) => f.endsWith(".schema.json"))).toBe(true);
  });

  it.skipIf(!existsSync(`${shared}/${dir}`))("matches ../shared/slack-specs", () => {
    const sharedFiles = readdirSync(`${shared}/${dir}`).filter((f) => f.endsWith(".json"));
    expect(sharedFiles.length).toBeGreaterThan(0);
    for (const f of sharedFiles) expect(readFileSync(`vendor/slack-specs/${dir}/${f}`, "utf8"), f).toBe(readFileSync(`${shared}/${dir}/${f}`, "utf8"));
  });
});
