-- CreateEnum
CREATE TYPE "BudgetLineKind" AS ENUM ('income', 'cost');

-- CreateTable
CREATE TABLE "budget_line" (
    "id" SERIAL NOT NULL,
    "period_id" INTEGER NOT NULL,
    "kind" "BudgetLineKind" NOT NULL,
    "label" TEXT NOT NULL,
    "spec" TEXT,
    "amount" INTEGER NOT NULL,
    "sort_order" INTEGER NOT NULL DEFAULT 0,
    "created_by" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "budget_line_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "budget_category" (
    "id" SERIAL NOT NULL,
    "period_id" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "spec" TEXT,
    "allocated" INTEGER NOT NULL,
    "transfers_in" INTEGER NOT NULL DEFAULT 0,
    "transfers_out" INTEGER NOT NULL DEFAULT 0,
    "committed" INTEGER NOT NULL DEFAULT 0,
    "overdraft" INTEGER NOT NULL DEFAULT 0,
    "sort_order" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "budget_category_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "budget_transfer" (
    "id" SERIAL NOT NULL,
    "period_id" INTEGER NOT NULL,
    "from_category_id" INTEGER NOT NULL,
    "to_category_id" INTEGER NOT NULL,
    "amount" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "budget_transfer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "budget_commitment" (
    "id" SERIAL NOT NULL,
    "request_id" INTEGER NOT NULL,
    "category_id" INTEGER NOT NULL,
    "amount" INTEGER NOT NULL,
    "overdrawn" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "budget_commitment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "budget_override" (
    "id" SERIAL NOT NULL,
    "request_id" INTEGER NOT NULL,
    "amount" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "used_at" TIMESTAMP(3),
    "used_amount" INTEGER,

    CONSTRAINT "budget_override_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "budget_warning" (
    "id" SERIAL NOT NULL,
    "category_id" INTEGER NOT NULL,
    "threshold" INTEGER NOT NULL,
    "committed" INTEGER NOT NULL,
    "available" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "budget_warning_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scheduled_run" (
    "name" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "run_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "scheduled_run_pkey" PRIMARY KEY ("name","day")
);

-- CreateIndex
CREATE INDEX "budget_line_period_id_idx" ON "budget_line"("period_id");

-- CreateIndex
CREATE UNIQUE INDEX "budget_category_period_id_key_key" ON "budget_category"("period_id", "key");

-- CreateIndex
CREATE INDEX "budget_transfer_period_id_idx" ON "budget_transfer"("period_id");

-- CreateIndex
CREATE INDEX "budget_commitment_category_id_idx" ON "budget_commitment"("category_id");

-- CreateIndex
CREATE UNIQUE INDEX "budget_commitment_request_id_category_id_key" ON "budget_commitment"("request_id", "category_id");

-- CreateIndex
CREATE INDEX "budget_override_request_id_idx" ON "budget_override"("request_id");

-- CreateIndex
CREATE UNIQUE INDEX "budget_warning_category_id_threshold_key" ON "budget_warning"("category_id", "threshold");

-- AddForeignKey
ALTER TABLE "budget_line" ADD CONSTRAINT "budget_line_period_id_fkey" FOREIGN KEY ("period_id") REFERENCES "budget_period"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "budget_category" ADD CONSTRAINT "budget_category_period_id_fkey" FOREIGN KEY ("period_id") REFERENCES "budget_period"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "budget_transfer" ADD CONSTRAINT "budget_transfer_period_id_fkey" FOREIGN KEY ("period_id") REFERENCES "budget_period"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "budget_transfer" ADD CONSTRAINT "budget_transfer_from_category_id_fkey" FOREIGN KEY ("from_category_id") REFERENCES "budget_category"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "budget_transfer" ADD CONSTRAINT "budget_transfer_to_category_id_fkey" FOREIGN KEY ("to_category_id") REFERENCES "budget_category"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "budget_commitment" ADD CONSTRAINT "budget_commitment_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "request"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "budget_commitment" ADD CONSTRAINT "budget_commitment_category_id_fkey" FOREIGN KEY ("category_id") REFERENCES "budget_category"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "budget_override" ADD CONSTRAINT "budget_override_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "request"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "budget_warning" ADD CONSTRAINT "budget_warning_category_id_fkey" FOREIGN KEY ("category_id") REFERENCES "budget_category"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written backstops (Prisma has no CHECK constraints). The last one is the database's own
-- guarantee against overdraft: whatever the code does, a category never commits more than its
-- allocation and transfers, except what an admin explicitly allowed (overdraft).
ALTER TABLE "budget_line" ADD CONSTRAINT "budget_line_amount_positive" CHECK ("amount" > 0);
ALTER TABLE "budget_category" ADD CONSTRAINT "budget_category_amounts_not_negative"
  CHECK ("allocated" >= 0 AND "transfers_in" >= 0 AND "transfers_out" >= 0 AND "committed" >= 0 AND "overdraft" >= 0);
ALTER TABLE "budget_category" ADD CONSTRAINT "budget_category_no_overdraft"
  CHECK ("allocated" + "transfers_in" - "transfers_out" - "committed" + "overdraft" >= 0);
ALTER TABLE "budget_transfer" ADD CONSTRAINT "budget_transfer_valid"
  CHECK ("amount" > 0 AND "from_category_id" <> "to_category_id");
ALTER TABLE "budget_commitment" ADD CONSTRAINT "budget_commitment_amount_positive"
  CHECK ("amount" > 0 AND "overdrawn" >= 0 AND "overdrawn" <= "amount");
ALTER TABLE "budget_override" ADD CONSTRAINT "budget_override_amount_positive"
  CHECK ("amount" > 0 AND ("used_amount" IS NULL OR ("used_amount" >= 0 AND "used_amount" <= "amount")));
ALTER TABLE "budget_warning" ADD CONSTRAINT "budget_warning_threshold_positive" CHECK ("threshold" > 0);
