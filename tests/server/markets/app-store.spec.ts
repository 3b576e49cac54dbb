import { expect } from 'chai';
import { appStoreMarket, StoreKitJwsVerifier, type AppStoreServerApi } from '../../../server/src/markets/app-store';
import { startAppStoreSimulator, type AppStoreSimulator } from '../../simulators/app-store';
import { createApplePki } from '../../simulators/apple-pki';
import { signEs256Jws } from '../../simulators/jws';
import type { MarketService } from '../../../server/src/markets/types';
import { rejectionOf, testContext, thrownBy } from './support';

const BUNDLE = 'com.example.game';

describe('app-store verifier and App Store Server API (against the App Store simulator)', () => {
  let sim: AppStoreSimulator;
  let service: MarketService;
  const { ctx, clock } = testContext(Date.now());

  before(async () => {
    sim = await startAppStoreSimulator({ bundleId: BUNDLE, environment: 'Sandbox', now: ctx.now });
  });
  beforeEach(() => {
    service = appStoreMarket.create(sim.marketConfig(), ctx);
  });
  after(() => sim.close());

  it('maps a StoreKit 2 transaction: transactionId as id and token, appAccountToken binding, Sandbox = test', async () => {
    const token = '7e3fb20b-4cdb-47cc-936d-99d65f608138';
    const p = sim.purchase({ productId: 'gem_100', appAccountToken: token, quantity: 2 });
    const v = await service.verifier.verify({ signedTransaction: p.signedTransaction });
    expect(v).to.include({ market: 'app-store', storeTransactionId: p.transactionId, purchaseToken: p.transactionId, marketProductId: 'gem_100', quantity: 2, state: 'PURCHASED', environment: 'sandbox', test: true });
    expect(v.binding).to.deep.equal({ appAccountToken: token });
  });

  it('verifies each distinct chain once and keeps the cache bounded', async () => {
    const jws = new StoreKitJwsVerifier([sim.rootPem], ctx.now);
    for (let i = 0; i < 5; i++) jws.verifyAndDecode(sim.purchase({ productId: 'gem_100' }).signedTransaction);
    expect(jws.chains.cachedChains).to.equal(1);
    const payload = sim.purchase({ productId: 'gem_100' }).payload;
    for (let i = 0; i < 70; i++) {
      const leaf = await createApplePki({ at: clock.ms, parent: sim.pki, reuseIntermediate: true });
      jws.verifyAndDecode(signEs256Jws(payload, leaf.leafKey, { x5c: leaf.x5c }));
    }
    expect(jws.chains.cachedChains).to.equal(64);
  });

  const wrappers: [string, unknown, string][] = [
    ['a receipt without signedTransaction', { originalJson: '{}', signature: 'AAAA' }, 'RECEIPT_MALFORMED'],
    ['a receipt with an extra field', { signedTransaction: 'a.b.c', note: 'x' }, 'RECEIPT_MALFORMED'],
    ['an oversized JWS', { signedTransaction: `${'a'.repeat(40000)}.b.c` }, 'RECEIPT_TOO_LARGE'],
    ['a JWS with two segments', { signedTransaction: 'eyJhbGciOiJFUzI1NiJ9.e30' }, 'RECEIPT_MALFORMED'],
    ['a header that is not base64url JSON', { signedTransaction: 'bm90LWpzb24.e30.AAAA' }, 'RECEIPT_MALFORMED'],
    ['a JWS in the wrong base64 alphabet', { signedTransaction: 'eyJ+bGci.e30.AAAA' }, 'RECEIPT_MALFORMED'],
  ];
  for (const [name, receipt, code] of wrappers) {
    it(`attack: rejects ${name} with ${code}`, async () => {
      expect((await rejectionOf(service.verifier.verify(receipt))).code).to.equal(code);
    });
  }

  it('attack: rejects a correctly signed transaction without a transactionId (RECEIPT_MALFORMED)', async () => {
    const { transactionId: _drop, ...payload } = sim.purchase({ productId: 'gem_100' }).payload;
    expect((await rejectionOf(service.verifier.verify({ signedTransaction: sim.sign(payload) }))).code).to.equal('RECEIPT_MALFORMED');
  });

  it('attack: rejects a chain whose root is only in x5c[2], not in the configuration (RECEIPT_CHAIN_INVALID)', async () => {
    const rogue = await createApplePki({ at: clock.ms });
    const jws = signEs256Jws({ ...sim.purchase({ productId: 'gem_100' }).payload }, rogue.leafKey, { x5c: rogue.x5c });
    expect((await rejectionOf(service.verifier.verify({ signedTransaction: jws }))).code).to.equal('RECEIPT_CHAIN_INVALID');
  });

  it('reads a transaction through the Server API with a valid ES256 bearer and sees refunds', async () => {
    const p = sim.purchase({ productId: 'gem_100' });
    const ref = { marketProductId: 'gem_100', purchaseToken: p.transactionId, storeTransactionId: p.transactionId };
    const before = sim.authorizedCalls;
    expect((await service.storeApi!.getPurchase(ref)).state).to.equal('PURCHASED');
    sim.refund(p.transactionId);
    expect((await service.storeApi!.getPurchase(ref)).state).to.equal('REFUNDED');
    expect(sim.authorizedCalls - before).to.equal(2);
    const online = appStoreMarket.create(sim.marketConfig({ checkOnVerify: true }), ctx);
    expect((await online.verifier.verify({ signedTransaction: p.signedTransaction })).state).to.equal('CANCELED');
  });

  const failures: [string, number, number | undefined, string, boolean][] = [
    ['an unknown transaction (404 4040010)', 404, 4040010, 'RECEIPT_STORE_REJECTED', false],
    ['a rate limit (429 4290000)', 429, 4290000, 'VERIFICATION_RETRYABLE', true],
    ['an Apple outage (500 5000000)', 500, 5000000, 'VERIFICATION_RETRYABLE', true],
    ['a rejected bearer token (401, no body)', 401, undefined, 'STORE_AUTH_FAILED', true],
  ];
  for (const [name, status, errorCode, code, retryable] of failures) {
    it(`maps ${name} during online verification to ${code}`, async () => {
      const online = appStoreMarket.create(sim.marketConfig({ checkOnVerify: true }), ctx);
      const p = sim.purchase({ productId: 'gem_100' });
      sim.failNextApiCall(status, errorCode);
      expect(await rejectionOf(online.verifier.verify({ signedTransaction: p.signedTransaction }))).to.include({ code, retryable });
    });
  }

  it('rejects a Server API answer for another transaction, or one not signed by the trusted chain', async () => {
    const online = appStoreMarket.create(sim.marketConfig({ checkOnVerify: true }), ctx);
    const mine = sim.purchase({ productId: 'gem_100' });
    const other = sim.purchase({ productId: 'gem_100' });
    sim.answerNextApiCall({ status: 200, body: { signedTransactionInfo: other.signedTransaction } });
    expect((await rejectionOf(online.verifier.verify({ signedTransaction: mine.signedTransaction }))).code).to.equal('RECEIPT_STORE_REJECTED');
    const rogue = await createApplePki({ at: clock.ms });
    sim.answerNextApiCall({ status: 200, body: { signedTransactionInfo: signEs256Jws(mine.payload, rogue.leafKey, { x5c: rogue.x5c }) } });
    expect((await rejectionOf(online.verifier.verify({ signedTransaction: mine.signedTransaction }))).code).to.equal('RECEIPT_CHAIN_INVALID');
  });

  it('is refused by the store with a key it does not know (STORE_AUTH_FAILED)', async () => {
    const other = await startAppStoreSimulator({ bundleId: BUNDLE, now: ctx.now });
    try {
      const config = { ...sim.marketConfig(), serverApi: { ...other.apiKey, baseUrl: sim.baseUrl } };
      const p = sim.purchase({ productId: 'gem_100' });
      const api = appStoreMarket.create(config, ctx).storeApi as AppStoreServerApi;
      expect((await rejectionOf(api.getPurchase({ marketProductId: 'gem_100', purchaseToken: p.transactionId, storeTransactionId: p.transactionId }))).code).to.equal('STORE_AUTH_FAILED');
    } finally {
      await other.close();
    }
  });

  it('refuses to start without roots, with an unparsable root, or without a bundle id', () => {
    const base = sim.marketConfig({ serverApi: false });
    expect(thrownBy(() => appStoreMarket.create({ ...base, rootCertificates: [] }, ctx)).code).to.equal('MARKET_NOT_CONFIGURED');
    expect(thrownBy(() => appStoreMarket.create({ ...base, rootCertificates: ['A'.repeat(100)] }, ctx)).code).to.equal('MARKET_NOT_CONFIGURED');
    expect(thrownBy(() => appStoreMarket.create({ ...base, bundleId: undefined } as never, ctx)).code).to.equal('MARKET_NOT_CONFIGURED');
    expect(thrownBy(() => appStoreMarket.create({ ...base, environment: 'Xcode' } as never, ctx)).code).to.equal('MARKET_NOT_CONFIGURED');
  });
});
