// The import rules of the layout of issue #11 (`npm run lint:deps`; tests/architecture.test.ts
// runs the same check). Allowed directions: listeners → services → domain; views → domain;
// listeners → views; jobs → services and views; everything → core → domain; src/runtime.ts is the
// only src file that imports jobs/; dev/ and tests/ may import anything, production never imports them.
// Development code before the move to dev/ (src/fake-slack, src/sandbox, scripts/bench*) counts as dev.
const DEV = "^dev/|^src/(fake-slack|sandbox)/|^scripts/bench";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: "no-circular", severity: "error", comment: "type-only imports count: a type cycle is still a tangle", from: {}, to: { circular: true } },
    { name: "no-circular-folders", severity: "error", scope: "folder", from: {}, to: { circular: true } },
    {
      name: "prod-not-to-dev",
      severity: "error",
      comment: "src, jobs, commands never import dev/, tests/ or scripts/ (except the prisma helpers)",
      from: { path: "^(src|jobs|commands)/", pathNot: DEV },
      to: { path: [DEV, "^tests/", "^scripts/(?!prisma)"] },
    },
    {
      name: "domain-is-pure",
      severity: "error",
      from: { path: "^src/domain/" },
      to: {
        pathNot: ["^src/domain/", "node_modules/(date-fns|@date-fns/tz|zod|personnummer|csv-stringify|ical-generator)/"],
        dependencyTypesNot: ["core"],
      },
    },
    {
      name: "core-is-leaf",
      severity: "error",
      from: { path: "^src/core/" },
      to: { path: "^(src/(services|views|listeners)/|jobs/|commands/|src/[^/]+\\.ts$)" },
    },
    {
      name: "views-only-domain",
      severity: "error",
      from: { path: "^src/views/" },
      to: { path: "^(src/(services|listeners|generated)/|src/core/(db|sql|config|logger)\\.ts$|jobs/|src/[^/]+\\.ts$)" },
    },
    {
      name: "services-not-up",
      severity: "error",
      from: { path: "^src/services/" },
      to: { path: "^(src/(views|listeners)/|jobs/|commands/|src/[^/]+\\.ts$)" },
    },
    {
      name: "listeners-no-db-no-jobs",
      severity: "error",
      comment: "`import type { Db }` is allowed: listeners hand deps.db on to services",
      from: { path: "^src/listeners/" },
      to: { path: "^(jobs/|src/core/(db|sql)\\.ts$|src/generated/|src/[^/]+\\.ts$)", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "listener-groups-apart",
      severity: "error",
      comment: "actions, commands, events and views share code through listeners/common only",
      from: { path: "^src/listeners/(actions|commands|events|views)/" },
      to: { path: "^src/listeners/(actions|commands|events|views)/", pathNot: "^src/listeners/$1/" },
    },
    {
      name: "only-root-imports-jobs",
      severity: "error",
      from: { path: "^(src|commands)/", pathNot: ["^src/runtime\\.ts$", DEV] },
      to: { path: "^jobs/" },
    },
    { name: "jobs-not-up", severity: "error", from: { path: "^jobs/" }, to: { path: "^(src/listeners/|src/[^/]+\\.ts$|commands/)" } },
    { name: "commands-not-up", severity: "error", from: { path: "^commands/" }, to: { path: "^(src/listeners/|src/[^/]+\\.ts$|jobs/)" } },
    {
      name: "e2e-shims-only-for-tests",
      severity: "error",
      comment: "src/logger.ts and src/ids.ts only re-export src/core/* for tests/e2e (which is not edited); import core",
      from: { pathNot: "^tests/" },
      to: { path: "^src/(logger|ids)\\.ts$" },
    },
    {
      name: "no-orphans",
      severity: "error",
      from: { orphan: true, pathNot: ["\\.d\\.ts$", "(^|/)\\.[^/]+", "\\.config\\.(c|m)?[jt]s$", "^tests/", "^src/generated/", "/public/"] },
      to: {},
    },
    { name: "not-to-unresolvable", severity: "error", from: {}, to: { couldNotResolve: true } },
  ],
  options: {
    doNotFollow: { path: ["node_modules", "src/generated"] },
    exclude: { path: ["src/generated", "node_modules", "\\.mjs$", "/public/"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".js", ".mjs"],
    },
  },
};
