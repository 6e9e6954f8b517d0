import { z } from 'zod';
import { Id, type Timestamp } from './common.js';
import { defineRoute } from './route.js';

export const SearchLimits = {
  // Longer queries answer 400: nobody types more, and every word costs the index a lookup.
  queryMax: 256,
  pageSizeMax: 50,
  pageSizeDefault: 20,
} as const;

const flag = z.enum(['true', 'false'], { error: "must be 'true' or 'false'" }).transform((v) => v === 'true');
const date = z.iso.datetime({ offset: true, error: 'must be an ISO-8601 date-time' }).or(z.iso.date({ error: 'must be an ISO-8601 date' }));

// GET /workspaces/:workspaceId/search. `q` is web-search syntax: words (the last one also matches
// as a prefix while typing), "quoted phrases", -excluded words, `or`; titles also match with typos.
// Any text is accepted: syntax Postgres would reject is read as plain words, % and _ are literal.
// An empty `q` lists the pages that pass the filters, most recently edited first.
export const SearchQuery = z.object({
  q: z.string({ error: 'must be a string' }).max(SearchLimits.queryMax, { error: `must be at most ${SearchLimits.queryMax} characters` }).optional(),
  // Opaque: the `nextCursor` of the previous answer.
  cursor: z.string().regex(/^\d{1,6}$/, { error: 'must be a cursor from a previous answer' }).optional(),
  limit: z.coerce.number({ error: 'must be a number' }).int({ error: 'must be an integer' }).min(1, { error: 'must be at least 1' }).max(SearchLimits.pageSizeMax, { error: `must be at most ${SearchLimits.pageSizeMax}` }).optional(),
  // Only this page and its descendants (a page the caller can't see answers 404).
  under: Id.optional(),
  // Only pages this person created. (Edits carry no author yet: the update stream holds none.)
  editedBy: Id.optional(),
  // Last edited (content or title) within [from, to].
  from: date.optional(),
  to: date.optional(),
  // Include trashed pages (owners and admins only; 403 for others).
  trash: flag.optional(),
  sort: z.enum(['relevance', 'edited'], { error: "must be 'relevance' or 'edited'" }).optional(),
});
export type SearchQuery = z.input<typeof SearchQuery>;

// A piece of a snippet: the page's text with the matched words marked (`match: true`). Plain text
// pieces, never HTML: clients render the marks themselves.
export interface SnippetPart {
  text: string;
  match: boolean;
}

export interface SearchResult {
  id: string;
  title: string;
  icon: string | null;
  // The ancestors the caller can see, root first (the page itself not included).
  path: Array<{ id: string; title: string; icon: string | null }>;
  snippet: SnippetPart[];
  updatedAt: Timestamp;
  // Set for trashed pages (only with `trash=true`).
  deletedAt: Timestamp | null;
}

export interface SearchResponse {
  results: SearchResult[];
  // How many pages match in all (only pages the caller may read are counted), counted up to a
  // bound: with `totalCapped`, at least this many match (shown as "1,000+").
  total: number;
  totalCapped: boolean;
  nextCursor: string | null;
}

export const SearchRoutes = {
  search: defineRoute<SearchResponse>()({ method: 'GET', path: '/workspaces/:workspaceId/search', query: SearchQuery }),
} as const;
