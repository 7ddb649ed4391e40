-- CreateEnum
CREATE TYPE "EmailStatus" AS ENUM ('QUEUED', 'FAILED', 'SENT', 'PROCESSED', 'DEFERRED', 'DELIVERED', 'OPENED', 'CLICKED', 'BOUNCED', 'DROPPED');

-- CreateEnum
CREATE TYPE "EmailSendState" AS ENUM ('PENDING', 'SENDING', 'ACCEPTED', 'FAILED');

-- CreateEnum
CREATE TYPE "EmailSuppressionReason" AS ENUM ('BOUNCE', 'SPAM_REPORT', 'UNSUBSCRIBE', 'GROUP_UNSUBSCRIBE');

-- CreateTable
CREATE TABLE "EmailMessage" (
    "id" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "recipient" TEXT NOT NULL,
    "recipientKey" TEXT NOT NULL,
    "templateId" TEXT NOT NULL,
    "templateName" TEXT NOT NULL,
    "templateData" JSONB NOT NULL,
    "dataHash" TEXT NOT NULL,
    "status" "EmailStatus" NOT NULL DEFAULT 'QUEUED',
    "statusAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "providerMessageId" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "lastErrorCode" TEXT,
    "failureReason" TEXT,
    "bounceType" TEXT,
    "sentAt" TIMESTAMP(3),
    "openCount" INTEGER NOT NULL DEFAULT 0,
    "clickCount" INTEGER NOT NULL DEFAULT 0,
    "spamReportedAt" TIMESTAMP(3),
    "unsubscribedAt" TIMESTAMP(3),
    "requestId" UUID NOT NULL,
    "bulkSendId" UUID,
    "resendOfId" UUID,
    "createdById" UUID,
    "createdByEmail" TEXT,

    CONSTRAINT "EmailMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EmailSendRequest" (
    "id" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "bulkSendId" UUID,
    "seq" INTEGER NOT NULL DEFAULT 0,
    "size" INTEGER NOT NULL,
    "state" "EmailSendState" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "providerMessageId" TEXT,
    "lastError" TEXT,
    "lastErrorCode" TEXT,
    "sendingSince" TIMESTAMP(3),
    "nextAttemptAt" TIMESTAMP(3),
    "acceptedAt" TIMESTAMP(3),
    "idempotencyKey" TEXT,

    CONSTRAINT "EmailSendRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BulkSend" (
    "id" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "templateId" TEXT NOT NULL,
    "templateName" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "recipients" INTEGER NOT NULL,
    "requests" INTEGER NOT NULL,
    "createdById" UUID,
    "createdByEmail" TEXT,
    "idempotencyKey" TEXT NOT NULL,

    CONSTRAINT "BulkSend_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EmailEvent" (
    "id" UUID NOT NULL,
    "deliveryId" UUID NOT NULL,
    "sgEventId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "emailKey" TEXT NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sgMessageId" TEXT,
    "messageId" UUID,
    "reason" TEXT,
    "smtpStatus" TEXT,
    "bounceType" TEXT,
    "response" TEXT,
    "url" TEXT,
    "attempt" INTEGER,
    "asmGroupId" INTEGER,

    CONSTRAINT "EmailEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EmailSuppression" (
    "id" UUID NOT NULL,
    "emailKey" TEXT NOT NULL,
    "reason" "EmailSuppressionReason" NOT NULL,
    "groupId" INTEGER NOT NULL DEFAULT 0,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "changedAt" TIMESTAMP(3) NOT NULL,
    "detail" TEXT,
    "sourceEventId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EmailSuppression_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EmailRateWindow" (
    "endpoint" TEXT NOT NULL,
    "limit" INTEGER,
    "remaining" INTEGER NOT NULL,
    "resetAt" TIMESTAMP(3) NOT NULL,
    "provisional" BOOLEAN NOT NULL DEFAULT false,
    "reserved" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EmailRateWindow_pkey" PRIMARY KEY ("endpoint")
);

-- CreateIndex
CREATE INDEX "EmailMessage_createdAt_id_idx" ON "EmailMessage"("createdAt", "id");

-- CreateIndex
CREATE INDEX "EmailMessage_recipientKey_createdAt_idx" ON "EmailMessage"("recipientKey", "createdAt");

-- CreateIndex
CREATE INDEX "EmailMessage_providerMessageId_recipientKey_idx" ON "EmailMessage"("providerMessageId", "recipientKey");

-- CreateIndex
CREATE INDEX "EmailMessage_status_createdAt_idx" ON "EmailMessage"("status", "createdAt");

-- CreateIndex
CREATE INDEX "EmailMessage_templateId_createdAt_idx" ON "EmailMessage"("templateId", "createdAt");

-- CreateIndex
CREATE INDEX "EmailMessage_requestId_idx" ON "EmailMessage"("requestId");

-- CreateIndex
CREATE INDEX "EmailMessage_bulkSendId_status_idx" ON "EmailMessage"("bulkSendId", "status");

-- CreateIndex
CREATE INDEX "EmailMessage_resendOfId_idx" ON "EmailMessage"("resendOfId");

-- CreateIndex
CREATE UNIQUE INDEX "EmailSendRequest_idempotencyKey_key" ON "EmailSendRequest"("idempotencyKey");

-- CreateIndex
CREATE INDEX "EmailSendRequest_bulkSendId_state_idx" ON "EmailSendRequest"("bulkSendId", "state");

-- CreateIndex
CREATE INDEX "EmailSendRequest_state_nextAttemptAt_idx" ON "EmailSendRequest"("state", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "BulkSend_idempotencyKey_key" ON "BulkSend"("idempotencyKey");

-- CreateIndex
CREATE INDEX "BulkSend_createdAt_idx" ON "BulkSend"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "EmailEvent_deliveryId_key" ON "EmailEvent"("deliveryId");

-- CreateIndex
CREATE INDEX "EmailEvent_messageId_occurredAt_idx" ON "EmailEvent"("messageId", "occurredAt");

-- CreateIndex
CREATE INDEX "EmailEvent_emailKey_occurredAt_idx" ON "EmailEvent"("emailKey", "occurredAt");

-- CreateIndex
CREATE INDEX "EmailEvent_receivedAt_idx" ON "EmailEvent"("receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "EmailSuppression_emailKey_reason_groupId_key" ON "EmailSuppression"("emailKey", "reason", "groupId");
