// Operator side of the budget (`npm run admin -- budget …`): periods, allocations, income and
// cost lines, transfers and admin overrides. Errors an operator can fix are AdminError with a
// Swedish message; commands/admin.ts prints them.
import { formatKr } from "../domain/format.js";
import { budgetReport, CATEGORY_NAME, overrideJavText, isBudgetCategory, maxNewAllocation, periodTotals, remaining, type BudgetReport, type PeriodRef, type PeriodTotals } from "../domain/budget.js";
import { isoDay, parseIsoDate, todayDate } from "../domain/format.js";
import { RATES_2016 } from "../domain/rates.js";
import { requestLine } from "../domain/request-name.js";
import { isOpenStatus } from "../domain/types.js";
import type { Db } from "../core/db.js";
import { randomUUID } from "node:crypto";
import { AdminError, checkFreeText } from "./admin.js";
import { budgetHomeRefresh } from "./outbox.js";
import { addToOutbox } from "./outbox.js";
import { currentPeriod, findPeriodByName, loadPeriodBudget } from "./budget-read.js";
import { addOverride, DEFAULT_THRESHOLDS, OverrideJavError } from "./budget-commit.js";
import { queueBudgetRefreshes } from "./budget-refresh.js";
import { transferBudget } from "./budget-transfer.js";
import { createPeriod, listPeriods } from "./budget-periods.js";

/** The named period, else the one containing today, else the latest. */
export async function resolvePeriod(db: Db, name?: string): Promise<PeriodRef> {
  if (name) {
    const p = await findPeriodByName(db, name);
    if (!p) throw new AdminError(`Det finns ingen budgetperiod som heter "${name}". Se: npm run admin -- budget period list`);
    return p;
  }
  const chosen = await currentPeriod(db, todayDate());
  if (!chosen) throw new AdminError('Det finns ingen budgetperiod. Skapa en: npm run admin -- budget period create "Namn" --from ÅÅÅÅ-MM-DD --to ÅÅÅÅ-MM-DD');
  return chosen.period;
}

function date(value: string, option: string): Date {
  const d = parseIsoDate(value);
  if (!d) throw new AdminError(`${option} ska vara ett datum ÅÅÅÅ-MM-DD, fick "${value}".`);
  return d;
}

export async function cliCreatePeriod(db: Db, input: { name: string; from: string; to: string; copyFrom?: string; actor: string }) {
  const name = input.name.trim();
  if (!name) throw new AdminError("Periodens namn får inte vara tomt.");
  checkFreeText("Periodens namn", name);
  const result = await createPeriod(
    db,
    { name, from: date(input.from, "--from"), to: date(input.to, "--to"), copyFrom: input.copyFrom, actor: input.actor },
    { ...RATES_2016, overheadPercent: 10 },
  );
  if (!result.ok) {
    switch (result.error) {
      case "exists":
        throw new AdminError(`Det finns redan en budgetperiod som heter "${name}".`);
      case "dates":
        throw new AdminError("--to måste vara samma dag som eller efter --from.");
      case "overlap":
        throw new AdminError(`Perioden överlappar "${result.detail ?? "?"}"; en ansökan ska höra till exakt en period.`);
      case "copy_not_found":
        throw new AdminError(`Det finns ingen budgetperiod "${input.copyFrom ?? ""}" att kopiera från.`);
    }
  }
  const budget = await loadPeriodBudget(db, result.period.id);
  if (!budget) throw new Error("created period not found");
  return { ...budgetReport(budget), copiedFrom: result.copiedFrom };
}

export interface PeriodListItem {
  name: string;
  from: string;
  to: string;
  income: number;
  allocations: number;
  committed: number;
  result: number;
}

export async function cliListPeriods(db: Db): Promise<PeriodListItem[]> {
  return (await listPeriods(db)).map((p) => ({
    name: p.name,
    from: isoDay(p.from),
    to: isoDay(p.to),
    income: p.totals.income,
    allocations: p.totals.allocations,
    committed: p.committed,
    result: p.totals.result,
  }));
}

export async function cliShowBudget(db: Db, periodName?: string): Promise<BudgetReport> {
  const period = await resolvePeriod(db, periodName);
  const budget = await loadPeriodBudget(db, period.id);
  if (!budget) throw new AdminError("Perioden hittades inte.");
  return budgetReport(budget);
}

function categoryKey(key: string): string {
  if (!isBudgetCategory(key)) {
    throw new AdminError(`Okänd kategori "${key}". Kategorier: ${Object.entries(CATEGORY_NAME).map(([k, n]) => `${k} (${n})`).join(", ")}.`);
  }
  return key;
}

function kronor(value: string, option: string): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new AdminError(`${option} ska vara ett belopp i hela kronor större än 0, fick "${value}".`);
  return n;
}

