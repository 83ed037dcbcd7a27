// Issue #14, item 3: certification has dates. Through the real runtime (signed requests, Postgres,
// Redis, workers, the fake Slack): after its last certified day an organisation's members cannot
// apply (`/nsp ansök`, the Home's button and a modal submitted after the date), and the admins are
// told by DM 30 days before, once per organisation and end date, whatever the number of sweeps,
// also when the job never reached Redis (the row in Postgres is the truth).
import { addDays } from "date-fns";
import type { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DELIVERY_QUEUE } from "../../jobs/deliver-slack-message.js";
import { createQueue } from "../../jobs/queues.js";
import { APPLY_BLOCK } from "../../src/core/ids.js";
import { isoDay, todayDate } from "../../src/domain/format.js";
import { certificationNoticeNow, planCertificationNotices } from "../../src/services/certification.js";
import { truncateAll } from "../helpers/db.js";
import { seedFixtures, startHarness, USERS, waitFor, type Harness } from "../helpers/harness.js";

let h: Harness;
let redis: Redis;
let queue: Queue;

beforeAll(async () => {
  h = await startHarness();
  redis = new Redis(h.config.REDIS_URL, { maxRetriesPerRequest: 1 });
  queue = createQueue(redis, h.config.NSP_REDIS_PREFIX, DELIVERY_QUEUE);
});
afterAll(async () => {
  await queue?.close();
  redis?.disconnect();
  await h?.close();
});
beforeEach(async () => {
  await truncateAll(h.db);
  await seedFixtures(h.db);
});
afterEach(() => h.fake.reset());

const day = (s: string) => new Date(`${s}T00:00:00.000Z`);
const certifiedUntil = (name: string, until: Date | null) => h.db.organisation.update({ where: { name }, data: { certifiedUntil: until } });

describe("an organisation past its certification (the harness's today is 2016-09-01)", () => {
  it("/nsp ansök is refused with the last day and what to do; the last day itself still applies", async () => {
    await certifiedUntil("Frälsningsarmén", day("2016-08-31"));
    const opened = h.fake.callsTo("views.open").length;
    await h.user.command(USERS.applicant, "ansök");
    const reply = await h.fake.waitForCall("response_url", (c) => JSON.stringify(c.args).includes("till och med 2016-08-31"));
    expect(reply.args).toMatchObject({ response_type: "ephemeral" });
    expect(String(reply.args.text)).toContain("Frälsningsarmén var certifierad");
    expect(String(reply.args.text)).toContain("förnya certifieringen");
    expect(h.fake.callsTo("views.open").length).toBe(opened);

    // Certified until today: the modal opens.
    await certifiedUntil("Frälsningsarmén", day("2016-09-01"));
    await h.user.command(USERS.applicant, "ansök");
    const call = await waitFor(async () => h.fake.callsTo("views.open")[opened], "the apply modal");
    expect(call.response).toMatchObject({ ok: true });
  });

  it("a modal opened before the end and submitted after it is refused next to the field; nothing stored", async () => {
    const opened = h.fake.callsTo("views.open").length;
    await h.user.command(USERS.applicant, "ansök förfrågan");
    const call = await waitFor(async () => h.fake.callsTo("views.open")[opened], "the apply modal");
    const viewId = (call.response as { view: { id: string } }).view.id;
    await certifiedUntil("Frälsningsarmén", day("2016-08-31"));
    const res = await h.user.submitView(
      USERS.applicant,
      viewId,
      h.user.valuesFor(viewId, { [APPLY_BLOCK.type]: "inquiry", [APPLY_BLOCK.justification]: "Faller detta inom NSP?" }),
    );
    expect(res.json).toMatchObject({ response_action: "errors" });
    expect((res.json as { errors: Record<string, string> }).errors[APPLY_BLOCK.justification]).toContain("till och med 2016-08-31");
    expect(await h.db.request.count()).toBe(0);
  });

  it("another organisation with no end date is not affected", async () => {
    await certifiedUntil("Frälsningsarmén", day("2016-08-31"));
    const opened = h.fake.callsTo("views.open").length;
    await h.user.command(USERS.otherOrg, "ansök");
    const call = await waitFor(async () => h.fake.callsTo("views.open")[opened], "the apply modal");
    expect(call.response).toMatchObject({ ok: true });
  });
});

