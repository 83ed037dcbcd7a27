// Payments and released money (issue #13, item 3). The arithmetic and the decisions where the
// issue is silent are in src/domain/payment.ts. Each state change is one transaction with its
// audit row and its outbox rows:
// - recordPayment: the applicant's organisation (Slack, "reported") or an operator (CLI,
//   "confirmed") registers what was paid. Under the request's row lock, so two payments of one
//   request never both pass the room check.
// - confirmPayment: a coordinator or an admin confirms a reported payment (once).
// - settleGrant: a coordinator, an admin or an operator finalises the grant: granted − paid
//   returns to the categories (budget_release, reason "settled").
// - releaseOnClose / revertOnReopen: called inside closeCase / reopenCase (services/case-outcome.ts):
//   the unused days of granted rest and integration periods return (reason "closed"), and come
//   back to the grant when the case is reopened, as far as the category still has the money (what
//   another decision took since stays released; the audit says so).
// A release lowers the category's `committed` (so remaining, the Home, `/nsp budget`, the forecast
// and the coordinator messages show the money as free again) and queues the refresh of the open
// requests' coordinator messages (queueBudgetRefreshes). Idempotent: at most one active release per
// request, category and reason (partial unique index), checked under the request's row lock.
import { z } from "zod";
import type { Db, Prisma, Tx } from "../core/db.js";
import { formatKr, isoDay, todayDate } from "../domain/format.js";
import { personalDataError } from "../domain/pii.js";
import {
  AMOUNT_ERROR,
  closingRelease,
  parsePaymentAmount,
  OWN_PAYMENT_REJECT_TEXT,
  OWN_PAYMENT_TEXT,
  paymentBeforeDecisionError,
  paymentDateError,
  paymentJavText,
  PAYMENT_MAX_KR,
  PAYMENT_NOTE_MAX,
  paymentRoom,
  settleRelease,
  noMoneyText,
  typeHasMoney,
  type CategoryAmount,
} from "../domain/payment.js";
import { requestName } from "../domain/request-name.js";
import { REQUEST_STATUS_LABEL, type RequestStatus, type Role } from "../domain/types.js";
import { AdminError, checkFreeText, SLACK_USER_ID_RE } from "./admin.js";
import { decisionAuthorityOf, findActor } from "./members.js";
import { addToOutbox, homeRefreshForRequest } from "./outbox.js";
import { periodInput } from "./budget-read.js";
import { queueBudgetRefreshes } from "./budget-refresh.js";
import { ratesOf } from "./periods.js";
import { ERASED_TEXT, TEXT_ERASED_NOTE } from "../domain/erasure.js";
import { textErasedForGood } from "./erasure.js";

export interface PaymentActor {
  slackUserId: string;
  role: Role;
  /** Null: an operator at the CLI without --by (a member of no organisation). */
  orgId: number | null;
}

const isCoordinator = (a: Pick<PaymentActor, "role">): boolean => a.role === "coordinator" || a.role === "admin";

/**
 * Jäv (issue #14) for the money side: an override, a confirmation, a confirmed CLI entry and a
 * settlement are decisions about the grant, so a member of the applying organisation never makes
 * them (members.ts decisionAuthorityOf; its deputy rule is for deciding requests and does not apply
 * here: an admin outside the organisation may confirm and settle). The applying organisation is
 * the case's current one and, after a move, also the one that filed the request. Returns the name
 * of the organisation the actor belongs to, or null when not jäv.
 */
function javOrg(actor: PaymentActor, g: GrantState): string | null {
  if (actor.orgId === null) return null;
  for (const org of [g.org, g.filingOrg]) {
    const authority = decisionAuthorityOf({ role: actor.role, orgId: actor.orgId }, org.id, false);
    if (!authority.ok && authority.refusal === "jav") return org.name;
  }
  return null;
}

const GRANTED = ["granted", "partly_granted"] as const;

/** A granted request's money as it stands: per category committed minus active releases. */
export interface GrantState {
  requestId: number;
  /** The organisation that reports the payments: the case's current one (COALESCE(case.org_id,
   * request.org_id)); after a case transfer it differs from the one that filed the request. */
  orgId: number;
  org: { id: number; name: string };
  filingOrg: { id: number; name: string };
  periodId: number | null;
  caseId: number | null;
  type: string;
  status: string;
  settledAt: Date | null;
  /** The decision's Stockholm day (UTC midnight), null when not decided. */
  decisionDay: Date | null;
  /** Per category (id order): the commitment, and what is still committed after active releases. */
  categories: { id: number; key: string; name: string; committed: number; released: number }[];
  committed: number;
  released: number;
  /** Reported and confirmed payments (never rejected ones). */
  paid: number;
  confirmed: number;
  unconfirmed: number;
}

async function grantState(client: Db | Tx, requestId: number): Promise<GrantState | null> {
  const r = await client.request.findUnique({
    where: { id: requestId },
    select: {
      id: true,
      org: { select: { id: true, name: true } },
      case: { select: { org: { select: { id: true, name: true } } } },
      periodId: true,
      caseId: true,
      type: true,
      status: true,
      settledAt: true,
      decidedAt: true,
      commitments: { select: { categoryId: true, amount: true, category: { select: { key: true, name: true } } }, orderBy: { categoryId: "asc" } },
      releases: { where: { revertedAt: null }, select: { categoryId: true, amount: true } },
      payments: { select: { amount: true, status: true } },
    },
  });
  if (!r) return null;
  const categories = r.commitments.map((c) => ({
    id: c.categoryId,
    key: c.category.key,
    name: c.category.name,
    committed: c.amount,
    released: r.releases.filter((x) => x.categoryId === c.categoryId).reduce((a, x) => a + x.amount, 0),
  }));
  const sum = (xs: { amount: number }[]) => xs.reduce((a, x) => a + x.amount, 0);
  return {
    requestId: r.id,
    orgId: (r.case?.org ?? r.org).id,
    org: r.case?.org ?? r.org,
    filingOrg: r.org,
    periodId: r.periodId,
    caseId: r.caseId,
    type: r.type,
    status: r.status,
    settledAt: r.settledAt,
    decisionDay: r.decidedAt ? todayDate(r.decidedAt) : null,
    categories,
    committed: sum(r.commitments),
    released: sum(r.releases),
    // A rejected report (a coordinator's "Avvisa") counts nowhere: not paid, not against the room.
    paid: sum(r.payments.filter((p) => p.status !== "rejected")),
    confirmed: sum(r.payments.filter((p) => p.status === "confirmed")),
    unconfirmed: r.payments.filter((p) => p.status === "reported").length,
  };
}

