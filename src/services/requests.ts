// Request life cycle in Postgres: submit, decide, ask for more information, answer. Each state
// change is one transaction that also writes the audit row and the outbox messages, and each is
// guarded by a conditional UPDATE so that it happens exactly once under concurrency and replays.
import { sqlOf, type Db, type Tx } from "../core/db.js";
import { byDeadline, DeadlineError } from "../core/timeout.js";
import { sql, sqlDate } from "../core/sql.js";
import type { CaseOutcome, DecisionKind, RequestStatus } from "../domain/types.js";
import { isOpenStatus, OPEN_STATUSES } from "../domain/types.js";
import { requestVersion } from "../domain/request-version.js";
import { addToOutbox, homeRefreshForRequest } from "./outbox.js";
import { queueBudgetRefreshes } from "./budget-refresh.js";
import { applyBudget, BudgetRefusedError, DEFAULT_THRESHOLDS, grantedLines, lockBudget } from "./budget-commit.js";
import type { BudgetRefusal } from "../domain/budget.js";
import { ratesOf } from "./periods.js";
import { outboxKeys } from "../domain/outbox.js";
import type { NewRequest } from "../domain/request.js";
import { reduceByContribution, type CoFundingPayer } from "../domain/payment.js";
import { belowMeasureMinimum, daysThatFit, type CapCheck, type PendingAdmission } from "../domain/rules.js";
export type { PendingAdmission };
import type { BudgetPeriod } from "../core/db.js";
import { decisionAuthority, type DecisionRefusal } from "./members.js";

export interface Submitted {
  requestId: number;
  caseRef: string | null;
  outboxIds: number[];
  duplicate: boolean;
}

/** The keys of the rows submitRequest inserts, built in SQL: `ID` is replaced by the new request's id. */
const ID = "{id}";

/** A unique violation on `field`, whether from a model query (P2002) or a raw one (SQLSTATE 23505). */
function isUniqueViolation(err: unknown, field: string): boolean {
  if (typeof err !== "object" || err === null) return false;
  const text = `${err instanceof Error ? err.message : ""} ${JSON.stringify("meta" in err ? err.meta : "")}`;
  const unique = ("code" in err && err.code === "P2002") || text.includes("23505") || /unique constraint/i.test(text);
  return unique && text.includes(field);
}

/**
 * Stores a request, its audit row and its two outbox rows (and, for an admission, the next case
 * reference and the case) in ONE SQL statement: atomic without a transaction round trip, and fast
 * enough to run before the view_submission ack. A replayed submission (same view id) violates the
 * unique submission key, which aborts the whole statement (the counter too), and finds the first.
 */
