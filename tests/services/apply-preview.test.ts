// Issue #13 item 2, "the preview is the cost", through the service and the real database: for
// every type and every cost input, the figure the modal's preview shows (previewCost) is the amount
// buildRequest stores (requestedAmount), priced from the same period's rates; and a figure on
// screen that is not the stored amount (the reported 36 600 vs 48 800 kr) makes the submit come
// back for confirmation (mustReconfirmCost) instead of storing.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMPTY_APPLY_FORM, formOfRequest, mustReconfirmCost, type ApplyForm } from "../../src/domain/apply-form.js";
import { formatKr, isoDay, parseIsoDate } from "../../src/domain/format.js";
import { RATES_2016 } from "../../src/domain/rates.js";
import { MEASURE_KINDS, type RequestType } from "../../src/domain/types.js";
import { buildRequest, previewCost } from "../../src/services/apply.js";
import { buildCorrection, loadOwnRequest, previewCorrection, type OwnRequest } from "../../src/services/request-changes.js";
import { findActor, type Actor } from "../../src/services/members.js";
import { submitRequest } from "../../src/services/requests.js";
import { createAdmittedCase } from "../helpers/cases.js";
import { closeDb, testDb, truncateAll } from "../helpers/db.js";
import { seedFixtures, USERS } from "../helpers/harness.js";

const db = testDb();
let actor: Actor;
let caseRef = "";
const TODAY = parseIsoDate("2016-09-01") as Date;
/** A second period with other rates: a request is priced with its start date's period, in preview and store alike. */
const RATES_2017 = { ...RATES_2016, restDailyRate: 1300, restChildDailyRate: 350, protectionDailyRate: 175, integrationDailyRate: 650, integrationChildDailyRate: 250 };

beforeAll(async () => {
  await truncateAll(db);
  await seedFixtures(db);
  await db.budgetPeriod.create({ data: { name: "År 2017", fromDate: new Date("2017-01-01"), toDate: new Date("2017-12-31"), ...RATES_2017 } });
  const found = await findActor(db, USERS.applicant);
  if (!found) throw new Error("no applicant");
  actor = found;
  caseRef = (await createAdmittedCase(db, { decision: null, background: { childrenAccompanying: 1 } })).ref;
});
afterAll(() => closeDb(db));

const EMPTY: ApplyForm = EMPTY_APPLY_FORM;

const form = (over: Partial<ApplyForm>): ApplyForm => ({ ...EMPTY, caseRef, justification: "Behöver stöd enligt handlingsplanen.", ...over });
const period = (from: string, days: number) => ({ from, to: isoDay(new Date((parseIsoDate(from) as Date).getTime() + (days - 1) * 86_400_000)) });

/** The preview's total and the amount buildRequest would store, for one form. */
async function bothFigures(f: ApplyForm): Promise<{ shown: number | null; text: string | null; stored: number }> {
  const preview = await previewCost(db, f);
  const built = await buildRequest(db, actor, f, `key-${randomUUID()}`, TODAY);
  if ("errors" in built) throw new Error(`unexpected errors for ${JSON.stringify(f)}: ${JSON.stringify(built.errors)}`);
  return { shown: preview.total, text: preview.text, stored: built.request.requestedAmount };
}

async function expectSame(f: ApplyForm): Promise<number> {
  const { shown, text, stored } = await bothFigures(f);
  expect(shown, JSON.stringify(f)).toBe(stored);
  expect(text, JSON.stringify(f)).toContain(`Beräknad kostnad: ${formatKr(stored)}`);
  expect(mustReconfirmCost(f.type as RequestType, shown ?? undefined, stored)).toBe(false);
  return stored;
}

describe("the preview is the cost", () => {
  it("36 600 vs 48 800: integration 2016-09-01–2016-10-31, the preview before the child was counted is not what is stored", async () => {
    const base = form({ type: "integration", ...period("2016-09-01", 61) });
    const before = await previewCost(db, { ...base, children: "0" });
    expect(before.total).toBe(36_600);
    const { stored } = await bothFigures({ ...base, children: "1" });
    expect(stored).toBe(48_800);
    // The submit compares the figure on screen with the stored amount: this one comes back.
    expect(mustReconfirmCost("integration", before.total ?? undefined, stored)).toBe(true);
    // Once the preview is refreshed with the child, the two agree.
    expect(await expectSame({ ...base, children: "1" })).toBe(48_800);
  });

  it("rest: every day count, 0–3 children, with and without protection, in both periods", async () => {
    const seen = new Set<number>();
    for (const start of ["2016-09-01", "2017-02-01"])
      for (const days of [1, 2, 7, 30])
        for (const children of ["", "0", "1", "2", "3"])
          for (const protection of [false, true]) seen.add(await expectSame(form({ type: "rest", ...period(start, days), children, protection })));
    expect(seen.size).toBeGreaterThan(30);
  });

  it("integration: every day count and 0–3 children, in both periods", async () => {
    for (const start of ["2016-09-01", "2017-02-01"])
      for (const days of [1, 31, 61, 90])
        for (const children of ["", "0", "1", "2", "3"]) await expectSame(form({ type: "integration", ...period(start, days), children }));
  });

  it("the period of the start date prices both: a period starting in 2017 uses 2017's rates", async () => {
    const f = form({ type: "rest", ...period("2017-02-01", 10), children: "1", protection: true });
    expect(await expectSame(f)).toBe(10 * (RATES_2017.restDailyRate + RATES_2017.restChildDailyRate + RATES_2017.protectionDailyRate));
  });

  it("measure: every kind, quantities and unit amounts, dated in either period", async () => {
    for (const measure of MEASURE_KINDS)
      for (const quantity of ["1", "5", "50"])
        for (const unitAmount of ["500", "800", "5000"])
          for (const measureDate of ["2016-10-03", "2017-03-01"]) {
            const stored = await expectSame(form({ type: "measure", measure, quantity, unitAmount, measureDate }));
            expect(stored).toBe(Number(quantity) * Number(unitAmount));
          }
  });

  it("a request without a cost is never held back for one; a cost request without a figure on screen is", () => {
    expect(mustReconfirmCost("inquiry", undefined, 0)).toBe(false);
    expect(mustReconfirmCost("admission", 5, 0)).toBe(false);
    for (const type of ["rest", "integration", "measure"] as const) {
      expect(mustReconfirmCost(type, undefined, 4000)).toBe(true);
      expect(mustReconfirmCost(type, 3999, 4000)).toBe(true);
      expect(mustReconfirmCost(type, 4000, 4000)).toBe(false);
    }
  });
});

