// Closing a case with an outcome and reopening it (issue #12, item 3). Each is one transaction
// with its audit row (case_id set, before → after) and its outbox row (a note in the coordinator
// channel naming the case ref and the outcome only).
//
// Exactly once and no request slips in: the transaction locks the case row FOR UPDATE before it
// looks at the case's requests. A new request for the case locks the same row FOR KEY SHARE in
// submitRequest (services/requests.ts) and inserts only while the case has no outcome, so either
// the request is stored first (and closing refuses, naming it) or the closing commits first (and
// the request is refused). Two clicks on "Avsluta" close once: the second finds the case closed.
//
// Who may: close — members of the owning organisation (any role), coordinators and admins;
// reopen — coordinators and admins. Anyone else is told the case does not exist (the same answer
// as for an unknown ref, so refs of other organisations' cases cannot be probed).
import type { Db, Tx } from "../core/db.js";
import { closingDateError, isCaseOutcome, openRequestsText, outcomeWithDate, type WaitingRequest } from "../domain/case-outcome.js";
import { isoDay, parseIsoDate, todayDate } from "../domain/format.js";
import { outboxKeys } from "../domain/outbox.js";
import { parseCaseRef } from "../domain/rules.js";
import { CASE_OUTCOME_LABEL, CASE_OUTCOMES, OPEN_STATUSES, type CaseOutcome, type Role } from "../domain/types.js";
import { AdminError, SLACK_USER_ID_RE } from "./admin.js";
import { findActor } from "./members.js";
import { addToOutbox } from "./outbox.js";
import { releaseOnClose, revertOnReopen } from "./payments.js";

/** Who acts: the Slack user looked up in `member` (listeners: findActor; CLI: `--by`). */
export interface CaseActor {
  slackUserId: string;
  role: Role;
  orgId: number;
}

const isCoordinator = (a: CaseActor): boolean => a.role === "coordinator" || a.role === "admin";
export const mayClose = (a: CaseActor, orgId: number): boolean => isCoordinator(a) || a.orgId === orgId;
export const mayReopen = (a: CaseActor): boolean => isCoordinator(a);

/** A case as closing and reopening see it. Dates are calendar days (UTC midnight). */
export interface CaseState {
  id: number;
  ref: string;
  orgId: number;
  /** The Stockholm day the case was created (its admission was submitted): the earliest closing date. */
  createdOn: Date;
  outcome: CaseOutcome | null;
  closedOn: Date | null;
  closedBy: string | null;
}

interface CaseRow {
  id: number;
  ref: string;
  org_id: number;
  created_on: string;
  outcome: CaseOutcome | null;
  closed_on: string | null;
  closed_by: string | null;
}

const day = (s: string): Date => parseIsoDate(s) ?? new Date(`${s}T00:00:00.000Z`);

function toState(r: CaseRow): CaseState {
  return {
    id: r.id,
    ref: r.ref,
    orgId: r.org_id,
    createdOn: day(r.created_on),
    outcome: r.outcome,
    closedOn: r.closed_on === null ? null : day(r.closed_on),
    closedBy: r.closed_by,
  };
}

async function readCase(client: Db | Tx, ref: string, lock: boolean): Promise<CaseState | null> {
  const rows = lock
    ? await client.$queryRaw<CaseRow[]>`
        SELECT "id", "ref", "org_id", to_char(("created_at" AT TIME ZONE 'Europe/Stockholm')::date, 'YYYY-MM-DD') AS "created_on",
               "outcome"::text AS "outcome", to_char("closed_on", 'YYYY-MM-DD') AS "closed_on", "closed_by"
        FROM "case" WHERE "ref" = ${ref} FOR UPDATE`
    : await client.$queryRaw<CaseRow[]>`
        SELECT "id", "ref", "org_id", to_char(("created_at" AT TIME ZONE 'Europe/Stockholm')::date, 'YYYY-MM-DD') AS "created_on",
               "outcome"::text AS "outcome", to_char("closed_on", 'YYYY-MM-DD') AS "closed_on", "closed_by"
        FROM "case" WHERE "ref" = ${ref}`;
  const row = rows[0];
  return row ? toState(row) : null;
}

async function openRequests(client: Db | Tx, caseId: number): Promise<WaitingRequest[]> {
  return client.request.findMany({
    where: { caseId, status: { in: [...OPEN_STATUSES] } },
    select: { id: true, type: true, startDate: true, endDate: true, days: true, children: true, protection: true, measure: true, quantity: true, unitAmount: true },
    orderBy: { id: "asc" },
  });
}

export type CaseView =
  | { ok: true; case: CaseState; open: WaitingRequest[] }
  | { ok: false; error: "not_found" }
  /** An applicant of the owning organisation asked to reopen. */
  | { ok: false; error: "not_allowed"; case: CaseState };

