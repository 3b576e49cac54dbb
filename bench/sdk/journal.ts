import { performance } from 'node:perf_hooks';
import { CommonBilling } from '../../assets/common-billing/core/common-billing';
import { Journal } from '../../assets/common-billing/core/journal';
import type { JournalEntry } from '../../assets/common-billing/core/journal-entry';
import { MemoryStorage } from '../../assets/common-billing/core/memory-storage';
import { nodeFetch, startLiveServer } from '../../tests/sdk/support/billing-server';

/**
 * The SDK journal's costs (part of `npm run bench:sdk`):
 *  - the write cost of adding one purchase when the journal already holds 1,000 and 10,000
 *    entries: storage writes, bytes written and time per create (the index used to be rewritten
 *    whole on every create, so that cost grew with the journal);
 *  - replay1000Ms: median of initialize() (which loads the journal) + login() on a fresh SDK
 *    whose journal holds 1,000 open (VERIFIED) purchases, against the real server on 127.0.0.1.
 */
class MeasuredStorage extends MemoryStorage {
  writes = 0;
  bytes = 0;
  override async setItem(key: string, value: string): Promise<void> {
    this.writes++;
    this.bytes += key.length + value.length;
    return super.setItem(key, value);
  }
}

type NewEntry = Omit<JournalEntry, 'createdAt' | 'updatedAt' | 'attempts' | 'failure'>;

function openPurchase(i: number, userKey: string): NewEntry {
  const purchaseId = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
  return {
    key: purchaseId, userKey, market: 'sandbox', purchaseId, productId: 'gas', marketProductId: 'gas', productType: 'consumable', quantity: 1,
    state: 'VERIFIED', binding: null, storeTransactionId: `SBX.BENCH${i}`, purchaseToken: `sbx_bench_${i}`, receipt: null,
    paymentToken: `pt_${i}`, server: null,
  };
}

/** What the next 200 creates cost once the journal holds `size` entries. */
async function writeCost(size: number): Promise<{ writes: number; bytes: number; us: number }> {
  const storage = new MeasuredStorage();
  const journal = await Journal.open(storage, 'bench', { now: () => Date.now() });
  for (let i = 0; i < size; i++) await journal.create(openPurchase(i, 'u'));
  const sample = 200;
  const [writes, bytes] = [storage.writes, storage.bytes];
  const started = performance.now();
  for (let i = size; i < size + sample; i++) await journal.create(openPurchase(i, 'u'));
  const us = ((performance.now() - started) * 1000) / sample;
  return { writes: (storage.writes - writes) / sample, bytes: (storage.bytes - bytes) / sample, us };
}

async function replayWithInitialize(): Promise<number> {
  const server = await startLiveServer();
  try {
    const storage = new MemoryStorage();
    const journal = await Journal.open(storage, `commonbilling/${server.appKey}`, { now: () => Date.now() });
    for (let i = 0; i < 1000; i++) await journal.create(openPurchase(i, 'bench-user'));
    const times: number[] = [];
    for (let run = 0; run < 15; run++) {
      let replayed = 0;
      const billing = new CommonBilling();
      const started = performance.now();
      await billing.initialize('sandbox', { onPurchaseVerified: () => replayed++ }, {
        serverUrl: server.url, appKey: server.appKey, platform: 'web', storage, fetch: nodeFetch, logger: { log: () => undefined },
      });
      await billing.login('bench-user', server.harness.loginToken('bench-user'));
      times.push(performance.now() - started);
      if (replayed !== 1000) throw new Error(`expected 1000 replays, got ${replayed}`);
      await billing.dispose();
    }
    times.sort((a, b) => a - b);
    console.log(`initialize + login + replay of 1,000 journaled purchases: runs ${times.map((t) => t.toFixed(1)).join(', ')} ms`);
    return Math.round(times[Math.floor(times.length / 2)]! * 10) / 10;
  } finally {
    await server.close();
  }
}

/** Prints the journal's figures; returns replay1000Ms (initialize included). `loginOnly`: the older figure, for comparison. */
export async function journalBench(loginOnly?: () => Promise<number>): Promise<number> {
  for (const size of [1000, 10_000]) {
    const c = await writeCost(size);
    console.log(`journal write cost per new purchase at ${size.toLocaleString('en')} entries: ${c.writes.toFixed(2)} storage writes, ${c.bytes.toFixed(0)} bytes, ${c.us.toFixed(1)} µs (memory storage)`);
  }
  if (loginOnly) console.log(`login + replay only (without initialize): ${await loginOnly()} ms`);
  return replayWithInitialize();
}
