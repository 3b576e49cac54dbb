/**
 * A small insertion-ordered cache with a hard size bound (oldest entry out first). Used for
 * parsed keys and verified certificate chains: both are pure functions of their key bytes,
 * so an entry can never be stale, and the bound keeps hostile input from growing memory.
 */
export class BoundedCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly maxEntries: number) {}

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  set(key: K, value: V): void {
    if (!this.entries.has(key) && this.entries.size >= this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value as K);
    }
    this.entries.set(key, value);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Number of keys for which `predicate` holds (for tests and metrics). */
  count(predicate: (key: K) => boolean): number {
    let n = 0;
    for (const key of this.entries.keys()) if (predicate(key)) n += 1;
    return n;
  }
}