/** The case behind an "Avsluta ärende"/"Återöppna ärende" click, if `actor` may act on it. */
export async function caseForOutcome(db: Db, ref: string, actor: CaseActor, action: "close" | "reopen"): Promise<CaseView> {
  const found = await readCase(db, ref, false);
  if (!found || !mayClose(actor, found.orgId)) return { ok: false, error: "not_found" };
  if (action === "reopen" && !mayReopen(actor)) return { ok: false, error: "not_allowed", case: found };
  return { ok: true, case: found, open: found.outcome === null ? await openRequests(db, found.id) : [] };
}

export interface CloseInput {
  ref: string;
  actor: CaseActor;
  outcome: CaseOutcome;
  /** The closing date, a calendar day (UTC midnight). */
  closedOn: Date;
  /** Today in Stockholm (UTC midnight); the closing date may not be after it. */
  today: Date;
}

export type CloseResult =
  | { ok: true; caseRef: string; outcome: CaseOutcome; closedOn: Date; outboxIds: number[]; /** Kronor returned to the categories (unused granted days). */ released: number }
  | { ok: false; error: "not_found" }
  | { ok: false; error: "already_closed"; caseRef: string; outcome: CaseOutcome; closedOn: Date; closedBy: string | null }
  | { ok: false; error: "open_requests"; caseRef: string; open: WaitingRequest[] }
  | { ok: false; error: "date"; message: string };

export async function closeCase(db: Db, input: CloseInput): Promise<CloseResult> {
  return db.$transaction(async (tx) => {
    const c = await readCase(tx, input.ref, true);
    if (!c || !mayClose(input.actor, c.orgId)) return { ok: false, error: "not_found" } as const;
    if (c.outcome !== null && c.closedOn !== null) {
      return { ok: false, error: "already_closed", caseRef: c.ref, outcome: c.outcome, closedOn: c.closedOn, closedBy: c.closedBy } as const;
    }
    const dateError = closingDateError(input.closedOn, input.today, c.createdOn);
    if (dateError) return { ok: false, error: "date", message: dateError } as const;
    const open = await openRequests(tx, c.id);
    if (open.length > 0) return { ok: false, error: "open_requests", caseRef: c.ref, open } as const;
    const updated = await tx.case.updateMany({
      where: { id: c.id, outcome: null },
      data: { outcome: input.outcome, closedOn: input.closedOn, closedAt: new Date(), closedBy: input.actor.slackUserId },
    });
    if (updated.count !== 1) throw new Error(`case ${c.ref} changed under its lock`);
    const audit = await tx.auditEntry.create({
      data: {
        caseId: c.id,
        actor: input.actor.slackUserId,
        action: "case_closed",
        before: { outcome: null, closedOn: null },
        after: { outcome: input.outcome, closedOn: isoDay(input.closedOn) },
      },
    });
    const outboxIds = await addToOutbox(tx, [{ kind: "case_status", requestId: null, refId: audit.id, key: outboxKeys.caseStatus(audit.id) }]);
    // The unused days of granted rest and integration periods return to their categories (issue #13).
    const released = await releaseOnClose(tx, c.id, input.closedOn, input.actor.slackUserId);
    return { ok: true, caseRef: c.ref, outcome: input.outcome, closedOn: input.closedOn, released: released.released, outboxIds: [...outboxIds, ...released.outboxIds] } as const;
  });
}

export type ReopenResult =
  | { ok: true; caseRef: string; was: { outcome: CaseOutcome; closedOn: Date }; outboxIds: number[]; restored: number; kept: number }
  | { ok: false; error: "not_found" }
  | { ok: false; error: "not_allowed"; caseRef: string }
  | { ok: false; error: "not_closed"; caseRef: string };

export async function reopenCase(db: Db, input: { ref: string; actor: CaseActor }): Promise<ReopenResult> {
  return db.$transaction(async (tx) => {
    const c = await readCase(tx, input.ref, true);
    if (!c || !mayClose(input.actor, c.orgId)) return { ok: false, error: "not_found" } as const;
    if (!mayReopen(input.actor)) return { ok: false, error: "not_allowed", caseRef: c.ref } as const;
    if (c.outcome === null || c.closedOn === null) return { ok: false, error: "not_closed", caseRef: c.ref } as const;
    await tx.case.update({ where: { id: c.id }, data: { outcome: null, closedOn: null, closedAt: null, closedBy: null } });
    const audit = await tx.auditEntry.create({
      data: {
        caseId: c.id,
        actor: input.actor.slackUserId,
        action: "case_reopened",
        before: { outcome: c.outcome, closedOn: isoDay(c.closedOn), closedBy: c.closedBy },
        after: { outcome: null, closedOn: null },
      },
    });
    const outboxIds = await addToOutbox(tx, [{ kind: "case_status", requestId: null, refId: audit.id, key: outboxKeys.caseStatus(audit.id) }]);
    // The closing's releases go back to their grants, as far as the categories still have the money.
    const restored = await revertOnReopen(tx, c.id, input.actor.slackUserId);
    return { ok: true, caseRef: c.ref, was: { outcome: c.outcome, closedOn: c.closedOn }, restored: restored.released, kept: restored.kept, outboxIds: [...outboxIds, ...restored.outboxIds] } as const;
  });
}

