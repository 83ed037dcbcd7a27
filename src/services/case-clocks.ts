// The clocks of issue #12, item 4: what is due now, planned into the outbox by a sweep step (every
// worker process, at start and every NSP_SWEEP_INTERVAL_MS; nothing of it lives in Redis).
//
// Design (see README, "Clocks nobody has to watch"): no table of planned reminders. Each check
// asks Postgres what is due at `now` and inserts the outbox rows with a key unique per
// (what, offset, recipient), `ON CONFLICT DO NOTHING` (createMany skipDuplicates): two workers, a
// replay or the next sweep insert nothing twice. Delivery is the outbox's (claimed with a lease,
// retried, dead rows kept, pending rows re-queued by the sweep after Redis lost its jobs). The
// renderers check again at send time (`periodEndNow`, `infoReminderNow`, `digestLinesNow`) and
// post nothing for a case closed, a request decided or withdrawn, a question answered meanwhile.
import type { Db, Tx } from "../core/db.js";
import { nextStep, dueCaseReminder, grantedEnd, daysUntilEnd, infoReminderDue, digestDue, waitingTooLong, type CaseReminderOffset } from "../domain/case-clocks.js";
import { formatDate, todayDate } from "../domain/format.js";
import { outboxKeys } from "../domain/outbox.js";
import type { AskedFields } from "../domain/request-name.js";
import { OPEN_STATUSES, type RequestType } from "../domain/types.js";
import { addToOutbox, type OutboxItem } from "./outbox.js";

const ASKED = { id: true, type: true, startDate: true, endDate: true, days: true, children: true, protection: true, measure: true, quantity: true, unitAmount: true } as const;
const PERIOD_TYPES: RequestType[] = ["rest", "integration"];

/** A granted period of an active case, as the reminder shows it; null when no reminder is wanted any more. */
export interface PeriodEndState {
  request: AskedFields & { id: number };
  caseId: number;
  caseRef: string;
  orgId: number;
  end: string;
  daysLeft: number;
  next: RequestType | null;
}

async function periodEndStates(db: Db | Tx, now: Date, requestId?: number): Promise<PeriodEndState[]> {
  // A margin of the longest grant cut: the exact last day is computed below.
  const rows = await db.request.findMany({
    where: {
      ...(requestId !== undefined ? { id: requestId } : {}),
      type: { in: PERIOD_TYPES },
      status: { in: ["granted", "partly_granted"] },
      endDate: { gte: todayDate(now) },
      case: { outcome: null },
    },
    select: { ...ASKED, grantedDays: true, caseId: true, case: { select: { ref: true, orgId: true } } },
    orderBy: { id: "asc" },
  });
  const out: PeriodEndState[] = [];
  for (const r of rows) {
    if (!r.case || r.caseId === null || !r.endDate) continue;
    const end = grantedEnd(r.startDate, r.endDate, r.grantedDays);
    if (formatDate(now) > end) continue;
    const next = nextStep(r.type);
    // Already applied for the next step (not refused or withdrawn): no reminder.
    if (next) {
      const filed = await db.request.count({ where: { caseId: r.caseId, id: { gt: r.id }, type: next, status: { notIn: ["denied", "withdrawn"] } } });
      if (filed > 0) continue;
    }
    const { grantedDays: _g, caseId, case: c, ...request } = r;
    out.push({ request, caseId, caseRef: c.ref, orgId: c.orgId, end, daysLeft: daysUntilEnd(end, now), next });
  }
  return out;
}

async function memberIds(db: Db | Tx, orgId: number): Promise<number[]> {
  const rows = await db.member.findMany({ where: { orgId }, select: { id: true }, orderBy: { id: "asc" } });
  return rows.map((m) => m.id);
}

/**
 * Inserts the period-end DMs due at `now` (one row per member of the case's organisation, key
 * per request, offset and member) and returns the ids of the rows (new or already there).
 */
export async function planPeriodEndReminders(db: Db, offsets: readonly CaseReminderOffset[], now: Date): Promise<number[]> {
  if (offsets.length === 0) return [];
  const items: OutboxItem[] = [];
  for (const s of await periodEndStates(db, now)) {
    const due = dueCaseReminder(s.end, offsets, now);
    if (!due) continue;
    for (const memberId of await memberIds(db, s.orgId)) {
      items.push({ kind: "period_end_reminder", requestId: s.request.id, refId: memberId, key: outboxKeys.periodEnd(s.request.id, due.key, memberId) });
    }
  }
  return pendingOf(db, await db.$transaction((tx) => addToOutbox(tx, items)));
}

/** At send time: the reminder's content, or null when it is no longer wanted (case closed, request changed, period over, member moved). */
export async function periodEndNow(db: Db, requestId: number, memberId: number, now: Date): Promise<{ slackUserId: string; state: PeriodEndState } | null> {
  const [state] = await periodEndStates(db, now, requestId);
  if (!state) return null;
  const member = await db.member.findUnique({ where: { id: memberId }, select: { slackUserId: true, orgId: true } });
  if (!member || member.orgId !== state.orgId) return null;
  return { slackUserId: member.slackUserId, state };
}

