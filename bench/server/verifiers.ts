import { SignedDataVerifier, Environment } from '@apple/app-store-server-library';
import { googlePlayMarket } from '../../server/src/markets/google-play';
import { appStoreMarket } from '../../server/src/markets/app-store';
import type { MarketContext } from '../../server/src/markets/types';
import { generateRsaLicenceKey, signText } from '../../tests/simulators/keys';
import { createApplePki } from '../../tests/simulators/apple-pki';
import { signEs256Jws } from '../../tests/simulators/jws';

// in-app-purchase is CommonJS without types; its public validateOnce(GOOGLE, licenceKey, receipt)
// is the Google licence-key check we compare with (no Google API credentials configured).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const peerIap = require('in-app-purchase') as {
  GOOGLE: string;
  validateOnce(service: string, publicKey: string, receipt: { data: string; signature: string }): Promise<unknown>;
};

const FIXTURES = 64;
/** More distinct chains than our verified-chain cache holds (64). */
const UNCACHED_CHAINS = 96;
const PACKAGE = 'com.example.bench';

/**
 * Ops/s of two verifiers, measured in alternating slices so that a change in machine load
 * (the bench shares its cores) hits both sides alike. Each slice runs one side for `sliceMs`.
 */
async function interleavedOpsPerSecond(a: (i: number) => Promise<unknown>, b: (i: number) => Promise<unknown>, fixtures = FIXTURES, slices = 8, sliceMs = 200): Promise<[number, number]> {
  for (let i = 0; i < 200; i++) {
    await a(i % fixtures); // warm-up (JIT, caches)
    await b(i % fixtures);
  }
  const totals = [{ ops: 0, ns: 0 }, { ops: 0, ns: 0 }];
  for (let slice = 0; slice < slices * 2; slice++) {
    const side = slice % 2;
    const op = side === 0 ? a : b;
    const start = process.hrtime.bigint();
    const deadline = start + BigInt(sliceMs) * 1_000_000n;
    let count = 0;
    while (process.hrtime.bigint() < deadline) {
      for (let j = 0; j < 20; j++) await op(count++ % fixtures);
    }
    totals[side]!.ops += count;
    totals[side]!.ns += Number(process.hrtime.bigint() - start);
  }
  return [totals[0]!.ops / (totals[0]!.ns / 1e9), totals[1]!.ops / (totals[1]!.ns / 1e9)];
}

function benchContext(now: number): MarketContext {
  return { now: () => now, fetch, log: { info: () => undefined, warn: () => undefined } };
}

async function googleRates(): Promise<{ ours: number; peer: number }> {
  const key = generateRsaLicenceKey();
  const receipts = Array.from({ length: FIXTURES }, (_, i) => {
    const originalJson = JSON.stringify({
      orderId: `GPA.3312-4567-8901-${10000 + i}`, packageName: PACKAGE, productId: 'gem_100', purchaseTime: 1795000000000 + i,
      purchaseState: 0, purchaseToken: `token-${i}-abcdefghijklmnopqrstuvwxyz`, quantity: 1, obfuscatedAccountId: `acc-${i}`, acknowledged: false,
    });
    return { originalJson, signature: signText(originalJson, key.privateKey, 'sha1') };
  });
  const ours = googlePlayMarket.create({ packageName: PACKAGE, licenceKey: key.licenceKey }, benchContext(Date.now())).verifier;
  const peer = (i: number) => peerIap.validateOnce(peerIap.GOOGLE, key.licenceKey, { data: receipts[i]!.originalJson, signature: receipts[i]!.signature });
  const [oursRate, peerRate] = await interleavedOpsPerSecond((i) => ours.verify(receipts[i]), peer);
  return { ours: oursRate, peer: peerRate };
}

/** Apple's verifier with its certificate cache on: the cache exists only with online checks, whose OCSP calls are skipped here. */
class CachingOfficialVerifier extends SignedDataVerifier {
  constructor(rootDer: Buffer) {
    super([rootDer], true, Environment.SANDBOX, PACKAGE);
  }
  override async checkOCSPStatus(): Promise<void> {
    // No network in a CPU comparison: the chain is still verified once, then served from the cache.
  }
}

/**
 * StoreKit 2 JWS, ours vs Apple's SignedDataVerifier. `cached`: every receipt signed by one leaf,
 * so our verified-chain cache answers and Apple's (online-checks mode, OCSP skipped) too.
 * Uncached: each receipt has its own leaf certificate, more than our cache holds, cycled in
 * order, so both sides verify the whole chain every time.
 */
async function appleRates(cached: boolean): Promise<{ ours: number; official: number }> {
  const now = Date.now();
  const root = await createApplePki({ at: now });
  const leaves = cached ? [root] : [root, ...(await Promise.all(Array.from({ length: UNCACHED_CHAINS - 1 }, () => createApplePki({ at: now, parent: root, reuseIntermediate: true }))))];
  const count = cached ? FIXTURES : UNCACHED_CHAINS;
  const jws = Array.from({ length: count }, (_, i) => {
    const pki = leaves[i % leaves.length]!;
    return signEs256Jws({
      transactionId: String(2000000000000000 + i), originalTransactionId: String(2000000000000000 + i), bundleId: PACKAGE, productId: 'gem_100',
      purchaseDate: now - 1000, quantity: 1, type: 'Consumable', inAppOwnershipType: 'PURCHASED', signedDate: now, environment: 'Sandbox',
    }, pki.leafKey, { x5c: pki.x5c });
  });
  const ours = appStoreMarket.create({ bundleId: PACKAGE, environment: 'Sandbox', rootCertificates: [root.rootPem] }, benchContext(now)).verifier;
  const official = cached ? new CachingOfficialVerifier(root.rootDer) : new SignedDataVerifier([root.rootDer], false, Environment.SANDBOX, PACKAGE);
  const [oursRate, officialRate] = await interleavedOpsPerSecond(
    (i) => ours.verify({ signedTransaction: jws[i % count]! }),
    (i) => official.verifyAndDecodeTransaction(jws[i % count]!),
    count,
  );
  return { ours: oursRate, official: officialRate };
}

/**
 * Verification throughput, ours vs a peer in the same run and on the same fixtures:
 * Google licence-key check vs `in-app-purchase`; StoreKit 2 JWS vs Apple's SignedDataVerifier,
 * both sides with their certificate caches and both without. Returns the speed-up factors.
 */
export async function compareVerifiers(): Promise<{ googleVsPeer: number; appleVsOfficialCached: number; appleVsOfficialUncached: number }> {
  const google = await googleRates();
  const cached = await appleRates(true);
  const uncached = await appleRates(false);
  const result = { googleVsPeer: google.ours / google.peer, appleVsOfficialCached: cached.ours / cached.official, appleVsOfficialUncached: uncached.ours / uncached.official };
  console.log(`google-play: ours ${google.ours.toFixed(0)} ops/s, in-app-purchase ${google.peer.toFixed(0)} ops/s → ${result.googleVsPeer.toFixed(2)}×`);
  console.log(`app-store, both cached:   ours ${cached.ours.toFixed(0)} ops/s, SignedDataVerifier ${cached.official.toFixed(0)} ops/s → ${result.appleVsOfficialCached.toFixed(2)}×`);
  console.log(`app-store, both uncached: ours ${uncached.ours.toFixed(0)} ops/s, SignedDataVerifier ${uncached.official.toFixed(0)} ops/s → ${result.appleVsOfficialUncached.toFixed(2)}×`);
  return result;
}

if (require.main === module) {
  compareVerifiers().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
