-- Version history (issue 13): who edited in each version's span, and each version's size (the
-- restore size check reads it without loading the state).
ALTER TABLE "Document" ADD COLUMN "authorIds" UUID[] NOT NULL DEFAULT ARRAY[]::uuid[];
ALTER TABLE "Document" ADD COLUMN "versionAuthorIds" UUID[] NOT NULL DEFAULT ARRAY[]::uuid[];
ALTER TABLE "DocumentVersion" ADD COLUMN "authorIds" UUID[] NOT NULL DEFAULT ARRAY[]::uuid[];
ALTER TABLE "DocumentVersion" ADD COLUMN "size" INTEGER NOT NULL DEFAULT 0;
UPDATE "DocumentVersion" SET "size" = octet_length("state");
