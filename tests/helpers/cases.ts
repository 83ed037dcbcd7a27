// Cases for service tests: the background most tests give a case (a woman of 18–25 from Nigeria,
// sexual exploitation in Sweden, no children, no police report) and a case created the way the app
// creates one: an admission submitted through the service, granted by the coordinator.
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import type { Db } from "../../src/core/db.js";
import type { CaseBackground } from "../../src/domain/types.js";
import { decideRequest, submitRequest, type DecisionInput } from "../../src/services/requests.js";
import { USERS } from "./harness.js";

/** A new object each call (the arrays too), with `over` on top. Also the `data` of a `db.case.create` with `ref` and `orgId`. */
export function caseBackground(over: Partial<CaseBackground> = {}): CaseBackground {
  return { nationality: "NG", gender: "woman", ageBand: "18-25", childrenAccompanying: 0, childrenHome: 0, exploitation: ["sexual"], exploitedIn: ["SE"], policeReport: false, ...over };
}

export interface AdmittedCase {
  caseId: number;
  ref: string;
  admissionId: number;
}

/**
 * Submits an admission of `user`'s organisation (which creates the case, with `caseBackground()`
 * and `background` on top) and, unless `decision` is null, has the coordinator decide it with
 * `decision` (asserting that the decision went through).
 */
export async function createAdmittedCase(
  db: Db,
  opts: { user?: string; decision: DecisionInput | null; background?: Partial<CaseBackground> },
): Promise<AdmittedCase> {
  const user = opts.user ?? USERS.applicant;
  const member = await db.member.findUniqueOrThrow({ where: { slackUserId: user } });
  const s = await submitRequest(db, {
    submissionKey: `test-${randomUUID()}`,
    applicantSlackId: user,
    orgId: member.orgId,
    type: "admission",
    caseId: null,
    newCase: caseBackground(opts.background),
    periodId: null,
    startDate: null,
    endDate: null,
    days: null,
    children: null,
    protection: false,
    measure: null,
    quantity: null,
    unitAmount: null,
    requestedAmount: 0,
    costLines: [],
    justification: "Tillträde utan personuppgifter.",
  });
  if (opts.decision) expect(await decideRequest(db, s.requestId, USERS.coordinator, opts.decision)).toMatchObject({ ok: true });
  const r = await db.request.findUniqueOrThrow({ where: { id: s.requestId } });
  return { caseId: r.caseId as number, ref: s.caseRef as string, admissionId: s.requestId };
}

/**
 * Creates case `ref` of organisation `orgName` straight in the database (no request), with
 * `caseBackground()`, `createdAt` when given; returns its id.
 */
export async function createCase(db: Db, ref: string, orgName: string, opts: { createdAt?: Date } = {}): Promise<number> {
  const org = await db.organisation.findUniqueOrThrow({ where: { name: orgName } });
  const c = await db.case.create({ data: { ref, orgId: org.id, ...caseBackground(), ...(opts.createdAt ? { createdAt: opts.createdAt } : {}) } });
  return c.id;
}
