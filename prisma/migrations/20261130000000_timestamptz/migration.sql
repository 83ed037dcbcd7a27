-- Every instant becomes timestamptz (issue #10, item 5). Generated with `prisma migrate diff` from the
-- previous schema, then edited by hand so that existing values keep their meaning.
--
-- Why USING "col" AT TIME ZONE 'UTC': the twenty columns were timestamp
-- without time zone. Prisma wrote UTC into them, and raw SQL now() and DEFAULT CURRENT_TIMESTAMP
-- wrote the local time of the session, which on the default server configuration (timezone UTC)
-- is UTC as well, and the app has always read them as UTC. So a stored 2016-09-05 10:00:00 means
-- 10:00 UTC and must become the instant 2016-09-05 10:00:00+00. A plain SET DATA TYPE TIMESTAMPTZ(3),
-- as the diff produced it, would read every value in the time zone of the session that runs the
-- migration: on a host whose sessions default to Europe/Stockholm every existing instant would
-- move one or two hours back. AT TIME ZONE 'UTC' makes the conversion independent of the session.
-- Rows that raw SQL wrote while a session ran in Stockholm time are an hour or two ahead already.
-- Nothing tells them from the others, so they are converted like the rest.
--
-- Defaults: DEFAULT CURRENT_TIMESTAMP of a timestamp(3) column is stored with an implicit cast to
-- timestamp(3), a local time. It is dropped before the type change and set again afterwards, as in
-- the example for ALTER COLUMN TYPE in the PostgreSQL manual, so the new default is the instant.
-- Indexes on these columns, request and outbox_message (status, created_at), are rebuilt by the
-- type change. The CHECK constraint on request.decided_at only tests IS NULL. No view, trigger or
-- function refers to these columns.
--
-- (No semicolon in these comments: the migration runner of the JS engine splits the script at each.)

-- AlterTable
ALTER TABLE "organisation" ALTER COLUMN "created_at" DROP DEFAULT,
  ALTER COLUMN "created_at" SET DATA TYPE TIMESTAMPTZ(3) USING "created_at" AT TIME ZONE 'UTC',
  ALTER COLUMN "created_at" SET DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "member" ALTER COLUMN "created_at" DROP DEFAULT,
  ALTER COLUMN "created_at" SET DATA TYPE TIMESTAMPTZ(3) USING "created_at" AT TIME ZONE 'UTC',
  ALTER COLUMN "created_at" SET DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "budget_period" ALTER COLUMN "created_at" DROP DEFAULT,
  ALTER COLUMN "created_at" SET DATA TYPE TIMESTAMPTZ(3) USING "created_at" AT TIME ZONE 'UTC',
  ALTER COLUMN "created_at" SET DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "case" ALTER COLUMN "created_at" DROP DEFAULT,
  ALTER COLUMN "created_at" SET DATA TYPE TIMESTAMPTZ(3) USING "created_at" AT TIME ZONE 'UTC',
  ALTER COLUMN "created_at" SET DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "request" ALTER COLUMN "decided_at" SET DATA TYPE TIMESTAMPTZ(3) USING "decided_at" AT TIME ZONE 'UTC',
  ALTER COLUMN "created_at" DROP DEFAULT,
  ALTER COLUMN "created_at" SET DATA TYPE TIMESTAMPTZ(3) USING "created_at" AT TIME ZONE 'UTC',
  ALTER COLUMN "created_at" SET DEFAULT CURRENT_TIMESTAMP,
  ALTER COLUMN "updated_at" SET DATA TYPE TIMESTAMPTZ(3) USING "updated_at" AT TIME ZONE 'UTC';

-- AlterTable
ALTER TABLE "info_request" ALTER COLUMN "asked_at" DROP DEFAULT,
  ALTER COLUMN "asked_at" SET DATA TYPE TIMESTAMPTZ(3) USING "asked_at" AT TIME ZONE 'UTC',
  ALTER COLUMN "asked_at" SET DEFAULT CURRENT_TIMESTAMP,
  ALTER COLUMN "answered_at" SET DATA TYPE TIMESTAMPTZ(3) USING "answered_at" AT TIME ZONE 'UTC';

-- AlterTable
ALTER TABLE "audit_entry" ALTER COLUMN "at" DROP DEFAULT,
  ALTER COLUMN "at" SET DATA TYPE TIMESTAMPTZ(3) USING "at" AT TIME ZONE 'UTC',
  ALTER COLUMN "at" SET DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "outbox_message" ALTER COLUMN "created_at" DROP DEFAULT,
  ALTER COLUMN "created_at" SET DATA TYPE TIMESTAMPTZ(3) USING "created_at" AT TIME ZONE 'UTC',
  ALTER COLUMN "created_at" SET DEFAULT CURRENT_TIMESTAMP,
  ALTER COLUMN "sent_at" SET DATA TYPE TIMESTAMPTZ(3) USING "sent_at" AT TIME ZONE 'UTC',
  ALTER COLUMN "claimed_at" SET DATA TYPE TIMESTAMPTZ(3) USING "claimed_at" AT TIME ZONE 'UTC';

-- AlterTable
ALTER TABLE "budget_line" ALTER COLUMN "created_at" DROP DEFAULT,
  ALTER COLUMN "created_at" SET DATA TYPE TIMESTAMPTZ(3) USING "created_at" AT TIME ZONE 'UTC',
  ALTER COLUMN "created_at" SET DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "budget_transfer" ALTER COLUMN "created_at" DROP DEFAULT,
  ALTER COLUMN "created_at" SET DATA TYPE TIMESTAMPTZ(3) USING "created_at" AT TIME ZONE 'UTC',
  ALTER COLUMN "created_at" SET DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "budget_commitment" ALTER COLUMN "created_at" DROP DEFAULT,
  ALTER COLUMN "created_at" SET DATA TYPE TIMESTAMPTZ(3) USING "created_at" AT TIME ZONE 'UTC',
  ALTER COLUMN "created_at" SET DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "budget_override" ALTER COLUMN "created_at" DROP DEFAULT,
  ALTER COLUMN "created_at" SET DATA TYPE TIMESTAMPTZ(3) USING "created_at" AT TIME ZONE 'UTC',
  ALTER COLUMN "created_at" SET DEFAULT CURRENT_TIMESTAMP,
  ALTER COLUMN "used_at" SET DATA TYPE TIMESTAMPTZ(3) USING "used_at" AT TIME ZONE 'UTC';

-- AlterTable
ALTER TABLE "budget_warning" ALTER COLUMN "created_at" DROP DEFAULT,
  ALTER COLUMN "created_at" SET DATA TYPE TIMESTAMPTZ(3) USING "created_at" AT TIME ZONE 'UTC',
  ALTER COLUMN "created_at" SET DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "scheduled_run" ALTER COLUMN "run_at" DROP DEFAULT,
  ALTER COLUMN "run_at" SET DATA TYPE TIMESTAMPTZ(3) USING "run_at" AT TIME ZONE 'UTC',
  ALTER COLUMN "run_at" SET DEFAULT CURRENT_TIMESTAMP;
