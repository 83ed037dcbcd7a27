// `engines` in package.json is honest: every Node version it admits is one that every installed
// package admits too (so `npm ci` prints no EBADENGINE warning on any of them), and it admits the
// Node the README names (20) and the current LTS lines (22, 24).
import { readFileSync } from "node:fs";
import semver from "semver";
import { describe, expect, it } from "vitest";

interface LockEntry {
  version?: string;
  engines?: { node?: string } | string[];
}

const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { engines?: { node?: string } };
const lock = JSON.parse(readFileSync("package-lock.json", "utf8")) as { packages: Record<string, LockEntry> };
const ours = pkg.engines?.node ?? "";

/** Releases to check: the first and some later minors of every line from 18 to 26. */
const SAMPLES = ["18.20.0", "20.0.0", "20.18.0", "20.19.0", "20.20.2", "21.7.3", "22.0.0", "22.11.0", "22.12.0", "22.13.0", "22.20.0", "23.0.0", "23.5.0", "24.0.0", "24.11.0", "25.0.0", "26.0.0"];

function nodeRanges(): { name: string; range: string }[] {
  return Object.entries(lock.packages)
    .filter(([path]) => path !== "")
    .flatMap(([path, entry]) => {
      const engines = entry.engines;
      const range = engines && !Array.isArray(engines) ? engines.node : undefined;
      return range ? [{ name: `${path.replace(/^.*node_modules\//, "")}@${entry.version ?? "?"}`, range }] : [];
    });
}

describe("package.json engines", () => {
  it("is a valid range that admits Node 20, 22 and 24", () => {
    expect(semver.validRange(ours), ours).not.toBeNull();
    for (const major of [20, 22, 24]) {
      expect(SAMPLES.some((v) => semver.major(v) === major && semver.satisfies(v, ours)), `Node ${major}`).toBe(true);
    }
  });

  it("admits only Node versions that every installed package supports", () => {
    const ranges = nodeRanges();
    expect(ranges.length).toBeGreaterThan(10);
    const conflicts = SAMPLES.filter((v) => semver.satisfies(v, ours)).flatMap((v) =>
      ranges.filter((r) => !semver.satisfies(v, r.range)).map((r) => `Node ${v}: ${r.name} wants ${r.range}`),
    );
    expect(conflicts).toEqual([]);
  });
});
