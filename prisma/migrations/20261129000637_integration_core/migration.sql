-- CreateEnum
CREATE TYPE "CircuitState" AS ENUM ('CLOSED', 'OPEN', 'HALF_OPEN', 'FORCED_OPEN', 'FORCED_CLOSED');

-- CreateEnum
CREATE TYPE "ApiCallOutcome" AS ENUM ('SUCCESS', 'HTTP_ERROR', 'NETWORK_ERROR', 'TIMEOUT', 'CIRCUIT_OPEN', 'RATE_LIMITED');

-- CreateTable
CREATE TABLE "IntegrationCircuit" (
    "provider" TEXT NOT NULL,
    "state" "CircuitState" NOT NULL DEFAULT 'CLOSED',
    "forcedState" "CircuitState",
    "reason" TEXT,
    "openedAt" TIMESTAMP(3),
    "openUntil" TIMESTAMP(3),
    "snapshot" JSONB,
    "generation" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IntegrationCircuit_pkey" PRIMARY KEY ("provider")
);

-- CreateTable
CREATE TABLE "IntegrationCircuitTransition" (
    "id" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "provider" TEXT NOT NULL,
    "fromState" "CircuitState" NOT NULL,
    "toState" "CircuitState" NOT NULL,
    "reason" TEXT,
    "actorId" UUID,
    "actorEmail" TEXT,
    "instanceId" TEXT NOT NULL,

    CONSTRAINT "IntegrationCircuitTransition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiCall" (
    "id" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "provider" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "status" INTEGER,
    "durationMs" INTEGER NOT NULL,
    "attempt" INTEGER NOT NULL,
    "outcome" "ApiCallOutcome" NOT NULL,
    "errorCode" TEXT,
    "providerRequestId" TEXT,
    "idempotencyKey" TEXT,
    "correlationId" TEXT,
    "actorId" UUID,
    "actorEmail" TEXT,
    "requestBody" JSONB,
    "responseBody" JSONB,

    CONSTRAINT "ApiCall_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiUsageMinute" (
    "provider" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "minute" TIMESTAMP(3) NOT NULL,
    "calls" INTEGER NOT NULL DEFAULT 0,
    "errors" INTEGER NOT NULL DEFAULT 0,
    "rateLimited" INTEGER NOT NULL DEFAULT 0,
    "quotaLimit" INTEGER,
    "quotaRemaining" INTEGER,
    "quotaResetAt" TIMESTAMP(3),

    CONSTRAINT "ApiUsageMinute_pkey" PRIMARY KEY ("provider","operation","minute")
);

-- CreateIndex
CREATE INDEX "IntegrationCircuitTransition_provider_createdAt_idx" ON "IntegrationCircuitTransition"("provider", "createdAt");

-- CreateIndex
CREATE INDEX "ApiCall_createdAt_idx" ON "ApiCall"("createdAt");

-- CreateIndex
CREATE INDEX "ApiCall_provider_createdAt_idx" ON "ApiCall"("provider", "createdAt");

-- CreateIndex
CREATE INDEX "ApiCall_correlationId_idx" ON "ApiCall"("correlationId");

-- CreateIndex
CREATE INDEX "ApiUsageMinute_minute_idx" ON "ApiUsageMinute"("minute");
