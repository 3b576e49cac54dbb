import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { sys } from 'cc';
import { CommonBillingComponent } from '../../assets/common-billing/cocos/common-billing-component';
import { sealMarketKey } from '../../extensions/common-billing/src/settings/market-key-seal';
import { MemoryStorage } from '../../assets/common-billing/core/memory-storage';
import type { ConsumeResponse } from '../../assets/common-billing/protocol/api';
import { googlePlayMarket } from '../../server/src/markets/google-play';
import { sandboxMarket } from '../../server/src/markets/sandbox';
import { upsertAppMarket } from '../../server/src/storage/repos/apps';
import { startHarness, type Harness } from '../server/support/harness';
import { __setPlatform } from '../doubles/cc';
import { nodeFetch } from './support/billing-server';
import { FakeAndroidStore } from './support/fake-android-store';
import { RecordingListener } from './support/recording-listener';
import { memoryLogger } from './support/sdk-setup';
import type { AddressInfo } from 'node:net';

const PACKAGE = 'com.example.gasstation';

/**
 * End to end on "Android": the CBCommonBilling component → JSB transport → the cc double's
 * jsbBridgeWrapper (string-only, deferred delivery, one listener per event) → a Google Play
 * store simulator on the native side; receipts go to the REAL billing server with its real
 * google-play verifier (SHA1withRSA over the exact bytes, binding by obfuscated ids).
 */
