-- CreateIndex
CREATE INDEX "ApiCall_provider_outcome_createdAt_idx" ON "ApiCall"("provider", "outcome", "createdAt");

-- CreateIndex
CREATE INDEX "ApiCall_provider_status_createdAt_idx" ON "ApiCall"("provider", "status", "createdAt");

-- CreateIndex
CREATE INDEX "ApiCall_outcome_createdAt_idx" ON "ApiCall"("outcome", "createdAt");

-- CreateIndex
CREATE INDEX "ApiCall_status_createdAt_idx" ON "ApiCall"("status", "createdAt");

-- CreateIndex
CREATE INDEX "ApiCall_operation_createdAt_idx" ON "ApiCall"("operation", "createdAt");

-- CreateIndex
CREATE INDEX "ApiCall_actorEmail_createdAt_idx" ON "ApiCall"("actorEmail", "createdAt");

-- CreateIndex
CREATE INDEX "ApiCall_actorId_createdAt_idx" ON "ApiCall"("actorId", "createdAt");

-- CreateIndex
CREATE INDEX "ApiCall_durationMs_idx" ON "ApiCall"("durationMs");
