import { expect } from 'chai';
import { oneStoreMarket } from '../../../../server/src/markets/one-store';
import type { MarketService } from '../../../../server/src/markets/types';
import type { MarketSubscriptions, SubscriptionSnapshot } from '../../../../server/src/subscriptions/types';
import { startOneStoreSimulator, type OneStoreSimulator } from '../../../simulators/one-store';
import { rejectionOf, testContext } from '../support';

const PACKAGE = 'com.example.vip';
const MONTH = 30 * 86_400_000;
const DAY = 86_400_000;

/**
 * Issue #16, ONE store market folder: the signed PurchaseData alone, and the V7 subscription
 * detail (against the simulator, on an injected clock) for every state the guide names.
 */
describe('one-store subscriptions (market folder, against the ONE store simulator)', () => {
  let sim: OneStoreSimulator;
  let online: MarketService;
  let offline: MarketService;
  const { ctx, clock } = testContext();

  before(async () => {
    sim = await startOneStoreSimulator({ packageName: PACKAGE, environment: 'sandbox', now: ctx.now });
  });
  after(async () => sim.close());
  beforeEach(() => {
    online = oneStoreMarket.create(sim.marketConfig(), ctx);
    offline = oneStoreMarket.create(sim.marketConfig({ online: false }), ctx);
  });

  const subs = (s: MarketService): MarketSubscriptions => {
    if (!s.subscriptions) throw new Error('ONE store must offer subscriptions');
    return s.subscriptions;
  };
  const read = (token: string): Promise<SubscriptionSnapshot> => subs(online).api!.read({ chainKey: token, marketProductId: 'vip_month' });

  it('signed only: the PurchaseData gives ACTIVE, its purchase time, a period end estimated from the catalog, source signed', async () => {
    const s = sim.subscribe({ productId: 'vip_month', developerPayload: 'dp-1', periodMs: MONTH });
    const receipt = await offline.verifier.verify({ originalJson: s.originalJson, signature: s.signature });
    expect(subs(offline).api).to.equal(undefined);
    const snap = subs(offline).fromReceipt(receipt, { periodMs: MONTH });
    expect(snap).to.include({
      market: 'one-store', chainKey: s.purchaseToken, marketProductId: 'vip_month', state: 'ACTIVE', autoRenew: true,
      periodStartMs: clock.ms, periodEndMs: clock.ms + MONTH, periodEndEstimated: true, source: 'signed', periodTransactionId: s.purchaseId, test: true,
    });
    expect(snap.binding).to.deep.equal({ developerPayload: 'dp-1' });
  });

  it('verifies a subscription receipt online through the subscription detail (not the in-app one, which does not know it)', async () => {
    const s = sim.subscribe({ productId: 'vip_month', periodMs: MONTH });
    const receipt = await online.verifier.verify({ originalJson: s.originalJson, signature: s.signature });
    expect(receipt).to.include({ state: 'PURCHASED', storeFinished: false, purchaseToken: s.purchaseToken });
    // The in-app detail answers NoSuchData for a subscription token, as the store would.
    const inapp = await rejectionOf(online.storeApi!.getPurchase({ marketProductId: 'vip_month', purchaseToken: s.purchaseToken, storeTransactionId: s.purchaseId }));
    expect(inapp.code).to.match(/^RECEIPT_/);
  });

  it('confirmed with the store API: every transition on an injected clock maps to our state, period end and charge', async () => {
    const start = clock.ms;
    const s = sim.subscribe({ productId: 'vip_month', periodMs: MONTH, price: '5500' });
    let snap = await read(s.purchaseToken);
    expect(snap).to.include({ state: 'ACTIVE', periodEndMs: start + MONTH, autoRenew: true, source: 'store-api', asOfMs: clock.ms, periodTransactionId: s.purchaseId });
    expect(snap.charged).to.deep.equal({ priceMicros: 5_500_000_000, currency: 'KRW' });
    expect(snap.periodEndEstimated).to.equal(undefined);
    // Acknowledged in time, or the store would refund it after 3 days.
    await subs(online).api!.acknowledge!({ chainKey: s.purchaseToken, marketProductId: 'vip_month' });

    clock.ms = start + MONTH;
    sim.renew(s.purchaseToken);
    snap = await read(s.purchaseToken);
    expect(snap).to.include({ state: 'ACTIVE', periodEndMs: start + 2 * MONTH });
    expect(snap.periodTransactionId).to.not.equal(s.purchaseId);
    const secondCharge = snap.periodTransactionId;

    clock.ms = start + 2 * MONTH;
    sim.failRenewal(s.purchaseToken, 3 * DAY);
    expect(await read(s.purchaseToken)).to.include({ state: 'IN_GRACE', periodEndMs: clock.ms + 3 * DAY, graceEndMs: clock.ms + 3 * DAY, autoRenew: true });

    clock.ms += 3 * DAY;
    sim.hold(s.purchaseToken);
    clock.ms += 1;
    expect(await read(s.purchaseToken)).to.include({ state: 'ON_HOLD', autoRenew: true });

    clock.ms += DAY;
    sim.recover(s.purchaseToken);
    snap = await read(s.purchaseToken);
    expect(snap).to.include({ state: 'ACTIVE', periodEndMs: clock.ms + MONTH });
    expect(snap.periodTransactionId).to.not.equal(secondCharge);

    sim.cancel(s.purchaseToken);
    expect(await read(s.purchaseToken)).to.include({ state: 'CANCELED_ACTIVE', autoRenew: false });
    sim.restart(s.purchaseToken);
    expect(await read(s.purchaseToken)).to.include({ state: 'ACTIVE', autoRenew: true });

    clock.ms += MONTH;
    sim.pause(s.purchaseToken, clock.ms + MONTH);
    clock.ms += 1;
    expect(await read(s.purchaseToken)).to.include({ state: 'PAUSED', resumesAtMs: clock.ms - 1 + MONTH });
    clock.ms += MONTH;
    sim.resume(s.purchaseToken);
    expect(await read(s.purchaseToken)).to.include({ state: 'ACTIVE', periodEndMs: clock.ms + MONTH });

    sim.cancel(s.purchaseToken);
    clock.ms += MONTH;
    sim.expire(s.purchaseToken);
    clock.ms += 1;
    expect(await read(s.purchaseToken)).to.include({ state: 'EXPIRED', autoRenew: false });
  });

  it('with the catalog\u2019s period, a renewal\u2019s period starts at the last boundary before the expiry (the detail names only the subscription\u2019s start)', async () => {
    const start = clock.ms;
    const s = sim.subscribe({ productId: 'vip_month', periodMs: MONTH });
    clock.ms = start + MONTH;
    sim.renew(s.purchaseToken);
    clock.ms = start + 2 * MONTH;
    sim.renew(s.purchaseToken);
    const withPeriod = await subs(online).api!.read({ chainKey: s.purchaseToken, marketProductId: 'vip_month', period: 'P30D' });
    expect([withPeriod.periodStartMs, withPeriod.periodEndMs]).to.deep.equal([start + 2 * MONTH, start + 3 * MONTH]);
    // Without the catalog's period the subscription's start stands in.
    expect((await read(s.purchaseToken)).periodStartMs).to.equal(start);
  });

  it('a refund revokes: the detail says REVOKED, and the purchase re-read says REFUNDED', async () => {
    const s = sim.subscribe({ productId: 'vip_month', periodMs: MONTH });
    clock.ms += DAY;
    sim.refundSubscription(s.purchaseToken);
    expect(await read(s.purchaseToken)).to.include({ state: 'REVOKED', autoRenew: false });
    const status = await online.storeApi!.getPurchase({ marketProductId: 'vip_month', purchaseToken: s.purchaseToken, storeTransactionId: s.purchaseId, productType: 'subscription' });
    expect(status.state).to.equal('REFUNDED');
  });

  it('acknowledges within the 3-day deadline at /purchases/all/…/acknowledge; an unacknowledged one is refunded after 3 days', async () => {
    const kept = sim.subscribe({ productId: 'vip_month', periodMs: MONTH, developerPayload: 'dp' });
    const lost = sim.subscribe({ productId: 'vip_month', periodMs: MONTH });
    const ref = { marketProductId: 'vip_month', purchaseToken: kept.purchaseToken, storeTransactionId: kept.purchaseId, productType: 'subscription' as const };
    expect((await online.storeApi!.getPurchase(ref)).acknowledged).to.equal(false);
    clock.ms += 2 * DAY;
    await subs(online).api!.acknowledge!({ chainKey: kept.purchaseToken, marketProductId: 'vip_month', developerPayload: 'dp' });
    expect(sim.subscription(kept.purchaseToken).acknowledgementState).to.equal(1);
    expect((await online.storeApi!.getPurchase(ref)).acknowledged).to.equal(true);
    clock.ms += 2 * DAY;
    expect(await read(kept.purchaseToken)).to.include({ state: 'ACTIVE' });
    expect(await read(lost.purchaseToken)).to.include({ state: 'REVOKED' });
  });

  it('a detail without the confirmed fields is refused, never read as active (fail closed)', async () => {
    const s = sim.subscribe({ productId: 'vip_month', periodMs: MONTH });
    sim.failNextApiCall(200, 'ignored');
    // The simulator answers {error:…} with 200: no expiryTimeMillis, no autoRenewing.
    expect((await rejectionOf(read(s.purchaseToken))).code).to.equal('RECEIPT_STORE_REJECTED');
  });

  it('names the ONE store subscription screen for the product', () => {
    const url = subs(offline).manageUrl('vip_month');
    expect(url).to.match(/^onestore:\/\//);
    expect(url).to.contain('productId=vip_month').and.contain(`packageName=${PACKAGE}`);
  });
});
