// The sandbox's "today" (issue #15, item 6): the 2016 data from the annual report stay as they are
// (the report's tests read them), and next to them the sandbox gets
// - budget periods around today: the current half-year and the next one, each with the pilot's
//   budget and rates (copied from "Pilot 2016" by the same service as `budget period create
//   --copy-from`), so that a realistic date in the apply modal has a period and `/nsp rapport`
//   without arguments reports on a period with figures;
// - a few demo cases of the applicant's organisation in several states, made by the real services
//   (apply rules, decisions with their budget commits, closing a case), dated from today;
// - meetings in the coming weeks.
// Everything is derived from "today" in Europe/Stockholm when the sandbox starts. Idempotent: the
// periods are matched by name, the cases by their submission keys (one set per current period), the
// meetings are added only when no sandbox meeting lies ahead.
import { addDays } from "date-fns";
import type { Db } from "../../src/core/db.js";
import { EMPTY_APPLY_FORM, type ApplyForm } from "../../src/domain/apply-form.js";
import { formatDate, isoDay, parseIsoDate, todayDate } from "../../src/domain/format.js";
import type { MeetingKind } from "../../src/domain/meetings.js";
import { wallClockToInstant } from "../../src/domain/meeting-time.js";
import { RATES_2016 } from "../../src/domain/rates.js";
import type { ReminderOffset } from "../../src/domain/reminders.js";
import { buildRequest } from "../../src/services/apply.js";
import { createPeriod } from "../../src/services/budget-periods.js";
import { closeCase } from "../../src/services/case-outcome.js";
import { createMeeting } from "../../src/services/meetings.js";
import { findActor, type Actor } from "../../src/services/members.js";
import { decideRequest, submitRequest } from "../../src/services/requests.js";
import type { SeedSource } from "../../commands/seed.js";

/** The period whose budget and rates the sandbox's current periods copy ("report" figures). */
export const PILOT_PERIOD = "Pilot 2016";
const APPLICANT = "U0DEMOAPPL";
const COORDINATOR = "U0DEMOCOORD";

export interface DemoPeriod {
  name: string;
  from: string;
  to: string;
  /** "derived": the dates from today (the half-year it falls in, and the next), the budget and
   * rates the pilot's (copied from Pilot 2016, which the annual report states). */
  source: SeedSource;
}

/** The half-year containing `today` (YYYY-MM-DD) and the next one, e.g. 2026-12-01 → H2 2026 and H1 2027. */
export function demoPeriods(today: string): DemoPeriod[] {
  const year = Number(today.slice(0, 4));
  const firstHalf = today.slice(5, 7) <= "06";
  const half = (y: number, first: boolean): DemoPeriod => ({
    name: `Sandlåda ${y} ${first ? "jan–jun" : "jul–dec"}`,
    from: `${y}-${first ? "01-01" : "07-01"}`,
    to: `${y}-${first ? "06-30" : "12-31"}`,
    source: "derived",
  });
  return firstHalf ? [half(year, true), half(year, false)] : [half(year, false), half(year + 1, true)];
}

/** The demo cases: their state, what the applicant asked for and what happened ("example"). */
export const DEMO_CASE_STATES = ["open_admission_pending", "open_measure_pending", "granted_rest_running", "closed"] as const;
export type DemoCaseState = (typeof DEMO_CASE_STATES)[number];

export interface TodaySummary {
  periods: { created: string[]; existing: string[] };
  cases: { created: string[]; existing: boolean };
  meetings: number;
}

const EMPTY_FORM: ApplyForm = EMPTY_APPLY_FORM;

/** An admission's form (a new case); the background is an example, never a real person. */
function admissionForm(background: Partial<ApplyForm>): ApplyForm {
  return {
    ...EMPTY_FORM,
    type: "admission",
    nationality: "NG",
    gender: "woman",
    ageBand: "18-25",
    childrenAccompanying: "0",
    childrenHome: "0",
    exploitation: ["sexual"],
    exploitedIn: ["SE"],
    policeReport: "no",
    justification: "Övningsärende i sandlådan: behöver skyddat boende och stöd för att komma vidare.",
    ...background,
  };
}

