-- Databases (issue 17, gallery): the first image of a page's body, in reading order, as the path or
-- URL a browser shows it from (an uploaded image by its /api/files/:id/content path). The worker
-- sets it with the text on each persist, so a gallery reads its rows' card covers in one query
-- instead of decoding every row page's document.

-- AlterTable
ALTER TABLE "Document" ADD COLUMN "firstImage" TEXT;
