-- AlterTable
ALTER TABLE "IntegrationCircuitTransition" ADD COLUMN     "seq" SERIAL NOT NULL;

-- CreateIndex
CREATE INDEX "IntegrationCircuitTransition_provider_seq_idx" ON "IntegrationCircuitTransition"("provider", "seq");
