-- Issue #12: a period that had started when the request was submitted, in days before (null: it had not).
-- AlterTable
ALTER TABLE "request" ADD COLUMN     "started_days_ago" INTEGER;
