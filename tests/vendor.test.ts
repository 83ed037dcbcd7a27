// The vendored Slack specs (vendor/slack-specs: Block Kit and app-manifest schemas), which the fake
// Slack and the tests read, are exactly the files recorded in vendor/slack-specs/SHA256SUMS (taken
// when they were copied from the reference copy, see vendor/README.md). The check reads nothing
// outside the repository, so a lone clone runs it too.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const ROOT = "vendor/slack-specs";
const sha256 = (path: string): string => createHash("sha256").update(readFileSync(path)).digest("hex");

/** "./block-kit/x.json" → its recorded digest, from SHA256SUMS (sha256sum's format). */
function recorded(): Map<string, string> {
  const lines = readFileSync(`${ROOT}/SHA256SUMS`, "utf8").split("\n").filter(Boolean);
  return new Map(lines.map((l) => { const [digest = "", path = ""] = l.split(/\s+/); return [path.replace(/^\.\//, ""), digest]; }));
}

describe.each(["block-kit", "manifest"])("vendor/slack-specs/%s", (dir) => {
  it("holds the schemas with their LICENSE and COMMIT", () => {
    const files = readdirSync(`${ROOT}/${dir}`);
    expect(files).toEqual(expect.arrayContaining(["LICENSE", "COMMIT"]));
    expect(files.some((f) => f.endsWith(".schema.json"))).toBe(true);
  });

  it("every JSON file is recorded in SHA256SUMS and unchanged", () => {
    const sums = recorded();
    const files = readdirSync(`${ROOT}/${dir}`).filter((f) => f.endsWith(".json"));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(sha256(`${ROOT}/${dir}/${f}`), `${dir}/${f}`).toBe(sums.get(`${dir}/${f}`));
    expect([...sums.keys()].filter((k) => k.startsWith(`${dir}/`)).sort()).toEqual(files.map((f) => `${dir}/${f}`).sort());
  });
});
