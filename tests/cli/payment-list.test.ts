// `npm run admin -- payment list (--request <nr> | --case <NSP…>) [--json]` (issue #13, item 3): the
// payments with date, amount, status and who (Slack ids), per request granted/paid/released/settled;
// never a payment's note or an override reason (free text); the reading is recorded in the audit
// log like `case export`'s; mistakes are refused in Swedish. One run of the real CLI.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { READ } from "../../src/domain/audit.js";
import { findActor } from "../../src/services/members.js";
import { cliListPayments } from "../../src/services/payment-list.js";
import { cliAddPayment, recordPayment, settleGrant } from "../../src/services/payments.js";
import { cli } from "../helpers/cli.js";
import { closeDb, testDb, truncateAll } from "../helpers/db.js";
import { seedFixtures, USERS } from "../helpers/harness.js";
import { seedPeriod2 } from "../report/seed-2016.js";

const db = testDb();
afterAll(() => closeDb(db));
const NOW = new Date("2016-12-01T12:00:00Z");
const NOTE = "Faktura från boendet i Malmö";
const REASON = "Extra natt enligt överenskommelse";
let refs: Record<"NSP004" | "NSP009" | "NSP010", number>;
let rest009 = 0;

beforeEach(async () => {
  await truncateAll(db);
  await seedFixtures(db, { budget: "2016" });
  refs = await seedPeriod2(db);
  rest009 = (await db.request.findFirstOrThrow({ where: { caseId: refs.NSP009, type: "rest" } })).id;
  // 36 000 kr confirmed by an operator (with a note), 192 kr reported by the organisation, then 3 000 kr above the grant by an admin.
  await cliAddPayment(db, { request: String(rest009), amount: "36000", date: "2016-10-31", note: NOTE, operator: "cli:tester" }, NOW);
  const applicant = await findActor(db, USERS.applicant);
  if (!applicant) throw new Error("no applicant");
  const reported = await recordPayment(db, { requestId: rest009, actor: applicant, amount: 192, paidOn: new Date("2016-11-02T00:00:00Z"), note: NOTE, today: new Date("2016-12-01T00:00:00Z"), source: "slack" });
  if (!reported.ok) throw new Error(JSON.stringify(reported));
  await cliAddPayment(db, { request: String(rest009), amount: "3000", date: "2016-11-05", override: true, reason: REASON, by: USERS.admin, operator: "cli:tester" }, NOW);
});

const list = (o: { request?: string; case?: string; by?: string }) => cliListPayments(db, { operator: "cli:tester", ...o });

describe("payment list (service)", () => {
  it("lists a request's payments and money, never a note or a reason, and records the reading", async () => {
    const l = await list({ request: String(rest009) });
    expect(l.caseRef).toBe("NSP009");
    expect(l.requests).toHaveLength(1);
    expect(l.requests[0]).toMatchObject({ requestId: rest009, type: "rest", status: "granted", granted: 39_000, paid: 39_000, reported: 192, released: 0, settled: null });
    expect(l.requests[0]?.payments.map((p) => [p.paidOn, p.amount, p.status, p.reportedBy, p.confirmedBy, p.overrideBy])).toEqual([
      ["2016-10-31", 36_000, "confirmed", "cli:tester", "cli:tester", null],
      ["2016-11-02", 192, "reported", USERS.applicant, null, null],
      ["2016-11-05", 3_000, "confirmed", USERS.admin, USERS.admin, USERS.admin],
    ]);
    const json = JSON.stringify(l);
    expect(json).not.toContain("Faktura");
    expect(json).not.toContain("överenskommelse");
    expect(await db.auditEntry.findMany({ where: { action: READ.paymentList }, select: { actor: true, caseId: true, requestId: true } })).toEqual([
      { actor: "cli:tester", caseId: refs.NSP009, requestId: rest009 },
    ]);
  });

  it("lists a case's requests with money (not its admission or inquiries) and shows a settlement", async () => {
    const coordinator = await findActor(db, USERS.coordinator);
    if (!coordinator) throw new Error("no coordinator");
    await db.payment.updateMany({ where: { status: "reported" }, data: { status: "confirmed", confirmedBy: USERS.coordinator, confirmedAt: NOW } });
    expect(await settleGrant(db, { requestId: rest009, actor: coordinator })).toMatchObject({ ok: true });
    const l = await list({ case: "nsp9", by: USERS.coordinator });
    expect(l.caseRef).toBe("NSP009");
    expect(l.requests.map((r) => r.requestId)).toEqual([rest009]);
    expect(l.requests[0]?.settled).toMatchObject({ by: USERS.coordinator });
    expect(await db.auditEntry.findFirst({ where: { action: READ.paymentList }, select: { actor: true, caseId: true, requestId: true } })).toEqual({ actor: USERS.coordinator, caseId: refs.NSP009, requestId: null });
  });

  it("refuses mistakes in Swedish and records nothing", async () => {
    await expect(list({})).rejects.toThrow("Ange antingen --request <nr> eller --case <NSP…> (en av dem).");
    await expect(list({ request: String(rest009), case: "NSP009" })).rejects.toThrow("Ange antingen");
    await expect(list({ request: "17a" })).rejects.toThrow('--request ska vara ett ansökningsnummer (t.ex. 17), fick "17a".');
    await expect(list({ request: "999999" })).rejects.toThrow("Det finns ingen ansökan nr 999999.");
    await expect(list({ case: "NSP999" })).rejects.toThrow("Ärendet NSP999 finns inte.");
    await expect(list({ case: "Anna" })).rejects.toThrow("--case: ärendenumret ska se ut som NSP004");
    await expect(list({ request: String(rest009), by: USERS.applicant })).rejects.toThrow(`${USERS.applicant} är inte samordnare eller administratör`);
    expect(await db.auditEntry.count({ where: { action: READ.paymentList } })).toBe(0);
  });
});

describe("payment list (the real CLI)", () => {
  it("prints the table in Swedish and --json the data, without the note", async () => {
    const text = await cli(["payment", "list", "--case", "NSP009"]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain("Ärende NSP009");
    expect(text.stdout).toContain(`Ansökan nr ${rest009} – Vila, beviljad: beviljat 39 000 kr, utbetalt 39 000 kr, 192 kr väntar på bekräftelse, återfört 0 kr, inte slutreglerad`);
    expect(text.stdout).toMatch(/2016-10-31\s+36 000 kr\s+bekräftad\s+cli:\S+\s+cli:\S+/);
    expect(text.stdout).toContain(`ja, godkänt av ${USERS.admin}`);
    expect(text.stdout).not.toContain("Faktura");
    expect(text.stdout).not.toContain("överenskommelse");
    const json = await cli(["payment", "list", "--request", String(rest009), "--json"]);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ caseRef: "NSP009", requests: [{ requestId: rest009, granted: 39_000, paid: 39_000, reported: 192 }] });
    expect(json.stdout).not.toContain("Faktura");
    const bad = await cli(["payment", "list"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("Ange antingen --request <nr> eller --case <NSP…>");
  }, 120_000);
});
