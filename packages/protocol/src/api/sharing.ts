import { z } from 'zod';
import { Email, Id, type Timestamp } from './common.js';
import { PageShareRole } from './roles.js';
import { defineRoute } from './route.js';
import type { PageKind } from './pages.js';

// PUT /pages/:id/shares (full_access). Shares the page (and its descendants) with the account of
// that address, or changes the role: 200 PageShareView when a verified account uses the address
// (someone outside the workspace is added as a guest). Otherwise — no account, or one whose owner
// has not confirmed the address — 202 PendingShareView, the same answer either way (sharing can't
// probe for accounts); it is bound when the address is verified. Either way a mail tells the person.
export const PutShareBody = z.strictObject({ email: Email, role: PageShareRole });
export type PutShareBody = z.input<typeof PutShareBody>;

// POST /pages/:id/links → 201 CreatedShareLink (full_access). The body may be omitted; links are
// always read-only (viewer).
export const CreateShareLinkBody = z
  .strictObject({ role: z.literal('viewer', { error: 'public links are read-only (viewer)' }).optional() })
  .optional()
  .transform((v) => ({ role: v?.role ?? ('viewer' as const) }));
export type CreateShareLinkBody = z.input<typeof CreateShareLinkBody>;

// Share tokens are URL-safe base64 of 32 random bytes.
export const ShareToken = z.string().regex(/^[A-Za-z0-9_-]{16,128}$/, { error: 'is not a share token' });

// GET /pages/:id/shares → { shares } (full_access). DELETE /pages/:id/shares/:userId → 204.
export interface PageShareView {
  userId: string;
  name: string;
  email: string;
  role: PageShareRole;
  pageId: string;
  createdAt: Timestamp;
}
// A share waiting for its address to be verified. DELETE /pages/:id/pending-shares/:pendingId → 204.
export interface PendingShareView {
  id: string;
  email: string;
  role: PageShareRole;
  pageId: string;
  createdAt: Timestamp;
  pending: true;
}
export interface PageSharesResponse {
  shares: PageShareView[];
  // Set on this page itself (not inherited), waiting for their addresses to be verified.
  pending: PendingShareView[];
}

// GET /pages/:id/links → { links } (active, full_access). DELETE /pages/:id/links/:linkId → 204.
export interface ShareLinkView {
  id: string;
  pageId: string;
  role: PageShareRole;
  createdAt: Timestamp;
}
export interface ShareLinksResponse {
  links: ShareLinkView[];
}

// The token is shown once, at creation; only its hash is stored.
export interface CreatedShareLink extends ShareLinkView {
  token: string;
}

// GET /share/:token (no session needed) → the page a public link opens. Use the token with
// POST /auth/socket-token { shareToken } to read the document live.
export interface SharedPageResponse {
  // With the page's layout and cover, so the reader sees it as its editors do (the cover image is
  // served with the link's token: GET /files/:id/content?share=…).
  // `kind`: a database reads as its views (issue 17).
  page: { id: string; workspaceId: string; title: string; icon: string | null; fullWidth: boolean; smallText: boolean; cover: string | null; coverPosition: number; kind: PageKind };
  role: 'viewer';
  // False when the workspace hides comments from public links (GET /share/:token/threads is 404).
  commentsVisible: boolean;
}

export const LinkIdParam = Id;

// The sharing endpoints (see route.ts).
export const SharingRoutes = {
  shares: defineRoute<PageSharesResponse>()({ method: 'GET', path: '/pages/:id/shares' }),
  putShare: defineRoute<PageShareView | PendingShareView>()({ method: 'PUT', path: '/pages/:id/shares', body: PutShareBody }),
  revokeShare: defineRoute<void>()({ method: 'DELETE', path: '/pages/:id/shares/:userId' }),
  revokePendingShare: defineRoute<void>()({ method: 'DELETE', path: '/pages/:id/pending-shares/:pendingId' }),
  links: defineRoute<ShareLinksResponse>()({ method: 'GET', path: '/pages/:id/links' }),
  createLink: defineRoute<CreatedShareLink>()({ method: 'POST', path: '/pages/:id/links', body: CreateShareLinkBody }),
  revokeLink: defineRoute<void>()({ method: 'DELETE', path: '/pages/:id/links/:linkId' }),
  sharedPage: defineRoute<SharedPageResponse>()({ method: 'GET', path: '/share/:token' }),
} as const;