/** Locks the request's row (payments, settling and releases of one request serialise on it). */
async function lockRequest(tx: Tx, requestId: number): Promise<void> {
  await tx.$queryRaw`SELECT "id" FROM "request" WHERE "id" = ${requestId} FOR NO KEY UPDATE`;
}

/** What is still committed per category (commitment minus active releases). */
const stillCommitted = (g: GrantState): (CategoryAmount & { granted: number })[] => g.categories.map((c) => ({ key: c.key, amount: c.committed - c.released, granted: c.committed }));

/**
 * Writes the releases (one row per category) and lowers the categories' `committed`; returns the
 * category ids. The lines are computed from what is still committed after the active releases, so
 * they are only what is freed beyond them. At most one active release per request, category and
 * reason (partial unique index): a later closing that frees more (after a reopening kept the first
 * release) adds the difference to the active row (`ON CONFLICT … DO UPDATE`), so reopening gives
 * the whole of it back and the same money is never released twice; the same closing day again
 * computes nothing and writes nothing.
 */
async function writeReleases(tx: Tx, g: GrantState, lines: CategoryAmount[], reason: "closed" | "settled", actor: string): Promise<{ ids: number[]; total: number }> {
  const ids: number[] = [];
  let total = 0;
  for (const c of g.categories) {
    const amount = lines.find((l) => l.key === c.key)?.amount ?? 0;
    if (amount <= 0) continue;
    const rows = await tx.$queryRaw<{ id: number }[]>`
      INSERT INTO "budget_release" ("request_id", "category_id", "amount", "reason", "actor")
      VALUES (${g.requestId}, ${c.id}, ${amount}, ${reason}, ${actor})
      ON CONFLICT ("request_id", "category_id", "reason") WHERE "reverted_at" IS NULL
      DO UPDATE SET "amount" = "budget_release"."amount" + EXCLUDED."amount" RETURNING "id"`;
    if (rows.length === 0) continue;
    const updated = await tx.$executeRaw`UPDATE "budget_category" SET "committed" = "committed" - ${amount} WHERE "id" = ${c.id} AND "committed" >= ${amount}`;
    if (updated !== 1) throw new Error(`budget_category ${c.id}: committed below the release of ${amount}`);
    ids.push(c.id);
    total += amount;
  }
  return { ids, total };
}

// ------------------------------------------------------------------------------------------------
// Payments

export interface PaymentInput {
  requestId: number;
  actor: PaymentActor;
  amount: number;
  paidOn: Date;
  note: string | null;
  /** Today in Stockholm (UTC midnight): the date may not be after it. */
  today: Date;
  /** "cli": an operator's entry, confirmed at once. */
  source: "slack" | "cli";
  /** An admin's reason for paying more than granted. */
  overrideReason?: string | null;
}

export type PaymentResult =
  | { ok: true; paymentId: number; status: "reported" | "confirmed"; room: number; outboxIds: number[] }
  | { ok: false; error: "not_found" }
  | { ok: false; error: "not_granted"; status: string }
  | { ok: false; error: "settled" }
  /** An inquiry or an admission: no money, so no payment (`message` says so in Swedish). */
  | { ok: false; error: "no_money"; message: string }
  | { ok: false; error: "amount" | "date" | "note" | "override"; message: string }
  /** A member of the applying organisation overriding or entering a confirmed payment (jäv). */
  | { ok: false; error: "jav"; message: string }
  /** More than granted without an admin's override: `room` is what may still be paid. */
  | { ok: false; error: "over"; room: number; message: string };

/** The checks of a payment that need no database (the form and the CLI show them at the field). */
export function paymentInputError(input: Pick<PaymentInput, "amount" | "paidOn" | "note" | "today">): { error: "amount" | "date" | "note"; message: string } | null {
  if (!Number.isSafeInteger(input.amount) || input.amount < 1 || input.amount > PAYMENT_MAX_KR) return { error: "amount", message: AMOUNT_ERROR };
  if (input.paidOn.getTime() > input.today.getTime()) return { error: "date", message: `Datumet får inte ligga i framtiden (i dag är det ${isoDay(input.today)}).` };
  if (input.note !== null) {
    if (input.note.length > PAYMENT_NOTE_MAX) return { error: "note", message: `Högst ${PAYMENT_NOTE_MAX} tecken.` };
    const pii = personalDataError(input.note);
    if (pii) return { error: "note", message: pii };
  }
  return null;
}

/**
 * Personal data has an end date (issue #14): on a request whose text is erased for good (its case
 * closed and erased since, services/erasure.ts textErasedForGood) nothing would erase a new text,
 * so a note is refused next to its field and an admin's override reason is kept only as the
 * marker (the override itself, who allowed it and the amount stay). Under the request's lock.
 */
async function erasedTextRule(tx: Tx, requestId: number, note: string | null, override: string | null): Promise<{ ok: false; error: "note"; message: string } | { override: string | null }> {
  if (note === null && override === null) return { override };
  if (!(await textErasedForGood(tx, requestId))) return { override };
  if (note !== null) return { ok: false, error: "note", message: TEXT_ERASED_NOTE };
  return { override: ERASED_TEXT };
}

