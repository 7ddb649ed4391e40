-- CreateEnum
CREATE TYPE "WebhookReplayStatus" AS ENUM ('QUEUED', 'RUNNING', 'FINISHED', 'FAILED');

-- DropIndex
DROP INDEX "WebhookDelivery_receivedAt_idx";

-- DropIndex
DROP INDEX "WebhookDelivery_status_receivedAt_idx";

-- AlterTable
ALTER TABLE "WebhookDelivery" ADD COLUMN     "lastRepeatAt" TIMESTAMP(3),
ADD COLUMN     "repeats" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "WebhookReplay" (
    "id" UUID NOT NULL,
    "requestedById" UUID,
    "requestedBy" TEXT NOT NULL,
    "filter" JSONB NOT NULL,
    "status" "WebhookReplayStatus" NOT NULL DEFAULT 'QUEUED',
    "total" INTEGER NOT NULL,
    "replayed" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "cursorAt" TIMESTAMP(3),
    "cursorId" UUID,
    "step" INTEGER NOT NULL DEFAULT 0,
    "receivedUntil" TIMESTAMP(3) NOT NULL,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WebhookReplay_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "WebhookReplay_createdAt_idx" ON "WebhookReplay"("createdAt");

-- CreateIndex
CREATE INDEX "WebhookDelivery_receivedAt_id_idx" ON "WebhookDelivery"("receivedAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "WebhookDelivery_provider_receivedAt_id_idx" ON "WebhookDelivery"("provider", "receivedAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "WebhookDelivery_status_receivedAt_id_idx" ON "WebhookDelivery"("status", "receivedAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "WebhookDelivery_eventType_receivedAt_id_idx" ON "WebhookDelivery"("eventType", "receivedAt" DESC, "id" DESC);
