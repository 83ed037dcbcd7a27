// Issue #15, item 5: readable without colour or emoji. Renders every view that draws a budget bar
// or signals a state with an emoji and checks that the words stand right next to each signal: a
// bar is followed by "NN % använt" (or "ingen tilldelning"), a warning emoji by "Varning:", an
// alarm by "Över budget:", a stop sign by "Stopp:" (or a cancelled meeting's "Inställt:").
// A source scan makes sure no file writes a signal emoji without its words (src/domain/signals.ts).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { BudgetReport, ImpactLine, RequestBudget } from "../../src/domain/budget.js";
import { buildReport } from "../../src/domain/report.js";
import { SIGNAL, SIGNAL_WORDS, usedText } from "../../src/domain/signals.js";
import { applyModal } from "../../src/views/apply-modal.js";
import { budgetMessage, budgetSummaryMessage, budgetWarningMessage, meter, requestBudgetBlocks } from "../../src/views/budget.js";
import { homeView } from "../../src/views/home.js";
import { announcementMessage, meetingCancelledMessage, reminderMessage, type MeetingInfo } from "../../src/views/meetings.js";
import { deadNoticeMessage } from "../../src/views/outbox.js";
import { reportSummary } from "../../src/views/report.js";
import { grantedDaysLine } from "../../src/views/request.js";

const cat = (name: string, allocated: number, committed: number) => ({
  key: name.toLowerCase(),
  name,
  allocated,
  transfersIn: 0,
  transfersOut: 0,
  committed,
  remaining: allocated - committed,
  usedPercent: allocated > 0 ? Math.floor((committed * 100) / allocated) : null,
  overdraft: Math.max(0, committed - allocated),
  paid: 0,
  released: 0,
});
const REPORT: BudgetReport = {
  period: { id: 1, name: "Pilot 2016", from: "2016-09-01", to: "2016-12-31", overheadPercent: 10 },
  categories: [cat("Vila", 10_000, 8_300), cat("Barntillägg", 0, 0), cat("Stödinsatser", 10_000, 12_500), cat("Integration", 10_000, 0)],
  lines: [],
  totals: { income: 0, costs: 0, allocations: 0, subtotal: 0, overhead: 0, totalCosts: 0, result: 0, remaining: 8_900, paid: 0, released: 0 },
};
const line = (over: Partial<ImpactLine> = {}): ImpactLine => ({ key: "rest", name: "Vila", available: 10_000, committed: 9_000, remainingBefore: 1_000, amount: 3_000, remainingAfter: -2_000, overrideAllowance: 0, ...over });
const budget = (over: Partial<RequestBudget>): RequestBudget => ({ period: { id: 1, name: "Pilot 2016", from: new Date("2016-09-01"), to: new Date("2016-12-31"), overheadPercent: 10 }, impact: [line()], fits: false, proposal: null, ...over });
const meeting: MeetingInfo = { id: 3, kind: "platform", title: "Plattformsmöte", theme: null, startsAt: new Date("2026-12-10T09:00:00Z"), endsAt: new Date("2026-12-10T11:00:00Z"), place: null, registration: null, registrationDeadline: null, cancelledAt: null, sequence: 0, group: null };
const now = new Date("2016-11-30T12:00:00Z");

/** Every view that draws a bar or an emoji signal, rendered with data that shows each signal. */
const RENDERED: [string, unknown][] = [
  ["/nsp budget", budgetMessage(REPORT, { current: true })],
  ["the daily budget summary", budgetSummaryMessage(REPORT, ["Stödinsatser är över budget."], now)],
  ["a budget warning at 90 %", budgetWarningMessage({ period: "Pilot 2016", category: "Vila", threshold: 90, committed: 9_000, available: 10_000 })],
  ["a budget warning at 100 %", budgetWarningMessage({ period: "Pilot 2016", category: "Vila", threshold: 100, committed: 10_000, available: 10_000 })],
  ["a request's money without a period", requestBudgetBlocks(budget({ period: null, impact: [] }), { requestId: 4 })],
  ["a request that does not fit, with a proposal", requestBudgetBlocks(budget({ proposal: { kind: "days", days: 3, of: 10, amount: 1_000 } }), { requestId: 4 })],
  ["a request that does not fit, without a proposal", requestBudgetBlocks(budget({}), { requestId: 4 })],
  ["the cap line, partly within the cap", grantedDaysLine(25, 30, 10)],
  ["the cap line, nothing within the cap", grantedDaysLine(30, 30, 10)],
  ["the dead-messages notice", deadNoticeMessage({ count: 2, kinds: [{ kind: "coord_notice", count: 2 }], oldest: now })],
  ["the report when its files could not be sent", reportSummary(buildReport({ from: "2016-09-01", to: "2016-11-30", periods: [], requests: [], categories: [], grants: [], cases: [] }), { sent: false })],
  ["the apply modal after a recalculated cost", applyModal({ type: "rest", orgName: "X", costPreview: "Beräknad kostnad: 1 000 kr", shownCost: 900, recalculated: true })],
  [
    "the coordinator's Home with the budget",
    homeView({ userId: "U1", now, actor: { role: "coordinator", orgName: "NSP" }, applicant: null, coordinator: { canDecide: true, queue: [], queueTotal: 0, budget: REPORT, budgetIsCurrent: true } }, []),
  ],
  ["a meeting's answers", reminderMessage(meeting, { key: "1d@0900", label: "i morgon", late: false }, { yes: ["U1"], no: ["U2"] })],
  ["a cancelled meeting's announcement", announcementMessage({ ...meeting, cancelledAt: now }, { yes: [], no: [] })],
  ["a cancellation", meetingCancelledMessage(meeting)],
];

