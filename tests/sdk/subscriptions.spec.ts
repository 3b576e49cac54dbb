import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Value } from 'typebox/value';
import { CommonBillingComponent } from '../../assets/common-billing/cocos/common-billing-component';
import { MemoryStorage } from '../../assets/common-billing/core/memory-storage';
import type { FetchLike } from '../../assets/common-billing/core/types';
import type { ConsumeResponse } from '../../assets/common-billing/protocol/api';
import { EntitlementsResponse } from '../../assets/common-billing/protocol/entitlements';
import { sealMarketKey } from '../../extensions/common-billing/src/settings/market-key-seal';
import { appStoreMarket } from '../../server/src/markets/app-store';
import { googlePlayMarket } from '../../server/src/markets/google-play';
import { oneStoreMarket } from '../../server/src/markets/one-store';
import { sandboxMarket } from '../../server/src/markets/sandbox';
import { upsertAppMarket } from '../../server/src/storage/repos/apps';
import { upsertProduct, type ProductDefinition } from '../../server/src/storage/repos/products';
import { __setPlatform } from '../doubles/cc';
import { createApplePki } from '../simulators/apple-pki';
import { startHarness, type Harness } from '../server/support/harness';
import { nodeFetch } from './support/billing-server';
import { eventually } from './support/eventually';
import { FakeAndroidStore, type PlayOffer } from './support/fake-android-store';
import { FakeAppStore } from './support/fake-app-store';
import { RecordingListener } from './support/recording-listener';
import { journalKeys, memoryLogger } from './support/sdk-setup';

const PACKAGE = 'com.example.gasstation';

/**
 * Issue #16, the SDK side of subscriptions, end to end: the Cocos component → JSB transport → the
 * cc double → a store simulator on the native side (Google Play, StoreKit 2, ONE store) → the REAL
 * billing server. A subscription goes through the same reservation, verification and journal as
 * a one-time product; renewals the store hands the device are recorded and closed, never delivered twice.
 */
async function subscriptionCatalog(harness: Harness): Promise<void> {
  // The catalog's subscription fields (group, period) ride along for a server that reads them (issue #16 core).
  const products = [
    { productId: 'vip', type: 'subscription', title: 'VIP', subscription: { group: 'vip', period: 'P1M' } },
    { productId: 'vip_plus', type: 'subscription', title: 'VIP+', subscription: { group: 'vip', period: 'P1M' } },
  ];
  await harness.tdb.db.write(async (tx) => {
    for (const p of products) await upsertProduct(tx, harness.appKey, p as ProductDefinition, harness.clock.now);
  });
}

/** Counts the receipts the SDK posts, and fails them while `down` (a dead network between payment and verification). */
class ReceiptCountingFetch {
  posted = 0;
  down = false;
  readonly fetch: FetchLike = async (url, init) => {
    if (init.method === 'POST' && url.endsWith('/v1/receipts')) {
      this.posted++;
      if (this.down) throw new TypeError('fetch failed');
    }
    return nodeFetch(url, init);
  };
}

const phase = (formattedPrice: string, priceMicros: number, billingPeriod: string, cycles: number) => ({ formattedPrice, priceMicros, currency: 'KRW', billingPeriod, cycles });
const VIP_OFFERS: PlayOffer[] = [
  { basePlanId: 'monthly', offerToken: 'tok-vip-monthly', phases: [phase('\u20a94,900', 4_900_000_000, 'P1M', 0)] },
  { basePlanId: 'yearly', offerToken: 'tok-vip-yearly', phases: [phase('\u20a949,000', 49_000_000_000, 'P1Y', 0)] },
  { basePlanId: 'yearly', offerId: 'trial-7d', offerToken: 'tok-vip-yearly-trial', phases: [phase('Free', 0, 'P1W', 1), phase('\u20a949,000', 49_000_000_000, 'P1Y', 0)] },
];

