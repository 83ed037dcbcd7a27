// Meeting reminders: a BullMQ delayed job per MeetingReminder row (job id "reminder-<id>-<due ms>",
// payload the row id only) on the "meeting-reminders" queue. Postgres is the source of truth:
// - the worker claims the row with one conditional UPDATE before calling Slack, so a retry, a
//   re-added job or a second worker process never posts twice;
// - `reconcileReminders` (on start and before every outbox sweep, i.e. every
//   NSP_SWEEP_INTERVAL_MS, by a plain timer that does not live in Redis) marks reminders of
//   started meetings skipped, re-adds the delayed jobs Redis lost and queues overdue ones to run
//   now; re-adding a job that exists is a no-op (same id), and one that already ran finds its row
//   sent.
// - A reminder sent more than LATE_AFTER_MS after it was due says "(försenad påminnelse)".
// - Never for a cancelled meeting (rows cancelled in the same transaction, and checked again in
//   the claim), never after the meeting started (marked `skipped`).
// - A failure of Slack never loses a reminder: after MAX_REMINDER_ATTEMPTS, or at once on an
//   error no retry can fix (PERMANENT_SLACK_ERRORS), the row becomes `dead`: listed by
//   `npm run admin -- reminders list --dead`, counted by /healthz and the daily admin notice, and
//   made pending again by `reminders retry`. The reconcile marks a dead reminder `skipped` once its
//   meeting has started (`cancelled` if it was cancelled).
// Known limit, as for the outbox: if the process dies after Slack accepted the message but before
// the row was marked sent, the claim expires after one lease and that one reminder can be posted
// again (Slack has no idempotency key).
// The claim is a lease (NSP_DELIVERY_LEASE_MS): `claimed_at` is renewed while the Slack call is in
// flight (which has a timeout, NSP_SLACK_TIMEOUT_MS), so a crashed worker's reminder is free again
// within one lease and the next reconcile (at most a minute) sends it.
import { DelayedError, Queue, Worker, type Job } from "bullmq";
import type { WebClient } from "@slack/web-api";
import type { Redis } from "ioredis";
import { addHours, differenceInMilliseconds } from "date-fns";
import { z } from "zod";
import type { Db } from "../src/core/db.js";
import type { Logger } from "../src/core/logger.js";
import { loadMeeting, meetingChannel, rsvpSummary } from "../src/services/meetings.js";
import { reminderMessage } from "../src/views/meetings.js";
import type { ReminderScheduler } from "../src/core/ports.js";
import { withTimeout } from "../src/core/timeout.js";
import { DEFAULT_DELIVERY_POLICY, isPermanentSlackError, slackPlatformErrorCode, stalledJobOptions } from "./delivery-policy.js";

export const REMINDER_QUEUE = "meeting-reminders";
export const REMINDER_JOB = "meeting-reminder";
/**
 * Deterministic job id from the row: its id and due instant ("reminder-12-1795936963000", no ':').
 * The due time in the id keeps a job of a reused row id (a database restored or reset while Redis
 * kept its jobs) from shadowing the new row's job.
 */
export const reminderJobId = (reminderId: number, dueAt: Date): string => `reminder-${reminderId}-${dueAt.getTime()}`;
export const reminderPayload = z.object({ reminderId: z.number().int().positive() }).strict();

/** Sent later than this after dueAt → the message says it is late. */
export const LATE_AFTER_MS = 2 * 60 * 1000;
export const MAX_REMINDER_ATTEMPTS = 25;
/** The sweep keeps delayed jobs for reminders due within this many hours (further ones later). */
export const RECONCILE_HORIZON_HOURS = 24;

export const REMINDER_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: "exponential", delay: 2000 },
  removeOnComplete: true,
  // The row stays pending after a failed job; the sweep adds the job again.
  removeOnFail: true,
} as const;

export interface ReminderDeps {
  db: Db;
  slack: WebClient;
  log: Logger;
  /** Channel of whole-network meetings (NSP_NETWORK_CHANNEL, else the coordinator channel). */
  networkChannel: string;
  /** A claim not renewed for this long (ms) is abandoned (a worker died mid-send); default 15 s. */
  leaseMs?: number;
}

/** Adds delayed jobs for reminder rows. Never throws: the sweep repairs what could not be added. */
export function createReminderQueue(connection: Redis, prefix: string): Queue {
  return new Queue(REMINDER_QUEUE, { connection, prefix });
}

