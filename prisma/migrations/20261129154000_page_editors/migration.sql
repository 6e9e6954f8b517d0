-- Who edited each page (search's "edited by" filter, issue 15): one row per page and person, kept by
-- the write paths themselves. The worker's persist already records the authors of the stream entries
-- it merged (Document."authorIds", handed to "versionAuthorIds" when a version is due), so a trigger
-- on that write adds the authors it did not hold before: no extra statement on the persist path.

-- CreateTable
CREATE TABLE "PageEditor" (
    "pageId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "editedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PageEditor_pkey" PRIMARY KEY ("pageId","userId")
);

-- CreateIndex
CREATE INDEX "PageEditor_userId_idx" ON "PageEditor"("userId");

-- AddForeignKey
ALTER TABLE "PageEditor" ADD CONSTRAINT "PageEditor_pageId_fkey" FOREIGN KEY ("pageId") REFERENCES "Page"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PageEditor" ADD CONSTRAINT "PageEditor_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Adds `authors` as editors of `page`, skipping accounts deleted since they wrote (a persist must never
-- fail on an author who left: the foreign key would abort the whole batch).
CREATE FUNCTION tandem_note_page_editors(page uuid, authors uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF authors IS NULL OR cardinality(authors) = 0 THEN RETURN; END IF;
  INSERT INTO "PageEditor" ("pageId", "userId")
    SELECT page, a FROM unnest(authors) AS a WHERE EXISTS (SELECT 1 FROM "User" u WHERE u.id = a)
    ON CONFLICT ("pageId", "userId") DO UPDATE SET "editedAt" = CURRENT_TIMESTAMP;
EXCEPTION WHEN foreign_key_violation THEN
  -- The page or an author was deleted meanwhile: nothing left to record.
  NULL;
END $$;

CREATE FUNCTION tandem_document_editors() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM tandem_note_page_editors(NEW."pageId", ARRAY(
    SELECT unnest(NEW."authorIds" || NEW."versionAuthorIds")
    EXCEPT
    SELECT unnest(OLD."authorIds" || OLD."versionAuthorIds")
  ));
  RETURN NULL;
END $$;

CREATE TRIGGER "Document_editors" AFTER UPDATE OF "authorIds", "versionAuthorIds" ON "Document"
  FOR EACH ROW WHEN (OLD."authorIds" IS DISTINCT FROM NEW."authorIds" OR OLD."versionAuthorIds" IS DISTINCT FROM NEW."versionAuthorIds")
  EXECUTE FUNCTION tandem_document_editors();

-- Creating a page (its title, its first content) is editing it.
CREATE FUNCTION tandem_page_creator_editor() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."createdById" IS NOT NULL THEN
    PERFORM tandem_note_page_editors(NEW.id, ARRAY[NEW."createdById"]);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "Page_creator_editor" AFTER INSERT ON "Page"
  FOR EACH ROW EXECUTE FUNCTION tandem_page_creator_editor();

-- Backfill: creators, the authors of every stored version, and those since the last one.
INSERT INTO "PageEditor" ("pageId", "userId", "editedAt")
  SELECT x."pageId", x."userId", max(x.at) FROM (
    SELECT id AS "pageId", "createdById" AS "userId", "createdAt" AS at FROM "Page" WHERE "createdById" IS NOT NULL
    UNION ALL
    SELECT v."pageId", unnest(v."authorIds"), v."createdAt" FROM "DocumentVersion" v
    UNION ALL
    SELECT d."pageId", unnest(d."authorIds" || d."versionAuthorIds"), d."updatedAt" FROM "Document" d
  ) x
  WHERE EXISTS (SELECT 1 FROM "User" u WHERE u.id = x."userId")
  GROUP BY x."pageId", x."userId";
