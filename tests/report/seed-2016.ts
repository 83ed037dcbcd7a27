// The 2016 pilot's period 2 (1 September – 30 November) as requests and decisions through the real
// services, dated as in the annual report's "Preliminär rapport NSP period 2 2016":
// NSP004 (already in the programme since period 1): 3 inquiries, 81 days of integration with a
// child supplement (64 800 kr), a lawyer for 6 hours at 2 500 kr partly granted as 5 hours
// (12 500 kr, 2 500 kr over the measures budget with an admin's override);
// NSP009 (new): admission, 2 inquiries, 26 days of rest with a child (31 200 + 7 800 kr);
// NSP010 (new): admission, 1 inquiry, 30 days of rest with 24-hour protection, under review.
import { randomUUID } from "node:crypto";
import type { Db } from "../../src/core/db.js";
import { computeCost, type CostInput } from "../../src/domain/cost.js";
import { daysInclusive, parseIsoDate } from "../../src/domain/format.js";
import { RATES_2016 } from "../../src/domain/rates.js";
import type { CaseBackground, MeasureKind, RequestType } from "../../src/domain/types.js";
import { addOverride } from "../../src/services/budget-commit.js";
import { decideRequest, submitRequest, type DecisionInput } from "../../src/services/requests.js";
import { USERS } from "../helpers/harness.js";

const day = (s: string): Date => {
  const d = parseIsoDate(s);
  if (!d) throw new Error(`bad date ${s}`);
  return d;
};

export type Money =
  | { type: "rest"; from: string; to: string; children?: number; protection?: boolean }
  | { type: "integration"; from: string; to: string; children?: number }
  | { type: "measure"; measure: MeasureKind; quantity: number; unitAmount: number };

export interface Submit {
  type: RequestType;
  caseId?: number | null;
  newCase?: CaseBackground;
  money?: Money;
  user?: string;
  periodName?: string;
}

/** Submits a request through the service (as the apply modal does); returns its id and case. */
export async function submit(db: Db, s: Submit): Promise<{ id: number; caseId: number | null; caseRef: string | null }> {
  const member = await db.member.findUniqueOrThrow({ where: { slackUserId: s.user ?? USERS.applicant } });
  const period = await db.budgetPeriod.findUniqueOrThrow({ where: { name: s.periodName ?? "Pilot 2016" } });
  const m = s.money;
  const input: CostInput | null =
    m?.type === "measure"
      ? { type: "measure", measure: m.measure, quantity: m.quantity, unitAmount: m.unitAmount }
      : m?.type === "rest"
        ? { type: "rest", from: day(m.from), to: day(m.to), children: m.children ?? 0, protection: m.protection ?? false }
        : m?.type === "integration"
          ? { type: "integration", from: day(m.from), to: day(m.to), children: m.children ?? 0 }
          : null;
  const cost = input ? computeCost(input, RATES_2016) : { total: 0, lines: [] };
  const dated = m && m.type !== "measure" ? m : null;
  const res = await submitRequest(db, {
    submissionKey: `test-${randomUUID()}`,
    applicantSlackId: s.user ?? USERS.applicant,
    orgId: member.orgId,
    type: s.type,
    caseId: s.caseId ?? null,
    newCase: s.newCase ?? null,
    periodId: period.id,
    startDate: dated ? day(dated.from) : null,
    endDate: dated ? day(dated.to) : null,
    days: dated ? daysInclusive(day(dated.from), day(dated.to)) : null,
    children: dated ? (dated.children ?? 0) : null,
    protection: m?.type === "rest" ? (m.protection ?? false) : false,
    measure: m?.type === "measure" ? m.measure : null,
    quantity: m?.type === "measure" ? m.quantity : null,
    unitAmount: m?.type === "measure" ? m.unitAmount : null,
    requestedAmount: cost.total,
    costLines: cost.lines,
    justification: "HEMLIG FRITEXT som aldrig får synas i rapporten.",
  });
  const row = await db.request.findUniqueOrThrow({ where: { id: res.requestId } });
  return { id: res.requestId, caseId: row.caseId, caseRef: res.caseRef };
}

/** Stockholm noon of a day, so that no time-zone edge is involved unless a test wants one. */
export const noon = (s: string): Date => new Date(`${s}T10:00:00.000Z`);

/** Moves a request (and, for an admission, its case) to the given dates. */
export async function dateRequest(db: Db, id: number, received: Date, decided?: Date): Promise<void> {
  await db.$executeRaw`UPDATE "request" SET "created_at" = ${received}, "decided_at" = CASE WHEN "decided_at" IS NULL THEN NULL ELSE ${decided ?? received}::timestamptz END WHERE "id" = ${id}`;
  await db.$executeRaw`UPDATE "case" SET "created_at" = ${received} WHERE "id" = (SELECT "case_id" FROM "request" WHERE "id" = ${id} AND "type" = 'admission')`;
}