/** The certification DMs to `user`. */
const noticesTo = (user: string) =>
  h.fake.callsTo("chat.postMessage").filter((c) => c.ok && c.args.channel === user && String(c.args.text).startsWith("Certifieringen av"));

/** More sweeps, then waits until the delivery queue holds nothing to run. */
async function sweepThenDrain(): Promise<void> {
  for (let i = 0; i < 3; i++) await h.runtime.workers?.sweepNow();
  await waitFor(async () => {
    const counts = await queue.getJobCounts("waiting", "active", "delayed", "prioritized");
    return Object.values(counts).every((n) => n === 0);
  }, "idle delivery queue", 15_000);
}

describe("the admins are told 30 days before (real clock: the sweep plans from today)", () => {
  it("one DM per admin and end date, however many sweeps; not for an end further away; again for a new end date", async () => {
    const soon = addDays(todayDate(), 20);
    await certifiedUntil("Talita", soon);
    await certifiedUntil("Frälsningsarmén", addDays(todayDate(), 31));
    await sweepThenDrain();
    await waitFor(async () => noticesTo(USERS.admin).length === 1, "the notice to the admin", 15_000);
    await sweepThenDrain();
    const notices = noticesTo(USERS.admin);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.args.text).toBe(`Certifieringen av Talita gäller till och med ${isoDay(soon)} (slutar om 20 dagar).`);
    expect(JSON.stringify(notices[0]?.args.blocks)).toContain("--certified-until");
    // Nobody but admins; nothing about Frälsningsarmén (31 days).
    for (const user of [USERS.coordinator, USERS.applicant, USERS.otherOrg]) expect(noticesTo(user)).toHaveLength(0);
    expect(JSON.stringify(h.fake.callsTo("chat.postMessage").map((c) => c.args))).not.toContain("Certifieringen av Frälsningsarmén");
    expect(await h.db.outboxMessage.count({ where: { kind: "certification_notice" } })).toBe(1);

    // Renewed to another date that is again near: told once more, for the new date.
    const renewed = addDays(todayDate(), 25);
    await certifiedUntil("Talita", renewed);
    await sweepThenDrain();
    await waitFor(async () => noticesTo(USERS.admin).length === 2, "the notice about the new date", 15_000);
    expect(noticesTo(USERS.admin)[1]?.args.text).toContain(`till och med ${isoDay(renewed)}`);
  });

  it("a notice planned while Redis held no job is delivered by the next sweep; at send time it is checked again", async () => {
    const talita = await certifiedUntil("Talita", addDays(todayDate(), 10));
    // Planned straight into Postgres, never queued: as if Redis had lost the job.
    const ids = await planCertificationNotices(h.db, new Date());
    expect(ids).toHaveLength(1);
    expect(await planCertificationNotices(h.db, new Date())).toEqual(ids);
    await sweepThenDrain();
    await waitFor(async () => noticesTo(USERS.admin).length === 1, "the notice after the sweep", 15_000);

    // Checked again at send time: renewed beyond the window (or uncertified), a planned notice says nothing.
    const admin = await h.db.member.findUniqueOrThrow({ where: { slackUserId: USERS.admin } });
    const until = isoDay(addDays(todayDate(), 10));
    expect(await certificationNoticeNow(h.db, talita.id, until, admin.id, new Date())).toMatchObject({ slackUserId: USERS.admin, orgName: "Talita", until, daysLeft: 10 });
    const coordinator = await h.db.member.findUniqueOrThrow({ where: { slackUserId: USERS.coordinator } });
    expect(await certificationNoticeNow(h.db, talita.id, until, coordinator.id, new Date())).toBeNull();
    await certifiedUntil("Talita", addDays(todayDate(), 400));
    expect(await certificationNoticeNow(h.db, talita.id, until, admin.id, new Date())).toBeNull();
    await h.db.organisation.update({ where: { id: talita.id }, data: { certified: false, certifiedUntil: addDays(todayDate(), 10) } });
    expect(await certificationNoticeNow(h.db, talita.id, until, admin.id, new Date())).toBeNull();
  });
});
