// Entries by key, least recently kept first out once their bytes pass the bound; an entry bigger
// than the whole bound is not kept. Taking an entry removes it, so an entry in use is never
// evicted under its user. `evicted` is told of each entry the cache lets go of without handing it
// out (evicted, replaced, too big, dropped).
export class ByteBoundedCache<T> {
  private readonly entries = new Map<string, T>();
  private total = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly bytesOf: (entry: T) => number,
    private readonly evicted: (entry: T) => void = () => undefined,
  ) {}

  // The entry without taking it (its place in the eviction order is unchanged).
  peek(key: string): T | undefined {
    return this.entries.get(key);
  }

  take(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (entry !== undefined) {
      this.entries.delete(key);
      this.total -= this.bytesOf(entry);
    }
    return entry;
  }

  put(key: string, entry: T): void {
    this.drop(key);
    if (this.bytesOf(entry) > this.maxBytes) return this.evicted(entry);
    this.entries.set(key, entry);
    this.total += this.bytesOf(entry);
    for (const oldest of this.entries.keys()) {
      if (this.total <= this.maxBytes) break;
      this.drop(oldest);
    }
  }

  drop(key: string): void {
    const entry = this.take(key);
    if (entry !== undefined) this.evicted(entry);
  }

  get size(): { pages: number; bytes: number } {
    return { pages: this.entries.size, bytes: this.total };
  }
}
