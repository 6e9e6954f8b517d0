-- Search at 100,000 pages (issue 15): the search index moves out of "Document" into a narrow table of
-- its own, "PageSearch", one row per page, holding everything a query filters and orders by (the
-- workspace, trash state, last edit) beside the vector, so a query's matches are found, filtered,
-- counted and ordered from this one table and its indexes. Before, every match was a wide "Document"
-- row (its Yjs state and text inline) joined to its "Page" row: a common prefix touched ~35,000 of
-- both and took seconds. See docs/DECISIONS.md ("Search") and docs/BENCHMARKS.md.

-- A GIN index over (workspace, vector): a workspace's matches are found without visiting other
-- workspaces' rows.
CREATE EXTENSION IF NOT EXISTS btree_gin;

-- CreateTable
CREATE TABLE "PageSearch" (
    "pageId" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "deletedAt" TIMESTAMP(3),
    -- The later of the page's and its document's updatedAt ("last edited").
    "editedAt" TIMESTAMP(3) NOT NULL,
    -- tandem_search_vector(title, text): title (A) and text (B), English stems and plain words.
    "vector" tsvector NOT NULL,

    CONSTRAINT "PageSearch_pkey" PRIMARY KEY ("pageId")
);

-- Once a row passes Postgres' (fixed) 2 kB toasting threshold, its vector is moved out of it
-- entirely rather than just enough to fit in 2 kB, so large pages don't widen the rows a query's
-- matches are read from; a vector is read from TOAST only for the candidates that are ranked.
ALTER TABLE "PageSearch" SET (toast_tuple_target = 128);

-- AddForeignKey
ALTER TABLE "PageSearch" ADD CONSTRAINT "PageSearch_pageId_fkey" FOREIGN KEY ("pageId") REFERENCES "Page"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The row follows its page: created with it, and its title, trash state and last edit copied on
-- every change. Triggers (not calls in each write path), as before: persist, import, seeding,
-- rename and trash can't forget it, and the vector is never made from a text other than the stored one.
CREATE FUNCTION tandem_page_search_from_page() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "PageSearch" ("pageId", "workspaceId", "deletedAt", "editedAt", "vector")
      VALUES (NEW.id, NEW."workspaceId", NEW."deletedAt", NEW."updatedAt", tandem_search_vector(NEW.title, NULL));
  ELSIF OLD.title IS DISTINCT FROM NEW.title THEN
    -- A rename is searchable at once (not at the next persist).
    UPDATE "PageSearch" s SET "deletedAt" = NEW."deletedAt",
        "editedAt" = GREATEST(NEW."updatedAt", (SELECT d."updatedAt" FROM "Document" d WHERE d."pageId" = NEW.id)),
        "vector" = tandem_search_vector(NEW.title, (SELECT d."text" FROM "Document" d WHERE d."pageId" = NEW.id))
      WHERE s."pageId" = NEW.id;
  ELSE
    UPDATE "PageSearch" s SET "deletedAt" = NEW."deletedAt",
        "editedAt" = GREATEST(NEW."updatedAt", (SELECT d."updatedAt" FROM "Document" d WHERE d."pageId" = NEW.id))
      WHERE s."pageId" = NEW.id
        AND (s."deletedAt" IS DISTINCT FROM NEW."deletedAt" OR s."editedAt" IS DISTINCT FROM GREATEST(NEW."updatedAt", (SELECT d."updatedAt" FROM "Document" d WHERE d."pageId" = NEW.id)));
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "Page_search_insert" AFTER INSERT ON "Page"
  FOR EACH ROW EXECUTE FUNCTION tandem_page_search_from_page();
CREATE TRIGGER "Page_search_update" AFTER UPDATE OF title, "deletedAt", "updatedAt" ON "Page"
  FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD."deletedAt" IS DISTINCT FROM NEW."deletedAt" OR OLD."updatedAt" IS DISTINCT FROM NEW."updatedAt")
  EXECUTE FUNCTION tandem_page_search_from_page();

-- The worker's persist writes "text" (and "updatedAt") in one batched statement: the vector is
-- remade in that same statement, so search is exactly as fresh as "Saved".
CREATE FUNCTION tandem_page_search_from_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR OLD."text" IS DISTINCT FROM NEW."text" THEN
    UPDATE "PageSearch" s SET "editedAt" = GREATEST(p."updatedAt", NEW."updatedAt"), "vector" = tandem_search_vector(p.title, NEW."text")
      FROM "Page" p WHERE p.id = NEW."pageId" AND s."pageId" = NEW."pageId";
  ELSE
    UPDATE "PageSearch" s SET "editedAt" = GREATEST(p."updatedAt", NEW."updatedAt")
      FROM "Page" p WHERE p.id = NEW."pageId" AND s."pageId" = NEW."pageId" AND s."editedAt" IS DISTINCT FROM GREATEST(p."updatedAt", NEW."updatedAt");
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "Document_search_insert" AFTER INSERT ON "Document"
  FOR EACH ROW EXECUTE FUNCTION tandem_page_search_from_document();
CREATE TRIGGER "Document_search_update" AFTER UPDATE OF "text", "updatedAt" ON "Document"
  FOR EACH ROW WHEN (OLD."text" IS DISTINCT FROM NEW."text" OR OLD."updatedAt" IS DISTINCT FROM NEW."updatedAt")
  EXECUTE FUNCTION tandem_page_search_from_document();

-- Backfill
INSERT INTO "PageSearch" ("pageId", "workspaceId", "deletedAt", "editedAt", "vector")
  SELECT p.id, p."workspaceId", p."deletedAt", GREATEST(p."updatedAt", d."updatedAt"), tandem_search_vector(p.title, d."text")
  FROM "Page" p LEFT JOIN "Document" d ON d."pageId" = p.id;

-- The vector on "Document" and its triggers are replaced by the above.
DROP TRIGGER "Document_searchVector_insert" ON "Document";
DROP TRIGGER "Document_searchVector_update" ON "Document";
DROP TRIGGER "Page_title_searchVector" ON "Page";
DROP FUNCTION tandem_document_search_vector();
DROP FUNCTION tandem_page_title_search_vector();
DROP INDEX "Document_searchVector_idx";
ALTER TABLE "Document" DROP COLUMN "searchVector";

-- CreateIndex: matches in a workspace (tsvector @@, prefixes included), one GIN scan.
CREATE INDEX "PageSearch_workspaceId_vector_idx" ON "PageSearch" USING GIN ("workspaceId", "vector");

-- pg_trgm declares its similarity operators at the default cost of one comparison, so for a short
-- query ("colla": few trigrams) the planner preferred testing every title of the workspace (1.2 s at
-- 100,000 pages) to the title trigram index (20-60 ms). Their real cost, a trigram set per title, is
-- that of a hundred comparisons.
ALTER FUNCTION word_similarity_commutator_op(text, text) COST 100;
ALTER FUNCTION word_similarity_op(text, text) COST 100;
ALTER FUNCTION similarity_op(text, text) COST 100;

-- CreateIndex: "last edited" order (an empty query, the ranked candidates) and date filters.
CREATE INDEX "PageSearch_workspaceId_editedAt_idx" ON "PageSearch" ("workspaceId", "editedAt" DESC);
