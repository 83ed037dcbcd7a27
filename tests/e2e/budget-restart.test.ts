// Budget warnings are sent exactly once across a worker restart: a receiver without workers records
// a decision that crosses 75, 90 and 100 %; worker 1 starts, delivers and stops; worker 2 starts,
// reconciles and sends nothing again. (Its own file: another harness's workers would deliver too.)
import { afterAll, beforeAll, expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";
import { startRuntime } from "../../src/runtime.js";
import { truncateAll } from "../helpers/db.js";
import { seedFixtures, startHarness, USERS, waitFor, type Harness } from "../helpers/harness.js";
import { insertRequest } from "../helpers/requests.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ workers: false });
  await truncateAll(h.db);
  await seedFixtures(h.db, { budget: "2016" });
});
afterAll(async () => {
  await h?.close();
});

/** Warnings Slack accepted (a failed call posts nothing). */
const warningTexts = () =>
  h.fake
    .callsTo("chat.postMessage")
    .filter((c) => String(c.args.text).startsWith("Budgetvarning") && (c.response as { ok?: boolean }).ok)
    .map((c) => c.args.text);

it("warnings are sent exactly once across a worker restart, even when the first send fails", async () => {
  const id = await insertRequest(h.db, { type: "measure", measure: "legal_counsel", quantity: 2, unitAmount: 5_000 });
  const before = h.fake.callsTo("views.open").length;
  await h.user.blockAction(USERS.coordinator, { actionId: "decide_grant", value: String(id) });
  const call = await waitFor(async () => h.fake.callsTo("views.open")[before], "decision modal");
  const viewId = (call.response as { view: { id: string } }).view.id;
  const res = await h.user.submitView(USERS.coordinator, viewId, h.user.valuesFor(viewId, {}));
  expect(res.json ?? null).toBeNull();
  expect(await h.db.budgetWarning.count()).toBe(3);
  // 0 → 100 % at once: three thresholds recorded, one warning (the highest) to post.
  expect(await h.db.outboxMessage.count({ where: { kind: "budget_warning", status: "pending" } })).toBe(1);
  expect(warningTexts()).toEqual([]);

  // Only the warning is under test here: the request's own messages count as delivered, so the
  // one failure below hits the warning's first send.
  await h.db.outboxMessage.updateMany({ where: { kind: { not: "budget_warning" } }, data: { status: "sent" } });
  h.fake.failNext("chat.postMessage", { error: "internal_error", times: 1 });
  for (let round = 0; round < 2; round++) {
    const worker = await startRuntime(h.config, createLogger("silent"), { http: false });
    await worker.workers?.sweepNow();
    await waitFor(async () => (await h.db.outboxMessage.count({ where: { kind: "budget_warning", status: "sent" } })) === 1, "warnings sent", 20_000);
    await worker.workers?.sweepNow();
    await new Promise((r) => setTimeout(r, 300));
    await worker.stop();
  }
  expect(warningTexts()).toEqual(["Budgetvarning: Stödinsatser 100 %"]);
  expect(h.fake.callsTo("chat.postMessage").filter((c) => !(c.response as { ok?: boolean }).ok)).toHaveLength(1);
});
