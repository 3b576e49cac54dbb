import { BillingError } from '../protocol/error-codes';
import type { EntryPatch, JournalEntry } from './journal-entry';
import { JournalIndex } from './journal-index';
import { parseJson } from './json';
import { Mutex } from './mutex';
import { assertTransition, isTerminal, type ClientState } from './states';
import type { Clock, KeyValueStorage } from './types';

/**
 * How many finished store transactions the journal remembers. A store reports a finished
 * purchase again only shortly after it was finished (a list fetched just before, a repeated
 * callback), so the most recent ones are enough; the index stays small.
 */
export const FINISHED_MEMORY = 100;

/**
 * The purchase write-ahead log over an async key-value store. Layout: a paged index of the live
 * keys (`<ns>/index` plus `<ns>/p/<n>`, journal-index.ts) and one document per entry
 * (`<ns>/e/<key>`), so a state change rewrites one small entry and a new purchase one index page
 * of bounded size, not the whole journal.
 *
 * Every change is durable before the in-memory view changes and before the caller goes on
 * to the step that depends on it. A new key is added to the index before its entry is
 * written; an index key without an entry (crash in between) is dropped on open.
 * Writes are serialized, so concurrent purchases never interleave index updates.
 */
export class Journal {
  private readonly live = new Map<string, JournalEntry>();
  private readonly writes = new Mutex();
  private readonly index: JournalIndex;

  private constructor(
    private readonly storage: KeyValueStorage,
    private readonly namespace: string,
    private readonly clock: Clock,
  ) {
    this.index = new JournalIndex(storage, namespace, (op) => this.write(op));
  }

  static async open(storage: KeyValueStorage, namespace: string, clock: Clock): Promise<Journal> {
    const journal = new Journal(storage, namespace, clock);
    await journal.load();
    return journal;
  }

  entries(): JournalEntry[] {
    return [...this.live.values()];
  }

  get(key: string): JournalEntry | undefined {
    return this.live.get(key);
  }

  find(predicate: (entry: JournalEntry) => boolean): JournalEntry | undefined {
    for (const entry of this.live.values()) if (predicate(entry)) return entry;
    return undefined;
  }

  /** True when this device delivered and finished this store transaction (one of the last FINISHED_MEMORY). */
  wasFinished(market: string, storeTransactionId: string): boolean {
    return this.index.done.includes(finishedId(market, storeTransactionId));
  }

  async create(entry: Omit<JournalEntry, 'createdAt' | 'updatedAt' | 'attempts' | 'failure'>): Promise<JournalEntry> {
    return this.writes.run(async () => {
      if (this.live.has(entry.key)) throw new BillingError('CONFLICT', `Journal entry ${entry.key} already exists.`);
      const now = this.clock.now();
      const full: JournalEntry = { ...entry, failure: null, attempts: 0, createdAt: now, updatedAt: now };
      await this.index.add(full.key);
      await this.write(() => this.storage.setItem(this.entryKey(full.key), JSON.stringify(full)));
      this.live.set(full.key, full);
      return full;
    });
  }

  /** Moves an entry to `to` (checked against the one transition table) and persists it first. */
  async transition(key: string, to: ClientState, patch: EntryPatch = {}): Promise<JournalEntry> {
    return this.writes.run(async () => {
      const current = this.live.get(key);
      if (!current) throw new BillingError('PURCHASE_NOT_FOUND', `No journal entry ${key}.`);
      assertTransition(current.state, to);
      const next: JournalEntry = { ...current, ...patch, state: to, updatedAt: this.clock.now() };
      await this.write(() => this.storage.setItem(this.entryKey(key), JSON.stringify(next)));
      this.live.set(key, next);
      return next;
    });
  }

  /**
   * Drops a terminal entry: index first, so a crash in between only leaves an unreachable
   * document. A FINISHED entry's store transaction is remembered in that same index write.
   */
  async compact(key: string): Promise<void> {
    return this.writes.run(async () => {
      const current = this.live.get(key);
      if (!current) return;
      if (!isTerminal(current.state)) throw new BillingError('PURCHASE_STATE_INVALID', `Entry ${key} is ${current.state}, not terminal.`);
      const tx = current.state === 'FINISHED' ? current.storeTransactionId : null;
      const done = tx ? [...this.index.done, finishedId(current.market, tx)].slice(-FINISHED_MEMORY) : this.index.done;
      await this.index.remove(key, done);
      this.live.delete(key);
      await this.write(() => this.storage.removeItem(this.entryKey(key)));
    });
  }

  private async load(): Promise<void> {
    const keys = await this.index.load();
    const loaded: JournalEntry[] = [];
    for (const key of keys) {
      const text = await this.write(() => this.storage.getItem(this.entryKey(key)));
      const entry = text ? (parseJson(text) as JournalEntry | undefined) : undefined;
      if (entry && entry.key === key) loaded.push(entry);
    }
    // Pages are refilled as compaction empties them, so their order is not creation order.
    loaded.sort((a, b) => a.createdAt - b.createdAt);
    for (const entry of loaded) this.live.set(entry.key, entry);
    this.index.retain((key) => this.live.has(key));
    // A finished entry whose compaction was interrupted: finish compacting now.
    for (const entry of this.entries()) if (isTerminal(entry.state)) await this.compact(entry.key);
  }

  /** Storage failures become STORAGE_FAILED (retryable); the original error stays as `cause`. */
  private async write<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (cause) {
      throw new BillingError('STORAGE_FAILED', undefined, { cause });
    }
  }

  private entryKey(key: string): string {
    return `${this.namespace}/e/${key}`;
  }
}

function finishedId(market: string, storeTransactionId: string): string {
  return `${market} ${storeTransactionId}`;
}
