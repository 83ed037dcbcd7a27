-- CreateTable
CREATE TABLE "case_transfer" (
    "id" SERIAL NOT NULL,
    "case_id" INTEGER NOT NULL,
    "from_org_id" INTEGER NOT NULL,
    "to_org_id" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "case_transfer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "case_transfer_case_id_at_idx" ON "case_transfer"("case_id", "at");

-- CreateIndex
CREATE INDEX "case_transfer_at_idx" ON "case_transfer"("at");

-- AddForeignKey
ALTER TABLE "case_transfer" ADD CONSTRAINT "case_transfer_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case_transfer" ADD CONSTRAINT "case_transfer_from_org_id_fkey" FOREIGN KEY ("from_org_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case_transfer" ADD CONSTRAINT "case_transfer_to_org_id_fkey" FOREIGN KEY ("to_org_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A case is handed to another organisation, never to the one it is with
ALTER TABLE "case_transfer" ADD CONSTRAINT "case_transfer_other_org" CHECK ("from_org_id" <> "to_org_id");
