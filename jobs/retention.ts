// The daily retention step of issue #14 (README, "Dataskydd"), run like the clocks of issue #12
// (jobs/case-clocks.ts): a sweep step of the delivery job (every worker process, at start and every
// NSP_SWEEP_INTERVAL_MS), nothing of it in Redis. A case becomes due when a Stockholm day begins;
// the first sweep of that day erases the free text of the cases closed more than
// NSP_RETENTION_MONTHS ago (src/services/erasure.ts runRetention; `erased_at` makes it once, later
// sweeps find nothing) and queues the chat.update of the Slack messages that showed the text. Redis losing its data loses nothing: the rows are in
// Postgres and the next sweep queues them again. Logged with case refs and counts, never text.
import { runRetention } from "../src/services/erasure.js";
import type { JobContext } from "./define.js";
import type { SweepHook } from "./sweep.js";

export function retentionSteps({ deps, settings, dispatcher }: Pick<JobContext, "deps" | "settings" | "dispatcher">, now: () => Date = () => new Date()): SweepHook[] {
  const months = settings.retentionMonths;
  if (months === undefined) return [];
  return [
    async () => {
      const result = await runRetention(deps.db, months, now());
      if (result.cases.length > 0 || result.requests.length > 0) {
        deps.log.info({ months, cases: result.cases, requests: result.requests, slackUpdates: result.outboxIds.length }, "retention: free text erased");
      }
      await dispatcher.dispatch(result.outboxIds);
    },
  ];
}