export async function submitRequest(db: Db, input: NewRequest): Promise<Submitted> {
  const c = input.newCase;
  try {
    const { rows } = await sqlOf(db).query<{ request_id: number | null; case_ref: string | null; outbox_ids: number[] }>(sql`
      WITH "n" AS (
        INSERT INTO "counter" ("name", "value") SELECT 'case_ref', 1 WHERE ${c !== null}
        ON CONFLICT ("name") DO UPDATE SET "value" = "counter"."value" + 1
        RETURNING "value"
      ), "c" AS (
        INSERT INTO "case" ("ref", "org_id", "nationality", "gender", "age_band", "children_accompanying",
                            "children_home", "exploitation", "exploited_in", "police_report")
        SELECT 'NSP' || CASE WHEN "value" < 1000 THEN lpad("value"::text, 3, '0') ELSE "value"::text END,
               ${input.orgId}, ${c?.nationality ?? ""}, ${c?.gender ?? ""}, ${c?.ageBand ?? ""},
               ${c?.childrenAccompanying ?? 0}, ${c?.childrenHome ?? 0}, ${c?.exploitation ?? []}::text[],
               ${c?.exploitedIn ?? []}::text[], ${c?.policeReport ?? false}
        FROM "n"
        RETURNING "id", "ref"
      ), "k" AS (
        -- A closed case accepts no new requests (issue #12), nor does a case moved to another
        -- organisation (issue #14). FOR KEY SHARE: closeCase and transferCase lock the row FOR
        -- UPDATE, so one of the two waits for the other (a decision's FOR NO KEY UPDATE does not).
        SELECT "id" FROM "case" WHERE "id" = ${input.caseId}::int AND "outcome" IS NULL AND "org_id" = ${input.orgId} FOR KEY SHARE
      ), "r" AS (
        INSERT INTO "request" ("type", "status", "org_id", "case_id", "period_id", "applicant_slack_id", "submission_key",
                               "start_date", "end_date", "days", "children", "protection", "measure", "quantity",
                               "unit_amount", "requested_amount", "cost_lines", "justification", "started_days_ago", "updated_at")
        SELECT ${input.type}::"RequestType", 'received', ${input.orgId}, COALESCE((SELECT "id" FROM "c"), ${input.caseId}::int),
               ${input.periodId}::int, ${input.applicantSlackId}, ${input.submissionKey}, ${sqlDate(input.startDate)}::date, ${sqlDate(input.endDate)}::date,
               ${input.days}::int, ${input.children}::int, ${input.protection}, ${input.measure}::text, ${input.quantity}::int,
               ${input.unitAmount}::int, ${input.requestedAmount}, ${JSON.stringify(input.costLines)}::jsonb, ${input.justification}, ${input.startedDaysAgo ?? null}::int, now()
        WHERE ${input.caseId}::int IS NULL OR EXISTS (SELECT 1 FROM "k")
        RETURNING "id", "case_id"
      ), "a" AS (
        INSERT INTO "audit_entry" ("request_id", "actor", "action", "after")
        SELECT "id", ${input.applicantSlackId}, 'submitted', '{"status":"received"}'::jsonb FROM "r"
      ), "o" AS (
        INSERT INTO "outbox_message" ("key", "kind", "request_id", "ref_id")
        SELECT replace(${outboxKeys.request(ID, "coord_notice")}, ${ID}, "id"::text), 'coord_notice', "id", NULL::int FROM "r"
        UNION ALL SELECT replace(${outboxKeys.request(ID, "applicant_receipt")}, ${ID}, "id"::text), 'applicant_receipt', "id", NULL::int FROM "r"
        UNION ALL SELECT replace(${outboxKeys.homeRequest(ID, "submitted")}, ${ID}, "id"::text), 'home_refresh', NULL::int, "id" FROM "r"
        RETURNING "id"
      )
      SELECT (SELECT "id" FROM "r") AS "request_id",
             COALESCE((SELECT "ref" FROM "c"), (SELECT "ref" FROM "case" WHERE "id" = ${input.caseId}::int)) AS "case_ref",
             (SELECT array_agg("id" ORDER BY "id") FROM "o") AS "outbox_ids"`);
    const row = rows[0];
    if (!row) throw new Error("submitRequest returned no row");
    if (row.request_id === null) throw await caseClosedError(db, input.caseId, input.orgId);
    return { requestId: row.request_id, caseRef: row.case_ref, outboxIds: row.outbox_ids ?? [], duplicate: false };
  } catch (err) {
    // Two deliveries of the same view_submission at once: the loser finds the winner's row.
    if (isUniqueViolation(err, "submission_key")) {
      const winner = await findBySubmission(db, input.submissionKey);
      if (winner) return winner;
    }
    throw err;
  }
}

/** A request for a case that was closed (issue #12): nothing was stored. */
export class CaseClosedError extends Error {
  override readonly name = "CaseClosedError";
  constructor(
    readonly caseRef: string,
    readonly outcome: CaseOutcome,
    readonly closedOn: Date,
  ) {
    super(`case ${caseRef} is closed`);
  }
}

/** A request for a case that was moved to another organisation meanwhile (issue #14): nothing was stored. */
export class CaseMovedError extends Error {
  override readonly name = "CaseMovedError";
  constructor(readonly caseRef: string) {
    super(`case ${caseRef} belongs to another organisation`);
  }
}

async function caseClosedError(db: Db, caseId: number | null, orgId: number): Promise<Error> {
  const found = caseId === null ? null : await db.case.findUnique({ where: { id: caseId }, select: { ref: true, outcome: true, closedOn: true, orgId: true } });
  if (found && found.orgId !== orgId) return new CaseMovedError(found.ref);
  if (found?.outcome && found.closedOn) return new CaseClosedError(found.ref, found.outcome, found.closedOn);
  return new Error("submitRequest stored no request");
}

