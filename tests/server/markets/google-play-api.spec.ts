import { expect } from 'chai';
import { googlePlayMarket, type GooglePlayDeveloperApi } from '../../../server/src/markets/google-play';
import { startGooglePlaySimulator, type GooglePlaySimulator } from '../../simulators/google-play';
import { AUTO_REFUND_MS } from '../../simulators/google-play-records';
import type { MarketService } from '../../../server/src/markets/types';
import { rejectionOf, testContext } from './support';

const PACKAGE = 'com.example.game';

describe('google-play Developer API (against the Play simulator)', () => {
  let sim: GooglePlaySimulator;
  let service: MarketService;
  const { ctx, clock } = testContext();

  beforeEach(async () => {
    sim = await startGooglePlaySimulator({ packageName: PACKAGE, now: ctx.now });
    service = googlePlayMarket.create(sim.marketConfig(), ctx);
  });
  afterEach(() => sim.close());

  const refOf = (r: { purchaseToken: string; orderId?: string }, productId = 'gem_100') =>
    ({ marketProductId: productId, purchaseToken: r.purchaseToken, storeTransactionId: r.orderId ?? r.purchaseToken });

  it('verifies online: state, acknowledgement and the test flag come from the store', async () => {
    const r = sim.purchase({ productId: 'gem_100' });
    const v = await service.verifier.verify({ originalJson: r.originalJson, signature: r.signature });
    expect(v).to.include({ state: 'PURCHASED', test: false, storeFinished: false });
    await service.storeApi!.acknowledge!(refOf(r));
    expect(sim.record(r.purchaseToken).acknowledged).to.equal(true);
    expect((await service.verifier.verify({ originalJson: r.originalJson, signature: r.signature })).storeFinished).to.equal(true);
  });

  it('refuses a licence-tester purchase unless test purchases are allowed, then flags it', async () => {
    const r = sim.purchase({ productId: 'gem_100', test: true });
    const receipt = { originalJson: r.originalJson, signature: r.signature };
    expect((await rejectionOf(service.verifier.verify(receipt))).code).to.equal('RECEIPT_TEST_NOT_ALLOWED');
    const lenient = googlePlayMarket.create(sim.marketConfig({ allowTestPurchases: true }), ctx);
    expect(await lenient.verifier.verify(receipt)).to.include({ test: true, state: 'PURCHASED' });
  });

  it('sees a refunded purchase as CANCELED even though its client receipt still verifies', async () => {
    const r = sim.purchase({ productId: 'gem_100' });
    sim.refund(r.purchaseToken);
    expect((await service.verifier.verify({ originalJson: r.originalJson, signature: r.signature })).state).to.equal('CANCELED');
  });

  it('follows a pending purchase to PURCHASED', async () => {
    const r = sim.purchase({ productId: 'gem_100', pending: true });
    expect((await service.storeApi!.getPurchase(refOf(r))).state).to.equal('PENDING');
    expect((await rejectionOf(service.storeApi!.acknowledge!(refOf(r)))).code).to.equal('STORE_REQUEST_REJECTED');
    sim.completePending(r.purchaseToken);
    expect((await service.storeApi!.getPurchase(refOf(r))).state).to.equal('PURCHASED');
  });

  it('consumes once; a second consume is a permanent STORE_REQUEST_REJECTED', async () => {
    const r = sim.purchase({ productId: 'gem_100' });
    await service.storeApi!.consume!(refOf(r));
    const status = await service.storeApi!.getPurchase(refOf(r));
    expect(status).to.include({ consumed: true, acknowledged: true });
    const err = await rejectionOf(service.storeApi!.consume!(refOf(r)));
    expect(err).to.include({ code: 'STORE_REQUEST_REJECTED', retryable: false });
  });

  it('auto-refunds an unacknowledged purchase after three days and lists it as voided (reason 8)', async () => {
    const r = sim.purchase({ productId: 'gem_100' });
    clock.ms += AUTO_REFUND_MS + 1000;
    expect((await service.storeApi!.getPurchase(refOf(r))).state).to.equal('CANCELED');
    const api = service.storeApi as GooglePlayDeveloperApi;
    const voided = await api.listVoided(clock.ms - 86_400_000);
    expect(voided.voidedPurchases?.map((v) => [v.purchaseToken, v.voidedReason])).to.deep.equal([[r.purchaseToken, 8]]);
  });

  it('reuses one access token and re-issues it once it nears expiry', async () => {
    const r = sim.purchase({ productId: 'gem_100' });
    await service.storeApi!.getPurchase(refOf(r));
    await service.storeApi!.getPurchase(refOf(r));
    expect(sim.tokensIssued).to.equal(1);
    clock.ms += 3600_000 - 30_000;
    await service.storeApi!.getPurchase(refOf(r));
    expect(sim.tokensIssued).to.equal(2);
  });

  const failures: [string, (s: GooglePlaySimulator) => void, string, boolean][] = [
    ['an outage (503)', (s) => s.failNextApiCall(503), 'VERIFICATION_RETRYABLE', true],
    ['a rate limit (429)', (s) => s.failNextApiCall(429, 'rateLimitExceeded'), 'VERIFICATION_RETRYABLE', true],
    ['revoked credentials (401)', (s) => s.revokeAccessTokens(), 'STORE_AUTH_FAILED', true],
  ];
  for (const [name, inject, code, retryable] of failures) {
    it(`maps ${name} during verification to ${code}`, async () => {
      const r = sim.purchase({ productId: 'gem_100' });
      await service.storeApi!.getPurchase(refOf(r));
      inject(sim);
      const err = await rejectionOf(service.verifier.verify({ originalJson: r.originalJson, signature: r.signature }));
      expect(err).to.include({ code, retryable });
    });
  }

  it('rejects a signed receipt the store does not know (404) and a token of another product (400)', async () => {
    const stranger = await startGooglePlaySimulator({ packageName: PACKAGE, now: ctx.now });
    try {
      // Same licence key trick is impossible, so re-sign a foreign token with our store's key.
      const foreign = stranger.purchase({ productId: 'gem_100' });
      const resigned = { originalJson: foreign.originalJson, signature: sim.sign(foreign.originalJson) };
      expect((await rejectionOf(service.verifier.verify(resigned))).code).to.equal('RECEIPT_STORE_REJECTED');
    } finally {
      await stranger.close();
    }
    const r = sim.purchase({ productId: 'gem_100' });
    expect((await rejectionOf(service.storeApi!.getPurchase(refOf(r, 'gem_other')))).code).to.equal('RECEIPT_PRODUCT_MISMATCH');
  });

  it('fails with STORE_AUTH_FAILED when the service account key is not the registered one', async () => {
    const other = await startGooglePlaySimulator({ packageName: PACKAGE, now: ctx.now });
    try {
      const config = { ...sim.marketConfig(), developerApi: { serviceAccount: other.serviceAccount, rootUrl: sim.baseUrl, tokenUrl: sim.tokenUrl } };
      const r = sim.purchase({ productId: 'gem_100' });
      const err = await rejectionOf(googlePlayMarket.create(config, ctx).storeApi!.getPurchase(refOf(r)));
      expect(err).to.include({ code: 'STORE_AUTH_FAILED', retryable: true });
    } finally {
      await other.close();
    }
  });

  it('maps an unreachable store to a retryable error', async () => {
    const r = sim.purchase({ productId: 'gem_100' });
    await sim.close();
    const err = await rejectionOf(service.verifier.verify({ originalJson: r.originalJson, signature: r.signature }));
    expect(err).to.include({ code: 'VERIFICATION_RETRYABLE', retryable: true });
    sim = await startGooglePlaySimulator({ packageName: PACKAGE, now: ctx.now });
  });
});
