// Handing a case to another certified organisation (issue #14, item 2). One transaction: the case
// row locked FOR UPDATE, the checks, `case.org_id` changed, a `case_transfer` row (from, to,
// reason, who, when), an audit row (case_id set; before → after organisation, never the reason)
// and one outbox DM per member of the two organisations (kind "case_transfer_dm"; the reason is
// never in it), plus one refresh of their Homes (kind "home_refresh_transfer"). Rules and texts: src/domain/case-transfer.ts.
//
// Access afterwards follows `case.org_id` everywhere: the case file and `/nsp ärende` (cases.ts),
// the apply modal's case field (apply.ts) and the stored request itself (submitRequest inserts only
// while the case still belongs to the applying organisation, under the case's FOR KEY SHARE lock,
// which waits for this transaction's FOR UPDATE), the Home's requests (home.ts) and the reminders
// before a granted period ends (case-clocks.ts). The old organisation gets the answer of an unknown
// case. The history (requests, decisions, commitments) stays with the case; each request keeps the
// organisation that filed it (`request.org_id`), which the report and the audit use.
import type { Db, Tx } from "../core/db.js";
import { openRequestsText, outcomeWithDate, type WaitingRequest } from "../domain/case-outcome.js";
import { transferReasonError, type CaseTransferEntry, type TransferAuditSide } from "../domain/case-transfer.js";
import { isoDay, todayDate } from "../domain/format.js";
import { outboxKeys } from "../domain/outbox.js";
import { parseCaseRef } from "../domain/rules.js";
import { OPEN_STATUSES, type CaseOutcome } from "../domain/types.js";
import { AdminError, requireOrganisation, SLACK_USER_ID_RE } from "./admin.js";
import type { CaseActor } from "./case-outcome.js";
import { certificationExpired, findActor } from "./members.js";
import { addToOutbox, transferHomeRefresh, type OutboxItem } from "./outbox.js";

export const CASE_TRANSFERRED = "case_transferred";

const isCoordinator = (a: CaseActor): boolean => a.role === "coordinator" || a.role === "admin";

/** Only coordinators and admins move cases. */
export const mayTransfer = (a: CaseActor): boolean => isCoordinator(a);

/** An organisation a case may be moved to. */
export interface TargetOrg {
  id: number;
  name: string;
}

/**
 * The certified organisations other than `exceptOrgId` whose certification has not ended before
 * `today` (no `certifiedUntil`, or a last day today or later: members.ts `certificationExpired`),
 * by name (the modal's select). `today`: the Stockholm calendar date at UTC midnight, as for the
 * apply refusal (ListenerDeps.today: NSP_TODAY, else the real day).
 */
export async function transferTargets(db: Db, exceptOrgId: number, today: Date): Promise<TargetOrg[]> {
  return db.organisation.findMany({
    where: { certified: true, id: { not: exceptOrgId }, OR: [{ certifiedUntil: null }, { certifiedUntil: { gte: today } }] },
    select: { id: true, name: true },
    orderBy: { name: "asc" },
  });
}

export type TransferView =
  | { ok: true; case: { id: number; ref: string; orgId: number; orgName: string }; targets: TargetOrg[]; open: WaitingRequest[]; closed: { outcome: CaseOutcome; closedOn: Date } | null }
  | { ok: false; error: "not_found" };

async function openRequests(client: Db | Tx, caseId: number): Promise<WaitingRequest[]> {
  return client.request.findMany({
    where: { caseId, status: { in: [...OPEN_STATUSES] } },
    select: { id: true, type: true, startDate: true, endDate: true, days: true, children: true, protection: true, measure: true, quantity: true, unitAmount: true },
    orderBy: { id: "asc" },
  });
}

/** The case behind a "Flytta ärendet" click, if `actor` may move it (anyone else: "not_found"); targets as at `today`. */
export async function caseForTransfer(db: Db, ref: string, actor: CaseActor, today: Date): Promise<TransferView> {
  const c = await db.case.findUnique({ where: { ref }, include: { org: { select: { name: true } } } });
  if (!c || !mayTransfer(actor)) return { ok: false, error: "not_found" };
  const closed = c.outcome && c.closedOn ? { outcome: c.outcome, closedOn: c.closedOn } : null;
  return {
    ok: true,
    case: { id: c.id, ref: c.ref, orgId: c.orgId, orgName: c.org.name },
    targets: await transferTargets(db, c.orgId, today),
    open: closed ? [] : await openRequests(db, c.id),
    closed,
  };
}

