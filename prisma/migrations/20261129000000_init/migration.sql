-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('applicant', 'coordinator', 'admin');

-- CreateEnum
CREATE TYPE "RequestType" AS ENUM ('inquiry', 'admission', 'rest', 'integration', 'measure');

-- CreateEnum
CREATE TYPE "RequestStatus" AS ENUM ('received', 'under_review', 'granted', 'partly_granted', 'denied');

-- CreateEnum
CREATE TYPE "OutboxStatus" AS ENUM ('pending', 'sent', 'failed');

-- CreateTable
CREATE TABLE "organisation" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "certified" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "organisation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "member" (
    "id" SERIAL NOT NULL,
    "slack_user_id" TEXT NOT NULL,
    "org_id" INTEGER NOT NULL,
    "role" "Role" NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "member_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "budget_period" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "from_date" DATE NOT NULL,
    "to_date" DATE NOT NULL,
    "rest_daily_rate" INTEGER NOT NULL,
    "rest_child_daily_rate" INTEGER NOT NULL,
    "protection_daily_rate" INTEGER NOT NULL,
    "integration_daily_rate" INTEGER NOT NULL,
    "integration_child_daily_rate" INTEGER NOT NULL,
    "rest_max_days" INTEGER NOT NULL,
    "integration_max_days" INTEGER NOT NULL,
    "measure_min_amount" INTEGER NOT NULL,
    "measure_max_amount" INTEGER NOT NULL,
    "overhead_percent" INTEGER NOT NULL DEFAULT 10,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "budget_period_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "counter" (
    "name" TEXT NOT NULL,
    "value" INTEGER NOT NULL,

    CONSTRAINT "counter_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "case" (
    "id" SERIAL NOT NULL,
    "ref" TEXT NOT NULL,
    "org_id" INTEGER NOT NULL,
    "nationality" TEXT NOT NULL,
    "gender" TEXT NOT NULL,
    "age_band" TEXT NOT NULL,
    "children_accompanying" INTEGER NOT NULL,
    "children_home" INTEGER NOT NULL,
    "exploitation" TEXT[],
    "exploited_in" TEXT[],
    "police_report" BOOLEAN NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "case_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "request" (
    "id" SERIAL NOT NULL,
    "type" "RequestType" NOT NULL,
    "status" "RequestStatus" NOT NULL DEFAULT 'received',
    "org_id" INTEGER NOT NULL,
    "case_id" INTEGER,
    "period_id" INTEGER,
    "applicant_slack_id" TEXT NOT NULL,
    "submission_key" TEXT NOT NULL,
    "start_date" DATE,
    "end_date" DATE,
    "days" INTEGER,
    "children" INTEGER,
    "protection" BOOLEAN NOT NULL DEFAULT false,
    "measure" TEXT,
    "quantity" INTEGER,
    "unit_amount" INTEGER,
    "requested_amount" INTEGER NOT NULL DEFAULT 0,
    "cost_lines" JSONB NOT NULL DEFAULT '[]',
    "justification" TEXT NOT NULL,
    "granted_days" INTEGER,
    "granted_amount" INTEGER,
    "decision_reason" TEXT,
    "reason_shared" BOOLEAN NOT NULL DEFAULT false,
    "decided_by" TEXT,
    "decided_at" TIMESTAMP(3),
    "coord_channel" TEXT,
    "coord_ts" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "request_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "info_request" (
    "id" SERIAL NOT NULL,
    "request_id" INTEGER NOT NULL,
    "question" TEXT NOT NULL,
    "asked_by" TEXT NOT NULL,
    "asked_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "answer" TEXT,
    "answered_by" TEXT,
    "answered_at" TIMESTAMP(3),

    CONSTRAINT "info_request_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_entry" (
    "id" SERIAL NOT NULL,
    "request_id" INTEGER,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbox_message" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "request_id" INTEGER,
    "ref_id" INTEGER,
    "status" "OutboxStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "channel" TEXT,
    "ts" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMP(3),
    "claimed_at" TIMESTAMP(3),

    CONSTRAINT "outbox_message_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "organisation_name_key" ON "organisation"("name");

-- CreateIndex
CREATE UNIQUE INDEX "member_slack_user_id_key" ON "member"("slack_user_id");

-- CreateIndex
CREATE UNIQUE INDEX "budget_period_name_key" ON "budget_period"("name");

-- CreateIndex
CREATE UNIQUE INDEX "case_ref_key" ON "case"("ref");

-- CreateIndex
CREATE UNIQUE INDEX "request_submission_key_key" ON "request"("submission_key");

-- CreateIndex
CREATE INDEX "request_status_created_at_idx" ON "request"("status", "created_at");

-- CreateIndex
CREATE INDEX "request_org_id_idx" ON "request"("org_id");

-- CreateIndex
CREATE INDEX "request_case_id_idx" ON "request"("case_id");

-- CreateIndex
CREATE INDEX "info_request_request_id_idx" ON "info_request"("request_id");

-- CreateIndex
CREATE INDEX "audit_entry_request_id_idx" ON "audit_entry"("request_id");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_message_key_key" ON "outbox_message"("key");

-- CreateIndex
CREATE INDEX "outbox_message_status_created_at_idx" ON "outbox_message"("status", "created_at");

-- AddForeignKey
ALTER TABLE "member" ADD CONSTRAINT "member_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case" ADD CONSTRAINT "case_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "request" ADD CONSTRAINT "request_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "request" ADD CONSTRAINT "request_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "case"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "request" ADD CONSTRAINT "request_period_id_fkey" FOREIGN KEY ("period_id") REFERENCES "budget_period"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "info_request" ADD CONSTRAINT "info_request_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "request"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_entry" ADD CONSTRAINT "audit_entry_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "request"("id") ON DELETE SET NULL ON UPDATE CASCADE;
-- Hand-written backstops (Prisma has no CHECK constraints).
ALTER TABLE "request" ADD CONSTRAINT "request_amounts_nonnegative"
  CHECK ("requested_amount" >= 0 AND ("granted_amount" IS NULL OR "granted_amount" >= 0));
ALTER TABLE "request" ADD CONSTRAINT "request_days_positive"
  CHECK (("days" IS NULL OR "days" > 0) AND ("granted_days" IS NULL OR "granted_days" > 0));
ALTER TABLE "request" ADD CONSTRAINT "request_decided_fields"
  CHECK (("status" IN ('received', 'under_review')) = ("decided_at" IS NULL));
ALTER TABLE "case" ADD CONSTRAINT "case_children_nonnegative"
  CHECK ("children_accompanying" >= 0 AND "children_home" >= 0);
