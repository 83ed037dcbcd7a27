// A lone clone works: the app, its scripts and the tests read only what the repository holds. The
// one exception is tests/vendor.test.ts, which compares the vendored specs with the project's
// reference folder beside the repository when that exists.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";

const ROOTS = ["src", "dev", "tests", "scripts", "commands", "jobs", "prisma.config.ts", "vitest.config.ts"];
const ALLOWED = new Set(["tests/vendor.test.ts"]);
// Paths that leave the repository: the sibling reference folder, this machine's work tree, or
// "one level up" from the working directory.
// Comments may mention them; code may not.
const OUTSIDE = [
  new RegExp(`["'\`]/${"work"}/`),
  /process\.cwd\(\),\s*["'`]\.\.(?:["'`/])/,
  new RegExp(`["'\`]\\.\\.["'\`]\\s*,\\s*["'\`]${"shared"}["'\`]`),
];
/** A relative path in quotes ("../../x") that climbs above the repository from the file holding it. */
const RELATIVE = /["'`]((?:\.\.\/)+)[^"'`]*["'`]/g;
function leavesRepository(file: string, line: string): boolean {
  const depth = file.split("/").length - 1;
  return [...line.matchAll(RELATIVE)].some((m) => (m[1] ?? "").length / 3 > depth);
}
const COMMENT = /^\s*(\/\/|\*|\/\*)/;

function files(path: string): string[] {
  if (statSync(path).isFile()) return [path];
  return readdirSync(path).flatMap((name) => (name === "generated" || name === "node_modules" ? [] : files(join(path, name))));
}

it("no source, script or test reads a path outside the repository", () => {
  const sources = ROOTS.flatMap(files).filter((f) => /\.(ts|js|mjs|cjs)$/.test(f) && !ALLOWED.has(f));
  expect(sources.length).toBeGreaterThan(50);
  const offenders = sources.flatMap((f) =>
    readFileSync(f, "utf8")
      .split("\n")
      .flatMap((line, i) => (!COMMENT.test(line) && (OUTSIDE.some((re) => re.test(line)) || leavesRepository(f, line)) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
  );
  expect(offenders).toEqual([]);
});
