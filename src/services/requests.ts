// Request life cycle in Postgres: submit, decide, ask for more information, answer. Each state
// change is one transaction that also writes the audit row and the outbox messages, and each is
// guarded by a conditional UPDATE so that it happens exactly once under concurrency and replays.
import type { Db, Prisma, Tx } from "../db.js";
import { formatCaseRef } from "../domain/rules.js";
import type { DecisionKind, RequestStatus, RequestType } from "../domain/types.js";
import { OPEN_STATUSES } from "../domain/types.js";
import { addToOutbox } from "./outbox.js";

export interface CaseBackground {
  nationality: string;
  gender: string;
  ageBand: string;
  childrenAccompanying: number;
  childrenHome: number;
  exploitation: string[];
  exploitedIn: string[];
  policeReport: boolean;
}

export interface CostLineData {
  category: string;
  label: string;
  amount: number;
}

export interface NewRequest {
  submissionKey: string;
  applicantSlackId: string;
  orgId: number;
  type: RequestType;
  caseId: number | null;
  newCase: CaseBackground | null;
  periodId: number | null;
  startDate: Date | null;
  endDate: Date | null;
  days: number | null;
  children: number | null;
  protection: boolean;
  measure: string | null;
  quantity: number | null;
  unitAmount: number | null;
  requestedAmount: number;
  costLines: CostLineData[];
  justification: string;
}

export interface Submitted {
  requestId: number;
  caseRef: string | null;
  outboxIds: number[];
  duplicate: boolean;
}

async function nextCaseRef(tx: Tx): Promise<string> {
  const rows = await tx.$queryRaw<{ value: number }[]>`
    INSERT INTO "counter" ("name", "value") VALUES ('case_ref', 1)
    ON CONFLICT ("name") DO UPDATE SET "value" = "counter"."value" + 1
    RETURNING "value"`;
  const value = rows[0]?.value;
  if (value === undefined) throw new Error("case_ref counter returned nothing");
  return formatCaseRef(value);
}

function isUniqueViolation(err: unknown, field: string): boolean {
  if (typeof err !== "object" || err === null || !("code" in err) || err.code !== "P2002") return false;
  return JSON.stringify("meta" in err ? err.meta : "").includes(field);
}

export async function submitRequest(db: Db, input: NewRequest): Promise<Submitted> {
  const existing = await findBySubmission(db, input.submissionKey);
  if (existing) return existing;
  try {
    return await db.$transaction(async (tx) => {
      let caseId = input.caseId;
      let caseRef: string | null = null;
      if (input.newCase) {
        caseRef = await nextCaseRef(tx);
        const created = await tx.case.create({ data: { ref: caseRef, orgId: input.orgId, ...input.newCase } });
        caseId = created.id;
      }
      const { newCase: _newCase, caseId: _caseId, costLines, ...fields } = input;
      const request = await tx.request.create({
        data: { ...fields, caseId, costLines: costLines as unknown as Prisma.InputJsonValue, status: "received" },
        include: { case: true },
      });
      await tx.auditEntry.create({
        data: { requestId: request.id, actor: input.applicantSlackId, action: "submitted", after: { status: "received" } },
      });
      const outboxIds = await addToOutbox(tx, [
        { kind: "coord_notice", requestId: request.id },
        { kind: "applicant_receipt", requestId: request.id },
      ]);
      return { requestId: request.id, caseRef: request.case?.ref ?? caseRef, outboxIds, duplicate: false };
    });
  } catch (err) {
    // Two deliveries of the same view_submission at once: the loser finds the winner's row.
    if (isUniqueViolation(err, "submission_key")) {
      const winner = await findBySubmission(db, input.submissionKey);
      if (winner) return winner;
    }
    throw err;
  }
}

async function findBySubmission(db: Db, submissionKey: string): Promise<Submitted | null> {
  const found = await db.request.findUnique({ where: { submissionKey }, include: { case: true } });
  if (!found) return null;
  return { requestId: found.id, caseRef: found.case?.ref ?? null, outboxIds: [], duplicate: true };
}

export type DecisionInput =
  | { kind: "grant" | "deny"; reason: string; shareReason: boolean }
  | { kind: "partial"; reason: string; shareReason: boolean; grantedDays: number | null; grantedAmount: number };

export type DecideResult =
  | { ok: true; status: RequestStatus; outboxIds: number[] }
  | { ok: false; error: "not_found" }
  | { ok: false; error: "already_decided"; status: RequestStatus; decidedBy: string; decidedAt: Date };

const STATUS_OF: Record<"grant" | "partial" | "deny", RequestStatus> = {
  grant: "granted",
  partial: "partly_granted",
  deny: "denied",
};

