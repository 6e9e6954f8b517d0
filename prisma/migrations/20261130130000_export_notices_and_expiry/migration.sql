-- Exports tell the person when they are ready or failed (an inbox notice, and a mail if they get
-- mails), and their files expire (issue 16's leftovers). A notice points at its transfer and goes
-- with it; one notice per transfer at most (a job whose end runs twice writes it once). A finished
-- export keeps its file until `expiresAt` (EXPORT_RETENTION_DAYS after it finished); the worker's
-- sweep then deletes the file and marks the row `expired`, keeping the record.

-- AlterEnum
ALTER TYPE "NotificationKind" ADD VALUE 'export_ready';
ALTER TYPE "NotificationKind" ADD VALUE 'export_failed';

-- AlterEnum
ALTER TYPE "TransferStatus" ADD VALUE 'expired';

-- AlterTable
ALTER TABLE "Notification" ADD COLUMN "transferId" UUID;

-- AlterTable
ALTER TABLE "Transfer" ADD COLUMN "expiresAt" TIMESTAMP(3);

-- CreateIndex
CREATE UNIQUE INDEX "Notification_transferId_key" ON "Notification"("transferId");

-- CreateIndex
CREATE INDEX "Transfer_status_expiresAt_idx" ON "Transfer"("status", "expiresAt");

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_transferId_fkey" FOREIGN KEY ("transferId") REFERENCES "Transfer"("id") ON DELETE CASCADE ON UPDATE CASCADE;
