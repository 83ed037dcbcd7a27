// Issue #13 item 1, "No stale figures", end to end through the real receiver, queues and workers:
// another decision takes the last money of a category, then a coordinator moves money into it; the
// open request's coordinator message follows both (chat.update recorded by the fake Slack), and
// its advice ("flytta medel …") comes from the current figures, not the ones it was posted with.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BUDGET_BLOCK as T, DECISION_BLOCK as D } from "../../src/ids.js";
import { truncateAll } from "../helpers/db.js";
import { seedFixtures, startHarness, USERS, waitFor, type Harness } from "../helpers/harness.js";
import { insertRequest } from "../helpers/requests.js";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  await truncateAll(h.db);
  h.fake.reset();
  await seedFixtures(h.db, { budget: "2016" });
});

const lawyer = (hours: number, unitAmount: number) => insertRequest(h.db, { type: "measure", measure: "legal_counsel", quantity: hours, unitAmount, date: "2016-10-03" });

async function coordinatorMessage(requestId: number) {
  const r = await waitFor(async () => h.db.request.findFirst({ where: { id: requestId, coordTs: { not: null } } }), "coordinator message");
  return { channel: r.coordChannel as string, ts: r.coordTs as string };
}

async function openedView(before: number): Promise<string> {
  const call = await waitFor(async () => h.fake.callsTo("views.open")[before], "views.open");
  expect(call.response).toMatchObject({ ok: true });
  return (call.response as { view: { id: string } }).view.id;
}

/** The chat.update calls of a message that succeeded, as the text Slack received. */
const updatesOf = (m: { channel: string; ts: string }): string[] =>
  h.fake
    .callsTo("chat.update")
    .filter((c) => c.ok && c.args.channel === m.channel && c.args.ts === m.ts)
    .map((c) => JSON.stringify(c.args.blocks));

describe("an open request's coordinator message shows the budget as it is now", () => {
  it("after another decision takes the last money and after a transfer, the message is updated and advises from current figures", async () => {
    const a = await lawyer(4, 2_500); // 10 000 kr: all of Stödinsatser
    const b = await lawyer(1, 1_500); // 1 500 kr
    await h.runtime.workers?.sweepNow(); // the service inserted the rows; the sweep queues them
    const notice = await coordinatorMessage(b);
    const noticeA = await coordinatorMessage(a);
    expect(JSON.stringify(h.fake.message(notice.channel, notice.ts)?.blocks)).toContain("kvar 10 000 kr → efter beslut 8 500 kr");

    // The coordinator grants A in its modal (signed requests).
    let before = h.fake.callsTo("views.open").length;
    await h.user.blockAction(USERS.coordinator, { actionId: "decide_grant", value: String(a), message: noticeA });
    let viewId = await openedView(before);
    expect((await h.user.submitView(USERS.coordinator, viewId, h.user.valuesFor(viewId, { [D.reason]: "Beviljas." }))).json).toBeUndefined();

    const afterDecision = await waitFor(async () => updatesOf(notice).find((u) => u.includes("kvar 0 kr")), "B's message after A's decision");
    expect(afterDecision).toContain("beviljat 10 000 kr, kvar 0 kr → efter beslut *-1 500 kr*");
    expect(afterDecision).toContain("Ansökan ryms inte i budgeten. Flytta medel med `/nsp budget flytta`");

    // The coordinator moves 2 000 kr into Stödinsatser (signed requests through the modal).
    before = h.fake.callsTo("views.open").length;
    await h.user.command(USERS.coordinator, "budget flytta");
    viewId = await openedView(before);
    const moved = await h.user.submitView(
      USERS.coordinator,
      viewId,
      h.user.valuesFor(viewId, { [T.from]: "rest", [T.to]: "measure", [T.amount]: "2000", [T.reason]: "till Stödinsatser" }),
    );
    expect(JSON.stringify(moved.json)).not.toContain('"errors"');

    const afterTransfer = await waitFor(async () => updatesOf(notice).find((u) => u.includes("kvar 2 000 kr")), "B's message after the transfer");
    expect(afterTransfer).toContain("tilldelat 12 000 kr, beviljat 10 000 kr, kvar 2 000 kr → efter beslut 500 kr");
    expect(afterTransfer).not.toContain("ryms inte");
    expect(afterTransfer).not.toContain("flytta");
    // What Slack shows now is the current figure, and A's own (decided) message shows no budget.
    await waitFor(async () => JSON.stringify(h.fake.message(notice.channel, notice.ts)?.blocks).includes("kvar 2 000 kr → efter beslut 500 kr"), "B's message in Slack");
    expect(JSON.stringify(h.fake.message(noticeA.channel, noticeA.ts)?.blocks)).not.toContain("efter beslut");
    // Each change was one update of B's message: nothing re-sent for the already decided A.
    expect(updatesOf(notice)).toHaveLength(2);
  });
});