export async function recordPayment(db: Db, input: PaymentInput): Promise<PaymentResult> {
  const bad = paymentInputError(input);
  if (bad) return { ok: false, ...bad };
  const override = input.overrideReason?.trim() || null;
  if (override !== null) {
    if (input.actor.role !== "admin") return { ok: false, error: "override", message: "Bara en administratör kan tillåta mer än beviljat." };
    const pii = personalDataError(override);
    if (pii) return { ok: false, error: "override", message: pii };
  }
  return db.$transaction(async (tx) => {
    await lockRequest(tx, input.requestId);
    const g = await grantState(tx, input.requestId);
    // Another organisation's request is answered like a missing one (numbers cannot be probed).
    if (!g || (g.orgId !== input.actor.orgId && !isCoordinator(input.actor))) return { ok: false, error: "not_found" } as const;
    if (!(GRANTED as readonly string[]).includes(g.status)) return { ok: false, error: "not_granted", status: g.status } as const;
    // An inquiry or an admission costs nothing: there is no grant to pay out (not even with an override).
    if (!typeHasMoney(g.type)) return { ok: false, error: "no_money", message: noMoneyText(g.requestId) } as const;
    if (g.settledAt) return { ok: false, error: "settled" } as const;
    const early = paymentBeforeDecisionError(input.paidOn, g.decisionDay);
    if (early !== null) return { ok: false, error: "date", message: early } as const;
    const text = await erasedTextRule(tx, g.requestId, input.note, override);
    if ("error" in text) return text;
    const jav = override !== null || input.source === "cli" ? javOrg(input.actor, g) : null;
    if (jav !== null) return { ok: false, error: "jav", message: paymentJavText(jav, override !== null ? "override" : "confirm") } as const;
    const room = paymentRoom(g);
    if (input.amount > room && override === null) {
      const message = `Det är mer än beviljat: högst ${formatKr(room)} återstår att betala ut. Mer kräver att en administratör godkänner det med ett skäl.`;
      return { ok: false, error: "over", room, message } as const;
    }
    const confirmed = input.source === "cli";
    const payment = await tx.payment.create({
      data: {
        requestId: g.requestId,
        amount: input.amount,
        paidOn: input.paidOn,
        note: input.note,
        status: confirmed ? "confirmed" : "reported",
        reportedBy: input.actor.slackUserId,
        confirmedBy: confirmed ? input.actor.slackUserId : null,
        confirmedAt: confirmed ? new Date() : null,
        overrideReason: input.amount > room ? text.override : null,
        overrideBy: input.amount > room ? input.actor.slackUserId : null,
      },
    });
    const audit = await tx.auditEntry.create({
      data: {
        requestId: g.requestId,
        caseId: g.caseId,
        actor: input.actor.slackUserId,
        action: confirmed ? "payment_confirmed" : "payment_reported",
        before: { paid: g.paid, room },
        after: {
          paymentId: payment.id,
          amount: input.amount,
          paidOn: isoDay(input.paidOn),
          status: payment.status,
          source: input.source,
          ...(payment.overrideReason ? { override: payment.overrideReason } : {}),
        },
      },
    });
    const outboxIds = await addToOutbox(tx, [{ kind: "thread_payment", requestId: g.requestId, refId: payment.id }, homeRefreshForRequest(g.requestId, audit.id)]);
    // A confirmed payment changes the category's paid figure: open coordinator messages re-render.
    const refreshes = confirmed && g.periodId !== null ? await queueBudgetRefreshes(tx, g.periodId, g.categories.map((c) => c.id)) : [];
    const status = confirmed ? ("confirmed" as const) : ("reported" as const);
    return { ok: true, paymentId: payment.id, status, room: Math.max(0, room - input.amount), outboxIds: [...outboxIds, ...refreshes] } as const;
  });
}

export type ConfirmResult =
  | { ok: true; paymentId: number; requestId: number; outboxIds: number[] }
  | { ok: false; error: "not_found" | "not_allowed" }
  /** Jäv (a member of the applying organisation) or the payment's own reporter: `message` says so. */
  | { ok: false; error: "jav" | "own_payment"; message: string }
  | { ok: false; error: "already_confirmed"; confirmedBy: string | null }
  /** A coordinator rejected the report first (rejectPayment): the confirmation changes nothing. */
  | { ok: false; error: "already_rejected"; rejectedBy: string | null };

/**
 * A coordinator or an admin confirms a reported payment, once: not a member of the applying
 * organisation (jäv) and not the one who reported it. Under the request's row lock (as payments
 * and settling), so a confirmation never races a settlement.
 */
export async function confirmPayment(db: Db, paymentId: number, actor: PaymentActor): Promise<ConfirmResult> {
  if (!isCoordinator(actor)) return { ok: false, error: "not_allowed" };
  return db.$transaction(async (tx) => {
    const found = await tx.payment.findUnique({ where: { id: paymentId }, select: { requestId: true } });
    if (!found) return { ok: false, error: "not_found" } as const;
    await lockRequest(tx, found.requestId);
    const p = await tx.payment.findUnique({ where: { id: paymentId }, include: { request: { select: { periodId: true, caseId: true } } } });
    const g = await grantState(tx, found.requestId);
    if (!p || !g) return { ok: false, error: "not_found" } as const;
    if (p.status === "rejected") return { ok: false, error: "already_rejected", rejectedBy: p.rejectedBy } as const;
    if (p.status !== "reported") return { ok: false, error: "already_confirmed", confirmedBy: p.confirmedBy } as const;
    const jav = javOrg(actor, g);
    if (jav !== null) return { ok: false, error: "jav", message: paymentJavText(jav, "confirm") } as const;
    if (p.reportedBy === actor.slackUserId) return { ok: false, error: "own_payment", message: OWN_PAYMENT_TEXT } as const;
    const updated = await tx.payment.updateMany({ where: { id: paymentId, status: "reported" }, data: { status: "confirmed", confirmedBy: actor.slackUserId, confirmedAt: new Date() } });
    if (updated.count === 0) return { ok: false, error: "already_confirmed", confirmedBy: p.confirmedBy } as const;
    const audit = await tx.auditEntry.create({
      data: {
        requestId: p.requestId,
        caseId: p.request.caseId,
        actor: actor.slackUserId,
        action: "payment_confirmed",
        before: { paymentId, status: "reported" },
        after: { paymentId, status: "confirmed", amount: p.amount, paidOn: isoDay(p.paidOn) },
      },
    });
    const outboxIds = await addToOutbox(tx, [{ kind: "thread_payment_refresh", requestId: p.requestId, refId: p.id }, homeRefreshForRequest(p.requestId, audit.id)]);
    const commitments = await tx.budgetCommitment.findMany({ where: { requestId: p.requestId }, select: { categoryId: true } });
    const refreshes = p.request.periodId !== null ? await queueBudgetRefreshes(tx, p.request.periodId, commitments.map((c) => c.categoryId)) : [];
    return { ok: true, paymentId, requestId: p.requestId, outboxIds: [...outboxIds, ...refreshes] } as const;
  });
}

