'use client';

import { useState, useSyncExternalStore } from 'react';
import { type DatabaseSchema, findProperty, type Property, type PropertyOf, PropertyType, ROLLUP_FUNCTIONS, type RollupFunction, titleProperty } from '@tandem/database';
import { readSchema } from '@tandem/database/ydoc';
import { PageRoutes } from '@tandem/protocol';
import { errorMessage, isDefinitive } from '@/lib/api';
import { request } from '@/lib/api/client';
import { usePageTree } from '@/lib/api/pages';
import { pageIdIn, rollupTargets } from '@/lib/database/relations';
import type { RelatedDatabase } from '@/lib/database/related';
import { useDatabase } from './DatabaseContext';
import { useRelationEdits } from './useRelationEdits';
import styles from './database.module.css';

export const ROLLUP_LABELS: Record<RollupFunction, string> = {
  count: 'Count all',
  count_values: 'Count values',
  count_unique: 'Count unique values',
  sum: 'Sum',
  average: 'Average',
  median: 'Median',
  min: 'Min',
  max: 'Max',
  range: 'Range',
  checked: 'Checked',
  percent_checked: 'Percent checked',
  earliest_date: 'Earliest date',
  latest_date: 'Latest date',
  show_values: 'Show values',
  show_unique: 'Show unique values',
};

