// The sandbox in a real browser, for tests/sandbox/*: the real app and its workers against the
// sandbox's in-process fake Slack, seeded as `npm run sandbox` seeds it, and a headless Debian
// chromium (playwright-core) on one page, with the steps a test drives the page by.
import { existsSync, mkdirSync } from "node:fs";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, expect, inject } from "vitest";
import { groupChannels, seedSandbox, startSandbox, type Sandbox } from "../../dev/sandbox/sandbox.js";
import type { TodaySummary } from "../../dev/sandbox/today.js";
import { parseConfig } from "../../src/core/config.js";
import { createLogger } from "../../src/core/logger.js";
import { startRuntime, type Runtime } from "../../src/runtime.js";
import { truncateAll } from "./db.js";

export const CHROMIUM = "/usr/bin/chromium";
/** The demo users of the sandbox's seed. */
export const APPLICANT = "U0DEMOAPPL";
export const COORDINATOR = "U0DEMOCOORD";

/**
 * False on a machine without chromium, except in CI (.ci/run sets NSP_REQUIRE_BROWSER and installs
 * it, so a missing browser fails there): `describe.skipIf(!BROWSER_AVAILABLE)`.
 */
export const BROWSER_AVAILABLE = existsSync(CHROMIUM) || Boolean(process.env.NSP_REQUIRE_BROWSER);

export interface SandboxPageOptions {
  /** Where the screenshots go (not committed), e.g. "test-artifacts/sandbox". */
  shots: string;
  /** Appended to the run's Redis key prefix, so two files' runtimes share no keys. */
  redisPrefixSuffix: string;
  /** The beforeAll's timeout. */
  startTimeoutMs: number;
}

export interface SandboxPage {
  readonly sandbox: Sandbox;
  readonly runtime: Runtime;
  readonly page: Page;
  /** The app's base URL, `http://127.0.0.1:<port>`. */
  readonly base: string;
  /** What the seed created. */
  readonly seeded: TodaySummary;
  /** A full-page screenshot, numbered in the order taken. */
  shot: (name: string) => Promise<void>;
  /** The open modal (none: a locator that matches nothing). */
  modal: () => Locator;
  /** Closes every open modal (one left by a previous step would cover the channel list), then acts as `user` in `channelName`. */
  as: (user: string, channelName: string) => Promise<void>;
  /** Types a slash command into the message input and sends it. */
  command: (text: string) => Promise<void>;
}

interface Started {
  sandbox: Sandbox;
  runtime: Runtime;
  browser: Browser;
  page: Page;
  base: string;
  seeded: TodaySummary;
}

/**
 * Registers the beforeAll that starts the sandbox, the runtime (no NSP_TODAY: today is the real day,
 * as `npm run sandbox` runs), the seed on an emptied database, and chromium with one page
 * (downloads accepted, dialogs accepted); and the afterAll that stops them. Call it inside the
 * `describe.skipIf(!BROWSER_AVAILABLE)` block; read the fields in tests.
 */
export function sandboxPage(opts: SandboxPageOptions): SandboxPage {
  let started: Partial<Started> = {};
  let step = 0;
  const get = <K extends keyof Started>(key: K): Started[K] => {
    const value = started[key];
    if (value === undefined) throw new Error(`the sandbox page is not started (${key})`);
    return value;
  };

  beforeAll(async () => {
    mkdirSync(opts.shots, { recursive: true });
    const sandbox = await startSandbox({ channels: async () => (started.runtime ? groupChannels(started.runtime.db) : {}) });
    started.sandbox = sandbox;
    const config = parseConfig({
      ...sandbox.env,
      PORT: "0",
      DATABASE_URL: inject("databaseUrl"),
      REDIS_URL: inject("redisUrl"),
      NSP_REDIS_PREFIX: `${inject("redisPrefix")}${opts.redisPrefixSuffix}`,
      NSP_SWEEP_INTERVAL_MS: "1000",
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    });
    const runtime = await startRuntime(config, createLogger(config.LOG_LEVEL), { extraRoutes: sandbox.routes });
    started.runtime = runtime;
    await truncateAll(runtime.db);
    started.seeded = await seedSandbox(runtime.db, config.NSP_MEETING_REMINDERS);
    started.base = `http://127.0.0.1:${runtime.port}`;
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox"] });
    started.browser = browser;
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    page.on("dialog", (d) => void d.accept());
    started.page = page;
  }, opts.startTimeoutMs);

  afterAll(async () => {
    await started.browser?.close();
    await started.runtime?.stop();
    await started.sandbox?.close();
    started = {};
  });

  const modal = () => get("page").locator("#sb-modal-layer .sk-modal");

  return {
    get sandbox() {
      return get("sandbox");
    },
    get runtime() {
      return get("runtime");
    },
    get page() {
      return get("page");
    },
    get base() {
      return get("base");
    },
    get seeded() {
      return get("seeded");
    },
    modal,
    shot: async (name: string): Promise<void> => {
      step++;
      await get("page").screenshot({ path: `${opts.shots}/${String(step).padStart(2, "0")}-${name}.png`, fullPage: true });
    },
    as: async (user: string, channelName: string): Promise<void> => {
      const page = get("page");
      // A modal left by the previous step (a late "mottagen" update can reopen it on a busy machine)
      // would cover the channel list: close every open modal first, and wait until none is left.
      await expect
        .poll(async () => {
          const open = await modal().count();
          if (open > 0) await modal().locator("[data-view-action='close']").first().click({ timeout: 2_000 }).catch(() => undefined);
          return modal().count();
        }, { timeout: 15_000 })
        .toBe(0);
      await page.selectOption("#sb-user", user);
      await page.locator("#sb-channels button", { hasText: channelName }).click();
      await expect.poll(() => page.locator("#sb-channel-name").textContent()).toBe(channelName);
    },
    command: async (text: string): Promise<void> => {
      const page = get("page");
      await page.fill("#sb-input", text);
      await page.press("#sb-input", "Enter");
    },
  };
}