export async function decideRequest(db: Db, requestId: number, actor: string, input: DecisionInput): Promise<DecideResult> {
  return db.$transaction(async (tx) => {
    const before = await tx.request.findUnique({ where: { id: requestId } });
    if (!before) return { ok: false, error: "not_found" } as const;
    const status = STATUS_OF[input.kind];
    const granted =
      input.kind === "grant"
        ? { grantedDays: before.days, grantedAmount: before.requestedAmount }
        : input.kind === "partial"
          ? { grantedDays: input.grantedDays, grantedAmount: input.grantedAmount }
          : { grantedDays: null, grantedAmount: 0 };
    const decidedAt = new Date();
    const updated = await tx.request.updateMany({
      where: { id: requestId, status: { in: [...OPEN_STATUSES] } },
      data: {
        status,
        decidedBy: actor,
        decidedAt,
        decisionReason: input.reason || null,
        reasonShared: input.shareReason && input.reason !== "",
        ...granted,
      },
    });
    if (updated.count === 0) {
      const current = await tx.request.findUniqueOrThrow({ where: { id: requestId } });
      return {
        ok: false,
        error: "already_decided",
        status: current.status,
        decidedBy: current.decidedBy ?? "?",
        decidedAt: current.decidedAt ?? current.updatedAt,
      } as const;
    }
    const audit = await tx.auditEntry.create({
      data: {
        requestId,
        actor,
        action: `decision:${input.kind}`,
        before: { status: before.status },
        after: { status, ...granted, reasonShared: input.shareReason },
      },
    });
    const outboxIds = await addToOutbox(tx, [
      { kind: "coord_refresh", requestId, refId: audit.id },
      { kind: "thread_decision", requestId },
      { kind: "applicant_decision", requestId },
    ]);
    return { ok: true, status, outboxIds } as const;
  });
}

export type AskResult = DecideResult | { ok: true; status: RequestStatus; outboxIds: number[]; infoRequestId: number };

export async function askForInformation(db: Db, requestId: number, actor: string, question: string): Promise<AskResult> {
  return db.$transaction(async (tx) => {
    const before = await tx.request.findUnique({ where: { id: requestId } });
    if (!before) return { ok: false, error: "not_found" } as const;
    const updated = await tx.request.updateMany({
      where: { id: requestId, status: { in: [...OPEN_STATUSES] } },
      data: { status: "under_review" },
    });
    if (updated.count === 0) {
      return {
        ok: false,
        error: "already_decided",
        status: before.status,
        decidedBy: before.decidedBy ?? "?",
        decidedAt: before.decidedAt ?? before.updatedAt,
      } as const;
    }
    const info = await tx.infoRequest.create({ data: { requestId, question, askedBy: actor } });
    const audit = await tx.auditEntry.create({
      data: {
        requestId,
        actor,
        action: "info_requested",
        before: { status: before.status },
        after: { status: "under_review", infoRequestId: info.id },
      },
    });
    const outboxIds = await addToOutbox(tx, [
      { kind: "coord_refresh", requestId, refId: audit.id },
      { kind: "thread_info_asked", requestId, refId: info.id },
      { kind: "applicant_info_question", requestId, refId: info.id },
    ]);
    return { ok: true, status: "under_review", outboxIds, infoRequestId: info.id } as const;
  });
}

export type AnswerResult =
  | { ok: true; requestId: number; outboxIds: number[] }
  | { ok: false; error: "not_found" | "not_allowed" | "already_answered" | "already_decided" };

/** The applicant (or a member of the applicant's organisation) answers a question. */
export async function answerInformation(
  db: Db,
  infoRequestId: number,
  actor: { slackUserId: string; orgId: number },
  answer: string,
): Promise<AnswerResult> {
  return db.$transaction(async (tx) => {
    const info = await tx.infoRequest.findUnique({ where: { id: infoRequestId }, include: { request: true } });
    if (!info) return { ok: false, error: "not_found" } as const;
    if (info.request.orgId !== actor.orgId) return { ok: false, error: "not_allowed" } as const;
    if (!OPEN_STATUSES.includes(info.request.status)) return { ok: false, error: "already_decided" } as const;
    const updated = await tx.infoRequest.updateMany({
      where: { id: infoRequestId, answeredAt: null },
      data: { answer, answeredBy: actor.slackUserId, answeredAt: new Date() },
    });
    if (updated.count === 0) return { ok: false, error: "already_answered" } as const;
    const audit = await tx.auditEntry.create({
      data: { requestId: info.requestId, actor: actor.slackUserId, action: "info_answered", after: { infoRequestId } },
    });
    const outboxIds = await addToOutbox(tx, [
      { kind: "coord_refresh", requestId: info.requestId, refId: audit.id },
      { kind: "thread_info_answered", requestId: info.requestId, refId: infoRequestId },
      { kind: "applicant_info_answered", requestId: info.requestId, refId: infoRequestId },
    ]);
    return { ok: true, requestId: info.requestId, outboxIds } as const;
  });
}

/** Days already granted to a case for a type (counts against the 30- and 90-day caps). */
export async function grantedDaysForCase(db: Db, caseId: number, type: "rest" | "integration"): Promise<number> {
  const agg = await db.request.aggregate({
    where: { caseId, type, status: { in: ["granted", "partly_granted"] } },
    _sum: { grantedDays: true },
  });
  return agg._sum.grantedDays ?? 0;
}

/** Everything the views need about one request. */
export async function loadRequest(db: Db, requestId: number) {
  return db.request.findUnique({
    where: { id: requestId },
    include: { case: true, org: true, period: true, infoRequests: { orderBy: { id: "asc" } } },
  });
}
export type LoadedRequest = NonNullable<Awaited<ReturnType<typeof loadRequest>>>;

export type { DecisionKind };
