'use client';

import Link from 'next/link';
import { useParams } from 'next/navigation';
import { Suspense, useEffect } from 'react';
import { PageSelect, PersonSelect } from '@/components/filters/WorkspaceFilters';
import { Button } from '@/components/ui/Button';
import { Icon, PageIcon } from '@/components/ui/Icon';
import { ErrorState, Loading } from '@/components/ui/States';
import { useWorkspace } from '@/components/shell/AppShell';
import { matchCount } from './match-count';
import { PathText, Snippet } from './Snippet';
import { useSearchScreen } from './useSearchScreen';
import styles from './search.module.css';

export function SearchScreen() {
  // useSearchParams needs a Suspense boundary in the App Router.
  return (
    <Suspense fallback={<Loading />}>
      <SearchScreenBody />
    </Suspense>
  );
}

function SearchScreenBody() {
  const { workspaceId } = useParams<{ workspaceId: string }>();
  const { workspace } = useWorkspace();
  const s = useSearchScreen(workspaceId);
  const admin = workspace.role === 'owner' || workspace.role === 'admin';
  useEffect(() => {
    document.title = 'Search · Tandem';
  }, []);

  return (
    <main className={styles.screen} data-testid="search-screen">
      <h1 className={styles.screenTitle}>Search</h1>
      <form className={styles.searchForm} role="search" onSubmit={(e) => e.preventDefault()}>
        <label className={styles.searchField}>
          <Icon name="search" size={18} />
          <input
            type="search"
            aria-label="Search pages"
            placeholder='Words, "a phrase", -exclude'
            maxLength={256}
            value={s.query}
            onChange={(e) => s.setQuery(e.target.value)}
            autoFocus
            data-testid="search-input"
          />
        </label>
        <div className={styles.filters}>
          <label className={styles.filter}>
            In
            <PageSelect value={s.filters.under} onChange={(v) => s.setFilter('under', v)} any="All pages" testId="filter-under" />
          </label>
          <label className={styles.filter}>
            Created by
            <PersonSelect value={s.filters.editedBy} onChange={(v) => s.setFilter('editedBy', v)} any="Anyone" testId="filter-author" />
          </label>
          <label className={styles.filter}>
            Edited from
            <input type="date" value={s.filters.from} onChange={(e) => s.setFilter('from', e.target.value)} />
          </label>
          <label className={styles.filter}>
            to
            <input type="date" value={s.filters.to} onChange={(e) => s.setFilter('to', e.target.value)} />
          </label>
          <label className={styles.filter}>
            Sort
            <select value={s.filters.sort} onChange={(e) => s.setFilter('sort', e.target.value as 'relevance' | 'edited')} data-testid="filter-sort">
              <option value="relevance">Best match</option>
              <option value="edited">Last edited</option>
            </select>
          </label>
          {admin ? (
            <label className={styles.check}>
              <input type="checkbox" checked={s.filters.trash} onChange={(e) => s.setFilter('trash', e.target.checked)} />
              Include trash
            </label>
          ) : null}
          {s.filtered ? (
            <Button size="small" variant="ghost" onClick={s.clearFilters}>
              Clear filters
            </Button>
          ) : null}
        </div>
      </form>

      {s.status.isPending ? (
        <Loading label="Searching…" />
      ) : s.status.isError && !s.status.data ? (
        <ErrorState error={s.status.error} what="search" />
      ) : (
        <>
          <p className={styles.summary} role="status" data-testid="search-summary">
            {s.total === 0 ? 'No pages match.' : matchCount(s.total, s.totalCapped)}
          </p>
          <ul className={styles.results} data-testid="search-results">
            {s.results.map((r) => (
              <li key={r.id}>
                <Link className={styles.result} href={`/w/${workspaceId}/p/${r.id}`} data-testid="search-result">
                  <span className={styles.optionIcon}>
                    <PageIcon icon={r.icon} />
                  </span>
                  <span className={styles.optionText}>
                    <span className={styles.optionTitleRow}>
                      <span className={styles.optionTitle}>{r.title || 'Untitled'}</span>
                      {r.deletedAt ? <span className={styles.trashedTag}>In trash</span> : null}
                      <PathText path={r.path} />
                    </span>
                    <Snippet parts={r.snippet} />
                  </span>
                </Link>
              </li>
            ))}
          </ul>
          {s.status.hasNextPage ? (
            <div className={styles.more}>
              <Button onClick={() => void s.status.fetchNextPage()} disabled={s.status.isFetchingNextPage} data-testid="search-more">
                {s.status.isFetchingNextPage ? 'Loading…' : 'Show more'}
              </Button>
            </div>
          ) : null}
        </>
      )}
    </main>
  );
}
