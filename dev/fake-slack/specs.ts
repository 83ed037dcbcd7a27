// Where Slack's published specs live: vendor/slack-specs, inside the repository (Block Kit and
// app-manifest JSON Schemas, see vendor/README.md). The fake Slack and the tests read only this
// copy, so a lone clone works; tests/vendor.test.ts checks it against vendor/slack-specs/SHA256SUMS.
import { fileURLToPath } from "node:url";

export const SLACK_SPECS_DIR = fileURLToPath(new URL("../../vendor/slack-specs", import.meta.url));
