'use client';

import { useMemo, useSyncExternalStore } from 'react';
import { type DatabaseDiff, type DatabaseSchema, type DatabaseSide, diffDatabase, type Row } from '@tandem/database';
import type { VersionDatabase } from '@tandem/protocol';
import { SessionGate } from '@/components/editor/SessionGate';
import { useMemberPeople } from '@/components/database/DatabaseView';
import { ErrorState, Loading } from '@/components/ui/States';
import { useVersion, useVersionDiff } from '@/lib/api/versions';
import { usePageSession } from '@/lib/collab/use-page-session';
import { scopeFor, viewerContext } from '@/lib/database/model';
import { DatabaseStore } from '@/lib/database/store';
import styles from './history.module.css';

// Rows listed at most; the counts above the list are always whole.
const SHOWN_ROWS = 200;

const WORDS = {
  current: { added: 'only in this version', removed: 'only in the current page' },
  previous: { added: 'added in this version', removed: 'removed in this version' },
} as const;

interface Rows {
  schema: DatabaseSchema;
  rows: readonly Row[];
}

// A database version compared with the current database (read live from the page's document) or
// with the version before it: properties and rows added, removed and changed, changed cells as
// text. Computed properties are left out (@tandem/database `diffDatabase`).
// Changed cells read "current → this version" or "previous → this version".
export function DatabaseVersionCompare({ pageId, workspaceId, versionId, against }: { pageId: string; workspaceId: string; versionId: string; against: 'current' | 'previous' }) {
  const detail = useVersion(pageId, versionId);
  // The diff's answer names the version before this one (null for the first).
  const diff = useVersionDiff(pageId, versionId, against === 'previous' ? 'previous' : null);
  const previousId = diff.data?.previous?.id ?? null;
  const previous = useVersion(pageId, previousId);
  const error = detail.error ?? diff.error ?? previous.error;
  if (error) return <ErrorState error={error} what="version" />;
  if (!detail.data) return <Loading label="Comparing…" />;
  if (!detail.data.database) return null;
  const before = against === 'current' ? null : !diff.data ? undefined : previousId === null ? null : (previous.data?.database ?? undefined);
  return <DatabaseCompare pageId={pageId} workspaceId={workspaceId} version={detail.data.database} against={against} previous={before} />;
}

function DatabaseCompare(props: { pageId: string; workspaceId: string; version: VersionDatabase; against: 'current' | 'previous'; previous: VersionDatabase | null | undefined }) {
  return (
    <SessionGate failure="The compare could not be shown: the app’s settings did not load. Check your connection and reload.">
      {(user, socketUrl) =>
        props.against === 'current' ? (
          <CurrentBase {...props} userId={user?.id ?? null} socketUrl={socketUrl} />
        ) : props.previous === undefined ? (
          <Loading label="Comparing…" />
        ) : (
          <Compared {...props} base={props.previous ?? { schema: props.version.schema, rows: [] }} userId={user?.id ?? null} first={props.previous === null} />
        )
      }
    </SessionGate>
  );
}

function CurrentBase(props: { pageId: string; workspaceId: string; version: VersionDatabase; against: 'current' | 'previous'; userId: string | null; socketUrl: string }) {
  const session = usePageSession(props.pageId, props.socketUrl, undefined, props.userId);
  const store = useMemo(() => (session ? new DatabaseStore(session.doc, props.pageId) : null), [session, props.pageId]);
  const snapshot = useSyncExternalStore(store?.subscribe ?? noSubscribe, store?.getSnapshot ?? noSnapshot, store?.getSnapshot ?? noSnapshot);
  if (!snapshot?.ready) return <Loading label="Comparing…" />;
  return <Compared {...props} base={snapshot} first={false} />;
}

const noSubscribe = () => () => undefined;
const noSnapshot = () => null;

