import { expect } from 'chai';
import { Journal } from '../../assets/common-billing/core/journal';
import { INDEX_PAGE_KEYS } from '../../assets/common-billing/core/journal-index';
import { MemoryStorage } from '../../assets/common-billing/core/memory-storage';

let tick = 1_700_000_000_000;
const clock = { now: () => ++tick };
const entry = (key: string) => ({
  key, userKey: 'u', market: 'sandbox', purchaseId: key, productId: 'gas', marketProductId: 'gas', productType: 'consumable' as const, quantity: 1,
  state: 'RESERVED' as const, binding: 'b', storeTransactionId: null, purchaseToken: null, receipt: null, paymentToken: null, server: null,
});
const key = (i: number) => `p-${String(i).padStart(5, '0')}`;

/** Counts index writes and their sizes; `failAfter` makes the n-th write from now throw (a crash between two writes). */
class CountingStorage extends MemoryStorage {
  indexWrites = 0;
  largestIndexDocument = 0;
  failAfter = Infinity;
  override async setItem(k: string, value: string): Promise<void> {
    if (this.failAfter-- <= 0) throw new Error('crash');
    if (!k.includes('/e/')) {
      this.indexWrites++;
      this.largestIndexDocument = Math.max(this.largestIndexDocument, value.length);
    }
    return super.setItem(k, value);
  }
}

describe('journal index: paged, O(1) storage writes per new purchase', () => {
  it('adding a purchase writes at most two index documents of bounded size, whatever the journal holds', async () => {
    const storage = new CountingStorage();
    const journal = await Journal.open(storage, 'ns', clock);
    for (let i = 0; i < 1000; i++) await journal.create(entry(key(i)));
    expect(storage.indexWrites).to.be.at.most(1000 + Math.ceil(1000 / INDEX_PAGE_KEYS));
    // A page of keys, not 1,000 of them (~12 KB).
    expect(storage.largestIndexDocument).to.be.below(INDEX_PAGE_KEYS * (key(0).length + 3) + 64);
    const reopened = await Journal.open(storage, 'ns', clock);
    expect(reopened.entries().map((e) => e.key)).to.deep.equal(Array.from({ length: 1000 }, (_, i) => key(i)));
  });

  it('compaction empties pages that new purchases fill again; a reopened journal has the same entries in creation order', async () => {
    const storage = new MemoryStorage();
    const journal = await Journal.open(storage, 'ns', clock);
    for (let i = 0; i < 300; i++) await journal.create(entry(key(i)));
    for (let i = 0; i < 200; i++) {
      await journal.transition(key(i), 'CANCELED');
      await journal.compact(key(i));
    }
    for (let i = 300; i < 450; i++) await journal.create(entry(key(i)));
    const pages = [...storage.data.keys()].filter((k) => k.startsWith('ns/p/'));
    expect(pages.length, 'emptied pages are reused').to.be.at.most(Math.ceil(300 / INDEX_PAGE_KEYS));
    const expected = Array.from({ length: 250 }, (_, i) => key(i + 200));
    expect(journal.entries().map((e) => e.key)).to.deep.equal(expected);
    expect((await Journal.open(storage, 'ns', clock)).entries().map((e) => e.key)).to.deep.equal(expected);
  });

  it('a crash between writing a sealed page and the head loses and doubles no key', async () => {
    const storage = new CountingStorage();
    const journal = await Journal.open(storage, 'ns', clock);
    for (let i = 0; i < INDEX_PAGE_KEYS; i++) await journal.create(entry(key(i)));
    storage.failAfter = 1; // the sealed page is written, the head is not
    expect(await journal.create(entry(key(INDEX_PAGE_KEYS))).catch((e: unknown) => e)).to.include({ code: 'STORAGE_FAILED' });
    storage.failAfter = Infinity;
    const reopened = await Journal.open(storage, 'ns', clock);
    expect(reopened.entries().map((e) => e.key)).to.deep.equal(Array.from({ length: INDEX_PAGE_KEYS }, (_, i) => key(i)));
    await reopened.create(entry(key(INDEX_PAGE_KEYS)));
    const again = await Journal.open(storage, 'ns', clock);
    expect(again.entries()).to.have.length(INDEX_PAGE_KEYS + 1);
  });

  it('migrates a schema-1 index (every key in one document) on first load, also after a crash during the migration', async () => {
    const storage = new CountingStorage();
    const keys = Array.from({ length: 150 }, (_, i) => key(i));
    for (const k of keys) await storage.setItem(`ns/e/${k}`, JSON.stringify({ ...entry(k), failure: null, attempts: 0, createdAt: ++tick, updatedAt: tick }));
    await storage.setItem('ns/index', JSON.stringify({ v: 1, keys, done: ['sandbox tx-9'] }));
    storage.failAfter = 0; // the crash: the schema-2 head is not written
    expect(await Journal.open(storage, 'ns', clock).catch((e: unknown) => e)).to.include({ code: 'STORAGE_FAILED' });
    expect(JSON.parse(storage.data.get('ns/index')!)).to.include({ v: 1 });
    storage.failAfter = Infinity;
    const journal = await Journal.open(storage, 'ns', clock);
    expect(journal.entries().map((e) => e.key)).to.deep.equal(keys);
    expect(journal.wasFinished('sandbox', 'tx-9')).to.equal(true);
    expect(JSON.parse(storage.data.get('ns/index')!)).to.include({ v: 2 });
    // The next purchase seals the migrated keys as one page; from then on writes are bounded.
    storage.largestIndexDocument = 0;
    await journal.create(entry(key(150)));
    expect(JSON.parse(storage.data.get('ns/index')!)).to.deep.equal({ v: 2, keys: [key(150)], pages: 1, done: ['sandbox tx-9'] });
    for (let i = 151; i < 300; i++) await journal.create(entry(key(i)));
    storage.largestIndexDocument = 0;
    await journal.create(entry(key(300)));
    expect(storage.largestIndexDocument).to.be.below(INDEX_PAGE_KEYS * (key(0).length + 3) + 64);
    expect((await Journal.open(storage, 'ns', clock)).entries()).to.have.length(301);
  });
});
