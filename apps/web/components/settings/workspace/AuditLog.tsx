'use client';

import { AuditActions, type AuditEntryView, type WorkspaceView } from '@tandem/protocol';
import { PageSelect, PersonSelect } from '@/components/filters/WorkspaceFilters';
import { Button } from '@/components/ui/Button';
import { ErrorState, Loading } from '@/components/ui/States';
import styles from '../settings.module.css';
import { useAuditLogScreen } from './useAuditLogScreen';

const AREAS: Record<keyof typeof AuditActions, string> = {
  workspace: 'Workspace',
  member: 'Members',
  invitation: 'Invitations',
  page: 'Pages',
  share: 'Sharing',
  link: 'Public links',
  version: 'Versions',
};

// "page.ownership_transferred" -> "page · ownership transferred"
const actionLabel = (action: string) => action.replace('.', ' · ').replace(/_/g, ' ');

function target(entry: AuditEntryView): string {
  if (entry.targetType === 'page') return entry.targetTitle === null ? 'a deleted page' : entry.targetTitle || 'Untitled';
  return entry.targetType.replace(/_/g, ' ');
}

// Settings → Audit log (owners and admins): who did what, filtered, paged, downloadable as CSV.
export function AuditLog({ workspace }: { workspace: WorkspaceView }) {
  const s = useAuditLogScreen(workspace.id);
  return (
    <section className={styles.section} aria-labelledby="audit-title" data-testid="audit-log">
      <h2 id="audit-title" className={styles.sectionTitle}>
        Audit log
      </h2>
      <p className={styles.sectionText}>Who changed what in this workspace: pages, sharing, members and versions. Only owners and admins see it.</p>
      <div className={styles.filters}>
        <label className={styles.filter}>
          Person
          <PersonSelect value={s.filters.actorId} onChange={(v) => s.setFilter('actorId', v)} any="Anyone" testId="audit-filter-person" />
        </label>
        <label className={styles.filter}>
          Action
          <select value={s.filters.action} onChange={(e) => s.setFilter('action', e.target.value)} data-testid="audit-filter-action">
            <option value="">Any action</option>
            {(Object.keys(AuditActions) as (keyof typeof AuditActions)[]).map((area) => (
              <optgroup key={area} label={AREAS[area]}>
                <option value={`${area}.`}>All: {AREAS[area].toLowerCase()}</option>
                {AuditActions[area].map((action) => (
                  <option key={action} value={action}>
                    {actionLabel(action)}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        <label className={styles.filter}>
          Page
          <PageSelect value={s.filters.pageId} onChange={(v) => s.setFilter('pageId', v)} any="Any page" testId="audit-filter-page" />
        </label>
        <label className={styles.filter}>
          From
          <input type="date" value={s.filters.from} onChange={(e) => s.setFilter('from', e.target.value)} data-testid="audit-filter-from" />
        </label>
        <label className={styles.filter}>
          To
          <input type="date" value={s.filters.to} onChange={(e) => s.setFilter('to', e.target.value)} data-testid="audit-filter-to" />
        </label>
        {s.filtered ? (
          <Button size="small" variant="ghost" onClick={s.clearFilters}>
            Clear filters
          </Button>
        ) : null}
        <a className={styles.download} href={s.exportUrl} download data-testid="audit-download">
          Download CSV
        </a>
      </div>
      {s.log.isPending ? (
        <Loading label="Loading the audit log…" />
      ) : s.log.isError && !s.log.data ? (
        <ErrorState error={s.log.error} what="audit log" />
      ) : s.entries.length === 0 ? (
        <p className={styles.sectionText} role="status">
          {s.filtered ? 'No entries match these filters.' : 'Nothing recorded yet.'}
        </p>
      ) : (
        <>
          <ul className={styles.list} data-testid="audit-entries">
            {s.entries.map((e) => (
              <li key={e.id} className={styles.auditItem} data-testid="audit-entry">
                <time className={styles.auditTime} dateTime={e.at}>
                  {new Date(e.at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}
                </time>
                <span className={styles.auditWhat}>
                  <span className={styles.itemName}>{e.actor?.name ?? 'Someone (account deleted)'}</span> <span className={styles.auditAction}>{actionLabel(e.action)}</span>{' '}
                  <span className={styles.itemSub}>{target(e)}</span>
                </span>
                {e.ip ? <span className={styles.auditIp}>{e.ip}</span> : null}
              </li>
            ))}
          </ul>
          {s.log.hasNextPage ? (
            <Button className={styles.more} size="small" onClick={() => void s.log.fetchNextPage()} disabled={s.log.isFetchingNextPage} data-testid="audit-more">
              {s.log.isFetchingNextPage ? 'Loading…' : 'Show more'}
            </Button>
          ) : null}
        </>
      )}
    </section>
  );
}
