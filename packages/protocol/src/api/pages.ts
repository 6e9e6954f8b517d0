import { z } from 'zod';
import { ApiLimits, Id, jsonDepth, utf8ByteLength, type Timestamp } from './common.js';
import type { PageAccessRole } from './roles.js';
import { defineRoute } from './route.js';

const Title = z.string({ error: 'must be a string' }).max(ApiLimits.pageTitleMax, { error: `must be at most ${ApiLimits.pageTitleMax} characters` });
const Icon = z
  .string({ error: 'must be a string or null' })
  .trim()
  .min(1, { error: 'must not be empty (use null to remove the icon)' })
  .max(ApiLimits.pageIconMax, { error: `must be at most ${ApiLimits.pageIconMax} characters` })
  .nullable();

const contentTooLarge = `must be at most ${ApiLimits.pageContentMaxBytes} bytes`;

// A page's starting content, turned into its first Yjs document on the server (clients never seed
// a shared document). `markdown`: GFM text. `json`: Tiptap/ProseMirror JSON `{ type: 'doc', ... }`;
// content that does not fit the document schema is refused with 400 on `body.content.content`.
export const PageContent = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      kind: z.literal('markdown'),
      content: z
        .string({ error: 'must be a string of Markdown' })
        .refine((v) => utf8ByteLength(v) <= ApiLimits.pageContentMaxBytes, { error: contentTooLarge }),
    }),
    z.strictObject({
      kind: z.literal('json'),
      content: z
        .record(z.string(), z.unknown(), { error: 'must be a Tiptap JSON object like {"type":"doc","content":[...]}' })
        // Depth first: serializing a very deep value would overflow the stack.
        .refine((v) => jsonDepth(v, ApiLimits.pageContentMaxDepth) <= ApiLimits.pageContentMaxDepth, {
          error: `must not nest more than ${ApiLimits.pageContentMaxDepth} levels deep`,
          abort: true,
        })
        .refine((v) => utf8ByteLength(JSON.stringify(v)) <= ApiLimits.pageContentMaxBytes, { error: contentTooLarge }),
    }),
  ],
  { error: "must be 'markdown' or 'json'" },
);
export type PageContent = z.input<typeof PageContent>;

export const PAGE_KINDS = ['page', 'database', 'row'] as const;
export type PageKind = (typeof PAGE_KINDS)[number];

// Where a new page's content comes from: a page of the same workspace marked as a template
// (`template: true`) that the caller can read — its document, icon, cover, options and readable
// sub-pages are copied, as a duplicate does — or a built-in template by key (BUILTIN_TEMPLATES in
// @tandem/editor). A page that is not a live template of this workspace the caller can read is a
// 400 on `body.template.pageId` (the same answer as for a page that does not exist); a key that is
// not built in, a 400 on `body.template.key`. The new page is never itself a template.
export const PageTemplateSource = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('page'), pageId: Id }),
    z.strictObject({ kind: z.literal('builtin'), key: z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' }).max(64, { error: 'must be at most 64 characters' }) }),
  ],
  { error: "must be 'page' or 'builtin'" },
);
export type PageTemplateSource = z.input<typeof PageTemplateSource>;

// POST /workspaces/:id/pages → 201 PageView. `afterId` / `beforeId` name siblings under `parentId`
// to place the page between (both omitted: last). Creating requires editor on the parent, or for a
// root page a workspace role of owner, admin or member. `content` (optional) imports Markdown or
// Tiptap JSON; `template` (instead of `content`) starts from a template (PageTemplateSource), whose
// title and icon the page takes unless `title` / `icon` are given. Without either the page starts
// empty. Invalid content creates nothing. `kind: 'database'` makes a database (issue 17): the server
// seeds its document with a title property and one table view; it takes no content or template.
// Rows (kind 'row') are never made here: they come from the database's document (see databases.ts).
export const CreatePageBody = z
  .strictObject({
    kind: z.enum(['page', 'database'], { error: "must be 'page' or 'database' (rows are added to their database)" }).optional(),
    parentId: Id.nullable().optional(),
    title: Title.optional(),
    icon: Icon.optional(),
    afterId: Id.nullable().optional(),
    beforeId: Id.nullable().optional(),
    content: PageContent.optional(),
    template: PageTemplateSource.optional(),
  })
  .refine((b) => !(b.content && b.template), { error: 'give either content or template, not both', path: ['template'] })
  .refine((b) => b.kind !== 'database' || (!b.content && !b.template), { error: 'a database starts empty: give no content or template', path: ['kind'] });
