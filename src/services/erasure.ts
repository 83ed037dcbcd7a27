// Personal data has an end date (issue #14, item 3): the free text of a case is replaced by a
// marker (domain/erasure.ts ERASED_TEXT) while every statistical field, amount, date and decision
// stays, so every report gives the same figures before and after.
//
// What is free text (README, "Dataskydd"): a request's justification and decision reason, a
// komplettering's question and answer, an admin's override reason for a request, a payment's note
// and override reason (payment), a handover's reason (case_transfer), and any text an audit row's
// before/after JSON holds under a text key (scrubAuditJson). Every free-text column of a table
// that belongs to a case or a request is listed here (tests/services/erasure.test.ts checks the
// tables with a tag in every one of them). Slack messages already
// posted that showed such text (the decision in the thread when its reason was shared, the
// decision DM, the question DM) are updated through the outbox (kind text_erased_update: a
// chat.update re-rendered from the erased rows).
//
// Two ways in, both one transaction per case with an audit row (action "case.erased", never the
// text; an admin's reason for an erasure at a person's request is checked for personal data):
//   - the daily retention step (jobs/retention.ts → runRetention): cases whose life ended (closed,
//     or never opened: admission denied or withdrawn) more than NSP_RETENTION_MONTHS ago and not
//     erased since (or with text written after their erasure), and decided or withdrawn requests
//     without a case decided that long ago. Idempotent: `erased_at` and the marker mark what is
//     done, and each case is re-checked under its row lock, so two workers erase it once.
// An erasure also re-publishes the App Homes that showed a shared decision reason (home_refresh).
// Text that arrives after an erasure: a request whose text is erased for good takes none
// (textErasedForGood; services/payments.ts refuses a note, stores an override reason as the marker).
//   - `npm run admin -- case erase <NSP…> --reason … --by <admin>` (cliEraseCase): at once.
//
// `npm run admin -- case export <NSP…> --by <admin>` (exportCase) reads everything held about one
// case and records the read (action "case.export").
import { Prisma, type Db, type Tx } from "../core/db.js";
import { READ } from "../domain/audit.js";
import { ERASED_TEXT, retentionCutoff, scrubAuditJson, TEXT_ERASED_NOTE } from "../domain/erasure.js";
import { isoDay } from "../domain/format.js";
import { outboxKeys } from "../domain/outbox.js";
import { parseCaseRef } from "../domain/rules.js";
import { AdminError, checkFreeText, SLACK_USER_ID_RE } from "./admin.js";
import { findActor } from "./members.js";
import { addToOutbox, homeRefreshForRequest, type OutboxItem } from "./outbox.js";

export { TEXT_ERASED_NOTE };

export const CASE_ERASED = "case.erased";
export const REQUEST_ERASED = "request.erased";
/** The export's reading, from the one list of reading actions (src/domain/audit.ts). */
export const CASE_EXPORT = READ.caseExport;
/** The actor of the retention step's audit rows. */
export const RETENTION_ACTOR = "system:retention";

export interface ErasureCounts {
  requests: number;
  infoRequests: number;
  overrides: number;
  /** Payments whose note or override reason was replaced. */
  payments: number;
  /** Handovers (case_transfer) whose reason was replaced. */
  transfers: number;
  auditEntries: number;
  /** Slack messages queued for an update with the marker. */
  slackUpdates: number;
}

export interface ErasureOrigin {
  actor: string;
  trigger: "retention" | "request";
  /** Why (an erasure at a person's request); checked for personal data by the caller. */
  reason?: string;
}

/**
 * Replaces the free text of `requestIds` (and of the audit rows of the case, when `caseId` is
 * given) by the marker, inside the caller's transaction. Returns the counts and the outbox items of
 * the Slack messages to update (their keys need the erasure's audit id, see eraseCaseInTx).
 */