export type RejectResult =
  | { ok: true; paymentId: number; requestId: number; amount: number; outboxIds: number[] }
  | { ok: false; error: "not_found" | "not_allowed" }
  /** Jäv, the payment's own reporter, or a reason missing, too long or with personal data. */
  | { ok: false; error: "jav" | "own_payment" | "reason"; message: string }
  | { ok: false; error: "already_confirmed"; confirmedBy: string | null }
  | { ok: false; error: "already_rejected"; rejectedBy: string | null };

/** Why a rejection's reason is refused (required, at most PAYMENT_NOTE_MAX, no personal data), or null. */
export function rejectReasonError(reason: string): string | null {
  const t = reason.trim();
  if (t === "") return "Skriv ett skäl: det sparas med utbetalningen (inga personuppgifter).";
  if (t.length > PAYMENT_NOTE_MAX) return `Högst ${PAYMENT_NOTE_MAX} tecken.`;
  return personalDataError(t);
}

/**
 * A coordinator or an admin rejects a wrongly reported payment (review of #13): the same rules as
 * confirming (not jäv, not its reporter, once), with a reason (free text, checked for personal
 * data; kept on the payment and under the audit's text key "reason", erased with the case's text).
 * Under the request's row lock, as confirmPayment: of a confirmation and a rejection only the first
 * wins. A rejected payment counts nowhere (grantState, budget-read and the report count only
 * reported/confirmed or confirmed ones). The coordinator note is updated and the reporter gets a DM
 * through the outbox – without the reason's text (as a payment's note, it is never posted).
 */
export async function rejectPayment(db: Db, paymentId: number, actor: PaymentActor, reason: string): Promise<RejectResult> {
  if (!isCoordinator(actor)) return { ok: false, error: "not_allowed" };
  const bad = rejectReasonError(reason);
  if (bad !== null) return { ok: false, error: "reason", message: bad };
  return db.$transaction(async (tx) => {
    const found = await tx.payment.findUnique({ where: { id: paymentId }, select: { requestId: true } });
    if (!found) return { ok: false, error: "not_found" } as const;
    await lockRequest(tx, found.requestId);
    const p = await tx.payment.findUnique({ where: { id: paymentId }, include: { request: { select: { caseId: true } } } });
    const g = await grantState(tx, found.requestId);
    if (!p || !g) return { ok: false, error: "not_found" } as const;
    if (p.status === "rejected") return { ok: false, error: "already_rejected", rejectedBy: p.rejectedBy } as const;
    if (p.status !== "reported") return { ok: false, error: "already_confirmed", confirmedBy: p.confirmedBy } as const;
    const jav = javOrg(actor, g);
    if (jav !== null) return { ok: false, error: "jav", message: paymentJavText(jav, "reject") } as const;
    if (p.reportedBy === actor.slackUserId) return { ok: false, error: "own_payment", message: OWN_PAYMENT_REJECT_TEXT } as const;
    // On a request whose text is erased for good, the reason is kept only as the marker (as an
    // override reason, erasedTextRule): nothing would erase it later; the rejection itself stands.
    const text = (await textErasedForGood(tx, p.requestId)) ? ERASED_TEXT : reason.trim();
    const updated = await tx.payment.updateMany({ where: { id: paymentId, status: "reported" }, data: { status: "rejected", rejectedBy: actor.slackUserId, rejectedAt: new Date(), rejectReason: text } });
    if (updated.count === 0) return { ok: false, error: "already_confirmed", confirmedBy: p.confirmedBy } as const;
    const audit = await tx.auditEntry.create({
      data: {
        requestId: p.requestId,
        caseId: p.request.caseId,
        actor: actor.slackUserId,
        action: "payment_rejected",
        before: { paymentId, status: "reported", paid: g.paid },
        after: { paymentId, status: "rejected", amount: p.amount, paidOn: isoDay(p.paidOn), reason: text },
      },
    });
    const outboxIds = await addToOutbox(tx, [
      { kind: "thread_payment_refresh", requestId: p.requestId, refId: p.id },
      { kind: "payment_rejected_dm", requestId: p.requestId, refId: p.id },
      homeRefreshForRequest(p.requestId, audit.id),
    ]);
    const released = await releaseAfterRejection(tx, p.requestId, actor.slackUserId);
    return { ok: true, paymentId, requestId: p.requestId, amount: p.amount, outboxIds: [...outboxIds, ...released.outboxIds] } as const;
  });
}

/** A payment as the thread note and its update show it. */
export async function loadPayment(db: Db, paymentId: number) {
  return db.payment.findUnique({ where: { id: paymentId } });
}
export type LoadedPayment = NonNullable<Awaited<ReturnType<typeof loadPayment>>>;

/** What the payment modal and the case file show of a granted request's money. */
export interface RequestMoney {
  committed: number;
  released: number;
  paid: number;
  confirmed: number;
  room: number;
  settled: boolean;
}

