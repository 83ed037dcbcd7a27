// Issue #14, item 2, against the real database: a coordinator moves a case to another certified
// organisation. Afterwards only the new organisation sees it (case file, case list, Home) and may
// apply for it (the apply form and the insert itself); the old one gets the answer of an unknown
// case. The history stays with the case; both organisations' members get a DM through the outbox
// (never the reason); an audit row records the change; the report counts the case once.
import { randomUUID } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { APPLY_BLOCK as B } from "../../src/core/ids.js";
import { EMPTY_APPLY_FORM, type ApplyForm } from "../../src/domain/apply-form.js";
import { formatDate } from "../../src/domain/format.js";
import { parseOutboxKey } from "../../src/domain/outbox.js";
import { buildRequest } from "../../src/services/apply.js";
import { closeCase } from "../../src/services/case-outcome.js";
import { caseForTransfer, CASE_TRANSFERRED, transferCase, transferDm } from "../../src/services/case-transfer.js";
import { listCases, loadCaseFile } from "../../src/services/cases.js";
import { loadHome, transferHomeAudience } from "../../src/services/home.js";
import { findActor, type Actor } from "../../src/services/members.js";
import { loadReport } from "../../src/services/report.js";
import { CaseMovedError, decideRequest, submitRequest } from "../../src/services/requests.js";
import { transferDmMessage } from "../../src/views/case-transfer.js";
import { createAdmittedCase } from "../helpers/cases.js";
import { closeDb, testDb, truncateAll } from "../helpers/db.js";
import { seedFixtures, USERS } from "../helpers/harness.js";
import { insertRequest } from "../helpers/requests.js";

const db = testDb();
afterAll(() => closeDb(db));

const REASON = "Personen har flyttat till ett boende i en annan region.";
const grant = { kind: "grant", reason: "Uppfyller kriterierna.", shareReason: false } as const;
let talitaId = 0;
let ecpatId = 0;
let faId = 0;

async function actor(user: string): Promise<Actor> {
  const a = await findActor(db, user);
  if (!a) throw new Error(`no member ${user}`);
  return a;
}

/** An admission of the applicant's organisation (which creates the case), granted. */
const admittedCase = () => createAdmittedCase(db, { decision: grant });

const restForm = (caseRef: string): ApplyForm => ({
  ...EMPTY_APPLY_FORM,
  type: "rest",
  caseRef,
  from: "2016-10-20",
  to: "2016-10-29",
  justification: "Behöver vila enligt handlingsplanen.",
});

const TODAY = new Date("2016-10-15T00:00:00Z");

beforeEach(async () => {
  await truncateAll(db);
  await seedFixtures(db);
  talitaId = (await db.organisation.findUniqueOrThrow({ where: { name: "Talita" } })).id;
  ecpatId = (await db.organisation.findUniqueOrThrow({ where: { name: "Ecpat" } })).id;
  faId = (await db.organisation.findUniqueOrThrow({ where: { name: "Frälsningsarmén" } })).id;
});

const move = async (ref: string, who: string = USERS.coordinator, toOrgId: number = talitaId, reason: string = REASON, today: Date = TODAY) =>
  transferCase(db, { ref, actor: await actor(who), toOrgId, reason, today });