async function eraseTextOf(
  tx: Tx,
  caseId: number | null,
  requestIds: number[],
  now: Date,
): Promise<{ counts: Omit<ErasureCounts, "slackUpdates">; sent: { id: number; requestId: number }[]; homeRequestId: number | null }> {
  // The App Home shows a decided request's reason when it was shared (services/home.ts
  // shared_reason) to its organisation's members: one of them names whose Homes to re-publish.
  const shown = requestIds.length === 0 ? [] : await tx.$queryRaw<{ id: number }[]>`
    SELECT "id" FROM "request" WHERE "id" = ANY(${requestIds}::int[]) AND "reason_shared"
      AND "decision_reason" IS NOT NULL AND "decision_reason" <> ${ERASED_TEXT}
    ORDER BY "id" LIMIT 1`;
  // The sent messages with text, read before the text is gone (whether a reason was there decides).
  const sent = requestIds.length === 0 ? [] : await tx.$queryRaw<{ id: number; requestId: number }[]>`
    SELECT o."id", o."request_id" AS "requestId" FROM "outbox_message" o JOIN "request" r ON r."id" = o."request_id"
    WHERE o."request_id" = ANY(${requestIds}::int[]) AND o."status" = 'sent' AND o."channel" IS NOT NULL AND o."ts" IS NOT NULL
      AND ((o."kind" = 'thread_decision' AND r."decision_reason" IS NOT NULL AND r."decision_reason" <> ${ERASED_TEXT} AND r."reason_shared")
        OR (o."kind" = 'applicant_decision' AND r."decision_reason" IS NOT NULL AND r."decision_reason" <> ${ERASED_TEXT})
        OR (o."kind" = 'applicant_info_question' AND EXISTS (
              SELECT 1 FROM "info_request" i WHERE i."id" = o."ref_id" AND i."question" <> ${ERASED_TEXT})))
    ORDER BY o."id"`;
  const requests = requestIds.length === 0 ? 0 : await tx.$executeRaw`
    UPDATE "request" SET "justification" = ${ERASED_TEXT},
      "decision_reason" = CASE WHEN "decision_reason" IS NULL THEN NULL ELSE ${ERASED_TEXT} END,
      "erased_at" = ${now}
    WHERE "id" = ANY(${requestIds}::int[])`;
  const infoRequests = requestIds.length === 0 ? 0 : await tx.$executeRaw`
    UPDATE "info_request" SET "question" = ${ERASED_TEXT}, "answer" = CASE WHEN "answer" IS NULL THEN NULL ELSE ${ERASED_TEXT} END
    WHERE "request_id" = ANY(${requestIds}::int[])`;
  const overrides = requestIds.length === 0 ? 0 : await tx.$executeRaw`
    UPDATE "budget_override" SET "reason" = ${ERASED_TEXT} WHERE "request_id" = ANY(${requestIds}::int[])`;
  const payments = requestIds.length === 0 ? 0 : await tx.$executeRaw`
    UPDATE "payment" SET "note" = CASE WHEN "note" IS NULL THEN NULL ELSE ${ERASED_TEXT} END,
      "override_reason" = CASE WHEN "override_reason" IS NULL THEN NULL ELSE ${ERASED_TEXT} END,
      "reject_reason" = CASE WHEN "reject_reason" IS NULL THEN NULL ELSE ${ERASED_TEXT} END
    WHERE "request_id" = ANY(${requestIds}::int[]) AND ("note" IS NOT NULL OR "override_reason" IS NOT NULL OR "reject_reason" IS NOT NULL)`;
  const transfers = caseId === null ? 0 : await tx.$executeRaw`
    UPDATE "case_transfer" SET "reason" = ${ERASED_TEXT} WHERE "case_id" = ${caseId}`;
  // Audit rows keep their structure (statuses, amounts, dates, ids); only text under a text key goes.
  // The erasures' own rows keep their reason: it says why, and was checked for personal data.
  const audits = await tx.auditEntry.findMany({
    where: {
      OR: [...(caseId !== null ? [{ caseId }] : []), { requestId: { in: requestIds } }],
      action: { notIn: [CASE_ERASED, REQUEST_ERASED] },
    },
    select: { id: true, before: true, after: true },
  });
  let auditEntries = 0;
  for (const a of audits) {
    const before = scrubAuditJson(a.before);
    const after = scrubAuditJson(a.after);
    if (JSON.stringify(before) === JSON.stringify(a.before) && JSON.stringify(after) === JSON.stringify(a.after)) continue;
    await tx.auditEntry.update({ where: { id: a.id }, data: { before: jsonOrNull(before), after: jsonOrNull(after) } });
    auditEntries++;
  }
  return { counts: { requests, infoRequests, overrides, payments, transfers, auditEntries }, sent, homeRequestId: shown[0]?.id ?? null };
}

