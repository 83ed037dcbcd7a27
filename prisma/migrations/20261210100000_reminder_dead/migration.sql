-- Meeting reminders follow the rule of the outbox: a reminder Slack did not take is `dead` (kept,
-- listed, counted, retryable), no longer `failed`. Generated with prisma migrate diff, then the
-- generated enum swap (new type, cast each row by its text) replaced by a rename: the cast of the swap
-- fails on existing `failed` rows and on the CHECK constraint that compares "status", while a rename
-- keeps every row and its meaning. The resulting type is the same: pending, sent, cancelled,
-- skipped, dead.

-- AlterEnum
ALTER TYPE "ReminderStatus" RENAME VALUE 'failed' TO 'dead';

-- AlterTable
ALTER TABLE "meeting_reminder" ADD COLUMN     "dead_at" TIMESTAMPTZ(3);

-- Rows that were `failed` before: the moment they gave up was not recorded, the time of this migration
-- stands for it. (The next reconcile marks those of started meetings `skipped`.)
UPDATE "meeting_reminder" SET "dead_at" = now() WHERE "status" = 'dead' AND "dead_at" IS NULL;