async function findBySubmission(db: Db, submissionKey: string): Promise<Submitted | null> {
  const { rows } = await sqlOf(db).query<{ id: number; ref: string | null }>(sql`
    SELECT r."id", c."ref" FROM "request" r LEFT JOIN "case" c ON c."id" = r."case_id" WHERE r."submission_key" = ${submissionKey}`);
  const found = rows[0];
  if (!found) return null;
  return { requestId: found.id, caseRef: found.ref, outboxIds: [], duplicate: true };
}

export type DecisionInput =
  | { kind: "grant" | "deny"; reason: string; shareReason: boolean }
  | {
      kind: "partial";
      reason: string;
      shareReason: boolean;
      grantedDays: number | null;
      grantedAmount: number;
      /** Rest/integration (issue #13): another payer's contribution, taken off the granted days' cost. */
      coFunding?: { payer: CoFundingPayer; amount: number } | null;
    };

export type DecideResult =
  | { ok: true; status: RequestStatus; outboxIds: number[] }
  | { ok: false; error: "not_found" }
  /** The actor may not decide this request (issue #14: no role, jäv, or an admin while a coordinator
   * outside the applying organisation exists); nothing was recorded. */
  | { ok: false; error: "not_allowed"; refusal: DecisionRefusal }
  | { ok: false; error: "budget"; refusal: BudgetRefusal }
  /** The grant would pass the case's 30/90-day cap; `cap.fits` is the largest grant that fits. Nothing was recorded. */
  | { ok: false; error: "cap"; cap: CapCheck }
  /** The case's admission is not granted (yet, or it was denied); nothing was recorded. */
  | { ok: false; error: "admission"; caseRef: string; admission: PendingAdmission }
  /** A measure granted below the period's minimum without a reason (issue #13); nothing was recorded. */
  | { ok: false; error: "below_minimum"; amount: number; minimum: number }
  /** The request's case is closed (issue #12; closing refuses while a request is open, so only old data); nothing was recorded. */
  | { ok: false; error: "case_closed"; caseRef: string; outcome: CaseOutcome; closedOn: Date }
  /** Another transaction held the budget (or the request) longer than a decision may wait; nothing was recorded. */
  | { ok: false; error: "busy" }
  | { ok: false; error: "already_decided"; status: RequestStatus; decidedBy: string; decidedAt: Date }
  /** The applicant's organisation corrected the request while the decision was being made; nothing was recorded. */
  | { ok: false; error: "changed" };

/** What a correction may change: a decision claims the request only if these are as it read them. */
function askedFields(r: { requestedAmount: number; days: number | null; startDate: Date | null; endDate: Date | null; children: number | null; protection: boolean; measure: string | null; quantity: number | null; unitAmount: number | null }) {
  return {
    requestedAmount: r.requestedAmount,
    days: r.days,
    startDate: r.startDate,
    endDate: r.endDate,
    children: r.children,
    protection: r.protection,
    measure: r.measure,
    quantity: r.quantity,
    unitAmount: r.unitAmount,
  };
}

export interface DecideOptions {
  /** Budget warning thresholds in percent (NSP_BUDGET_WARNING_THRESHOLDS). */
  thresholds?: readonly number[];
  /**
   * When the clock of the answer started (ms since the epoch; default now): the listener passes
   * the time the submission arrived, so that its own reads come out of the same deadline.
   */
  startedAt?: number;
  /**
   * requestVersion() of the request as the decision modal showed it (its private_metadata). When
   * given, a request whose version differs (corrected since the modal was opened) is not decided:
   * "changed". The listener always passes it; services and tests deciding directly may leave it out.
   */
  expectedVersion?: string;
}

/**
 * A decision is stored before the view_submission is acked, and Slack gives up after 3 s. So a
 * decision gets DECISION_DEADLINE_MS in all – waiting for a pooled connection, for row locks (in
 * practice the budget category it shares with every other decision of the period; at most
 * DECISION_LOCK_WAIT_MS) and writing – and past that it gives up, stores nothing and says so ("busy").
 */
