-- Databases (issue 17): a page is a plain page, a database (its document holds the database) or a
-- row of a database (its parent is the database; its id is the row id in the database's document).
-- The tree hides rows; everything else (search, links, shares, access) treats them as pages.

-- AlterTable
ALTER TABLE "Page" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'page';
ALTER TABLE "Page" ADD CONSTRAINT "Page_kind_check" CHECK ("kind" IN ('page', 'database', 'row'));
