// The clocks of issue #12, item 4, as sweep steps (no job, no queue, nothing in Redis): every
// worker process runs them at start and every NSP_SWEEP_INTERVAL_MS (at most a minute), before
// the outbox sweep. Each asks Postgres what is due now and inserts outbox rows whose keys make
// them once-only (src/services/case-clocks.ts); the outbox delivers them. So a reminder is never
// lost when Redis loses its data (the next sweep re-queues the pending rows), never sent twice by
// two workers (unique keys, claimed rows), and never sent for a case closed or a request decided
// meanwhile (checked again when rendered, jobs/render-clocks.ts).
import { planDecisionDigest, planInfoReminders, planPeriodEndReminders } from "../src/services/case-clocks.js";
import { planCertificationNotices } from "../src/services/certification.js";
import type { JobContext } from "./define.js";
import type { SweepHook } from "./sweep.js";

/** The clocks' sweep steps; `now` is injectable for tests (default: the real time). */
export function caseClockSteps({ deps, settings, dispatcher }: Pick<JobContext, "deps" | "settings" | "dispatcher">, now: () => Date = () => new Date()): SweepHook[] {
  // Issue #14: certifications ending within 30 days, told to the admins once per end date. Needs no
  // setting, so it runs whether or not the clocks below are configured.
  const certification: SweepHook = async () => dispatcher.dispatch(await planCertificationNotices(deps.db, now()));
  const clocks = settings.caseClocks;
  if (!clocks) return [certification];
  const { digestAt } = clocks;
  return [
    async () => dispatcher.dispatch(await planPeriodEndReminders(deps.db, clocks.periodEnd, now())),
    async () => dispatcher.dispatch(await planInfoReminders(deps.db, clocks.infoReminderDays, now())),
    ...(digestAt === "off" ? [] : [async () => dispatcher.dispatch(await planDecisionDigest(deps.db, digestAt, clocks.digestWorkdays, now()))]),
    certification,
  ];
}