describe("moving a case", () => {
  it("is refused, with the reason and nothing changed, for a wrong actor, target or reason, a waiting request or a closed case", async () => {
    const { ref, caseId } = await admittedCase();
    // Members of organisations (also the owning one) do not move cases: "not_found", like an unknown ref.
    expect(await move(ref, USERS.applicant)).toEqual({ ok: false, error: "not_found" });
    expect(await move(ref, USERS.otherOrg)).toEqual({ ok: false, error: "not_found" });
    expect(await move("NSP999")).toEqual({ ok: false, error: "not_found" });
    expect(await caseForTransfer(db, ref, await actor(USERS.applicant), TODAY)).toEqual({ ok: false, error: "not_found" });
    // The target: exists, certified, not the current organisation (a forged select value included).
    expect(await move(ref, USERS.coordinator, 99_999)).toMatchObject({ ok: false, error: "target", message: expect.stringContaining("finns inte") });
    expect(await move(ref, USERS.coordinator, ecpatId)).toMatchObject({ ok: false, error: "target", message: "Ecpat är inte certifierad och kan inte ta emot ärenden." });
    expect(await move(ref, USERS.coordinator, faId)).toMatchObject({ ok: false, error: "target", message: expect.stringContaining("hör redan till Frälsningsarmén") });
    // The reason: required, no personal data (the kind named, never the value).
    expect(await move(ref, USERS.coordinator, talitaId, "  ")).toEqual({ ok: false, error: "reason", message: "Skriv varför ärendet flyttas." });
    const pii = await move(ref, USERS.coordinator, talitaId, "Hon heter Anna, pnr 850101-1236");
    expect(pii).toMatchObject({ ok: false, error: "reason", message: expect.stringContaining("personnummer") });
    expect(JSON.stringify(pii)).not.toContain("1236");
    // A request still waiting for a decision: named, the case stays.
    const open = await insertRequest(db, { type: "rest", from: "2016-10-01", to: "2016-10-03" }, { caseId });
    expect(await move(ref)).toMatchObject({ ok: false, error: "open_requests", open: [{ id: open }] });
    expect(await caseForTransfer(db, ref, await actor(USERS.coordinator), TODAY)).toMatchObject({ ok: true, open: [{ id: open }], targets: [{ name: "Talita" }] });
    await db.request.update({ where: { id: open }, data: { status: "denied", decidedBy: USERS.coordinator, decidedAt: new Date() } });
    // A closed case: reopen it first.
    // The case was created today (Stockholm): closed on that day.
    const createdOn = new Date(`${formatDate(new Date())}T00:00:00Z`);
    expect(await closeCase(db, { ref, actor: await actor(USERS.coordinator), outcome: "other", closedOn: createdOn, today: new Date(createdOn.getTime() + 86_400_000) })).toMatchObject({ ok: true });
    expect(await move(ref)).toMatchObject({ ok: false, error: "closed", outcome: "other" });

    expect((await db.case.findUniqueOrThrow({ where: { id: caseId } })).orgId).toBe(faId);
    expect(await db.caseTransfer.count()).toBe(0);
    expect(await db.auditEntry.count({ where: { action: CASE_TRANSFERRED } })).toBe(0);
    expect(await db.outboxMessage.count({ where: { kind: "case_transfer_dm" } })).toBe(0);
  });

  it("not to an organisation whose certification has ended (certifiedUntil before today, Stockholm): not offered, refused next to the field", async () => {
    const { ref, caseId } = await admittedCase();
    const coordinator = await actor(USERS.coordinator);
    // Talita's last certified day is today: still a target, up to and including that day.
    await db.organisation.update({ where: { id: talitaId }, data: { certifiedUntil: TODAY } });
    expect(await caseForTransfer(db, ref, coordinator, TODAY)).toMatchObject({ ok: true, targets: [{ id: talitaId, name: "Talita" }] });
    // The day after: ended. The modal offers no target (a notice instead), and a forged or stale select value is refused.
    const tomorrow = new Date(TODAY.getTime() + 86_400_000);
    const view = await caseForTransfer(db, ref, coordinator, tomorrow);
    expect(view.ok && view.targets).toEqual([]);
    expect(await move(ref, USERS.coordinator, talitaId, REASON, tomorrow)).toEqual({
      ok: false,
      error: "target",
      message: "Talita var certifierad till och med 2016-10-15 och kan inte ta emot ärenden. Välj en annan organisation.",
    });
    expect((await db.case.findUniqueOrThrow({ where: { id: caseId } })).orgId).toBe(faId);
    expect(await db.caseTransfer.count()).toBe(0);
    expect(await db.auditEntry.count({ where: { action: CASE_TRANSFERRED } })).toBe(0);
    expect(await db.outboxMessage.count({ where: { kind: "case_transfer_dm" } })).toBe(0);
    // Renewed (a later last day): a target again, and the move goes through.
    await db.organisation.update({ where: { id: talitaId }, data: { certifiedUntil: new Date("2017-12-31T00:00:00Z") } });
    expect(await caseForTransfer(db, ref, coordinator, tomorrow)).toMatchObject({ ok: true, targets: [{ name: "Talita" }] });
    expect(await move(ref, USERS.coordinator, talitaId, REASON, tomorrow)).toMatchObject({ ok: true, toOrg: "Talita" });
  });

  it("moves once: the case's organisation, a case_transfer row, an audit row without the reason, one DM per member of both organisations", async () => {
    const { ref, caseId } = await admittedCase();
    const done = await move(ref);
    expect(done).toMatchObject({ ok: true, caseRef: ref, fromOrg: "Frälsningsarmén", toOrg: "Talita" });
    expect((await db.case.findUniqueOrThrow({ where: { id: caseId } })).orgId).toBe(talitaId);
    const transfers = await db.caseTransfer.findMany();
    expect(transfers).toMatchObject([{ caseId, fromOrgId: faId, toOrgId: talitaId, reason: REASON, actor: USERS.coordinator }]);
    const audit = await db.auditEntry.findMany({ where: { action: CASE_TRANSFERRED } });
    expect(audit).toMatchObject([
      { caseId, actor: USERS.coordinator, before: { orgId: faId, org: "Frälsningsarmén" }, after: { orgId: talitaId, org: "Talita", transferId: transfers[0]?.id } },
    ]);
    expect(JSON.stringify(audit)).not.toContain("region");

    // DMs: the two members of Frälsningsarmén and the one of Talita; nobody else (coordinators act, they know).
    const rows = await db.outboxMessage.findMany({ where: { kind: "case_transfer_dm" }, orderBy: { id: "asc" } });
    const dms = await Promise.all(
      rows.map(async (r) => {
        const key = parseOutboxKey(r.key);
        if (key?.key !== "caseTransfer") throw new Error(`key ${r.key}`);
        const dm = await transferDm(db, key.transferId, key.memberId);
        if (!dm) throw new Error("no dm");
        return dm;
      }),
    );
    expect(dms.map((d) => [d.slackUserId, d.receiving]).sort()).toEqual([
      [USERS.applicant, false],
      [USERS.applicant2, false],
      [USERS.otherOrg, true],
    ]);
    for (const dm of dms) {
      const text = transferDmMessage(dm).text;
      expect(text).toContain(`Ärende ${ref} har flyttats från Frälsningsarmén till Talita`);
      expect(text).not.toContain("region"); // never the reason
    }
    // Three DMs and one refresh of both organisations' Homes.
    expect(done.ok && done.outboxIds.length).toBe(4);
    expect(await db.outboxMessage.findMany({ where: { kind: "home_refresh_transfer" }, select: { key: true, refId: true } })).toEqual([
      { key: `home:transfer:${transfers[0]?.id}`, refId: transfers[0]?.id },
    ]);
    expect((await transferHomeAudience(db, transfers[0]?.id ?? 0)).sort()).toEqual(
      [USERS.applicant, USERS.applicant2, USERS.otherOrg, USERS.coordinator, USERS.coordinator2, USERS.admin].sort(),
    );

    // Moved again by a second coordinator at the same time as a first: once (the second finds it moved).
    const again = await Promise.all([move(ref, USERS.coordinator, faId), move(ref, USERS.admin, faId)]);
    expect(again.filter((r) => r.ok)).toHaveLength(1);
    expect(again.filter((r) => !r.ok && r.error === "target")).toHaveLength(1);
    expect(await db.caseTransfer.count()).toBe(2);
  });
});