// The correction modal "Ändra" (issue #13 item 2): the figure it shows (previewCorrection, on
// opening and after every cost input) is the amount buildCorrection stores, for every type and input.
describe("the correction's figure is the cost the correction stores", () => {
  /** A stored request of the case, built from `f` as the apply modal stores it. */
  async function stored(f: ApplyForm): Promise<OwnRequest> {
    const built = await buildRequest(db, actor, f, `key-${randomUUID()}`, TODAY);
    if ("errors" in built) throw new Error(JSON.stringify(built.errors));
    const s = await submitRequest(db, built.request);
    const r = await loadOwnRequest(db, s.requestId, actor);
    if (!r) throw new Error("not stored");
    return r;
  }

  async function expectSameCorrection(r: OwnRequest, f: ApplyForm | undefined): Promise<number> {
    const form = f ?? formOfRequest(r, caseRef);
    const preview = await previewCorrection(db, r, f);
    const built = await buildCorrection(db, actor, r, form, TODAY);
    if ("errors" in built) throw new Error(`unexpected errors for ${JSON.stringify(form)}: ${JSON.stringify(built.errors)}`);
    expect(preview.total, JSON.stringify(form)).toBe(built.correction.requestedAmount);
    expect(mustReconfirmCost(r.type, preview.total ?? undefined, built.correction.requestedAmount)).toBe(false);
    return built.correction.requestedAmount;
  }

  it("rest and integration: days, 0–3 children, protection, a start moved into the other period", async () => {
    const rest = await stored(form({ type: "rest", ...period("2016-09-05", 10), children: "1", protection: true }));
    const integration = await stored(form({ type: "integration", ...period("2016-09-05", 61), children: "0" }));
    expect(await expectSameCorrection(rest, undefined)).toBe(rest.requestedAmount);
    expect(await expectSameCorrection(integration, undefined)).toBe(36_600);
    for (const start of ["2016-09-05", "2017-02-01"])
      for (const days of [1, 10, 30])
        for (const children of ["", "0", "1", "3"]) {
          for (const protection of [false, true]) await expectSameCorrection(rest, form({ ...formOfRequest(rest, caseRef), ...period(start, days), children, protection }));
          await expectSameCorrection(integration, form({ ...formOfRequest(integration, caseRef), ...period(start, days * 2), children }));
        }
    expect(await expectSameCorrection(integration, form({ ...formOfRequest(integration, caseRef), children: "1" }))).toBe(48_800);
  });

  it("measure: kind, quantity, unit amount and date", async () => {
    const measure = await stored(form({ type: "measure", measure: "therapy", quantity: "5", unitAmount: "800", measureDate: "2016-10-03" }));
    expect(await expectSameCorrection(measure, undefined)).toBe(4_000);
    for (const kind of MEASURE_KINDS)
      for (const quantity of ["1", "4", "50"])
        for (const unitAmount of ["7", "750", "5000"])
          for (const measureDate of ["2016-10-03", "2017-03-01"])
            expect(await expectSameCorrection(measure, form({ type: "measure", measure: kind, quantity, unitAmount, measureDate }))).toBe(Number(quantity) * Number(unitAmount));
  });

  it("the modal as it opens shows what saving it unchanged stores, also when the period's rates changed since it was filed", async () => {
    const r = await stored(form({ type: "rest", ...period("2017-03-01", 10), children: "1" }));
    expect(r.requestedAmount).toBe(10 * (RATES_2017.restDailyRate + RATES_2017.restChildDailyRate));
    await db.budgetPeriod.update({ where: { name: "År 2017" }, data: { restDailyRate: RATES_2017.restDailyRate + 100 } });
    try {
      const now = await expectSameCorrection(r, undefined);
      expect(now).toBe(10 * (RATES_2017.restDailyRate + 100 + RATES_2017.restChildDailyRate));
      expect(now).not.toBe(r.requestedAmount);
    } finally {
      await db.budgetPeriod.update({ where: { name: "År 2017" }, data: { restDailyRate: RATES_2017.restDailyRate } });
    }
  });
});
