import { z } from 'zod';
import { Id, type Timestamp } from './common.js';
import { defineRoute } from './route.js';

export const NotificationLimits = {
  // Notifications per page of GET /notifications.
  pageSize: 30,
  // The comment's text a notification quotes.
  excerptMax: 200,
  // People one POST /pages/:id/mentions may name (one insertion names one; a paste, a few).
  pageMentionsMax: 20,
} as const;

// Why something reached someone's inbox. About a comment (one notification per person per comment,
// the strongest reason): they were @mentioned in it, it answers a thread they opened or took part
// in, or it was made on a page they created. Else: they were @mentioned in a page's text
// (`page_mention`), a page was shared with them (`share`), they were invited to a workspace
// (`invitation`), an export they started is ready to download (`export_ready`) or failed
// (`export_failed`).
export const NotificationKind = z.enum(['mention', 'reply', 'comment', 'page_mention', 'share', 'invitation', 'export_ready', 'export_failed']);
export type NotificationKind = z.infer<typeof NotificationKind>;

// GET /notifications?cursor= : newest first; `cursor` is the `nextCursor` of the previous answer.
export const ListNotificationsQuery = z.strictObject({ cursor: Id.optional() });
export type ListNotificationsQuery = z.input<typeof ListNotificationsQuery>;

// PATCH /notifications/settings → 200 NotificationSettings.
export const NotificationSettingsBody = z.strictObject({ emailMentions: z.boolean({ error: 'must be true or false' }) });
export type NotificationSettingsBody = z.input<typeof NotificationSettingsBody>;

export interface NotificationView {
  id: string;
  kind: NotificationKind;
  // null once the actor's account is deleted.
  actor: { id: string; name: string } | null;
  // null for an invitation (it is about a workspace).
  page: { id: string; workspaceId: string; title: string; icon: string | null } | null;
  // For an invitation: the workspace, and the invitation to accept (GET /invitations lists it).
  workspace: { id: string; name: string } | null;
  invitationId: string | null;
  // For an export's notice: the export (download it at TransferRoutes.download while `status` is
  // `done`; `expired` once its file is gone).
  transfer: NotificationTransfer | null;
  // Set for comments' notifications only.
  threadId: string | null;
  commentId: string | null;
  // The comment's plain text, cut to NotificationLimits.excerptMax ('' for the other kinds).
  excerpt: string;
  createdAt: Timestamp;
  readAt: Timestamp | null;
}

export interface NotificationTransfer {
  id: string;
  workspaceId: string;
  status: 'done' | 'failed' | 'expired';
  fileName: string | null;
  error: string | null;
  expiresAt: Timestamp | null;
}

// Only notifications about pages the person can read now are listed and counted (access is
// re-checked on every read), so a page may hold fewer than pageSize items while `nextCursor` is set.
export interface NotificationListResponse {
  notifications: NotificationView[];
  unread: number;
  nextCursor: string | null;
}

export interface NotificationSettings {
  // Mentions are emailed (batched, and skipped when read in the app first), and so is each of the
  // person's exports when it is ready or failed (the one mail setting; the name predates exports).
  emailMentions: boolean;
}

// POST /pages/:id/mentions: the editor tells the server it @mentioned these people in the page's
// text (members of the page's workspace, guests included). Those who can read the page are notified;
// the others are named in `withoutAccess`, so someone allowed to share can offer to.
export const PageMentionsBody = z.strictObject({
  userIds: z
    .array(Id, { error: 'must be a list of user ids' })
    .min(1, { error: 'must name someone' })
    .max(NotificationLimits.pageMentionsMax, { error: `must name at most ${NotificationLimits.pageMentionsMax} people` }),
});
export type PageMentionsBody = z.input<typeof PageMentionsBody>;

export interface PageMentionsResponse {
  // Who got a new notification (not the sender, nor someone with an unread one for this page from them).
  notified: string[];
  // Mentioned people who cannot read the page.
  withoutAccess: string[];
}

export const NotificationRoutes = {
  list: defineRoute<NotificationListResponse>()({ method: 'GET', path: '/notifications', query: ListNotificationsQuery }),
  markRead: defineRoute<void>()({ method: 'POST', path: '/notifications/:id/read', response: 'empty' }),
  markAllRead: defineRoute<void>()({ method: 'POST', path: '/notifications/read-all', response: 'empty' }),
  settings: defineRoute<NotificationSettings>()({ method: 'GET', path: '/notifications/settings' }),
  updateSettings: defineRoute<NotificationSettings>()({ method: 'PATCH', path: '/notifications/settings', body: NotificationSettingsBody }),
  pageMentions: defineRoute<PageMentionsResponse>()({ method: 'POST', path: '/pages/:id/mentions', body: PageMentionsBody }),
} as const;
