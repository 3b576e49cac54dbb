import { expect } from 'chai';
import type { AddressInfo } from 'node:net';
import { CommonBillingComponent } from '../../assets/common-billing/cocos/common-billing-component';
import { MemoryStorage } from '../../assets/common-billing/core/memory-storage';
import { appStoreMarket } from '../../server/src/markets/app-store';
import { upsertAppMarket } from '../../server/src/storage/repos/apps';
import { startHarness, type Harness } from '../server/support/harness';
import { createApplePki } from '../simulators/apple-pki';
import { __setPlatform } from '../doubles/cc';
import { nodeFetch } from './support/billing-server';
import { FakeAppStore } from './support/fake-app-store';
import { RecordingListener } from './support/recording-listener';
import { memoryLogger } from './support/sdk-setup';

const BUNDLE = 'com.example.gasstation';

/**
 * "iOS": component → JSB transport → cc double in iOS ordering (answers arrive inside the
 * dispatch) → StoreKit 2 simulator (JWS from a test PKI shaped like Apple's) → the REAL
 * server's app-store verifier (chain to the configured test root, bundle, appAccountToken).
 */
describe('SDK end to end on iOS: StoreKit 2 simulator + real app-store verifier', function () {
  let harness: Harness;
  let url: string;
  let store: FakeAppStore;

  beforeEach(async () => {
    harness = await startHarness({ engine: 'sqlite', extraMarkets: [appStoreMarket] });
    const pki = await createApplePki({ at: harness.clock.now });
    store = new FakeAppStore(__setPlatform('ios')!, pki, BUNDLE, () => harness.clock.now);
    await harness.tdb.db.write((tx) =>
      upsertAppMarket(tx, harness.appKey, 'app-store', true, { bundleId: BUNDLE, environment: 'Sandbox', rootCertificates: [pki.rootPem] }, harness.clock.now),
    );
    await harness.app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(harness.app.server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await harness.close();
    __setPlatform('web');
  });

  async function start(storage = new MemoryStorage()) {
    const component = new CommonBillingComponent();
    Object.assign(component, { serverUrl: url, appKey: harness.appKey, consumeModel: 'build-in' });
    const listener = new RecordingListener();
    const billing = await component.startBilling(listener, { storage, fetch: nodeFetch, logger: memoryLogger() });
    return { billing, listener };
  }

  it('buys: verified by the real JWS check, consumed once, finished at StoreKit', async () => {
    const { billing, listener } = await start();
    await billing.login('player-1', harness.loginToken('player-1'));
    const { status, purchase } = await billing.purchase('gas');
    expect(status).to.equal('verified');
    expect(purchase).to.include({ market: 'app-store', recovered: false });
    expect(await billing.consume(purchase.purchaseId)).to.deep.equal({ alreadyConsumed: false });
    await billing.confirmDelivered(purchase.purchaseId);
    expect(store.unfinishedTransactions()).to.deep.equal([]);
    expect(listener.of('finished')).to.have.length(1);
  });

  it('cancel: USER_CANCELED answer → canceled', async () => {
    store.outcome = 'cancel';
    const { billing } = await start();
    await billing.login('player-1', harness.loginToken('player-1'));
    expect((await billing.purchase('gas')).status).to.equal('canceled');
  });

  it('the app died before finishing: Transaction.unfinished brings it back at the next login (recovered, same purchaseId)', async () => {
    const first = await start();
    await first.billing.login('player-1', harness.loginToken('player-1'));
    const { purchase } = await first.billing.purchase('gas');
    const next = await start(new MemoryStorage());
    expect((await next.billing.login('player-1', harness.loginToken('player-1'))).replayed).to.equal(1);
    expect(next.listener.of('verified')[0]!.purchase).to.include({ purchaseId: purchase.purchaseId, recovered: true });
  });

  it('restore on a new device: the finished UPGRADE MY CAR comes back from current entitlements (AppStore.sync first), not replayed', async () => {
    store.nonConsumables.add('car_upgrade');
    const first = await start();
    await first.billing.login('player-1', harness.loginToken('player-1'));
    const { purchase } = await first.billing.purchase('car_upgrade');
    await first.billing.consume(purchase.purchaseId);
    await first.billing.confirmDelivered(purchase.purchaseId);
    expect(store.unfinishedTransactions()).to.deep.equal([]);
    expect([...store.entitled.values()].map((t) => [t.productId, t.acknowledged])).to.deep.equal([['car_upgrade', true]]);

    const reinstalled = await start(new MemoryStorage());
    expect((await reinstalled.billing.login('player-1', harness.loginToken('player-1'))).replayed).to.equal(0);
    expect(store.queries.some((q) => q.sync === true), 'login does not ask the player to sign in').to.equal(false);
    const restored = await reinstalled.billing.restore();
    expect(restored.map((p) => [p.purchaseId, p.productId])).to.deep.equal([[purchase.purchaseId, 'car_upgrade']]);
    expect(reinstalled.listener.of('restored').map((r) => r.purchase.purchaseId)).to.deep.equal([purchase.purchaseId]);
    expect(store.queries.filter((q) => q.sync === true).map((q) => q.type)).to.include('non-consumable');
    expect(reinstalled.listener.of('verified')).to.deep.equal([]);
  });

  it('login lists the store prices: the catalog merged with StoreKit\'s answer', async () => {
    const { billing } = await start();
    const login = await billing.login('player-1', harness.loginToken('player-1'));
    expect(login.products.find((p) => p.productId === 'gas')).to.include({ formattedPrice: '\u20a91,200', storeTitle: 'gas' });
    expect(login.products.find((p) => p.productId === 'gas')!.price).to.deep.equal({ amountMicros: 1_200_000_000, currency: 'KRW' });
  });
});
