// Withdrawing and correcting a request (issue #12, item 5), as plain data: what a correction may
// change, the structured snapshot of those fields that the audit row stores before → after, and
// the list of changes the thread note shows. Never the justification's text: the audit row only
// says whether it changed (audit rows may be shown in a case file), and the thread note too.
import { z } from "zod";
import { measureLabel } from "./cost.js";
import { daysText, formatKr, isoDay } from "./format.js";
import { MEASURE_LABEL, type MeasureKind, type RequestType } from "./types.js";

/**
 * The fields a correction may change, by type. The type and the case stay: a request for another
 * type or another case is a new request (withdraw this one and apply again). An admission's
 * anonymous background is kept as well (it describes the case, which already exists); an
 * inquiry's and an admission's correction changes their text only.
 */
export const CORRECTABLE: Record<RequestType, readonly ("period" | "children" | "protection" | "measure" | "justification")[]> = {
  inquiry: ["justification"],
  admission: ["justification"],
  rest: ["period", "children", "protection", "justification"],
  integration: ["period", "children", "justification"],
  measure: ["measure", "justification"],
};

/** What a correction may change, as stored in the audit row (dates as "yyyy-MM-dd"). */
export const requestSnapshot = z.object({
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  days: z.number().int().nullable(),
  children: z.number().int().nullable(),
  protection: z.boolean(),
  measure: z.string().nullable(),
  quantity: z.number().int().nullable(),
  unitAmount: z.number().int().nullable(),
  requestedAmount: z.number().int(),
  periodId: z.number().int().nullable(),
  /** Days the period had begun when it was asked for (late start); absent in rows before it was recorded. */
  startedDaysAgo: z.number().int().nullable().optional(),
});
export type RequestSnapshot = z.infer<typeof requestSnapshot>;

/** The audit row's `after` of a correction: the snapshot, whether the text changed, and the view. */
export const correctionAfter = requestSnapshot.extend({ justificationChanged: z.boolean(), submission: z.string().optional() });

export interface SnapshotSource {
  startDate: Date | null;
  endDate: Date | null;
  days: number | null;
  children: number | null;
  protection: boolean;
  measure: string | null;
  quantity: number | null;
  unitAmount: number | null;
  requestedAmount: number;
  periodId: number | null;
  startedDaysAgo?: number | null;
}

export function snapshotOf(r: SnapshotSource): RequestSnapshot {
  return {
    startDate: r.startDate ? isoDay(r.startDate) : null,
    endDate: r.endDate ? isoDay(r.endDate) : null,
    days: r.days,
    children: r.children,
    protection: r.protection,
    measure: r.measure,
    quantity: r.quantity,
    unitAmount: r.unitAmount,
    requestedAmount: r.requestedAmount,
    periodId: r.periodId,
    startedDaysAgo: r.startedDaysAgo ?? null,
  };
}

const KEYS = Object.keys(requestSnapshot.shape) as (keyof RequestSnapshot)[];

/** The snapshot fields that differ. */
export function changedKeys(before: RequestSnapshot, after: RequestSnapshot): (keyof RequestSnapshot)[] {
  return KEYS.filter((k) => before[k] !== after[k]);
}

function periodText(s: RequestSnapshot): string {
  return s.startDate && s.endDate ? `${s.startDate} – ${s.endDate} (${daysText(s.days)})` : "–";
}

function measureText(s: RequestSnapshot): string {
  const kind = s.measure as MeasureKind | null;
  const what = kind && kind in MEASURE_LABEL ? measureLabel(kind, s.quantity ?? 1, s.unitAmount ?? 0) : "–";
  return s.startDate ? `${what}, ${s.startDate}` : what;
}

/**
 * The changes in words, fields only: "period 2016-09-01 – 2016-09-30 (30 dagar) → …",
 * "beräknad kostnad 45 000 kr → 30 000 kr", "beslutsunderlaget". Empty when nothing changed.
 */
export function changeLines(type: RequestType, before: RequestSnapshot, after: RequestSnapshot, justificationChanged: boolean): string[] {
  const changed = new Set(changedKeys(before, after));
  const lines: string[] = [];
  const any = (...keys: (keyof RequestSnapshot)[]) => keys.some((k) => changed.has(k));
  if (type === "measure") {
    if (any("measure", "quantity", "unitAmount", "startDate")) lines.push(`insats ${measureText(before)} → ${measureText(after)}`);
  } else if (any("startDate", "endDate", "days")) {
    lines.push(`period ${periodText(before)} → ${periodText(after)}`);
  }
  if (changed.has("children")) lines.push(`medföljande barn ${before.children ?? 0} → ${after.children ?? 0}`);
  if (changed.has("protection")) lines.push(`dygnet-runt-skydd ${before.protection ? "ja" : "nej"} → ${after.protection ? "ja" : "nej"}`);
  if (changed.has("requestedAmount")) lines.push(`beräknad kostnad ${formatKr(before.requestedAmount)} → ${formatKr(after.requestedAmount)}`);
  if (justificationChanged) lines.push("beslutsunderlaget ändrades");
  return lines;
}
