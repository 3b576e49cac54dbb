import { expect } from 'chai';
import fc from 'fast-check';
import { BillingError } from '../../../assets/common-billing/protocol/error-codes';
import { googlePlayMarket } from '../../../server/src/markets/google-play';
import { appStoreMarket } from '../../../server/src/markets/app-store';
import { oneStoreMarket } from '../../../server/src/markets/one-store';
import { naverMarket } from '../../../server/src/markets/naver';
import { sandboxMarket } from '../../../server/src/markets/sandbox';
import type { ReceiptVerifier } from '../../../server/src/markets/types';
import { startGooglePlaySimulator, type GooglePlaySimulator } from '../../simulators/google-play';
import { startAppStoreSimulator, type AppStoreSimulator } from '../../simulators/app-store';
import { NaverSimulator } from '../../simulators/naver';
import { SandboxReceiptSigner } from '../../simulators/sandbox-receipts';
import { generateRsaLicenceKey } from '../../simulators/keys';
import { testContext } from './support';

/** Every failure must be a catalog error from the verification family: never a crash, never an approval. */
async function outcome(verifier: ReceiptVerifier, receipt: unknown): Promise<string> {
  try {
    await verifier.verify(receipt);
    return 'ACCEPTED';
  } catch (err) {
    if (!(err instanceof BillingError)) return `CRASH ${String(err)}`;
    return err.code;
  }
}

const flip = (text: string, index: number, char: string) => {
  const i = index % text.length;
  return text.slice(0, i) + (text[i] === char ? (char === 'A' ? 'B' : 'A') : char) + text.slice(i + 1);
};

describe('verifiers under random mutation (fast-check): fail closed with catalog codes', () => {
  const { ctx } = testContext(Date.now());
  let google: GooglePlaySimulator;
  let apple: AppStoreSimulator;
  const verifiers: Record<string, ReceiptVerifier> = {};

  before(async () => {
    google = await startGooglePlaySimulator({ packageName: 'com.example.game', now: ctx.now });
    apple = await startAppStoreSimulator({ bundleId: 'com.example.game', now: ctx.now });
    verifiers.google = googlePlayMarket.create(google.marketConfig({ online: false }), ctx).verifier;
    verifiers.apple = appStoreMarket.create(apple.marketConfig({ serverApi: false }), ctx).verifier;
    verifiers.one = oneStoreMarket.create({ packageName: 'com.example.game', licenceKey: generateRsaLicenceKey().licenceKey }, ctx).verifier;
    verifiers.naver = naverMarket.create(new NaverSimulator('com.example.game').marketConfig(), ctx).verifier;
    verifiers.sandbox = sandboxMarket.create(new SandboxReceiptSigner('com.example.game').marketConfig(), ctx).verifier;
  });
  after(async () => {
    await google.close();
    await apple.close();
  });

  it('a Play receipt with any single character changed is refused with a RECEIPT_ code', async () => {
    const r = google.purchase({ productId: 'gem_100', obfuscatedAccountId: 'acc' });
    await fc.assert(fc.asyncProperty(fc.boolean(), fc.nat(), fc.constantFrom('A', '0', '"', '{', ' ', '+', '/', '=', '\u00e9'), async (inJson, index, char) => {
      const receipt = inJson ? { originalJson: flip(r.originalJson, index, char), signature: r.signature } : { originalJson: r.originalJson, signature: flip(r.signature, index, char) };
      // Only a non-canonical spelling of the very same signature bytes (unused base64 bits) may pass.
      const sameBytes = receipt.originalJson === r.originalJson && Buffer.from(receipt.signature, 'base64').equals(Buffer.from(r.signature, 'base64'));
      expect(await outcome(verifiers.google!, receipt)).to.match(sameBytes ? /^(RECEIPT_|ACCEPTED$)/ : /^RECEIPT_/);
    }), { numRuns: 150 });
  });

  it('a StoreKit JWS with any single character changed is refused with a RECEIPT_ code', async () => {
    const { signedTransaction } = apple.purchase({ productId: 'gem_100' });
    await fc.assert(fc.asyncProperty(fc.nat(), fc.constantFrom('A', 'z', '0', '-', '_', '.', '='), async (index, char) => {
      const mutated = flip(signedTransaction, index, char);
      const [h, p, sig] = mutated.split('.');
      const [oh, op, osig] = signedTransaction.split('.') as [string, string, string];
      const sameBytes = h === oh && p === op && sig !== undefined && Buffer.from(sig, 'base64url').equals(Buffer.from(osig, 'base64url'));
      expect(await outcome(verifiers.apple!, { signedTransaction: mutated })).to.match(sameBytes ? /^(RECEIPT_|ACCEPTED$)/ : /^RECEIPT_/);
    }), { numRuns: 150 });
  });

  it('arbitrary JSON values as receipts never crash any verifier', async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom('google', 'apple', 'one', 'naver', 'sandbox'), fc.jsonValue({ maxDepth: 3 }), async (market, value) => {
      expect(await outcome(verifiers[market]!, value)).to.match(/^RECEIPT_/);
    }), { numRuns: 200 });
  });

  it('receipt-shaped objects with random strings never crash any verifier', async () => {
    const shaped = fc.oneof(
      fc.record({ originalJson: fc.string({ maxLength: 300 }), signature: fc.string({ maxLength: 400 }) }),
      fc.record({ originalJson: fc.json(), signature: fc.base64String({ maxLength: 400 }) }),
      fc.record({ signedTransaction: fc.array(fc.base64String({ maxLength: 120 }), { minLength: 1, maxLength: 4 }).map((parts) => parts.join('.').replace(/\+/g, '-').replace(/\//g, '_').replace(/=/g, '')) }),
    );
    await fc.assert(fc.asyncProperty(fc.constantFrom('google', 'apple', 'one', 'naver', 'sandbox'), shaped, async (market, receipt) => {
      expect(await outcome(verifiers[market]!, receipt)).to.match(/^RECEIPT_/);
    }), { numRuns: 300 });
  });
});
