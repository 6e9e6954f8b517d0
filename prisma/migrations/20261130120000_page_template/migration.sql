-- Page templates (issue 18): any page can be marked as one of its workspace's templates. The
-- picker reads the flag from the page tree (already loaded per workspace), so no index of its own.
-- Pages made from a template are copies, so nothing references the template page.

-- AlterTable
ALTER TABLE "Page" ADD COLUMN "template" BOOLEAN NOT NULL DEFAULT false;
