// The outbox kinds "home_refresh*" delivered directly (no queue): who gets a new Home after a
// request, a meeting or a budget change, bursts coalescing into one round of publishes, and a
// user Slack does not know being skipped.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { deliverOutboxRow } from "../../jobs/deliver-slack-message.js";
import { transferBudget } from "../../src/services/budget-transfer.js";
import { remaining } from "../../src/domain/budget.js";
import { formatKr } from "../../src/domain/format.js";
import { cancelMeeting, createMeeting, updateMeeting } from "../../src/services/meetings.js";
import type { MeetingDraft } from "../../src/domain/meetings.js";
import { askForInformation, decideRequest } from "../../src/services/requests.js";
import { ERASED_TEXT } from "../../src/domain/erasure.js";
import { cliEraseCase } from "../../src/services/erasure.js";
import { fakeSlackDelivery } from "../helpers/delivery.js";
import { closeDb, testDb, truncateAll } from "../helpers/db.js";
import { caseWithText } from "../helpers/erasure.js";
import { seedFixtures, USERS } from "../helpers/harness.js";
import { submit } from "./seed-2016.js";

const db = testDb();
const delivery = fakeSlackDelivery(db);

afterAll(async () => {
  await closeDb(db);
});
beforeEach(async () => {
  await truncateAll(db);
  await seedFixtures(db, { budget: "2016" });
  delivery.fake.reset();
});

const homeRows = () => db.outboxMessage.findMany({ where: { kind: "home_refresh" }, orderBy: { id: "asc" } });
const publishedTo = () => delivery.fake.callsTo("views.publish").filter((c) => c.ok).map((c) => c.args.user_id);

describe("home_refresh", () => {
  it("publishes the Home of the organisation's members, coordinators and admins – not other organisations", async () => {
    const r = await submit(db, { type: "inquiry" });
    const [row] = await homeRows();
    expect(row).toMatchObject({ key: `home:${r.id}:submitted`, requestId: null, refId: r.id });
    expect(await deliverOutboxRow(delivery.deps, row?.id ?? 0)).toBe("sent");
    expect(publishedTo().sort()).toEqual([USERS.admin, USERS.applicant, USERS.applicant2, USERS.coordinator, USERS.coordinator2].sort());
    expect(await deliverOutboxRow(delivery.deps, row?.id ?? 0)).toBe("skipped"); // sent once
  });

  it("a burst coalesces: older refreshes of the same organisation are superseded by the newest", async () => {
    for (let i = 0; i < 5; i++) await submit(db, { type: "inquiry" });
    const other = await submit(db, { type: "inquiry", user: USERS.otherOrg });
    const rows = await homeRows();
    for (const row of rows) expect(await deliverOutboxRow(delivery.deps, row.id)).toBe("sent");
    // Frälsningsarmén's four older rows published nothing; its newest and Talita's one published.
    const calls = publishedTo();
    expect(calls.filter((u) => u === USERS.applicant)).toHaveLength(1);
    expect(calls.filter((u) => u === USERS.coordinator)).toHaveLength(2);
    expect(calls.filter((u) => u === USERS.otherOrg)).toHaveLength(1);
    expect((await db.outboxMessage.findFirstOrThrow({ where: { refId: other.id, kind: "home_refresh" } })).status).toBe("sent");
    const home = delivery.fake.home(USERS.applicant);
    expect(JSON.stringify(home)).toContain("*5* öppna ansökningar");
  });

  it("a user Slack does not know is skipped; the others still get their Home", async () => {
    await db.member.create({ data: { slackUserId: "not-a-user", orgId: (await db.organisation.findFirstOrThrow({ where: { name: "Frälsningsarmén" } })).id, role: "applicant" } });
    await submit(db, { type: "inquiry" });
    const [row] = await homeRows();
    expect(await deliverOutboxRow(delivery.deps, row?.id ?? 0)).toBe("sent");
    expect(publishedTo()).toContain(USERS.applicant);
    expect(delivery.fake.callsTo("views.publish").find((c) => c.args.user_id === "not-a-user")?.response).toMatchObject({ ok: false, error: "user_not_found" });
  });

  it("a moved case's refresh is not superseded by a newer one of the organisation that filed it: the new organisation's Home shows the erasure", async () => {
    const a = await caseWithText(db, "NSP004", "alfa");
    const talita = await db.organisation.findUniqueOrThrow({ where: { name: "Talita" } });
    await db.case.update({ where: { id: a.caseId }, data: { orgId: talita.id } }); // as if moved before it was closed
    await db.outboxMessage.deleteMany({});
    const erased = await cliEraseCase(db, { ref: "NSP004", reason: "Begäran om radering", by: USERS.admin });
    await submit(db, { type: "inquiry" }); // Frälsningsarmén's newer refresh: not Talita's Homes
    const [row] = (await homeRows()).filter((r) => r.key === `home:${a.rest}:${erased.auditId}`);
    expect(await deliverOutboxRow(delivery.deps, row?.id ?? 0)).toBe("sent");
    expect(publishedTo()).toContain(USERS.otherOrg);
    const home = JSON.stringify(delivery.fake.home(USERS.otherOrg));
    expect(home).toContain(ERASED_TEXT);
    expect(home).not.toContain("alfa");
  });

  it("decisions, questions and answers each queue a refresh", async () => {
    const a = await submit(db, { type: "inquiry" });
    const b = await submit(db, { type: "inquiry" });
    expect((await decideRequest(db, a.id, USERS.coordinator, { kind: "deny", reason: "", shareReason: false })).ok).toBe(true);
    expect((await askForInformation(db, b.id, USERS.coordinator, "Finns en polisanmälan?")).ok).toBe(true);
    expect((await homeRows()).map((r) => r.key.replace(/:\d+$/, ":audit"))).toEqual([`home:${a.id}:submitted`, `home:${b.id}:submitted`, `home:${a.id}:audit`, `home:${b.id}:audit`]);
  });
});

