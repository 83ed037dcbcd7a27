// A job is a plain definition: its name and queue, how a producer builds its job id and payload,
// the zod schema the worker validates the payload with again, the BullMQ options, the worker's
// settings, the handler, and the reconcile steps the sweeper runs for it. jobs/registry.ts lists
// them; jobs/start-workers.ts starts one worker per definition; jobs/producers.ts queues them.
import type { Job, JobsOptions, Queue } from "bullmq";
import type { z } from "zod";
import type { Dispatcher, ReminderScheduler } from "../src/core/ports.js";
import type { DeliveryDeps } from "./delivery-types.js";
import type { SweepHook } from "./sweep.js";
import type { CaseReminderOffset } from "../src/domain/case-clocks.js";

/** NSP_CASE_REMINDERS, NSP_DECISION_DIGEST_AT, NSP_DECISION_DIGEST_WORKDAYS, NSP_INFO_REMINDER_DAYS. */
export interface CaseClockSettings {
  periodEnd: readonly CaseReminderOffset[];
  digestAt: string;
  digestWorkdays: number;
  infoReminderDays: number;
}

/** Marks the objects made by defineJob (tests/jobs/registry.test.ts finds every one). */
export const JOB_DEFINITION: unique symbol = Symbol("nsp.jobDefinition");

/** How the worker process runs (src/runtime.ts reads it from the config). */
export interface WorkerSettings {
  sweepIntervalMs: number;
  /** Slack calls per second per worker (NSP_DELIVERY_RATE_PER_SEC). */
  ratePerSecond: number;
  concurrency?: number;
  /** Local time of the daily budget check ("HH:mm"); omitted → no budget scheduler. */
  budgetSummaryAt?: string;
  /**
   * Local time ("HH:mm") from which each day's sweep checks for dead outbox rows and DMs the admins
   * once that day (scheduled_run); omitted → no notice.
   */
  deadNoticeAt?: string;
  /** The clocks of issue #12 (period-end DMs, decision digest, komplettering reminder); omitted → none. */
  caseClocks?: CaseClockSettings;
  /** NSP_RETENTION_MONTHS: the daily erasure of old cases' free text (jobs/retention.ts); omitted → none. */
  retentionMonths?: number;
  /** Meeting reminders, posted to the group's channel or this one (whole network); omitted → no reminder worker. */
  meetingReminders?: { networkChannel: string };
}

/** What handlers and sweep steps get. */
export interface JobContext {
  deps: DeliveryDeps;
  settings: WorkerSettings;
  dispatcher: Dispatcher;
  reminders: ReminderScheduler;
  /** The job's own queue (built once, in jobs/queues.ts). */
  queue: Queue;
}

/** The BullMQ worker's settings for one job. */
export interface WorkerShape {
  concurrency: number;
  limiter?: { max: number; duration: number };
  lockDuration?: number;
  stalledInterval?: number;
  maxStalledCount?: number;
}

export type Processor = (job: Job, token?: string) => Promise<unknown>;

export interface JobSpec<P, I> {
  name: string;
  queue: string;
  /** The payload (ids only, never free text or personal data), validated again by the worker. */
  payload: z.ZodType<P>;
  /** The job id of the job queued for `input`: deterministic, so queuing twice adds one job. Null when a BullMQ job scheduler makes the jobs. */
  jobId: ((input: I) => string) | null;
  /** The payload of the job queued for `input`. */
  data(input: I): P;
  options: Readonly<JobsOptions>;
  /** The worker's settings; null when these settings run no worker (the feature is off). */
  worker(ctx: Omit<JobContext, "queue">): WorkerShape | null;
  /** Runs one job whose payload is valid. */
  handler(ctx: JobContext): (payload: P, job: Job, token?: string) => Promise<unknown>;
  /** Reconcile steps run before every sweep while the worker runs (Redis may have lost jobs or schedulers). */
  sweep?(ctx: JobContext): SweepHook[];
}

export interface JobDefinition<P = unknown, I = never> {
  readonly [JOB_DEFINITION]: true;
  readonly name: string;
  readonly queue: string;
  readonly payload: z.ZodType<P>;
  readonly jobId: ((input: I) => string) | null;
  readonly data: (input: I) => P;
  readonly options: Readonly<JobsOptions>;
  readonly worker: (ctx: Omit<JobContext, "queue">) => WorkerShape | null;
  /** The BullMQ processor: parses the payload with the schema, then runs the handler. */
  readonly processor: (ctx: JobContext) => Processor;
  readonly sweep: (ctx: JobContext) => SweepHook[];
}

export function defineJob<P, I>(spec: JobSpec<P, I>): JobDefinition<P, I> {
  return Object.freeze({
    [JOB_DEFINITION]: true as const,
    name: spec.name,
    queue: spec.queue,
    payload: spec.payload,
    jobId: spec.jobId,
    data: (input: I) => spec.data(input),
    options: spec.options,
    worker: (ctx: Omit<JobContext, "queue">) => spec.worker(ctx),
    processor: (ctx: JobContext): Processor => {
      const handle = spec.handler(ctx);
      return (job, token) => handle(spec.payload.parse(job.data ?? {}), job, token);
    },
    sweep: (ctx: JobContext) => spec.sweep?.(ctx) ?? [],
  });
}

export function isJobDefinition(value: unknown): value is JobDefinition<unknown, never> {
  return typeof value === "object" && value !== null && JOB_DEFINITION in value;
}

/** The job queued for `input`: name, payload and options (with its deterministic id). */
export function jobFor<P, I>(def: JobDefinition<P, I>, input: I, extra: Readonly<JobsOptions> = {}): { name: string; data: P; opts: JobsOptions } {
  const jobId = def.jobId?.(input);
  return { name: def.name, data: def.data(input), opts: { ...def.options, ...extra, ...(jobId !== undefined ? { jobId } : {}) } };
}