/** Inserts the one reminder per unanswered komplettering older than `days` days (to each member of the request's organisation). */
export async function planInfoReminders(db: Db, days: number, now: Date): Promise<number[]> {
  const infos = await db.infoRequest.findMany({
    where: { answeredAt: null, askedAt: { lte: new Date(now.getTime() - days * 86_400_000) }, request: { status: { in: [...OPEN_STATUSES] } } },
    select: { id: true, askedAt: true, requestId: true, request: { select: { orgId: true } } },
    orderBy: { id: "asc" },
  });
  const items: OutboxItem[] = [];
  for (const info of infos) {
    if (!infoReminderDue(info.askedAt, days, now)) continue;
    for (const memberId of await memberIds(db, info.request.orgId)) {
      items.push({ kind: "info_reminder", requestId: info.requestId, refId: memberId, key: outboxKeys.infoReminder(info.id, memberId) });
    }
  }
  return pendingOf(db, await db.$transaction((tx) => addToOutbox(tx, items)));
}

export interface InfoReminderState {
  slackUserId: string;
  request: PeriodEndState["request"];
  caseRef: string | null;
  infoId: number;
  askedAt: Date;
}

/** At send time: still unanswered, the request still open, the member still in its organisation; else null. */
export async function infoReminderNow(db: Db, infoId: number, memberId: number): Promise<InfoReminderState | null> {
  const info = await db.infoRequest.findUnique({
    where: { id: infoId },
    select: { id: true, askedAt: true, answeredAt: true, request: { select: { ...ASKED, status: true, orgId: true, case: { select: { ref: true } } } } },
  });
  if (!info || info.answeredAt || !OPEN_STATUSES.includes(info.request.status)) return null;
  const member = await db.member.findUnique({ where: { id: memberId }, select: { slackUserId: true, orgId: true } });
  if (!member || member.orgId !== info.request.orgId) return null;
  const { status: _s, orgId: _o, case: c, ...request } = info.request;
  return { slackUserId: member.slackUserId, request, caseRef: c?.ref ?? null, infoId: info.id, askedAt: info.askedAt };
}

export interface DigestRow {
  request: PeriodEndState["request"];
  caseRef: string | null;
  orgName: string;
  workdays: number;
}

/**
 * The requests waiting for a decision more than `minWorkdays` full working days at `now`, oldest
 * first. A request with an unanswered komplettering waits for its organisation, not for the
 * coordinators: it is not listed (the organisation gets the komplettering reminder instead).
 */
export async function digestLinesNow(db: Db | Tx, minWorkdays: number, now: Date): Promise<DigestRow[]> {
  const rows = await db.request.findMany({
    where: { status: { in: [...OPEN_STATUSES] }, createdAt: { lte: now }, infoRequests: { none: { answeredAt: null } } },
    select: { ...ASKED, createdAt: true, case: { select: { ref: true } }, org: { select: { name: true } } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return waitingTooLong(rows, now, minWorkdays).map(({ createdAt: _c, case: c, org, workdays, ...request }) => ({ request, caseRef: c?.ref ?? null, orgName: org.name, workdays }));
}

const DIGEST_RUN = "decision_digest";

/**
 * The working-day digest: on a working day once `at` has passed, the first check claims the day
 * (`scheduled_run`, so two workers or a restart post once) and queues one message if any request
 * has waited too long. A day missed entirely (every worker down until midnight) is not caught up.
 */
export async function planDecisionDigest(db: Db, at: string, minWorkdays: number, now: Date): Promise<number[]> {
  if (!digestDue(now, at)) return [];
  const day = formatDate(now);
  return db.$transaction(async (tx) => {
    const claimed = await tx.$executeRaw`
      INSERT INTO "scheduled_run" ("name", "day") VALUES (${DIGEST_RUN}, ${day}::date) ON CONFLICT DO NOTHING`;
    if (claimed !== 1) return [];
    if ((await digestLinesNow(tx, minWorkdays, now)).length === 0) return [];
    return addToOutbox(tx, [{ kind: "decision_digest", requestId: null, key: outboxKeys.decisionDigest(day) }]);
  });
}

/** Of the rows, those still pending (the sweep queues them anyway; this keeps dispatch small). */
async function pendingOf(db: Db, ids: number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db.outboxMessage.findMany({ where: { id: { in: ids }, status: "pending" }, select: { id: true } });
  return rows.map((r) => r.id);
}

/**
 * "Ansök om nästa steg": may `orgId`'s member apply for the next step of case `ref`? The case must
 * exist, belong to that organisation (the same answer when it does not exist) and be active.
 */
export async function nextStepRefusal(db: Db, orgId: number, ref: string): Promise<string | null> {
  const found = await db.case.findUnique({ where: { ref }, select: { orgId: true, outcome: true } });
  if (!found || found.orgId !== orgId) return `Ärendet ${ref} finns inte hos din organisation.`;
  if (found.outcome !== null) return `Ärendet ${ref} är avslutat. Inga nya ansökningar kan lämnas för det.`;
  return null;
}
