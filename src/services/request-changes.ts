// Withdrawing and correcting an undecided request (issue #12, item 5). Any member of the request's
// organisation may do either while the request is open (received or under review); neither after
// a decision. Each is one transaction with its audit row and outbox rows, and each claims the
// request with the same conditional UPDATE as a decision (WHERE status IN the open statuses), so a
// withdrawal or a correction racing a decision ends with exactly one winner.
//
// Lock order: a decision locks the case (FOR NO KEY UPDATE), then budget categories, then the
// request (its UPDATE). These take only the request's row (and, through the audit row's foreign
// key, a KEY SHARE on the case, which a decision's lock does not block), so they cannot deadlock
// with a decision. A decision that read the request before a correction committed finds the asked
// fields changed and records nothing ("changed", see decideInTransaction).
import type { Db, Tx } from "../core/db.js";
import { changedKeys, snapshotOf, type RequestSnapshot } from "../domain/request-change.js";
import { isoDay } from "../domain/format.js";
import type { NewRequest } from "../domain/request.js";
import { OPEN_STATUSES, isOpenStatus, type RequestStatus } from "../domain/types.js";
import { addToOutbox, homeRefreshForRequest } from "./outbox.js";
import { isContention } from "./requests.js";
import { buildRequest, previewCost, type CostPreview } from "./apply.js";
import { storedLines } from "./budget-read.js";
import type { Actor } from "./members.js";
import { formOfRequest, type ApplyForm } from "../domain/apply-form.js";
import type { FieldErrors } from "../domain/rules.js";
import { personalDataError } from "../domain/pii.js";
import { APPLY_BLOCK } from "../core/ids.js";

export interface ChangeActor {
  slackUserId: string;
  orgId: number;
}

export type ChangeRefusal =
  /** No such request, or one of another organisation (the same answer: ids may be forged). */
  | { ok: false; error: "not_found" }
  /** Decided or withdrawn already; nothing changed. */
  | { ok: false; error: "closed"; requestId: number; status: RequestStatus }
  /** The request's row was held longer than a click should wait; nothing changed. */
  | { ok: false; error: "busy" };

export type WithdrawResult = { ok: true; requestId: number; outboxIds: number[] } | ChangeRefusal;

export type CorrectResult =
  | { ok: true; requestId: number; outboxIds: number[]; changed: boolean; duplicate: boolean }
  | ChangeRefusal;

/** How long a withdrawal or correction waits for the request's row (a decision holds it briefly). */
const LOCK_WAIT = "2000ms";