export const grant: DecisionInput = { kind: "grant", reason: "HEMLIG MOTIVERING", shareReason: false };

async function decided(db: Db, id: number, input: DecisionInput = grant): Promise<void> {
  const res = await decideRequest(db, id, USERS.coordinator, input);
  if (!res.ok) throw new Error(`decision on ${id} failed: ${JSON.stringify(res)}`);
}

export const BACKGROUND: Record<"NSP004" | "NSP009" | "NSP010", CaseBackground> = {
  NSP004: { nationality: "NG", gender: "woman", ageBand: "26-30", childrenAccompanying: 1, childrenHome: 0, exploitation: ["sexual"], exploitedIn: ["SE"], policeReport: false },
  NSP009: { nationality: "NG", gender: "woman", ageBand: "18-25", childrenAccompanying: 1, childrenHome: 0, exploitation: ["sexual"], exploitedIn: ["IT", "SE"], policeReport: true },
  NSP010: { nationality: "RO", gender: "woman", ageBand: "18-25", childrenAccompanying: 0, childrenHome: 0, exploitation: ["sexual", "criminality"], exploitedIn: ["SE"], policeReport: true },
};

/** Needs seedFixtures(db, { budget: "2016" }). Returns the case ids by ref. */
export async function seedPeriod2(db: Db): Promise<Record<"NSP004" | "NSP009" | "NSP010", number>> {
  // NSP001–NSP003 exist from earlier; NSP004 was admitted in period 1.
  await db.counter.upsert({ where: { name: "case_ref" }, create: { name: "case_ref", value: 3 }, update: { value: 3 } });
  const a004 = await submit(db, { type: "admission", newCase: BACKGROUND.NSP004 });
  await decided(db, a004.id);
  await dateRequest(db, a004.id, noon("2016-03-10"), noon("2016-03-12"));
  // NSP005–NSP008 in period 1 too (not part of this range).
  await db.counter.update({ where: { name: "case_ref" }, data: { value: 8 } });
  const nsp004 = a004.caseId ?? 0;

  const a009 = await submit(db, { type: "admission", newCase: BACKGROUND.NSP009 });
  await decided(db, a009.id);
  await dateRequest(db, a009.id, noon("2016-09-05"), noon("2016-09-06"));
  const nsp009 = a009.caseId ?? 0;
  const a010 = await submit(db, { type: "admission", newCase: BACKGROUND.NSP010 });
  await decided(db, a010.id);
  await dateRequest(db, a010.id, noon("2016-10-10"), noon("2016-10-11"));
  const nsp010 = a010.caseId ?? 0;
  if (a004.caseRef !== "NSP004" || a009.caseRef !== "NSP009" || a010.caseRef !== "NSP010") throw new Error("unexpected case refs");

  // Six inquiries: NSP004 × 3, NSP009 × 2, NSP010 × 1 (all "fall within NSP").
  const inquiries: [number, string][] = [
    [nsp004, "2016-09-02"],
    [nsp004, "2016-09-03"],
    [nsp004, "2016-09-05"],
    [nsp009, "2016-09-06"],
    [nsp009, "2016-09-07"],
    [nsp010, "2016-10-11"],
  ];
  for (const [caseId, date] of inquiries) {
    const q = await submit(db, { type: "inquiry", caseId });
    await decided(db, q.id);
    await dateRequest(db, q.id, noon(date));
  }

  const rest009 = await submit(db, { type: "rest", caseId: nsp009, money: { type: "rest", from: "2016-09-07", to: "2016-10-02", children: 1 } });
  await decided(db, rest009.id);
  await dateRequest(db, rest009.id, noon("2016-09-06"), noon("2016-09-08"));

  const int004 = await submit(db, { type: "integration", caseId: nsp004, money: { type: "integration", from: "2016-09-10", to: "2016-11-29", children: 1 } });
  await decided(db, int004.id);
  await dateRequest(db, int004.id, noon("2016-09-08"), noon("2016-09-12"));

  const lawyer = await submit(db, { type: "measure", caseId: nsp004, money: { type: "measure", measure: "legal_counsel", quantity: 6, unitAmount: 2_500 } });
  await addOverride(db, { requestId: lawyer.id, amount: 2_500, reason: "LST skjuter till medel enligt överenskommelse", actor: USERS.admin });
  await decided(db, lawyer.id, { kind: "partial", reason: "5 h istf 6 h", shareReason: true, grantedDays: null, grantedAmount: 12_500 });
  await dateRequest(db, lawyer.id, noon("2016-10-20"), noon("2016-10-25"));

  // NSP010: 30 days with 24-hour protection, still under review at the end of the period.
  const rest010 = await submit(db, { type: "rest", caseId: nsp010, money: { type: "rest", from: "2016-10-12", to: "2016-11-10", protection: true } });
  await dateRequest(db, rest010.id, noon("2016-10-11"));

  return { NSP004: nsp004, NSP009: nsp009, NSP010: nsp010 };
}
