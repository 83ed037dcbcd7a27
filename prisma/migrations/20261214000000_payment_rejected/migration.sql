-- AlterEnum
ALTER TYPE "PaymentStatus" ADD VALUE 'rejected';

-- AlterTable
ALTER TABLE "payment" ADD COLUMN     "reject_reason" TEXT,
ADD COLUMN     "rejected_at" TIMESTAMPTZ(3),
ADD COLUMN     "rejected_by" TEXT;
