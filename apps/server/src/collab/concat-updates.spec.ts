import { seededRandom, typedEdits } from '@tandem/testkit';
import * as Y from 'yjs';
import { concatUpdates } from './concat-updates.js';

// concatUpdates against Yjs itself: random multi-client edit logs, replayed the ways a page's stream
// can hold them, applied per update (what the merge did) and joined (what it does now). The two
// documents must be the same to the byte.

type Rng = () => number;

const STRINGS = ['a', 'b', 'hello', ' ', 'é', 'héllo', '日本語', '😀', 'x😀y', '👩‍👩‍👧', 'ß\n'];
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
const int = (rng: Rng, n: number): number => Math.floor(rng() * n);

// One random local edit (sometimes several in one transaction) on `doc`.
function edit(rng: Rng, doc: Y.Doc): void {
  const text = doc.getText('text');
  const map = doc.getMap('map');
  const array = doc.getArray<unknown>('array');
  const xml = doc.getXmlFragment('xml');
  const r = rng();
  if (r < 0.25) {
    text.insert(text.length, pick(rng, ['a', 'b', 'c', 'd']));
  } else if (r < 0.33) {
    text.insert(int(rng, text.length + 1), pick(rng, STRINGS));
  } else if (r < 0.41) {
    if (text.length > 0) {
      const at = int(rng, text.length);
      text.delete(at, 1 + int(rng, Math.min(4, text.length - at)));
    }
  } else if (r < 0.46) {
    if (text.length > 0) {
      const at = int(rng, text.length);
      text.format(at, 1 + int(rng, Math.min(5, text.length - at)), pick(rng, [{ bold: true }, { italic: true }, { bold: null }]));
    }
  } else if (r < 0.49) {
    text.insertEmbed(int(rng, text.length + 1), { image: pick(rng, ['a.png', 'ü.png']) });
  } else if (r < 0.57) {
    const key = pick(rng, ['k1', 'k2', 'clé', '😀']);
    const kind = int(rng, 4);
    if (kind === 0) map.set(key, { n: int(rng, 100), s: pick(rng, STRINGS), list: [1, null, true] });
    else if (kind === 1) map.set(key, new Uint8Array([int(rng, 256), 1, 2]));
    else if (kind === 2) {
      const nested = new Y.Map<unknown>();
      map.set(key, nested);
      nested.set('inner', pick(rng, STRINGS));
    } else map.delete(key);
  } else if (r < 0.65) {
    const kind = int(rng, 4);
    if (kind === 0) array.insert(int(rng, array.length + 1), [pick(rng, STRINGS), int(rng, 9)]);
    else if (kind === 1) {
      const m = new Y.Map<unknown>();
      array.insert(int(rng, array.length + 1), [m]);
      m.set('x', pick(rng, STRINGS));
    } else if (kind === 2) array.insert(int(rng, array.length + 1), [new Uint8Array([7, int(rng, 256)])]);
    else if (array.length > 0) array.delete(int(rng, array.length), 1);
  } else if (r < 0.75) {
    const kind = int(rng, 3);
    const paragraphs = xml.toArray().filter((n): n is Y.XmlElement => n instanceof Y.XmlElement);
    if (kind === 0 || paragraphs.length === 0) {
      const p = new Y.XmlElement(pick(rng, ['paragraph', 'heading', 'blockquote']));
      const t = new Y.XmlText();
      p.insert(0, [t]);
      xml.insert(int(rng, xml.length + 1), [p]);
      p.setAttribute('level', String(int(rng, 3)));
      t.insert(0, pick(rng, STRINGS));
    } else if (kind === 1) {
      const t = pick(rng, paragraphs).get(0);
      if (t instanceof Y.XmlText) t.insert(int(rng, t.length + 1), pick(rng, STRINGS));
    } else {
      xml.delete(int(rng, xml.length), 1);
    }
  } else if (r < 0.87) {
    // Several edits in one transaction (one update).
    doc.transact(() => {
      const n = 2 + int(rng, 4);
      for (let i = 0; i < n; i++) edit(rng, doc);
    });
  } else {
    // A nested type filled and deleted in one transaction: its structs arrive as GC structs.
    doc.transact(() => {
      const m = new Y.Map<unknown>();
      map.set('tmp', m);
      m.set('a', pick(rng, STRINGS));
      const t = new Y.Text();
      m.set('t', t);
      t.insert(0, pick(rng, STRINGS));
      map.delete('tmp');
      text.insert(text.length, 'z');
    });
  }
}

