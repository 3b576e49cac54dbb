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
  private openKeys: string[] = [];
  private sealedPages: string[][] = [];
  done: string[] = [];

  constructor(
    private readonly storage: KeyValueStorage,
    private readonly namespace: string,
    private readonly write: <T>(op: () => Promise<T>) => Promise<T>,
  ) {}

  /**
   * Reads the head and its pages and returns every listed key. A schema-1 head (every key in one
   * document) is written back as schema 2 with those keys as its open page, which the next new
   * purchase seals as one page: from then on every write is bounded.
   */
  async load(): Promise<string[]> {
    const raw = await this.write(() => this.storage.getItem(`${this.namespace}/index`));
    if (!raw) return [];
    const head = parseJson(raw) as IndexHead | undefined;
    if (!head || !Array.isArray(head.keys)) throw damaged('The journal index is damaged.');
    if (head.v !== JOURNAL_SCHEMA_VERSION && head.v !== 1) {
      throw new BillingError('STORAGE_FAILED', `Journal schema ${String(head.v)} is not supported.`, { retryable: false });
    }
    if (Array.isArray(head.done)) this.done = head.done.filter((id) => typeof id === 'string');
    const seen = new Set<string>();
    const fresh = (keys: unknown[]) => keys.filter((k): k is string => typeof k === 'string' && !seen.has(k) && !!seen.add(k));
    for (let i = 0; i < (head.pages ?? 0); i++) {
      const keys = parseJson((await this.write(() => this.storage.getItem(this.pageKey(i)))) ?? '[]');
      if (!Array.isArray(keys)) throw damaged('The journal index is damaged.');
      this.sealedPages.push(fresh(keys));
    }
    // A key listed both in a page and in the head (crash while sealing) stays where the page has it.
    this.openKeys = fresh(head.keys);
    if (head.v === 1 || this.openKeys.length !== head.keys.length) await this.writeHead();
    return [...seen];
  }

  /** Keeps only the keys whose entries exist (the rest go with the next write of their page). */
  retain(live: (key: string) => boolean): void {
    this.openKeys = this.openKeys.filter(live);
    this.sealedPages = this.sealedPages.map((page) => page.filter(live));
  }

  async add(key: string): Promise<void> {
    if (this.openKeys.length < INDEX_PAGE_KEYS) {
      await this.writeHead([...this.openKeys, key]);
      this.openKeys = [...this.openKeys, key];
      return;
    }
    let slot = this.sealedPages.findIndex((page) => page.length === 0);
    if (slot < 0) slot = this.sealedPages.length;
    await this.writePage(slot, this.openKeys);
    await this.writeHead([key], this.done, Math.max(this.sealedPages.length, slot + 1));
    this.sealedPages[slot] = this.openKeys;
    this.openKeys = [key];
  }

  /** Unlists `key`; a new `done` list goes into the head first (one write when the key is in the head). */
  async remove(key: string, done = this.done): Promise<void> {
    const slot = this.sealedPages.findIndex((page) => page.includes(key));
    if (slot < 0 || done !== this.done) {
      const open = this.openKeys.filter((k) => k !== key);
      await this.writeHead(open, done);
      this.openKeys = open;
      this.done = done;
    }
    if (slot >= 0) {
      const rest = this.sealedPages[slot]!.filter((k) => k !== key);
      await this.writePage(slot, rest);
      this.sealedPages[slot] = rest;
    }
  }

  private async writeHead(keys = this.openKeys, done = this.done, pages = this.sealedPages.length): Promise<void> {
    const head: IndexHead = { v: JOURNAL_SCHEMA_VERSION, keys };
    if (pages > 0) head.pages = pages;
    if (done.length > 0) head.done = done;
    await this.write(() => this.storage.setItem(`${this.namespace}/index`, JSON.stringify(head)));
  }

  private async writePage(page: number, keys: string[]): Promise<void> {
    await this.write(() => this.storage.setItem(this.pageKey(page), JSON.stringify(keys)));
  }

  private pageKey(page: number): string {
    return `${this.namespace}/p/${page}`;
  }
}

function damaged(message: string): BillingError {
  return new BillingError('STORAGE_FAILED', message, { retryable: false });
}
