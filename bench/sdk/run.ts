// SDK benchmarks (npm run bench:sdk). Prints one JSON object as its LAST line:
// {"bundleMinGzipBytes": N, "replay1000Ms": N}
//  - bundleMinGzipBytes: rollup/sdk.mjs (core + every market; no cipher: the native bridge opens the
//    market key), minified, gzip -9. Budget: 10,240 B.
//  - replay1000Ms: median (of 15) wall time of login() on a fresh SDK instance whose journal holds
//    1,000 open (VERIFIED) purchases, against the real billing server on 127.0.0.1.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { CommonBilling } from '../../assets/common-billing/core/common-billing';
import { Journal } from '../../assets/common-billing/core/journal';
import { MemoryStorage } from '../../assets/common-billing/core/memory-storage';
import { sealMarketKey } from '../../extensions/common-billing/src/settings/market-key-seal';
import type { MarketBridge } from '../../assets/common-billing/core/market-bridge';
import { setDataKey } from '../../server/src/storage/repos/apps';
import { startLiveServer, nodeFetch } from '../../tests/sdk/support/billing-server';
import type * as SdkModule from '../../assets/common-billing/core/index';

const BUNDLE = 'dist/sdk/common-billing.min.mjs';

function bundleSize(): number {
  const build = spawnSync(process.execPath, ['node_modules/@rollup/wasm-node/dist/bin/rollup', '-c', 'rollup/sdk.mjs'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('rollup build of the SDK failed');
  return gzipSync(readFileSync(BUNDLE), { level: 9 }).length;
}

async function seedJournal(storage: MemoryStorage, appKey: string, userKey: string, count: number): Promise<void> {
  const journal = await Journal.open(storage, `commonbilling/${appKey}`, { now: () => Date.now() });
  for (let i = 0; i < count; i++) {
    const purchaseId = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    await journal.create({
      key: purchaseId, userKey, market: 'sandbox', purchaseId, productId: 'gas', marketProductId: 'gas', productType: 'consumable', quantity: 1,
      state: 'VERIFIED', binding: null, storeTransactionId: `SBX.BENCH${i}`, purchaseToken: `sbx_bench_${i}`, receipt: null,
      paymentToken: `pt_${i}`, server: null,
    });
  }
}

async function replay1000(): Promise<number> {
  const server = await startLiveServer();
  try {
    const storage = new MemoryStorage();
    await seedJournal(storage, server.appKey, 'bench-user', 1000);
    const times: number[] = [];
    for (let run = 0; run < 15; run++) {
      let replayed = 0;
      const billing = new CommonBilling();
      await billing.initialize('sandbox', { onPurchaseVerified: () => replayed++ }, {
        serverUrl: server.url, appKey: server.appKey, platform: 'web', storage, fetch: nodeFetch, logger: { log: () => undefined },
      });
      const started = performance.now();
      await billing.login('bench-user', server.harness.loginToken('bench-user'));
      times.push(performance.now() - started);
      if (replayed !== 1000) throw new Error(`expected 1000 replays, got ${replayed}`);
      await billing.dispose();
    }
    times.sort((a, b) => a - b);
    console.log(`login + replay of 1,000 journaled purchases: runs ${times.map((t) => t.toFixed(1)).join(', ')} ms`);
    return Math.round(times[Math.floor(times.length / 2)]! * 10) / 10;
  } finally {
    await server.close();
  }
}

/**
 * The minified bundle must still work: log in through it (the sandbox store lists its prices, the
 * catalog is merged), with a sealed market key that the bundle must hand to the bridge's connect
 * exactly as sealed, with the data key from login, on a market that uses one (the sandbox market
 * is given a key here to exercise that path); then buy once against the real server.
 */
async function smokeTestBundle(): Promise<void> {
  const sdk = (await import(pathToFileURL(resolve(BUNDLE)).href)) as typeof SdkModule;
  const server = await startLiveServer();
  try {
    const dataKey = randomBytes(32).toString('base64');
    await server.harness.tdb.db.write((tx) => setDataKey(tx, server.appKey, dataKey, Date.now()));
    const marketKey = 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAbundle-smoke';
    const sealed = sealMarketKey(marketKey, dataKey, server.appKey, 'sandbox', new Uint8Array(randomBytes(12)));
    let connectedWith: unknown;
    const recordConnect = (bridge: MarketBridge): MarketBridge => ({
      call: (method, params) => {
        if (method === 'connect') connectedWith = (params as { marketKey?: unknown }).marketKey;
        return bridge.call(method, params);
      },
      onEvent: (listener) => bridge.onEvent(listener),
      close: () => bridge.close(),
    });
    // The sandbox market takes no key; a copy that does shows the sealed key reaching connect.
    const keyed = 'sandbox-keyed';
    (sdk.MARKETS as Record<string, unknown>)[keyed] = { ...sdk.MARKETS.sandbox!, id: keyed, serverMarket: 'sandbox', marketKey: 'optional' };
    const billing = new sdk.CommonBilling();
    await billing.initialize(keyed, {}, {
      serverUrl: server.url, appKey: server.appKey, platform: 'web', storage: new sdk.MemoryStorage(), fetch: nodeFetch, consumeModel: 'build-in',
      encryptedMarketKey: sealed, decorateBridge: recordConnect,
    });
    const login = await billing.login('bundle-smoke', server.harness.loginToken('bundle-smoke'));
    const expected = { sealed, dataKey, appKey: server.appKey, market: keyed };
    if (JSON.stringify(connectedWith) !== JSON.stringify(expected)) throw new Error('bundle smoke test: connect did not get the sealed market key and the data key');
    if (JSON.stringify(connectedWith).includes(marketKey)) throw new Error('bundle smoke test: the plain market key crossed the bridge');
    const gas = login.products.find((p) => p.productId === 'gas');
    if (!gas || !gas.formattedPrice || gas.price.amountMicros <= 0) throw new Error('bundle smoke test: the store prices were not merged');
    const { status, purchase } = await billing.purchase('gas');
    if (status !== 'verified') throw new Error(`bundle smoke test: purchase ${status}`);
    await billing.consume(purchase.purchaseId);
    await billing.confirmDelivered(purchase.purchaseId);
    const error = await billing.purchase('nope').catch((e: unknown) => e);
    if (!(error instanceof sdk.BillingError) || error.code !== 'UNKNOWN_PRODUCT') throw new Error('bundle smoke test: wrong error');
    console.log(`bundle smoke test: login (gas at ${gas.formattedPrice}), sealed key + data key to connect, buy → consume → finish through the minified bundle: ok`);
  } finally {
    await server.close();
  }
}

/** The target (#15): every market, min+gzip. */
const BUNDLE_BUDGET_BYTES = 10_240;

async function main(): Promise<void> {
  const replay1000Ms = await (await import('./journal')).journalBench(replay1000);
  const bundleMinGzipBytes = bundleSize();
  await smokeTestBundle();
  console.log(`SDK bundle: ${bundleMinGzipBytes} B min+gzip (budget ${BUNDLE_BUDGET_BYTES} B)`);
  console.log(JSON.stringify({ bundleMinGzipBytes, replay1000Ms }));
  if (bundleMinGzipBytes > BUNDLE_BUDGET_BYTES) throw new Error(`the SDK bundle is ${bundleMinGzipBytes} B, over the ${BUNDLE_BUDGET_BYTES} B budget`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