// 1–3 clients taking turns, a run of edits each, syncing now and then; the log holds each
// client's own updates in the order they were made (what the stream gets).
function randomLog(rng: Rng, edits: number): Uint8Array[] {
  const clients = 1 + int(rng, 3);
  const docs = Array.from({ length: clients }, (_, i) => {
    const doc = new Y.Doc();
    doc.clientID = 1 + i * 1_000_003 + int(rng, 1_000);
    return doc;
  });
  const log: Uint8Array[] = [];
  for (const doc of docs) {
    doc.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin !== 'sync') log.push(u);
    });
  }
  let done = 0;
  while (done < edits) {
    const doc = pick(rng, docs);
    if (clients > 1 && rng() < 0.3) {
      const other = pick(rng, docs);
      if (other !== doc) Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)), 'sync');
    }
    const turn = 1 + int(rng, 30);
    for (let i = 0; i < turn && done < edits; i++, done++) edit(rng, doc);
  }
  for (const doc of docs) doc.destroy();
  return log;
}

interface Applied {
  state: Uint8Array;
  stateVector: Uint8Array;
  json: unknown;
}

// Each batch in a transaction of its own, as the merge thread's 'add' messages are.
function apply(batches: readonly (readonly Uint8Array[])[], join: boolean): Applied {
  const doc = new Y.Doc();
  try {
    for (const batch of batches) {
      const parts = join ? concatUpdates(batch) : batch;
      doc.transact(() => {
        for (const part of parts) Y.applyUpdate(doc, part);
      });
    }
    return {
      state: Y.encodeStateAsUpdate(doc),
      stateVector: Y.encodeStateVector(doc),
      json: {
        text: doc.getText('text').toDelta(),
        map: doc.getMap('map').toJSON(),
        array: doc.getArray('array').toJSON(),
        xml: doc.getXmlFragment('xml').toString(),
      },
    };
  } finally {
    doc.destroy();
  }
}

function expectSameDocument(batches: readonly (readonly Uint8Array[])[]): void {
  const plain = apply(batches, false);
  const joined = apply(batches, true);
  expectNormalDeleteSets(batches);
  expect(Buffer.from(joined.stateVector).toString('hex')).toBe(Buffer.from(plain.stateVector).toString('hex'));
  expect(joined.json).toEqual(plain.json);
  expect(Buffer.from(joined.state).equals(Buffer.from(plain.state))).toBe(true);
}

// The joined updates' delete sets as Yjs writes one: per client, ranges sorted by clock, none
// touching the next (Yjs' sortAndMergeDeleteSet).
function expectNormalDeleteSets(batches: readonly (readonly Uint8Array[])[]): void {
  for (const batch of batches) {
    for (const u of concatUpdates(batch)) {
      if (batch.includes(u)) continue;
      for (const ranges of Y.decodeUpdate(u).ds.clients.values()) {
        for (let i = 1; i < ranges.length; i++) expect(ranges[i]!.clock).toBeGreaterThan(ranges[i - 1]!.clock + ranges[i - 1]!.len);
      }
    }
  }
}

function swapNeighbours(rng: Rng, log: readonly Uint8Array[]): Uint8Array[] {
  const out = [...log];
  for (let n = 0; n < Math.max(1, out.length / 10); n++) {
    const i = int(rng, out.length - 1);
    [out[i], out[i + 1]] = [out[i + 1]!, out[i]!];
  }
  return out;
}

function withDuplicates(rng: Rng, log: readonly Uint8Array[]): Uint8Array[] {
  const out = [...log];
  for (let n = 0; n < Math.max(1, out.length / 10); n++) {
    const i = int(rng, out.length);
    out.splice(i + int(rng, 3), 0, out[i]!);
  }
  return out;
}

