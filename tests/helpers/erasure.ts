// A case with free text everywhere it can be (issue #14 erasure and export tests): a granted rest
// period whose justification, komplettering question and answer and shared decision reason are
// text; a denied measure with an unshared reason and an admin's override reason; and an audit row
// that copies text under a text key (as a handover's reason would). Every text carries `tag`, so a
// test can look for it in whole tables. With `money: true` the case also has what the payments
// and handover features store (issue #13 item 3, #14 item 2): a payment of the rest period with a
// note, confirmed and settled (a release), co-funding on the rest, a granted measure paid beyond
// its grant with an admin's override reason, and a handover to Talita with a reason.
import type { Db } from "../../src/core/db.js";
import { parseIsoDate, todayDate } from "../../src/domain/format.js";
import { addOverride } from "../../src/services/budget-commit.js";
import { closeCase } from "../../src/services/case-outcome.js";
import { transferCase } from "../../src/services/case-transfer.js";
import { confirmPayment, recordPayment, requestMoney, settleGrant } from "../../src/services/payments.js";
import { findActor } from "../../src/services/members.js";
import { answerInformation, askForInformation, decideRequest } from "../../src/services/requests.js";
import { USERS } from "./harness.js";
import { insertRequest } from "./requests.js";

export interface CaseWithText {
  caseId: number;
  ref: string;
  rest: number;
  measure: number;
  infoId: number;
  tag: string;
  /** With `money: true`: the granted measure paid beyond its grant, and the handover's row. */
  paidMeasure?: number;
  transferId?: number;
}

const day = (s: string): Date => parseIsoDate(s) ?? new Date(NaN);

export async function caseWithText(db: Db, ref: string, tag: string, opts: { money?: boolean } = {}): Promise<CaseWithText> {
  const applicant = await findActor(db, USERS.applicant);
  if (!applicant) throw new Error("seedFixtures first");
  const c = await db.case.create({
    data: { ref, orgId: applicant.orgId, nationality: "NG", gender: "woman", ageBand: "18-25", childrenAccompanying: 1, childrenHome: 0, exploitation: ["sexual"], exploitedIn: ["SE"], policeReport: true, createdAt: new Date("2016-08-31T10:00:00Z") },
  });
  const rest = await insertRequest(db, { type: "rest", from: "2016-09-01", to: "2016-09-30" }, { caseId: c.id });
  await db.request.update({ where: { id: rest }, data: { justification: `Underlag ${tag}: behöver skyddat boende efter förhandlingen` } });
  const asked = await askForInformation(db, rest, USERS.coordinator, `Fråga ${tag}: hur länge behövs boendet?`);
  if (!asked.ok || !("infoRequestId" in asked)) throw new Error(`ask: ${JSON.stringify(asked)}`);
  const answered = await answerInformation(db, asked.infoRequestId, applicant, `Svar ${tag}: minst fyra veckor`);
  if (!answered.ok) throw new Error(`answer: ${answered.error}`);
  const granted = await decideRequest(db, rest, USERS.coordinator, { kind: "grant", reason: `Motivering ${tag}: uppfyller kraven`, shareReason: true });
  if (!granted.ok) throw new Error(`grant: ${JSON.stringify(granted)}`);

  const measure = await insertRequest(db, { type: "measure", measure: "legal_counsel", quantity: 2, unitAmount: 2_500 }, { caseId: c.id });
  await db.request.update({ where: { id: measure }, data: { justification: `Underlag ${tag}: juridiskt stöd inför överklagandet` } });
  await addOverride(db, { requestId: measure, amount: 1_000, reason: `Överskridande ${tag}: brådskande`, actor: USERS.admin });
  const denied = await decideRequest(db, measure, USERS.coordinator, { kind: "deny", reason: `Avslag ${tag}: annan finansiering finns`, shareReason: false });
  if (!denied.ok) throw new Error(`deny: ${JSON.stringify(denied)}`);

  // What a handover (issue #14 item 2) may record: the structure stays, the reason is text.
  await db.auditEntry.create({
    data: { caseId: c.id, actor: USERS.coordinator, action: "case.transferred", before: { orgId: applicant.orgId }, after: { orgId: applicant.orgId, transferReason: `Flytt ${tag}: ny ort` } },
  });
  const coordinator = await findActor(db, USERS.coordinator);
  if (!coordinator) throw new Error("no coordinator");
  const money = opts.money ? await addMoneyAndHandover(db, c.id, ref, rest, tag) : {};
  const closed = await closeCase(db, { ref, actor: coordinator, outcome: "returned", closedOn: day("2016-11-30"), today: todayDate() });
  if (!closed.ok) throw new Error(`close: ${JSON.stringify(closed)}`);
  return { caseId: c.id, ref, rest, measure, infoId: asked.infoRequestId, tag, ...money };
}

