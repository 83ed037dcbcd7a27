// A case with free text everywhere it can be (issue #14 erasure and export tests): a granted rest
// period whose justification, komplettering question and answer and shared decision reason are
// text; a denied measure with an unshared reason and an admin's override reason; and an audit row
// that copies text under a text key (as a handover's reason would). Every text carries `tag`, so a
// test can look for it in whole tables.
import type { Db } from "../../src/core/db.js";
import { parseIsoDate, todayDate } from "../../src/domain/format.js";
import { addOverride } from "../../src/services/budget-commit.js";
import { closeCase } from "../../src/services/case-outcome.js";
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
}

const day = (s: string): Date => parseIsoDate(s) ?? new Date(NaN);

export async function caseWithText(db: Db, ref: string, tag: string): Promise<CaseWithText> {
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
  const closed = await closeCase(db, { ref, actor: coordinator, outcome: "returned", closedOn: day("2016-11-30"), today: todayDate() });
  if (!closed.ok) throw new Error(`close: ${JSON.stringify(closed)}`);
  return { caseId: c.id, ref, rest, measure, infoId: asked.infoRequestId, tag };
}

/** As if the case had been closed at `at` (the app records the instant; the closing date stays). */
export async function closedAt(db: Db, caseId: number, at: Date): Promise<void> {
  await db.case.update({ where: { id: caseId }, data: { closedAt: at } });
}

/** Every row of the tables that may hold a case's text, as JSON text (to search for a tag). */
export async function tablesText(db: Db): Promise<string> {
  const tables = ["case", "request", "info_request", "budget_override", "audit_entry", "outbox_message"];
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