function cut(rng: Rng, log: readonly Uint8Array[]): Uint8Array[][] {
  const batches: Uint8Array[][] = [];
  for (let at = 0; at < log.length; ) {
    const n = 1 + int(rng, 40);
    batches.push(log.slice(at, at + n));
    at += n;
  }
  return batches;
}

// The row's stored state (all clients, merged) and the entries after it.
function afterStoredState(rng: Rng, log: readonly Uint8Array[]): Uint8Array[] {
  const at = int(rng, log.length);
  const doc = new Y.Doc();
  Y.transact(doc, () => log.slice(0, at).forEach((u) => Y.applyUpdate(doc, u)));
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return [state, ...log.slice(at)];
}

// W6's log: one typist, characters at the end, every 10th a backspace.
const typing = (entries: number) => typedEdits(entries);

const SEEDS = Array.from({ length: 25 }, (_, i) => 1 + i * 7919);

describe('concatUpdates', () => {
  describe.each(SEEDS)('a random log (seed %i) gives the same document joined as per update', (seed) => {
    const rng = seededRandom(seed);
    const log = randomLog(rng, 40 + int(rng, 160));

    it('in order', () => expectSameDocument([log]));
    it('with neighbours swapped (a struct before the one it depends on)', () => expectSameDocument([swapNeighbours(rng, log)]));
    it('with duplicates', () => expectSameDocument([withDuplicates(rng, log)]));
    it('cut into batches of separate transactions', () => expectSameDocument(cut(rng, swapNeighbours(rng, log))));
    it('after a stored state of several clients', () => expectSameDocument(cut(rng, afterStoredState(rng, log))));
  });

  it('joins W6 typing into one update, and a random log to under a quarter', () => {
    const w6 = typing(1_000);
    const joined = concatUpdates(w6);
    expect(joined).toHaveLength(1);
    // What Yjs' own (superlinear) merge writes for the same updates.
    expect(Buffer.from(joined[0]!).equals(Buffer.from(Y.mergeUpdates(w6)))).toBe(true);
    expectSameDocument([w6]);
    let before = 0;
    let after = 0;
    for (const seed of SEEDS) {
      const log = randomLog(seededRandom(seed), 200);
      before += log.length;
      after += concatUpdates(log).length;
    }
    expect(after).toBeLessThan(before / 4);
  });

  it('returns what it cannot join as it came, and ends the run there', () => {
    const [a, b, c, d] = typing(4);
    const garbage = new Uint8Array([1, 1, 5, 0, 4]);
    const v2 = Y.convertUpdateFormatV1ToV2(c!);
    const out = concatUpdates([a!, b!, garbage, v2, c!, d!]);
    expect(out).toHaveLength(4);
    expect(out[1]).toBe(garbage);
    expect(out[2]).toBe(v2);
    expectSameDocument([[a!, b!, c!, d!]]);
    expect(Buffer.from(out[0]!).equals(Buffer.from(Y.mergeUpdates([a!, b!])))).toBe(true);
  });

  it("does not join another client's update whose clock happens to continue the run", () => {
    const [a0, a1] = typing(2);
    const [b0, b1] = typing(2);
    const batch = [b0!, a0!, b1!, a1!];
    expect(concatUpdates(batch)).toEqual(batch);
    expectSameDocument([batch]);
  });

  it('does not join a subdocument, a Skip struct, or an update of several clients', () => {
    const doc = new Y.Doc();
    const log: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => log.push(u));
    doc.getText('text').insert(0, 'a');
    doc.getMap('map').set('sub', new Y.Doc());
    doc.getText('text').insert(1, 'b');
    doc.getText('text').insert(2, 'c');
    doc.destroy();
    expect(concatUpdates(log)).toEqual([log[0], log[1], expect.anything()]);
    const withSkip = Y.mergeUpdates([log[0]!, log[2]!]);
    expect(concatUpdates([withSkip, log[3]!])).toEqual([withSkip, log[3]]);
    const other = typing(1)[0]!;
    const both = Y.mergeUpdates([log[0]!, other]);
    expect(concatUpdates([both, log[1]!])).toEqual([both, log[1]]);
  });
});