export const DECISION_DEADLINE_MS = 2_500;
export const DECISION_LOCK_WAIT_MS = 1_500;
/** A decision's transaction must have its connection this long before the deadline, or it does not start. */
const DECISION_WORK_MS = 500;

/**
 * `db.$transaction(fn)` that waits for a pooled connection only until `acquireBy` (ms since the
 * epoch). Past it, it throws a DeadlineError and `fn` never runs: if the connection comes later,
 * `fn` finds the attempt abandoned and throws, so Prisma rolls back at once and returns the
 * connection (with the pg adapter Prisma's `maxWait` does not end the wait; it only rolls back
 * after a late connect, which it still does here as a second guard). Once `fn` has started, its
 * own limits bound the rest (statement and lock timeouts, `timeout`).
 */
async function transactionBy<T>(db: Db, acquireBy: number, timeout: number, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const wait = acquireBy - Date.now();
  if (wait <= 0) throw new DeadlineError("transaction: no time left to wait for a connection");
  let state: "waiting" | "running" | "abandoned" = "waiting";
  let running!: () => void;
  const started = new Promise<"started">((resolve) => (running = () => resolve("started")));
  const done = db.$transaction(
    async (tx) => {
      if (state === "abandoned") throw new DeadlineError("transaction: connection came after the caller gave up");
      state = "running";
      running();
      return fn(tx);
    },
    { maxWait: wait, timeout },
  );
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), wait)));
  try {
    const first = await Promise.race([started, late, done.then(() => "settled" as const, () => "settled" as const)]);
    if (first === "late" && state === "waiting") {
      state = "abandoned";
      done.catch(() => undefined); // settles later: rolled back, or the pool's own connect timeout
      throw new DeadlineError(`transaction: no connection within ${wait} ms`);
    }
  } finally {
    clearTimeout(timer);
  }
  return done;
}

/** The lock and statement time-outs for a decision transaction that started at `startedAt`. */
function decisionTimeouts(startedAt: number): { lock: string; statement: string } {
  const left = DECISION_DEADLINE_MS - (Date.now() - startedAt);
  const ms = (n: number) => `${Math.max(50, Math.floor(n))}ms`;
  return { lock: ms(Math.min(DECISION_LOCK_WAIT_MS, left - 300)), statement: ms(left - 200) };
}

/**
 * Postgres or Prisma gave up on a wait: a lock timeout (55P03), a statement timeout (57014), a
 * serialization failure or deadlock (40001, 40P01, Prisma P2034), the transaction's own start or
 * time limit (Prisma P2028), no pooled connection in time (pg's connect timeout, or a
 * DeadlineError from `transactionBy`/`byDeadline`). Nothing of the transaction was committed.
 */
export function isContention(err: unknown): boolean {
  const seen = new Set<unknown>();
  const codes: string[] = [];
  const texts: string[] = [];
  const walk = (e: unknown, depth: number) => {
    if (typeof e !== "object" || e === null || seen.has(e) || depth > 4) return;
    seen.add(e);
    const o = e as Record<string, unknown>;
    for (const k of ["code", "originalCode"]) if (typeof o[k] === "string") codes.push(o[k]);
    if (e instanceof Error) texts.push(e.message);
    for (const k of ["meta", "cause", "driverAdapterError"]) walk(o[k], depth + 1);
  };
  walk(err, 0);
  if (err instanceof DeadlineError) return true;
  if (codes.some((c) => ["55P03", "57014", "40001", "40P01", "P2034", "P2028"].includes(c))) return true;
  return texts.some((t) =>
    /\b(55P03|57014|40001|40P01)\b|lock timeout|statement timeout|could not serialize|deadlock detected|timeout exceeded when trying to connect|due to connection timeout/i.test(t),
  );
}

const STATUS_OF: Record<"grant" | "partial" | "deny", RequestStatus> = {
  grant: "granted",
  partial: "partly_granted",
  deny: "denied",
};

/**
 * Records a decision exactly once. A grant commits its money in the period's budget categories in
 * the same transaction; if it does not fit (and no admin override covers it) nothing is recorded
 * and the result says why. A decision that would wait too long for the budget is not recorded
 * either ("busy"), so that the coordinator is answered within Slack's time.
 */
