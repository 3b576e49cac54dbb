import { BillingError } from '../protocol/error-codes';
import { JOURNAL_SCHEMA_VERSION, type EntryPatch, type JournalEntry } from './journal-entry';
import { parseJson } from './json';
import { Mutex } from './mutex';
import { assertTransition, isTerminal, type ClientState } from './states';
import type { Clock, KeyValueStorage } from './types';

interface IndexDocument {
  v: number;
  keys: string[];
  /**
   * Store transactions this device finished (delivered, then closed at the store), oldest
   * first, at most FINISHED_MEMORY. Optional and additive: a reader of schema version 1 that
   * predates it ignores it, and an index without it remembers nothing.
   */
  done?: string[];
}

/**
 * How many finished store transactions the journal remembers. A store reports a finished
 * purchase again only shortly after it was finished (a list fetched just before, a repeated
 * callback), so the most recent ones are enough; the index stays small.
 */
export const FINISHED_MEMORY = 100;

/**
 * The purchase write-ahead log over an async key-value store. Layout: one index document
 * (`<ns>/index`: schema version + live keys) and one document per entry (`<ns>/e/<key>`), so
 * a state change rewrites one small entry, not the whole journal.
 *
 * Every change is durable before the in-memory view changes and before the caller goes on
 * to the step that depends on it. A new key is added to the index before its entry is
 * written; an index key without an entry (crash in between) is dropped on open.
 * Writes are serialized, so concurrent purchases never interleave index updates.
 */
export class Journal {
  private readonly live = new Map<string, JournalEntry>();
  private finishedIds: string[] = [];
  private readonly writes = new Mutex();

  private constructor(
    private readonly storage: KeyValueStorage,
    private readonly namespace: string,
    private readonly clock: Clock,
  ) {}

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
    return this.finishedIds.includes(finishedId(market, storeTransactionId));
  }

  async create(entry: Omit<JournalEntry, 'createdAt' | 'updatedAt' | 'attempts' | 'failure'>): Promise<JournalEntry> {
    return this.writes.run(async () => {
      if (this.live.has(entry.key)) throw new BillingError('CONFLICT', `Journal entry ${entry.key} already exists.`);
      const now = this.clock.now();
      const full: JournalEntry = { ...entry, failure: null, attempts: 0, createdAt: now, updatedAt: now };
      await this.writeIndex([...this.live.keys(), full.key]);
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
      const done = tx ? [...this.finishedIds, finishedId(current.market, tx)].slice(-FINISHED_MEMORY) : this.finishedIds;
      await this.writeIndex([...this.live.keys()].filter((k) => k !== key), done);
      this.finishedIds = done;
      this.live.delete(key);
      await this.write(() => this.storage.removeItem(this.entryKey(key)));
    });
  }

  private async load(): Promise<void> {
    const raw = await this.write(() => this.storage.getItem(this.indexKey()));
    if (raw === null || raw === undefined || raw === '') return;
    const index = parseJson(raw) as IndexDocument | undefined;
    if (!index || !Array.isArray(index.keys)) throw new BillingError('STORAGE_FAILED', 'The journal index is damaged.', { retryable: false });
    if (index.v !== JOURNAL_SCHEMA_VERSION) {
      throw new BillingError('STORAGE_FAILED', `Journal schema ${String(index.v)} is not supported.`, { retryable: false });
    }
    if (Array.isArray(index.done)) this.finishedIds = index.done.filter((id) => typeof id === 'string');
    for (const key of index.keys) {
      const text = await this.write(() => this.storage.getItem(this.entryKey(key)));
      const entry = text ? (parseJson(text) as JournalEntry | undefined) : undefined;
      if (entry && entry.key === key) this.live.set(key, entry);
    }
    // A finished entry whose compaction was interrupted: finish compacting now.
    for (const entry of this.entries()) if (isTerminal(entry.state)) await this.compact(entry.key);
  }

  private async writeIndex(keys: string[], done = this.finishedIds): Promise<void> {
    const doc: IndexDocument = { v: JOURNAL_SCHEMA_VERSION, keys };
    if (done.length > 0) doc.done = done;
    await this.write(() => this.storage.setItem(this.indexKey(), JSON.stringify(doc)));
  }

  /** Storage failures become STORAGE_FAILED (retryable); the original error stays as `cause`. */
  private async write<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (cause) {
      throw new BillingError('STORAGE_FAILED', undefined, { cause });
    }
  }

  private indexKey(): string {
    return `${this.namespace}/index`;
  }

  private entryKey(key: string): string {
    return `${this.namespace}/e/${key}`;
  }
}

function finishedId(market: string, storeTransactionId: string): string {
  return `${market} ${storeTransactionId}`;
}
