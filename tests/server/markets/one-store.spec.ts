import { expect } from 'chai';
import { oneStoreMarket } from '../../../server/src/markets/one-store';
import { startOneStoreSimulator, type OneStoreSimulator } from '../../simulators/one-store';
import { generateRsaLicenceKey, signText } from '../../simulators/keys';
import type { MarketService } from '../../../server/src/markets/types';
import { rejectionOf, testContext, thrownBy } from './support';

const PACKAGE = 'com.example.game';

describe('one-store verifier and V7 server API (against the ONE store simulator)', () => {
  let sim: OneStoreSimulator;
  let prod: OneStoreSimulator;
  let service: MarketService;
  const { ctx, clock } = testContext();

  before(async () => {
    sim = await startOneStoreSimulator({ packageName: PACKAGE, environment: 'sandbox', now: ctx.now });
    prod = await startOneStoreSimulator({ packageName: PACKAGE, environment: 'production', now: ctx.now });
  });
  beforeEach(() => {
    service = oneStoreMarket.create(sim.marketConfig(), ctx);
  });
  after(async () => {
    await sim.close();
    await prod.close();
  });

  const refOf = (p: { purchaseToken: string; purchaseId: string }) => ({ marketProductId: 'gem_100', purchaseToken: p.purchaseToken, storeTransactionId: p.purchaseId, developerPayload: 'dp' });

  it('verifies a sandbox purchase: purchaseId as id, developerPayload binding, flagged test', async () => {
    const p = sim.purchase({ productId: 'gem_100', developerPayload: 'dp-1' });
    const v = await service.verifier.verify({ originalJson: p.originalJson, signature: p.signature });
    expect(v).to.include({ market: 'one-store', storeTransactionId: p.purchaseId, purchaseToken: p.purchaseToken, state: 'PURCHASED', test: true, environment: 'sandbox' });
    expect(v.binding).to.deep.equal({ developerPayload: 'dp-1' });
  });

  it('verifies a production purchase offline as real revenue', async () => {
    const p = prod.purchase({ productId: 'gem_100', developerPayload: 'dp' });
    const v = await oneStoreMarket.create(prod.marketConfig({ online: false }), ctx).verifier.verify({ originalJson: p.originalJson, signature: p.signature });
    expect(v).to.include({ test: false, environment: 'production', state: 'PURCHASED' });
  });

  const signed = (text: string) => ({ originalJson: text, signature: sim.sign(text) });
  const base = () => JSON.parse(sim.purchase({ productId: 'gem_100' }).originalJson) as Record<string, unknown>;
  const attacks: [string, () => unknown, string][] = [
    ['a SHA-1 signature where ONE store uses SHA-512', () => { const t = JSON.stringify(base()); return { originalJson: t, signature: signText(t, sim.key.privateKey, 'sha1') }; }, 'RECEIPT_SIGNATURE_INVALID'],
    ['a receipt signed by a foreign licence key', () => { const t = JSON.stringify(base()); return { originalJson: t, signature: signText(t, generateRsaLicenceKey().privateKey, 'sha512') }; }, 'RECEIPT_SIGNATURE_INVALID'],
    ['a forged developerPayload under the original signature', () => { const p = sim.purchase({ productId: 'gem_100', developerPayload: 'mine' }); return { originalJson: p.originalJson.replace('"mine"', '"yours"'), signature: p.signature }; }, 'RECEIPT_SIGNATURE_INVALID'],
    ['another package', () => signed(JSON.stringify({ ...base(), packageName: 'com.evil.clone' })), 'RECEIPT_PACKAGE_MISMATCH'],
    ['a canceled purchaseState that is unknown (7)', () => signed(JSON.stringify({ ...base(), purchaseState: 7 })), 'RECEIPT_MALFORMED'],
    ['a missing purchaseId', () => signed(JSON.stringify({ ...base(), purchaseId: undefined })), 'RECEIPT_MALFORMED'],
    ['an oversized developerPayload', () => signed(JSON.stringify({ ...base(), developerPayload: 'p'.repeat(4000) })), 'RECEIPT_TOO_LARGE'],
  ];
  for (const [name, build, code] of attacks) {
    it(`attack: rejects ${name} with ${code}`, async () => {
      expect((await rejectionOf(oneStoreMarket.create(sim.marketConfig({ online: false }), ctx).verifier.verify(build()))).code).to.equal(code);
    });
  }

  it('attack: refuses a sandbox purchase sent to an app that does not allow test purchases', async () => {
    const p = sim.purchase({ productId: 'gem_100' });
    const strict = oneStoreMarket.create({ ...sim.marketConfig({ online: false }), allowTestPurchases: false }, ctx);
    expect((await rejectionOf(strict.verifier.verify({ originalJson: p.originalJson, signature: p.signature }))).code).to.equal('RECEIPT_TEST_NOT_ALLOWED');
  });

  it('reads state online: a refund reported by the store turns a still-valid receipt into CANCELED', async () => {
    const p = sim.purchase({ productId: 'gem_100' });
    sim.refund(p.purchaseToken);
    expect((await service.verifier.verify({ originalJson: p.originalJson, signature: p.signature })).state).to.equal('CANCELED');
  });

  it('acknowledges at /purchases/all/ and consumes at /purchases/inapp/; a repeat is STORE_REQUEST_REJECTED', async () => {
    const a = sim.purchase({ productId: 'gem_100' });
    await service.storeApi!.acknowledge!(refOf(a));
    expect(sim.record(a.purchaseToken).acknowledgeState).to.equal(1);
    expect((await rejectionOf(service.storeApi!.acknowledge!(refOf(a)))).code).to.equal('STORE_REQUEST_REJECTED');
    const c = sim.purchase({ productId: 'gem_100' });
    await service.storeApi!.consume!(refOf(c));
    expect(await service.storeApi!.getPurchase(refOf(c))).to.include({ consumed: true, acknowledged: true, state: 'PURCHASED' });
  });

  it('auto-refunds a purchase nobody acknowledged within three days', async () => {
    const p = sim.purchase({ productId: 'gem_100' });
    clock.ms += 3 * 86_400_000 + 1;
    expect((await service.storeApi!.getPurchase(refOf(p))).state).to.equal('REFUNDED');
  });

  it('re-issues the token when fewer than 600 s remain and after the store says AccessTokenExpired', async () => {
    const p = sim.purchase({ productId: 'gem_100' });
    const start = sim.tokensIssued;
    await service.storeApi!.getPurchase(refOf(p));
    await service.storeApi!.getPurchase(refOf(p));
    expect(sim.tokensIssued - start).to.equal(1);
    clock.ms += 3600_000 - 599_000;
    await service.storeApi!.getPurchase(refOf(p));
    expect(sim.tokensIssued - start).to.equal(2);
    sim.expireAccessTokens();
    expect((await service.storeApi!.getPurchase(refOf(p))).state).to.equal('PURCHASED');
    expect(sim.tokensIssued - start).to.equal(3);
  });

  const failures: [string, (s: OneStoreSimulator) => void, string, boolean][] = [
    ['an outage (503)', (s) => s.failNextApiCall(503, 'ServerError'), 'VERIFICATION_RETRYABLE', true],
    ['a purchase unknown to the store (404 NoSuchData)', (s) => s.failNextApiCall(404, 'NoSuchData'), 'RECEIPT_STORE_REJECTED', false],
  ];
  for (const [name, inject, code, retryable] of failures) {
    it(`maps ${name} during verification to ${code}`, async () => {
      const p = sim.purchase({ productId: 'gem_100' });
      await service.storeApi!.getPurchase(refOf(p));
      inject(sim);
      expect(await rejectionOf(service.verifier.verify({ originalJson: p.originalJson, signature: p.signature }))).to.include({ code, retryable });
    });
  }

  it('sees a wrong x-market-code as NoSuchData (RECEIPT_STORE_REJECTED), and a wrong secret as STORE_AUTH_FAILED', async () => {
    const p = sim.purchase({ productId: 'gem_100' });
    const receipt = { originalJson: p.originalJson, signature: p.signature };
    const glb = oneStoreMarket.create(sim.marketConfig({ marketCode: 'MKT_GLB' }), ctx);
    expect((await rejectionOf(glb.verifier.verify(receipt))).code).to.equal('RECEIPT_STORE_REJECTED');
    const config = sim.marketConfig();
    const bad = oneStoreMarket.create({ ...config, serverApi: { ...config.serverApi!, clientSecret: 'wrong' } }, ctx);
    expect(await rejectionOf(bad.verifier.verify(receipt))).to.include({ code: 'STORE_AUTH_FAILED', retryable: true });
  });

  it('refuses to start without a licence key or API credentials', () => {
    expect(thrownBy(() => oneStoreMarket.create({ packageName: PACKAGE } as never, ctx)).code).to.equal('MARKET_NOT_CONFIGURED');
    const config = sim.marketConfig();
    expect(thrownBy(() => oneStoreMarket.create({ ...config, serverApi: { ...config.serverApi!, clientSecret: '' } }, ctx)).code).to.equal('MARKET_NOT_CONFIGURED');
  });
});
