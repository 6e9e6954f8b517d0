'use client';

import { useEffect, useState } from 'react';
import type { CollabProvider } from '@tandem/collab-client';

type Awareness = NonNullable<CollabProvider['awareness']>;

export interface RemoteCell {
  name: string;
  color: string;
}

// Where the others are in the table: each person's active cell travels in their awareness state
// (relayed, never stored), so a cell someone is on shows their colour and name, as carets do in text.
export function useCellPresence(awareness: Awareness | null, cell: { rowId: string; propertyId: string } | null): ReadonlyMap<string, RemoteCell> {
  const [cells, setCells] = useState<ReadonlyMap<string, RemoteCell>>(new Map());
  const rowId = cell?.rowId ?? null;
  const propertyId = cell?.propertyId ?? null;
  useEffect(() => {
    awareness?.setLocalStateField('dbCell', rowId && propertyId ? { rowId, propertyId } : null);
  }, [awareness, rowId, propertyId]);
  useEffect(() => {
    if (!awareness) return;
    const update = () => {
      const next = new Map<string, RemoteCell>();
      for (const [clientId, state] of awareness.getStates()) {
        if (clientId === awareness.clientID) continue;
        const at = state.dbCell as { rowId?: unknown; propertyId?: unknown } | null | undefined;
        const user = state.user as { name?: unknown; color?: unknown } | undefined;
        if (!at || typeof at.rowId !== 'string' || typeof at.propertyId !== 'string' || typeof user?.name !== 'string') continue;
        next.set(`${at.rowId}:${at.propertyId}`, { name: user.name, color: typeof user.color === 'string' && /^#[0-9a-f]{6}$/i.test(user.color) ? user.color : '#787774' });
      }
      setCells(next);
    };
    update();
    awareness.on('change', update);
    return () => {
      awareness.off('change', update);
      awareness.setLocalStateField('dbCell', null);
    };
  }, [awareness]);
  return cells;
}