const DECIDED_2016 = new Date("2016-09-01T10:00:00Z");

async function addMoneyAndHandover(db: Db, caseId: number, ref: string, rest: number, tag: string): Promise<{ paidMeasure: number; transferId: number }> {
  const [applicant, coordinator, admin] = await Promise.all([findActor(db, USERS.applicant), findActor(db, USERS.coordinator), findActor(db, USERS.admin)]);
  if (!applicant || !coordinator || !admin) throw new Error("seedFixtures first");
  const today = todayDate();
  // Co-funding as a partial grant by amount records it (another payer's part of the rest period).
  // The grants are decided now (the real clock) and paid in 2016: a payment is never dated before
  // its decision, so the decisions are dated back to the period first.
  await db.request.update({ where: { id: rest }, data: { coFundingPayer: "migrationsverket", coFundingAmount: 500, decidedAt: DECIDED_2016 } });
  const paid = await recordPayment(db, { requestId: rest, actor: applicant, amount: 1_000, paidOn: day("2016-09-30"), note: `Betalning ${tag}: första delen`, today, source: "slack" });
  if (!paid.ok) throw new Error(`pay: ${JSON.stringify(paid)}`);
  const confirmed = await confirmPayment(db, paid.paymentId, coordinator);
  if (!confirmed.ok) throw new Error(`confirm: ${JSON.stringify(confirmed)}`);
  const settled = await settleGrant(db, { requestId: rest, actor: coordinator });
  if (!settled.ok || settled.released <= 0) throw new Error(`settle: ${JSON.stringify(settled)}`);

  const paidMeasure = await insertRequest(db, { type: "measure", measure: "legal_counsel", quantity: 2, unitAmount: 2_500 }, { caseId });
  await db.request.update({ where: { id: paidMeasure }, data: { justification: `Underlag ${tag}: ombud` } });
  const granted = await decideRequest(db, paidMeasure, USERS.coordinator, { kind: "grant", reason: `Beviljat ${tag}: rimligt`, shareReason: false });
  if (!granted.ok) throw new Error(`grant: ${JSON.stringify(granted)}`);
  await db.request.update({ where: { id: paidMeasure }, data: { decidedAt: DECIDED_2016 } });
  const room = (await requestMoney(db, paidMeasure))?.room ?? 0;
  const over = await recordPayment(db, {
    requestId: paidMeasure,
    actor: admin,
    amount: room + 500,
    paidOn: day("2016-10-05"),
    note: null,
    today,
    source: "cli",
    overrideReason: `Merbetalning ${tag}: dyrare ombud`,
  });
  if (!over.ok) throw new Error(`override payment: ${JSON.stringify(over)}`);

  const talita = await db.organisation.findUniqueOrThrow({ where: { name: "Talita" } });
  const moved = await transferCase(db, { ref, actor: coordinator, toOrgId: talita.id, reason: `Överlämning ${tag}: flyttat till annan ort`, today });
  if (!moved.ok) throw new Error(`transfer: ${JSON.stringify(moved)}`);
  return { paidMeasure, transferId: moved.transferId };
}

/** As if the case had been closed at `at` (the app records the instant; the closing date stays). */
export async function closedAt(db: Db, caseId: number, at: Date): Promise<void> {
  await db.case.update({ where: { id: caseId }, data: { closedAt: at } });
}

/** Every row of the tables that may hold a case's text, as JSON text (to search for a tag). */
export async function tablesText(db: Db): Promise<string> {
  const tables = ["case", "case_transfer", "request", "info_request", "budget_override", "payment", "budget_release", "audit_entry", "outbox_message"];
  let out = "";
  for (const t of tables) {
    const rows = await db.$queryRawUnsafe<{ j: string }[]>(`SELECT row_to_json(t)::text AS "j" FROM "${t}" t`);
    out += rows.map((r) => r.j).join("\n");
  }
  return out;
}

export const monthsAgo = (months: number, from = new Date()): Date => {
  const d = new Date(from);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
};
