import * as Y from 'yjs';
import type { AppConfig } from '../config/env.js';
import { DatabaseDocCache, type PersistedPosition } from './database-doc-cache.js';

// One holder at a time (issue 17, session 14): the persist merges into a kept document, so a
// reader must never get one that a persist holds, nor put back one over a newer one.
describe('DatabaseDocCache', () => {
  const cache = () => new DatabaseDocCache({ PROJECTION_DOC_CACHE_BYTES: 1_000 } as AppConfig);
  const at = (upTo: string, size = 10, stateVector = new Uint8Array([0])): PersistedPosition => ({ upTo, size, stateVector });

  it('hands a document out once, and only for its exact position', () => {
    const docs = cache();
    const doc = new Y.Doc();
    docs.keep('p', at('1-0'), doc);
    expect(docs.take('p', at('1-0', 11))).toBeNull();
    expect(docs.take('p', at('1-0', 10, new Uint8Array([1])))).toBeNull();
    expect(docs.take('p', at('2-0'))).toBeNull();
    // A reader at another position leaves it for the persist (it may be newer than what it read).
    expect(docs.take('p', at('1-0'))).toBe(doc);
    expect(docs.take('p', at('1-0'))).toBeNull();
    expect(docs.size).toEqual({ pages: 0, bytes: 0 });
  });

  it('the persist takes whatever is kept; a reader gives back only where nothing newer was kept', () => {
    const docs = cache();
    const [first, second] = [new Y.Doc(), new Y.Doc()];
    docs.keep('p', at('1-0'), first);
    expect(docs.take('p', at('1-0'))).toBe(first);
    // While the reader holds `first`, a persist kept a newer document: the reader's goes nowhere.
    docs.keep('p', at('2-0'), second);
    docs.giveBack('p', at('1-0'), first);
    expect(docs.takeAny('p')).toEqual({ doc: second, position: at('2-0') });
    // Nothing kept: given back, for the next persist.
    docs.giveBack('p', at('1-0'), first);
    expect(docs.takeAny('p')).toEqual({ doc: first, position: at('1-0') });
    expect(docs.takeAny('p')).toBeNull();
  });

  it('a projection waits while a persist of the page merges', async () => {
    const docs = cache();
    const order: string[] = [];
    const end = docs.merge(['p', 'q']);
    const waiting = docs.settled('p').then(() => order.push('settled'));
    await docs.settled('other');
    order.push('other');
    await new Promise((resolve) => setImmediate(resolve));
    order.push('merged');
    end();
    await waiting;
    expect(order).toEqual(['other', 'merged', 'settled']);
  });
});
