-- Page options (issue 18): layout per page (full width, small text), a lock against accidental
-- edits, and a cover (a built-in gradient or an uploaded image of the page's workspace) with its
-- vertical position in percent. Plus the account's theme, so a second browser starts with it.

-- AlterTable
ALTER TABLE "Page" ADD COLUMN "fullWidth" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "smallText" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "lockedAt" TIMESTAMP(3),
ADD COLUMN "cover" TEXT,
ADD COLUMN "coverPosition" INTEGER NOT NULL DEFAULT 50;

-- AlterTable
ALTER TABLE "User" ADD COLUMN "theme" TEXT NOT NULL DEFAULT 'system';
