-- DropIndex
DROP INDEX "Transaction_customerId_idx";

-- DropIndex
DROP INDEX "Transaction_customerEmailLower_idx";

-- CreateIndex
CREATE INDEX "Transaction_customerId_createdAt_id_idx" ON "Transaction"("customerId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Transaction_customerEmailLower_createdAt_id_idx" ON "Transaction"("customerEmailLower", "createdAt" DESC, "id" DESC);
