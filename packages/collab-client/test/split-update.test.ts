import * as Y from 'yjs';
import { splitUpdate } from '../src/split-update.js';

// A long offline session's diff, cut into pieces that each fit the server's update limit, applied
// one after another: same document, every piece within the limit, and no piece starts a client's
// structs past what the pieces before it (and the server's state) hold (the server's update_gap rule).
function offlineSession(): { server: Y.Doc; client: Y.Doc } {
  const server = new Y.Doc();
  server.getText('t').insert(0, 'shared start ');
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  // Two tabs' worth of edits (two client ids), with deletions and formatting, offline.
  const other = new Y.Doc();
  Y.applyUpdate(other, Y.encodeStateAsUpdate(client));
  for (let i = 0; i < 3000; i++) {
    const doc = i % 3 === 0 ? other : client;
    const t = doc.getText('t');
    if (i % 7 === 6 && t.length > 5) t.delete(Math.floor(t.length / 2), 3);
    else t.insert(Math.floor((i * 7919) % (t.length + 1)), `w${i} `, i % 11 === 0 ? { bold: true } : undefined);
    if (i % 50 === 49) {
      Y.applyUpdate(client, Y.encodeStateAsUpdate(other));
      Y.applyUpdate(other, Y.encodeStateAsUpdate(client));
    }
  }
  Y.applyUpdate(client, Y.encodeStateAsUpdate(other));
  client.getMap('meta').set('title', 'x'.repeat(300));
  return { server, client };
}

describe('splitUpdate', () => {
  it('returns an update that fits as it is', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'small');
    const update = Y.encodeStateAsUpdate(doc);
    expect(splitUpdate(update, 1024)).toEqual([update]);
  });

  it('cuts a big diff into pieces that fit and, applied in order, give the same document', () => {
    const { server, client } = offlineSession();
    const diff = Y.encodeStateAsUpdate(client, Y.encodeStateVector(server));
    const max = 2048;
    expect(diff.byteLength).toBeGreaterThan(max * 4);
    const pieces = splitUpdate(diff, max);
    expect(pieces.length).toBeGreaterThan(4);
    // What the server has taken of each client id (as its update_gap check counts: every struct
    // it admitted, integrated yet or not).
    const known = Y.decodeStateVector(Y.encodeStateVector(server));
    for (const piece of pieces) {
      expect(piece.byteLength).toBeLessThanOrEqual(max);
      const { structs } = Y.decodeUpdate(piece) as unknown as { structs: { id: { client: number; clock: number }; length: number }[] };
      const firsts = new Map<number, number>();
      for (const s of structs) if (!firsts.has(s.id.client)) firsts.set(s.id.client, s.id.clock);
      for (const [c, clock] of firsts) expect(clock).toBeLessThanOrEqual(known.get(c) ?? 0);
      for (const s of structs) known.set(s.id.client, Math.max(known.get(s.id.client) ?? 0, s.id.clock + s.length));
      Y.applyUpdate(server, piece);
    }
    expect(server.store.pendingStructs).toBeNull();
    expect(server.store.pendingDs).toBeNull();
    expect(server.getText('t').toDelta()).toEqual(client.getText('t').toDelta());
    expect(server.getMap('meta').get('title')).toBe('x'.repeat(300));
    expect(Y.encodeStateVector(server)).toEqual(Y.encodeStateVector(client));
  });

  it('keeps a single struct bigger than the limit whole (it cannot be cut)', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'x'.repeat(5000));
    const pieces = splitUpdate(Y.encodeStateAsUpdate(doc), 1024);
    const other = new Y.Doc();
    for (const p of pieces) Y.applyUpdate(other, p);
    expect(other.getText('t').toString()).toBe('x'.repeat(5000));
  });
});