export async function cliTransfer(db: Db, input: { from: string; to: string; amount: string; reason: string; period?: string; actor: string }) {
  const period = await resolvePeriod(db, input.period);
  const reason = input.reason.trim();
  if (!reason) throw new AdminError("--reason får inte vara tomt.");
  checkFreeText("--reason", reason);
  const result = await transferBudget(
    db,
    { periodId: period.id, from: categoryKey(input.from), to: categoryKey(input.to), amount: kronor(input.amount, "--amount"), reason, actor: input.actor },
    DEFAULT_THRESHOLDS,
  );
  if (!result.ok) {
    switch (result.error) {
      case "same_category":
        throw new AdminError("--from och --to måste vara olika kategorier.");
      case "unknown_from":
      case "unknown_to":
        throw new AdminError(`Kategorin ${result.error === "unknown_from" ? input.from : input.to} finns inte i ${period.name}.`);
      case "not_positive":
        throw new AdminError("--amount ska vara större än 0.");
      case "insufficient":
        throw new AdminError(`${result.name} har bara ${formatKr(Math.max(result.remaining, 0))} kvar att flytta.`);
    }
  }
  return { transferId: result.transferId, outboxIds: result.outboxIds, report: await cliShowBudget(db, period.name) };
}

/** Sets a category's allocation (creating the category when missing). The giving side never goes
 * below what is committed, and the period's result (income − costs − overhead) stays ≥ 0. */
export async function cliAllocate(db: Db, input: { category: string; amount: string; period?: string }) {
  const period = await resolvePeriod(db, input.period);
  const key = categoryKey(input.category);
  const amount = /^\d+$/.test(input.amount.trim()) ? Number(input.amount.trim()) : NaN;
  if (!Number.isSafeInteger(amount)) throw new AdminError(`--amount ska vara ett belopp i hela kronor, fick "${input.amount}".`);
  await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT "id" FROM "budget_period" WHERE "id" = ${period.id} FOR UPDATE`;
    const budget = await loadPeriodBudget(tx, period.id);
    if (!budget) throw new AdminError("Perioden hittades inte.");
    const current = budget.categories.find((c) => c.key === key);
    const others = budget.categories.filter((c) => c.key !== key);
    const totals: PeriodTotals = periodTotals(budget.lines, others, budget.period.overheadPercent);
    const max = maxNewAllocation(totals, budget.period.overheadPercent);
    if (amount > max) {
      throw new AdminError(`Intäkterna räcker till högst ${formatKr(max)} för ${CATEGORY_NAME[key as keyof typeof CATEGORY_NAME]} (med ${budget.period.overheadPercent} % OH). Lägg till intäkter med "budget line add --kind income".`);
    }
    if (current && remaining({ ...current, allocated: amount }) + current.overdraft < 0) {
      throw new AdminError(`${current.name} har redan ${formatKr(current.committed)} beviljat; tilldelningen kan inte bli lägre än så (netto efter överföringar).`);
    }
    const category = await tx.budgetCategory.upsert({
      where: { periodId_key: { periodId: period.id, key } },
      create: { periodId: period.id, key, name: CATEGORY_NAME[key as keyof typeof CATEGORY_NAME], allocated: amount, sortOrder: budget.categories.length },
      update: { allocated: amount },
    });
    // Coordinators' and admins' Homes show the budget (delivered by the app's sweep).
    await addToOutbox(tx, [budgetHomeRefresh(period.id, { allocate: randomUUID() })]);
    // … and the open requests' coordinator messages that show the category.
    await queueBudgetRefreshes(tx, period.id, [category.id]);
  });
  return cliShowBudget(db, period.name);
}

export async function cliAddLine(db: Db, input: { kind: "income" | "cost"; label: string; amount: string; spec?: string; period?: string; actor: string }) {
  const period = await resolvePeriod(db, input.period);
  const label = input.label.trim();
  if (!label) throw new AdminError("Postens namn får inte vara tomt.");
  checkFreeText("Postens namn", label);
  const spec = input.spec?.trim() || null;
  if (spec !== null) checkFreeText("--spec", spec);
  const amount = kronor(input.amount, "--amount");
  const count = await db.budgetLine.count({ where: { periodId: period.id, kind: input.kind } });
  await db.budgetLine.create({ data: { periodId: period.id, kind: input.kind, label, spec, amount, sortOrder: count, createdBy: input.actor } });
  return cliShowBudget(db, period.name);
}

export async function cliOverride(db: Db, input: { request: string; amount: string; reason: string; actor: string }) {
  const id = /^\d+$/.test(input.request.trim()) ? Number(input.request.trim()) : NaN;
  const request = Number.isSafeInteger(id) ? await db.request.findUnique({ where: { id }, include: { case: true } }) : null;
  if (!request) throw new AdminError(`Det finns ingen ansökan med nummer "${input.request}" (numret står i samordnarkanalens meddelande: "Ansökan nr 17").`);
  if (!isOpenStatus(request.status)) throw new AdminError("Ansökan är redan beslutad.");
  const reason = input.reason.trim();
  if (!reason) throw new AdminError("--reason krävs: skälet sparas med överskridandet.");
  checkFreeText("--reason", reason);
  const { override } = await addOverride(db, { requestId: id, amount: kronor(input.amount, "--amount"), reason, actor: input.actor }).catch((err: unknown) => {
    if (err instanceof OverrideJavError) throw new AdminError(`--by: ${overrideJavText(err.orgName)}`);
    throw err;
  });
  const caseRef = request.case?.ref ?? null;
  // title: "Ansökan nr 12 – Insats: juridiskt biträde 6 timmar × 2 500 kr (NSP001)" (src/domain/request-name.ts).
  return { overrideId: override.id, requestId: id, caseRef, title: requestLine({ ...request, caseRef }), amount: override.amount, reason };
}
