'use client';

import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { type FilterScope, relatedDatabaseIds } from '@tandem/database';
import { scopeFor, viewerContext } from '@/lib/database/model';
import type { RelatedDatabase } from '@/lib/database/related';
import type { DatabaseSnapshot } from '@/lib/database/store';
import { useDatabase } from './DatabaseContext';

// The scope a view queries with: this database plus the databases its relations point at, loaded
// live, so rollups, relation titles and the filters and sorts over them follow others' edits there.
export function useViewScope(snapshot: DatabaseSnapshot): { scope: FilterScope; related: ReadonlyMap<string, RelatedDatabase> } {
  const { databaseId, userId, personName, related } = useDatabase();
  const ids = useMemo(() => relatedDatabaseIds(databaseId, snapshot.schema), [databaseId, snapshot.schema]);
  const key = ids.join(' ');
  useEffect(() => related.want(key === '' ? [] : key.split(' ')), [related, key]);
  const loaded = useSyncExternalStore(related.subscribe, related.getSnapshot, related.getSnapshot);
  const scope = useMemo(() => {
    const readable = new Map([...loaded].filter(([, db]) => db.ready));
    return scopeFor(databaseId, snapshot.schema, snapshot.rows, viewerContext(userId, personName), readable);
  }, [databaseId, snapshot.schema, snapshot.rows, userId, personName, loaded]);
  return { scope, related: loaded };
}