/** Prisma's JSON input: a database NULL stays NULL. */
function jsonOrNull(value: Prisma.JsonValue): Prisma.InputJsonValue | typeof Prisma.DbNull {
  return value === null ? Prisma.DbNull : value;
}

export interface CaseErasure extends ErasureCounts {
  caseRef: string;
  auditId: number;
  outboxIds: number[];
}

/**
 * The outbox rows of an erasure (audit row `auditId`): the chat.update of each posted message that
 * showed text, and the re-publishing of the App Homes that showed a shared decision reason (the
 * organisation's members, coordinators and admins: outbox kind home_refresh of that request).
 */
function erasureItems(sent: { id: number; requestId: number }[], homeRequestId: number | null, auditId: number): OutboxItem[] {
  const items: OutboxItem[] = sent.map((s) => ({ kind: "text_erased_update", requestId: s.requestId, refId: s.id, key: outboxKeys.erasedUpdate(s.id, auditId) }));
  if (homeRequestId !== null) items.push(homeRefreshForRequest(homeRequestId, auditId));
  return items;
}

/**
 * Erases case `caseId`'s free text in `tx` (its row locked first) and records it. `due` (a
 * condition on the case as `c`) re-checks, under the lock, that the erasure is still wanted (the
 * retention step: still past its end and not erased since); null when it is not.
 */
async function eraseCaseInTx(tx: Tx, caseId: number, origin: ErasureOrigin, now: Date, due?: Prisma.Sql): Promise<CaseErasure | null> {
  const locked = await tx.$queryRaw<{ ref: string }[]>`SELECT "ref" FROM "case" WHERE "id" = ${caseId} FOR UPDATE`;
  const c = locked[0];
  if (!c) return null;
  if (due) {
    const still = await tx.$queryRaw<{ due: boolean }[]>`SELECT (${due}) AS "due" FROM "case" c WHERE c."id" = ${caseId}`;
    if (still[0]?.due !== true) return null;
  }
  const requestIds = (await tx.request.findMany({ where: { caseId }, select: { id: true }, orderBy: { id: "asc" } })).map((r) => r.id);
  const { counts, sent, homeRequestId } = await eraseTextOf(tx, caseId, requestIds, now);
  await tx.case.update({ where: { id: caseId }, data: { erasedAt: now } });
  const audit = await tx.auditEntry.create({
    data: {
      caseId,
      actor: origin.actor,
      action: CASE_ERASED,
      after: { trigger: origin.trigger, ...counts, slackUpdates: sent.length, ...(origin.reason !== undefined ? { reason: origin.reason } : {}) },
      at: now,
    },
  });
  const outboxIds = await addToOutbox(tx, erasureItems(sent, homeRequestId, audit.id));
  return { caseRef: c.ref, auditId: audit.id, ...counts, slackUpdates: sent.length, outboxIds };
}

// When is a case's text due (README, "Dataskydd")? SQL conditions on the case as `c` (or the
// request as `r`), shared by the retention step's candidate queries and its re-check under the lock.

/** Some free text of case `c` is not (or no longer) the marker: written after an erasure. */
const CASE_HAS_TEXT = Prisma.sql`(
  EXISTS (SELECT 1 FROM "request" x WHERE x."case_id" = c."id" AND (x."justification" <> ${ERASED_TEXT} OR x."decision_reason" <> ${ERASED_TEXT}))
  OR EXISTS (SELECT 1 FROM "info_request" i JOIN "request" x ON x."id" = i."request_id" WHERE x."case_id" = c."id" AND (i."question" <> ${ERASED_TEXT} OR i."answer" <> ${ERASED_TEXT}))
  OR EXISTS (SELECT 1 FROM "budget_override" o JOIN "request" x ON x."id" = o."request_id" WHERE x."case_id" = c."id" AND o."reason" <> ${ERASED_TEXT})
  OR EXISTS (SELECT 1 FROM "payment" p JOIN "request" x ON x."id" = p."request_id" WHERE x."case_id" = c."id" AND (p."note" <> ${ERASED_TEXT} OR p."override_reason" <> ${ERASED_TEXT} OR p."reject_reason" <> ${ERASED_TEXT}))
  OR EXISTS (SELECT 1 FROM "case_transfer" t WHERE t."case_id" = c."id" AND t."reason" <> ${ERASED_TEXT}))`;

