// The sandbox looks like today (issue #15, item 6), in a real browser (Debian's chromium through
// playwright-core, headless, as tests/sandbox/browser.test.ts): budget periods around today accept
// a realistic date in the apply flow and `/nsp rapport` reports figures; mentions show the demo
// users' names, emoji shortcodes show as characters; the applicant starts in their own channel; the
// report's uploaded files are listed and downloadable. Screenshots go to test-artifacts/sandbox-today/.
import { addDays } from "date-fns";
import { describe, expect, it } from "vitest";
import { SANDBOX_COORDINATOR_CHANNEL, seedSandbox } from "../../dev/sandbox/sandbox.js";
import { demoPeriods } from "../../dev/sandbox/today.js";
import { formatDate, todayDate } from "../../src/domain/format.js";
import { APPLICANT, BROWSER_AVAILABLE, COORDINATOR, sandboxPage } from "../helpers/sandbox-page.js";

describe.skipIf(!BROWSER_AVAILABLE)("the sandbox looks like today", () => {
  // No NSP_TODAY: the sandbox's today is the real day, as `npm run sandbox` now runs.
  const sb = sandboxPage({ shots: "test-artifacts/sandbox-today", redisPrefixSuffix: "_sbxtoday", startTimeoutMs: 90_000 });
  const { as, command, modal, shot } = sb;

  async function pickDate(blockId: string, iso: string): Promise<void> {
    const input = modal().locator(`[data-block-id='${blockId}'] input`);
    await input.fill(iso);
    await input.dispatchEvent("change");
  }

  it("seeds periods around today next to the untouched 2016 periods, cases in several states and coming meetings; a second seed adds nothing", async () => {
    const today = formatDate(new Date());
    const [current, next] = demoPeriods(today);
    expect(current && current.from <= today && today <= current.to).toBe(true);
    expect(sb.seeded.periods.created).toEqual([current?.name, next?.name]);
    const periods = await sb.runtime.db.budgetPeriod.findMany({ orderBy: { fromDate: "asc" }, include: { categories: { orderBy: { sortOrder: "asc" } } } });
    expect(periods.map((p) => p.name)).toEqual(["Period 1 2016", "Pilot 2016", current?.name, next?.name]);
    // The pilot's budget and rates, copied.
    const pilot = periods[1];
    const now = periods[2];
    expect(now?.restDailyRate).toBe(pilot?.restDailyRate);
    expect(now?.categories.map((c) => [c.key, c.allocated])).toEqual(pilot?.categories.map((c) => [c.key, c.allocated]));
    // The 2016 figures the report's tests read are as the annual report has them.
    expect(pilot?.categories.find((c) => c.key === "rest")?.allocated).toBe(62_400);
    expect(pilot?.categories.every((c) => c.committed === 0)).toBe(true);

    const cases = await sb.runtime.db.case.findMany({ include: { requests: { orderBy: { id: "asc" } } }, orderBy: { id: "asc" } });
    expect(cases).toHaveLength(4);
    const statuses = cases.map((c) => [c.outcome ?? "open", ...c.requests.map((r) => `${r.type}:${r.status}`)].join(" "));
    expect(statuses).toEqual([
      "open admission:received",
      "open admission:granted measure:received",
      "open admission:granted rest:granted",
      "own_support admission:granted measure:granted",
    ]);
    const rest = cases[2]?.requests[1];
    expect(rest?.startDate && rest.endDate && rest.startDate <= todayDate() && todayDate() <= rest.endDate).toBe(true);

    const meetings = await sb.runtime.db.meeting.findMany({ where: { startsAt: { gt: new Date() } }, orderBy: { startsAt: "asc" } });
    expect(meetings.length).toBeGreaterThanOrEqual(3);
    expect(meetings[0]?.title).toBe("Plattformsmöte (sandlåda)");
    expect(meetings.every((m) => m.startsAt.getTime() < addDays(new Date(), 31).getTime())).toBe(true);

    const again = await seedSandbox(sb.runtime.db, []);
    expect(again).toEqual({ periods: { created: [], existing: [current?.name, next?.name] }, cases: { created: [], existing: true }, meetings: 0 });
    expect(await sb.runtime.db.request.count()).toBe(7);
  });

  it("the applicant starts in their own channel, and does not see the coordinator channel", async () => {
    await sb.page.goto(`${sb.base}/sandbox?user=${APPLICANT}`);
    await expect.poll(() => sb.page.locator("#sb-channel-name").textContent()).toBe("NSP (appen)");
    expect(await sb.page.locator("#sb-channels button", { hasText: "nsp-samordning" }).count()).toBe(0);
    // Their own DM holds their receipts.
    await expect.poll(() => sb.page.locator("#sb-messages").textContent(), { timeout: 15_000 }).toContain("Din ansökan är mottagen");
    await shot("applicant-start");
    // The coordinator starts in the coordinator channel.
    await sb.page.selectOption("#sb-user", COORDINATOR);
    await expect.poll(() => sb.page.locator("#sb-channel-name").textContent()).toBe("nsp-samordning");
  });

  it("mentions show the demo users' names and emoji shortcodes show as characters", async () => {
    await as(COORDINATOR, "nsp-samordning");
    const applicantMention = sb.page.locator(`#sb-messages .mention[data-user-id='${APPLICANT}']`).first();
    await expect.poll(() => applicantMention.textContent(), { timeout: 15_000 }).toBe("@Sökande – Frälsningsarmén");
    // The closed case's note: ":lock: Ärende NSP… avslutat av <@U0DEMOCOORD>".
    const closedNote = sb.page.locator("#sb-messages article", { hasText: "avslutat av" }).first();
    await expect.poll(() => closedNote.textContent(), { timeout: 15_000 }).toContain("🔒");
    expect(await closedNote.locator(".mention").textContent()).toBe("@Samordnare");
    expect(await closedNote.locator(".emoji").getAttribute("title")).toBe(":lock:");
    const text = (await sb.page.locator("#sb-messages").textContent()) ?? "";
    expect(text).not.toMatch(/@U0DEMO/);
    expect(text).not.toMatch(/:(lock|white_check_mark|warning|rotating_light|page_facing_up):/);
    await shot("coordinator-names-emoji");
  });

  it("a realistic date (next week) is priced with today's period and the request is stored", async () => {
    const measureCase = await sb.runtime.db.case.findFirstOrThrow({ where: { requests: { some: { type: "measure", status: "received" } } } });
    const before = await sb.runtime.db.request.count();
    await as(APPLICANT, "NSP (appen)");
    await command("/nsp ansök förfrågan");
    await modal().waitFor();
    await modal().locator("[data-block-id='type'] select").selectOption("rest");
    await expect.poll(() => modal().locator("[data-block-id='from'] input[type='date']").count()).toBe(1);
    const from = formatDate(addDays(new Date(), 7));
    const to = formatDate(addDays(new Date(), 16));
    await pickDate("from", from);
    await pickDate("to", to);
    const period = demoPeriods(from).find((p) => p.from <= from && from <= p.to)?.name ?? "";
    await expect.poll(() => modal().textContent(), { timeout: 10_000 }).toContain("12 000 kr");
    expect(await modal().textContent()).toContain(`satser för ${period}`);
    expect(await modal().textContent()).not.toContain("Ingen budgetperiod");
    await modal().locator("[data-block-id='case_ref'] input").fill(measureCase.ref);
    await modal().locator("[data-block-id='justification'] textarea").fill("Vila i skyddat boende efter avslutad insats.");
    await shot("apply-today");
    await modal().locator("[data-view-action='submit']").click();
    await expect.poll(async () => (await modal().count()) === 0 || /mottagen|skickad/i.test((await modal().textContent()) ?? ""), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => sb.runtime.db.request.count(), { timeout: 10_000 }).toBe(before + 1);
    const stored = await sb.runtime.db.request.findFirstOrThrow({ orderBy: { id: "desc" }, include: { period: true } });
    expect([stored.type, formatDate(stored.startDate ?? new Date(0)), stored.requestedAmount, stored.period?.name]).toEqual(["rest", from, 12_000, period]);
    if ((await modal().count()) > 0) await modal().locator("[data-view-action='close']").first().click();
  });

  // Several bounded waits in a row (the report, its upload, the DM): more than the default 30 s on a busy machine.
  it("/nsp rapport reports today's period with figures, and its files are listed and downloadable", { timeout: 90_000 }, async () => {
    await as(COORDINATOR, "nsp-samordning");
    await command("/nsp rapport");
    const summary = sb.page.locator("#sb-ephemerals .sb-ephemeral", { hasText: "Periodrapport" }).last();
    await expect.poll(() => summary.textContent(), { timeout: 15_000 }).toContain("Tabell 1");
    const text = (await summary.textContent()) ?? "";
    expect(text).toContain(demoPeriods(formatDate(new Date()))[0]?.name ?? "?");
    // Five admissions this period, four granted; one case closed; money granted.
    expect(text).toMatch(/Nya ärenden: 4/);
    expect(text).toContain("Tabell 4 – Avslutade ärenden (1)");
    expect(text).not.toContain("Totalt beviljat under perioden 0 kr");
    await shot("report-summary");

    // The files arrive in the coordinator's DM and are listed in the sidebar.
    const listed = sb.page.locator("#sb-files a[data-file-id]");
    await expect.poll(() => listed.count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    const names = await listed.allTextContents();
    const reportName = names.find((n) => n.endsWith(".md")) ?? "";
    expect(reportName).toMatch(/^nsp-rapport_.*\.md$/);
    expect(names.some((n) => n.endsWith(".csv"))).toBe(true);
    await as(COORDINATOR, "NSP (appen)");
    await expect.poll(() => sb.page.locator("#sb-messages .sk-file a").count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    await shot("report-files");

    // A click downloads the file with its name and the report's text.
    const link = sb.page.locator("#sb-messages .sk-file a", { hasText: reportName }).first();
    const [download] = await Promise.all([sb.page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toBe(reportName);
    const path = await download.path();
    const { readFile } = await import("node:fs/promises");
    expect(await readFile(path, "utf8")).toContain("Tabell 1");

    // Headers, and only files the fake received, for a user who can see them.
    const href = (await link.getAttribute("href")) ?? "";
    const res = await sb.page.request.get(`${sb.base}${href}`);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toBe("text/markdown; charset=utf-8");
    expect(res.headers()["content-disposition"]).toBe(`attachment; filename="${reportName}"; filename*=UTF-8''${reportName}`);
    const csv = sb.page.locator("#sb-files a[data-file-id]", { hasText: ".csv" }).first();
    const csvRes = await sb.page.request.get(`${sb.base}${(await csv.getAttribute("href")) ?? ""}`);
    expect(csvRes.headers()["content-type"]).toBe("text/csv; charset=utf-8");
    const id = new URL(href, sb.base).searchParams.get("id") ?? "";
    expect((await sb.page.request.get(`${sb.base}/sandbox/file?id=${id}&user=${APPLICANT}`)).status()).toBe(404); // not the applicant's DM
    expect((await sb.page.request.get(`${sb.base}/sandbox/file?id=FNOSUCHFILE&user=${COORDINATOR}`)).status()).toBe(404);
    expect((await sb.page.request.get(`${sb.base}/sandbox/file?id=${encodeURIComponent("../../etc/passwd")}&user=${COORDINATOR}`)).status()).toBe(400);
    expect((await sb.page.request.get(`${sb.base}/sandbox/file?id=${id}&user=U0SOMEONE`)).status()).toBe(400);
    expect(sb.sandbox.fake.messagesIn(SANDBOX_COORDINATOR_CHANNEL).length).toBeGreaterThan(0);
  });
});
