// Block Kit validation for the fake Slack: the JSON Schema in slack-specs plus the limits that the
// schema does not cover (50 blocks per message, unique block_id / action_id, view size).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020, { type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

export const MAX_MESSAGE_BLOCKS = 50;
export const MAX_VIEW_BLOCKS = 100;
export const MAX_VIEW_BYTES = 250_000;

export interface ValidationResult {
  ok: boolean;
  /** "<message> [json-pointer:/blocks/0/text]" */
  errors: string[];
  /** set when the failure has a dedicated Slack error code (e.g. view_too_large). */
  code?: string;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function formatError(pointer: string, message: string): string {
  return `${message} [json-pointer:${pointer === "" ? "/" : pointer}]`;
}

/** Narrows ajv's errors (oneOf unions report every branch) to the ones of the branch that was meant. */
function refineErrors(errors: ErrorObject[]): ErrorObject[] {
  // A branch whose `type` const failed for an object is the wrong branch: drop all its errors.
  const wrong: Array<{ schemaBase: string; instanceBase: string }> = [];
  for (const e of errors) {
    if (e.keyword === "const" && e.instancePath.endsWith("/type") && e.schemaPath.endsWith("/properties/type/const")) {
      wrong.push({
        schemaBase: e.schemaPath.slice(0, -"/properties/type/const".length),
        instanceBase: e.instancePath.slice(0, -"/type".length),
      });
    }
  }
  let kept = errors.filter(
    (e) =>
      !wrong.some(
        (w) =>
          e.schemaPath.startsWith(w.schemaBase + "/") &&
          (e.instancePath === w.instanceBase || e.instancePath.startsWith(w.instanceBase + "/")),
      ),
  );
  // Drop combinator summaries when something more specific remains at or below the same place.
  const summary = new Set(["oneOf", "anyOf", "allOf", "if", "not"]);
  const specific = kept.filter((e) => !summary.has(e.keyword));
  kept = kept.filter(
    (e) =>
      !summary.has(e.keyword) ||
      !specific.some((s) => s.instancePath === e.instancePath || s.instancePath.startsWith(e.instancePath + "/")),
  );
  if (kept.length === 0) kept = errors.filter((e) => !summary.has(e.keyword));
  if (kept.length === 0) kept = errors;
  // de-duplicate identical messages at the same place
  const seen = new Set<string>();
  return kept.filter((e) => {
    const key = `${e.instancePath}|${e.message ?? ""}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function describe(e: ErrorObject): string {
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "additionalProperties":
      return `${e.message ?? "must NOT have additional properties"}: ${String(params.additionalProperty)}`;
    case "const":
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case "enum":
      return `must be one of ${JSON.stringify(params.allowedValues)}`;
    default:
      return e.message ?? e.keyword;
  }
}

/** Collects block_id / action_id occurrences and reports duplicates. */
function duplicateIdErrors(blocks: unknown[], prefix: string): string[] {
  const errors: string[] = [];
  const blockIds = new Map<string, string>();
  const actionIds = new Map<string, string>();
  const walk = (v: unknown, path: string): void => {
    if (Array.isArray(v)) {
      v.forEach((item, i) => walk(item, `${path}/${i}`));
      return;
    }
    if (!isRecord(v)) return;
    for (const [key, value] of Object.entries(v)) {
      const p = `${path}/${key}`;
      if ((key === "block_id" || key === "action_id") && typeof value === "string") {
        const seen = key === "block_id" ? blockIds : actionIds;
        const first = seen.get(value);
        if (first !== undefined) errors.push(formatError(p, `${key} "${value}" is already used at ${first}`));
        else seen.set(value, p);
      } else {
        walk(value, p);
      }
    }
  };
  walk(blocks, prefix);
  return errors;
}

type Json = Record<string, unknown>;

/**
 * Marks every `oneOf` whose branches are all tagged by a `type` const (blocks, elements, text
 * objects, rich text leaves…) with ajv's `discriminator`, so that only the branch named by the data's
 * `type` is checked and the errors are about that branch instead of every alternative.
 */
function addDiscriminators(schema: Json): Json {
  const copy = structuredClone(schema);
  const defs = isRecord(copy.$defs) ? copy.$defs : {};
  const resolve = (b: unknown): Json | undefined => {
    if (!isRecord(b)) return undefined;
    const ref = b.$ref;
    if (typeof ref === "string" && ref.startsWith("#/$defs/")) {
      const d = defs[ref.slice("#/$defs/".length)];
      return isRecord(d) ? d : undefined;
    }
    return b;
  };
  const tagOf = (branch: Json): unknown[] | undefined => {
    const props = branch.properties;
    const required = branch.required;
    if (!isRecord(props) || !Array.isArray(required) || !required.includes("type")) return undefined;
    const t = props.type;
    if (!isRecord(t)) return undefined;
    if (typeof t.const === "string") return [t.const];
    if (Array.isArray(t.enum) && t.enum.every((x) => typeof x === "string")) return t.enum;
    return undefined;
  };
  // Flattens branches that are themselves pure unions of tagged refs (context elements: image | text_object).
  const flatten = (branches: unknown[], depth = 0): unknown[] | undefined => {
    const out: unknown[] = [];
    for (const b of branches) {
      const r = resolve(b);
      if (r === undefined) return undefined;
      if (tagOf(r) !== undefined) out.push(b);
      else if (depth < 3 && Array.isArray(r.oneOf) && Object.keys(r).every((k) => k === "oneOf" || k === "description")) {
        const inner = flatten(r.oneOf, depth + 1);
        if (inner === undefined) return undefined;
        out.push(...inner);
      } else return undefined;
    }
    return out;
  };
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.forEach(walk);
      return;
    }
    if (!isRecord(v)) return;
    for (const x of Object.values(v)) walk(x);
    if (!Array.isArray(v.oneOf) || v.discriminator !== undefined) return;
    const branches = flatten(v.oneOf);
    if (branches === undefined) return;
    const tags = branches.flatMap((b) => tagOf(resolve(b) ?? {}) ?? []);
    if (new Set(tags).size !== tags.length) return;
    v.oneOf = branches;
    v.discriminator = { propertyName: "type" };
  };
  walk(copy);
  return copy;
}

export class BlockKitValidator {
  readonly schemaId: string;
  private readonly blocksFn: ValidateFunction;
  private readonly modalFn: ValidateFunction;
  private readonly homeFn: ValidateFunction;

  constructor(specsDir: string) {
    const file = join(specsDir, "block-kit", "slack-block-kit.schema.json");
    const schema = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    const id = schema.$id;
    if (typeof id !== "string") throw new Error(`${file}: schema has no $id`);
    this.schemaId = id;
    let ajv: Ajv2020;
    try {
      ajv = new Ajv2020({ strict: false, allErrors: true, discriminator: true });
      addFormats(ajv);
      ajv.addSchema(addDiscriminators(schema));
      ajv.getSchema(id);
    } catch {
      // The schema changed in a way the discriminator rewrite does not fit: validate it as it is.
      ajv = new Ajv2020({ strict: false, allErrors: true });
      addFormats(ajv);
      ajv.addSchema(schema);
    }
    const blocks = ajv.getSchema(id);
    if (blocks === undefined) throw new Error(`${file}: schema did not compile`);
    this.blocksFn = blocks;
    this.modalFn = ajv.compile({ $ref: `${id}#/$defs/modal_view` });
    this.homeFn = ajv.compile({ $ref: `${id}#/$defs/home_view` });
  }

  private run(fn: ValidateFunction, value: unknown, prefix: string): string[] {
    if (fn(value)) return [];
    return refineErrors(fn.errors ?? []).map((e) => {
      if (e.keyword === "discriminator") {
        const params = e.params as Record<string, unknown>;
        return formatError(
          `${prefix}${e.instancePath}/type`,
          `unsupported type ${JSON.stringify(params.tagValue)} here`,
        );
      }
      return formatError(prefix + e.instancePath, describe(e));
    });
  }

  /** Blocks of a message (chat.postMessage / chat.update / chat.postEphemeral / response_url). */
  validateMessageBlocks(blocks: unknown): ValidationResult {
    if (!Array.isArray(blocks)) return { ok: false, errors: [formatError("/blocks", "must be array")], code: "invalid_blocks_format" };
    const errors = this.run(this.blocksFn, blocks, "/blocks");
    if (blocks.length > MAX_MESSAGE_BLOCKS)
      errors.push(formatError("/blocks", `must NOT have more than ${MAX_MESSAGE_BLOCKS} items (got ${blocks.length})`));
    errors.push(...duplicateIdErrors(blocks, "/blocks"));
    return { ok: errors.length === 0, errors };
  }

  /** A modal (views.open / push / update) or Home tab (views.publish) view. */
  validateView(view: unknown, expected?: "modal" | "home"): ValidationResult {
    if (!isRecord(view)) return { ok: false, errors: [formatError("/view", "must be object")] };
    const size = Buffer.byteLength(JSON.stringify(view), "utf8");
    if (size > MAX_VIEW_BYTES)
      return { ok: false, code: "view_too_large", errors: [formatError("/view", `view is ${size} bytes, more than ${MAX_VIEW_BYTES}`)] };
    const type = view.type;
    if (expected !== undefined && type !== expected)
      return { ok: false, errors: [formatError("/view/type", `must be "${expected}"`)] };
    if (type !== "modal" && type !== "home")
      return { ok: false, errors: [formatError("/view/type", 'must be "modal" or "home"')] };
    const errors = this.run(type === "modal" ? this.modalFn : this.homeFn, view, "/view");
    const blocks = Array.isArray(view.blocks) ? view.blocks : [];
    // Checked by the schema too; repeated here so that the rule holds whatever the schema says.
    if (type === "modal") {
      for (const key of ["title", "submit", "close"] as const) {
        const t = view[key];
        if (isRecord(t) && typeof t.text === "string" && t.text.length > 24) {
          const msg = formatError(`/view/${key}/text`, `must NOT have more than 24 characters`);
          if (!errors.includes(msg)) errors.push(msg);
        }
      }
      const hasInput = blocks.some((b) => isRecord(b) && b.type === "input");
      if (hasInput && view.submit === undefined) {
        const msg = formatError("/view", "must have required property 'submit' (the view has input blocks)");
        if (!errors.some((e) => e.includes("'submit'"))) errors.push(msg);
      }
    }
    errors.push(...duplicateIdErrors(blocks, "/view/blocks"));
    return { ok: errors.length === 0, errors };
  }
}
