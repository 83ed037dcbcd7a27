// Issue #12, item 2: the day caps and the order (admission first) are enforced when a coordinator
// decides, not only when the applicant applies; a period that started in the past is refused or
// noted. Signed requests into the real receiver, the real database and Redis, the fake Slack.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APPLY_BLOCK as B, DECISION_BLOCK as D } from "../../src/core/ids.js";
import { truncateAll } from "../helpers/db.js";
import { admissionValues, COORD_CHANNEL, seedFixtures, startHarness, USERS, waitFor, type Harness } from "../helpers/harness.js";
import { submitApply } from "../helpers/apply.js";

/** The app's "today" in this file: 2016-10-15, so 2016-09-03 is 42 days ago and 2016-10-03 12. */
const TODAY = "2016-10-15";

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ config: { NSP_TODAY: TODAY } });
  await truncateAll(h.db);
  await seedFixtures(h.db);
});
afterAll(async () => {
  await h?.close();
});

type Json = { response_action?: string; errors?: Record<string, string>; view?: unknown } | undefined;
const errorsOf = (json: unknown): Record<string, string> => (json as { errors?: Record<string, string> } | undefined)?.errors ?? {};

async function openApply(user: string, text: string): Promise<string> {
  const before = h.fake.callsTo("views.open").length;
  await h.user.command(user, text);
  const call = await waitFor(async () => h.fake.callsTo("views.open")[before], "views.open");
  return (call.response as { view: { id: string } }).view.id;
}

async function newAdmission(): Promise<{ id: number; ref: string }> {
  const viewId = await openApply(USERS.applicant, "ansök tillträde");
  const res = await h.user.submitView(USERS.applicant, viewId, h.user.valuesFor(viewId, admissionValues()));
  expect(res.json).toMatchObject({ response_action: "update" });
  const r = await h.db.request.findFirstOrThrow({ where: { type: "admission" }, orderBy: { id: "desc" }, include: { case: true } });
  return { id: r.id, ref: r.case?.ref as string };
}

async function submitRest(caseRef: string, from: string, to: string) {
  const viewId = await openApply(USERS.applicant, `ansök vila ${caseRef}`);
  // As Slack's client: the inputs refresh the cost preview, so the submit is of a figure on screen.
  const res = await submitApply(
    h,
    USERS.applicant,
    viewId,
    {
      [B.type]: "rest",
      [B.caseRef]: caseRef,
      [B.from]: from,
      [B.to]: to,
      [B.children]: "1",
      [B.justification]: "Behöver vila efter utslussning, skyddat boende ordnat.",
    },
  );
  return { res, viewId };
}

async function newRest(caseRef: string, from: string, to: string): Promise<number> {
  const { res } = await submitRest(caseRef, from, to);
  expect(res.json, JSON.stringify(res.json)).toMatchObject({ response_action: "update" });
  return (await h.db.request.findFirstOrThrow({ where: { type: "rest" }, orderBy: { id: "desc" } })).id;
}

async function coordinatorMessageOf(requestId: number) {
  const r = await waitFor(async () => h.db.request.findFirst({ where: { id: requestId, coordTs: { not: null } } }), "coordinator message");
  return { channel: r.coordChannel as string, ts: r.coordTs as string };
}

async function openDecision(user: string, requestId: number, kind: "grant" | "partial" | "deny" | "info"): Promise<string> {
  const opened = h.fake.callsTo("views.open").length;
  await h.user.blockAction(user, { actionId: `decide_${kind}`, value: String(requestId) });
  const call = await waitFor(async () => h.fake.callsTo("views.open").slice(opened).find((c) => c.args.trigger_id && c.args.view), "decision modal");
  return (call.response as { view: { id: string } }).view.id;
}

async function decide(user: string, requestId: number, kind: "grant" | "partial", values: Record<string, string | string[]> = {}) {
  const viewId = await openDecision(user, requestId, kind);
  return h.user.submitView(user, viewId, h.user.valuesFor(viewId, { [D.reason]: "Uppfyller kriterierna.", ...values }));
}

async function grantedRestDays(caseRef: string): Promise<number> {
  const rows = await h.db.request.findMany({ where: { type: "rest", case: { ref: caseRef }, status: { in: ["granted", "partly_granted"] } } });
  return rows.reduce((a, r) => a + (r.grantedDays ?? 0), 0);
}

