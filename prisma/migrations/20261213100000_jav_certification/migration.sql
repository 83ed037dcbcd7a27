-- AlterTable
ALTER TABLE "organisation" ADD COLUMN     "certified_until" DATE;

-- AlterTable
ALTER TABLE "request" ADD COLUMN     "decided_as_deputy" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "info_request" ADD COLUMN     "asked_as_deputy" BOOLEAN NOT NULL DEFAULT false;
