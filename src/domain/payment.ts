// Payments and released money (issue #13, item 3): plain arithmetic over whole kronor.
//
// Decisions where the issue is silent:
// - A payment is registered by the applicant's organisation in Slack as "reported"; a coordinator
//   (or an admin) confirms it ("confirmed"). The operator CLI enters confirmed payments directly
//   (the operator is the actor). Both count against the grant at once, so nobody can report more
//   than granted while a confirmation waits; reports and budget figures show only confirmed ones
//   as paid. A wrong report is rejected by a coordinator instead ("rejected", with a reason, the
//   same rules as confirming): it counts nowhere.
// - The room for payments is the grant (what the decision committed) minus what has been released
//   minus what is already reported or confirmed. More than that needs an admin's override with a
//   reason (recorded on the payment).
// - Released money returns to the categories it was committed in. A case closed before a granted
//   rest or integration period ends releases the days after the closing day (the closing day is
//   used): per category, the commitment minus the cost of the used days at the period's rates,
//   never more than what has not been paid; a co-funded grant's contribution is spread over the days
//   (the used days cost committed ÷ full cost of their price, see closingRelease). Measures have no days: their unused money returns when
//   the grant is settled ("Slutreglera", `payment settle`), which releases granted − paid, split
//   over the categories in proportion to their commitments (largest remainder).
// - Co-funding: another payer's contribution (a fixed list) lowers a rest or integration grant by
//   an amount, taken from the period's own daily category first (then its supplements).
import type { CostLine } from "./cost.js";
import { costForDays, type PeriodCostInput } from "./cost.js";
import { amountsByCategory } from "./budget.js";
import { daysInclusive, formatKr, isoDay, parseIsoDate } from "./format.js";
import type { Rates } from "./rates.js";
import { requestName } from "./request-name.js";

/** The other payers a grant can be reduced by (the 2016 report: "minus ebo", Migrationsverket). */
export const COFUNDING_PAYERS = {
  migrationsverket: "Migrationsverket (ebo/dagersättning)",
  kommunen: "Kommunen (socialtjänst)",
  annan: "Annan",
} as const;
export type CoFundingPayer = keyof typeof COFUNDING_PAYERS;
export const COFUNDING_PAYER_KEYS = Object.keys(COFUNDING_PAYERS) as CoFundingPayer[];

export function isCoFundingPayer(v: unknown): v is CoFundingPayer {
  return typeof v === "string" && Object.hasOwn(COFUNDING_PAYERS, v);
}

/** "varav 2 808 kr betalas av Migrationsverket (ebo/dagersättning)" */
export function coFundingText(payer: string, amount: number): string {
  const name = isCoFundingPayer(payer) ? COFUNDING_PAYERS[payer] : payer;
  return `minus ${formatKr(amount)} från ${name}`;
}

/** The request types that carry money (a grant of them has payments); the others cost nothing. */
export const typeHasMoney = (type: string): boolean => type === "rest" || type === "integration" || type === "measure";

/** Why an inquiry or an admission takes no payment (the service, the CLI and the button say it). */
export const noMoneyText = (requestId: number): string =>
  `${requestName(requestId)} kostar inga pengar (förfrågan eller tillträde), så ingen utbetalning kan registreras.`;

/** Whether a request offers "Registrera utbetalning": a grant (or partial grant) of a type with money. */
export const offersPayment = (r: { status: string; type: string }): boolean => (r.status === "granted" || r.status === "partly_granted") && typeHasMoney(r.type);

/** The longest note a payment may carry (no personal data: it is checked like other free text). */
export const PAYMENT_NOTE_MAX = 300;
/** The largest single payment (kronor) a form or the CLI accepts. */
export const PAYMENT_MAX_KR = 10_000_000;

export const PAYMENT_STATUS_LABEL = { reported: "registrerad, väntar på bekräftelse", confirmed: "bekräftad", rejected: "avvisad" } as const;

/** Whole kronor above zero from text ("36 192", "36192"); null otherwise. */
export function parsePaymentAmount(text: string): number | null {
  const t = text.replace(/[\s\u00a0]/g, "").replace(/kr$/i, "");
  if (!/^\d{1,9}$/.test(t)) return null;
  const n = Number(t);
  return n >= 1 && n <= PAYMENT_MAX_KR ? n : null;
}

export const AMOUNT_ERROR = `Ange ett belopp i hela kronor, från 1 kr till ${formatKr(PAYMENT_MAX_KR)}.`;

