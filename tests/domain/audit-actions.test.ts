// Every action written into audit_entry anywhere in src/ has Swedish words in the audit listing
// (src/domain/audit.ts actionText), so `npm run admin -- audit` never shows a raw code. The test
// reads the source: each `auditEntry.create(…)` call's `action:` (a string literal, a conditional
// of literals, a constant declared in src/, READ.<x>, or the `decision:${kind}` template) and the
// action column of raw `INSERT INTO "audit_entry"` SQL. An action it cannot resolve fails too, so
// a new way of writing one cannot slip past.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { actionText, READ } from "../../src/domain/audit.js";
import { DECISION_KINDS } from "../../src/domain/types.js";

const SRC = join(import.meta.dirname, "../../src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === "generated" ? [] : sourceFiles(path);
    return e.name.endsWith(".ts") ? [path] : [];
  });
}

/** `const NAME = "value"` and `const NAME = READ.key` anywhere in src/. */
function constants(files: { text: string }[]): Map<string, string> {
  const out = new Map<string, string>();
  const read = READ as Record<string, string>;
  for (const { text } of files) {
    for (const m of text.matchAll(/\bconst ([A-Z][A-Z0-9_]*)(?::\s*[\w.]+)?\s*=\s*"([^"]+)"/g)) out.set(m[1] ?? "", m[2] ?? "");
    for (const m of text.matchAll(/\bconst ([A-Z][A-Z0-9_]*)\s*=\s*READ\.(\w+)/g)) {
      const v = read[m[2] ?? ""];
      if (v) out.set(m[1] ?? "", v);
    }
  }
  return out;
}

/** The argument text of every `auditEntry.create(` / `createMany(` call (balanced parentheses). */
function createCalls(text: string): string[] {
  const calls: string[] = [];
  for (const m of text.matchAll(/auditEntry\.create(?:Many)?\(/g)) {
    let depth = 1;
    let i = (m.index ?? 0) + m[0].length;
    const start = i;
    while (i < text.length && depth > 0) {
      if (text[i] === "(") depth++;
      if (text[i] === ")") depth--;
      i++;
    }
    calls.push(text.slice(start, i - 1));
  }
  return calls;
}

interface Found {
  actions: string[];
  /** What could not be resolved to an action (a variable, a new kind of expression). */
  unresolved: string[];
}

/** The audit actions one source file writes. `file` is for messages only. */
function auditActionsOf(file: string, text: string, consts: Map<string, string>): Found {
  const actions: string[] = [];
  const unresolved: string[] = [];
  const read = READ as Record<string, string>;
  for (const call of createCalls(text)) {
    const exprs = [...call.matchAll(/\baction:\s*([^,}\n]+)/g)].map((m) => (m[1] ?? "").trim());
    // `{ …, action }`: only a function taking `action: ReadAction` may do this (a reading).
    if (/[{,]\s*action\s*[,}]/.test(call)) {
      if (/\baction: ReadAction\b/.test(text)) actions.push(...Object.values(read));
      else unresolved.push(`${file}: shorthand action`);
    }
    if (exprs.length === 0 && !/[{,]\s*action\s*[,}]/.test(call)) unresolved.push(`${file}: no action in ${call.slice(0, 60)}`);
    for (const expr of exprs) {
      if (expr.startsWith("`decision:${")) {
        actions.push(...DECISION_KINDS.map((k) => `decision:${k}`));
        continue;
      }
      const literals = [...expr.matchAll(/"([^"]+)"/g)].map((m) => m[1] ?? "");
      const rest = expr.replace(/"[^"]*"/g, "");
      // A conditional of literals ("a" : "b") with a condition made of identifiers only.
      if (literals.length > 0 && /^[\w.\s!?:]*$/.test(rest)) {
        actions.push(...literals);
        continue;
      }
      const readKey = /^READ\.(\w+)$/.exec(expr)?.[1];
      if (readKey && read[readKey]) {
        actions.push(read[readKey]);
        continue;
      }
      const value = consts.get(expr);
      if (value !== undefined) actions.push(value);
      else unresolved.push(`${file}: action: ${expr}`);
    }
  }
  for (const m of text.matchAll(/INSERT INTO "audit_entry"\s*\(([^)]*)\)\s*SELECT ([^\n]*)/g)) {
    const columns = (m[1] ?? "").split(",").map((c) => c.trim());
    const values = (m[2] ?? "").split(/,\s*(?![^{]*\})/).map((v) => v.trim());
    const value = values[columns.indexOf('"action"')] ?? "";
    const literal = /^'([^']+)'$/.exec(value)?.[1];
    if (literal) actions.push(literal);
    else unresolved.push(`${file}: INSERT INTO "audit_entry" action ${value}`);
  }
  return { actions, unresolved };
}

const files = sourceFiles(SRC).map((path) => ({ path: relative(SRC, path), text: readFileSync(path, "utf8") }));
const consts = constants(files);
const written = files.map((f) => auditActionsOf(f.path, f.text, consts));
const actions = [...new Set(written.flatMap((w) => w.actions))].sort();

describe("audit actions in Swedish", () => {
  it("the scan finds the actions of every feature (it reads what it should)", () => {
    for (const a of [
      "submitted",
      "decision:grant",
      "info_requested",
      "withdrawn",
      "case_closed",
      "case_transferred",
      "payment_reported",
      "payment_confirmed",
      "grant_settled",
      "budget_released",
      "budget_release_reverted",
      "budget_override",
      "case.erased",
      "request.erased",
      "case.export",
      "case.read",
    ]) {
      expect(actions).toContain(a);
    }
    expect(written.flatMap((w) => w.unresolved)).toEqual([]);
  });

  it("every action written in src/ has Swedish words", () => {
    const missing = actions.filter((a) => actionText(a) === a || actionText(a).startsWith("beslutade ("));
    expect(missing).toEqual([]);
  });

  it("a new action without words, or one the scan cannot read, would fail", () => {
    const fake = `await tx.auditEntry.create({ data: { caseId, actor, action: "case_archived", after: { x: 1 } } });
      await tx.auditEntry.create({ data: { actor, action: someVariable } });`;
    const found = auditActionsOf("fake.ts", fake, new Map());
    expect(found.actions).toEqual(["case_archived"]);
    expect(actionText("case_archived")).toBe("case_archived");
    expect(found.unresolved).toEqual(["fake.ts: action: someVariable"]);
    const sql = `INSERT INTO "audit_entry" ("request_id", "actor", "action", "after")
        SELECT "id", \${input.applicantSlackId}, 'submitted', '{"status":"received"}'::jsonb FROM "r"`;
    expect(auditActionsOf("fake.ts", sql, new Map()).actions).toEqual(["submitted"]);
  });
});
