-- CreateEnum
CREATE TYPE "MeetingKind" AS ENUM ('platform', 'working_group', 'member', 'external_conference', 'training');

-- CreateEnum
CREATE TYPE "ReminderStatus" AS ENUM ('pending', 'sent', 'cancelled', 'skipped', 'failed');

-- CreateEnum
CREATE TYPE "RsvpAnswer" AS ENUM ('yes', 'no');

-- CreateTable
CREATE TABLE "working_group" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "description" TEXT,
    "channel" TEXT NOT NULL,
    "convener_slack_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "working_group_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "group_member" (
    "group_id" INTEGER NOT NULL,
    "slack_user_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "group_member_pkey" PRIMARY KEY ("group_id","slack_user_id")
);

-- CreateTable
CREATE TABLE "meeting" (
    "id" SERIAL NOT NULL,
    "kind" "MeetingKind" NOT NULL,
    "title" TEXT NOT NULL,
    "theme" TEXT,
    "group_id" INTEGER,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "place" TEXT,
    "registration" TEXT,
    "registration_deadline" DATE,
    "created_by" TEXT NOT NULL,
    "submission_key" TEXT,
    "sequence" INTEGER NOT NULL DEFAULT 0,
    "cancelled_at" TIMESTAMPTZ(3),
    "cancelled_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "meeting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "meeting_reminder" (
    "id" SERIAL NOT NULL,
    "meeting_id" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "label" TEXT NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "status" "ReminderStatus" NOT NULL DEFAULT 'pending',
    "late" BOOLEAN NOT NULL DEFAULT false,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "claimed_at" TIMESTAMPTZ(3),
    "sent_at" TIMESTAMPTZ(3),
    "channel" TEXT,
    "ts" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "meeting_reminder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rsvp" (
    "meeting_id" INTEGER NOT NULL,
    "slack_user_id" TEXT NOT NULL,
    "answer" "RsvpAnswer" NOT NULL,
    "answered_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rsvp_pkey" PRIMARY KEY ("meeting_id","slack_user_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "working_group_name_key" ON "working_group"("name");

-- CreateIndex
CREATE UNIQUE INDEX "working_group_slug_key" ON "working_group"("slug");

-- CreateIndex
CREATE INDEX "group_member_slack_user_id_idx" ON "group_member"("slack_user_id");

-- CreateIndex
CREATE UNIQUE INDEX "meeting_submission_key_key" ON "meeting"("submission_key");

-- CreateIndex
CREATE INDEX "meeting_starts_at_idx" ON "meeting"("starts_at");

-- CreateIndex
CREATE INDEX "meeting_group_id_starts_at_idx" ON "meeting"("group_id", "starts_at");

-- CreateIndex
CREATE INDEX "meeting_reminder_status_due_at_idx" ON "meeting_reminder"("status", "due_at");

-- CreateIndex
CREATE UNIQUE INDEX "meeting_reminder_meeting_id_key_sequence_key" ON "meeting_reminder"("meeting_id", "key", "sequence");

-- AddForeignKey
ALTER TABLE "group_member" ADD CONSTRAINT "group_member_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "working_group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "meeting" ADD CONSTRAINT "meeting_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "working_group"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "meeting_reminder" ADD CONSTRAINT "meeting_reminder_meeting_id_fkey" FOREIGN KEY ("meeting_id") REFERENCES "meeting"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rsvp" ADD CONSTRAINT "rsvp_meeting_id_fkey" FOREIGN KEY ("meeting_id") REFERENCES "meeting"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written backstops (Prisma has no CHECK constraints).
ALTER TABLE "meeting" ADD CONSTRAINT "meeting_ends_after_start" CHECK ("ends_at" > "starts_at");
ALTER TABLE "meeting" ADD CONSTRAINT "meeting_sequence_not_negative" CHECK ("sequence" >= 0);
ALTER TABLE "meeting" ADD CONSTRAINT "meeting_title_not_blank" CHECK (length(btrim("title")) > 0);
ALTER TABLE "meeting" ADD CONSTRAINT "meeting_cancelled_by_with_time" CHECK (("cancelled_at" IS NULL) = ("cancelled_by" IS NULL));
ALTER TABLE "working_group" ADD CONSTRAINT "working_group_slug_format" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$');
ALTER TABLE "working_group" ADD CONSTRAINT "working_group_channel_format" CHECK ("channel" ~ '^[CG][A-Z0-9]{2,}$');
ALTER TABLE "meeting_reminder" ADD CONSTRAINT "meeting_reminder_attempts_not_negative" CHECK ("attempts" >= 0);
-- A sent reminder records where it landed (chat.update of the RSVP count needs it).
ALTER TABLE "meeting_reminder" ADD CONSTRAINT "meeting_reminder_sent_has_target"
  CHECK ("status" <> 'sent' OR ("sent_at" IS NOT NULL AND "channel" IS NOT NULL AND "ts" IS NOT NULL));