export function reminderScheduler(queue: Queue, log: Logger, timeoutMs = 2000): ReminderScheduler {
  return {
    async schedule(reminders, now = new Date()) {
      if (reminders.length === 0) return;
      const jobs = reminders.map((r) => ({
        name: REMINDER_JOB,
        data: { reminderId: r.id } satisfies z.infer<typeof reminderPayload>,
        opts: { ...REMINDER_JOB_OPTIONS, jobId: reminderJobId(r.id, r.dueAt), delay: Math.max(0, differenceInMilliseconds(r.dueAt, now)) },
      }));
      try {
        await withTimeout(queue.addBulk(jobs), timeoutMs, "reminder addBulk");
      } catch (err) {
        log.warn({ reminders: reminders.map((r) => r.id), error: err instanceof Error ? err.message : String(err) }, "could not queue reminders; the sweep will");
      }
    },
  };
}

/**
 * The reconcile: (1) pending reminders of cancelled meetings → cancelled, of started meetings →
 * skipped; (2) (re-)adds the jobs of pending reminders due within the horizon (overdue ones run
 * at once). Returns how many jobs were handed to the queue.
 */
export async function reconcileReminders(db: Db, scheduler: ReminderScheduler, now: Date = new Date(), limit = 500): Promise<{ queued: number; skipped: number; cancelled: number }> {
  // Lock order: "meeting" before "meeting_reminder" (as TRUNCATE … CASCADE and the services do);
  // an UPDATE … FROM "meeting" would lock the reminder table first and can deadlock. So the join
  // is a SELECT listing "meeting" first, and the UPDATEs touch one table by id.
  const stale = await db.$queryRaw<{ id: number; cancel: boolean }[]>`
    SELECT r."id", (m."cancelled_at" IS NOT NULL OR r."sequence" <> m."sequence") AS "cancel"
    FROM "meeting" m JOIN "meeting_reminder" r ON r."meeting_id" = m."id"
    WHERE r."status" IN ('pending', 'dead') AND (m."cancelled_at" IS NOT NULL OR r."sequence" <> m."sequence" OR m."starts_at" <= ${now})`;
  const cancelIds = stale.filter((s) => s.cancel).map((s) => s.id);
  const skipIds = stale.filter((s) => !s.cancel).map((s) => s.id);
  const cancelled = cancelIds.length
    ? (await db.meetingReminder.updateMany({ where: { id: { in: cancelIds }, status: { in: ["pending", "dead"] } }, data: { status: "cancelled", claimedAt: null } })).count
    : 0;
  const skipped = skipIds.length
    ? (await db.meetingReminder.updateMany({ where: { id: { in: skipIds }, status: { in: ["pending", "dead"] } }, data: { status: "skipped", claimedAt: null } })).count
    : 0;
  const due = await db.meetingReminder.findMany({
    where: { status: "pending", dueAt: { lte: addHours(now, RECONCILE_HORIZON_HOURS) } },
    orderBy: { dueAt: "asc" },
    take: limit,
    select: { id: true, dueAt: true },
  });
  await scheduler.schedule(due, now);
  return { queued: due.length, skipped, cancelled };
}

interface ClaimedReminder {
  id: number;
  meetingId: number;
  key: string;
  label: string;
  sequence: number;
  dueAt: Date;
  attempts: number;
}

/** Claims a due pending reminder in one statement on its own table (see the lock order above);
 * null when sent, not due, cancelled or held by another worker. */
async function claim(db: Db, id: number, now: Date, leaseMs: number): Promise<ClaimedReminder | null> {
  const rows = await db.$queryRaw<ClaimedReminder[]>`
    UPDATE "meeting_reminder" SET "claimed_at" = ${now}, "attempts" = "attempts" + 1
    WHERE "id" = ${id} AND "status" = 'pending' AND "due_at" <= ${now}
      AND ("claimed_at" IS NULL OR "claimed_at" < ${now}::timestamptz - make_interval(secs => ${leaseMs / 1000}))
    RETURNING "id", "meeting_id" AS "meetingId", "key", "label", "sequence", "due_at" AS "dueAt", "attempts"`;
  return rows[0] ?? null;
}

export type ReminderOutcome = "sent" | "skipped" | "cancelled" | "not_due" | "gone" | "dead";

async function finish(db: Db, id: number, status: "skipped" | "cancelled"): Promise<ReminderOutcome> {
  await db.meetingReminder.update({ where: { id }, data: { status, claimedAt: null } });
  return status;
}

/**
 * Sends one reminder if it is due and still wanted. Throws on a Slack failure (the queue retries);
 * after the last attempt, or on an error no retry can fix, the row is dead and "dead" is returned.
 */
