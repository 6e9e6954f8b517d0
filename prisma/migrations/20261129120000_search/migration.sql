-- Search and navigation (issue 15): a maintained full-text vector per page document, a trigram index on titles,
-- per-user favorites and recently visited pages, and links between pages (backlinks). See docs/DECISIONS.md ("Search").

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The searchable form of a page: its title (weight A) ranks above its text (weight B). Each is
-- indexed twice: English stems ("collaborating" finds "collaboration") and plain lower-cased words
-- ('simple': names, code and other languages the English stemmer would mangle match as typed).
-- The text is capped so a huge page can never exceed tsvector's 1 MB limit and fail its persist.
CREATE FUNCTION tandem_search_vector(title text, body text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
      || setweight(to_tsvector('simple'::regconfig, coalesce(title, '')), 'A')
      || setweight(to_tsvector('english'::regconfig, left(coalesce(body, ''), 100000)), 'B')
      || setweight(to_tsvector('simple'::regconfig, left(coalesce(body, ''), 100000)), 'B')
$$;

-- AlterTable
ALTER TABLE "Document" ADD COLUMN "searchVector" tsvector;

-- The vector is derived from the row the worker writes at persist time (Document.text) and the
-- page's title, so it is kept by triggers in the same statement: no write path (persist, import,
-- seed, rename) can forget it, and it is never newer or older than the text it was made from.
CREATE FUNCTION tandem_document_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."searchVector" := tandem_search_vector((SELECT title FROM "Page" WHERE id = NEW."pageId"), NEW."text");
  RETURN NEW;
END $$;

CREATE TRIGGER "Document_searchVector_insert" BEFORE INSERT ON "Document"
  FOR EACH ROW EXECUTE FUNCTION tandem_document_search_vector();
CREATE TRIGGER "Document_searchVector_update" BEFORE UPDATE OF "text" ON "Document"
  FOR EACH ROW WHEN (OLD."text" IS DISTINCT FROM NEW."text") EXECUTE FUNCTION tandem_document_search_vector();

-- A rename is searchable at once (not at the next persist).
CREATE FUNCTION tandem_page_title_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Document" SET "searchVector" = tandem_search_vector(NEW.title, "text") WHERE "pageId" = NEW.id;
  RETURN NULL;
END $$;

CREATE TRIGGER "Page_title_searchVector" AFTER UPDATE OF title ON "Page"
  FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title) EXECUTE FUNCTION tandem_page_title_search_vector();

-- Backfill
UPDATE "Document" d SET "searchVector" = tandem_search_vector(p.title, d."text") FROM "Page" p WHERE p.id = d."pageId";

-- CreateIndex
CREATE INDEX "Document_searchVector_idx" ON "Document" USING GIN ("searchVector");

-- CreateIndex
CREATE INDEX "Page_title_trgm_idx" ON "Page" USING GIN ("title" gin_trgm_ops);

-- CreateTable
CREATE TABLE "Favorite" (
    "userId" UUID NOT NULL,
    "pageId" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Favorite_pkey" PRIMARY KEY ("userId","pageId")
);

-- CreateTable
CREATE TABLE "PageVisit" (
    "userId" UUID NOT NULL,
    "pageId" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "visitedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PageVisit_pkey" PRIMARY KEY ("userId","pageId")
);

-- CreateIndex
CREATE INDEX "Favorite_pageId_idx" ON "Favorite"("pageId");

-- CreateIndex
CREATE INDEX "PageVisit_userId_workspaceId_visitedAt_idx" ON "PageVisit"("userId", "workspaceId", "visitedAt");

-- CreateIndex
CREATE INDEX "PageVisit_pageId_idx" ON "PageVisit"("pageId");

-- AddForeignKey
ALTER TABLE "Favorite" ADD CONSTRAINT "Favorite_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Favorite" ADD CONSTRAINT "Favorite_pageId_fkey" FOREIGN KEY ("pageId") REFERENCES "Page"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PageVisit" ADD CONSTRAINT "PageVisit_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PageVisit" ADD CONSTRAINT "PageVisit_pageId_fkey" FOREIGN KEY ("pageId") REFERENCES "Page"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CreateTable
CREATE TABLE "PageLink" (
    "sourceId" UUID NOT NULL,
    "targetId" UUID NOT NULL,

    CONSTRAINT "PageLink_pkey" PRIMARY KEY ("sourceId","targetId")
);

-- CreateIndex
CREATE INDEX "PageLink_targetId_idx" ON "PageLink"("targetId");

-- AddForeignKey
ALTER TABLE "PageLink" ADD CONSTRAINT "PageLink_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Page"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PageLink" ADD CONSTRAINT "PageLink_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Page"("id") ON DELETE CASCADE ON UPDATE CASCADE;
