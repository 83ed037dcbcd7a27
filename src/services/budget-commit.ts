// Committing a decision's money (inside the decision's transaction) and admin overrides. Money
// checks run under row locks (SELECT … FOR NO KEY UPDATE in category-id order, so two decisions
// never deadlock, and inserts that only reference a category – commitments, warnings – never wait
// for it) and the CHECK constraint `remaining + overdraft >= 0` in the migration is the database's
// own backstop. A decision locks (lockBudget), then applies (applyBudget); commitBudget does both.
import { costForDays, type CostLine } from "../domain/cost.js";
import {
  amountsByCategory,
  available,
  impactOf,
  reachedThresholds,
  type BudgetRefusal,
  type CategoryFigures,
  type CategoryRow,
  type ImpactLine,
} from "../domain/budget.js";
import type { Rates } from "../domain/rates.js";
import type { Db, Tx } from "../core/db.js";
import { addToOutbox, type OutboxItem } from "./outbox.js";
import { allowanceMap, periodInput, storedLines, type BudgetRequest } from "./budget-read.js";

export const DEFAULT_THRESHOLDS: readonly number[] = [75, 90, 100];

export type GrantedMoney = { kind: "grant" } | { kind: "partial"; grantedDays: number | null; grantedAmount: number };

/** The cost lines a decision commits: the request's own lines for a full grant, the lines for the
 * granted days (period rates) or one measure line for a lower amount for a partial grant. */
export function grantedLines(r: BudgetRequest, money: GrantedMoney, rates: Rates | null): CostLine[] {
  if (money.kind === "grant") return storedLines(r);
  const input = periodInput(r);
  if (input && money.grantedDays !== null) {
    if (!rates) throw new Error("grantedLines: a partial grant of days needs the period's rates");
    return costForDays(input, rates, money.grantedDays).lines;
  }
  return money.grantedAmount > 0 ? [{ category: "measure", label: "Beviljat belopp", amount: money.grantedAmount }] : [];
}

/** Thrown inside a transaction to roll it back; carries what to tell the coordinator. */
export class BudgetRefusedError extends Error {
  constructor(readonly refusal: BudgetRefusal) {
    super(`budget refused: ${refusal.reason}`);
  }
}

export interface LockedCategory extends CategoryRow {
  periodName: string;
}

/** Locks the period's categories with these keys (in id order, so lockers never deadlock). */
export async function lockCategories(tx: Tx, periodId: number, keys: string[]): Promise<LockedCategory[]> {
  return tx.$queryRaw<LockedCategory[]>`
    SELECT c."id", c."key", c."name", c."spec", c."allocated", c."transfers_in" AS "transfersIn", c."transfers_out" AS "transfersOut",
           c."committed", c."overdraft", p."name" AS "periodName"
    FROM "budget_category" c JOIN "budget_period" p ON p."id" = c."period_id"
    WHERE c."period_id" = ${periodId} AND c."key" = ANY(${keys}::text[])
    ORDER BY c."id"
    FOR NO KEY UPDATE OF c`;
}

/**
 * Records the thresholds the given categories have reached (once per category and threshold: a
 * unique row) and returns the outbox item for the warning to post. When one change passes several
 * thresholds at once (0 → 100 %), every one is recorded but only the highest is posted: "slut"
 * says all that "75 %" and "90 %" would, and the lower ones are never posted later.
 */
export async function recordWarnings(tx: Tx, categoryIds: number[], thresholds: readonly number[]): Promise<OutboxItem[]> {
  if (categoryIds.length === 0 || thresholds.length === 0) return [];
  const cats = await tx.budgetCategory.findMany({ where: { id: { in: categoryIds } } });
  return recordWarningsOf(tx, cats, thresholds);
}

/** recordWarnings for categories whose current figures are known (rows locked by the caller). */
async function recordWarningsOf(tx: Tx, cats: (CategoryFigures & { id: number })[], thresholds: readonly number[]): Promise<OutboxItem[]> {
  const items: OutboxItem[] = [];
  for (const c of cats) {
    const avail = available(c);
    const reached = reachedThresholds(c.committed, avail, thresholds);
    if (reached.length === 0) continue;
    // One statement for all the thresholds reached: this runs while the category is locked.
    const rows = await tx.$queryRaw<{ id: number; threshold: number }[]>`
      INSERT INTO "budget_warning" ("category_id", "threshold", "committed", "available")
      SELECT ${c.id}, t, ${c.committed}, ${avail} FROM unnest(${reached}::int[]) AS t
      ON CONFLICT ("category_id", "threshold") DO NOTHING RETURNING "id", "threshold"`;
    const highest = rows.reduce<{ id: number; threshold: number } | null>((a, r) => (!a || r.threshold > a.threshold ? r : a), null);
    if (highest) items.push({ kind: "budget_warning", requestId: null, refId: highest.id });
  }
  return items;
}

/**
 * Commits a decision's money in its period's categories, or throws BudgetRefusedError (rolling back
 * the caller's transaction). Runs under row locks; an admin's unused override for the request lets
 * it go below zero by at most the override's amount, recorded as the category's overdraft.
 */
export async function commitBudget(
  tx: Tx,
  r: BudgetRequest,
  lines: CostLine[],
  thresholds: readonly number[],
): Promise<OutboxItem[]> {
  const locked = await lockBudget(tx, r, lines);
  return locked ? applyBudget(tx, locked, thresholds) : [];
}

/** What lockBudget holds: the request's categories (locked), its unused overrides (locked) and
 * what each category gives, checked against the locked figures. */