export async function decideRequest(db: Db, requestId: number, actor: string, input: DecisionInput, opts: DecideOptions = {}): Promise<DecideResult> {
  const startedAt = opts.startedAt ?? Date.now();
  try {
    return await decideInTransaction(db, requestId, actor, input, opts.thresholds ?? DEFAULT_THRESHOLDS, startedAt, opts.expectedVersion);
  } catch (err) {
    if (err instanceof BudgetRefusedError) return { ok: false, error: "budget", refusal: err.refusal };
    if (isContention(err)) return (await decidedMeanwhile(db, requestId, startedAt + DECISION_DEADLINE_MS)) ?? { ok: false, error: "busy" };
    throw err;
  }
}

/**
 * After a decision gave up waiting: when the request was decided by someone else in the meantime
 * (several coordinators deciding the same request queue on the same budget lock), that is the
 * answer – "already decided by …" – rather than "try again", which could never succeed.
 */
async function decidedMeanwhile(db: Db, requestId: number, deadlineAt: number): Promise<DecideResult | null> {
  // Within the decision's deadline only: with the pool exhausted, "busy" now beats a late answer.
  const now = await byDeadline(db.request.findUnique({ where: { id: requestId } }), deadlineAt, "decided meanwhile").catch(() => null);
  return now && !OPEN_STATUSES.includes(now.status) ? alreadyDecided(now) : null;
}

function alreadyDecided(r: { status: RequestStatus; decidedBy: string | null; decidedAt: Date | null; updatedAt: Date }) {
  return { ok: false, error: "already_decided", status: r.status, decidedBy: r.decidedBy ?? "?", decidedAt: r.decidedAt ?? r.updatedAt } as const;
}

/** The request types that count against a case: they wait for its admission (rest and
 * integration also for the day caps). Inquiries and admissions do not. */
const CASE_BOUND_TYPES: readonly string[] = ["rest", "integration", "measure"];

/** The case's admission: "granted" (or partly), the latest one's status when none is granted,
 * or null when the case has none (a case that did not come in through the app). */
async function admissionOf(client: Db | Tx, caseId: number): Promise<"granted" | PendingAdmission | null> {
  const rows = await client.$queryRaw<{ admitted: boolean | null; latest: string | null }[]>`
    SELECT bool_or("status" IN ('granted', 'partly_granted')) AS "admitted", (array_agg("status"::text ORDER BY "id" DESC))[1] AS "latest"
    FROM "request" WHERE "case_id" = ${caseId} AND "type" = 'admission'`;
  const row = rows[0];
  if (!row?.latest) return null;
  return row.admitted ? "granted" : (row.latest as PendingAdmission);
}

/**
 * The case-level rules of a grant, checked under the case's row lock so that two decisions on two
 * requests of one case serialise (each sees what the other granted): the case's admission must be
 * granted, and the days already granted plus those granted now must stay within the period's cap.
 * Returns the refusal, or null. The lock is taken before the budget's (case, then categories in id
 * order: no deadlock); it is `FOR NO KEY UPDATE`, so new requests for the case are not held up.
 */
async function caseRules(
  tx: Tx,
  r: { id: number; type: string; caseId: number | null; days: number | null; period: BudgetPeriod | null },
  grantedDays: number | null,
): Promise<DecideResult | null> {
  if (r.caseId === null || !CASE_BOUND_TYPES.includes(r.type)) return null;
  const locked = await tx.$queryRaw<{ ref: string }[]>`SELECT "ref" FROM "case" WHERE "id" = ${r.caseId} FOR NO KEY UPDATE`;
  const caseRef = locked[0]?.ref ?? "?";
  const admission = await admissionOf(tx, r.caseId);
  if (admission !== null && admission !== "granted") return { ok: false, error: "admission", caseRef, admission };
  if ((r.type !== "rest" && r.type !== "integration") || !r.period || grantedDays === null) return null;
  const rates = ratesOf(r.period);
  const maxDays = r.type === "rest" ? rates.restMaxDays : rates.integrationMaxDays;
  const rows = await tx.$queryRaw<{ days: number }[]>`
    SELECT COALESCE(SUM("granted_days"), 0)::int AS "days" FROM "request"
    WHERE "case_id" = ${r.caseId} AND "type" = ${r.type}::"RequestType" AND "status" IN ('granted', 'partly_granted') AND "id" <> ${r.id}`;
  const alreadyGranted = rows[0]?.days ?? 0;
  if (alreadyGranted + grantedDays <= maxDays) return null;
  const requestedDays = r.days ?? grantedDays;
  return { ok: false, error: "cap", cap: { type: r.type, maxDays, alreadyGranted, requestedDays, fits: daysThatFit(maxDays, alreadyGranted, requestedDays) } };
}

