import { BillingError } from '../protocol/error-codes';
import { JOURNAL_SCHEMA_VERSION } from './journal-entry';
import { parseJson } from './json';
import type { KeyValueStorage } from './types';

/**
 * The head document, `<ns>/index`: schema version, the open page of keys (the latest ones),
 * how many sealed pages exist, and the finished store transactions (see FINISHED_MEMORY).
 */
interface IndexHead {
  v: number;
  keys: string[];
  /** Sealed pages `<ns>/p/0 … <ns>/p/pages-1`; absent when none. */
  pages?: number;
  done?: string[];
}

/** Keys per page: adding or removing a key rewrites one document of at most this many keys. */
export const INDEX_PAGE_KEYS = 64;

/**
 * Which journal keys exist, in pages, so that adding a purchase costs O(1) storage writes of
 * bounded size instead of rewriting every key (quadratic over a journal's life). New keys go to
 * the head's open page; a full open page is first written as a sealed page (into a slot emptied
 * by compaction, or a new one), then the head starts a new open page. Removing a key rewrites
 * the one page holding it.
 *
 * Crash safety is the journal's: a key is listed before its entry is written (an unlisted entry
 * is never reachable, a listed key without an entry is dropped on open), and a sealed page is
 * written before the head that counts it or stops listing its keys: a crash in between leaves a
 * key listed twice (merged on open) or an uncounted page (overwritten later), never a lost key.
 */
export class JournalIndex {
  private open: string[] = [];
  private sealed: string[][] = [];
  /** Where each listed key is: -1 the open page, else the sealed page's number. */
  private readonly where = new Map<string, number>();
  done: string[] = [];

  constructor(
    private readonly storage: KeyValueStorage,
    private readonly namespace: string,
    private readonly write: <T>(op: () => Promise<T>) => Promise<T>,
  ) {}

  /**
   * Reads the head and its pages; migrates the single-document layout of schema 1 (every key in
   * the head) to pages first. Returns every listed key, the older pages first.
   */
  async load(): Promise<string[]> {
    const raw = await this.write(() => this.storage.getItem(this.headKey()));
    if (raw === null || raw === undefined || raw === '') return [];
    const head = parseJson(raw) as IndexHead | undefined;
    if (!head || !Array.isArray(head.keys)) throw damaged('The journal index is damaged.');
    if (head.v !== JOURNAL_SCHEMA_VERSION && head.v !== 1) {
      throw new BillingError('STORAGE_FAILED', `Journal schema ${String(head.v)} is not supported.`, { retryable: false });
    }
    if (Array.isArray(head.done)) this.done = head.done.filter((id) => typeof id === 'string');
    if (head.v === 1) return this.migrate(head.keys);
    const pages = typeof head.pages === 'number' && head.pages > 0 ? head.pages : 0;
    for (let i = 0; i < pages; i++) {
      const text = await this.write(() => this.storage.getItem(this.pageKey(i)));
      const keys = text ? (parseJson(text) as unknown) : [];
      if (!Array.isArray(keys)) throw damaged(`Journal index page ${i} is damaged.`);
      this.sealed.push([]);
      for (const key of keys) if (typeof key === 'string' && !this.where.has(key)) this.place(key, i);
    }
    // A key listed both in a page and in the head (crash while sealing) stays where the page has it.
    for (const key of head.keys) if (!this.where.has(key)) this.place(key, -1);
    if (this.open.length !== head.keys.length) await this.writeHead();
    return [...this.sealed.flat(), ...this.open];
  }

  /** Keeps only the keys whose entries exist (the rest are rewritten away with their page). */
  retain(live: (key: string) => boolean): void {
    for (const [key, page] of [...this.where]) {
      if (live(key)) continue;
      this.where.delete(key);
      if (page === -1) this.open = this.open.filter((k) => k !== key);
      else this.sealed[page] = this.sealed[page]!.filter((k) => k !== key);
    }
  }

  async add(key: string): Promise<void> {
    if (this.open.length < INDEX_PAGE_KEYS) {
      await this.writeHead([...this.open, key]);
      this.place(key, -1);
      return;
    }
    let slot = this.sealed.findIndex((page) => page.length === 0);
    if (slot < 0) slot = this.sealed.length;
    const full = this.open;
    await this.writePage(slot, full);
    await this.writeHead([key], this.done, Math.max(this.sealed.length, slot + 1));
    this.sealed[slot] = [];
    for (const k of full) this.place(k, slot);
    this.open = [];
    this.place(key, -1);
  }

  /** Unlists `key`; with `done`, the head's finished list changes first (one write when the key is in the head). */
  async remove(key: string, done = this.done): Promise<void> {
    const page = this.where.get(key);
    if (page === undefined || page === -1) {
      await this.writeHead(this.open.filter((k) => k !== key), done);
      this.done = done;
    } else {
      if (done !== this.done) {
        await this.writeHead(this.open, done);
        this.done = done;
      }
      const rest = this.sealed[page]!.filter((k) => k !== key);
      await this.writePage(page, rest);
      this.sealed[page] = rest;
    }
    if (page === -1) this.open = this.open.filter((k) => k !== key);
    this.where.delete(key);
  }

  private place(key: string, page: number): void {
    this.where.set(key, page);
    if (page === -1) this.open.push(key);
    else this.sealed[page]!.push(key);
  }

  /** Schema 1 → 2: full pages of the old key list are written first, then the version-2 head. */
  private async migrate(keys: string[]): Promise<string[]> {
    const unique = [...new Set(keys.filter((k) => typeof k === 'string'))];
    const openCount = unique.length % INDEX_PAGE_KEYS || Math.min(unique.length, INDEX_PAGE_KEYS);
    const toSeal = unique.slice(0, unique.length - openCount);
    for (let i = 0; i * INDEX_PAGE_KEYS < toSeal.length; i++) {
      const page = toSeal.slice(i * INDEX_PAGE_KEYS, (i + 1) * INDEX_PAGE_KEYS);
      await this.writePage(i, page);
      this.sealed.push([]);
      for (const key of page) this.place(key, i);
    }
    for (const key of unique.slice(toSeal.length)) this.place(key, -1);
    await this.writeHead();
    return unique;
  }

  private async writeHead(keys = this.open, done = this.done, pages = this.sealed.length): Promise<void> {
    const head: IndexHead = { v: JOURNAL_SCHEMA_VERSION, keys };
    if (pages > 0) head.pages = pages;
    if (done.length > 0) head.done = done;
    await this.write(() => this.storage.setItem(this.headKey(), JSON.stringify(head)));
  }

  private async writePage(page: number, keys: string[]): Promise<void> {
    await this.write(() => this.storage.setItem(this.pageKey(page), JSON.stringify(keys)));
  }

  private headKey(): string {
    return `${this.namespace}/index`;
  }

  private pageKey(page: number): string {
    return `${this.namespace}/p/${page}`;
  }
}

function damaged(message: string): BillingError {
  return new BillingError('STORAGE_FAILED', message, { retryable: false });
}
