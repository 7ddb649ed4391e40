-- CreateEnum
CREATE TYPE "TransactionStatus" AS ENUM ('PENDING', 'UNCAPTURED', 'SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED', 'DISPUTED', 'FAILED', 'CANCELED');

-- CreateEnum
CREATE TYPE "RefundStatus" AS ENUM ('PENDING_APPROVAL', 'REJECTED', 'SUBMITTING', 'PENDING', 'REQUIRES_ACTION', 'SUCCEEDED', 'FAILED', 'CANCELED');

-- CreateTable
CREATE TABLE "Transaction" (
    "id" UUID NOT NULL,
    "chargeId" TEXT NOT NULL,
    "paymentIntentId" TEXT,
    "customerId" TEXT,
    "customerEmail" TEXT,
    "customerEmailLower" TEXT,
    "customerName" TEXT,
    "amount" BIGINT NOT NULL,
    "amountCaptured" BIGINT NOT NULL DEFAULT 0,
    "amountRefunded" BIGINT NOT NULL DEFAULT 0,
    "amountRefundedReported" BIGINT NOT NULL DEFAULT 0,
    "currency" TEXT NOT NULL,
    "captured" BOOLEAN NOT NULL DEFAULT false,
    "disputed" BOOLEAN NOT NULL DEFAULT false,
    "chargeStatus" TEXT NOT NULL,
    "paymentIntentStatus" TEXT,
    "status" "TransactionStatus" NOT NULL,
    "failureCode" TEXT,
    "failureMessage" TEXT,
    "cardBrand" TEXT,
    "cardLast4" TEXT,
    "description" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "providerUpdatedAt" TIMESTAMP(3) NOT NULL,
    "progress" INTEGER NOT NULL DEFAULT 0,
    "raw" JSONB NOT NULL,
    "syncedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Transaction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Refund" (
    "id" UUID NOT NULL,
    "chargeId" TEXT NOT NULL,
    "providerRefundId" TEXT,
    "amount" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "status" "RefundStatus" NOT NULL,
    "reason" TEXT,
    "note" TEXT,
    "ticket" TEXT,
    "idempotencyKey" TEXT,
    "requestedById" UUID,
    "requestedByEmail" TEXT,
    "decidedById" UUID,
    "decidedByEmail" TEXT,
    "decidedAt" TIMESTAMP(3),
    "failureReason" TEXT,
    "lastError" TEXT,
    "submitLeaseUntil" TIMESTAMP(3),
    "providerCreatedAt" TIMESTAMP(3),
    "providerUpdatedAt" TIMESTAMP(3),
    "progress" INTEGER NOT NULL DEFAULT 0,
    "raw" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Refund_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Dispute" (
    "id" UUID NOT NULL,
    "providerDisputeId" TEXT NOT NULL,
    "chargeId" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "progress" INTEGER NOT NULL DEFAULT 0,
    "providerCreatedAt" TIMESTAMP(3) NOT NULL,
    "providerUpdatedAt" TIMESTAMP(3) NOT NULL,
    "raw" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Dispute_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PaymentEvent" (
    "eventId" TEXT NOT NULL,
    "deliveryId" UUID NOT NULL,
    "eventType" TEXT NOT NULL,
    "objectId" TEXT NOT NULL,
    "chargeId" TEXT,
    "paymentIntentId" TEXT,
    "occurredAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PaymentEvent_pkey" PRIMARY KEY ("eventId")
);

-- CreateTable
CREATE TABLE "PaymentCustomer" (
    "reference" TEXT NOT NULL,
    "providerCustomerId" TEXT NOT NULL,
    "email" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PaymentCustomer_pkey" PRIMARY KEY ("reference")
);

-- CreateIndex
CREATE UNIQUE INDEX "Transaction_chargeId_key" ON "Transaction"("chargeId");

-- CreateIndex
CREATE INDEX "Transaction_createdAt_id_idx" ON "Transaction"("createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Transaction_status_createdAt_id_idx" ON "Transaction"("status", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Transaction_currency_createdAt_id_idx" ON "Transaction"("currency", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Transaction_paymentIntentId_idx" ON "Transaction"("paymentIntentId");

-- CreateIndex
CREATE INDEX "Transaction_customerId_idx" ON "Transaction"("customerId");

-- CreateIndex
CREATE INDEX "Transaction_customerEmailLower_idx" ON "Transaction"("customerEmailLower");

-- CreateIndex
CREATE INDEX "Transaction_cardLast4_idx" ON "Transaction"("cardLast4");

-- CreateIndex
CREATE UNIQUE INDEX "Refund_providerRefundId_key" ON "Refund"("providerRefundId");

-- CreateIndex
CREATE UNIQUE INDEX "Refund_idempotencyKey_key" ON "Refund"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Refund_chargeId_createdAt_idx" ON "Refund"("chargeId", "createdAt");

-- CreateIndex
CREATE INDEX "Refund_status_createdAt_idx" ON "Refund"("status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Dispute_providerDisputeId_key" ON "Dispute"("providerDisputeId");

-- CreateIndex
CREATE INDEX "Dispute_chargeId_idx" ON "Dispute"("chargeId");

-- CreateIndex
CREATE INDEX "PaymentEvent_chargeId_idx" ON "PaymentEvent"("chargeId");

-- CreateIndex
CREATE INDEX "PaymentEvent_paymentIntentId_idx" ON "PaymentEvent"("paymentIntentId");

-- CreateIndex
CREATE UNIQUE INDEX "PaymentCustomer_providerCustomerId_key" ON "PaymentCustomer"("providerCustomerId");