export async function requestMoney(db: Db, requestId: number): Promise<RequestMoney | null> {
  const g = await grantState(db, requestId);
  if (!g) return null;
  return { committed: g.committed, released: g.released, paid: g.paid, confirmed: g.confirmed, room: paymentRoom(g), settled: g.settledAt !== null };
}

// ------------------------------------------------------------------------------------------------
// Settling

type SettleRefusal =
  /** no_money: a request without money (an admission, an inquiry) has nothing to settle. */
  | { ok: false; error: "not_found" | "not_allowed" | "settled" | "no_money" }
  | { ok: false; error: "jav"; message: string }
  | { ok: false; error: "not_granted"; status: string }
  | { ok: false; error: "unconfirmed"; count: number };

export type SettleResult =
  | { ok: true; requestId: number; paid: number; released: number; outboxIds: number[] }
  | SettleRefusal
  /** The figures changed since the confirmation showed them (`expectedRelease`): nothing was done. */
  | { ok: false; error: "changed"; released: number };

/** Why `actor` may not settle grant `g` now (the click and the submit ask the same), or null. */
function settleRefusal(actor: PaymentActor, g: GrantState | null): SettleRefusal | null {
  if (!isCoordinator(actor)) return { ok: false, error: "not_allowed" };
  if (!g) return { ok: false, error: "not_found" };
  if (!typeHasMoney(g.type)) return { ok: false, error: "no_money" };
  if (!(GRANTED as readonly string[]).includes(g.status)) return { ok: false, error: "not_granted", status: g.status };
  if (g.settledAt) return { ok: false, error: "settled" };
  const jav = javOrg(actor, g);
  if (jav !== null) return { ok: false, error: "jav", message: paymentJavText(jav, "settle") };
  if (g.unconfirmed > 0) return { ok: false, error: "unconfirmed", count: g.unconfirmed };
  return null;
}

/** What settling releases: per category (id order) what is still committed and not paid (confirmed). */
const settlementLines = (g: GrantState): CategoryAmount[] => settleRelease(stillCommitted(g), g.confirmed);

/** What "Slutreglera" would do now: the confirmation modal shows these figures. */
export interface SettlementPreview {
  requestId: number;
  /** What the decision committed, and what earlier releases (a closing) already gave back. */
  committed: number;
  released: number;
  /** Confirmed payments (what is kept). */
  paid: number;
  /** What settling returns, per category (names as the budget shows them); `total` their sum. */
  lines: { key: string; name: string; amount: number }[];
  total: number;
}

/**
 * The settlement as settleGrant would make it now, for `actor` (the same refusals, in the same
 * order), or why not. Not a lock: the submit computes it again under the request's lock and is
 * refused ("changed") when the total differs from what the confirmation showed.
 */
export async function settlementPreview(db: Db, requestId: number, actor: PaymentActor): Promise<{ ok: true; preview: SettlementPreview } | SettleRefusal> {
  if (!isCoordinator(actor)) return { ok: false, error: "not_allowed" };
  const g = await grantState(db, requestId);
  const refusal = settleRefusal(actor, g);
  if (refusal || !g) return refusal ?? { ok: false, error: "not_found" };
  const lines = settlementLines(g).map((l) => ({ ...l, name: g.categories.find((c) => c.key === l.key)?.name ?? l.key }));
  return { ok: true, preview: { requestId, committed: g.committed, released: g.released, paid: g.confirmed, lines, total: lines.reduce((a, l) => a + l.amount, 0) } };
}

/**
 * Finalises a grant: what was not paid (confirmed payments) returns to the categories. With
 * `expectedRelease` (the total the confirmation modal showed), a different total is refused.
 */
export async function settleGrant(db: Db, input: { requestId: number; actor: PaymentActor; expectedRelease?: number }): Promise<SettleResult> {
  if (!isCoordinator(input.actor)) return { ok: false, error: "not_allowed" };
  return db.$transaction(async (tx) => {
    await lockRequest(tx, input.requestId);
    const found = await grantState(tx, input.requestId);
    const refusal = settleRefusal(input.actor, found);
    if (refusal || !found) return refusal ?? ({ ok: false, error: "not_found" } as const);
    const g = found;
    const lines = settlementLines(g);
    const total = lines.reduce((a, l) => a + l.amount, 0);
    if (input.expectedRelease !== undefined && input.expectedRelease !== total) return { ok: false, error: "changed", released: total } as const;
    // Categories in id order (as decisions lock them): no deadlock with a decision.
    const written = await writeReleases(tx, g, lines, "settled", input.actor.slackUserId);
    await tx.request.update({ where: { id: g.requestId }, data: { settledAt: new Date(), settledBy: input.actor.slackUserId } });
    const audit = await tx.auditEntry.create({
      data: {
        requestId: g.requestId,
        caseId: g.caseId,
        actor: input.actor.slackUserId,
        action: "grant_settled",
        before: { committed: g.committed - g.released, paid: g.confirmed },
        after: { released: written.total, lines: lines.map((l) => ({ category: l.key, amount: l.amount })) },
      },
    });
    // The note in the request's coordinator thread (rendered from this audit row) and the Homes.
    const outboxIds = await addToOutbox(tx, [{ kind: "thread_settled", requestId: g.requestId, refId: audit.id }, homeRefreshForRequest(g.requestId, audit.id)]);
    const refreshes = g.periodId !== null ? await queueBudgetRefreshes(tx, g.periodId, written.ids) : [];
    return { ok: true, requestId: g.requestId, paid: g.confirmed, released: written.total, outboxIds: [...outboxIds, ...refreshes] } as const;
  });
}

/** The coordinator thread note of a settlement, from its audit row (what it did, as it was). */
export interface SettlementNote {
  requestId: number;
  actor: string;
  paid: number;
  released: number;
  lines: { name: string; amount: number }[];
}

