'use client';

import Link from 'next/link';
import { useParams } from 'next/navigation';
import { useSharedPage } from '@/lib/api/sharing';
import { ErrorState, Loading } from '@/components/ui/States';
import { Logo } from '@/components/auth/Logo';
import { EditorSlot } from './EditorSlot';
import { PageCover } from './PageCover';
import { CommentsProvider } from '@/components/comments/CommentsContext';
import { CommentsButton, CommentsSheet } from '@/components/comments/CommentsChrome';
import styles from './page.module.css';

// What a public link opens: the page, read-only, without an account.
export function SharedPageScreen() {
  const { token } = useParams<{ token: string }>();
  const shared = useSharedPage(token);
  // The workspace may hide comments from public links: then no panel, no button.
  const pageId = shared.data?.commentsVisible ? shared.data.page.id : undefined;
  const screen = (
    <>
      <header className={styles.header}>
        <div className={styles.crumbs}>
          <Logo compact />
        </div>
        <div className={styles.headerActions}>
          <span className={styles.badge}>View only</span>
          {pageId ? <CommentsButton /> : null}
          <Link href="/signup">Try Tandem</Link>
        </div>
      </header>
      {shared.isPending ? (
        <Loading label="Opening the page…" />
      ) : shared.isError ? (
        <ErrorState error={shared.error} what="link" />
      ) : (
        <main data-testid="shared-page">
          <PageCover page={shared.data.page} editable={false} onChange={() => undefined} shareToken={token} />
          <div className={`${styles.doc} ${shared.data.page.fullWidth ? styles.fullWidth : ''} ${shared.data.page.smallText ? styles.smallText : ''}`}>
          {shared.data.page.icon ? (
            <div className={styles.bigIcon} aria-hidden>
              {shared.data.page.icon}
            </div>
          ) : null}
          <h1 className={styles.title}>{shared.data.page.title || 'Untitled'}</h1>
          {/* A shared database reads as its views (its rows' pages are not part of the link). */}
          <EditorSlot pageId={shared.data.page.id} role="viewer" shareToken={token} database={shared.data.page.kind === 'database' ? {} : undefined} />
          </div>
          <CommentsSheet canModerate={false} />
        </main>
      )}
    </>
  );
  // A link's readers see the page's comments (read only), unless the workspace hides them.
  return pageId ? (
    <CommentsProvider key={pageId} pageId={pageId} canComment={false} shareToken={token}>
      {screen}
    </CommentsProvider>
  ) : (
    screen
  );
}
