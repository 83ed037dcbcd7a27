-- CreateEnum
CREATE TYPE "PaymentStatus" AS ENUM ('reported', 'confirmed');

-- AlterTable
ALTER TABLE "request" ADD COLUMN     "co_funding_amount" INTEGER,
ADD COLUMN     "co_funding_payer" TEXT,
ADD COLUMN     "settled_at" TIMESTAMPTZ(3),
ADD COLUMN     "settled_by" TEXT;

-- CreateTable
CREATE TABLE "payment" (
    "id" SERIAL NOT NULL,
    "request_id" INTEGER NOT NULL,
    "amount" INTEGER NOT NULL,
    "paid_on" DATE NOT NULL,
    "note" TEXT,
    "status" "PaymentStatus" NOT NULL DEFAULT 'reported',
    "reported_by" TEXT NOT NULL,
    "confirmed_by" TEXT,
    "confirmed_at" TIMESTAMPTZ(3),
    "override_reason" TEXT,
    "override_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "budget_release" (
    "id" SERIAL NOT NULL,
    "request_id" INTEGER NOT NULL,
    "category_id" INTEGER NOT NULL,
    "amount" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reverted_at" TIMESTAMPTZ(3),
    "reverted_by" TEXT,

    CONSTRAINT "budget_release_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "payment_request_id_idx" ON "payment"("request_id");

-- CreateIndex
CREATE INDEX "budget_release_request_id_idx" ON "budget_release"("request_id");

-- CreateIndex
CREATE INDEX "budget_release_category_id_idx" ON "budget_release"("category_id");

-- AddForeignKey
ALTER TABLE "payment" ADD CONSTRAINT "payment_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "request"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "budget_release" ADD CONSTRAINT "budget_release_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "request"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "budget_release" ADD CONSTRAINT "budget_release_category_id_fkey" FOREIGN KEY ("category_id") REFERENCES "budget_category"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written (issue #13, item 3): whole kronor above zero, and at most one active release per
-- request, category and reason, so closing twice or settling twice never releases twice.
ALTER TABLE "payment" ADD CONSTRAINT "payment_amount_positive" CHECK ("amount" > 0);
ALTER TABLE "budget_release" ADD CONSTRAINT "budget_release_amount_positive" CHECK ("amount" > 0);
ALTER TABLE "budget_release" ADD CONSTRAINT "budget_release_reason" CHECK ("reason" IN ('closed', 'settled'));
ALTER TABLE "request" ADD CONSTRAINT "request_co_funding" CHECK (("co_funding_payer" IS NULL) = ("co_funding_amount" IS NULL) AND ("co_funding_amount" IS NULL OR "co_funding_amount" > 0));
CREATE UNIQUE INDEX "budget_release_active_key" ON "budget_release"("request_id", "category_id", "reason") WHERE "reverted_at" IS NULL;
