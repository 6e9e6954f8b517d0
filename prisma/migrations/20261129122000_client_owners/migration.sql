-- The principal that introduced each Yjs client id on a page (ARCHITECTURE invariant 10): an
-- update from another account writing structs for that id is refused, across restarts.

-- CreateTable
CREATE TABLE "DocumentClientOwner" (
    "pageId" UUID NOT NULL,
    "clientId" BIGINT NOT NULL,
    "principal" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DocumentClientOwner_pkey" PRIMARY KEY ("pageId","clientId")
);

-- AddForeignKey
ALTER TABLE "DocumentClientOwner" ADD CONSTRAINT "DocumentClientOwner_pageId_fkey" FOREIGN KEY ("pageId") REFERENCES "Page"("id") ON DELETE CASCADE ON UPDATE CASCADE;
