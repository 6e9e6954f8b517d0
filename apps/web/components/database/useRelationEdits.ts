'use client';

import { useCallback } from 'react';
import { mirrorWrites, type PropertyOf, readCell } from '@tandem/database';
import { addProperty, DatabaseDocError, readRow, readRows, readSchema, setCells } from '@tandem/database/ydoc';
import type * as Y from 'yjs';
import { freeName, newShortId } from '@/lib/database/model';
import { type LoadedDatabase, relationPair } from '@/lib/database/relations';
import { useDatabase } from './DatabaseContext';

export interface NewRelation {
  targetDatabaseId: string;
  // Titles of the target (the new property's name) and of this database (the mirror's name).
  targetTitle: string;
  ownTitle: string;
  twoWay: boolean;
}

// Relation writes, both sides in one user action: this database's cell or property through
// `change`, and for a two-way relation the mirror in the target database's own document (its live
// session in `related`), as this person, now. Both go out on the ordinary edit path, so each side
// is authorised, saved and merged offline like any edit of its page. The target is checked first
// (loaded, editable, mirror present); a refusal is shown and changes neither side.
export function useRelationEdits() {
  const { change, related, databaseId, editable } = useDatabase();

  // The target as it is now: the related database's live copy, or this one for a self-relation.
  const targetOf = useCallback(
    (doc: Y.Doc, targetId: string): (LoadedDatabase & { doc: Y.Doc; canEdit: boolean }) | string => {
      if (targetId === databaseId) return { doc, schema: readSchema(doc, databaseId), rows: readRows(doc), canEdit: true };
      const loaded = related.getSnapshot().get(targetId);
      const session = related.session(targetId);
      if (loaded?.denied) return 'You cannot read the related database, so this relation cannot change here';
      if (!loaded?.ready || !session) return 'The related database has not loaded yet. Try again in a moment.';
      return { doc: session.doc, schema: loaded.schema, rows: loaded.rows, canEdit: loaded.canEdit };
    },
    [databaseId, related],
  );

  // `edit` maps the cell as it is in the document now (not as last rendered: another person's
  // link since then is kept, and the mirror is written from the same before/after).
  const setRelation = useCallback(
    (property: PropertyOf<'relation'>, rowId: string, edit: (current: readonly string[]) => string[]): boolean => {
      if (!editable) return false;
      return change((doc, id, by) => {
        const row = readRow(doc, rowId);
        if (!row) throw new DatabaseDocError('This row was deleted meanwhile');
        const before = readCell(property, row) as string[];
        const next = edit(before);
        if (property.syncedPropertyId === null || property.targetDatabaseId === id) {
          setCells(doc, id, rowId, { [property.id]: next }, by);
          return;
        }
        const target = targetOf(doc, property.targetDatabaseId);
        if (typeof target === 'string') throw new DatabaseDocError(target);
        if (!target.canEdit) throw new DatabaseDocError('You can read the related database but not edit it, so this two-way relation cannot change here');
        const writes = mirrorWrites(property, rowId, before, next, target);
        // This side first: it validates the value, and a refusal there leaves the mirror untouched.
        setCells(doc, id, rowId, { [property.id]: next }, by);
        target.doc.transact(() => {
          for (const w of writes) setCells(target.doc, property.targetDatabaseId, w.rowId, { [property.syncedPropertyId!]: w.value }, by);
        });
      });
    },
    [change, editable, targetOf],
  );

  // Add a relation property (and its mirror in the target for two-way). Answers why it was refused
  // (nothing changed then), or null when added.
  const addRelation = useCallback(
    async (spec: NewRelation): Promise<string | null> => {
      if (!editable) return 'You cannot edit this database';
      if (spec.targetDatabaseId !== databaseId) {
        let loaded;
        try {
          loaded = await related.load(spec.targetDatabaseId);
        } catch (err) {
          related.unpin(spec.targetDatabaseId);
          return err instanceof Error ? err.message : 'The database did not load';
        }
        if (loaded.denied) {
          related.unpin(spec.targetDatabaseId);
          return 'You cannot read that database, so no relation was added';
        }
        if (spec.twoWay && !loaded.canEdit) {
          related.unpin(spec.targetDatabaseId);
          return 'You can read that database but not edit it, so a two-way relation cannot add its side there. Make it one-way, or ask for edit access.';
        }
      }
      const added = change((doc, id) => {
        const target = targetOf(doc, spec.targetDatabaseId);
        if (typeof target === 'string') throw new DatabaseDocError(target);
        const pair = relationPair(
          { propertyId: newShortId(), mirrorId: newShortId() },
          id,
          spec.targetDatabaseId,
          { property: freeName(readSchema(doc, id), spec.targetTitle || 'Related'), mirror: freeName(target.schema, spec.ownTitle || 'Related') },
          spec.twoWay,
        );
        addProperty(doc, id, pair.property);
        if (pair.mirror) addProperty(target.doc, spec.targetDatabaseId, pair.mirror);
      });
      return added ? null : 'The relation could not be added';
    },
    [change, databaseId, editable, related, targetOf],
  );

  return { setRelation, addRelation };
}
