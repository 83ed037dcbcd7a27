// The clocks of issue #12, item 4, through the services with `now` passed in (no real waiting),
// against the run's PostgreSQL, and delivered through the real outbox delivery to the fake Slack:
// planned once however often or however concurrently the sweep runs, nothing for a closed case, a
// decided request or an answered question, and nothing posted when that happens after planning.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { deliverOutboxRow } from "../../jobs/deliver-slack-message.js";
import { parseCaseReminders } from "../../src/domain/case-clocks.js";
import { planDecisionDigest, planInfoReminders, planPeriodEndReminders } from "../../src/services/case-clocks.js";
import { fakeSlackDelivery } from "../helpers/delivery.js";
import { closeDb, testDb, truncateAll } from "../helpers/db.js";
import { COORD_CHANNEL, seedFixtures, USERS } from "../helpers/harness.js";
import { insertRequest } from "../helpers/requests.js";

const db = testDb();
const offsets = parseCaseReminders("5d,1d");
const delivery = fakeSlackDelivery(db);

afterAll(async () => {
  await closeDb(db);
});
beforeEach(async () => {
  await truncateAll(db);
  await seedFixtures(db);
  delivery.fake.reset();
});

async function newCase(ref: string): Promise<number> {
  const member = await db.member.findUniqueOrThrow({ where: { slackUserId: USERS.applicant } });
  const c = await db.case.create({
    data: { ref, orgId: member.orgId, nationality: "NG", gender: "woman", ageBand: "18-25", childrenAccompanying: 0, childrenHome: 0, exploitation: ["sexual"], exploitedIn: ["SE"], policeReport: false },
  });
  return c.id;
}

/** A granted rest period 2016-09-01 – 2016-09-30 of a new case. */
async function grantedRest(ref = "NSP004"): Promise<{ caseId: number; requestId: number }> {
  const caseId = await newCase(ref);
  const requestId = await insertRequest(db, { type: "rest", from: "2016-09-01", to: "2016-09-30" }, { caseId });
  await db.request.update({ where: { id: requestId }, data: { status: "granted", decidedAt: new Date("2016-08-30T10:00:00Z"), decidedBy: USERS.coordinator } });
  return { caseId, requestId };
}

const decided = (status: "denied" | "withdrawn") => ({ status, decidedAt: new Date("2016-09-02T10:00:00Z"), decidedBy: USERS.coordinator });
const keys = async (kind: string) => (await db.outboxMessage.findMany({ where: { kind }, orderBy: { key: "asc" } })).map((r) => r.key);
const dmsTo = (user: string) => delivery.fake.callsTo("chat.postMessage").filter((c) => c.ok && c.args.channel === user);

async function deliverAll(kind: string): Promise<string[]> {
  const rows = await db.outboxMessage.findMany({ where: { kind, status: "pending" }, orderBy: { id: "asc" } });
  const out: string[] = [];
  for (const row of rows) out.push(await deliverOutboxRow(delivery.deps, row.id));
  return out;
}

