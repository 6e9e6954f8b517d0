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

// POST /workspaces/:id/pages → 201 PageView. `afterId` / `beforeId` name siblings under `parentId`
// to place the page between (both omitted: last). Creating requires editor on the parent, or for a
// root page a workspace role of owner, admin or member. `content` (optional) imports Markdown or
// Tiptap JSON, or starts from a template; without it the page starts empty. Invalid content
// creates nothing.
export const CreatePageBody = z.strictObject({
  parentId: Id.nullable().optional(),
  title: Title.optional(),
  icon: Icon.optional(),
  afterId: Id.nullable().optional(),
  beforeId: Id.nullable().optional(),
  content: PageContent.optional(),
});
export type CreatePageBody = z.input<typeof CreatePageBody>;

// PATCH /pages/:id → 200 PageView (editor or better). At least one field.
export const UpdatePageBody = z
  .strictObject({ title: Title.optional(), icon: Icon.optional() })
  .refine((b) => b.title !== undefined || b.icon !== undefined, { error: 'give title or icon', path: ['title'] });
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

// POST /pages/:id/trash → 204 (same rights as moving it out: editor on the page and its parent).
// Trashes the page with all its descendants. POST /pages/:id/restore → 200 PageView and
// DELETE /pages/:id (only a trashed page; 409 otherwise) → 204 need full_access (owner/admin).

// One page as the tree shows it.
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
}

// GET /workspaces/:id/pages → the whole tree visible to the caller in one call, as a flat list
// ordered by (parent, position): build the tree client-side from parentId. A page shared with a
// guest whose parent they cannot see has `parentId` set to null for them (it shows at the root).
export interface PageTreeResponse {
  workspaceId: string;
  pages: PageView[];
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
  trashPage: defineRoute<void>()({ method: 'POST', path: '/pages/:id/trash', response: 'empty' }),
  restore: defineRoute<PageView>()({ method: 'POST', path: '/pages/:id/restore' }),
  deleteForever: defineRoute<void>()({ method: 'DELETE', path: '/pages/:id' }),
} as const;
