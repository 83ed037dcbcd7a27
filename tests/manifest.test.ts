// manifest.yml is checked against Slack's official app-manifest JSON Schema (draft-07), loaded from
// the vendored copy in vendor/slack-specs/manifest. The schema's $refs are GitHub URLs: every JSON file of the folder is
// registered with ajv under its own $id (or, lacking one, under the URL that refers to it), so
// nothing is fetched from the network.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Ajv, type AnySchemaObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { SLACK_SPECS_DIR } from "../dev/fake-slack/specs.js";

const specsDir = path.join(SLACK_SPECS_DIR, "manifest");
const manifestText = readFileSync(path.resolve(process.cwd(), "manifest.yml"), "utf8");

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Every "$ref" that points outside its document (http…), anywhere in a schema. */
function externalRefs(node: unknown, found: Set<string> = new Set()): Set<string> {
  if (Array.isArray(node)) {
    for (const item of node) externalRefs(item, found);
  } else if (isRecord(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string" && /^https?:\/\//.test(value)) found.add(value.split("#")[0] ?? value);
      else externalRefs(value, found);
    }
  }
  return found;
}

function loadSchemas(): { ajv: Ajv; top: ValidateFunction; v2: ValidateFunction } {
  const files = readdirSync(specsDir).filter((f) => /^manifest\.schema.*\.json$/.test(f));
  const schemas = new Map<string, AnySchemaObject>();
  for (const file of files) {
    const parsed: unknown = JSON.parse(readFileSync(path.join(specsDir, file), "utf8"));
    if (!isRecord(parsed)) throw new Error(`${file} is not a JSON object`);
    schemas.set(file, parsed);
  }
  // Which URL names each local file: its own $id, or a $ref (anywhere) whose file name matches.
  const keys = new Map<string, string>();
  for (const [file, schema] of schemas) {
    if (typeof schema.$id === "string") keys.set(file, schema.$id);
  }
  for (const schema of schemas.values()) {
    for (const ref of externalRefs(schema)) {
      const file = path.posix.basename(new URL(ref).pathname);
      if (schemas.has(file) && !keys.has(file)) keys.set(file, ref);
    }
  }
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const [file, schema] of schemas) {
    const key = keys.get(file) ?? `file:///${file}`;
    // Register under the key; an embedded $id equal to the key is fine, a different one would clash.
    ajv.addSchema(schema, typeof schema.$id === "string" ? undefined : key);
  }
  const topKey = keys.get("manifest.schema.json");
  const v2Key = keys.get("manifest.schema.2.0.0.json");
  if (!topKey || !v2Key) throw new Error(`manifest.schema.json / manifest.schema.2.0.0.json missing in ${specsDir}`);
  const top = ajv.getSchema(topKey);
  const v2 = ajv.getSchema(v2Key);
  if (!top || !v2) throw new Error("could not compile the manifest schemas");
  return { ajv, top, v2 };
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(path.join(specsDir, file), "utf8"));
}

describe("manifest.yml", () => {
  let validators: ReturnType<typeof loadSchemas>;
  const manifest: unknown = parse(manifestText);

  beforeAll(() => {
    validators = loadSchemas();
  });

  it("validates against Slack's manifest schema 2.0.0 (and the version-selecting top schema)", () => {
    const { ajv, top, v2 } = validators;
    const okV2 = v2(manifest);
    expect(okV2, ajv.errorsText(v2.errors, { separator: "\n" })).toBe(true);
    const okTop = top(manifest);
    expect(okTop, ajv.errorsText(top.errors, { separator: "\n" })).toBe(true);
  });

  it("the validator accepts Slack's valid example and rejects the invalid one", () => {
    const { top, v2 } = validators;
    expect(top(readJson("manifest.valid.json"))).toBe(true);
    expect(top(readJson("manifest.invalid.json"))).toBe(false);
    expect(v2(readJson("manifest.invalid.json"))).toBe(false);
  });

  it("declares /nsp on the events URL, app_home_opened and interactivity", () => {
    if (!isRecord(manifest)) throw new Error("manifest.yml is not a mapping");
    const features = manifest.features;
    if (!isRecord(features) || !Array.isArray(features.slash_commands)) throw new Error("no slash_commands");
    const nsp: unknown = features.slash_commands.find((c: unknown) => isRecord(c) && c.command === "/nsp");
    expect(nsp).toMatchObject({ url: "https://example.org/slack/events", should_escape: false });
    expect(manifest).toMatchObject({
      _metadata: { major_version: 2, minor_version: 1 },
      features: { app_home: { home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: true } },
      settings: {
        event_subscriptions: { request_url: "https://example.org/slack/events", bot_events: ["app_home_opened"] },
        interactivity: { is_enabled: true, request_url: "https://example.org/slack/events" },
        socket_mode_enabled: false,
        org_deploy_enabled: false,
      },
    });
  });

  it("asks for least-privilege bot scopes, each explained by a comment", () => {
    if (!isRecord(manifest)) throw new Error("manifest.yml is not a mapping");
    const oauth = manifest.oauth_config;
    const scopes = isRecord(oauth) && isRecord(oauth.scopes) ? oauth.scopes.bot : undefined;
    expect(scopes).toEqual(["commands", "chat:write", "im:write", "files:write"]);
    const commentLines = manifestText.split("\n").filter((line) => line.trim().startsWith("#"));
    for (const scope of ["commands", "chat:write", "im:write", "files:write"]) {
      const explained = commentLines.some((line) => line.replace(/^\s*#\s*/, "").startsWith(`${scope}:`));
      expect(explained, `scope ${scope} needs a "# ${scope}: why" comment`).toBe(true);
    }
  });
});
