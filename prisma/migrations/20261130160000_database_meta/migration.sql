-- Databases (issue 17): each database's schema and views as the worker last projected them, so the
-- REST reads (GET /databases/:id, the query's filter check) and the web's first paint need not
-- apply the whole document (seconds for 10,000 rows) on the API process. The document stays the
-- truth; this row is rewritten with DatabaseRow after each persist that changed the database.
-- `upTo` is the document's persistedUpTo the projection read: when it is still the document's and
-- nothing is in the stream after it, this row is the current schema.

-- CreateTable
CREATE TABLE "DatabaseMeta" (
    "databaseId" UUID NOT NULL,
    "schema" JSONB NOT NULL,
    "views" JSONB NOT NULL,
    "upTo" TEXT NOT NULL,
    "projectedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DatabaseMeta_pkey" PRIMARY KEY ("databaseId")
);

-- AddForeignKey
ALTER TABLE "DatabaseMeta" ADD CONSTRAINT "DatabaseMeta_databaseId_fkey" FOREIGN KEY ("databaseId") REFERENCES "Page"("id") ON DELETE CASCADE ON UPDATE CASCADE;