describe("the 30-day cap at the decision", () => {
  it("two 20-day requests filed before either was decided: the second is refused at the field with what fits, and Bevilja delvis 10 days works", async () => {
    const adm = await newAdmission();
    expect((await decide(USERS.coordinator, adm.id, "grant")).json).toBeUndefined();
    const first = await newRest(adm.ref, "2016-11-01", "2016-11-20");
    const second = await newRest(adm.ref, "2016-11-21", "2016-12-10");

    expect((await decide(USERS.coordinator, first, "grant")).json).toBeUndefined();
    expect(await grantedRestDays(adm.ref)).toBe(20);

    const refused = await decide(USERS.coordinator, second, "grant");
    expect(refused.json).toMatchObject({ response_action: "errors" });
    expect(errorsOf(refused.json)[D.reason]).toContain("10 av 20 dagar ryms");
    expect(await h.db.request.findUniqueOrThrow({ where: { id: second } })).toMatchObject({ status: "received", grantedDays: null });
    expect(await h.db.budgetCommitment.count({ where: { requestId: second } })).toBe(0);
    expect(await h.db.auditEntry.count({ where: { requestId: second, action: { startsWith: "decision:" } } })).toBe(0);

    // The Bevilja delvis modal proposes the days that fit and says why.
    const partialView = await openDecision(USERS.coordinator, second, "partial");
    const modal = JSON.stringify(h.fake.view(partialView));
    expect(modal).toContain("10 av 20 dagar ryms");
    expect(modal).toContain('"initial_value":"10"');

    // More than fits is refused at the days field; 10 days are granted, children supplement included.
    const tooMany = await h.user.submitView(USERS.coordinator, partialView, h.user.valuesFor(partialView, { [D.grantedDays]: "15", [D.reason]: "Delvis." }));
    expect(errorsOf(tooMany.json)[D.grantedDays]).toContain("10 av 20 dagar ryms");
    const ok = await h.user.submitView(USERS.coordinator, partialView, h.user.valuesFor(partialView, { [D.grantedDays]: "10", [D.reason]: "Delvis." }));
    expect(ok.json).toBeUndefined();
    expect(await h.db.request.findUniqueOrThrow({ where: { id: second } })).toMatchObject({
      status: "partly_granted",
      grantedDays: 10,
      grantedAmount: 10 * 1200 + 10 * 300,
    });
    expect(await grantedRestDays(adm.ref)).toBe(30);
  });

  it("the Bevilja modal and the refreshed coordinator message of a request that no longer fits say what fits", async () => {
    const adm = await newAdmission();
    await decide(USERS.coordinator, adm.id, "grant");
    const first = await newRest(adm.ref, "2016-11-01", "2016-11-20");
    const second = await newRest(adm.ref, "2016-11-21", "2016-12-10");
    await decide(USERS.coordinator, first, "grant");
    const grantView = await openDecision(USERS.coordinator, second, "grant");
    expect(JSON.stringify(h.fake.view(grantView))).toContain("10 av 20 dagar ryms");
    // A question refreshes the coordinator message, which now shows the cap.
    const askView = await openDecision(USERS.coordinator, second, "info");
    await h.user.submitView(USERS.coordinator, askView, h.user.valuesFor(askView, { [D.reason]: "Finns boendet kvar i december?" }));
    const { ts } = await coordinatorMessageOf(second);
    await waitFor(async () => JSON.stringify(h.fake.message(COORD_CHANNEL, ts)).includes("10 av 20 dagar ryms"), "the message shows what fits");
  });

  it("two coordinators granting two 20-day requests of one case at the same moment: at most 30 days are granted", async () => {
    for (let round = 0; round < 3; round++) {
      const adm = await newAdmission();
      await decide(USERS.coordinator, adm.id, "grant");
      const a = await newRest(adm.ref, "2016-11-01", "2016-11-20");
      const b = await newRest(adm.ref, "2016-11-21", "2016-12-10");
      const viewA = await openDecision(USERS.coordinator, a, "grant");
      const viewB = await openDecision(USERS.coordinator2, b, "grant");
      const results = await Promise.all([
        h.user.submitView(USERS.coordinator, viewA, h.user.valuesFor(viewA, { [D.reason]: "Ja." })),
        h.user.submitView(USERS.coordinator2, viewB, h.user.valuesFor(viewB, { [D.reason]: "Ja." })),
      ]);
      expect(await grantedRestDays(adm.ref)).toBeLessThanOrEqual(30);
      // One is granted; the other is refused with what fits (or, if it waited too long, asked to try again).
      const done = results.filter((r) => r.status === 200 && r.json === undefined);
      const refused = results.filter((r) => /10 av 20 dagar ryms|försök igen/.test(errorsOf(r.json)[D.reason] ?? ""));
      expect(done, JSON.stringify(results.map((r) => r.json as Json))).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect(await grantedRestDays(adm.ref)).toBe(20);
    }
  });
});

