-- Databases (issue 17): the worker's projection of each database document's rows, for the REST
-- query (filter/sort/paging in SQL over the JSONB), search and the API. The document stays the
-- truth; this table is rewritten from it after each persist that changed the database.
-- `rowId` is the row's page id. `position` is a fractional-index key: compared in code-point order
-- (COLLATE "C"), as the web orders rows. `computed` holds formulas and rollups as evaluated at
-- projection time. Person ids come from the document (clients write them) and are not foreign keys.

-- CreateTable
CREATE TABLE "DatabaseRow" (
    "rowId" UUID NOT NULL,
    "databaseId" UUID NOT NULL,
    "position" TEXT COLLATE "C" NOT NULL,
    "title" TEXT NOT NULL DEFAULT '',
    "values" JSONB NOT NULL DEFAULT '{}',
    "computed" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL,
    "createdById" UUID,
    "lastEditedAt" TIMESTAMP(3) NOT NULL,
    "lastEditedById" UUID,

    CONSTRAINT "DatabaseRow_pkey" PRIMARY KEY ("rowId")
);

-- CreateIndex
CREATE INDEX "DatabaseRow_databaseId_position_rowId_idx" ON "DatabaseRow"("databaseId", "position", "rowId");

-- CreateIndex
CREATE INDEX "DatabaseRow_values_idx" ON "DatabaseRow" USING GIN ("values");

-- AddForeignKey
ALTER TABLE "DatabaseRow" ADD CONSTRAINT "DatabaseRow_databaseId_fkey" FOREIGN KEY ("databaseId") REFERENCES "Page"("id") ON DELETE CASCADE ON UPDATE CASCADE;