/** The same for a request `r` without a case. */
const REQUEST_HAS_TEXT = Prisma.sql`(
  r."justification" <> ${ERASED_TEXT} OR r."decision_reason" <> ${ERASED_TEXT}
  OR EXISTS (SELECT 1 FROM "info_request" i WHERE i."request_id" = r."id" AND (i."question" <> ${ERASED_TEXT} OR i."answer" <> ${ERASED_TEXT}))
  OR EXISTS (SELECT 1 FROM "budget_override" o WHERE o."request_id" = r."id" AND o."reason" <> ${ERASED_TEXT})
  OR EXISTS (SELECT 1 FROM "payment" p WHERE p."request_id" = r."id" AND (p."note" <> ${ERASED_TEXT} OR p."override_reason" <> ${ERASED_TEXT} OR p."reject_reason" <> ${ERASED_TEXT})))`;

const stockholmDay = (column: Prisma.Sql): Prisma.Sql => Prisma.sql`(${column} AT TIME ZONE 'Europe/Stockholm')::date`;

/**
 * The Stockholm day case `c`'s life ended, null while it has not:
 * - a closed case: the later of its closing date and the day the closing was recorded (a case
 *   closed today with an old date keeps its text the whole time); a reopened case has none;
 * - a case that never opened (it has an admission, none granted, and no request still waiting for
 *   a decision): the latest decision or withdrawal of its requests (a granted one: not before its
 *   period's end) or handover.
 */
const CASE_END_DAY = Prisma.sql`(CASE
  WHEN c."outcome" IS NOT NULL THEN CASE WHEN c."closed_on" IS NOT NULL THEN GREATEST(c."closed_on", COALESCE(${stockholmDay(Prisma.sql`c."closed_at"`)}, c."closed_on")) END
  WHEN EXISTS (SELECT 1 FROM "request" a WHERE a."case_id" = c."id" AND a."type" = 'admission')
    AND NOT EXISTS (SELECT 1 FROM "request" a WHERE a."case_id" = c."id"
      AND ((a."type" = 'admission' AND a."status" IN ('granted', 'partly_granted')) OR a."status" IN ('received', 'under_review')))
  THEN GREATEST(
    (SELECT max(GREATEST(${stockholmDay(Prisma.sql`x."decided_at"`)}, CASE WHEN x."status" IN ('granted', 'partly_granted') THEN x."end_date" END))
      FROM "request" x WHERE x."case_id" = c."id"),
    (SELECT max(${stockholmDay(Prisma.sql`t."at"`)}) FROM "case_transfer" t WHERE t."case_id" = c."id"))
END)`;

/**
 * Case `c` is due at `cutoff`: its life ended on or before the cutoff day, and it was not erased
 * since (never erased, erased before its last closing, or text written after its erasure).
 */
const caseDue = (cutoff: string): Prisma.Sql => Prisma.sql`(${CASE_END_DAY} <= ${cutoff}::date
  AND (c."erased_at" IS NULL OR c."erased_at" < c."closed_at" OR ${CASE_HAS_TEXT}))`;

/** Request `r` without a case is due at `cutoff`: decided or withdrawn by then, not erased since. */
const looseDue = (cutoff: string): Prisma.Sql => Prisma.sql`(r."case_id" IS NULL AND r."status" IN ('granted', 'partly_granted', 'denied', 'withdrawn')
  AND ${stockholmDay(Prisma.sql`r."decided_at"`)} <= ${cutoff}::date
  AND (r."erased_at" IS NULL OR ${REQUEST_HAS_TEXT}))`;

export interface RetentionResult {
  /** The refs of the cases erased now (never any text). */
  cases: string[];
  /** Requests without a case erased now. */
  requests: number[];
  outboxIds: number[];
}