describe('SDK end to end on Android: Cocos component + JSB bridge + Google Play simulator + real server', function () {
  let harness: Harness;
  let url: string;
  let store: FakeAndroidStore;
  let dataKey: string;

  beforeEach(async () => {
    const wrapper = __setPlatform('android')!;
    store = new FakeAndroidStore(wrapper, PACKAGE);
    harness = await startHarness({ engine: 'sqlite', extraMarkets: [sandboxMarket, googlePlayMarket] });
    dataKey = randomBytes(32).toString('base64');
    await harness.tdb.db.write(async (tx) => {
      await upsertAppMarket(tx, harness.appKey, 'google-play', true, { packageName: PACKAGE, licenceKey: store.licenceKey }, harness.clock.now);
      await tx.run('UPDATE apps SET data_key = ? WHERE app_key = ?', [dataKey, harness.appKey]);
    });
    await harness.app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(harness.app.server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await harness.close();
    __setPlatform('web');
  });

  async function start(storage = new MemoryStorage(), encrypted?: string) {
    const component = new CommonBillingComponent();
    component.serverUrl = url;
    component.appKey = harness.appKey;
    component.encryptedMarketKeys = JSON.stringify({ 'google-play': encrypted ?? sealMarketKey(store.licenceKey, dataKey, harness.appKey, 'google-play', randomBytes(12)) });
    const listener = new RecordingListener();
    const billing = await component.startBilling(listener, { storage, fetch: nodeFetch, logger: memoryLogger() });
    return { billing, listener, storage };
  }

  async function gameServerConsume(purchaseId: string, paymentToken: string) {
    const res = await harness.app.inject({ method: 'POST', url: `/v1/purchases/${purchaseId}/consume`, headers: { authorization: `Bearer ${harness.secretKey}` }, payload: { paymentToken } });
    expect(res.statusCode, res.body).to.equal(200);
    return res.json<ConsumeResponse>();
  }

  it('buys: the licence key reaches connect decrypted, the purchase is verified, consumed, and consumed at the store', async () => {
    expect(sys.platform).to.equal('ANDROID');
    const { billing, listener, storage } = await start();
    await billing.login('player-1', harness.loginToken('player-1'));
    expect(store.connectedWith).to.equal(store.licenceKey);
    const result = await billing.purchase('gas');
    expect(result.status).to.equal('verified');
    const [verified] = listener.of('verified');
    expect(verified!.purchase.storeTransactionId).to.match(/^GPA\./);
    await gameServerConsume(verified!.purchase.purchaseId, verified!.paymentToken);
    await billing.confirmDelivered(verified!.purchase.purchaseId);
    expect(store.ownedPurchases()).to.deep.equal([]);
    expect([...storage.data.keys()].filter((k) => k.includes('/e/'))).to.deep.equal([]);
  });

  it('the script side never holds the plain key: connect carries the sealed key and the data key, the device opens it', async () => {
    const sealed = sealMarketKey(store.licenceKey, dataKey, harness.appKey, 'google-play', randomBytes(12));
    const { billing } = await start(new MemoryStorage(), sealed);
    await billing.login('player-1', harness.loginToken('player-1'));
    expect(store.connects).to.deep.equal([{ market: 'google-play', marketKey: { sealed, dataKey, appKey: harness.appKey, market: 'google-play' } }]);
    expect(JSON.stringify(store.connects)).not.to.contain(store.licenceKey);
    expect(store.connectedWith).to.equal(store.licenceKey);
  });

  it('a tampered encrypted licence key is MARKET_KEY_INVALID at login (the device refuses to open it)', async () => {
    const good = sealMarketKey(store.licenceKey, dataKey, harness.appKey, 'google-play', randomBytes(12));
    const tampered = good.slice(0, -4) + (good.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    const { billing } = await start(new MemoryStorage(), tampered);
    expect(await billing.login('player-1', harness.loginToken('player-1')).catch((e: unknown) => e)).to.include({ code: 'MARKET_KEY_INVALID' });
    expect(store.connectedWith).to.equal(undefined);
  });

  it('Play Billing 8 offers: the game names an offer per purchase; without one the bridge gets none (base option or plan)', async () => {
    const { billing } = await start();
    await billing.login('player-1', harness.loginToken('player-1'));
    expect((await billing.purchase('gas', 1, { offerId: 'spring-sale' })).status).to.equal('verified');
    expect((await billing.purchase('car_upgrade')).status).to.equal('verified');
    expect(store.launches.map((l) => l.offerId)).to.deep.equal(['spring-sale', undefined]);
    expect(Object.keys(store.launches[1]!)).not.to.include('offerId');
  });

  it('no market key configured: Google Play runs without the on-device check, says so once, and the server still verifies', async () => {
    const component = new CommonBillingComponent();
    Object.assign(component, { serverUrl: url, appKey: harness.appKey, encryptedMarketKeys: '{}' });
    const logger = memoryLogger();
    const billing = await component.startBilling(new RecordingListener(), { storage: new MemoryStorage(), fetch: nodeFetch, logger });
    await billing.login('player-1', harness.loginToken('player-1'));
    await billing.login('player-1', harness.loginToken('player-1'));
    expect(store.connects.map((c) => c.marketKey)).to.deep.equal([undefined, undefined]);
    expect(logger.lines.filter((l) => l.includes('no market key'))).to.have.length(1);
    expect((await billing.purchase('gas')).status).to.equal('verified');
  });

  it('products: the store\'s price string, micros and currency; a product the store does not sell is invalid', async () => {
    store.unknownProducts.add('com.example.car_upgrade');
    store.unknownProducts.add('car_upgrade');
    const { billing } = await start();
    const login = await billing.login('player-1', harness.loginToken('player-1'));
    expect(login.products.map((p) => [p.productId, p.formattedPrice, p.price.amountMicros, p.price.currency])).to.deep.equal([['gas', '\u20a91,200', 1_200_000_000, 'KRW']]);
    expect(login.invalid.map((p) => [p.productId, p.reason])).to.deep.equal([['car_upgrade', 'NOT_AT_STORE']]);
    store.unknownProducts.clear();
    const again = await billing.getProducts();
    expect(again.valid.map((p) => p.productId).sort()).to.deep.equal(['car_upgrade', 'gas']);
    expect(again.invalid).to.deep.equal([]);
  });

  it('duplicate native callbacks: the event delivered three times verifies once', async () => {
    store.repeatEvents = 3;
    const { billing, listener } = await start();
    await billing.login('player-1', harness.loginToken('player-1'));
    await billing.purchase('gas');
    await new Promise((r) => setTimeout(r, 50));
    expect(listener.of('verified')).to.have.length(1);
  });

  it('cancel arrives as an event error: canceled, nothing journaled', async () => {
    store.outcome = 'cancel';
    const { billing, listener, storage } = await start();
    await billing.login('player-1', harness.loginToken('player-1'));
    expect((await billing.purchase('gas')).status).to.equal('canceled');
    expect(listener.of('canceled')).to.have.length(1);
    expect([...storage.data.keys()].filter((k) => k.includes('/e/'))).to.deep.equal([]);
  });

  it('pending (no orderId yet) → paid later: verified through purchasesUpdated in the same session', async () => {
    store.outcome = 'pending';
    const { billing, listener } = await start();
    await billing.login('player-1', harness.loginToken('player-1'));
    const result = await billing.purchase('gas');
    expect(result.status).to.equal('pending');
    store.completePending(store.ownedPurchases()[0]!.purchaseToken);
    for (let i = 0; i < 50 && listener.of('verified').length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    const [verified] = listener.of('verified');
    expect(verified!.purchase.purchaseId).to.equal(result.purchase.purchaseId);
  });

  it('the app died after paying: the next login finds the purchase at the store and delivers it (recovered)', async () => {
    const first = await start();
    await first.billing.login('player-1', harness.loginToken('player-1'));
    // The journal entry is lost with the device storage; the store still holds the paid purchase.
    await first.billing.purchase('gas');
    const reinstalled = await start(new MemoryStorage());
    const login = await reinstalled.billing.login('player-1', harness.loginToken('player-1'));
    expect(login.replayed).to.equal(1);
    const [verified] = reinstalled.listener.of('verified');
    expect(verified!.purchase).to.include({ recovered: true, purchaseId: first.listener.of('verified')[0]!.purchase.purchaseId });
  });
});
