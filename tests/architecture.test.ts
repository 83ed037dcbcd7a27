// The import rules of .dependency-cruiser.cjs (the layers, no cycles, production never importing
// dev/ or tests/), checked inside `npm test`: a new cycle or an import against the arrows fails
// here, naming the rule and both files. `npm run lint:deps` prints the same report.
import { existsSync } from "node:fs";
import { cruise, type ICruiseResult } from "dependency-cruiser";
import extractDepcruiseOptions from "dependency-cruiser/config-utl/extract-depcruise-options";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";
import { describe, expect, it } from "vitest";

/** The folders `npm run lint:deps` cruises. */
const ROOTS = ["src", "jobs", "commands", "scripts", "dev", "tests"];

describe("architecture (.dependency-cruiser.cjs)", () => {
  it("has no dependency violations", async () => {
    const options = await extractDepcruiseOptions("./.dependency-cruiser.cjs");
    const roots = ROOTS.filter((r) => existsSync(r));
    const { output } = await cruise(roots, { ...options, outputType: "json" }, {}, { tsConfig: extractTSConfig("tsconfig.json") });
    const result = (typeof output === "string" ? JSON.parse(output) : output) as ICruiseResult;
    // The rule set really ran over the tree (a wrong path would cruise nothing and pass).
    expect(result.summary.totalCruised).toBeGreaterThan(100);
    expect(result.summary.ruleSetUsed?.forbidden?.length).toBeGreaterThan(10);
    const violations = result.summary.violations.map((v) =>
      v.cycle && v.cycle.length > 0 ? `${v.rule.name}: ${v.from} → ${v.cycle.map((c) => c.name).join(" → ")}` : `${v.rule.name}: ${v.from} → ${v.to}`,
    );
    expect(violations).toEqual([]);
  });
});