/**
 * The retention step at `now`: erases the cases whose life ended (CASE_END_DAY: closed, or never
 * opened because their admission was denied or withdrawn) on or before retentionCutoff(now,
 * months) and that were not erased since (never erased, erased before their last closing, or
 * with free text written after their erasure: caseDue), and the decided or withdrawn requests
 * without a case decided by then (the same "since"). A reopened case and a case with a request
 * still waiting for a decision have no end and are never due. Each case is its own transaction,
 * re-checked under its row lock with the same condition. Cheap when nothing is due (two small
 * queries), so every sweep may run it: a case becomes due when a Stockholm day begins, and the
 * first sweep of that day erases it; later sweeps find nothing. No `scheduled_run` claim is
 * needed: `erased_at` and the marker make it once.
 */
export async function runRetention(db: Db, months: number, now: Date): Promise<RetentionResult> {
  const cutoff = isoDay(retentionCutoff(now, months));
  const due = caseDue(cutoff);
  const candidates = await db.$queryRaw<{ id: number }[]>`SELECT c."id" FROM "case" c WHERE ${due} ORDER BY c."id"`;
  const cases: string[] = [];
  const outboxIds: number[] = [];
  for (const { id } of candidates) {
    const erased = await db.$transaction((tx) => eraseCaseInTx(tx, id, { actor: RETENTION_ACTOR, trigger: "retention" }, now, due));
    if (erased) {
      cases.push(erased.caseRef);
      outboxIds.push(...erased.outboxIds);
    }
  }
  const requests: number[] = [];
  const loose = await db.$queryRaw<{ id: number }[]>`SELECT r."id" FROM "request" r WHERE ${looseDue(cutoff)} ORDER BY r."id"`;
  for (const { id } of loose) {
    const ids = await db.$transaction(async (tx) => {
      const still = await tx.$queryRaw<{ id: number }[]>`SELECT r."id" FROM "request" r WHERE r."id" = ${id} AND ${looseDue(cutoff)} FOR UPDATE`;
      if (still.length === 0) return null;
      const { counts, sent, homeRequestId } = await eraseTextOf(tx, null, [id], now);
      const audit = await tx.auditEntry.create({
        data: { requestId: id, actor: RETENTION_ACTOR, action: REQUEST_ERASED, after: { trigger: "retention", ...counts, slackUpdates: sent.length }, at: now },
      });
      return addToOutbox(tx, erasureItems(sent, homeRequestId, audit.id));
    });
    if (ids) {
      requests.push(id);
      outboxIds.push(...ids);
    }
  }
  return { cases, requests, outboxIds };
}

/**
 * Whether request `requestId`'s free text is erased for good: it is erased and nothing will erase
 * text added to it later (its case is closed and was erased since its closing, or it has no case),
 * so it takes no new free text (services/payments.ts: a payment's note, an admin's override
 * reason); the same for a case that never opened (its admission denied or withdrawn) and was
 * erased. An erased case that is active again (or still active after an erasure at a person's
 * request) takes text: the retention step erases it after the case's next end.
 */
export async function textErasedForGood(tx: Tx, requestId: number): Promise<boolean> {
  const rows = await tx.$queryRaw<{ frozen: boolean }[]>`
    SELECT r."erased_at" IS NOT NULL AND (r."case_id" IS NULL
      OR (c."erased_at" IS NOT NULL AND (c."erased_at" >= c."closed_at" OR (c."outcome" IS NULL AND ${CASE_END_DAY} IS NOT NULL)))) IS TRUE AS "frozen"
    FROM "request" r LEFT JOIN "case" c ON c."id" = r."case_id" WHERE r."id" = ${requestId}`;
  return rows[0]?.frozen === true;
}

// ------------------------------------------------------------------------------------------------
// The operator CLI: `case erase` and `case export`, for an admin named by --by.

function cliRef(raw: string): string {
  const ref = raw.length <= 20 ? parseCaseRef(raw) : null;
  if (!ref) throw new AdminError(`Ärendenumret ska se ut som NSP004, fick "${raw.slice(0, 20)}".`);
  return ref;
}

/** --by must be an admin in the member table (looked up, never trusted). */
async function cliAdmin(db: Db, by: string, what: string): Promise<string> {
  if (!SLACK_USER_ID_RE.test(by)) throw new AdminError(`--by ska vara ett Slack-id (U…), fick "${by.slice(0, 40)}".`);
  const actor = await findActor(db, by);
  if (!actor || actor.role !== "admin") throw new AdminError(`${by} är inte administratör i NSP-appen; bara administratörer får ${what}.`);
  return by;
}