/** Why a payment date is refused, or null. `today` is the Stockholm day (UTC midnight). */
export function paymentDateError(text: string, today: Date): { error: string } | { date: Date } {
  const date = parseIsoDate(text.trim());
  if (!date) return { error: "Ange datumet som ÅÅÅÅ-MM-DD, t.ex. 2016-10-31." };
  if (date.getTime() > today.getTime()) return { error: `Datumet får inte ligga i framtiden (i dag är det ${isoDay(today)}).` };
  return { date };
}

/** A member of the applying organisation (issue #14, jäv) overriding, confirming or settling. */
export function paymentJavText(orgName: string, what: "override" | "confirm" | "reject" | "settle"): string {
  const [who, act] = {
    override: ["en annan administratör godkänner", "tillåta mer än beviljat"],
    confirm: ["en annan samordnare bekräftar", "bekräfta utbetalningen"],
    reject: ["en annan samordnare avvisar", "avvisa utbetalningen"],
    settle: ["en annan samordnare slutreglerar", "slutreglera beviljandet"],
  }[what];
  return `Jäv – ${who}. Du är medlem i ${orgName}, som ansökan gäller, och kan därför inte ${act}. Inget ändrades.`;
}

/** The one who reported a payment never confirms it (four eyes). */
export const OWN_PAYMENT_TEXT = "Du registrerade utbetalningen själv – en annan samordnare bekräftar den. Inget ändrades.";
/** … nor rejects it (the same rule as confirming). */
export const OWN_PAYMENT_REJECT_TEXT = "Du registrerade utbetalningen själv – en annan samordnare avvisar den. Inget ändrades.";

/**
 * A payment is not dated before the decision that granted it: `decisionDay` is the decision's
 * Stockholm day (UTC midnight, as todayDate). Null when the date is fine or the request has no
 * decision time.
 */
export function paymentBeforeDecisionError(paidOn: Date, decisionDay: Date | null): string | null {
  if (decisionDay === null || paidOn.getTime() >= decisionDay.getTime()) return null;
  return `Datumet får inte ligga före beslutet (${isoDay(decisionDay)}).`;
}

export interface GrantMoney {
  /** What the decision committed (sum of the request's budget_commitment rows). */
  committed: number;
  /** Active releases (not reverted). */
  released: number;
  /** Payments reported or confirmed. */
  paid: number;
}

/** What may still be paid without an admin's override. Never negative. */
export const paymentRoom = (g: GrantMoney): number => Math.max(0, g.committed - g.released - g.paid);

export interface CategoryAmount {
  key: string;
  amount: number;
}

/**
 * Splits `keep` (kronor kept, e.g. what was paid) over `lines` in proportion to their amounts and
 * returns what each line releases (amount − its share of keep), without zero lines. Shares are
 * rounded down and the remaining kronor go to the largest fractional parts (earlier lines first on
 * ties), so the releases add up to exactly sum − keep. `keep` ≥ the sum releases nothing.
 */
export function releaseSplit(lines: readonly CategoryAmount[], keep: number): CategoryAmount[] {
  const total = lines.reduce((a, l) => a + l.amount, 0);
  if (total <= 0 || keep >= total) return [];
  const k = Math.max(0, keep);
  const shares = lines.map((l, i) => ({ i, floor: Math.floor((l.amount * k) / total), frac: (l.amount * k) % total }));
  let left = k - shares.reduce((a, s) => a + s.floor, 0);
  for (const s of [...shares].sort((a, b) => b.frac - a.frac || a.i - b.i)) {
    if (left <= 0) break;
    s.floor += 1;
    left -= 1;
  }
  return lines.map((l, i) => ({ key: l.key, amount: l.amount - (shares[i]?.floor ?? 0) })).filter((l) => l.amount > 0);
}

export interface ClosingInput {
  /** The request's period (its start and end) and what it pays per day. */
  input: PeriodCostInput;
  rates: Rates;
  grantedDays: number;
  closedOn: Date;
  /**
   * What is still committed per category (commitment minus earlier active releases), and the
   * decision's commitment (`granted`; the amount when omitted): the used days are priced against
   * the commitment, so a second closing after a kept release frees only the days beyond it.
   */
  committed: readonly (CategoryAmount & { granted?: number })[];
  /** Payments reported or confirmed (never released). */
  paid: number;
}

