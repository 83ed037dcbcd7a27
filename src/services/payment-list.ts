// `npm run admin -- payment list (--request <nr> | --case <NSP…>) [--json]` (issue #13, item 3):
// a case's or a request's payments – date, amount, status, who reported and who confirmed (Slack
// ids or cli:<user>) – and per request what was granted, paid, released and whether it is settled.
//
// Never the payment's note nor an admin's override reason: both are free text about a case (the
// note may describe the victim's situation) and the CLI's output ends up in terminals, scrollback
// and pasted tickets. The listing says only that a payment was above the grant and who allowed it.
//
// A reading of case data: like `case export` (and the case file), the listing writes one audit_entry
// row (READ.paymentList, "listade utbetalningarna") per case it shows, with the operator as actor
// (--by, a coordinator or an admin; otherwise cli:<os user>), in the same transaction as the read,
// before anything is printed. `npm run admin -- audit` then shows who looked at the money.
import type { Db } from "../core/db.js";
import { READ } from "../domain/audit.js";
import { isoDay } from "../domain/format.js";
import { typeHasMoney } from "../domain/payment.js";
import { parseCaseRef } from "../domain/rules.js";
import type { RequestStatus, RequestType } from "../domain/types.js";
import { AdminError, SLACK_USER_ID_RE } from "./admin.js";
import { findActor } from "./members.js";

export interface ListedPayment {
  id: number;
  paidOn: string;
  amount: number;
  status: "reported" | "confirmed" | "rejected";
  reportedBy: string;
  confirmedBy: string | null;
  confirmedAt: string | null;
  /** A coordinator rejected the report (it counts nowhere); the reason is free text and not listed. */
  rejectedBy: string | null;
  /** Paid above the grant with an admin's leave (the reason is free text and not listed). */
  overrideBy: string | null;
}

export interface ListedRequest {
  requestId: number;
  type: RequestType;
  status: RequestStatus;
  /** What the decision committed (kr). */
  granted: number;
  /** Confirmed payments, and reported ones still waiting for a coordinator (rejected ones count in neither). */
  paid: number;
  reported: number;
  /** Active releases (a closing, a settlement). */
  released: number;
  settled: { at: string; by: string | null } | null;
  payments: ListedPayment[];
}

export interface PaymentListing {
  caseRef: string | null;
  requests: ListedRequest[];
}

function requestIdOf(raw: string): number {
  const id = /^\d{1,9}$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!Number.isSafeInteger(id) || id < 1) throw new AdminError(`--request ska vara ett ansökningsnummer (t.ex. 17), fick "${raw.slice(0, 20)}".`);
  return id;
}

async function listActor(db: Db, by: string | undefined, operator: string): Promise<string> {
  if (by === undefined) return operator;
  if (!SLACK_USER_ID_RE.test(by)) throw new AdminError(`--by ska vara ett Slack-id (U…), fick "${by.slice(0, 40)}".`);
  const m = await findActor(db, by);
  if (!m || (m.role !== "coordinator" && m.role !== "admin")) throw new AdminError(`${by} är inte samordnare eller administratör; bara de kan lista utbetalningar.`);
  return by;
}

const sum = (xs: { amount: number }[]) => xs.reduce((a, x) => a + x.amount, 0);

export async function cliListPayments(db: Db, opts: { request?: string; case?: string; by?: string; operator: string }): Promise<PaymentListing> {
  if ((opts.request === undefined) === (opts.case === undefined)) throw new AdminError("Ange antingen --request <nr> eller --case <NSP…> (en av dem).");
  const requestId = opts.request !== undefined ? requestIdOf(opts.request) : null;
  const ref = opts.case !== undefined ? (opts.case.length <= 20 ? parseCaseRef(opts.case) : null) : null;
  if (opts.case !== undefined && !ref) throw new AdminError(`--case: ärendenumret ska se ut som NSP004, fick "${opts.case.slice(0, 20)}".`);
  const actor = await listActor(db, opts.by, opts.operator);
  return db.$transaction(async (tx) => {
    const c = ref !== null ? await tx.case.findUnique({ where: { ref }, select: { id: true, ref: true } }) : null;
    if (ref !== null && !c) throw new AdminError(`Ärendet ${ref} finns inte.`);
    const rows = await tx.request.findMany({
      where: requestId !== null ? { id: requestId } : { caseId: c?.id ?? -1 },
      select: {
        id: true,
        type: true,
        status: true,
        caseId: true,
        case: { select: { ref: true } },
        settledAt: true,
        settledBy: true,
        commitments: { select: { amount: true } },
        releases: { where: { revertedAt: null }, select: { amount: true } },
        // Never `note` nor `overrideReason`: free text (see the head of this file).
        payments: {
          select: { id: true, paidOn: true, amount: true, status: true, reportedBy: true, confirmedBy: true, confirmedAt: true, rejectedBy: true, overrideBy: true },
          orderBy: [{ paidOn: "asc" }, { id: "asc" }],
        },
      },
      orderBy: { id: "asc" },
    });
    if (requestId !== null && rows.length === 0) throw new AdminError(`Det finns ingen ansökan nr ${requestId}.`);
    const requests = rows.filter((r) => typeHasMoney(r.type) || r.payments.length > 0);
    // The reading is recorded (one row per case) before the listing is returned.
    const caseId = c?.id ?? rows[0]?.caseId ?? null;
    await tx.auditEntry.create({ data: { caseId, requestId, actor, action: READ.paymentList } });
    return {
      caseRef: c?.ref ?? rows[0]?.case?.ref ?? null,
      requests: requests.map((r) => {
        const confirmed = r.payments.filter((p) => p.status === "confirmed");
        return {
          requestId: r.id,
          type: r.type,
          status: r.status,
          granted: sum(r.commitments),
          paid: sum(confirmed),
          reported: sum(r.payments.filter((p) => p.status === "reported")),
          released: sum(r.releases),
          settled: r.settledAt ? { at: r.settledAt.toISOString(), by: r.settledBy } : null,
          payments: r.payments.map((p) => ({
            id: p.id,
            paidOn: isoDay(p.paidOn),
            amount: p.amount,
            status: p.status,
            reportedBy: p.reportedBy,
            confirmedBy: p.confirmedBy,
            confirmedAt: p.confirmedAt ? p.confirmedAt.toISOString() : null,
            rejectedBy: p.rejectedBy,
            overrideBy: p.overrideBy,
          })),
        };
      }),
    };
  });
}
