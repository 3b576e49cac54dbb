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
const PACKAGE = 'com.example.bench';

/**
 * Ops/s of two verifiers, measured in alternating slices so that a change in machine load
 * (the bench shares its cores) hits both sides alike. Each slice runs one side for `sliceMs`.
 */
async function interleavedOpsPerSecond(a: (i: number) => Promise<unknown>, b: (i: number) => Promise<unknown>, slices = 8, sliceMs = 200): Promise<[number, number]> {
  for (let i = 0; i < 200; i++) {
    await a(i % FIXTURES); // warm-up (JIT, caches)
    await b(i % FIXTURES);
  }
  const totals = [{ ops: 0, ns: 0 }, { ops: 0, ns: 0 }];
  for (let slice = 0; slice < slices * 2; slice++) {
    const side = slice % 2;
    const op = side === 0 ? a : b;
    const start = process.hrtime.bigint();
    const deadline = start + BigInt(sliceMs) * 1_000_000n;
    let count = 0;
    while (process.hrtime.bigint() < deadline) {
      for (let j = 0; j < 20; j++) await op(count++ % FIXTURES);
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

async function appleRates(): Promise<{ ours: number; official: number }> {
  const now = Date.now();
  const pki = await createApplePki({ at: now });
  const jws = Array.from({ length: FIXTURES }, (_, i) => signEs256Jws({
    transactionId: String(2000000000000000 + i), originalTransactionId: String(2000000000000000 + i), bundleId: PACKAGE, productId: 'gem_100',
    purchaseDate: now - 1000, quantity: 1, type: 'Consumable', inAppOwnershipType: 'PURCHASED', signedDate: now, environment: 'Sandbox',
  }, pki.leafKey, { x5c: pki.x5c }));
  const ours = appStoreMarket.create({ bundleId: PACKAGE, environment: 'Sandbox', rootCertificates: [pki.rootPem] }, benchContext(now)).verifier;
  const official = new SignedDataVerifier([pki.rootDer], false, Environment.SANDBOX, PACKAGE);
  const [oursRate, officialRate] = await interleavedOpsPerSecond(
    (i) => ours.verify({ signedTransaction: jws[i]! }),
    (i) => official.verifyAndDecodeTransaction(jws[i]!),
  );
  return { ours: oursRate, official: officialRate };
}

/**
 * Verification throughput, ours vs a peer in the same run and on the same fixtures:
 * Google licence-key check vs `in-app-purchase`, StoreKit 2 JWS vs Apple's SignedDataVerifier
 * (online checks off, test root). Returns the speed-up factors (ops/s ratio).
 */
export async function compareVerifiers(): Promise<{ googleVsPeer: number; appleVsOfficial: number }> {
  const google = await googleRates();
  const apple = await appleRates();
  const result = { googleVsPeer: google.ours / google.peer, appleVsOfficial: apple.ours / apple.official };
  console.log(`google-play: ours ${google.ours.toFixed(0)} ops/s, in-app-purchase ${google.peer.toFixed(0)} ops/s → ${result.googleVsPeer.toFixed(2)}×`);
  console.log(`app-store:   ours ${apple.ours.toFixed(0)} ops/s, SignedDataVerifier ${apple.official.toFixed(0)} ops/s → ${result.appleVsOfficial.toFixed(2)}×`);
  return result;
}

if (require.main === module) {
  compareVerifiers().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