/** The case's admission when it holds back a grant of this request (not granted yet, or denied);
 * null when the request does not wait for one or the admission is granted. */
export async function pendingAdmission(db: Db, r: { type: string; caseId: number | null }): Promise<PendingAdmission | null> {
  if (r.caseId === null || !CASE_BOUND_TYPES.includes(r.type)) return null;
  const admission = await admissionOf(db, r.caseId);
  return admission === "granted" ? null : admission;
}

/**
 * Decisions on different requests of a period share one lock: the budget category's row. So the
 * order is: read the request (no lock; a decided one is answered at once), lock the case (grants of
 * rest, integration and measures: the case's rules above), lock the categories, then claim the
 * request with the conditional UPDATE and write the rest. The request's row is never held while
 * waiting, so a second decision on the same request – or a denial, which needs neither lock – does
 * not queue behind a grant.
 */
async function decideInTransaction(
  db: Db,
  requestId: number,
  actor: string,
  input: DecisionInput,
  thresholds: readonly number[],
  startedAt: number,
  expectedVersion?: string,
): Promise<DecideResult> {
  return transactionBy(db, startedAt + DECISION_DEADLINE_MS - DECISION_WORK_MS, DECISION_DEADLINE_MS, async (tx) => {
    const t = decisionTimeouts(startedAt);
    await tx.$queryRaw`SELECT set_config('lock_timeout', ${t.lock}, true), set_config('statement_timeout', ${t.statement}, true)`;
    const before = await tx.request.findUnique({ where: { id: requestId }, include: { period: true } });
    if (!before) return { ok: false, error: "not_found" } as const;
    // Who decides is checked here too, where the decision is written: a forged submission (or a
    // role changed since the modal opened) records nothing (issue #14, jäv).
    const authority = await decisionAuthority(tx, actor, before.orgId);
    if (!authority.ok) return { ok: false, error: "not_allowed", refusal: authority.refusal } as const;
    if (!isOpenStatus(before.status)) return alreadyDecided(before);
    // Corrected since the decision modal was opened: the coordinator decided on figures it no longer has.
    if (expectedVersion !== undefined && requestVersion(before) !== expectedVersion) return { ok: false, error: "changed" } as const;
    // A partial grant checked against figures a correction has changed since (fewer days or less money).
    if (
      input.kind === "partial" &&
      (input.grantedDays !== null
        ? before.days !== null && (input.coFunding ? input.grantedDays > before.days : input.grantedDays >= before.days)
        : input.grantedAmount >= before.requestedAmount)
    ) {
      return { ok: false, error: "changed" } as const;
    }
    if (input.kind !== "deny" && before.caseId !== null) {
      const closed = await tx.case.findUnique({ where: { id: before.caseId }, select: { ref: true, outcome: true, closedOn: true } });
      if (closed?.outcome && closed.closedOn) return { ok: false, error: "case_closed", caseRef: closed.ref, outcome: closed.outcome, closedOn: closed.closedOn } as const;
    }
    const status = STATUS_OF[input.kind];
    const granted =
      input.kind === "grant"
        ? { grantedDays: before.days, grantedAmount: before.requestedAmount }
        : input.kind === "partial"
          ? { grantedDays: input.grantedDays, grantedAmount: input.grantedAmount }
          : { grantedDays: null, grantedAmount: 0 };
    // The measure minimum applies to the total and is waived only with a written reason (domain/rules.ts).
    if (input.kind !== "deny" && before.type === "measure" && before.period && input.reason.trim() === "") {
      const minimum = ratesOf(before.period).measureMinAmount;
      if (belowMeasureMinimum(granted.grantedAmount, { measureMinAmount: minimum })) return { ok: false, error: "below_minimum", amount: granted.grantedAmount, minimum } as const;
    }
    if (input.kind !== "deny") {
      const held = await caseRules(tx, before, granted.grantedDays);
      if (held) return held;
    }
    let budget = null;
    if (input.kind !== "deny") {
      const money = input.kind === "partial" ? { kind: "partial" as const, grantedDays: input.grantedDays, grantedAmount: input.grantedAmount } : { kind: "grant" as const };
      let lines = grantedLines(before, money, before.period ? ratesOf(before.period) : null);
      const coFunding = input.kind === "partial" ? input.coFunding : null;
      if (coFunding) {
        // The contribution comes off the granted days' cost (domain/payment.ts); the stored amount is what is left.
        const reduced = reduceByContribution(lines, coFunding.amount, coFunding.payer);
        if (!reduced || reduced.reduce((a, l) => a + l.amount, 0) !== granted.grantedAmount) return { ok: false, error: "changed" } as const;
        lines = reduced;
      }
      budget = await lockBudget(tx, before, lines);
    }
    // From here on the categories are locked: only short writes until the commit.
    const decidedAt = new Date();
    const updated = await tx.request.updateMany({
      // The asked fields as read: a correction committed since (services/request-changes.ts) makes
      // this decision about figures the request no longer has, so it records nothing ("changed").
      where: { id: requestId, status: { in: [...OPEN_STATUSES] }, ...askedFields(before), justification: before.justification },
      data: {
        status,
        decidedBy: actor,
        decidedAt,
        decidedAsDeputy: authority.deputy,
        decisionReason: input.reason || null,
        reasonShared: input.shareReason && input.reason !== "",
        ...granted,
        ...(input.kind === "partial" && input.coFunding ? { coFundingPayer: input.coFunding.payer, coFundingAmount: input.coFunding.amount } : {}),
      },
    });
    if (updated.count === 0) {
      const now = await tx.request.findUniqueOrThrow({ where: { id: requestId } });
      return isOpenStatus(now.status) ? ({ ok: false, error: "changed" } as const) : alreadyDecided(now);
    }
    const warnings = budget ? await applyBudget(tx, budget, thresholds) : [];
    const audit = await tx.auditEntry.create({
      data: {
        requestId,
        actor,
        action: `decision:${input.kind}`,
        before: { status: before.status },
        after: {
          status,
          ...granted,
          reasonShared: input.shareReason,
          ...(authority.deputy ? { deputy: true } : {}),
          ...(input.kind === "partial" && input.coFunding ? { coFunding: { payer: input.coFunding.payer, amount: input.coFunding.amount } } : {}),
        },
      },
    });
    const outboxIds = await addToOutbox(tx, [
      { kind: "coord_refresh", requestId, refId: audit.id },
      { kind: "thread_decision", requestId },
      { kind: "applicant_decision", requestId },
      { kind: "applicant_receipt_refresh", requestId, refId: audit.id }, // the receipt loses "Återkalla"/"Ändra"
      homeRefreshForRequest(requestId, audit.id),
      ...warnings,
    ]);
    // The other open requests of the period that show these categories (last: it may wait for a
    // row another change holds, and only the commit follows).
    const refreshes = budget && before.periodId !== null ? await queueBudgetRefreshes(tx, before.periodId, budget.cats.map((c) => c.id)) : [];
    return { ok: true, status, outboxIds: [...outboxIds, ...refreshes] } as const;
  });
}