const settledAudit = z.object({
  before: z.object({ paid: z.number().int() }),
  after: z.object({ released: z.number().int(), lines: z.array(z.object({ category: z.string(), amount: z.number().int() })) }),
});

export async function settlementNote(db: Db, auditId: number): Promise<SettlementNote | null> {
  const a = await db.auditEntry.findUnique({ where: { id: auditId }, include: { request: { select: { periodId: true } } } });
  if (!a || a.action !== "grant_settled" || a.requestId === null) return null;
  const parsed = settledAudit.safeParse({ before: a.before, after: a.after });
  if (!parsed.success) return null;
  const keys = parsed.data.after.lines.map((l) => l.category);
  const periodId = a.request?.periodId ?? null;
  const cats = periodId === null ? [] : await db.budgetCategory.findMany({ where: { periodId, key: { in: keys } }, select: { key: true, name: true } });
  const lines = parsed.data.after.lines.filter((l) => l.amount > 0).map((l) => ({ name: cats.find((c) => c.key === l.category)?.name ?? l.category, amount: l.amount }));
  return { requestId: a.requestId, actor: a.actor, paid: parsed.data.before.paid, released: parsed.data.after.released, lines };
}

// ------------------------------------------------------------------------------------------------
// Closing and reopening a case (inside closeCase / reopenCase, which hold the case's row lock)

export interface ReleaseSummary {
  released: number;
  outboxIds: number[];
}

/** A granted period request as closing releases it (its row with the period's rates). */
type ClosableGrant = Prisma.RequestGetPayload<{ include: { period: true } }>;

const CLOSABLE = { status: { in: [...GRANTED] }, type: { in: ["rest", "integration"] }, settledAt: null, grantedDays: { not: null } } satisfies Prisma.RequestWhereInput;

/**
 * The closing release of one grant (its row locked by the caller): the unused days from `closedOn`
 * on, never what is paid; what an earlier closing of the same case released already is not released
 * again (writeReleases adds only the difference to the active row). Audited, budgets refreshed.
 */
async function releaseClosedGrant(tx: Tx, r: ClosableGrant, caseId: number, closedOn: Date, actor: string): Promise<ReleaseSummary> {
  const input = periodInput(r);
  if (!input || !r.period || r.grantedDays === null) return { released: 0, outboxIds: [] };
  const g = await grantState(tx, r.id);
  if (!g || g.settledAt) return { released: 0, outboxIds: [] };
  const lines = closingRelease({ input, rates: ratesOf(r.period), grantedDays: r.grantedDays, closedOn, committed: stillCommitted(g), paid: g.paid });
  const written = await writeReleases(tx, g, lines, "closed", actor);
  if (written.total === 0) return { released: 0, outboxIds: [] };
  const audit = await tx.auditEntry.create({
    data: {
      requestId: r.id,
      caseId,
      actor,
      action: "budget_released",
      before: { committed: g.committed - g.released },
      after: { reason: "closed", closedOn: isoDay(closedOn), released: written.total, lines: lines.map((l) => ({ category: l.key, amount: l.amount })) },
    },
  });
  const outboxIds = await addToOutbox(tx, [homeRefreshForRequest(r.id, audit.id)]);
  if (r.periodId !== null) outboxIds.push(...(await queueBudgetRefreshes(tx, r.periodId, written.ids)));
  return { released: written.total, outboxIds };
}

/** Releases the unused days of the case's granted rest and integration periods (not settled ones). */
export async function releaseOnClose(tx: Tx, caseId: number, closedOn: Date, actor: string): Promise<ReleaseSummary> {
  const requests = await tx.request.findMany({ where: { caseId, ...CLOSABLE }, include: { period: true }, orderBy: { id: "asc" } });
  let released = 0;
  const outboxIds: number[] = [];
  // Every request's row is locked before any category is touched (request, then categories:
  // settleGrant's order), so a settlement of one of them cannot wait on a category this closing
  // holds while the closing waits on its request. A grant settled between the query above and its
  // lock is finished: skipped (its money came back by the settlement).
  for (const r of requests) await lockRequest(tx, r.id);
  for (const r of requests) {
    const one = await releaseClosedGrant(tx, r, caseId, closedOn, actor);
    released += one.released;
    outboxIds.push(...one.outboxIds);
  }
  return { released, outboxIds };
}

/**
 * After a payment was rejected (the request's row locked by the caller): when its case is closed,
 * the closing's release is worked out again without that payment – a wrongly reported payment had
 * capped the release at granted − paid, and that money would otherwise stay committed.
 */
async function releaseAfterRejection(tx: Tx, requestId: number, actor: string): Promise<ReleaseSummary> {
  const r = await tx.request.findFirst({ where: { id: requestId, ...CLOSABLE }, include: { period: true, case: { select: { id: true, outcome: true, closedOn: true } } } });
  if (!r?.case?.outcome || !r.case.closedOn) return { released: 0, outboxIds: [] };
  return releaseClosedGrant(tx, r, r.case.id, r.case.closedOn, actor);
}

/**
 * Gives the case's closing releases back to their grants (not settled ones). A category that has since given the
 * money to another decision keeps the release (its row stays active and the audit names it), so a
 * reopening never overdraws a category; closing again then releases only what the new closing
 * date frees beyond the kept release (writeReleases adds it to the active row).
 */
