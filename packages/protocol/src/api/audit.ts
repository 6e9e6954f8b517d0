import { z } from 'zod';
import { Id, type Timestamp } from './common.js';
import { defineRoute } from './route.js';

export const AuditLimits = {
  pageSizeMax: 100,
  pageSizeDefault: 50,
  // A CSV export holds at most this many rows (newest first); narrow the filters for older ones.
  exportMaxRows: 100_000,
} as const;

// The actions the server records in a workspace's audit log, by area; the viewer offers them as
// filters. `action` also accepts an area prefix ("page.") for every action of that area.
export const AuditActions = {
  workspace: ['workspace.created', 'workspace.renamed', 'workspace.settings_changed', 'workspace.deleted', 'workspace.ownership_transferred'],
  member: ['member.role_changed', 'member.removed', 'member.left'],
  invitation: ['invitation.created', 'invitation.revoked', 'invitation.accepted', 'invitation.declined'],
  page: ['page.created', 'page.updated', 'page.moved', 'page.trashed', 'page.restored', 'page.deleted'],
  share: ['share.granted', 'share.changed', 'share.revoked', 'share.pending', 'share.pending_revoked'],
  link: ['link.created', 'link.revoked'],
  version: ['version.created', 'version.renamed', 'version.restored'],
} as const;

const date = z.iso.datetime({ offset: true, error: 'must be an ISO-8601 date-time' }).or(z.iso.date({ error: 'must be an ISO-8601 date' }));

// GET /workspaces/:workspaceId/audit-log (owners and admins). Newest first.
export const AuditLogQuery = z.object({
  // Who did it.
  actorId: Id.optional(),
  // An action ("share.granted") or an area prefix ending in a dot ("share.").
  action: z
    .string()
    .regex(/^[a-z_]+\.(?:[a-z_]+)?$/, { error: "must be an action like 'page.created' or an area like 'page.'" })
    .optional(),
  // Entries about this page (the page as the target, or a share link of it).
  pageId: Id.optional(),
  // At or after `from`, before or at `to` (a date alone: that whole day, UTC).
  from: date.optional(),
  to: date.optional(),
  // Opaque: the `nextCursor` of the previous answer.
  cursor: z.string().regex(/^\d{1,15}\.\d{1,19}$/, { error: 'must be a cursor from a previous answer' }).optional(),
  limit: z.coerce.number({ error: 'must be a number' }).int({ error: 'must be an integer' }).min(1, { error: 'must be at least 1' }).max(AuditLimits.pageSizeMax, { error: `must be at most ${AuditLimits.pageSizeMax}` }).optional(),
});
export type AuditLogQuery = z.input<typeof AuditLogQuery>;

// The export takes the same filters, without paging.
export const AuditExportQuery = AuditLogQuery.omit({ cursor: true, limit: true });
export type AuditExportQuery = z.input<typeof AuditExportQuery>;

export interface AuditEntryView {
  id: string;
  at: Timestamp;
  action: string;
  // What the action was about: 'page', 'user', 'invitation', 'workspace', ...
  targetType: string;
  targetId: string | null;
  // The page's title when the target is a page that still exists.
  targetTitle: string | null;
  // Null when the account was deleted since (or for actions without a signed-in actor).
  actor: { id: string; name: string; email: string } | null;
  ip: string | null;
  // Action-specific details (roles, names, counts), as recorded.
  metadata: unknown;
}

export interface AuditLogResponse {
  entries: AuditEntryView[];
  nextCursor: string | null;
}

export const AuditRoutes = {
  list: defineRoute<AuditLogResponse>()({ method: 'GET', path: '/workspaces/:workspaceId/audit-log', query: AuditLogQuery }),
  // text/csv, as an attachment: id, at, action, actor, target, ip, metadata (JSON).
  export: defineRoute<string>()({ method: 'GET', path: '/workspaces/:workspaceId/audit-log/export', query: AuditExportQuery, response: 'csv' }),
} as const;