export type AskResult = DecideResult | { ok: true; status: RequestStatus; outboxIds: number[]; infoRequestId: number };

/**
 * Asks the applicant a question (the request goes under review). Like a decision it is stored
 * before the ack, so it gets the same deadline (from `opts.startedAt`); past it, nothing is
 * stored and the answer is "busy".
 */
export async function askForInformation(db: Db, requestId: number, actor: string, question: string, opts: { startedAt?: number } = {}): Promise<AskResult> {
  const startedAt = opts.startedAt ?? Date.now();
  try {
    return await transactionBy(db, startedAt + DECISION_DEADLINE_MS - DECISION_WORK_MS, DECISION_DEADLINE_MS, async (tx) => {
      const before = await tx.request.findUnique({ where: { id: requestId } });
      if (!before) return { ok: false, error: "not_found" } as const;
      const authority = await decisionAuthority(tx, actor, before.orgId);
      if (!authority.ok) return { ok: false, error: "not_allowed", refusal: authority.refusal } as const;
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
      const info = await tx.infoRequest.create({ data: { requestId, question, askedBy: actor, askedAsDeputy: authority.deputy } });
      const audit = await tx.auditEntry.create({
        data: {
          requestId,
          actor,
          action: "info_requested",
          before: { status: before.status },
          after: { status: "under_review", infoRequestId: info.id, ...(authority.deputy ? { deputy: true } : {}) },
        },
      });
      const outboxIds = await addToOutbox(tx, [
        { kind: "coord_refresh", requestId, refId: audit.id },
        { kind: "thread_info_asked", requestId, refId: info.id },
        { kind: "applicant_info_question", requestId, refId: info.id },
        homeRefreshForRequest(requestId, audit.id),
      ]);
      return { ok: true, status: "under_review", outboxIds, infoRequestId: info.id } as const;
    });
  } catch (err) {
    if (isContention(err)) return { ok: false, error: "busy" };
    throw err;
  }
}

