import { expect } from 'chai';
import { FINISHED_MEMORY, Journal } from '../../assets/common-billing/core/journal';
import { MemoryStorage } from '../../assets/common-billing/core/memory-storage';
import type { KeyValueStorage } from '../../assets/common-billing/core/types';

const clock = { now: () => 1_700_000_000_000 };
const entry = (key: string) => ({
  key, userKey: 'u', market: 'sandbox', purchaseId: key, productId: 'gas', marketProductId: 'gas', productType: 'consumable' as const, quantity: 1,
  state: 'RESERVED' as const, binding: 'b', storeTransactionId: null, purchaseToken: null, receipt: null, paymentToken: null, server: null,
});

describe('journal (write-ahead log over async key-value storage)', () => {
  it('persists every transition before it is visible, and a reopened journal sees the same state', async () => {
    const storage = new MemoryStorage();
    const journal = await Journal.open(storage, 'ns', clock);
    await journal.create(entry('a'));
    await journal.transition('a', 'PAID', { storeTransactionId: 'tx-1' });
    const reopened = await Journal.open(storage, 'ns', clock);
    expect(reopened.get('a')).to.include({ state: 'PAID', storeTransactionId: 'tx-1' });
  });

  it('refuses a transition outside the table', async () => {
    const journal = await Journal.open(new MemoryStorage(), 'ns', clock);
    await journal.create(entry('a'));
    const error = await journal.transition('a', 'CONSUMED').catch((e: unknown) => e);
    expect(error).to.include({ code: 'PURCHASE_STATE_INVALID' });
    expect(journal.get('a')!.state).to.equal('RESERVED');
  });

  it('compacts terminal entries (and only those)', async () => {
    const storage = new MemoryStorage();
    const journal = await Journal.open(storage, 'ns', clock);
    await journal.create(entry('a'));
    expect(await journal.compact('a').catch((e: unknown) => e)).to.include({ code: 'PURCHASE_STATE_INVALID' });
    await journal.transition('a', 'CANCELED');
    await journal.compact('a');
    expect([...storage.data.keys()]).to.deep.equal(['ns/index']);
    expect(JSON.parse(storage.data.get('ns/index')!)).to.deep.equal({ v: 2, keys: [] });
  });

  it('a storage that throws is STORAGE_FAILED (retryable) and leaves the in-memory view unchanged', async () => {
    const backing = new MemoryStorage();
    let failing = false;
    const storage: KeyValueStorage = {
      getItem: (k) => backing.getItem(k),
      setItem: async (k, v) => { if (failing) throw new Error('disk full'); return backing.setItem(k, v); },
      removeItem: (k) => backing.removeItem(k),
    };
    const journal = await Journal.open(storage, 'ns', clock);
    await journal.create(entry('a'));
    failing = true;
    const error = await journal.transition('a', 'PAID').catch((e: unknown) => e);
    expect(error).to.include({ code: 'STORAGE_FAILED', retryable: true });
    expect(journal.get('a')!.state).to.equal('RESERVED');
  });

  it('refuses a journal written by a newer schema version', async () => {
    const storage = new MemoryStorage();
    await storage.setItem('ns/index', JSON.stringify({ v: 99, keys: [] }));
    expect(await Journal.open(storage, 'ns', clock).catch((e: unknown) => e)).to.include({ code: 'STORAGE_FAILED', retryable: false });
  });

  it('drops an index key whose entry was never written (crash between the two writes)', async () => {
    const storage = new MemoryStorage();
    await storage.setItem('ns/index', JSON.stringify({ v: 1, keys: ['ghost'] }));
    const journal = await Journal.open(storage, 'ns', clock);
    expect(journal.entries()).to.deep.equal([]);
  });

  describe('finished store transactions', () => {
    async function finish(journal: Journal, key: string, tx: string): Promise<void> {
      await journal.create(entry(key));
      await journal.transition(key, 'PAID', { storeTransactionId: tx });
      await journal.transition(key, 'VERIFIED');
      await journal.transition(key, 'FINISHED');
    }

    it('compacting a finished entry remembers its store transaction, durably; a canceled one is not remembered', async () => {
      const storage = new MemoryStorage();
      const journal = await Journal.open(storage, 'ns', clock);
      await finish(journal, 'a', 'tx-1');
      expect(journal.wasFinished('sandbox', 'tx-1')).to.equal(false);
      await journal.compact('a');
      await journal.create({ ...entry('b'), storeTransactionId: 'tx-2' });
      await journal.transition('b', 'CANCELED');
      await journal.compact('b');
      const reopened = await Journal.open(storage, 'ns', clock);
      expect([reopened.wasFinished('sandbox', 'tx-1'), reopened.wasFinished('sandbox', 'tx-2'), reopened.wasFinished('google-play', 'tx-1')]).to.deep.equal([true, false, false]);
      expect(JSON.parse(storage.data.get('ns/index')!)).to.deep.equal({ v: 2, keys: [], done: ['sandbox tx-1'] });
    });

    it('a finished entry whose compaction was interrupted is remembered when the journal opens', async () => {
      const storage = new MemoryStorage();
      await finish(await Journal.open(storage, 'ns', clock), 'a', 'tx-1');
      const reopened = await Journal.open(storage, 'ns', clock);
      expect(reopened.entries()).to.deep.equal([]);
      expect(reopened.wasFinished('sandbox', 'tx-1')).to.equal(true);
    });

    it(`remembers the last ${FINISHED_MEMORY} only`, async () => {
      const journal = await Journal.open(new MemoryStorage(), 'ns', clock);
      for (let i = 0; i <= FINISHED_MEMORY; i++) {
        await finish(journal, `k${i}`, `tx-${i}`);
        await journal.compact(`k${i}`);
      }
      expect([journal.wasFinished('sandbox', 'tx-0'), journal.wasFinished('sandbox', 'tx-1'), journal.wasFinished('sandbox', `tx-${FINISHED_MEMORY}`)]).to.deep.equal([false, true, true]);
    });

    it('the memory is kept through later index writes, and an index without it (older SDK) opens with none', async () => {
      const storage = new MemoryStorage();
      const journal = await Journal.open(storage, 'ns', clock);
      await finish(journal, 'a', 'tx-1');
      await journal.compact('a');
      await journal.create(entry('b'));
      expect(JSON.parse(storage.data.get('ns/index')!)).to.deep.equal({ v: 2, keys: ['b'], done: ['sandbox tx-1'] });
      await storage.setItem('ns/index', JSON.stringify({ v: 1, keys: ['b'] }));
      const older = await Journal.open(storage, 'ns', clock);
      expect(older.get('b')).to.include({ state: 'RESERVED' });
      expect(older.wasFinished('sandbox', 'tx-1')).to.equal(false);
    });
  });
});