/** Days of the granted period used by a case closed on `closedOn` (the closing day counts). */
export function usedDays(from: Date, grantedDays: number, closedOn: Date): number {
  return Math.max(0, Math.min(grantedDays, daysInclusive(from, closedOn)));
}

/**
 * What a closing before the granted period ends releases per category (empty when nothing).
 *
 * Co-funding (review #6): another payer's contribution lowered the commitment (from the daily
 * category first), and it is spread over all the granted days – it pays the same share of each
 * day. So the used days cost, per category, their price scaled by committed ÷ full cost of the
 * granted days (rounded up: a closing never releases a krona too many). Without a contribution
 * the factor is 1 and the used days cost their full price. (Pricing the used days at full rates
 * would leave a co-funded grant closed early releasing little or nothing.)
 */
export function closingRelease(c: ClosingInput): CategoryAmount[] {
  const used = usedDays(c.input.from, c.grantedDays, c.closedOn);
  if (used >= c.grantedDays) return [];
  const usedBy = amountsByCategory(costForDays(c.input, c.rates, used).lines);
  const fullBy = amountsByCategory(costForDays(c.input, c.rates, c.grantedDays).lines);
  const usedCost = (key: string, committed: number): number => {
    const cost = usedBy.get(key) ?? 0;
    const full = fullBy.get(key) ?? 0;
    return full > 0 && committed < full ? Math.ceil((cost * committed) / full) : cost;
  };
  // The used days' cost is scaled by the decision's commitment, never by what is still committed
  // after an earlier release (that would make the used days look cheaper and release too much).
  const out = c.committed.map((l) => ({ key: l.key, amount: Math.max(0, l.amount - usedCost(l.key, l.granted ?? l.amount)) })).filter((l) => l.amount > 0);
  const total = c.committed.reduce((a, l) => a + l.amount, 0);
  const release = out.reduce((a, l) => a + l.amount, 0);
  // What has been paid stays paid: when the payments exceed the used days' cost, release only the rest.
  if (release > total - c.paid) return releaseSplit(c.committed.map((l) => ({ key: l.key, amount: l.amount })), c.paid);
  return out;
}

/** What settling releases: everything committed that was not paid (split as releaseSplit). */
export const settleRelease = (committed: readonly CategoryAmount[], paid: number): CategoryAmount[] => releaseSplit(committed, paid);

/**
 * A grant lowered by another payer's contribution: `amount` kronor off the lines, from the first
 * line on (a period's own daily category comes first, then its supplements). Null when the
 * contribution is not below the lines' total (nothing would be left to grant).
 */
export function reduceByContribution(lines: readonly CostLine[], amount: number, payer: string): CostLine[] | null {
  const total = lines.reduce((a, l) => a + l.amount, 0);
  if (!Number.isSafeInteger(amount) || amount < 1 || amount >= total) return null;
  let left = amount;
  const out: CostLine[] = [];
  for (const l of lines) {
    const off = Math.min(left, l.amount);
    left -= off;
    if (l.amount - off > 0) out.push(off > 0 ? { ...l, label: `${l.label} ${coFundingText(payer, off)}`, amount: l.amount - off } : l);
  }
  return out;
}

/** One request's commitment in one category, with the request's paid total (for paidByCategory). */
export interface CommitmentPaid {
  requestId: number;
  key: string;
  committed: number;
  /** The request's confirmed payments in all (the same on each of its rows). */
  paid: number;
}

/**
 * Payments per category: each request's paid total spread over its categories in proportion to its
 * commitments (as releaseSplit keeps them); what an admin allowed above the commitment counts in
 * the request's first category.
 */
export function paidByCategory(rows: readonly CommitmentPaid[]): Map<string, number> {
  const out = new Map<string, number>();
  const byRequest = new Map<number, CommitmentPaid[]>();
  for (const r of rows) byRequest.set(r.requestId, [...(byRequest.get(r.requestId) ?? []), r]);
  for (const lines of byRequest.values()) {
    const paid = lines[0]?.paid ?? 0;
    if (paid <= 0) continue;
    const total = lines.reduce((a, l) => a + l.committed, 0);
    const kept = Math.min(paid, total);
    const released = releaseSplit(lines.map((l) => ({ key: l.key, amount: l.committed })), kept);
    lines.forEach((l, i) => {
      const share = l.committed - (released.find((x) => x.key === l.key)?.amount ?? 0) + (i === 0 ? paid - kept : 0);
      out.set(l.key, (out.get(l.key) ?? 0) + share);
    });
  }
  return out;
}
