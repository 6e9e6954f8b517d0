import { MAX_RELATED_DATABASES } from '@tandem/database';
import { addRows, initDatabase } from '@tandem/database/ydoc';
import type { PageSession, PageSessionSnapshot } from '@/lib/collab/page-session';
import * as Y from 'yjs';
import { type OpenSession, RelatedDatabases } from './related';

// The sessions here are stand-ins with a real Y.Doc (a PageSession needs a browser and a server);
// what is under test is which databases are open, what they read, and when a load resolves.
function sessions() {
  const open = new Map<string, { doc: Y.Doc; set: (patch: Partial<PageSessionSnapshot>) => void }>();
  let opened = 0;
  const openSession: OpenSession = (pageId) => {
    opened += 1;
    const doc = new Y.Doc();
    const listeners = new Set<() => void>();
    let snapshot: PageSessionSnapshot = { facts: { online: true, connection: 'connecting', synced: false, unacked: false, unpersisted: false }, localReady: true, documentReady: false, role: null, canEdit: null, error: null };
    open.set(pageId, {
      doc,
      set: (patch) => {
        snapshot = { ...snapshot, ...patch };
        for (const l of listeners) l();
      },
    });
    const session = {
      doc,
      getSnapshot: () => snapshot,
      subscribe: (l: () => void) => (listeners.add(l), () => listeners.delete(l)),
    } as unknown as PageSession;
    return { session, close: () => open.delete(pageId) };
  };
  return { open, openSession, opened: () => opened };
}

describe('RelatedDatabases', () => {
  it('opens the wanted databases once each, at most the bound, and closes the ones no longer wanted', () => {
    const s = sessions();
    const related = new RelatedDatabases(s.openSession);
    const many = Array.from({ length: MAX_RELATED_DATABASES + 3 }, (_, i) => `db${i}`);
    related.want(many);
    expect([...s.open.keys()]).toEqual(many.slice(0, MAX_RELATED_DATABASES));
    related.want(['db1', 'db2']);
    expect([...s.open.keys()]).toEqual(['db1', 'db2']);
    expect(s.opened()).toBe(MAX_RELATED_DATABASES);
    related.close();
    expect(s.open.size).toBe(0);
    // Not final: React's development double-mount wants them again.
    related.want(['db1']);
    expect([...s.open.keys()]).toEqual(['db1']);
  });

  it('reads a database once it is synced and follows its edits', () => {
    const s = sessions();
    const related = new RelatedDatabases(s.openSession);
    related.want(['tasks']);
    const updates: number[] = [];
    related.subscribe(() => updates.push(related.getSnapshot().get('tasks')!.rows.length));
    expect(related.getSnapshot().get('tasks')?.ready).toBe(false);
    const { doc, set } = s.open.get('tasks')!;
    initDatabase(doc, { titleId: 'title', viewId: 'view' });
    set({ documentReady: true, canEdit: true });
    expect(related.getSnapshot().get('tasks')).toMatchObject({ ready: true, canEdit: true, denied: false });
    addRows(doc, 'tasks', [{ id: 'r1', values: { title: 'Spec' } }], { userId: 'u', now: '2026-11-30T00:00:00.000Z' });
    expect(related.getSnapshot().get('tasks')!.rows.map((r) => r.values.title)).toEqual(['Spec']);
    expect(updates.at(-1)).toBe(1);
  });

  it('a load resolves as denied when the server refuses the page, and the pin can be dropped', async () => {
    const s = sessions();
    const related = new RelatedDatabases(s.openSession);
    const loading = related.load('secret');
    s.open.get('secret')!.set({ error: { code: 'forbidden', message: 'You cannot open this page' } as PageSessionSnapshot['error'] });
    await expect(loading).resolves.toMatchObject({ id: 'secret', denied: true, ready: false });
    related.unpin('secret');
    expect(s.open.has('secret')).toBe(false);
  });

  it('offline before any join, the offline copy is editable; online, only once the server says so', () => {
    const s = sessions();
    const related = new RelatedDatabases(s.openSession);
    related.want(['tasks']);
    const { set } = s.open.get('tasks')!;
    expect(related.getSnapshot().get('tasks')!.canEdit).toBe(false);
    set({ facts: { online: false, connection: 'offline' as never, synced: false, unacked: false, unpersisted: false } });
    expect(related.getSnapshot().get('tasks')!.canEdit).toBe(true);
    set({ facts: { online: true, connection: 'live' as never, synced: true, unacked: false, unpersisted: false }, canEdit: false });
    expect(related.getSnapshot().get('tasks')!.canEdit).toBe(false);
  });
});
