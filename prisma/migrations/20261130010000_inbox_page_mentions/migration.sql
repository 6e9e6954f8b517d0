-- The inbox's other events (issue 14): @mentions in a page's text, shares of a page, invitations
-- to a workspace. They are about no comment (and an invitation about no page), so those columns
-- become optional. See docs/DECISIONS.md ("Mentions in the page, shares and invitations in the inbox").

-- AlterEnum
ALTER TYPE "NotificationKind" ADD VALUE 'page_mention';
ALTER TYPE "NotificationKind" ADD VALUE 'share';
ALTER TYPE "NotificationKind" ADD VALUE 'invitation';

-- AlterTable
ALTER TABLE "Notification" ALTER COLUMN "pageId" DROP NOT NULL,
ALTER COLUMN "threadId" DROP NOT NULL,
ALTER COLUMN "commentId" DROP NOT NULL,
ADD COLUMN "invitationId" UUID;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_invitationId_fkey" FOREIGN KEY ("invitationId") REFERENCES "Invitation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