describe("after the move", () => {
  it("only the new organisation reads the case file and lists it; the old one gets not_found; the history stays", async () => {
    const { ref, caseId, admissionId } = await admittedCase();
    const rest = await insertRequest(db, { type: "rest", from: "2016-10-01", to: "2016-10-03" }, { caseId });
    expect(await decideRequest(db, rest, USERS.coordinator, { kind: "deny", reason: "Nej.", shareReason: false })).toMatchObject({ ok: true });
    expect(await move(ref)).toMatchObject({ ok: true });

    expect(await loadCaseFile(db, ref, await actor(USERS.applicant))).toEqual({ ok: false, error: "not_found" });
    expect(await loadCaseFile(db, ref, await actor(USERS.applicant))).toEqual(await loadCaseFile(db, "NSP999", await actor(USERS.applicant)));
    const forNew = await loadCaseFile(db, ref, await actor(USERS.otherOrg));
    if (!forNew.ok) throw new Error("the new organisation cannot read the case");
    expect(forNew.file.file.orgName).toBe("Talita");
    expect(forNew.file.file.requests.map((r) => r.id).sort()).toEqual([admissionId, rest].sort());
    expect(forNew.file.file.transfers).toMatchObject([{ fromOrg: "Frälsningsarmén", toOrg: "Talita", actor: USERS.coordinator, reason: null }]);
    const forCoordinator = await loadCaseFile(db, ref, await actor(USERS.coordinator));
    expect(forCoordinator.ok && forCoordinator.file.file.transfers).toMatchObject([{ reason: REASON }]);

    expect((await listCases(db, await actor(USERS.applicant))).items.map((c) => c.ref)).not.toContain(ref);
    expect((await listCases(db, await actor(USERS.otherOrg))).items.map((c) => c.ref)).toEqual([ref]);

    // The Home: the case's decisions go with it.
    const oldHome = await loadHome(db, USERS.applicant);
    const newHome = await loadHome(db, USERS.otherOrg);
    expect(oldHome.applicant?.decided.map((r) => r.caseRef)).not.toContain(ref);
    expect(newHome.applicant?.decided.map((r) => r.id).sort()).toEqual([admissionId, rest].sort());
    // Each request keeps the organisation that filed it.
    expect((await db.request.findUniqueOrThrow({ where: { id: rest } })).orgId).toBe(faId);
  });

  it("only the new organisation may apply for it: the form, and the insert itself when the case moved after the form was checked", async () => {
    const { ref } = await admittedCase();
    const applicant = await actor(USERS.applicant);
    // Frälsningsarmén's request, checked before the move, stored after it: refused, nothing stored.
    const early = await buildRequest(db, applicant, restForm(ref), `test-${randomUUID()}`, TODAY);
    if ("errors" in early) throw new Error(JSON.stringify(early.errors));
    expect(await move(ref)).toMatchObject({ ok: true });
    const before = await db.request.count();
    await expect(submitRequest(db, early.request)).rejects.toBeInstanceOf(CaseMovedError);
    expect(await db.request.count()).toBe(before);

    const late = await buildRequest(db, applicant, restForm(ref), `test-${randomUUID()}`, TODAY);
    expect(late).toEqual({ errors: { [B.caseRef]: `Ärendet ${ref} finns inte hos Frälsningsarmén.` } });
    const unknown = await buildRequest(db, applicant, restForm("NSP999"), `test-${randomUUID()}`, TODAY);
    expect(unknown).toEqual({ errors: { [B.caseRef]: "Ärendet NSP999 finns inte hos Frälsningsarmén." } });

    const talita = await buildRequest(db, await actor(USERS.otherOrg), restForm(ref), `test-${randomUUID()}`, TODAY);
    if ("errors" in talita) throw new Error(JSON.stringify(talita.errors));
    const saved = await submitRequest(db, talita.request);
    expect(saved.caseRef).toBe(ref);
    expect((await db.request.findUniqueOrThrow({ where: { id: saved.requestId } })).orgId).toBe(talitaId);
  });

  it("the report counts the moved case once, and tells it apart as already in the programme", async () => {
    const { ref, caseId } = await admittedCase();
    const rest = await insertRequest(db, { type: "rest", from: "2016-10-01", to: "2016-10-03" }, { caseId });
    expect(await decideRequest(db, rest, USERS.coordinator, grant)).toMatchObject({ ok: true });
    expect(await move(ref)).toMatchObject({ ok: true });
    const talita = await buildRequest(db, await actor(USERS.otherOrg), restForm(ref), `test-${randomUUID()}`, TODAY);
    if ("errors" in talita) throw new Error(JSON.stringify(talita.errors));
    await submitRequest(db, talita.request);

    // Today in Stockholm, the report's calendar (the case and its requests were created just now).
    const day = formatDate(new Date());
    const report = await loadReport(db, { from: day, to: day });
    // One case: requests by two organisations, one handover; created today, so it is new, and moved.
    expect(report.cases).toEqual({ new: 1, existing: 0, moved: 1 });
    expect(report.table3.admissions).toBe(1);
    expect(report.table1.find((t) => t.type === "rest")?.received).toBe(2);
    expect(report.table1.find((t) => t.type === "admission")?.received).toBe(1);

    // A case created before the range and moved in it (no request in the range) is one case already in the programme.
    await db.case.update({ where: { id: caseId }, data: { createdAt: new Date("2016-09-01T10:00:00Z") } });
    await db.request.updateMany({ where: { caseId }, data: { createdAt: new Date("2016-09-01T10:00:00Z") } });
    const later = await loadReport(db, { from: day, to: day });
    expect(later.cases).toEqual({ new: 0, existing: 1, moved: 1 });
    expect(later.table3.admissions).toBe(0);
  });
});
