import { ByteBoundedCache } from './byte-bounded-cache.js';

describe('ByteBoundedCache', () => {
  const make = (max: number) => {
    const gone: string[] = [];
    const cache = new ByteBoundedCache<{ name: string; bytes: number }>(max, (e) => e.bytes, (e) => gone.push(e.name));
    return { cache, gone };
  };

  it('lets the least recently kept go once the bytes pass the bound', () => {
    const { cache, gone } = make(10);
    cache.put('a', { name: 'a', bytes: 4 });
    cache.put('b', { name: 'b', bytes: 4 });
    // Taken and put back: 'a' is now the newest.
    cache.put('a', cache.take('a')!);
    cache.put('c', { name: 'c', bytes: 4 });
    expect(gone).toEqual(['b']);
    expect(cache.size).toEqual({ pages: 2, bytes: 8 });
    expect(cache.take('b')).toBeUndefined();
  });

  it('never evicts a taken entry, keeps nothing bigger than the bound, and tells of replaced and dropped ones', () => {
    const { cache, gone } = make(10);
    cache.put('a', { name: 'a1', bytes: 6 });
    const held = cache.take('a')!;
    cache.put('b', { name: 'b', bytes: 10 });
    expect(gone).toEqual([]);
    expect(held.name).toBe('a1');
    cache.put('big', { name: 'big', bytes: 11 });
    cache.put('b', { name: 'b2', bytes: 3 });
    cache.drop('b');
    expect(gone).toEqual(['big', 'b', 'b2']);
    expect(cache.size).toEqual({ pages: 0, bytes: 0 });
  });
});
