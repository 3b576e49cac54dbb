import { generateKeyPairSync } from 'node:crypto';
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

  before(async () => {
    sim = await startGooglePlaySimulator({ packageName: PACKAGE, now: ctx.now });
  });
  // A fresh service (and token cache) per test; the store keeps its records.
  beforeEach(() => {
    service = googlePlayMarket.create(sim.marketConfig(), ctx);
  });
  after(() => sim.close());

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

  it('gives a pending receipt the store’s orderId online, so the id stays the same once it is paid', async () => {
    const r = sim.purchase({ productId: 'gem_100', pending: true });
    const pending = await service.verifier.verify({ originalJson: r.originalJson, signature: r.signature });
    expect(pending).to.include({ state: 'PENDING', storeTransactionId: sim.record(r.purchaseToken).orderId });
    const paid = sim.completePending(r.purchaseToken);
    const done = await service.verifier.verify({ originalJson: paid.originalJson, signature: paid.signature });
    expect(done).to.include({ state: 'PURCHASED', storeTransactionId: pending.storeTransactionId });
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
    expect(voided.voidedPurchases?.filter((v) => v.purchaseToken === r.purchaseToken).map((v) => v.voidedReason)).to.deep.equal([8]);
  });

  it('reuses one access token and re-issues it once it nears expiry', async () => {
    const r = sim.purchase({ productId: 'gem_100' });
    const before = sim.tokensIssued;
    await service.storeApi!.getPurchase(refOf(r));
    await service.storeApi!.getPurchase(refOf(r));
    expect(sim.tokensIssued - before).to.equal(1);
    clock.ms += 3600_000 - 30_000;
    await service.storeApi!.getPurchase(refOf(r));
    expect(sim.tokensIssued - before).to.equal(2);
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
    const json = { ...JSON.parse(sim.purchase({ productId: 'gem_100' }).originalJson), purchaseToken: 'never-issued-token', orderId: 'GPA.0000-0000-0000-00000' };
    const text = JSON.stringify(json);
    expect((await rejectionOf(service.verifier.verify({ originalJson: text, signature: sim.sign(text) }))).code).to.equal('RECEIPT_STORE_REJECTED');
    const r = sim.purchase({ productId: 'gem_100' });
    expect((await rejectionOf(service.storeApi!.getPurchase(refOf(r, 'gem_other')))).code).to.equal('RECEIPT_PRODUCT_MISMATCH');
  });

  it('fails with STORE_AUTH_FAILED when the service account key is not the registered one', async () => {
    const impostor = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const api = sim.marketConfig().developerApi!;
    const config = { ...sim.marketConfig(), developerApi: { ...api, serviceAccount: { ...api.serviceAccount, private_key: impostor } } };
    const r = sim.purchase({ productId: 'gem_100' });
    const err = await rejectionOf(googlePlayMarket.create(config, ctx).storeApi!.getPurchase(refOf(r)));
    expect(err).to.include({ code: 'STORE_AUTH_FAILED', retryable: true });
  });

  it('maps an unreachable store to a retryable error', async () => {
    const r = sim.purchase({ productId: 'gem_100' });
    const config = { ...sim.marketConfig(), developerApi: { ...sim.marketConfig().developerApi!, rootUrl: 'http://127.0.0.1:9/' } };
    const err = await rejectionOf(googlePlayMarket.create(config, ctx).verifier.verify({ originalJson: r.originalJson, signature: r.signature }));
    expect(err).to.include({ code: 'VERIFICATION_RETRYABLE', retryable: true });
  });
});

describe('Play simulator RTDN push authentication (google-auth-library verifies it)', () => {
  it('mints OIDC push tokens that verifyIdToken accepts for the right audience only', async () => {
    const { OAuth2Client } = await import('google-auth-library');
    const sim = await startGooglePlaySimulator({ packageName: PACKAGE });
    try {
      const client = new OAuth2Client({ endpoints: { oauth2FederatedSignonPemCertsUrl: sim.pushCertsUrl } });
      const audience = 'https://billing.example.com/v1/notifications/google-play';
      const ticket = await client.verifyIdToken({ idToken: sim.pushAuth.mint(audience), audience });
      expect(ticket.getPayload()).to.include({ email: sim.pushAuth.email, email_verified: true });
      const wrongAudience = await client.verifyIdToken({ idToken: sim.pushAuth.mint('https://evil.example.com'), audience }).then(() => 'accepted', () => 'rejected');
      expect(wrongAudience).to.equal('rejected');
      const body = sim.testNotification();
      expect(JSON.parse(Buffer.from(body.message.data, 'base64').toString())).to.include({ packageName: PACKAGE });
    } finally {
      await sim.close();
    }
  });
});
