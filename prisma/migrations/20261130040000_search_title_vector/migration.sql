-- Search with bounded work per query (issue 15): a title's own words are matched from an index of
-- their own, so a page whose title matches is ranked however long ago it was edited while a query
-- ranks only a bounded set of its text matches (the most recently edited). A GIN over the title
-- vector (the same tandem_search_vector as the text index, without the text), per workspace.
-- Before, titles were matched by trigram similarity only, whose index visits every title sharing a
-- trigram with the query (30-160 ms at 100,000 pages under load); it is now asked only for queries
-- matching few pages (typos). See docs/DECISIONS.md ("Search").

-- CreateIndex
CREATE INDEX "Page_title_vector_idx" ON "Page" USING GIN ("workspaceId", tandem_search_vector(title, NULL));