describe("period-end reminders", () => {
  it("plans one DM per member of the case's organisation when due, once however often and however concurrently the sweep runs", async () => {
    const { requestId } = await grantedRest();
    expect(await planPeriodEndReminders(db, offsets, new Date("2016-09-25T06:59:00Z"))).toEqual([]);
    const due = new Date("2016-09-25T07:00:00Z"); // 09:00 CEST, five days before 30 September
    await Promise.all([planPeriodEndReminders(db, offsets, due), planPeriodEndReminders(db, offsets, due), planPeriodEndReminders(db, offsets, due)]);
    await planPeriodEndReminders(db, offsets, new Date("2016-09-27T12:00:00Z"));
    const fa = await db.member.findMany({ where: { slackUserId: { in: [USERS.applicant, USERS.applicant2] } }, orderBy: { id: "asc" } });
    expect(await keys("period_end_reminder")).toEqual(fa.map((m) => `period_end:${requestId}:5d:${m.id}`).sort());
    await planPeriodEndReminders(db, offsets, new Date("2016-09-29T07:00:00Z"));
    expect(await keys("period_end_reminder")).toHaveLength(4);
    await planPeriodEndReminders(db, offsets, new Date("2016-10-01T07:00:00Z"));
    expect(await keys("period_end_reminder")).toHaveLength(4);
  });

  it("posts nothing when the period has ended by the time the row is delivered", async () => {
    await grantedRest();
    await planPeriodEndReminders(db, offsets, new Date("2016-09-25T07:00:00Z"));
    // Delivered at the real time, after the 2016 period ended: the renderer checks again and posts nothing.
    expect(await deliverAll("period_end_reminder")).toEqual(["sent", "sent"]);
    expect(delivery.fake.callsTo("chat.postMessage")).toHaveLength(0);
    const rows = await db.outboxMessage.findMany({ where: { kind: "period_end_reminder" } });
    expect(rows.every((r) => r.status === "sent" && r.channel === null && r.lastError?.startsWith("skipped:"))).toBe(true);
  });

  it("posts nothing for a case closed, or one whose next step was applied for, between planning and sending", async () => {
    const closed = await grantedRest("NSP001");
    const changed = await grantedRest("NSP002");
    const kept = await grantedRest("NSP003");
    // Periods ending in 3 days from now (the real time the renderer checks against).
    const end = new Date(`${new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10)}T00:00:00.000Z`);
    const start = new Date(end.getTime() - 29 * 86_400_000);
    await db.request.updateMany({ where: { id: { in: [closed.requestId, changed.requestId, kept.requestId] } }, data: { startDate: start, endDate: end } });
    expect(await planPeriodEndReminders(db, offsets, new Date())).toHaveLength(6);
    await db.case.update({ where: { id: closed.caseId }, data: { outcome: "returned", closedOn: new Date("2016-09-20T00:00:00Z"), closedAt: new Date(), closedBy: USERS.applicant } });
    await insertRequest(db, { type: "integration", from: "2016-10-01", to: "2016-10-31" }, { caseId: changed.caseId });
    expect(await deliverAll("period_end_reminder")).toEqual(["sent", "sent", "sent", "sent", "sent", "sent"]);
    const posted = delivery.fake.callsTo("chat.postMessage").filter((c) => c.ok);
    expect(posted.map((c) => c.args.channel).sort()).toEqual([USERS.applicant, USERS.applicant2].sort());
    expect(posted.every((c) => String(c.args.text).includes("NSP003"))).toBe(true);
    const skipped = await db.outboxMessage.findMany({ where: { kind: "period_end_reminder", channel: null } });
    expect(skipped.map((r) => r.requestId).sort()).toEqual([closed.requestId, closed.requestId, changed.requestId, changed.requestId].sort());
  });

  it("plans nothing for a closed case, a denied request, a period already ended, or when the next step was applied for", async () => {
    const due = new Date("2016-09-29T07:00:00Z");
    const closed = await grantedRest("NSP001");
    await db.case.update({ where: { id: closed.caseId }, data: { outcome: "residence_permit", closedOn: new Date("2016-09-20T00:00:00Z"), closedAt: new Date("2016-09-20T10:00:00Z"), closedBy: USERS.applicant } });
    const denied = await grantedRest("NSP002");
    await db.request.update({ where: { id: denied.requestId }, data: decided("denied") });
    const applied = await grantedRest("NSP003");
    await insertRequest(db, { type: "integration", from: "2016-10-01", to: "2016-10-31" }, { caseId: applied.caseId });
    const refusedNext = await grantedRest("NSP005");
    const refused = await insertRequest(db, { type: "integration", from: "2016-10-01", to: "2016-10-31" }, { caseId: refusedNext.caseId });
    await db.request.update({ where: { id: refused }, data: decided("withdrawn") });
    expect(await planPeriodEndReminders(db, offsets, due)).toHaveLength(2);
    expect((await keys("period_end_reminder")).every((k) => k.startsWith(`period_end:${refusedNext.requestId}:1d:`))).toBe(true);
  });

  it("ends a partly granted period after the granted days", async () => {
    const { requestId } = await grantedRest();
    await db.request.update({ where: { id: requestId }, data: { status: "partly_granted", grantedDays: 20 } });
    expect(await planPeriodEndReminders(db, offsets, new Date("2016-09-19T07:00:00Z"))).toHaveLength(2); // 1d before 20 September
    expect(await keys("period_end_reminder")).toEqual(expect.arrayContaining([expect.stringMatching(`^period_end:${requestId}:1d:`)]));
  });
});

