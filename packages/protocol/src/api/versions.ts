import { databaseSchemaSchema, viewSchema } from '@tandem/database';
import { z } from 'zod';
import { Id, type Timestamp } from './common.js';
import { defineRoute } from './route.js';

export const VersionLimits = {
  nameMax: 200,
  // Versions per page of GET /pages/:id/versions.
  pageSize: 50,
} as const;

// automatic: the worker's periodic copy (pruned beyond the retention). named: saved by someone with
// a name. before_restore: the page as it was just before a restore. Only automatic ones are pruned.
export const VersionKind = z.enum(['automatic', 'named', 'before_restore']);
export type VersionKind = z.infer<typeof VersionKind>;

const VersionName = z
  .string({ error: 'must be a string' })
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(VersionLimits.nameMax, { error: `must be at most ${VersionLimits.nameMax} characters` });

// POST /pages/:id/versions → 201 VersionView (editor or better): a named version of the page as it
// is now (persisted state plus the updates not yet persisted).
export const CreateVersionBody = z.strictObject({ name: VersionName });
export type CreateVersionBody = z.input<typeof CreateVersionBody>;

// PATCH /pages/:id/versions/:versionId → 200 VersionView (editor or better). Naming an automatic
// version makes it a named one (kept forever).
export const RenameVersionBody = z.strictObject({ name: VersionName });
export type RenameVersionBody = z.input<typeof RenameVersionBody>;

// GET /pages/:id/versions?cursor= : `cursor` is the `nextCursor` of the previous answer.
export const ListVersionsQuery = z.strictObject({ cursor: Id.optional() });
export type ListVersionsQuery = z.input<typeof ListVersionsQuery>;

// GET …/diff?against=current|previous (default current).
export const VersionDiffQuery = z.strictObject({
  against: z.enum(['current', 'previous'], { error: "must be 'current' or 'previous'" }).default('current'),
});
export type VersionDiffQuery = z.input<typeof VersionDiffQuery>;

// Someone who edited in a version's span (or saved it).
export interface VersionAuthor {
  id: string;
  name: string;
}

export interface VersionView {
  id: string;
  pageId: string;
  kind: VersionKind;
  name: string | null;
  createdAt: Timestamp;
  // Who saved it (named, before_restore); null for automatic versions.
  createdBy: VersionAuthor | null;
  // Who edited the page between the previous version and this one.
  authors: VersionAuthor[];
  // Bytes of the stored Yjs state.
  size: number;
}

// GET /pages/:id/versions → newest first; `nextCursor` null on the last page.
export interface VersionListResponse {
  versions: VersionView[];
  nextCursor: string | null;
}

// Tiptap/ProseMirror JSON of a document: `{ type: 'doc', content: [...] }`.
export interface DocumentJSON {
  type: string;
  attrs?: Record<string, unknown>;
  content?: DocumentJSON[];
  marks?: Array<{ type: string; attrs?: Record<string, unknown> }>;
  text?: string;
}

// A database page's database as a version holds it: the schema, the views (tab order) and the rows
// in their manual order with their stored cells, what the web's views draw (read-only). Computed
// properties are not stored: a reader evaluates them from these rows, as the live views do.
export const VersionDatabase = z.object({
  schema: databaseSchemaSchema,
  views: z.array(viewSchema),
  rows: z.array(
    z.object({
      id: z.string(),
      values: z.record(z.string(), z.unknown()),
      createdTime: z.string(),
      createdBy: z.string(),
      lastEditedTime: z.string(),
      lastEditedBy: z.string(),
    }),
  ),
});
export type VersionDatabase = z.infer<typeof VersionDatabase>;

// GET /pages/:id/versions/:versionId → the version and its content in the editor's schema (a
// database page's body), plus `database` for a database page (null for other pages).
export interface VersionDetailResponse {
  version: VersionView;
  content: DocumentJSON;
  database: VersionDatabase | null;
}

// One run of text within a changed block.
export interface InlineChange {
  op: 'equal' | 'added' | 'removed';
  text: string;
  // Who wrote this added or removed text (one of the response's `writers`), when known.
  authorId?: string;
}

// The top-level blocks of the two documents, aligned. A block present on both sides with other
// content is `changed`: `inline` holds its text changes when both are text blocks of one type
// (null for other blocks, e.g. a table: show `before` removed and `after` added).
export type BlockChange =
  | { op: 'equal'; block: DocumentJSON }
  | { op: 'added'; block: DocumentJSON; authorId?: string }
  | { op: 'removed'; block: DocumentJSON; authorId?: string }
  | { op: 'changed'; before: DocumentJSON; after: DocumentJSON; inline: InlineChange[] | null };

// GET …/diff: how the version differs from `against` (the current page, or the version before it):
// `added` is in this version and not in the other, `removed` the reverse. Against `previous` for
// the oldest version, the other side is an empty page.
export interface VersionDiffResponse {
  version: VersionView;
  against: 'current' | 'previous';
  // The version compared with, when against=previous and there is one.
  previous: VersionView | null;
  blocks: BlockChange[];
  stats: { added: number; removed: number; changed: number };
  // Everyone an `authorId` above names (from the editor ids each person's edits were made under).
  writers: VersionAuthor[];
}

// POST …/restore → 200: the page now has the version's content (through a forward edit every
// client receives live); `beforeRestore` is the version of the content it replaced.
export interface RestoreVersionResponse {
  restored: VersionView;
  beforeRestore: VersionView;
  // Stream id of the restoring update (a client that hears "saved up to" it has it persisted);
  // null when the page already had the version's content (nothing to change).
  updateId: string | null;
}

export const VersionRoutes = {
  list: defineRoute<VersionListResponse>()({ method: 'GET', path: '/pages/:id/versions', query: ListVersionsQuery }),
  create: defineRoute<VersionView>()({ method: 'POST', path: '/pages/:id/versions', body: CreateVersionBody }),
  get: defineRoute<VersionDetailResponse>()({ method: 'GET', path: '/pages/:id/versions/:versionId' }),
  diff: defineRoute<VersionDiffResponse>()({ method: 'GET', path: '/pages/:id/versions/:versionId/diff', query: VersionDiffQuery }),
  rename: defineRoute<VersionView>()({ method: 'PATCH', path: '/pages/:id/versions/:versionId', body: RenameVersionBody }),
  restore: defineRoute<RestoreVersionResponse>()({ method: 'POST', path: '/pages/:id/versions/:versionId/restore' }),
} as const;
