-- AlterTable
ALTER TABLE "case" ADD COLUMN     "erased_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "request" ADD COLUMN     "erased_at" TIMESTAMPTZ(3);
