'use client';

import { useRouter } from 'next/navigation';
import type { NotificationView } from '@tandem/protocol';
import { errorMessage } from '@/lib/api';
import { useInbox, useMarkAllRead, useMarkRead } from '@/lib/api/notifications';
import { useWorkspaces } from '@/lib/api/workspaces';
import { Avatar } from '@/components/ui/Avatar';
import { Button } from '@/components/ui/Button';
import { ErrorState, Loading } from '@/components/ui/States';
import { useToast } from '@/components/ui/Toast';
import pageStyles from '@/components/page/page.module.css';
import { ExportNotice } from './ExportNotice';
import styles from './inbox.module.css';

// "<who> <what>": the sentence after the actor's name, per kind.
const WHAT: Record<NotificationView['kind'], (subject: string) => string> = {
  mention: (s) => `mentioned you in ${s}`,
  reply: (s) => `replied in a thread on ${s}`,
  comment: (s) => `commented on ${s}`,
  page_mention: (s) => `mentioned you in the page ${s}`,
  share: (s) => `shared ${s} with you`,
  invitation: (s) => `invited you to join ${s}`,
  // Exports' notices are drawn by ExportNotice.
  export_ready: () => 'finished your export',
  export_failed: () => 'could not finish your export',
};

// Where a notification leads: its page (with its thread revealed in the comments panel), or for an
// invitation the workspace once joined, else the invitations to accept.
export function notificationHref(n: NotificationView, memberOf: ReadonlySet<string>): string {
  if (n.page) return `/w/${n.page.workspaceId}/p/${n.page.id}${n.threadId ? `?thread=${n.threadId}` : ''}`;
  return n.workspace && memberOf.has(n.workspace.id) ? `/w/${n.workspace.id}` : '/invitations';
}

// What the notification is about: the page's title, or the workspace's name.
const subject = (n: NotificationView) => (n.page ? n.page.title || 'Untitled' : (n.workspace?.name ?? 'a workspace'));

// The inbox: mentions, replies in my threads, comments on my pages, shares, invitations and my
// exports (ready to download, failed, expired), newest
// first, across every workspace. Opening one marks it read and goes to its place.
export function InboxScreen() {
  const inbox = useInbox();
  const markRead = useMarkRead();
  const markAllRead = useMarkAllRead();
  const router = useRouter();
  const toast = useToast();
  const workspaces = useWorkspaces();
  const memberOf = new Set((workspaces.data ?? []).map((w) => w.id));
  const items = inbox.data?.pages.flatMap((p) => p.notifications) ?? [];
  const unread = inbox.data?.pages[0]?.unread ?? 0;

  const open = (n: NotificationView) => {
    if (!n.readAt) markRead.mutate(n.id);
    router.push(notificationHref(n, memberOf));
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
      <p className={pageStyles.muted}>Mentions of you, replies in threads you are in, comments on pages you created, pages shared with you, invitations, and your exports when they are ready.</p>
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
              {n.transfer ? (
                <ExportNotice n={n} onRead={() => (n.readAt ? undefined : markRead.mutate(n.id))} />
              ) : (
                <button type="button" className={styles.item} data-unread={!n.readAt} data-testid="inbox-item" onClick={() => open(n)}>
                  {n.readAt ? <span className={styles.dotRead} /> : <span className={styles.dot} aria-label="Unread" />}
                  <Avatar id={n.actor?.id ?? n.id} name={n.actor?.name ?? '?'} size={28} />
                  <span className={styles.main}>
                    <span className={styles.what}>
                      {n.actor?.name ?? 'Someone'} {WHAT[n.kind](subject(n))}
                    </span>
                    {n.excerpt ? <span className={styles.excerpt}>{n.excerpt}</span> : null}
                    <time className={styles.when} dateTime={n.createdAt}>
                      {new Date(n.createdAt).toLocaleString()}
                    </time>
                  </span>
                </button>
              )}
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