export interface TransferCaseInput {
  ref: string;
  actor: CaseActor;
  /** The organisation's id (from the modal's select: checked here, never trusted). */
  toOrgId: number;
  reason: string;
  /** Today's Stockholm calendar date (UTC midnight): a target whose certification ended before it is refused. */
  today: Date;
}

export type TransferCaseResult =
  | { ok: true; caseRef: string; transferId: number; fromOrg: string; toOrg: string; dms: number; outboxIds: number[] }
  | { ok: false; error: "not_found" }
  | { ok: false; error: "reason"; message: string }
  | { ok: false; error: "target"; message: string }
  | { ok: false; error: "closed"; caseRef: string; outcome: CaseOutcome; closedOn: Date }
  | { ok: false; error: "open_requests"; caseRef: string; open: WaitingRequest[] };

interface LockedCase {
  id: number;
  ref: string;
  org_id: number;
  outcome: CaseOutcome | null;
  closed_on: Date | null;
}

/** Moves the case `ref` to organisation `toOrgId` (see the file's head). */
export async function transferCase(db: Db, input: TransferCaseInput): Promise<TransferCaseResult> {
  if (!mayTransfer(input.actor)) return { ok: false, error: "not_found" };
  const reasonError = transferReasonError(input.reason);
  if (reasonError) return { ok: false, error: "reason", message: reasonError };
  const reason = input.reason.trim();
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<LockedCase[]>`
      SELECT "id", "ref", "org_id", "outcome"::text AS "outcome", "closed_on" FROM "case" WHERE "ref" = ${input.ref} FOR UPDATE`;
    const c = rows[0];
    if (!c) return { ok: false, error: "not_found" } as const;
    if (c.outcome && c.closed_on) return { ok: false, error: "closed", caseRef: c.ref, outcome: c.outcome, closedOn: c.closed_on } as const;
    const [from, to] = await Promise.all([
      tx.organisation.findUniqueOrThrow({ where: { id: c.org_id }, select: { id: true, name: true } }),
      Number.isSafeInteger(input.toOrgId) ? tx.organisation.findUnique({ where: { id: input.toOrgId }, select: { id: true, name: true, certified: true, certifiedUntil: true } }) : null,
    ]);
    if (!to) return { ok: false, error: "target", message: "Organisationen finns inte. Välj en certifierad organisation i listan." } as const;
    if (to.id === from.id) return { ok: false, error: "target", message: `Ärendet hör redan till ${from.name}. Välj en annan organisation.` } as const;
    if (!to.certified) return { ok: false, error: "target", message: `${to.name} är inte certifierad och kan inte ta emot ärenden.` } as const;
    if (to.certifiedUntil && certificationExpired(to.certifiedUntil, input.today)) {
      return { ok: false, error: "target", message: `${to.name} var certifierad till och med ${isoDay(to.certifiedUntil)} och kan inte ta emot ärenden. Välj en annan organisation.` } as const;
    }
    const open = await openRequests(tx, c.id);
    if (open.length > 0) return { ok: false, error: "open_requests", caseRef: c.ref, open } as const;

    await tx.case.update({ where: { id: c.id }, data: { orgId: to.id } });
    const transfer = await tx.caseTransfer.create({ data: { caseId: c.id, fromOrgId: from.id, toOrgId: to.id, reason, actor: input.actor.slackUserId } });
    const before: TransferAuditSide = { orgId: from.id, org: from.name };
    const after: TransferAuditSide & { transferId: number } = { orgId: to.id, org: to.name, transferId: transfer.id };
    await tx.auditEntry.create({ data: { caseId: c.id, actor: input.actor.slackUserId, action: CASE_TRANSFERRED, before: { ...before }, after: { ...after } } });
    const members = await tx.member.findMany({ where: { orgId: { in: [from.id, to.id] } }, select: { id: true }, orderBy: { id: "asc" } });
    const items: OutboxItem[] = members.map((m) => ({ kind: "case_transfer_dm", requestId: null, refId: m.id, key: outboxKeys.caseTransfer(transfer.id, m.id) }));
    // The Homes of both organisations: the case's requests move from one to the other.
    const outboxIds = await addToOutbox(tx, [...items, transferHomeRefresh(transfer.id)]);
    return { ok: true, caseRef: c.ref, transferId: transfer.id, fromOrg: from.name, toOrg: to.name, dms: items.length, outboxIds } as const;
  });
}

