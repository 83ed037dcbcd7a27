// @ts-check
// Lint for the whole repository (`npm run lint`), type-aware. See PLAN #11 §4.2 and tests/README.md.
// The paths name both the layout of issue #11 (dev/, src/core/) and the one before it
// (src/fake-slack, src/sandbox, scripts/bench*.ts, src/config.ts), so the rules mean the same
// thing while the files move.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** Development code: the fake Slack, the sandbox and the benchmarks (dev/ after #11). */
const DEV = ["dev/**", "src/fake-slack/**", "src/sandbox/**", "scripts/bench*.ts"];

/** Where process.env may be read: the config module, the entry points, scripts, tests and dev code. */
const ENV_READERS = [
  "src/core/config.ts", "src/config.ts",
  "src/core/db-url.ts", "src/db-url.ts",
  "src/main.ts", "src/worker-main.ts",
  "commands/**", "scripts/**", "tests/**", "prisma.config.ts", "*.config.ts",
  ...DEV,
];

export default tseslint.config(
  {
    ignores: [
      "node_modules/", "src/generated/", "vendor/", "test-artifacts/", "bench-results/",
      // Browser script served as is by the sandbox (plain JS, not part of the TypeScript project).
      "dev/sandbox/public/", "src/sandbox/public/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ["*.mjs", "*.cjs"] }, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      // Passing an async function where a void callback is expected is how Bolt, http and
      // process.on handlers are written here; a promise in an `if` or a spread is still an error.
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { arguments: false, attributes: false } }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-import-type-side-effects": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/ban-ts-comment": "error",
      // Bolt listeners and the fake's handlers are async by contract, even when they only ack().
      "@typescript-eslint/require-await": "off",
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Config goes through src/core/config.ts (parseConfig); pass values in." },
      ],
    },
  },
  {
    // Config files outside the TypeScript project: plain JS, no type information.
    files: ["**/*.mjs", "**/*.cjs"],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: { module: "writable", require: "readonly" } },
  },
  { files: ENV_READERS, rules: { "no-restricted-properties": "off" } },
  {
    // These patterns match control characters on purpose: to refuse them in user text
    // (domain/text.ts) and to keep them out of links the sandbox renders (mrkdwn.ts).
    files: ["src/domain/text.ts", "dev/sandbox/render/mrkdwn.ts", "src/sandbox/render/mrkdwn.ts"],
    rules: { "no-control-regex": "off" },
  },
  {
    // Tests parse JSON from HTTP and CLI output and read fields off it; typing every such
    // value would only add casts. The e2e tests are not edited (#11), so this is a rule change.
    files: ["tests/**"],
    rules: {
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-return": "off",
    },
  },
);