describe("the komplettering reminder", () => {
  it("is planned once per question after the days, and not for an answered question or a decided request", async () => {
    const open = await insertRequest(db, { type: "rest", from: "2016-09-01", to: "2016-09-30" });
    const answered = await insertRequest(db, { type: "rest", from: "2016-09-01", to: "2016-09-30" });
    const denied = await insertRequest(db, { type: "rest", from: "2016-09-01", to: "2016-09-30" });
    await db.request.update({ where: { id: denied }, data: decided("denied") });
    const asked = new Date("2016-09-01T10:00:00Z");
    const q = await db.infoRequest.create({ data: { requestId: open, question: "Vilket datum?", askedBy: USERS.coordinator, askedAt: asked } });
    await db.infoRequest.create({ data: { requestId: answered, question: "?", askedBy: USERS.coordinator, askedAt: asked, answer: "Svar", answeredBy: USERS.applicant, answeredAt: new Date("2016-09-02T10:00:00Z") } });
    await db.infoRequest.create({ data: { requestId: denied, question: "?", askedBy: USERS.coordinator, askedAt: asked } });
    expect(await planInfoReminders(db, 5, new Date("2016-09-06T09:59:00Z"))).toEqual([]);
    await Promise.all([planInfoReminders(db, 5, new Date("2016-09-06T10:00:00Z")), planInfoReminders(db, 5, new Date("2016-09-06T10:00:00Z"))]);
    await planInfoReminders(db, 5, new Date("2016-09-09T10:00:00Z"));
    const fa = await db.member.findMany({ where: { slackUserId: { in: [USERS.applicant, USERS.applicant2] } }, orderBy: { id: "asc" } });
    expect(await keys("info_reminder")).toEqual(fa.map((m) => `info_reminder:${q.id}:${m.id}`).sort());
    expect(await deliverAll("info_reminder")).toEqual(["sent", "sent"]);
    const [dm] = dmsTo(USERS.applicant);
    expect(dm?.args.text).toContain(`ansökan nr ${open}`);
    expect(JSON.stringify(dm?.args.blocks)).not.toContain("Vilket datum");
    expect(dmsTo(USERS.applicant2)).toHaveLength(1);
  });

  it("posts nothing when the question is answered between planning and sending", async () => {
    const open = await insertRequest(db, { type: "rest", from: "2016-09-01", to: "2016-09-30" });
    const q = await db.infoRequest.create({ data: { requestId: open, question: "?", askedBy: USERS.coordinator, askedAt: new Date("2016-09-01T10:00:00Z") } });
    await planInfoReminders(db, 5, new Date("2016-09-07T10:00:00Z"));
    await db.infoRequest.update({ where: { id: q.id }, data: { answer: "Svar", answeredBy: USERS.applicant, answeredAt: new Date() } });
    expect(await deliverAll("info_reminder")).toEqual(["sent", "sent"]);
    expect(delivery.fake.callsTo("chat.postMessage")).toHaveLength(0);
  });
});

describe("the decision digest", () => {
  async function waitingSince(createdAt: string): Promise<number> {
    const id = await insertRequest(db, { type: "rest", from: "2016-09-01", to: "2016-09-30" });
    await db.request.update({ where: { id }, data: { createdAt: new Date(createdAt) } });
    return id;
  }

  it("posts once a working day, oldest first, only requests waiting more than 2 working days", async () => {
    const thursday = await waitingSince("2026-04-02T10:00:00Z"); // before Easter: 3 full working days on Friday 10 April
    const older = await waitingSince("2026-03-30T10:00:00Z");
    const recent = await waitingSince("2026-04-07T10:00:00Z"); // 2: not listed
    const withQuestion = await waitingSince("2026-03-30T10:00:00Z");
    await db.infoRequest.create({ data: { requestId: withQuestion, question: "?", askedBy: USERS.coordinator } });
    expect(await planDecisionDigest(db, "08:30", 2, new Date("2026-04-10T06:29:00Z"))).toEqual([]);
    expect(await planDecisionDigest(db, "08:30", 2, new Date("2026-04-06T08:00:00Z"))).toEqual([]); // annandag påsk
    const at = new Date("2026-04-10T06:30:00Z");
    const runs = await Promise.all([planDecisionDigest(db, "08:30", 2, at), planDecisionDigest(db, "08:30", 2, at)]);
    expect(runs.flat()).toHaveLength(1);
    expect(await planDecisionDigest(db, "08:30", 2, new Date("2026-04-10T14:00:00Z"))).toEqual([]);
    expect(await keys("decision_digest")).toEqual(["decision_digest:2026-04-10"]);
    expect(await deliverAll("decision_digest")).toEqual(["sent"]);
    const [post] = delivery.fake.callsTo("chat.postMessage").filter((c) => c.ok && c.args.channel === COORD_CHANNEL);
    const text = JSON.stringify(post?.args.blocks);
    expect(text.indexOf(`Ansökan nr ${older}`)).toBeGreaterThan(-1);
    expect(text.indexOf(`Ansökan nr ${older}`)).toBeLessThan(text.indexOf(`Ansökan nr ${thursday}`));
    expect(text).not.toContain(`Ansökan nr ${withQuestion}*`);
    expect(text).not.toContain(`Ansökan nr ${recent}*`);
    expect(text).toContain("väntat 6 arbetsdagar");
    expect(text).not.toContain("Testunderlag");
  });
});
