-- Issue #12: a request can be withdrawn before its decision, a case is closed with an outcome and a date
-- (and reopened), and audit entries can name the case they concern (closing, reopening, reading the file).
-- CreateEnum
CREATE TYPE "CaseOutcome" AS ENUM ('residence_permit', 'returned', 'own_support', 'moved', 'discontinued', 'other');

-- AlterEnum
ALTER TYPE "RequestStatus" ADD VALUE 'withdrawn';

-- AlterTable
ALTER TABLE "case" ADD COLUMN     "closed_at" TIMESTAMPTZ(3),
ADD COLUMN     "closed_by" TEXT,
ADD COLUMN     "closed_on" DATE,
ADD COLUMN     "outcome" "CaseOutcome";

-- AlterTable
ALTER TABLE "audit_entry" ADD COLUMN     "case_id" INTEGER;

-- CreateIndex
CREATE INDEX "audit_entry_case_id_at_idx" ON "audit_entry"("case_id", "at");

-- AddForeignKey
ALTER TABLE "audit_entry" ADD CONSTRAINT "audit_entry_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "case"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- A case is either active (no outcome, no closing date) or closed (both)
ALTER TABLE "case" ADD CONSTRAINT "case_closed_consistent" CHECK (("outcome" IS NULL) = ("closed_on" IS NULL) AND ("outcome" IS NULL) = ("closed_at" IS NULL));