export async function revertOnReopen(tx: Tx, caseId: number, actor: string): Promise<ReleaseSummary & { kept: number }> {
  // A grant settled while the case was closed is finished: its closing releases stay (settling and
  // closing skip a settled grant, so reverting them would lock the money in the categories for
  // good). Each request's row is locked first (request, then categories: settleGrant's order), so a
  // settlement running now either finished before (its releases stay) or waits for the reopening.
  const candidates = await tx.budgetRelease.findMany({ where: { reason: "closed", revertedAt: null, request: { caseId } }, select: { requestId: true }, distinct: ["requestId"], orderBy: { requestId: "asc" } });
  for (const c of candidates) await lockRequest(tx, c.requestId);
  const rows = await tx.budgetRelease.findMany({
    where: { reason: "closed", revertedAt: null, request: { caseId, settledAt: null } },
    include: { request: { select: { periodId: true } } },
    orderBy: [{ categoryId: "asc" }, { id: "asc" }],
  });
  let restored = 0;
  let kept = 0;
  const outboxIds: number[] = [];
  const byRequest = new Map<number, { restored: number; kept: number; categories: number[]; periodId: number | null }>();
  for (const rel of rows) {
    const entry = byRequest.get(rel.requestId) ?? { restored: 0, kept: 0, categories: [], periodId: rel.request.periodId };
    byRequest.set(rel.requestId, entry);
    const updated = await tx.$executeRaw`
      UPDATE "budget_category" SET "committed" = "committed" + ${rel.amount}
      WHERE "id" = ${rel.categoryId} AND "allocated" + "transfers_in" - "transfers_out" - "committed" + "overdraft" >= ${rel.amount}`;
    if (updated !== 1) {
      entry.kept += rel.amount;
      kept += rel.amount;
      continue;
    }
    await tx.budgetRelease.update({ where: { id: rel.id }, data: { revertedAt: new Date(), revertedBy: actor } });
    entry.restored += rel.amount;
    entry.categories.push(rel.categoryId);
    restored += rel.amount;
  }
  for (const [requestId, e] of byRequest) {
    const audit = await tx.auditEntry.create({
      data: { requestId, caseId, actor, action: "budget_release_reverted", before: { released: e.restored + e.kept }, after: { restored: e.restored, kept: e.kept } },
    });
    outboxIds.push(...(await addToOutbox(tx, [homeRefreshForRequest(requestId, audit.id)])));
    if (e.periodId !== null) outboxIds.push(...(await queueBudgetRefreshes(tx, e.periodId, e.categories)));
  }
  return { released: restored, kept, outboxIds };
}

export { paidAndReleased } from "./budget-read.js";

// ------------------------------------------------------------------------------------------------
// The operator CLI: `npm run admin -- payment add --request <nr> --amount <kr> --date <yyyy-mm-dd>
// [--note <text>] [--override --reason <text>] [--by <Slack id>]` and `payment settle --request <nr>`.
// An operator's payment is confirmed at once (the operator is the actor: --by, a coordinator or an
// admin, or "cli:<os user>"); an override needs --override with --reason and --by naming an admin
// (recorded as the payment's overrideBy): an operator alone never pays more than granted. An
// inquiry or an admission takes no payment.

export interface CliPaymentResult {
  paymentId: number;
  requestId: number;
  amount: number;
  paidOn: string;
  status: "confirmed";
  room: number;
  actor: string;
  override: string | null;
}

function cliRequestId(raw: string): number {
  const id = /^\d{1,9}$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!Number.isSafeInteger(id) || id < 1) throw new AdminError(`--request ska vara ett ansökningsnummer (t.ex. 17), fick "${raw.slice(0, 20)}".`);
  return id;
}

/** The override's own words: an operator alone never pays more than granted (review of #13). */
export const CLI_OVERRIDE_NEEDS_BY = "--override kräver --by <administratörens Slack-id>: den som tillåter mer än beviljat ska gå att se.";

async function cliPaymentActor(db: Db, by: string | undefined, fallback: string, needAdmin: boolean): Promise<PaymentActor> {
  // Without --by the operator acts, but never as the admin an override needs: that admin is named and recorded.
  if (by === undefined && needAdmin) throw new AdminError(CLI_OVERRIDE_NEEDS_BY);
  if (by === undefined) return { slackUserId: fallback, role: "admin", orgId: null };
  if (!SLACK_USER_ID_RE.test(by)) throw new AdminError(`--by ska vara ett Slack-id (U…), fick "${by.slice(0, 40)}".`);
  const m = await findActor(db, by);
  if (!m || !isCoordinator(m)) throw new AdminError(`${by} är inte samordnare eller administratör; bara de kan registrera en bekräftad utbetalning eller slutreglera.`);
  if (needAdmin && m.role !== "admin") throw new AdminError(`${by} är inte administratör; bara en administratör kan tillåta mer än beviljat.`);
  return { slackUserId: by, role: m.role, orgId: m.orgId };
}

const notGrantedError = (id: number, status: string) =>
  new AdminError(`${requestName(id)} är inte beviljad (status ${REQUEST_STATUS_LABEL[status as RequestStatus]?.sv ?? status}); utbetalningar registreras bara för beviljade ansökningar.`);

