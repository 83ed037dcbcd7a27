// Inserting requests straight through the service (no Slack), for tests of decisions and money.
import { randomUUID } from "node:crypto";
import type { Db } from "../../src/core/db.js";
import { computeCost, type CostInput } from "../../src/domain/cost.js";
import { daysInclusive, parseIsoDate } from "../../src/domain/format.js";
import { RATES_2016 } from "../../src/domain/rates.js";
import type { MeasureKind } from "../../src/domain/types.js";
import { submitRequest } from "../../src/services/requests.js";
import { USERS } from "./harness.js";

export type TestRequest =
  | { type: "rest"; from: string; to: string; children?: number; protection?: boolean }
  | { type: "integration"; from: string; to: string; children?: number }
  | { type: "measure"; measure: MeasureKind; quantity: number; unitAmount: number; date?: string };

const day = (s: string): Date => {
  const d = parseIsoDate(s);
  if (!d) throw new Error(`bad date ${s}`);
  return d;
};

/** Stores a request of the applicant's organisation in the period containing its date; returns its id. */
/** `caseId`: the case the request belongs to (none by default). */
export async function insertRequest(db: Db, r: TestRequest, opts: { periodName?: string | null; caseId?: number } = {}): Promise<number> {
  const member = await db.member.findUniqueOrThrow({ where: { slackUserId: USERS.applicant } });
  const period = opts.periodName === null ? null : await db.budgetPeriod.findUniqueOrThrow({ where: { name: opts.periodName ?? "Pilot 2016" } });
  const input: CostInput =
    r.type === "measure"
      ? { type: "measure", measure: r.measure, quantity: r.quantity, unitAmount: r.unitAmount }
      : r.type === "rest"
        ? { type: "rest", from: day(r.from), to: day(r.to), children: r.children ?? 0, protection: r.protection ?? false }
        : { type: "integration", from: day(r.from), to: day(r.to), children: r.children ?? 0 };
  const cost = computeCost(input, RATES_2016);
  const dated = r.type !== "measure";
  const submitted = await submitRequest(db, {
    submissionKey: `test-${randomUUID()}`,
    applicantSlackId: USERS.applicant,
    orgId: member.orgId,
    type: r.type,
    caseId: opts.caseId ?? null,
    newCase: null,
    periodId: period?.id ?? null,
    startDate: dated ? day(r.from) : r.date ? day(r.date) : null,
    endDate: dated ? day(r.to) : null,
    days: dated ? daysInclusive(day(r.from), day(r.to)) : null,
    children: dated ? (r.children ?? 0) : null,
    protection: r.type === "rest" ? (r.protection ?? false) : false,
    measure: r.type === "measure" ? r.measure : null,
    quantity: r.type === "measure" ? r.quantity : null,
    unitAmount: r.type === "measure" ? r.unitAmount : null,
    requestedAmount: cost.total,
    costLines: cost.lines,
    justification: "Testunderlag utan personuppgifter.",
  });
  return submitted.requestId;
}

export async function category(db: Db, key: string, periodName = "Pilot 2016") {
  const period = await db.budgetPeriod.findUniqueOrThrow({ where: { name: periodName } });
  const c = await db.budgetCategory.findUniqueOrThrow({ where: { periodId_key: { periodId: period.id, key } } });
  return { ...c, remaining: c.allocated + c.transfersIn - c.transfersOut - c.committed };
}

/**
 * Registers Slack ids as coordinators of "NSP samordning" (seedFixtures' coordinating organisation,
 * which applies for nothing): since issue #14 the service decides only for a registered coordinator
 * outside the applying organisation, so tests that decide as extra coordinators register them.
 */
export async function registerCoordinators(db: Db, slackUserIds: readonly string[]): Promise<void> {
  const nsp = await db.organisation.findUniqueOrThrow({ where: { name: "NSP samordning" } });
  await db.member.createMany({ data: slackUserIds.map((slackUserId) => ({ slackUserId, orgId: nsp.id, role: "coordinator" as const })), skipDuplicates: true });
}