export type CreatePageBody = z.input<typeof CreatePageBody>;

// Built-in cover gradients (the web app draws them; the server only knows their names).
export const COVER_GRADIENTS = ['dawn', 'ocean', 'forest', 'dusk', 'slate', 'sunset'] as const;
export type CoverGradient = (typeof COVER_GRADIENTS)[number];

// A page cover: `gradient:<name>` from COVER_GRADIENTS, or `file:<id>` naming an image uploaded to
// this page (POST /pages/:id/files). null removes it.
export const Cover = z
  .string({ error: 'must be a string or null' })
  .refine((v) => /^gradient:/.test(v) ? (COVER_GRADIENTS as readonly string[]).includes(v.slice(9)) : /^file:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v), {
    error: `must be "gradient:<${COVER_GRADIENTS.join('|')}>" or "file:<image id>"`,
  })
  .nullable();

export function parseCover(cover: string | null): { kind: 'gradient'; name: CoverGradient } | { kind: 'file'; fileId: string } | null {
  if (!cover) return null;
  if (cover.startsWith('file:')) return { kind: 'file', fileId: cover.slice(5).toLowerCase() };
  const name = cover.slice(9) as CoverGradient;
  return (COVER_GRADIENTS as readonly string[]).includes(name) ? { kind: 'gradient', name } : null;
}

const PAGE_FIELDS = ['title', 'icon', 'fullWidth', 'smallText', 'locked', 'cover', 'coverPosition', 'template'] as const;
const Flag = z.boolean({ error: 'must be true or false' });

// PATCH /pages/:id → 200 PageView (editor or better). At least one field. `locked` true opens the
// page read-only until an editor unlocks it; while it is locked only `locked`, `fullWidth` and
// `smallText` may change (anything else: 409). `coverPosition` is the cover's vertical focus, 0–100.
// `template` marks the page as one of the workspace's templates (or unmarks it); an option like the
// layout, so a locked page can be marked too.
export const UpdatePageBody = z
  .strictObject({
    title: Title.optional(),
    icon: Icon.optional(),
    fullWidth: Flag.optional(),
    smallText: Flag.optional(),
    locked: Flag.optional(),
    cover: Cover.optional(),
    coverPosition: z.number({ error: 'must be a number' }).int({ error: 'must be a whole number' }).min(0, { error: 'must be 0–100' }).max(100, { error: 'must be 0–100' }).optional(),
    template: Flag.optional(),
  })
  .refine((b) => PAGE_FIELDS.some((f) => b[f] !== undefined), { error: `give at least one of ${PAGE_FIELDS.join(', ')}`, path: ['title'] });
export type UpdatePageBody = z.input<typeof UpdatePageBody>;

// POST /pages/:id/move → 200 PageView. Needs edit rights where the page leaves and where it lands:
// editor on the page, on its current parent and on the new parent (for the workspace root: a
// workspace role of owner, admin or member). Re-parent to
// `parentId` (null = workspace root) between siblings `afterId` and `beforeId` (null/omitted = that
// end). Moving a page under itself or its own descendant: 409 conflict.
export const MovePageBody = z.strictObject({
  parentId: Id.nullable(),
  afterId: Id.nullable().optional(),
  beforeId: Id.nullable().optional(),
});
export type MovePageBody = z.input<typeof MovePageBody>;

// POST /pages/:id/duplicate → 201 PageView (the copy). Needs read access to the page and edit rights
// where the copy lands (beside the original: editor on its parent, or at the root a workspace role
// of owner, admin or member). The copy is titled "Copy of …" and takes the document, icon, cover and
// options (not comments, history or shares); with `subtree`, every live descendant the caller can
// read is copied under it too (at most DUPLICATE_MAX_PAGES pages). The files the copy shows are
// copied too (new rows and bytes).
export const DUPLICATE_MAX_PAGES = 200;
export const DuplicatePageBody = z.strictObject({ subtree: Flag.optional() });
export type DuplicatePageBody = z.input<typeof DuplicatePageBody>;