async function guarded<T>(db: Db, fn: (tx: Tx) => Promise<T | ChangeRefusal>): Promise<T | ChangeRefusal> {
  try {
    return await db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT set_config('lock_timeout', ${LOCK_WAIT}, true)`;
      return fn(tx);
    });
  } catch (err) {
    if (isContention(err)) return { ok: false, error: "busy" };
    throw err;
  }
}

/** The request as the actor may see it: null for an unknown one or one of another organisation. */
async function ownRequest(tx: Tx, requestId: number, actor: ChangeActor) {
  const r = await tx.request.findUnique({ where: { id: requestId } });
  return r && r.orgId === actor.orgId ? r : null;
}

/** Withdraws the request: status "Återkallad", audit row, the coordinator message and the receipt
 * updated (no buttons), a note in the thread, the Homes refreshed. Once. */
export function withdrawRequest(db: Db, requestId: number, actor: ChangeActor): Promise<WithdrawResult> {
  return guarded(db, async (tx) => {
    const before = await ownRequest(tx, requestId, actor);
    if (!before) return { ok: false, error: "not_found" } as const;
    if (!isOpenStatus(before.status)) return { ok: false, error: "closed", requestId, status: before.status } as const;
    const claimed = await tx.request.updateMany({
      where: { id: requestId, orgId: actor.orgId, status: { in: [...OPEN_STATUSES] } },
      // decided_at/decided_by say when and by whom the request left the open statuses (the
      // table's CHECK request_decided_fields): for a withdrawal, the withdrawing member.
      data: { status: "withdrawn", decidedAt: new Date(), decidedBy: actor.slackUserId },
    });
    if (claimed.count === 0) {
      const now = await tx.request.findUniqueOrThrow({ where: { id: requestId }, select: { status: true } });
      return { ok: false, error: "closed", requestId, status: now.status } as const;
    }
    const audit = await tx.auditEntry.create({
      data: { requestId, caseId: before.caseId, actor: actor.slackUserId, action: "withdrawn", before: { status: before.status }, after: { status: "withdrawn" } },
    });
    const outboxIds = await addToOutbox(tx, [
      { kind: "coord_refresh", requestId, refId: audit.id },
      { kind: "thread_withdrawn", requestId, refId: audit.id },
      { kind: "applicant_receipt_refresh", requestId, refId: audit.id },
      homeRefreshForRequest(requestId, audit.id),
    ]);
    return { ok: true, requestId, outboxIds } as const;
  });
}

/** What a correction stores: the fields built from the modal like a new request's (apply.ts). */
export type Correction = Pick<
  NewRequest,
  "periodId" | "startDate" | "endDate" | "days" | "children" | "protection" | "measure" | "quantity" | "unitAmount" | "requestedAmount" | "costLines" | "justification" | "startedDaysAgo"
>;

/**
 * Corrects the open request in place: it keeps its number, type and case. The audit row holds the
 * asked fields before → after and whether the justification changed (never its text); the
 * coordinator message (with its budget figures) and the receipt are re-rendered, the thread gets a
 * note naming what changed, the Homes are refreshed. `submission` (the modal's view id) makes a
 * replayed submission change nothing twice; a correction that changes nothing stores nothing.
 */
export function correctRequest(db: Db, requestId: number, actor: ChangeActor, c: Correction, submission: string): Promise<CorrectResult> {
  return guarded(db, async (tx) => {
    // The row lock first: a replay of the same submission waits here and then finds the audit row.
    await tx.$queryRaw`SELECT "id" FROM "request" WHERE "id" = ${requestId} FOR NO KEY UPDATE`;
    const before = await ownRequest(tx, requestId, actor);
    if (!before) return { ok: false, error: "not_found" } as const;
    const replay = await tx.auditEntry.findFirst({ where: { requestId, action: "corrected", after: { path: ["submission"], equals: submission } } });
    if (replay) return { ok: true, requestId, outboxIds: [], changed: true, duplicate: true } as const;
    if (!isOpenStatus(before.status)) return { ok: false, error: "closed", requestId, status: before.status } as const;
    const was: RequestSnapshot = snapshotOf(before);
    const now: RequestSnapshot = snapshotOf(c);
    const justificationChanged = c.justification !== before.justification;
    if (changedKeys(was, now).length === 0 && !justificationChanged) return { ok: true, requestId, outboxIds: [], changed: false, duplicate: false } as const;
    const claimed = await tx.request.updateMany({
      where: { id: requestId, orgId: actor.orgId, status: { in: [...OPEN_STATUSES] } },
      data: {
        periodId: c.periodId,
        startDate: c.startDate,
        endDate: c.endDate,
        days: c.days,
        children: c.children,
        protection: c.protection,
        measure: c.measure,
        quantity: c.quantity,
        unitAmount: c.unitAmount,
        requestedAmount: c.requestedAmount,
        costLines: c.costLines.map((l) => ({ category: l.category, label: l.label, amount: l.amount })),
        justification: c.justification,
        startedDaysAgo: c.startedDaysAgo ?? null,
      },
    });
    if (claimed.count === 0) return { ok: false, error: "closed", requestId, status: before.status } as const;
    const audit = await tx.auditEntry.create({
      data: {
        requestId,
        caseId: before.caseId,
        actor: actor.slackUserId,
        action: "corrected",
        before: { ...was },
        after: { ...now, justificationChanged, submission },
      },
    });
    const outboxIds = await addToOutbox(tx, [
      { kind: "coord_refresh", requestId, refId: audit.id },
      { kind: "thread_changed", requestId, refId: audit.id },
      { kind: "applicant_receipt_refresh", requestId, refId: audit.id },
      homeRefreshForRequest(requestId, audit.id),
    ]);
    return { ok: true, requestId, outboxIds, changed: true, duplicate: false } as const;
  });
}

/** The audit row a thread note or receipt update is about (its actor, time and before/after). */
export function loadChangeAudit(db: Db, auditId: number) {
  return db.auditEntry.findUnique({ where: { id: auditId }, select: { id: true, requestId: true, actor: true, action: true, at: true, before: true, after: true } });
}

/** The request a withdraw or edit click is about, for the modal (same organisation only). */
export async function loadOwnRequest(db: Db, requestId: number, actor: ChangeActor) {
  const r = await db.request.findUnique({ where: { id: requestId }, include: { case: true, org: true, period: true, infoRequests: { orderBy: { id: "asc" } } } });
  return r && r.orgId === actor.orgId ? r : null;
}

export type BuiltCorrection = { errors: FieldErrors } | { correction: Correction };

/**
 * The correction modal's fields validated like a new request's (services/apply.ts: the same field
 * rules, personal-data checks, caps and past-start rule, the cost from the period's rates), with
 * the stored request's type and case. An inquiry or an admission changes its text only.
 */
export async function buildCorrection(db: Db, actor: Actor, r: OwnRequest, form: ApplyForm, today?: Date): Promise<BuiltCorrection> {
  const fixed: ApplyForm = { ...form, type: r.type, caseRef: r.case?.ref ?? "" };
  if (r.type === "inquiry" || r.type === "admission") {
    const error = fixed.justification === "" ? "Skriv ett beslutsunderlag." : personalDataError(fixed.justification);
    if (error) return { errors: { [APPLY_BLOCK.justification]: error } };
    return { correction: { ...keep(r), justification: fixed.justification } };
  }
  // The late-start rule (a period that began more than 30 days ago is refused, else noted with
  // startedDaysAgo) was judged when the request was submitted. A correction that keeps the start
  // date is not judged again from the day of the correction: otherwise fixing the justification of
  // a period under way would be refused, and a request filed in time would look filed late. It
  // keeps the stored startedDaysAgo. A correction that moves the start date asks for a new period:
  // the rule applies as to a new request, from today, and its startedDaysAgo is stored (the audit
  // row records it before → after).
  const sameStart = r.startDate !== null && fixed.from === isoDay(r.startDate);
  const built = await buildRequest(db, actor, fixed, `correction-${r.id}`, today, { pastStartRule: !sameStart });
  if ("errors" in built) return built;
  const n = built.request;
  return {
    correction: {
      periodId: n.periodId,
      startDate: n.startDate,
      endDate: n.endDate,
      days: n.days,
      children: n.children,
      protection: n.protection,
      measure: n.measure,
      quantity: n.quantity,
      unitAmount: n.unitAmount,
      requestedAmount: n.requestedAmount,
      costLines: n.costLines,
      justification: n.justification,
      startedDaysAgo: sameStart ? r.startedDaysAgo : (n.startedDaysAgo ?? null),
    },
  };
}

/**
 * The cost saving the correction modal's fields would store (issue #13: the figure shown is the
 * figure stored). `form`: the modal's fields as typed; without it, the stored request's own fields
 * (the modal as it opens). Priced by previewCost with the request's type: the same cost input,
 * period and computeCost as buildRequest, which buildCorrection stores, so there is one formula.
 */
export function previewCorrection(db: Db, r: OwnRequest, form?: ApplyForm): Promise<CostPreview> {
  const caseRef = r.case?.ref ?? "";
  const fields = form ?? formOfRequest(r, caseRef);
  return previewCost(db, { ...fields, type: r.type, caseRef });
}

/** The stored request's asked fields, unchanged. */
function keep(r: OwnRequest): Omit<Correction, "justification"> {
  return {
    periodId: r.periodId,
    startDate: r.startDate,
    endDate: r.endDate,
    days: r.days,
    children: r.children,
    protection: r.protection,
    measure: r.measure,
    quantity: r.quantity,
    unitAmount: r.unitAmount,
    requestedAmount: r.requestedAmount,
    costLines: storedLines(r),
    startedDaysAgo: r.startedDaysAgo,
  };
}
export type OwnRequest = NonNullable<Awaited<ReturnType<typeof loadOwnRequest>>>;