export type AnswerResult =
  | { ok: true; requestId: number; outboxIds: number[] }
  | { ok: false; error: "not_found" | "not_allowed" | "already_answered" | "already_decided" | "withdrawn" };

/** The applicant (or a member of the applicant's organisation) answers a question. */
export async function answerInformation(
  db: Db,
  infoRequestId: number,
  actor: { slackUserId: string; orgId: number },
  answer: string,
): Promise<AnswerResult> {
  return db.$transaction(async (tx) => {
    // The request's row lock first, as a withdrawal or a correction takes it (services/request-changes.ts;
    // a decision takes it last, after the case and the budget, and never then waits for a question's
    // row): a decision or a withdrawal committing meanwhile is seen below, and one that comes after
    // waits for this answer, so no answer is stored on a request that is no longer open.
    await tx.$queryRaw`SELECT r."id" FROM "request" r JOIN "info_request" i ON i."request_id" = r."id" WHERE i."id" = ${infoRequestId} FOR NO KEY UPDATE OF r`;
    const info = await tx.infoRequest.findUnique({ where: { id: infoRequestId }, include: { request: true } });
    if (!info) return { ok: false, error: "not_found" } as const;
    if (info.request.orgId !== actor.orgId) return { ok: false, error: "not_allowed" } as const;
    if (info.request.status === "withdrawn") return { ok: false, error: "withdrawn" } as const;
    if (!isOpenStatus(info.request.status)) return { ok: false, error: "already_decided" } as const;
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
      homeRefreshForRequest(info.requestId, audit.id),
    ]);
    return { ok: true, requestId: info.requestId, outboxIds } as const;
  });
}

/** Days already granted to a case for a type (counts against the 30- and 90-day caps). */
export async function grantedDaysForCase(db: Db, caseId: number, type: "rest" | "integration"): Promise<number> {
  const { rows } = await sqlOf(db).query<{ days: number }>(sql`
    SELECT COALESCE(SUM("granted_days"), 0)::int AS "days" FROM "request"
    WHERE "case_id" = ${caseId} AND "type" = ${type}::"RequestType" AND "status" IN ('granted', 'partly_granted')`);
  return rows[0]?.days ?? 0;
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

// Reads used by listeners

/** The question with its request (case, organisation, questions), for the "Svara" button's modal. */
export async function loadInfoRequestForAnswer(db: Db, infoRequestId: number) {
  return db.infoRequest.findUnique({
    where: { id: infoRequestId },
    include: { request: { include: { case: true, org: true, infoRequests: true } } },
  });
}

/** The request's status, or null when there is no such request. */
export async function requestStatus(db: Db, requestId: number): Promise<RequestStatus | null> {
  const request = await db.request.findUnique({ where: { id: requestId }, select: { status: true } });
  return request?.status ?? null;
}
