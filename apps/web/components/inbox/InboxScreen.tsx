'use client';

import { useRouter } from 'next/navigation';
import type { NotificationView } from '@tandem/protocol';
import { errorMessage } from '@/lib/api';
import { useInbox, useMarkAllRead, useMarkRead } from '@/lib/api/notifications';
import { Avatar } from '@/components/ui/Avatar';
import { Button } from '@/components/ui/Button';
import { ErrorState, Loading } from '@/components/ui/States';
import { useToast } from '@/components/ui/Toast';
import pageStyles from '@/components/page/page.module.css';
import styles from './inbox.module.css';

const VERB: Record<NotificationView['kind'], string> = {
  mention: 'mentioned you in',
  reply: 'replied in a thread on',
  comment: 'commented on',
};

// Where a notification leads: its page, with its thread revealed in the comments panel.
export const notificationHref = (n: NotificationView) => `/w/${n.page.workspaceId}/p/${n.page.id}?thread=${n.threadId}`;

// The inbox: mentions, replies in my threads and comments on my pages, newest first, across every
// workspace. Opening one marks it read and goes to its thread.
export function InboxScreen() {
  const inbox = useInbox();
  const markRead = useMarkRead();
  const markAllRead = useMarkAllRead();
  const router = useRouter();
  const toast = useToast();
  const items = inbox.data?.pages.flatMap((p) => p.notifications) ?? [];
  const unread = inbox.data?.pages[0]?.unread ?? 0;

  const open = (n: NotificationView) => {
    if (!n.readAt) markRead.mutate(n.id);
    router.push(notificationHref(n));
  };

  return (
    <main className={`${pageStyles.home} ${styles.page}`} data-testid="inbox">
      <div className={styles.header}>
        <h1 className={pageStyles.homeTitle}>Inbox</h1>
        <Button
          size="small"
          disabled={unread === 0 || markAllRead.isPending}
          onClick={() => markAllRead.mutate(undefined, { onError: (err) => toast(`Could not mark them read: ${errorMessage(err)}`, 'error') })}
          data-testid="inbox-read-all"
        >
          Mark all read
        </Button>
      </div>
      <p className={pageStyles.muted}>Mentions of you, replies in threads you are in, and comments on pages you created.</p>
      {inbox.isPending ? (
        <Loading />
      ) : inbox.isError ? (
        <ErrorState error={inbox.error} what="inbox" />
      ) : items.length === 0 ? (
        <p className={pageStyles.muted} data-testid="inbox-empty">
          Nothing here yet.
        </p>
      ) : (
        <ul className={styles.rows}>
          {items.map((n) => (
            <li key={n.id}>
              <button type="button" className={styles.item} data-unread={!n.readAt} data-testid="inbox-item" onClick={() => open(n)}>
                {n.readAt ? <span className={styles.dotRead} /> : <span className={styles.dot} aria-label="Unread" />}
                <Avatar id={n.actor?.id ?? n.id} name={n.actor?.name ?? '?'} size={28} />
                <span className={styles.main}>
                  <span className={styles.what}>
                    {n.actor?.name ?? 'Someone'} {VERB[n.kind]} {n.page.title || 'Untitled'}
                  </span>
                  <span className={styles.excerpt}>{n.excerpt}</span>
                  <time className={styles.when} dateTime={n.createdAt}>
                    {new Date(n.createdAt).toLocaleString()}
                  </time>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {inbox.hasNextPage ? (
        <Button className={styles.more} onClick={() => void inbox.fetchNextPage()} disabled={inbox.isFetchingNextPage}>
          Show older
        </Button>
      ) : null}
    </main>
  );
}