export async function cliAddPayment(
  db: Db,
  opts: { request: string; amount: string; date: string; note?: string; override?: boolean; reason?: string; by?: string; operator: string },
  now: Date = new Date(),
): Promise<CliPaymentResult> {
  const requestId = cliRequestId(opts.request);
  const amount = parsePaymentAmount(opts.amount);
  if (amount === null) throw new AdminError(`--amount: ${AMOUNT_ERROR}`);
  const today = todayDate(now);
  const date = paymentDateError(opts.date, today);
  if ("error" in date) throw new AdminError(`--date: ${date.error}`);
  const reason = opts.reason?.trim() || null;
  if (opts.override && !reason) throw new AdminError("--override kräver --reason: skälet sparas med utbetalningen.");
  if (!opts.override && reason) throw new AdminError("--reason hör till --override (mer än beviljat).");
  // Free text is checked for personal data before anything is looked up (as every CLI field).
  if (opts.note) checkFreeText("--note", opts.note);
  if (reason) checkFreeText("--reason", reason);
  const request = await db.request.findUnique({ where: { id: requestId }, select: { id: true } });
  if (!request) throw new AdminError(`Det finns ingen ${requestName(requestId).toLowerCase()}.`);
  const actor = await cliPaymentActor(db, opts.by, opts.operator, opts.override === true);
  const note = opts.note?.trim() || null;
  const result = await recordPayment(db, { requestId, actor, amount, paidOn: date.date, note, today, source: "cli", overrideReason: opts.override ? reason : null });
  if (result.ok) {
    const p = await db.payment.findUniqueOrThrow({ where: { id: result.paymentId } });
    return { paymentId: p.id, requestId, amount, paidOn: isoDay(p.paidOn), status: "confirmed", room: result.room, actor: actor.slackUserId, override: p.overrideReason };
  }
  switch (result.error) {
    case "not_found":
      throw new AdminError(`Det finns ingen ${requestName(requestId).toLowerCase()}.`);
    case "not_granted":
      throw notGrantedError(requestId, result.status);
    case "settled":
      throw new AdminError(`${requestName(requestId)} är slutreglerad; inga fler utbetalningar kan registreras.`);
    case "no_money":
      throw new AdminError(result.message);
    case "over":
      throw new AdminError(`${result.message.replace("Mer kräver att en administratör godkänner det med ett skäl.", "Mer kräver --override --reason <skäl> (administratör).")}`);
    case "amount":
    case "date":
      throw new AdminError(`--${result.error === "amount" ? "amount" : "date"}: ${result.message}`);
    case "note":
      throw new AdminError(`--note: ${result.message}`);
    case "override":
      throw new AdminError(`--reason: ${result.message}`);
    case "jav":
      throw new AdminError(`--by: ${result.message}`);
  }
}

export interface CliSettleResult {
  requestId: number;
  paid: number;
  released: number;
  actor: string;
}

export async function cliSettle(db: Db, opts: { request: string; by?: string; operator: string }): Promise<CliSettleResult> {
  const requestId = cliRequestId(opts.request);
  const request = await db.request.findUnique({ where: { id: requestId }, select: { id: true } });
  if (!request) throw new AdminError(`Det finns ingen ${requestName(requestId).toLowerCase()}.`);
  const actor = await cliPaymentActor(db, opts.by, opts.operator, false);
  const result = await settleGrant(db, { requestId, actor });
  if (result.ok) return { requestId, paid: result.paid, released: result.released, actor: actor.slackUserId };
  switch (result.error) {
    case "not_found":
      throw new AdminError(`Det finns ingen ${requestName(requestId).toLowerCase()}.`);
    case "not_allowed":
      throw new AdminError("Bara samordnare och administratörer kan slutreglera.");
    case "jav":
      throw new AdminError(`--by: ${result.message}`);
    case "settled":
      throw new AdminError(`${requestName(requestId)} är redan slutreglerad. Inget ändrades.`);
    case "not_granted":
      throw notGrantedError(requestId, result.status);
    case "unconfirmed":
      throw new AdminError(`${requestName(requestId)} har ${result.count === 1 ? "en utbetalning" : `${result.count} utbetalningar`} som väntar på bekräftelse; bekräfta i Slack först.`);
    case "no_money":
      throw new AdminError(`${requestName(requestId)} har inga pengar att slutreglera (bara vila, integration och insatser har det).`);
    case "changed":
      // Only with expectedRelease, which the CLI never passes.
      throw new AdminError(`${requestName(requestId)}: beloppen ändrades under tiden. Inget ändrades – försök igen.`);
  }
}

// ------------------------------------------------------------------------------------------------
// `npm run admin -- payment reject --payment <id> --reason <text> --by <Slack id>` (review of #13):
// a coordinator or an admin named by --by (required: a rejection is a decision about the grant)
// rejects a reported payment, with the rules of rejectPayment.

export interface CliRejectResult {
  paymentId: number;
  requestId: number;
  amount: number;
  status: "rejected";
  actor: string;
}

export async function cliRejectPayment(db: Db, opts: { payment: string; reason?: string; by?: string }): Promise<CliRejectResult> {
  const id = /^\d{1,9}$/.test(opts.payment.trim()) ? Number(opts.payment.trim()) : NaN;
  if (!Number.isSafeInteger(id) || id < 1) throw new AdminError(`--payment ska vara en utbetalnings nummer (t.ex. 3), fick "${opts.payment.slice(0, 20)}".`);
  const reason = opts.reason ?? "";
  const bad = rejectReasonError(reason);
  if (bad !== null) throw new AdminError(`--reason: ${bad}`);
  if (opts.by === undefined) throw new AdminError("--by krävs: Slack-id för samordnaren eller administratören som avvisar.");
  if (!SLACK_USER_ID_RE.test(opts.by)) throw new AdminError(`--by ska vara ett Slack-id (U…), fick "${opts.by.slice(0, 40)}".`);
  const m = await findActor(db, opts.by);
  if (!m || !isCoordinator(m)) throw new AdminError(`${opts.by} är inte samordnare eller administratör; bara de kan avvisa en utbetalning.`);
  const result = await rejectPayment(db, id, { slackUserId: opts.by, role: m.role, orgId: m.orgId }, reason);
  if (result.ok) return { paymentId: id, requestId: result.requestId, amount: result.amount, status: "rejected", actor: opts.by };
  switch (result.error) {
    case "not_found":
      throw new AdminError(`Det finns ingen utbetalning nr ${id}.`);
    case "not_allowed":
      throw new AdminError("Bara samordnare och administratörer kan avvisa en utbetalning.");
    case "reason":
      throw new AdminError(`--reason: ${result.message}`);
    case "jav":
    case "own_payment":
      throw new AdminError(`--by: ${result.message}`);
    case "already_confirmed":
      throw new AdminError(`Utbetalning nr ${id} är redan bekräftad${result.confirmedBy ? ` av ${result.confirmedBy}` : ""}; den kan inte avvisas. Inget ändrades.`);
    case "already_rejected":
      throw new AdminError(`Utbetalning nr ${id} är redan avvisad${result.rejectedBy ? ` av ${result.rejectedBy}` : ""}. Inget ändrades.`);
  }
}
