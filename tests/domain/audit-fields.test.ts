// Issue #14 review: `npm run admin -- audit` names the fields an entry changed in Swedish
// (`fieldText`, src/domain/audit.ts). Every key that src/ writes into an audit row's `before` or
// `after` must have a Swedish label, or the listing shows raw keys ("auditEntries, infoRequests, …"
// for a `case.erased` row). The keys are found with TypeScript's checker: the type of every value
// given to a property `before`/`after` in src/ (object literals, spreads and variables alike).
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { expect, it } from "vitest";
import { changedFields, FIELD_LABEL, fieldText, REFERENCE_KEYS } from "../../src/domain/audit.js";

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return f === "generated" ? [] : files(p);
    return p.endsWith(".ts") ? [p] : [];
  });
}

/** A `before`/`after` inside a query's `where` (a filter on the JSON, not a value written). */
function inWhere(node: ts.Node): boolean {
  for (let n = node.parent; n; n = n.parent) if (ts.isPropertyAssignment(n) && ts.isIdentifier(n.name) && n.name.text === "where") return true;
  return false;
}

/** Keys of the values written as `before:`/`after:` in src/, with where each was seen. */
function auditKeys(): Map<string, string> {
  const program = ts.createProgram(files("src"), { strict: true, noEmit: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, skipLibCheck: true });
  const checker = program.getTypeChecker();
  const keys = new Map<string, string>();
  for (const sf of program.getSourceFiles()) {
    if (sf.isDeclarationFile || !sf.fileName.includes("/src/")) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && (node.name.text === "before" || node.name.text === "after") && !inWhere(node)) {
        const type = checker.getTypeAtLocation(node.initializer);
        for (const t of type.isUnion() ? type.types : [type]) {
          if (!(t.flags & ts.TypeFlags.Object) || checker.isArrayType(t)) continue;
          // A zod schema of an audit row (read back, e.g. payments.ts settledAudit) is not a value written.
          if (t.getProperty("~standard")) continue;
          for (const p of t.getProperties()) if (!keys.has(p.name)) keys.set(p.name, `${sf.fileName.replace(/.*\/src\//, "src/")}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return keys;
}

it("every key written into an audit row's before/after in src/ has a Swedish label", () => {
  const keys = auditKeys();
  // The scan finds the erasure's counts (spread into `after`) and the ordinary fields.
  for (const k of ["auditEntries", "infoRequests", "trigger", "grantedDays", "status"]) expect([...keys.keys()]).toContain(k);
  const unlabelled = [...keys].filter(([k]) => !REFERENCE_KEYS.has(k) && !(k in FIELD_LABEL)).map(([k, where]) => `${k} (${where})`);
  expect(unlabelled).toEqual([]);
}, 120_000);

it("a case.erased row lists its fields in Swedish words", () => {
  const after = { trigger: "cli", requests: 2, infoRequests: 1, overrides: 1, payments: 0, transfers: 0, auditEntries: 3, slackUpdates: 2, reason: "Begäran" };
  const words = changedFields(null, after).map(fieldText);
  expect(words).toHaveLength(9);
  for (const w of words) expect(w).toMatch(/^[\p{L} -]+$/u);
  expect(words.join(", ")).not.toMatch(/auditEntries|infoRequests|slackUpdates|overrides|payments|transfers|requests|reason|trigger/);
});
