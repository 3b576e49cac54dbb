import { expect } from 'chai';
import { googlePlayMarket } from '../../../../server/src/markets/google-play';
import { SUBSCRIPTION_TYPES, subscriptionNoticeOf } from '../../../../server/src/markets/google-play/subscription-notifications';
import type { MarketService } from '../../../../server/src/markets/types';
import type { SubscriptionStoreApi } from '../../../../server/src/subscriptions/types';
import { startGooglePlaySimulator, type GooglePlaySimulator, type SignedGoogleReceipt } from '../../../simulators/google-play';
import { rejectionOf, testContext } from '../support';

const PACKAGE = 'com.example.game';
const DAY = 86_400_000;
const MONTH = 30 * DAY;

describe('google-play subscriptions (market, against the Play simulator)', () => {
  let sim: GooglePlaySimulator;
  let service: MarketService;
  let api: SubscriptionStoreApi;
  const { ctx, clock } = testContext();

  before(async () => {
    sim = await startGooglePlaySimulator({ packageName: PACKAGE, now: ctx.now });
  });
  beforeEach(() => {
    service = googlePlayMarket.create(sim.marketConfig(), ctx);
    api = service.subscriptions!.api!;
  });
  after(() => sim.close());

  const receiptOf = (r: SignedGoogleReceipt) => ({ originalJson: r.originalJson, signature: r.signature });
  const read = (token: string, productId = 'vip_monthly') => api.read({ chainKey: token, marketProductId: productId });
  /** Bought and acknowledged (Play revokes what is left unacknowledged for 3 days). */
  const subscribed = async (input: Parameters<GooglePlaySimulator['subscribe']>[0]) => {
    const r = sim.subscribe(input);
    await api.acknowledge!({ chainKey: r.purchaseToken, marketProductId: input.productId });
    return r;
  };

  it('reads a new subscription from subscriptionsv2: ACTIVE, its period, order, binding and base plan', async () => {
    const start = clock.ms;
    const r = sim.subscribe({ productId: 'vip_monthly', periodMs: MONTH, obfuscatedAccountId: 'acc-1', obfuscatedProfileId: 'prof-1', priceMicros: 4_990_000, currency: 'USD' });
    const s = await read(r.purchaseToken);
    expect(s).to.deep.include({
      market: 'google-play', chainKey: r.purchaseToken, marketProductId: 'vip_monthly', state: 'ACTIVE', autoRenew: true,
      periodStartMs: start, periodEndMs: start + MONTH, periodTransactionId: r.orderId, source: 'store-api', test: false,
      asOfMs: clock.ms, charged: { priceMicros: 4_990_000, currency: 'USD' }, binding: { obfuscatedAccountId: 'acc-1', obfuscatedProfileId: 'prof-1' },
    });
    expect(s.offer).to.equal(undefined);
    expect(s.periodEndEstimated).to.not.equal(true);
  });

  it('renewals: a new order ..N per period on the same token, the period moves on', async () => {
    const start = clock.ms;
    const r = await subscribed({ productId: 'vip_monthly', periodMs: MONTH });
    clock.ms += MONTH;
    sim.renewSubscription(r.purchaseToken);
    clock.ms += MONTH;
    sim.renewSubscription(r.purchaseToken);
    const s = await read(r.purchaseToken);
    expect(s).to.include({ state: 'ACTIVE', periodTransactionId: `${r.orderId}..1`, periodEndMs: start + 3 * MONTH, periodStartMs: start + 2 * MONTH });
  });

  it('maps every subscriptionState: grace, hold, paused, canceled (before and after expiry), expired, revoked', async () => {
    const start = clock.ms;
    const r = await subscribed({ productId: 'vip_monthly', periodMs: MONTH });
    clock.ms = start + MONTH;
    sim.failSubscriptionRenewal(r.purchaseToken);
    expect(await read(r.purchaseToken)).to.include({ state: 'IN_GRACE', graceEndMs: start + MONTH + sim.graceMs, periodEndMs: start + MONTH + sim.graceMs });
    clock.ms += sim.graceMs;
    sim.holdSubscription(r.purchaseToken);
    expect(await read(r.purchaseToken)).to.include({ state: 'ON_HOLD', periodEndMs: start + MONTH });
    sim.recoverSubscription(r.purchaseToken);
    expect(await read(r.purchaseToken), 'after a hold the period restarts at the recovery (its order says so)')
      .to.include({ state: 'ACTIVE', periodStartMs: clock.ms, periodEndMs: clock.ms + MONTH, periodTransactionId: `${r.orderId}..0` });
    sim.pauseSubscription(r.purchaseToken, 7 * DAY);
    expect(await read(r.purchaseToken)).to.include({ state: 'PAUSED', resumesAtMs: clock.ms + 7 * DAY });
    sim.resumeSubscription(r.purchaseToken);
    const resumed = await read(r.purchaseToken);
    expect(resumed).to.include({ state: 'ACTIVE' });
    sim.cancelSubscription(r.purchaseToken);
    expect(await read(r.purchaseToken)).to.include({ state: 'CANCELED_ACTIVE', autoRenew: false, periodEndMs: resumed.periodEndMs });
    sim.restartSubscription(r.purchaseToken);
    expect(await read(r.purchaseToken)).to.include({ state: 'ACTIVE', autoRenew: true });
    sim.cancelSubscription(r.purchaseToken);
    clock.ms = resumed.periodEndMs + 1;
    expect(await read(r.purchaseToken)).to.include({ state: 'EXPIRED' });

    const other = sim.subscribe({ productId: 'vip_monthly', periodMs: MONTH });
    sim.revokeSubscription(other.purchaseToken);
    expect(await read(other.purchaseToken), 'subscriptionsv2 says EXPIRED; the refunded order says revoked').to.include({ state: 'REVOKED', periodEndMs: clock.ms });
    sim.ordersForbidden = true;
    try {
      expect(await read(other.purchaseToken), 'without the order only the lapse is known').to.include({ state: 'EXPIRED' });
    } finally {
      sim.ordersForbidden = false;
    }
  });

  it('an upgrade is a new token naming the old one (replacesChainKey); the old one has ended', async () => {
    const old = sim.subscribe({ productId: 'vip_monthly', periodMs: MONTH, obfuscatedAccountId: 'acc-2' });
    clock.ms += 3 * DAY;
    const { receipt } = sim.replaceSubscription(old.purchaseToken, { productId: 'vip_yearly', periodMs: 12 * MONTH });
    expect(await read(receipt.purchaseToken, 'vip_yearly')).to.deep.include({ state: 'ACTIVE', marketProductId: 'vip_yearly', replacesChainKey: old.purchaseToken, binding: { obfuscatedAccountId: 'acc-2' } });
    expect(await read(old.purchaseToken)).to.include({ state: 'EXPIRED', periodEndMs: clock.ms });
  });

  it('the offer in force: a free trial, then the base plan after the first renewal; price-change consent', async () => {
    const r = await subscribed({ productId: 'vip_monthly', periodMs: MONTH, basePlanId: 'monthly', offer: { id: 'trial-7d', phase: 'freeTrial' } });
    const trial = await read(r.purchaseToken);
    expect(trial.offer).to.deep.equal({ kind: 'free-trial', id: 'trial-7d', basePlanId: 'monthly' });
    expect(trial.charged, 'the order of a free trial: nothing paid').to.deep.equal({ priceMicros: 0, currency: 'USD' });
    const intro = sim.subscribe({ productId: 'vip_monthly', periodMs: MONTH, offer: { id: 'intro-50', phase: 'introductoryPrice' } });
    expect((await read(intro.purchaseToken)).offer).to.deep.include({ kind: 'introductory', id: 'intro-50' });
    clock.ms += MONTH;
    sim.renewSubscription(r.purchaseToken);
    expect((await read(r.purchaseToken)).offer).to.equal(undefined);
    sim.changeSubscriptionPrice(r.purchaseToken, 'OUTSTANDING');
    expect(await read(r.purchaseToken)).to.include({ priceConsent: 'pending' });
    sim.changeSubscriptionPrice(r.purchaseToken, 'CONFIRMED');
    expect(await read(r.purchaseToken)).to.include({ priceConsent: 'accepted' });
  });

  it('Play revokes a subscription left unacknowledged for 3 days', async () => {
    const r = sim.subscribe({ productId: 'vip_monthly', periodMs: MONTH });
    clock.ms += 3 * DAY + 1;
    expect(await read(r.purchaseToken)).to.include({ state: 'REVOKED' });
  });

  it('without the Orders API permission the state is still read; only the period start is estimated', async () => {
    const start = clock.ms;
    const r = await subscribed({ productId: 'vip_monthly', periodMs: MONTH });
    clock.ms += MONTH;
    sim.renewSubscription(r.purchaseToken);
    sim.ordersForbidden = true;
    try {
      expect(await read(r.purchaseToken)).to.include({ state: 'ACTIVE', periodStartMs: start + MONTH, periodEndMs: start + 2 * MONTH, periodTransactionId: `${r.orderId}..0` });
    } finally {
      sim.ordersForbidden = false;
    }
  });

  it('flags a licence-tester subscription (testPurchase)', async () => {
    const r = sim.subscribe({ productId: 'vip_monthly', periodMs: MONTH, test: true });
    expect(await read(r.purchaseToken)).to.include({ test: true });
  });

  it('a pending subscription is not decided yet (retryable); once paid it is ACTIVE', async () => {
    const r = sim.subscribe({ productId: 'vip_monthly', periodMs: MONTH, pending: true });
    const pending = await rejectionOf(read(r.purchaseToken));
    expect(pending).to.include({ code: 'VERIFICATION_RETRYABLE', retryable: true });
    sim.completeSubscriptionPending(r.purchaseToken);
    expect(await read(r.purchaseToken)).to.include({ state: 'ACTIVE' });
  });

  it('errors: an unknown token or a one-time product token → RECEIPT_STORE_REJECTED; an outage → VERIFICATION_RETRYABLE', async () => {
    expect((await rejectionOf(read('no-such-token'))).code).to.equal('RECEIPT_STORE_REJECTED');
    const product = sim.purchase({ productId: 'gem_100' });
    expect((await rejectionOf(read(product.purchaseToken))).code).to.equal('RECEIPT_STORE_REJECTED');
    const r = sim.subscribe({ productId: 'vip_monthly', periodMs: MONTH });
    sim.failNextApiCall(503);
    expect(await rejectionOf(read(r.purchaseToken))).to.include({ code: 'VERIFICATION_RETRYABLE', retryable: true });
    expect((await read(r.purchaseToken)).state).to.equal('ACTIVE');
  });

  it('acknowledges through purchases.subscriptions.acknowledge (also on the shared store-API path the watchdog uses)', async () => {
    const a = sim.subscribe({ productId: 'vip_monthly', periodMs: MONTH });
    await api.acknowledge!({ chainKey: a.purchaseToken, marketProductId: 'vip_monthly' });
    expect(sim.subscription(a.purchaseToken).acknowledged).to.equal(true);
    const b = sim.subscribe({ productId: 'vip_monthly', periodMs: MONTH });
    const ref = { marketProductId: 'vip_monthly', purchaseToken: b.purchaseToken, storeTransactionId: b.orderId!, productType: 'subscription' as const };
    expect(await service.storeApi!.getPurchase(ref)).to.include({ state: 'PURCHASED', acknowledged: false, consumed: false });
    await service.storeApi!.acknowledge!(ref);
    expect(await service.storeApi!.getPurchase(ref)).to.include({ acknowledged: true });
    expect((await rejectionOf(service.storeApi!.acknowledge!(ref))).code).to.equal('STORE_REQUEST_REJECTED');
    const c = sim.subscribe({ productId: 'vip_monthly', periodMs: MONTH });
    sim.revokeSubscription(c.purchaseToken);
    expect(await service.storeApi!.getPurchase({ ...ref, purchaseToken: c.purchaseToken }), 'ended unacknowledged: refunded').to.include({ state: 'CANCELED' });
  });

  it('verifies a subscription receipt online with subscriptionsv2 (products.get does not know its token)', async () => {
    const r = sim.subscribe({ productId: 'vip_monthly', periodMs: MONTH, obfuscatedAccountId: 'acc-3' });
    const v = await service.verifier.verify(receiptOf(r));
    expect(v).to.deep.include({ state: 'PURCHASED', storeFinished: false, test: false, storeTransactionId: r.orderId, purchaseToken: r.purchaseToken });
    const pending = sim.subscribe({ productId: 'vip_monthly', periodMs: MONTH, pending: true });
    expect((await service.verifier.verify(receiptOf(pending))).state).to.equal('PENDING');
  });

  it('from the signed purchase alone: ACTIVE, the end estimated from the catalog period, source signed', async () => {
    const offline = googlePlayMarket.create(sim.marketConfig({ online: false }), ctx);
    expect(offline.subscriptions!.api).to.equal(undefined);
    const r = sim.subscribe({ productId: 'vip_monthly', periodMs: MONTH, obfuscatedAccountId: 'acc-4' });
    const v = await offline.verifier.verify(receiptOf(r));
    const s = offline.subscriptions!.fromReceipt(v, { periodMs: MONTH });
    expect(s).to.deep.include({
      chainKey: r.purchaseToken, state: 'ACTIVE', autoRenew: true, periodStartMs: v.purchaseTimeMs, periodEndMs: v.purchaseTimeMs + MONTH,
      periodEndEstimated: true, source: 'signed', periodTransactionId: r.orderId, binding: { obfuscatedAccountId: 'acc-4' },
    });
    sim.cancelSubscription(r.purchaseToken);
    const canceled = sim.subscriptionReceiptOf(sim.subscription(r.purchaseToken));
    expect(offline.subscriptions!.fromReceipt(await offline.verifier.verify(receiptOf(canceled)), { periodMs: MONTH })).to.include({ state: 'CANCELED_ACTIVE', autoRenew: false });
  });

  it("links to Play's manage-subscription page for this app and product", () => {
    expect(service.subscriptions!.manageUrl('vip monthly')).to.equal(`https://play.google.com/store/account/subscriptions?sku=vip%20monthly&package=${PACKAGE}`);
  });

  it('names every RTDN subscription type; an unknown one is a NOTE', () => {
    const expected: Record<number, string> = {
      1: 'RECOVERED', 2: 'RENEWED', 3: 'CANCELED', 4: 'PURCHASED', 5: 'ON_HOLD', 6: 'GRACE_STARTED', 7: 'UNCANCELED', 8: 'PRICE_CHANGE',
      9: 'EXTENDED', 10: 'PAUSED', 11: 'PAUSE_SCHEDULED', 12: 'REVOKED', 13: 'EXPIRED', 17: 'CHANGED', 18: 'CANCELED', 19: 'PRICE_CHANGE',
      20: 'EXPIRED', 22: 'PRICE_CHANGE',
    };
    expect(Object.fromEntries(Object.entries(SUBSCRIPTION_TYPES).map(([k, v]) => [k, v.event]))).to.deep.equal(Object.fromEntries(Object.entries(expected)));
    expect(subscriptionNoticeOf(2, 'tok', 123)).to.deep.equal({ notice: { chainKey: 'tok', event: 'RENEWED', storeType: 'SUBSCRIPTION_RENEWED', eventTimeMs: 123 }, known: true });
    expect(subscriptionNoticeOf(99, 'tok', 5)).to.deep.equal({ notice: { chainKey: 'tok', event: 'NOTE', storeType: 'SUBSCRIPTION_99', eventTimeMs: 5 }, known: false });
  });
});
