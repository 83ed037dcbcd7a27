-- Generated with `prisma migrate diff`, then the enum change hand-edited: the generated script
-- re-creates the type and casts `failed` rows to a value that no longer exists (the migration
-- fails on any database that has one). A row that was `failed` had run out of retries, which is
-- exactly what `dead` means, so the value is renamed and those rows keep their meaning (and become
-- visible and retryable with `npm run admin -- outbox list --dead` / `outbox retry`).

-- AlterEnum
ALTER TYPE "OutboxStatus" RENAME VALUE 'failed' TO 'dead';

-- AlterTable
ALTER TABLE "outbox_message" ADD COLUMN     "dead_at" TIMESTAMPTZ(3),
ADD COLUMN     "lease_until" TIMESTAMPTZ(3);

-- Rows given up before this migration: their last claim is when they died.
UPDATE "outbox_message" SET "dead_at" = COALESCE("claimed_at", "created_at") WHERE "status" = 'dead';
-- Rows claimed right now by a worker of the old version keep its 120 s claim as their lease.
UPDATE "outbox_message" SET "lease_until" = "claimed_at" + interval '120 seconds' WHERE "status" = 'pending' AND "claimed_at" IS NOT NULL;