describe("Homes refreshed by meetings and the budget", () => {
  const everyone = [USERS.admin, USERS.applicant, USERS.applicant2, USERS.coordinator, USERS.coordinator2, USERS.otherOrg, USERS.uncertified];
  const draft = (title: string, groupId: number | null): MeetingDraft => ({
    kind: "working_group",
    title,
    theme: null,
    groupId,
    startsAt: new Date(Date.now() + 10 * 86_400_000),
    endsAt: new Date(Date.now() + 10 * 86_400_000 + 7_200_000),
    place: "Stockholm",
    registration: null,
    registrationDeadline: null,
  });
  const deliverAll = async (ids: number[]) => {
    for (const id of ids) await deliverOutboxRow(delivery.deps, id);
  };
  const homeText = (user: string) => JSON.stringify(delivery.fake.home(user) ?? null);
  async function groups() {
    const slussa = await db.workingGroup.create({ data: { name: "Slussa vidare", slug: "slussa-vidare", channel: "C0SLUSSA", convenerSlackId: "U0CONVENER" } });
    const barn = await db.workingGroup.create({ data: { name: "Barnperspektivet", slug: "barnperspektivet", channel: "C0BARN" } });
    await db.groupMember.createMany({ data: [{ groupId: slussa.id, slackUserId: USERS.applicant }, { groupId: barn.id, slackUserId: USERS.otherOrg }] });
    return { slussa, barn };
  }

  it("a group's new meeting: its members, its convener, coordinators and admins get it on their Home", async () => {
    const { slussa } = await groups();
    const created = await createMeeting(db, { draft: draft("Slussa vidare – decembermöte", slussa.id), createdBy: USERS.coordinator, submissionKey: "v1" }, []);
    expect(await db.outboxMessage.findMany({ where: { id: { in: created.outboxIds } }, select: { kind: true, refId: true } })).toEqual([
      { kind: "home_refresh_group", refId: slussa.id },
    ]);
    await deliverAll(created.outboxIds);
    expect(publishedTo().sort()).toEqual([USERS.admin, USERS.applicant, USERS.coordinator, USERS.coordinator2, "U0CONVENER"].sort());
    expect(homeText(USERS.applicant)).toContain("Slussa vidare – decembermöte");
    // A replayed submission stores nothing and queues nothing.
    expect((await createMeeting(db, { draft: draft("Slussa vidare – decembermöte", slussa.id), createdBy: USERS.coordinator, submissionKey: "v1" }, [])).outboxIds).toEqual([]);
  });

  it("a whole-network meeting reaches everyone; moving it to a group and cancelling it update the Homes", async () => {
    const { barn } = await groups();
    const created = await createMeeting(db, { draft: draft("Plattformsmöte i december", null), createdBy: USERS.coordinator, submissionKey: "n1" }, []);
    await deliverAll(created.outboxIds);
    expect(publishedTo().sort()).toEqual([...everyone, "U0CONVENER"].sort());
    expect(homeText(USERS.uncertified)).toContain("Plattformsmöte i december");

    delivery.fake.reset();
    const moved = await updateMeeting(db, { meetingId: created.meetingId, expectedSequence: 0, draft: draft("Barnperspektivet i december", barn.id) }, []);
    if (!moved.ok) throw new Error(moved.reason);
    const kinds = await db.outboxMessage.findMany({ where: { id: { in: moved.outboxIds } }, select: { kind: true }, orderBy: { id: "asc" } });
    expect(kinds.map((k) => k.kind)).toEqual(["home_refresh_network", "home_refresh_group"]); // before and after the move
    await deliverAll(moved.outboxIds);
    expect(homeText(USERS.uncertified)).not.toContain("i december"); // gone from a non-member's Home
    expect(homeText(USERS.otherOrg)).toContain("Barnperspektivet i december"); // on the group member's

    delivery.fake.reset();
    const cancelled = await cancelMeeting(db, { meetingId: created.meetingId, actor: USERS.coordinator });
    if (!cancelled.ok) throw new Error(cancelled.reason);
    await deliverAll(cancelled.outboxIds);
    expect(publishedTo()).toContain(USERS.otherOrg);
    expect(homeText(USERS.otherOrg)).not.toContain("Barnperspektivet i december");
  });

  it("a budget transfer re-publishes the coordinators' and admins' Homes with the new figures, not the applicants'", async () => {
    const period = await db.budgetPeriod.findFirstOrThrow({ where: { name: "Pilot 2016" } });
    const result = await transferBudget(db, { periodId: period.id, from: "measure", to: "rest", amount: 799, reason: "överföring 799", actor: USERS.coordinator });
    if (!result.ok) throw new Error(result.error);
    const [row] = await db.outboxMessage.findMany({ where: { kind: "home_refresh_budget" } });
    expect(row).toMatchObject({ key: `home:budget:${period.id}:transfer:${result.transferId}`, refId: period.id, requestId: null });
    await deliverAll(result.outboxIds);
    expect(publishedTo().sort()).toEqual([USERS.admin, USERS.coordinator, USERS.coordinator2].sort());
    // Pilot 2016 allots 10 000 kr to measures: 799 moved leaves 9 201 kr (Swedish format, no-break space).
    expect(remaining(result.from)).toBe(9_201);
    expect(homeText(USERS.coordinator)).toContain(formatKr(9_201));
  });

  it("coalesces: a newer wider refresh supersedes older narrower ones", async () => {
    const { slussa } = await groups();
    const group = await createMeeting(db, { draft: draft("Gruppmöte", slussa.id), createdBy: USERS.coordinator, submissionKey: "g" }, []);
    const period = await db.budgetPeriod.findFirstOrThrow({ where: { name: "Pilot 2016" } });
    const transfer = await transferBudget(db, { periodId: period.id, from: "measure", to: "rest", amount: 100, reason: "test", actor: USERS.coordinator });
    if (!transfer.ok) throw new Error(transfer.error);
    const network = await createMeeting(db, { draft: draft("Nätverksmöte", null), createdBy: USERS.coordinator, submissionKey: "n" }, []);
    await deliverAll([...group.outboxIds, ...transfer.outboxIds, ...network.outboxIds]);
    // The group's and the budget's refreshes published nothing: the network one covered them.
    expect(publishedTo().sort()).toEqual([...everyone, "U0CONVENER"].sort());
    expect(homeText(USERS.applicant)).toContain("Gruppmöte");
    const statuses = await db.outboxMessage.findMany({ where: { kind: { startsWith: "home_refresh_" } }, select: { status: true } });
    expect(statuses.every((r) => r.status === "sent")).toBe(true);
  });
});