/** What the coordinator channel note of a closing or reopening shows (read from its audit entry). */
export interface CaseStatusNote {
  caseRef: string;
  action: "closed" | "reopened";
  actor: string;
  outcome: CaseOutcome;
  closedOn: Date;
}

/** The note of audit entry `auditId`, as it was at that change (later changes have their own). */
export async function caseStatusNote(db: Db, auditId: number): Promise<CaseStatusNote | null> {
  const a = await db.auditEntry.findUnique({ where: { id: auditId }, include: { case: { select: { ref: true } } } });
  if (!a?.case || (a.action !== "case_closed" && a.action !== "case_reopened")) return null;
  const closed = a.action === "case_closed";
  const side = (closed ? a.after : a.before) as { outcome?: CaseOutcome; closedOn?: string } | null;
  if (!side?.outcome || !side.closedOn) return null;
  return { caseRef: a.case.ref, action: closed ? "closed" : "reopened", actor: a.actor, outcome: side.outcome, closedOn: day(side.closedOn) };
}

// ------------------------------------------------------------------------------------------------
// The operator CLI: `npm run admin -- case close <NSP…> --outcome <key> --date <yyyy-mm-dd> --by <Slack id>`
// and `case reopen <NSP…> --by <Slack id>`. The same rules as in Slack, for the member named by --by.

export interface CliCaseResult {
  caseRef: string;
  action: "closed" | "reopened";
  outcome: CaseOutcome;
  outcomeLabel: string;
  closedOn: string;
}

async function cliActor(db: Db, by: string): Promise<CaseActor> {
  if (!SLACK_USER_ID_RE.test(by)) throw new AdminError(`--by ska vara ett Slack-id (U…), fick "${by.slice(0, 40)}".`);
  const actor = await findActor(db, by);
  if (!actor) throw new AdminError(`${by} är inte medlem i NSP-appen.`);
  return actor;
}

function cliRef(raw: string): string {
  const ref = raw.length <= 20 ? parseCaseRef(raw) : null;
  if (!ref) throw new AdminError(`Ärendenumret ska se ut som NSP004, fick "${raw.slice(0, 20)}".`);
  return ref;
}

const notFound = (ref: string, by: string) => new AdminError(`Ärendet ${ref} finns inte, eller hör inte till ${by}s organisation.`);

export async function cliCloseCase(db: Db, opts: { ref: string; outcome: string; date: string; by: string }, now: Date = new Date()): Promise<CliCaseResult> {
  const ref = cliRef(opts.ref);
  if (!isCaseOutcome(opts.outcome)) throw new AdminError(`--outcome ska vara ett av ${CASE_OUTCOMES.join(", ")}, fick "${opts.outcome.slice(0, 40)}".`);
  const closedOn = parseIsoDate(opts.date);
  if (!closedOn) throw new AdminError(`--date ska vara ett datum (ÅÅÅÅ-MM-DD), fick "${opts.date.slice(0, 20)}".`);
  const actor = await cliActor(db, opts.by);
  const result = await closeCase(db, { ref, actor, outcome: opts.outcome, closedOn, today: todayDate(now) });
  if (result.ok) return { caseRef: result.caseRef, action: "closed", outcome: result.outcome, outcomeLabel: CASE_OUTCOME_LABEL[result.outcome], closedOn: isoDay(result.closedOn) };
  switch (result.error) {
    case "not_found":
      throw notFound(ref, opts.by);
    case "already_closed":
      throw new AdminError(`Ärendet ${result.caseRef} är redan avslutat${result.closedBy ? ` av ${result.closedBy}` : ""} (${outcomeWithDate(result.outcome, result.closedOn)}). Inget ändrades.`);
    case "open_requests":
      throw new AdminError(`Ärendet ${result.caseRef} kan inte avslutas än. ${openRequestsText(result.open)}`);
    case "date":
      throw new AdminError(`--date: ${result.message}`);
  }
}

export async function cliReopenCase(db: Db, opts: { ref: string; by: string }): Promise<CliCaseResult> {
  const ref = cliRef(opts.ref);
  const actor = await cliActor(db, opts.by);
  const result = await reopenCase(db, { ref, actor });
  if (result.ok) return { caseRef: result.caseRef, action: "reopened", outcome: result.was.outcome, outcomeLabel: CASE_OUTCOME_LABEL[result.was.outcome], closedOn: isoDay(result.was.closedOn) };
  switch (result.error) {
    case "not_found":
      throw notFound(ref, opts.by);
    case "not_allowed":
      throw new AdminError(`${opts.by} är inte samordnare eller administratör; bara de kan öppna ett avslutat ärende igen.`);
    case "not_closed":
      throw new AdminError(`Ärendet ${result.caseRef} är inte avslutat. Inget ändrades.`);
  }
}
