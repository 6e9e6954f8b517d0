import net from 'node:net';
import * as Y from 'yjs';
import { CollabProvider } from '../src/index.js';

// The provider's own bookkeeping, without a server: what it counts before a handshake, and that
// destroy() leaves nothing behind on the caller's Y.Doc. Sync, acks and resends are covered end to
// end against real processes in apps/server/test/collab-*.e2e-spec.ts.
async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

const updateObservers = (doc: Y.Doc) => (doc as unknown as { _observers: Map<string, Set<unknown>> })._observers.get('update')?.size ?? 0;

describe('CollabProvider lifecycle', () => {
  let url: string;
  beforeAll(async () => {
    url = `http://127.0.0.1:${await closedPort()}`;
  });

  it('counts local edits as pending and unsaved until a server acknowledges them', () => {
    const doc = new Y.Doc();
    const provider = new CollabProvider({ url, token: 'unused', pageId: 'p', doc, connect: false });
    const pending: number[] = [];
    provider.on('pending', (n: number) => pending.push(n));
    expect(provider.status).toBe('disconnected');
    expect(provider.saved).toBe(true);
    doc.getText('t').insert(0, 'a');
    doc.getText('t').insert(1, 'b');
    expect(provider.pending).toBe(2);
    expect(pending).toEqual([1, 2]);
    expect(provider.saved).toBe(false);
    provider.destroy();
  });

  it('does not count updates applied with the provider as origin (remote ones)', () => {
    const doc = new Y.Doc();
    const provider = new CollabProvider({ url, token: 'unused', pageId: 'p', doc, connect: false });
    const remote = new Y.Doc();
    remote.getText('t').insert(0, 'from someone else');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote), provider);
    expect(provider.pending).toBe(0);
    expect(provider.saved).toBe(true);
    provider.destroy();
  });

  it('destroy() removes its listener from the doc, stops connecting and ignores later edits', () => {
    const doc = new Y.Doc();
    const before = updateObservers(doc);
    const provider = new CollabProvider({ url, token: 'unused', pageId: 'p', doc });
    expect(updateObservers(doc)).toBe(before + 1);
    expect(provider.status).toBe('connecting');
    provider.destroy();
    expect(updateObservers(doc)).toBe(before);
    expect(provider.status).toBe('disconnected');
    expect(provider.connection.socket.active).toBe(false);
    doc.getText('t').insert(0, 'after destroy');
    expect(provider.pending).toBe(0);
  });
});