// POST /pages/:id/trash → 204 (same rights as moving it out: editor on the page and its parent).
// Trashes the page with all its descendants. POST /pages/:id/restore → 200 PageView and
// DELETE /pages/:id (only a trashed page; 409 otherwise) → 204 need full_access (owner/admin).

// One page: what GET /pages/:id and every page write answer.
export interface PageView {
  id: string;
  workspaceId: string;
  parentId: string | null;
  title: string;
  icon: string | null;
  // Fractional-index key; siblings sort by plain code-point comparison (`a < b`), never localeCompare.
  position: string;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  // Set for trashed pages only.
  deletedAt: Timestamp | null;
  // The caller's effective role on this page.
  role: PageAccessRole;
  // Page options: layout, the lock against accidental edits, the cover (see UpdatePageBody).
  fullWidth: boolean;
  smallText: boolean;
  locked: boolean;
  cover: string | null;
  coverPosition: number;
  // Marked as a template: the template picker lists the tree's pages that have it.
  template: boolean;
  // 'database': the page's document holds a database (issue 17). 'row': a row of the database that
  // is its parent (its id is the row id); rows never show in the tree, only inside their database.
  kind: PageKind;
}

// GET /workspaces/:id/pages → the whole tree visible to the caller in one call, as a flat list
// ordered by (parent, position): build the tree client-side from parentId. A page shared with a
// guest whose parent they cannot see has `parentId` set to null for them (it shows at the root).
export interface PageTreeResponse {
  workspaceId: string;
  pages: TreePage[];
}

// One page as the tree lists it: what the sidebar, the page pickers and the template list read.
// The options, cover and times are left to GET /pages/:id: a 10,000-page tree is 4.3 MB with
// them and 2.1 MB without, and moving it is most of a tree read (issue 20, BENCHMARKS).
export type TreePage = Pick<PageView, 'id' | 'parentId' | 'title' | 'icon' | 'position' | 'role' | 'template' | 'kind'>;

// Any page (a write's answer, a row with the caller's role) as the tree lists it: these fields only.
export function toTreePage({ id, parentId, title, icon, position, role, template, kind }: TreePage): TreePage {
  return { id, parentId, title, icon, position, role, template, kind };
}

// GET /pages/:id → the page, the caller's role and the visible ancestors, root first.
export interface PageDetailResponse {
  page: PageView;
  role: PageAccessRole;
  ancestors: Array<{ id: string; title: string; icon: string | null }>;
}

// GET /workspaces/:id/trash → trashed roots (what "restore" takes), newest first (full_access only).
export interface TrashResponse {
  pages: Array<PageView & { deletedAt: Timestamp; descendantCount: number }>;
}

// The page tree endpoints (see route.ts).
export const PageRoutes = {
  tree: defineRoute<PageTreeResponse>()({ method: 'GET', path: '/workspaces/:workspaceId/pages' }),
  create: defineRoute<PageView>()({ method: 'POST', path: '/workspaces/:workspaceId/pages', body: CreatePageBody }),
  trash: defineRoute<TrashResponse>()({ method: 'GET', path: '/workspaces/:workspaceId/trash' }),
  get: defineRoute<PageDetailResponse>()({ method: 'GET', path: '/pages/:id' }),
  update: defineRoute<PageView>()({ method: 'PATCH', path: '/pages/:id', body: UpdatePageBody }),
  move: defineRoute<PageView>()({ method: 'POST', path: '/pages/:id/move', body: MovePageBody }),
  duplicate: defineRoute<PageView>()({ method: 'POST', path: '/pages/:id/duplicate', body: DuplicatePageBody }),
  trashPage: defineRoute<void>()({ method: 'POST', path: '/pages/:id/trash', response: 'empty' }),
  restore: defineRoute<PageView>()({ method: 'POST', path: '/pages/:id/restore' }),
  deleteForever: defineRoute<void>()({ method: 'DELETE', path: '/pages/:id' }),
} as const;
