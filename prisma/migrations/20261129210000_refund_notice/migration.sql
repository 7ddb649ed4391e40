-- CreateEnum
CREATE TYPE "RefundNoticeState" AS ENUM ('REQUESTED', 'QUEUED', 'SKIPPED');

-- AlterTable
ALTER TABLE "Refund" ADD COLUMN     "noticeMessageId" UUID,
ADD COLUMN     "noticeSkipReason" TEXT,
ADD COLUMN     "noticeState" "RefundNoticeState",
ADD COLUMN     "noticeTemplateId" TEXT,
ADD COLUMN     "noticeTemplateName" TEXT;
