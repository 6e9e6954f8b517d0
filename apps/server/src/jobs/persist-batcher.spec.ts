import { jest } from '@jest/globals';
import type { AppConfig } from '../config/env.js';
import type { DocumentPersistService, PersistOutcome } from './document-persist.service.js';
import { PersistBatcher } from './persist-batcher.js';

// The batcher with a fake persist service and Jest's clock: which jobs end up in one batch, and
// that each job still gets its own page's outcome. The real merge and write are covered by
// test/collab-persistence.e2e-spec.ts.
const WINDOW = 50;

function setup(concurrency = 3, persistMany?: (pageIds: readonly string[]) => Promise<Map<string, PersistOutcome>>) {
  const batches: string[][] = [];
  const documents = {
    persistMany: (pageIds: readonly string[]) => {
      batches.push([...pageIds]);
      return persistMany ? persistMany(pageIds) : Promise.resolve(new Map(pageIds.map((id, i) => [id, { kind: 'persisted', upTo: `${i}-0`, updates: 1 } as PersistOutcome])));
    },
  } as unknown as DocumentPersistService;
  const batcher = new PersistBatcher(documents, { WORKER_CONCURRENCY: concurrency, PERSIST_BATCH_WINDOW_MS: WINDOW } as AppConfig);
  return { batcher, batches };
}

describe('PersistBatcher', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('writes the jobs that arrive within the window as one batch', async () => {
    const { batcher, batches } = setup();
    const a = batcher.persist('a');
    jest.advanceTimersByTime(WINDOW - 1);
    const b = batcher.persist('b');
    expect(batches).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(batches).toEqual([['a', 'b']]);
    await expect(a).resolves.toEqual({ kind: 'persisted', upTo: '0-0', updates: 1 });
    await expect(b).resolves.toEqual({ kind: 'persisted', upTo: '1-0', updates: 1 });
  });

  it('does not wait once as many pages wait as the worker holds jobs (no more can arrive)', () => {
    const { batcher, batches } = setup(2);
    void batcher.persist('a');
    void batcher.persist('b');
    expect(batches).toEqual([['a', 'b']]);
    void batcher.persist('c');
    jest.advanceTimersByTime(WINDOW);
    expect(batches).toEqual([['a', 'b'], ['c']]);
  });

  it('holds a page whose batch is still being written until that write ends, then writes it again', async () => {
    let finish!: () => void;
    const { batcher, batches } = setup(2, (ids) => {
      const outcome = new Map(ids.map((id) => [id, { kind: 'persisted', upTo: '1-0', updates: 1 } as PersistOutcome]));
      return batches.length === 1 ? new Promise((resolve) => (finish = () => resolve(outcome))) : Promise.resolve(outcome);
    });
    const first = batcher.persist('a');
    void batcher.persist('b');
    expect(batches).toEqual([['a', 'b']]);
    // 'a' again (another job, or the worker's start-up recovery) while its write is in flight.
    const again = batcher.persist('a');
    const other = batcher.persist('c');
    jest.advanceTimersByTime(WINDOW);
    expect(batches).toEqual([['a', 'b'], ['c']]);
    finish();
    await first;
    await other;
    jest.advanceTimersByTime(1);
    expect(batches).toEqual([['a', 'b'], ['c'], ['a']]);
    await expect(again).resolves.toEqual({ kind: 'persisted', upTo: '1-0', updates: 1 });
  });

  it('merges a page once when two of its jobs are in one batch, and answers both', async () => {
    const { batcher, batches } = setup();
    const first = batcher.persist('a');
    const second = batcher.persist('a');
    jest.advanceTimersByTime(WINDOW);
    expect(batches).toEqual([['a']]);
    expect(await first).toEqual(await second);
  });

  it("gives each job its own page's outcome (one stale page fails only its job)", async () => {
    const { batcher } = setup(3, async (ids) => new Map(ids.map((id) => [id, id === 'b' ? { kind: 'stale' } : { kind: 'nothing' }] as [string, PersistOutcome])));
    const a = batcher.persist('a');
    const b = batcher.persist('b');
    jest.advanceTimersByTime(WINDOW);
    await expect(a).resolves.toEqual({ kind: 'nothing' });
    await expect(b).resolves.toEqual({ kind: 'stale' });
  });

  it('fails every job of a batch that fails as a whole, so each retries', async () => {
    const { batcher, batches } = setup(3, () => Promise.reject(new Error('Postgres away')));
    const a = batcher.persist('a');
    const b = batcher.persist('b');
    jest.advanceTimersByTime(WINDOW);
    await expect(a).rejects.toThrow('Postgres away');
    await expect(b).rejects.toThrow('Postgres away');
    // The next job starts a fresh batch.
    void batcher.persist('a').catch(() => undefined);
    jest.advanceTimersByTime(WINDOW);
    expect(batches).toEqual([['a', 'b'], ['a']]);
  });
});