/** Builds (with the apply rules, from `today`), submits and returns the request id; throws on a rule error. */
async function apply(db: Db, actor: Actor, form: ApplyForm, key: string, today: Date): Promise<{ requestId: number; caseRef: string | null }> {
  const built = await buildRequest(db, actor, form, key, today);
  if ("errors" in built) throw new Error(`sandbox seed: ${key} was refused: ${JSON.stringify(built.errors)}`);
  const submitted = await submitRequest(db, built.request);
  return { requestId: submitted.requestId, caseRef: submitted.caseRef };
}

/** Grants as the demo coordinator. A decision gives up after 2.5 s when the budget is busy (the
 * app's workers deliver the seed's messages at the same time): the seed then tries again, as a
 * coordinator would. */
async function grant(db: Db, requestId: number, reason: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const decided = await decideRequest(db, requestId, COORDINATOR, { kind: "grant", reason, shareReason: true });
    if (decided.ok) return;
    if (decided.error !== "busy" || attempt >= 5) throw new Error(`sandbox seed: request ${requestId} could not be granted (${decided.error})`);
    await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
  }
}

/** The four demo cases, in several states. Keys carry the current period's start, so a new half-year gets a new set. */
async function seedCases(db: Db, periodFrom: string, now: Date): Promise<TodaySummary["cases"]> {
  const key = (what: string) => `sandbox-${periodFrom}-${what}`;
  if (await db.request.findUnique({ where: { submissionKey: key("closed-admission") } })) return { created: [], existing: true };
  const actor = await findActor(db, APPLICANT);
  const coordinator = await findActor(db, COORDINATOR);
  if (!actor || !coordinator) throw new Error("sandbox seed: the demo members are missing");
  const today = todayDate(now);
  const iso = (days: number) => formatDate(addDays(now, days));
  const created: string[] = [];

  // Open, its admission waiting for a decision.
  const pending = await apply(db, actor, admissionForm({ nationality: "RO", ageBand: "26-30", exploitation: ["labour"] }), key("pending-admission"), today);
  created.push(`${pending.caseRef ?? "?"}: ansökan om tillträde väntar på beslut`);

  // Open, admitted, a measure waiting for a decision.
  const measureCase = await apply(db, actor, admissionForm({}), key("measure-admission"), today);
  await grant(db, measureCase.requestId, "Faller inom NSP.");
  await apply(
    db,
    actor,
    { ...EMPTY_FORM, type: "measure", caseRef: measureCase.caseRef ?? "", measure: "therapy", quantity: "5", unitAmount: "800", measureDate: iso(7), justification: "Samtalsstöd hos terapeut, fem tillfällen." },
    key("measure"),
    today,
  );
  created.push(`${measureCase.caseRef ?? "?"}: tillträde beviljat, insats (terapi) väntar på beslut`);

  // Admitted, a rest period granted that started a week ago and runs three more weeks.
  const restCase = await apply(db, actor, admissionForm({ ageBand: "31-35" }), key("rest-admission"), today);
  await grant(db, restCase.requestId, "Faller inom NSP.");
  const rest = await apply(
    db,
    actor,
    { ...EMPTY_FORM, type: "rest", caseRef: restCase.caseRef ?? "", from: iso(-7), to: iso(22), justification: "Vila i skyddat boende." },
    key("rest"),
    today,
  );
  await grant(db, rest.requestId, "Beviljas enligt satserna.");
  created.push(`${restCase.caseRef ?? "?"}: vila ${iso(-7)} – ${iso(22)} beviljad och pågår`);

  // Closed: admitted, a measure granted, then closed today with an outcome.
  const closedCase = await apply(db, actor, admissionForm({ nationality: "SE", exploitation: ["criminality"] }), key("closed-admission"), today);
  await grant(db, closedCase.requestId, "Faller inom NSP.");
  const travel = await apply(
    db,
    actor,
    { ...EMPTY_FORM, type: "measure", caseRef: closedCase.caseRef ?? "", measure: "travel", quantity: "1", unitAmount: "1500", measureDate: iso(0), justification: "Resa till eget boende hos släkt." },
    key("closed-travel"),
    today,
  );
  await grant(db, travel.requestId, "Beviljas.");
  const closed = await closeCase(db, { ref: closedCase.caseRef ?? "", actor: coordinator, outcome: "own_support", closedOn: today, today });
  if (!closed.ok) throw new Error(`sandbox seed: ${closedCase.caseRef ?? "?"} could not be closed (${closed.error})`);
  created.push(`${closedCase.caseRef ?? "?"}: avslutat (eget stöd)`);
  return { created, existing: false };
}