async function caseIdOf(db: Db, ref: string): Promise<number> {
  const found = await db.case.findUnique({ where: { ref }, select: { id: true } });
  if (!found) throw new AdminError(`Ärendet ${ref} finns inte.`);
  return found.id;
}

/** Erases a case's free text at once (a person's request to be forgotten), whatever its state. */
export async function cliEraseCase(db: Db, opts: { ref: string; reason: string; by: string }, now: Date = new Date()): Promise<CaseErasure> {
  const ref = cliRef(opts.ref);
  const reason = opts.reason.trim();
  if (!reason) throw new AdminError("--reason krävs: skälet sparas i granskningsloggen.");
  checkFreeText("--reason", reason);
  const by = await cliAdmin(db, opts.by, "radera ett ärendes text");
  const caseId = await caseIdOf(db, ref);
  const erased = await db.$transaction((tx) => eraseCaseInTx(tx, caseId, { actor: by, trigger: "request", reason }, now));
  if (!erased) throw new AdminError(`Ärendet ${ref} finns inte.`);
  return erased;
}

/** Everything held about one case, as stored (dates as ISO strings), and nothing about another. */
export async function exportCase(db: Db, opts: { ref: string; by: string }, now: Date = new Date()) {
  const ref = cliRef(opts.ref);
  const by = await cliAdmin(db, opts.by, "exportera ett ärende");
  return db.$transaction(async (tx) => {
    const c = await tx.case.findUnique({ where: { ref }, include: { org: { select: { id: true, name: true } } } });
    if (!c) throw new AdminError(`Ärendet ${ref} finns inte.`);
    const requests = await tx.request.findMany({
      where: { caseId: c.id },
      include: {
        period: { select: { id: true, name: true } },
        infoRequests: { orderBy: { id: "asc" } },
        commitments: { include: { category: { select: { key: true, name: true } } }, orderBy: { id: "asc" } },
        overrides: { orderBy: { id: "asc" } },
        payments: { orderBy: { id: "asc" } },
        releases: { include: { category: { select: { key: true, name: true } } }, orderBy: { id: "asc" } },
      },
      orderBy: { id: "asc" },
    });
    // The handovers of this case (from/to organisation, reason, who, when): case_transfer rows only
    // ever belong to one case.
    const transfers = await tx.caseTransfer.findMany({
      where: { caseId: c.id },
      include: { fromOrg: { select: { id: true, name: true } }, toOrg: { select: { id: true, name: true } } },
      orderBy: { id: "asc" },
    });
    const requestIds = requests.map((r) => r.id);
    const auditEntries = await tx.auditEntry.findMany({ where: { OR: [{ caseId: c.id }, { requestId: { in: requestIds } }] }, orderBy: { id: "asc" } });
    const caseAuditIds = auditEntries.filter((a) => a.caseId === c.id).map((a) => a.id);
    // The case's messages: those of its requests, the Home refreshes after them (ref = request id),
    // the channel notes of its closing and reopening (ref = audit id) and the DMs and Home refreshes
    // of its handovers (ref/key = case_transfer id). Not the daily digest, which lists many cases.
    const transferIds = transfers.map((t) => t.id);
    const outboxMessages = await tx.outboxMessage.findMany({
      where: {
        OR: [
          { requestId: { in: requestIds } },
          { kind: "home_refresh", refId: { in: requestIds } },
          { kind: "case_status", refId: { in: caseAuditIds } },
          { kind: "home_refresh_transfer", refId: { in: transferIds } },
          // Key "case_transfer:<transfer id>:<member id>" (domain/outbox.ts outboxKeys.caseTransfer).
          ...transferIds.map((id) => ({ kind: "case_transfer_dm" as const, key: { startsWith: `case_transfer:${id}:` } })),
        ],
      },
      orderBy: { id: "asc" },
    });
    await tx.auditEntry.create({ data: { caseId: c.id, actor: by, action: CASE_EXPORT, at: now } });
    return {
      format: "nsp-case-export/1",
      exportedAt: now.toISOString(),
      exportedBy: by,
      case: c,
      transfers,
      requests,
      auditEntries,
      outboxMessages,
    };
  });
}
export type CaseExport = Awaited<ReturnType<typeof exportCase>>;