/** Every string in a rendered view (mrkdwn and plain text alike). */
function strings(v: unknown): string[] {
  if (typeof v === "string") return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v && typeof v === "object") return Object.values(v).flatMap(strings);
  return [];
}

const BAR = /[▰▱]{10}/g;
const EMOJI = new RegExp(Object.keys(SIGNAL_WORDS).map((e) => e.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "g");

/** What is wrong with the signals of one text: a bar or a signal emoji without its words. */
function problems(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(BAR)) {
    const after = text.slice((m.index ?? 0) + m[0].length);
    if (!/^ (\d+ % använt|ingen tilldelning)/.test(after)) out.push(`bar without words: …${text.slice(m.index, (m.index ?? 0) + 40)}`);
  }
  for (const m of text.matchAll(EMOJI)) {
    const after = text.slice((m.index ?? 0) + m[0].length);
    const words = SIGNAL_WORDS[m[0]] ?? [];
    if (!words.some((w) => after.startsWith(` ${w}`))) out.push(`${m[0]} without its words: …${text.slice(m.index, (m.index ?? 0) + 50)}`);
  }
  return out;
}

describe("signals in words (issue #15, item 5)", () => {
  it.each(RENDERED)("%s: every bar and signal emoji has its words next to it", (_name, view) => {
    const texts = strings(view);
    const all = texts.join("\n");
    expect(texts.flatMap(problems)).toEqual([]);
    // Each rendered view here shows at least one signal (else it does not belong in this list).
    expect(BAR.test(all) || EMOJI.test(all), all.slice(0, 200)).toBe(true);
    BAR.lastIndex = 0;
    EMOJI.lastIndex = 0;
  });

  it("the words say the state: a bar's percentage, warnings, over budget, stop", () => {
    expect(meter(83)).toBe("▰▰▰▰▰▰▰▰▱▱ 83 % använt");
    expect(meter(null)).toBe("▱▱▱▱▱▱▱▱▱▱ ingen tilldelning");
    expect(usedText(125)).toBe("125 % använt");
    const budgetText = strings(budgetMessage(REPORT, { current: true })).join("\n");
    expect(budgetText).toContain("*Vila*  ▰▰▰▰▰▰▰▰▱▱ 83 % använt");
    expect(budgetText).toContain("*Stödinsatser*  ▰▰▰▰▰▰▰▰▰▰ 125 % använt");
    expect(budgetText).toContain(`${SIGNAL.warning} övertrasserat`);
    expect(strings(budgetWarningMessage({ period: "P", category: "Vila", threshold: 90, committed: 9_000, available: 10_000 })).join()).toContain(":warning: *Varning:* *Vila* har passerat 90 %");
    expect(strings(budgetWarningMessage({ period: "P", category: "Vila", threshold: 100, committed: 10_000, available: 10_000 })).join()).toContain(":rotating_light: *Över budget:* *Vila* är slut");
    expect(grantedDaysLine(30, 30, 10)).toContain(":no_entry: *Stopp:* Inga fler dagar");
  });

  it("the checker finds a bar or an emoji left alone", () => {
    expect(problems("▰▰▰▰▰▱▱▱▱▱ 50 %")).toHaveLength(1);
    expect(problems(":warning: Ansökan ryms inte")).toHaveLength(1);
    expect(problems(":rotating_light: *Vila* är slut")).toHaveLength(1);
    expect(problems(`${SIGNAL.warning} Ansökan ryms inte · ${meter(50)}`)).toEqual([]);
  });

  it("no source file writes a bar or a signal emoji without its words", () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) {
          if (name !== "generated" && name !== "node_modules") walk(path);
        } else if (path.endsWith(".ts")) files.push(path);
      }
    };
    for (const dir of ["src", "jobs", "commands"]) walk(dir);
    expect(files.length).toBeGreaterThan(50);
    const found: string[] = [];
    for (const file of files) {
      if (file.endsWith(join("domain", "signals.ts"))) continue;
      const source = readFileSync(file, "utf8");
      for (const p of problems(source.replace(/\$\{SIGNAL\.\w+\}/g, ""))) {
        // The bar itself is drawn in one place, and only `meter` (bar + words) uses it.
        if (file.endsWith(join("views", "budget.ts")) && p.startsWith("bar without words")) continue;
        found.push(`${file}: ${p}`);
      }
    }
    expect(found).toEqual([]);
    const barCalls = files.filter((f) => /\bbar\(/.test(readFileSync(f, "utf8")));
    expect(barCalls).toEqual([join("src", "views", "budget.ts")]);
    expect(readFileSync(join("src", "views", "budget.ts"), "utf8").match(/\bbar\(/g)).toHaveLength(2); // its definition and `meter`
  });
});
