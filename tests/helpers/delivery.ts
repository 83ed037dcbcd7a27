// The outbox delivery without a queue, for service tests: a fake Slack of the file's own and the
// `DeliveryDeps` that `deliverOutboxRow(deps, id)` posts to it with (no retries, silent log, the
// fixtures' coordinator channel).
import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll } from "vitest";
import { FakeSlack } from "../../dev/fake-slack/server.js";
import type { DeliveryDeps } from "../../jobs/delivery-types.js";
import type { Db } from "../../src/core/db.js";
import { createLogger } from "../../src/core/logger.js";
import { COORD_CHANNEL } from "./harness.js";

export interface FakeSlackDelivery {
  readonly fake: FakeSlack;
  readonly deps: DeliveryDeps;
}

/**
 * Registers a beforeAll that starts the fake Slack and an afterAll that closes it (call at a file's
 * top level; the file still resets `fake` where it needs a clean record). Read the fields in tests and hooks.
 */
export function fakeSlackDelivery(db: Db): FakeSlackDelivery {
  let started: FakeSlackDelivery | undefined;
  beforeAll(async () => {
    const fake = await FakeSlack.start();
    started = { fake, deps: { db, slack: new WebClient("xoxb-test", { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } }), log: createLogger("silent"), coordinatorChannel: COORD_CHANNEL } };
  });
  afterAll(async () => {
    await started?.fake.close();
    started = undefined;
  });
  const get = (): FakeSlackDelivery => {
    if (!started) throw new Error("the fake Slack is not started yet (read it in a test or hook)");
    return started;
  };
  return {
    get fake() {
      return get().fake;
    },
    get deps() {
      return get().deps;
    },
  };
}