export async function deliverReminder(deps: ReminderDeps, reminderId: number, now: Date = new Date()): Promise<ReminderOutcome> {
  const leaseMs = deps.leaseMs ?? DEFAULT_DELIVERY_POLICY.leaseMs;
  const row = await claim(deps.db, reminderId, now, leaseMs);
  if (!row) {
    const r = await deps.db.meetingReminder.findUnique({ where: { id: reminderId }, select: { status: true, dueAt: true } });
    return r?.status === "pending" && r.dueAt > now ? "not_due" : "gone";
  }
  // Renew the claim (claimed_at) while this attempt runs, as long as it is still this claim.
  const renew = setInterval(() => {
    deps.db.meetingReminder
      .updateMany({ where: { id: row.id, status: "pending", attempts: row.attempts, claimedAt: { not: null } }, data: { claimedAt: new Date() } })
      .catch((err: unknown) => deps.log.warn({ reminderId: row.id, error: err instanceof Error ? err.message : String(err) }, "reminder lease renewal failed"));
  }, Math.max(200, Math.floor(leaseMs / 3)));
  renew.unref();
  try {
    // A cancellation or an edit that runs after this point sees the claimed row and posts its
    // notice (services/meetings.ts), so members are never left with a stale reminder alone.
    const meeting = await loadMeeting(deps.db, row.meetingId);
    if (!meeting || meeting.cancelledAt || meeting.sequence !== row.sequence) return await finish(deps.db, row.id, "cancelled");
    if (meeting.startsAt <= now) return await finish(deps.db, row.id, "skipped");
    const late = differenceInMilliseconds(now, row.dueAt) > LATE_AFTER_MS;
    const channel = meetingChannel(meeting, deps.networkChannel);
    const message = reminderMessage(meeting, { key: row.key, label: row.label, late }, await rsvpSummary(deps.db, meeting.id));
    const res = await deps.slack.chat.postMessage({ channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false });
    await deps.db.meetingReminder.update({
      where: { id: row.id },
      data: { status: "sent", sentAt: now, late, channel: res.channel ?? channel, ts: res.ts ?? "", claimedAt: null, lastError: null },
    });
    deps.log.info({ reminderId: row.id, meetingId: row.meetingId, key: row.key, late }, "meeting reminder sent");
    return "sent";
  } catch (err) {
    const code = (slackPlatformErrorCode(err) ?? (err instanceof Error ? err.message : "unknown")).slice(0, 200);
    const dead = row.attempts >= MAX_REMINDER_ATTEMPTS || isPermanentSlackError(err);
    // Released (or made dead) only if still this claim's.
    await deps.db.meetingReminder.updateMany({
      where: { id: row.id, status: "pending", attempts: row.attempts },
      data: { claimedAt: null, lastError: code, ...(dead ? { status: "dead", deadAt: now } : {}) },
    });
    if (dead) {
      deps.log.error({ reminderId: row.id, error: code, attempts: row.attempts }, "meeting reminder is dead (npm run admin -- reminders retry)");
      return "dead";
    }
    deps.log.warn({ reminderId: row.id, error: code, attempts: row.attempts }, "meeting reminder failed; retrying");
    throw err;
  } finally {
    clearInterval(renew);
  }
}

/** The BullMQ processor: re-validates the payload; a job that fired early waits until dueAt. */
export function reminderProcessor(deps: ReminderDeps) {
  return async (job: Job, token?: string): Promise<ReminderOutcome> => {
    const { reminderId } = reminderPayload.parse(job.data);
    const outcome = await deliverReminder(deps, reminderId);
    if (outcome === "not_due" && token) {
      const row = await deps.db.meetingReminder.findUnique({ where: { id: reminderId }, select: { dueAt: true } });
      if (row) {
        await job.moveToDelayed(row.dueAt.getTime(), token);
        throw new DelayedError();
      }
    }
    return outcome;
  };
}

/** The reminder worker and its reconcile step (run by the sweeper on start and every sweep). */
export function startReminderWorker(
  deps: ReminderDeps,
  opts: { connection: Redis; prefix: string; concurrency?: number; ratePerSecond?: number },
): { reconcile(now?: Date): Promise<void>; close(): Promise<void> } {
  const queue = createReminderQueue(opts.connection, opts.prefix);
  queue.on("error", (err) => deps.log.warn({ error: err.message }, "reminder queue error"));
  const worker = new Worker(REMINDER_QUEUE, reminderProcessor(deps), {
    connection: opts.connection,
    prefix: opts.prefix,
    concurrency: opts.concurrency ?? 5,
    // Slack allows about one message per second per channel; a 429 fails the job, which retries.
    limiter: { max: opts.ratePerSecond ?? 10, duration: 1000 },
    ...stalledJobOptions({ ...DEFAULT_DELIVERY_POLICY, leaseMs: deps.leaseMs ?? DEFAULT_DELIVERY_POLICY.leaseMs }),
  });
  worker.on("error", (err) => deps.log.warn({ error: err.message }, "reminder worker error"));
  const scheduler = reminderScheduler(queue, deps.log);
  return {
    async reconcile(now = new Date()) {
      const r = await reconcileReminders(deps.db, scheduler, now);
      if (r.skipped > 0 || r.cancelled > 0) deps.log.info(r, "reminder reconcile");
    },
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}
