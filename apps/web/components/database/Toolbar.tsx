'use client';

import { useRef, useState } from 'react';
import { countConditions, type DatabaseSchema, DatabaseLimits, type Filter, findProperty, isGroupable, PropertyType, type Sort, type View } from '@tandem/database';
import { viewColumns, withVisibility } from '@/lib/database/views';
import { Icon } from '@/components/ui/Icon';
import { useDatabase } from './DatabaseContext';
import { EditorPopover } from './EditorPopover';
import { FilterEditor } from './FilterEditor';
import styles from './database.module.css';

// Filter, sort and search over the current view, and "New". Filter and sort are saved in the view
// for everyone; the search box is this person's, as in Notion.
export function Toolbar({ view, schema, search, onSearch, onNew }: { view: View; schema: DatabaseSchema; search: string; onSearch: (s: string) => void; onNew: () => void }) {
  const { saveView, editable } = useDatabase();
  const [panel, setPanel] = useState<'filter' | 'sort' | 'group' | 'properties' | null>(null);
  const propertiesRef = useRef<HTMLButtonElement>(null);
  const filterRef = useRef<HTMLButtonElement>(null);
  const sortRef = useRef<HTMLButtonElement>(null);
  const groupRef = useRef<HTMLButtonElement>(null);
  // Tables and lists group in sections; a board always groups (its columns, set in the view menu).
  const groups = view.layout === 'table' || view.layout === 'list';
  const grouping = groups && view.groupBy ? findProperty(schema, view.groupBy.property) : undefined;
  const save = saveView;
  const filters = view.filter ? countConditions(view.filter) : 0;
  return (
    <div className={styles.toolbar}>
      <button
        ref={propertiesRef}
        type="button"
        className={styles.toolButton}
        onClick={() => setPanel(panel === 'properties' ? null : 'properties')}
        aria-expanded={panel === 'properties'}
        data-testid="properties-button"
      >
        Properties
      </button>
      <button
        ref={filterRef}
        type="button"
        className={`${styles.toolButton} ${filters ? styles.toolButtonOn : ''}`}
        onClick={() => setPanel(panel === 'filter' ? null : 'filter')}
        aria-expanded={panel === 'filter'}
        data-testid="filter-button"
      >
        Filter{filters ? ` · ${filters}` : ''}
      </button>
      <button
        ref={sortRef}
        type="button"
        className={`${styles.toolButton} ${view.sorts.length ? styles.toolButtonOn : ''}`}
        onClick={() => setPanel(panel === 'sort' ? null : 'sort')}
        aria-expanded={panel === 'sort'}
        data-testid="sort-button"
      >
        Sort{view.sorts.length ? ` · ${view.sorts.length}` : ''}
      </button>
      {groups ? (
        <button
          ref={groupRef}
          type="button"
          className={`${styles.toolButton} ${grouping ? styles.toolButtonOn : ''}`}
          onClick={() => setPanel(panel === 'group' ? null : 'group')}
          aria-expanded={panel === 'group'}
          data-testid="group-button"
        >
          Group{grouping ? ` · ${grouping.name}` : ''}
        </button>
      ) : null}
      <label className={styles.search}>
        <Icon name="search" size={14} />
        <input type="search" placeholder="Search" aria-label="Search this view" value={search} onChange={(e) => onSearch(e.target.value)} data-testid="database-search" />
      </label>
      {editable ? (
        <button type="button" className={styles.newButton} onClick={onNew} data-testid="new-row-top">
          New
        </button>
      ) : null}
      {panel === 'filter' ? (
        <EditorPopover anchor={filterRef.current} onClose={() => setPanel(null)} below minWidth={Math.min(560, typeof window === 'undefined' ? 560 : window.innerWidth - 16)}>
          <FilterEditor filter={view.filter} schema={schema} onChange={(filter: Filter | null) => save({ ...view, filter })} />
        </EditorPopover>
      ) : null}
      {panel === 'properties' ? (
        <EditorPopover anchor={propertiesRef.current} onClose={() => setPanel(null)} below minWidth={240}>
          <div className={styles.popover} data-testid="properties-panel">
            <p className={styles.popoverHint}>Shown in this view</p>
            {viewColumns(view, schema).map((column) => {
              const property = findProperty(schema, column.id)!;
              const isTitle = property.type === PropertyType.Title;
              return (
                <label key={column.id} className={styles.popoverRow}>
                  <span>{property.name}</span>
                  <input
                    type="checkbox"
                    checked={column.visible}
                    disabled={!editable || isTitle}
                    title={isTitle ? 'The title always shows: it is how a row opens' : undefined}
                    onChange={(e) => save(withVisibility(view, schema, column.id, e.target.checked))}
                  />
                </label>
              );
            })}
          </div>
        </EditorPopover>
      ) : null}
      {panel === 'group' ? (
        <EditorPopover anchor={groupRef.current} onClose={() => setPanel(null)} below minWidth={260}>
          <div className={styles.popover} data-testid="group-editor">
            <label className={styles.popoverRow}>
              <span>Group by</span>
              <select
                className={styles.popoverSelect}
                value={view.groupBy?.property ?? ''}
                disabled={!editable}
                onChange={(e) => save({ ...view, groupBy: e.target.value ? { property: e.target.value } : null })}
                data-testid="group-by"
              >
                <option value="">None</option>
                {schema.properties.filter(isGroupable).map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </label>
            {grouping && view.groupBy ? (
              <label className={styles.popoverRow}>
                <span>Hide the “No {grouping.name}” group</span>
                <input type="checkbox" checked={view.groupBy.hideEmpty === true} disabled={!editable} onChange={(e) => save({ ...view, groupBy: { ...view.groupBy!, hideEmpty: e.target.checked } })} data-testid="group-hide-empty" />
              </label>
            ) : null}
          </div>
        </EditorPopover>
      ) : null}
      {panel === 'sort' ? (
        <EditorPopover anchor={sortRef.current} onClose={() => setPanel(null)} below minWidth={380}>
          <SortEditor sorts={view.sorts} schema={schema} onChange={(sorts) => save({ ...view, sorts })} />
        </EditorPopover>
      ) : null}
    </div>
  );
}

// Several sort levels: the first decides, the next breaks its ties, and so on.
function SortEditor({ sorts, schema, onChange }: { sorts: Sort[]; schema: DatabaseSchema; onChange: (sorts: Sort[]) => void }) {
  const { editable } = useDatabase();
  const unused = schema.properties.filter((p) => !sorts.some((s) => s.property === p.id));
  return (
    <div className={styles.popover} data-testid="sort-editor">
      {sorts.length === 0 ? <p className={styles.popoverHint}>No sorts: rows keep their own order.</p> : null}
      {sorts.map((sort, i) => (
        <div key={sort.property} className={styles.condition} data-testid="sort-line">
          <select
            className={styles.popoverSelect}
            aria-label="Sort by"
            value={sort.property}
            disabled={!editable}
            onChange={(e) => onChange(sorts.map((s, j) => (j === i ? { ...s, property: e.target.value } : s)))}
            data-testid="sort-property"
          >
            {schema.properties
              .filter((p) => p.id === sort.property || !sorts.some((s) => s.property === p.id))
              .map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
          </select>
          <select
            className={styles.popoverSelect}
            aria-label="Direction"
            value={sort.direction}
            disabled={!editable}
            onChange={(e) => onChange(sorts.map((s, j) => (j === i ? { ...s, direction: e.target.value as Sort['direction'] } : s)))}
            data-testid="sort-direction"
          >
            <option value="ascending">Ascending</option>
            <option value="descending">Descending</option>
          </select>
          {editable ? (
            <button type="button" className={styles.iconButton} aria-label="Remove sort" onClick={() => onChange(sorts.filter((_, j) => j !== i))}>
              <Icon name="close" size={12} />
            </button>
          ) : null}
        </div>
      ))}
      {editable && unused.length > 0 && sorts.length < DatabaseLimits.sorts ? (
        <div className={styles.popoverActions}>
          <button type="button" className={styles.linkButton} onClick={() => onChange([...sorts, { property: unused[0]!.id, direction: 'ascending' }])} data-testid="add-sort">
            <Icon name="plus" size={12} /> Add sort
          </button>
        </div>
      ) : null}
    </div>
  );
}
