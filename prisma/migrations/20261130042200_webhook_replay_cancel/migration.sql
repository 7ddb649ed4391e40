-- AlterEnum
ALTER TYPE "WebhookReplayStatus" ADD VALUE 'CANCELLED';

-- AlterTable
ALTER TABLE "WebhookReplay" ADD COLUMN     "cancelledBy" TEXT;