function Compared({ pageId, workspaceId, version, against, base, userId, first }: { pageId: string; workspaceId: string; version: VersionDatabase; against: 'current' | 'previous'; base: Rows; userId: string | null; first: boolean }) {
  const people = useMemberPeople(workspaceId);
  const diff = useMemo(() => {
    const names = new Map(people.map((p) => [p.id, p.name]));
    const side = ({ schema, rows }: Rows): DatabaseSide => {
      const { resolver } = scopeFor(pageId, schema, rows, viewerContext(userId, (id) => names.get(id)));
      return { schema, rows, display: (row, property) => resolver.display(pageId, row, property) };
    };
    // Current → this version, or previous → this version: "added" is always this version's.
    return diffDatabase(side(base), side(version));
  }, [pageId, base, version, userId, people]);
  const words = WORDS[against];
  const { rows, properties } = diff;
  const total = rows.added.length + rows.removed.length + rows.changed.length + properties.added.length + properties.removed.length + properties.renamed.length;
  return (
    <section className={styles.databaseCompare} data-testid="database-compare" aria-label="Changes to the database">
      <p className={styles.legend} data-testid="database-compare-summary">
        {first ? <span>The first version: everything in it is new.</span> : null}
        <span className={styles.legendAdded}>
          {count(rows.added.length, 'row')} {words.added}
        </span>
        <span className={styles.legendRemoved}>
          {count(rows.removed.length, 'row')} {words.removed}
        </span>
        <span>{count(rows.changed.length, 'row')} changed</span>
        {total === 0 ? <span className={styles.legendStats}>No differences</span> : null}
      </p>
      <PropertyChanges properties={properties} words={words} />
      <ul className={styles.rowChanges}>
        {[...rows.added.map((r) => ({ ...r, kind: 'added' as const })), ...rows.removed.map((r) => ({ ...r, kind: 'removed' as const })), ...rows.changed.map((r) => ({ ...r, kind: 'changed' as const }))]
          .slice(0, SHOWN_ROWS)
          .map((r) => (
            <li key={`${r.kind}:${r.id}`} className={styles.rowChange} data-kind={r.kind} data-testid="row-change">
              <span className={styles.rowChangeTitle}>{r.title}</span>
              {'cells' in r ? (
                <span className={styles.cellChanges}>
                  {r.cells.map((c) => (
                    <span key={c.property} className={styles.cellChange} data-testid="cell-change">
                      <span className={styles.cellChangeName}>{c.property}:</span> <del>{c.before || 'empty'}</del> → <ins>{c.after || 'empty'}</ins>
                    </span>
                  ))}
                </span>
              ) : (
                <span className={styles.previewMeta}>{r.kind === 'added' ? words.added : words.removed}</span>
              )}
            </li>
          ))}
      </ul>
      {rows.added.length + rows.removed.length + rows.changed.length > SHOWN_ROWS ? (
        <p className={styles.previewMeta}>The first {SHOWN_ROWS} rows are listed; restore or preview the version to see the rest.</p>
      ) : null}
    </section>
  );
}

function PropertyChanges({ properties, words }: { properties: DatabaseDiff['properties']; words: (typeof WORDS)[keyof typeof WORDS] }) {
  const lines = [
    ...properties.added.map((name) => ({ key: `a:${name}`, kind: 'added', text: `Property “${name}” ${words.added}` })),
    ...properties.removed.map((name) => ({ key: `r:${name}`, kind: 'removed', text: `Property “${name}” ${words.removed}` })),
    ...properties.renamed.map((r) => ({ key: `n:${r.from}`, kind: 'changed', text: `Property “${r.from}” → “${r.to}”` })),
  ];
  if (!lines.length) return null;
  return (
    <ul className={styles.rowChanges}>
      {lines.map((l) => (
        <li key={l.key} className={styles.rowChange} data-kind={l.kind} data-testid="property-change">
          {l.text}
        </li>
      ))}
    </ul>
  );
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString()} ${noun}${n === 1 ? '' : 's'}`;
}