/** The handovers of a case, oldest first; the reason only when `withReason` (coordinators, admins). */
export async function caseTransfers(db: Db, caseId: number, withReason: boolean): Promise<CaseTransferEntry[]> {
  const rows = await db.caseTransfer.findMany({
    where: { caseId },
    include: { fromOrg: { select: { name: true } }, toOrg: { select: { name: true } } },
    orderBy: [{ at: "asc" }, { id: "asc" }],
  });
  return rows.map((t) => ({ fromOrg: t.fromOrg.name, toOrg: t.toOrg.name, actor: t.actor, at: t.at, reason: withReason ? t.reason : null }));
}

/** What one DM about a handover says, rendered at send time; null when the member or the row is gone. */
export interface TransferDm {
  slackUserId: string;
  caseRef: string;
  fromOrg: string;
  toOrg: string;
  actor: string;
  at: Date;
  /** Whether the recipient is in the receiving organisation (may now read the case and apply). */
  receiving: boolean;
}

export async function transferDm(db: Db, transferId: number, memberId: number): Promise<TransferDm | null> {
  const [t, m] = await Promise.all([
    db.caseTransfer.findUnique({ where: { id: transferId }, include: { case: { select: { ref: true } }, fromOrg: { select: { name: true } }, toOrg: { select: { name: true } } } }),
    db.member.findUnique({ where: { id: memberId }, select: { slackUserId: true, orgId: true } }),
  ]);
  if (!t || !m) return null;
  return { slackUserId: m.slackUserId, caseRef: t.case.ref, fromOrg: t.fromOrg.name, toOrg: t.toOrg.name, actor: t.actor, at: t.at, receiving: m.orgId === t.toOrgId };
}

// ------------------------------------------------------------------------------------------------
// The operator CLI: `npm run admin -- case move <NSP…> --to <org> --reason "<text>" --by <Slack id>`.
// The same rules as in Slack for the member named by --by.

export interface CliMoveResult {
  caseRef: string;
  from: string;
  to: string;
  /** DMs queued for the running app's sweep. */
  messages: number;
}

/** `now`: the CLI's clock (the real Stockholm day, as `case close`); a target whose certification ended before it is refused. */
export async function cliMoveCase(db: Db, opts: { ref: string; to: string; reason: string; by: string }, now: Date = new Date()): Promise<CliMoveResult> {
  const ref = opts.ref.length <= 20 ? parseCaseRef(opts.ref) : null;
  if (!ref) throw new AdminError(`Ärendenumret ska se ut som NSP004, fick "${opts.ref.slice(0, 20)}".`);
  const reasonError = transferReasonError(opts.reason);
  if (reasonError) throw new AdminError(`--reason: ${reasonError}`);
  if (!SLACK_USER_ID_RE.test(opts.by)) throw new AdminError(`--by ska vara ett Slack-id (U…), fick "${opts.by.slice(0, 40)}".`);
  const actor = await findActor(db, opts.by);
  if (!actor) throw new AdminError(`${opts.by} är inte medlem i NSP-appen.`);
  if (!mayTransfer(actor)) throw new AdminError(`${opts.by} är inte samordnare eller administratör; bara de kan flytta ett ärende.`);
  const org = await requireOrganisation(db, opts.to, "--to");
  const result = await transferCase(db, { ref, actor, toOrgId: org.id, reason: opts.reason, today: todayDate(now) });
  if (result.ok) return { caseRef: result.caseRef, from: result.fromOrg, to: result.toOrg, messages: result.dms };
  switch (result.error) {
    case "not_found":
      throw new AdminError(`Ärendet ${ref} finns inte.`);
    case "reason":
      throw new AdminError(`--reason: ${result.message}`);
    case "target":
      throw new AdminError(`--to: ${result.message}`);
    case "closed":
      throw new AdminError(`Ärendet ${result.caseRef} är avslutat (${outcomeWithDate(result.outcome, result.closedOn)}); öppna det igen innan det flyttas. Inget ändrades.`);
    case "open_requests":
      throw new AdminError(`Ärendet ${result.caseRef} kan inte flyttas än. ${openRequestsText(result.open)}`);
  }
}
