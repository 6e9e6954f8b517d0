import { z } from 'zod';
import { Id, type Timestamp } from './common.js';
import { defineRoute } from './route.js';

export const NotificationLimits = {
  // Notifications per page of GET /notifications.
  pageSize: 30,
  // The comment's text a notification quotes.
  excerptMax: 200,
} as const;

// Why a comment reached someone's inbox (one notification per person per comment, the strongest
// reason): they were @mentioned in it, it answers a thread they opened or took part in, or it was
// made on a page they created.
export const NotificationKind = z.enum(['mention', 'reply', 'comment']);
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
  page: { id: string; workspaceId: string; title: string; icon: string | null };
  threadId: string;
  commentId: string;
  // The comment's plain text, cut to NotificationLimits.excerptMax.
  excerpt: string;
  createdAt: Timestamp;
  readAt: Timestamp | null;
}

// Only notifications about pages the person can read now are listed and counted (access is
// re-checked on every read), so a page may hold fewer than pageSize items while `nextCursor` is set.
export interface NotificationListResponse {
  notifications: NotificationView[];
  unread: number;
  nextCursor: string | null;
}

export interface NotificationSettings {
  // Mentions are emailed (batched, and skipped when read in the app first).
  emailMentions: boolean;
}

export const NotificationRoutes = {
  list: defineRoute<NotificationListResponse>()({ method: 'GET', path: '/notifications', query: ListNotificationsQuery }),
  markRead: defineRoute<void>()({ method: 'POST', path: '/notifications/:id/read', response: 'empty' }),
  markAllRead: defineRoute<void>()({ method: 'POST', path: '/notifications/read-all', response: 'empty' }),
  settings: defineRoute<NotificationSettings>()({ method: 'GET', path: '/notifications/settings' }),
  updateSettings: defineRoute<NotificationSettings>()({ method: 'PATCH', path: '/notifications/settings', body: NotificationSettingsBody }),
} as const;