describe("admission first", () => {
  it("a rest request of a case whose admission is undecided can be filed but not granted; after the admission it can", async () => {
    const adm = await newAdmission();
    const rest = await newRest(adm.ref, "2016-11-01", "2016-11-10");
    const refused = await decide(USERS.coordinator, rest, "grant");
    expect(refused.json).toMatchObject({ response_action: "errors" });
    expect(errorsOf(refused.json)[D.reason]).toMatch(new RegExp(`tillträde.*${adm.ref}|${adm.ref}.*tillträde`));
    expect(errorsOf(refused.json)[D.reason]).toMatch(/inte beviljat/);
    const partly = await decide(USERS.coordinator, rest, "partial", { [D.grantedDays]: "5" });
    expect(errorsOf(partly.json)[D.reason]).toMatch(/tillträde/);
    expect(await h.db.request.findUniqueOrThrow({ where: { id: rest } })).toMatchObject({ status: "received" });
    expect(await h.db.budgetCommitment.count({ where: { requestId: rest } })).toBe(0);
    expect((await decide(USERS.coordinator, adm.id, "grant")).json).toBeUndefined();
    expect((await decide(USERS.coordinator, rest, "grant")).json).toBeUndefined();
    expect(await h.db.request.findUniqueOrThrow({ where: { id: rest } })).toMatchObject({ status: "granted", grantedDays: 10 });
  });

  it("inquiries and admissions are not held back", async () => {
    const adm = await newAdmission();
    expect((await decide(USERS.coordinator, adm.id, "grant")).json).toBeUndefined();
  });
});

describe("a period that starts in the past", () => {
  it("is refused at the start date when it started more than 30 days ago", async () => {
    const adm = await newAdmission();
    const count = await h.db.request.count();
    const { res } = await submitRest(adm.ref, "2016-09-03", "2016-09-20");
    expect(res.json).toMatchObject({ response_action: "errors" });
    const error = errorsOf(res.json)[B.from];
    expect(error).toContain("2016-09-03");
    expect(error).toContain("42 dagar");
    expect(error).toMatch(/mer än 30 dagar/);
    // 31 days ago is refused too, 30 is not.
    expect(errorsOf((await submitRest(adm.ref, "2016-09-14", "2016-09-20")).res.json)[B.from]).toContain("31 dagar");
    expect(await h.db.request.count()).toBe(count);
    expect(errorsOf((await submitRest(adm.ref, "2016-09-15", "2016-09-20")).res.json)[B.from]).toBeUndefined();
  });

  it("is accepted with a note to the coordinator and the applicant when it started at most 30 days ago", async () => {
    const adm = await newAdmission();
    const dmsBefore = h.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === USERS.applicant).length;
    const { res } = await submitRest(adm.ref, "2016-10-03", "2016-10-20");
    expect(res.json).toMatchObject({ response_action: "update" });
    const note = "Perioden började 2016-10-03 (för 12 dagar sedan)";
    expect(JSON.stringify(res.json)).toContain(note);
    const request = await h.db.request.findFirstOrThrow({ where: { type: "rest" }, orderBy: { id: "desc" } });
    const { ts } = await coordinatorMessageOf(request.id);
    expect(JSON.stringify(h.fake.message(COORD_CHANNEL, ts))).toContain(note);
    await waitFor(
      async () => h.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === USERS.applicant).slice(dmsBefore).find((c) => JSON.stringify(c.args).includes(note)),
      "the receipt with the note",
    );
  });

  it("starting today or later carries no note", async () => {
    const adm = await newAdmission();
    const { res } = await submitRest(adm.ref, TODAY, "2016-10-20");
    expect(res.json).toMatchObject({ response_action: "update" });
    expect(JSON.stringify(res.json)).not.toContain("Perioden började");
  });
});