// Adding a relation: pick a database of this workspace (the tree lists the ones this person can
// read) or paste a link to one, and one-way or two-way. A pasted link the server does not let this
// person read is refused here and nothing is added.
export function RelationPicker({ onDone }: { onDone: () => void }) {
  const { databaseId, workspaceId } = useDatabase();
  const { addRelation } = useRelationEdits();
  const tree = usePageTree(workspaceId ?? '');
  const [query, setQuery] = useState('');
  const [twoWay, setTwoWay] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const databases = (tree.data?.pages ?? []).filter((p) => p.kind === 'database');
  const ownTitle = databases.find((p) => p.id === databaseId)?.title || 'Untitled database';
  const needle = query.trim().toLocaleLowerCase();
  const pasted = pageIdIn(query);
  const matches = databases.filter((p) => (pasted ? p.id === pasted : (p.title || 'Untitled').toLocaleLowerCase().includes(needle)));

  const add = async (targetDatabaseId: string, targetTitle: string) => {
    setBusy(true);
    setError(null);
    const refused = await addRelation({ targetDatabaseId, targetTitle: targetTitle || 'Untitled', ownTitle, twoWay: twoWay && targetDatabaseId !== databaseId });
    setBusy(false);
    if (refused) setError(refused);
    else onDone();
  };
  // A link to a database the tree does not list: the server says whether this person may read it.
  const addPasted = async (id: string) => {
    setBusy(true);
    setError(null);
    try {
      const { page } = await request(PageRoutes.get, { params: { id } });
      if (page.workspaceId !== workspaceId) setError('That database is in another workspace. Relations link databases of one workspace.');
      else if (page.kind !== 'database') setError('That page is not a database.');
      else return await add(page.id, page.title);
    } catch (err) {
      setError(isDefinitive(err) ? 'You cannot read that database (or it does not exist), so no relation was added.' : errorMessage(err));
    }
    setBusy(false);
  };

  return (
    <div className={`${styles.popover} ${styles.relationPicker}`} data-testid="relation-picker">
      <p className={styles.popoverTitle}>Relation to…</p>
      <input
        className={styles.popoverInput}
        autoFocus
        value={query}
        placeholder="Search databases or paste a link"
        aria-label="Search databases or paste a link"
        onChange={(e) => {
          setQuery(e.target.value);
          setError(null);
        }}
        data-testid="relation-target-search"
      />
      <div role="listbox" aria-label="Databases" className={styles.popoverList}>
        {matches.map((p) => (
          <button key={p.id} type="button" role="option" aria-selected={false} className={styles.menuItem} disabled={busy} onClick={() => void add(p.id, p.title)} data-testid="relation-target">
            <span className={styles.typeGlyph} aria-hidden>
              ⊞
            </span>
            <span className={styles.relationOptionTitle}>{p.title || 'Untitled'}</span>
            {p.id === databaseId ? <span className={styles.popoverHint}>this database</span> : null}
          </button>
        ))}
        {pasted && matches.length === 0 ? (
          <button type="button" className={styles.menuItem} disabled={busy} onClick={() => void addPasted(pasted)} data-testid="relation-target-pasted">
            Use the database at this link
          </button>
        ) : null}
        {!pasted && matches.length === 0 && tree.data ? <p className={styles.popoverHint}>No database matches.</p> : null}
      </div>
      <label className={styles.popoverRow}>
        <span>Show on the related database too (two-way)</span>
        <input type="checkbox" checked={twoWay} onChange={(e) => setTwoWay(e.target.checked)} data-testid="relation-two-way" />
      </label>
      {error ? (
        <p className={styles.relationError} role="alert" data-testid="relation-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

// A relation's settings: where it points, and its other side when two-way.
export function RelationSettings({ property }: { property: PropertyOf<'relation'> }) {
  const { related, databaseId, workspaceId } = useDatabase();
  const loaded = useSyncExternalStore(related.subscribe, related.getSnapshot, related.getSnapshot);
  const target = loaded.get(property.targetDatabaseId);
  const tree = usePageTree(workspaceId ?? '');
  const title = property.targetDatabaseId === databaseId ? 'this database' : (tree.data?.pages.find((p) => p.id === property.targetDatabaseId)?.title ?? (target?.denied ? 'a database you cannot read' : 'another database'));
  const mirror = property.syncedPropertyId && target?.ready ? findProperty(target.schema, property.syncedPropertyId) : undefined;
  return (
    <p className={styles.popoverHint} data-testid="relation-settings">
      Related to {title}
      {property.syncedPropertyId ? `, two-way${mirror ? ` (shown there as “${mirror.name}”)` : ''}` : ', one-way'}.
    </p>
  );
}

// A rollup's settings: which relation, which property of the related rows, and how to aggregate.
export function RollupSettings({ property, save }: { property: PropertyOf<'rollup'>; save: (p: Property) => void }) {
  const { related, databaseId } = useDatabase();
  const loaded = useSyncExternalStore(related.subscribe, related.getSnapshot, related.getSnapshot);
  const schema = useOwnSchema();
  const relations = schema.properties.filter((p): p is PropertyOf<'relation'> => p.type === PropertyType.Relation);
  const relation = relations.find((r) => r.id === property.relationPropertyId);
  const targetSchema = relation ? (relation.targetDatabaseId === databaseId ? schema : readyTarget(loaded.get(relation.targetDatabaseId))) : undefined;
  const targets = targetSchema ? rollupTargets(targetSchema) : [];
  return (
    <>
      <label className={styles.popoverRow}>
        <span>Relation</span>
        <select
          className={styles.popoverSelect}
          value={relation?.id ?? ''}
          onChange={(e) => {
            const next = relations.find((r) => r.id === e.target.value);
            if (!next) return;
            const nextTarget = next.targetDatabaseId === databaseId ? schema : readyTarget(loaded.get(next.targetDatabaseId));
            save({ ...property, relationPropertyId: next.id, targetPropertyId: nextTarget ? titleProperty(nextTarget).id : property.targetPropertyId });
          }}
          data-testid="rollup-relation"
        >
          {!relation ? <option value="">Pick a relation</option> : null}
          {relations.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </select>
      </label>
      <label className={styles.popoverRow}>
        <span>Property</span>
        <select className={styles.popoverSelect} value={property.targetPropertyId} disabled={!targetSchema} onChange={(e) => save({ ...property, targetPropertyId: e.target.value })} data-testid="rollup-property">
          {!targets.some((t) => t.id === property.targetPropertyId) ? <option value={property.targetPropertyId}>{targetSchema ? 'Pick a property' : 'Loading…'}</option> : null}
          {targets.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      </label>
      <label className={styles.popoverRow}>
        <span>Calculate</span>
        <select className={styles.popoverSelect} value={property.function} onChange={(e) => save({ ...property, function: e.target.value as RollupFunction })} data-testid="rollup-function">
          {ROLLUP_FUNCTIONS.map((f) => (
            <option key={f} value={f}>
              {ROLLUP_LABELS[f]}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}

function readyTarget(entry: RelatedDatabase | undefined): DatabaseSchema | undefined {
  return entry?.ready ? entry.schema : undefined;
}

// This database's schema as the document has it now (the settings re-render with the menu).
function useOwnSchema(): DatabaseSchema {
  const { doc, databaseId } = useDatabase();
  return readSchema(doc, databaseId);
}

// A new rollup over the first relation, counting its rows; the column menu then sets it up.
// Refused (the message) when there is no relation, or its database has not loaded.
export function newRollup(schema: DatabaseSchema, databaseId: string, related: ReadonlyMap<string, RelatedDatabase>, id: string, name: string): PropertyOf<'rollup'> | string {
  const relation = schema.properties.find((p): p is PropertyOf<'relation'> => p.type === PropertyType.Relation);
  if (!relation) return 'Add a relation first: a rollup reads the rows a relation links';
  const target = relation.targetDatabaseId === databaseId ? schema : readyTarget(related.get(relation.targetDatabaseId));
  if (!target) return 'The related database has not loaded yet. Try again in a moment.';
  return { id, name, type: PropertyType.Rollup, relationPropertyId: relation.id, targetPropertyId: titleProperty(target).id, function: 'count' };
}