describe('SDK subscriptions on Google Play (Play simulator + real server)', function () {
  let harness: Harness;
  let url: string;
  let store: FakeAndroidStore;
  let dataKey: string;

  beforeEach(async () => {
    store = new FakeAndroidStore(__setPlatform('android')!, PACKAGE);
    store.subscriptionOffers.set('vip', VIP_OFFERS);
    store.subscriptionOffers.set('vip_plus', [{ basePlanId: 'monthly', offerToken: 'tok-plus-monthly', phases: [phase('\u20a99,900', 9_900_000_000, 'P1M', 0)] }]);
    harness = await startHarness({ engine: 'sqlite', extraMarkets: [sandboxMarket, googlePlayMarket] });
    dataKey = randomBytes(32).toString('base64');
    await harness.tdb.db.write(async (tx) => {
      await upsertAppMarket(tx, harness.appKey, 'google-play', true, { packageName: PACKAGE, licenceKey: store.licenceKey }, harness.clock.now);
      await tx.run('UPDATE apps SET data_key = ? WHERE app_key = ?', [dataKey, harness.appKey]);
    });
    await subscriptionCatalog(harness);
    await harness.app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(harness.app.server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await harness.close();
    __setPlatform('web');
  });

  async function start(storage = new MemoryStorage(), fetch: FetchLike = nodeFetch) {
    const component = new CommonBillingComponent();
    component.serverUrl = url;
    component.appKey = harness.appKey;
    component.encryptedMarketKeys = JSON.stringify({ 'google-play': sealMarketKey(store.licenceKey, dataKey, harness.appKey, 'google-play', randomBytes(12)) });
    const listener = new RecordingListener();
    const billing = await component.startBilling(listener, { storage, fetch, logger: memoryLogger() });
    await billing.login('player-1', harness.loginToken('player-1'));
    return { billing, listener, storage };
  }

  async function deliver(purchaseId: string, paymentToken: string, billing: { confirmDelivered(id: string): Promise<void> }) {
    const res = await harness.app.inject({ method: 'POST', url: `/v1/purchases/${purchaseId}/consume`, headers: { authorization: `Bearer ${harness.secretKey}` }, payload: { paymentToken } });
    expect(res.statusCode, res.body).to.equal(200);
    expect(res.json<ConsumeResponse>().purchase.productType).to.equal('subscription');
    await billing.confirmDelivered(purchaseId);
  }

  it('getProducts() shows the store\u2019s base plans and offers with pricing phases; the named offer reaches the bridge and opens with its token', async () => {
    const { billing, listener } = await start();
    const vip = (await billing.getProducts()).valid.find((p) => p.productId === 'vip')!;
    // The catalog's entitlement group and period, and the store's group id (App Store only).
    expect([vip.subscription!.group, vip.subscription!.period, vip.subscription!.storeGroup]).to.deep.equal(['vip', 'P1M', null]);
    expect(vip.subscription!.offers.map((o) => [o.basePlanId, o.offerId, o.kind, o.freeTrial, o.pricingPhases.map((p) => p.billingPeriod)])).to.deep.equal([
      ['monthly', null, 'base', false, ['P1M']],
      ['yearly', null, 'base', false, ['P1Y']],
      ['yearly', 'trial-7d', 'offer', true, ['P1W', 'P1Y']],
    ]);

    const { status, purchase } = await billing.purchase('vip', 1, { basePlanId: 'yearly', offerId: 'trial-7d' });
    expect(status).to.equal('verified');
    expect(store.launches[0]).to.include({ productId: 'vip', type: 'subscription', basePlanId: 'yearly', offerId: 'trial-7d' });
    expect(store.offerTokens).to.deep.equal(['tok-vip-yearly-trial']);
    await deliver(purchase.purchaseId, listener.of('verified')[0]!.paymentToken, billing);
    // Never consumed: acknowledged, still owned at the store.
    expect(store.ownedPurchases().map((p) => [p.productId, p.acknowledged])).to.deep.equal([['vip', true]]);

    // The base plan alone, and an offer the product does not have (refused before any payment).
    await billing.purchase('vip_plus', 1, {});
    expect(store.offerTokens).to.deep.equal(['tok-vip-yearly-trial', 'tok-plus-monthly']);
    const refused = await billing.purchase('vip', 1, { offerId: 'winter-sale' }).catch((e: unknown) => e);
    expect(refused).to.include({ code: 'UNKNOWN_PRODUCT' });
  });

  it('changeSubscription: the owned token is replaced with the replacement mode; the new product is verified like a purchase', async () => {
    const { billing, listener } = await start();
    const first = await billing.purchase('vip');
    await deliver(first.purchase.purchaseId, listener.of('verified')[0]!.paymentToken, billing);
    const oldToken = store.ownedPurchases()[0]!.purchaseToken;

    const changed = await billing.changeSubscription('vip', 'vip_plus', { replacementMode: 'charge-prorated-price' });
    expect(changed.status).to.equal('verified');
    expect(changed.purchase.productId).to.equal('vip_plus');
    expect(store.launches[1]).to.deep.include({ productId: 'vip_plus', replace: { purchaseToken: oldToken, mode: 'charge-prorated-price' } });
    expect(listener.of('verified').map((v) => v.purchase.productId)).to.deep.equal(['vip', 'vip_plus']);
    await deliver(changed.purchase.purchaseId, listener.of('verified')[1]!.paymentToken, billing);
    expect(store.ownedPurchases().map((p) => p.productId)).to.deep.equal(['vip_plus']);

    // Nothing to replace: the player owns no vip any more.
    expect(await billing.changeSubscription('vip', 'vip_plus').catch((e: unknown) => e)).to.include({ code: 'ITEM_NOT_OWNED' });
    expect(await billing.changeSubscription('nope', 'vip_plus').catch((e: unknown) => e)).to.include({ code: 'UNKNOWN_PRODUCT' });
  });

  it('manageSubscriptions: the bridge opens the store\u2019s page for the product\u2019s store id, or the list', async () => {
    const { billing } = await start();
    await billing.manageSubscriptions('vip');
    await billing.manageSubscriptions();
    expect(store.managed).to.deep.equal([{ productId: 'vip' }, {}]);
    expect(await billing.manageSubscriptions('nope').catch((e: unknown) => e)).to.include({ code: 'UNKNOWN_PRODUCT' });
  });

  it('renewals (the same token reported again, acknowledged, a new orderId) are sent to the server, never delivered again', async () => {
    const counting = new ReceiptCountingFetch();
    const { billing, listener, storage } = await start(new MemoryStorage(), counting.fetch);
    const { purchase } = await billing.purchase('vip');
    await deliver(purchase.purchaseId, listener.of('verified')[0]!.paymentToken, billing);
    const token = store.ownedPurchases()[0]!.purchaseToken;
    const before = listener.events.length;
    const posted = counting.posted;

    store.renew(token, 1);
    store.renew(token, 2);
    await eventually(() => counting.posted === posted + 2);
    await billing.getProducts(); // one more bridge round trip: the renewals' handling has settled
    expect(listener.events.slice(before)).to.deep.equal([]);
    expect(journalKeys(storage)).to.deep.equal([]);
    expect(store.ownedPurchases().map((p) => [p.purchaseToken, p.transactionId])).to.deep.equal([[token, `${purchase.storeTransactionId}..1`]]);
  });

  it('getEntitlements() answers the contract shape (group, kind, active, autoRenew, offer, verifiedBy)', async () => {
    const { billing } = await start();
    await billing.purchase('vip');
    const answer = await billing.getEntitlements();
    expect(Value.Check(EntitlementsResponse, answer), JSON.stringify(answer)).to.equal(true);
    for (const e of answer.entitlements) expect(e.active).to.equal(['ACTIVE', 'IN_GRACE', 'CANCELED_ACTIVE'].includes(e.state));
  });

  it('a crash between the payment and its verification: the next login verifies and delivers the subscription once', async () => {
    const counting = new ReceiptCountingFetch();
    const storage = new MemoryStorage();
    const first = await start(storage, counting.fetch);
    counting.down = true;
    const failed = await first.billing.purchase('vip').catch((e: unknown) => e);
    expect(failed).to.include({ code: 'NETWORK_ERROR' });
    expect(first.listener.of('verified')).to.deep.equal([]);
    await first.billing.dispose(); // the app dies here: paid at the store, journaled PAID, never verified

    counting.down = false;
    const second = await start(storage, counting.fetch);
    const [verified] = second.listener.of('verified');
    expect(verified!.purchase).to.include({ productId: 'vip', recovered: true });
    await deliver(verified!.purchase.purchaseId, verified!.paymentToken, second.billing);

    const third = await start(storage, counting.fetch);
    expect(third.listener.of('verified')).to.deep.equal([]);
    expect(store.ownedPurchases().map((p) => [p.productId, p.acknowledged])).to.deep.equal([['vip', true]]);
  });
});

describe('SDK subscriptions on iOS (StoreKit 2 simulator + real app-store verifier)', function () {
  let harness: Harness;
  let url: string;
  let store: FakeAppStore;

  beforeEach(async () => {
    harness = await startHarness({ engine: 'sqlite', extraMarkets: [appStoreMarket] });
    const pki = await createApplePki({ at: harness.clock.now });
    store = new FakeAppStore(__setPlatform('ios')!, pki, PACKAGE, () => harness.clock.now);
    store.subscriptions.add('vip');
    store.subscriptions.add('vip_plus');
    await harness.tdb.db.write((tx) =>
      upsertAppMarket(tx, harness.appKey, 'app-store', true, { bundleId: PACKAGE, environment: 'Sandbox', rootCertificates: [pki.rootPem] }, harness.clock.now),
    );
    await subscriptionCatalog(harness);
    await harness.app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(harness.app.server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await harness.close();
    __setPlatform('web');
  });

  async function start(fetch: FetchLike = nodeFetch) {
    const component = new CommonBillingComponent();
    Object.assign(component, { serverUrl: url, appKey: harness.appKey, consumeModel: 'build-in' });
    const listener = new RecordingListener();
    const billing = await component.startBilling(listener, { storage: new MemoryStorage(), fetch, logger: memoryLogger() });
    await billing.login('player-1', harness.loginToken('player-1'));
    return { billing, listener };
  }

  it('a renewal from Transaction.updates is sent to the server and finished, without a second delivery', async () => {
    const counting = new ReceiptCountingFetch();
    const { billing, listener } = await start(counting.fetch);
    const { purchase } = await billing.purchase('vip');
    await billing.consume(purchase.purchaseId);
    await billing.confirmDelivered(purchase.purchaseId);
    expect(store.unfinishedTransactions()).to.deep.equal([]);
    const first = [...store.entitled.values()][0]!;
    const before = listener.events.length;
    const posted = counting.posted;

    const renewed = store.renew(first);
    expect(renewed.originalTransactionId).to.equal(first.transactionId);
    await eventually(() => store.unfinishedTransactions().length === 0);
    expect(counting.posted).to.equal(posted + 1);
    expect(listener.events.slice(before)).to.deep.equal([]);
  });

  it('changeSubscription within the group is a purchase of the other product (StoreKit ignores the old token); manageSubscriptions shows the sheet', async () => {
    const { billing } = await start();
    const { purchase } = await billing.purchase('vip');
    await billing.consume(purchase.purchaseId);
    await billing.confirmDelivered(purchase.purchaseId);
    const changed = await billing.changeSubscription('vip', 'vip_plus');
    expect(changed).to.deep.include({ status: 'verified' });
    expect(changed.purchase.productId).to.equal('vip_plus');
    expect(store.launches[1]).to.deep.include({ productId: 'vip_plus', type: 'subscription', replace: { purchaseToken: purchase.storeTransactionId, mode: 'with-time-proration' } });
    await billing.manageSubscriptions('vip');
    expect(store.managed).to.deep.equal([{ productId: 'vip' }]);
  });

  it('a promotional offer signed by the server reaches StoreKit\u2019s purchase options as given', async () => {
    const { billing } = await start();
    const promotionalOffer = { offerId: 'winback-50', keyId: 'ABCDEF1234', nonce: '3f1c2a4e-1b7d-4c55-9a3e-2d8f1e6b7c91', signature: 'MEUCIQ==', timestamp: harness.clock.now };
    await billing.purchase('vip', 1, { promotionalOffer });
    expect(store.launches[0]).to.deep.include({ productId: 'vip', promotionalOffer });
  });
});

describe('SDK subscriptions on ONE store: manage page per market', function () {
  let harness: Harness;
  let store: FakeAndroidStore;
  let dataKey: string;

  beforeEach(async () => {
    store = new FakeAndroidStore(__setPlatform('android')!, PACKAGE, 'one-store');
    harness = await startHarness({ engine: 'sqlite', extraMarkets: [oneStoreMarket] });
    dataKey = randomBytes(32).toString('base64');
    await harness.tdb.db.write(async (tx) => {
      await upsertAppMarket(tx, harness.appKey, 'one-store', true, { packageName: PACKAGE, licenceKey: store.licenceKey }, harness.clock.now);
      await tx.run('UPDATE apps SET data_key = ? WHERE app_key = ?', [dataKey, harness.appKey]);
    });
    await subscriptionCatalog(harness);
    await harness.app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterEach(async () => {
    await harness.close();
    __setPlatform('web');
  });

  it('manageSubscriptions reaches the ONE store bridge with the product\u2019s store id', async () => {
    const component = new CommonBillingComponent();
    component.serverUrl = `http://127.0.0.1:${(harness.app.server.address() as AddressInfo).port}`;
    component.appKey = harness.appKey;
    component.androidMarket = 'one-store';
    component.encryptedMarketKeys = JSON.stringify({ 'one-store': sealMarketKey(store.licenceKey, dataKey, harness.appKey, 'one-store', randomBytes(12)) });
    const billing = await component.startBilling(new RecordingListener(), { storage: new MemoryStorage(), fetch: nodeFetch, logger: memoryLogger() });
    await billing.login('player-1', harness.loginToken('player-1'));
    await billing.manageSubscriptions('vip_plus');
    expect(store.managed).to.deep.equal([{ productId: 'vip_plus' }]);
  });
});