interface DemoMeeting {
  slug: string;
  kind: MeetingKind;
  title: string;
  theme: string;
  /** Days from today. */
  inDays: number;
  start: string;
  end: string;
  group: string | null;
}

/** Meetings in the coming weeks ("example"). The first keeps the title the sandbox always had. */
export const DEMO_MEETINGS: readonly DemoMeeting[] = [
  { slug: "platform", kind: "platform", title: "Plattformsmöte (sandlåda)", theme: "Övning: stödprogrammet i Slack", inDays: 3, start: "13:00", end: "16:00", group: null },
  { slug: "slussa", kind: "working_group", title: "Arbetsgruppen Slussa vidare", theme: "Stödinsatser och hänvisning: läget i ärendena.", inDays: 10, start: "10:00", end: "12:00", group: "Slussa vidare" },
  { slug: "member", kind: "member", title: "Medlemsmöte", theme: "Verksamhetsplan och budget för nästa halvår.", inDays: 24, start: "15:00", end: "16:30", group: null },
];

/** The demo meetings, unless a sandbox meeting still lies ahead (then the earlier set still serves). */
async function seedComingMeetings(db: Db, offsets: readonly ReminderOffset[], now: Date): Promise<number> {
  const ahead = await db.meeting.count({ where: { submissionKey: { startsWith: "sandbox-" }, startsAt: { gt: now }, cancelledAt: null } });
  if (ahead > 0) return 0;
  const today = formatDate(now);
  let created = 0;
  for (const m of DEMO_MEETINGS) {
    const date = formatDate(addDays(now, m.inDays));
    const startsAt = wallClockToInstant(date, m.start);
    const endsAt = wallClockToInstant(date, m.end);
    if (!startsAt || !endsAt) continue;
    const group = m.group ? await db.workingGroup.findUnique({ where: { name: m.group } }) : null;
    const result = await createMeeting(
      db,
      {
        draft: {
          kind: m.kind,
          title: m.title,
          theme: m.theme,
          groupId: group?.id ?? null,
          startsAt,
          endsAt,
          place: "Digitalt",
          registration: "Svara med knapparna i Slack.",
          registrationDeadline: null,
        },
        createdBy: COORDINATOR,
        submissionKey: `sandbox-${today}-${m.slug}`,
      },
      offsets,
      now,
    );
    if (result.created) created++;
  }
  return created;
}

/** Periods around today, demo cases and coming meetings (see the top of the file). */
export async function seedToday(db: Db, offsets: readonly ReminderOffset[], now: Date = new Date()): Promise<TodaySummary> {
  const periods: TodaySummary["periods"] = { created: [], existing: [] };
  const wanted = demoPeriods(formatDate(now));
  for (const p of wanted) {
    const from = parseIsoDate(p.from);
    const to = parseIsoDate(p.to);
    if (!from || !to) throw new Error(`sandbox seed: bad period ${p.name}`);
    const result = await createPeriod(db, { name: p.name, from, to, copyFrom: PILOT_PERIOD, actor: "sandbox-seed" }, { ...RATES_2016, overheadPercent: 10 });
    // "exists" (an earlier start) or "overlap" (a period someone created by hand): theirs is kept.
    if (result.ok) periods.created.push(p.name);
    else periods.existing.push(p.name);
  }
  const current = await db.budgetPeriod.findFirst({ where: { fromDate: { lte: todayDate(now) }, toDate: { gte: todayDate(now) } } });
  const cases = current ? await seedCases(db, isoDay(current.fromDate), now) : { created: [], existing: false };
  return { periods, cases, meetings: await seedComingMeetings(db, offsets, now) };
}

/** What the start prints about "today"'s demo data (Swedish, like the page). */
export function formatTodaySummary(s: TodaySummary): string {
  const lines = [
    `Budgetperioder kring i dag (pilotens budget och satser, härledda): ${[...s.periods.created.map((n) => `${n} (ny)`), ...s.periods.existing].join(", ") || "inga"}`,
    s.cases.existing ? "Demoärenden: finns redan för den här perioden" : `Demoärenden: ${s.cases.created.join("; ") || "inga (ingen period omfattar i dag)"}`,
    `Kommande möten: ${s.meetings === 0 ? "fanns redan" : `${s.meetings} nya`}`,
  ];
  return lines.join("\n");
}