export interface LockedBudget {
  requestId: number;
  amounts: Map<string, number>;
  cats: LockedCategory[];
  overrides: { id: number; amount: number }[];
  overdrawn: Map<string, number>;
  allowanceUsed: number;
  impact: ImpactLine[];
}

/**
 * The first half of commitBudget: locks the request's overrides, then its categories (the one
 * lock decisions on different requests share: callers keep what follows short), and checks the
 * money. Returns null when the lines hold no money; throws BudgetRefusedError when it does not fit.
 */
export async function lockBudget(tx: Tx, r: BudgetRequest, lines: CostLine[]): Promise<LockedBudget | null> {
  const amounts = amountsByCategory(lines);
  if (amounts.size === 0) return null;
  if (r.periodId === null) throw new BudgetRefusedError({ reason: "no_period", date: r.startDate });
  const keys = [...amounts.keys()];
  // The request's own rows first: no other decision waits for them.
  const overrides = await tx.$queryRaw<{ id: number; amount: number }[]>`
    SELECT "id", "amount" FROM "budget_override" WHERE "request_id" = ${r.id} AND "used_at" IS NULL ORDER BY "id" FOR UPDATE`;
  const cats = await lockCategories(tx, r.periodId, keys);
  const missing = keys.find((k) => !cats.some((c) => c.key === k));
  if (missing) {
    const p = await tx.budgetPeriod.findUnique({ where: { id: r.periodId } });
    throw new BudgetRefusedError({ reason: "category_missing", period: p?.name ?? "?", category: missing });
  }
  const allowanceTotal = overrides.reduce((a, o) => a + o.amount, 0);
  let allowanceLeft = allowanceTotal;
  const impact = impactOf(amounts, cats, allowanceMap(keys, allowanceLeft));
  const overdrawn = new Map<string, number>();
  for (const line of impact) {
    const over = Math.max(0, line.amount - Math.max(line.remainingBefore, 0));
    if (over > allowanceLeft) {
      throw new BudgetRefusedError({ reason: "insufficient", period: cats[0]?.periodName ?? "?", lines: impact });
    }
    allowanceLeft -= over;
    overdrawn.set(line.key, over);
  }
  return { requestId: r.id, amounts, cats, overrides, overdrawn, allowanceUsed: allowanceTotal - allowanceLeft, impact };
}

/** The second half of commitBudget: commits the checked money under the locks lockBudget took. */
export async function applyBudget(tx: Tx, b: LockedBudget, thresholds: readonly number[]): Promise<OutboxItem[]> {
  const after: LockedCategory[] = [];
  for (const c of b.cats) {
    const amount = b.amounts.get(c.key) ?? 0;
    const over = b.overdrawn.get(c.key) ?? 0;
    // Conditional as well as locked: the WHERE re-checks the money on the row being updated.
    const updated = await tx.$executeRaw`
      UPDATE "budget_category" SET "committed" = "committed" + ${amount}, "overdraft" = "overdraft" + ${over}
      WHERE "id" = ${c.id} AND "allocated" + "transfers_in" - "transfers_out" - "committed" + "overdraft" + ${over} >= ${amount}`;
    if (updated !== 1) throw new BudgetRefusedError({ reason: "insufficient", period: c.periodName, lines: b.impact });
    // The row is locked: its new figures are known without reading it again.
    after.push({ ...c, committed: c.committed + amount, overdraft: c.overdraft + over });
  }
  await tx.budgetCommitment.createMany({
    data: b.cats.map((c) => ({ requestId: b.requestId, categoryId: c.id, amount: b.amounts.get(c.key) ?? 0, overdrawn: b.overdrawn.get(c.key) ?? 0 })),
  });
  if (b.overrides.length > 0) {
    await tx.budgetOverride.updateMany({ where: { id: { in: b.overrides.map((o) => o.id) } }, data: { usedAt: new Date(), usedAmount: b.allowanceUsed } });
  }
  return recordWarningsOf(tx, after, thresholds);
}

/** An admin allows one request to overdraw its categories by up to `amount` kr (reason recorded). */
/** An override asked by a member of the request's own organisation (issue #14, jäv): nothing stored. */
export class OverrideJavError extends Error {
  override readonly name = "OverrideJavError";
  constructor(readonly orgName: string) {
    super("override by a member of the applying organisation");
  }
}

export async function addOverride(db: Db, input: { requestId: number; amount: number; reason: string; actor: string }) {
  return db.$transaction(async (tx) => {
    // Jäv (issue #14): an admin never lets their own organisation's request overdraw the budget.
    const own = await tx.$queryRaw<{ name: string }[]>`
      SELECT o."name" FROM "request" r JOIN "organisation" o ON o."id" = r."org_id"
      JOIN "member" m ON m."org_id" = r."org_id" AND m."slack_user_id" = ${input.actor}
      WHERE r."id" = ${input.requestId}`;
    if (own[0]) throw new OverrideJavError(own[0].name);
    const override = await tx.budgetOverride.create({ data: input });
    const audit = await tx.auditEntry.create({
      data: { requestId: input.requestId, actor: input.actor, action: "budget_override", after: { overrideId: override.id, amount: input.amount } },
    });
    // The coordinator message shows the allowance (from the CLI, which has no queue, the sweep delivers it).
    const outboxIds = await addToOutbox(tx, [{ kind: "coord_refresh", requestId: input.requestId, refId: audit.id }]);
    return { override, outboxIds };
  });
}
