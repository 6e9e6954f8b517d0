-- Search (issue 15): the last-edited index carries the page id, the tie-break of every "newest
-- first" order, so a walk of it (a query's newest matches, "last edited" with no text) reads rows
-- already in the results' order. Without it, pages sharing an editedAt (written by one statement:
-- an import, a batched persist, a seed) were all read and sorted before the first could be tested:
-- 1,201 rows read to test 237 at 100,000 pages whose edits came in batches of 1,000.

-- DropIndex
DROP INDEX "PageSearch_workspaceId_editedAt_idx";

-- CreateIndex
CREATE INDEX "PageSearch_workspaceId_editedAt_pageId_idx" ON "PageSearch"("workspaceId", "editedAt" DESC, "pageId");
