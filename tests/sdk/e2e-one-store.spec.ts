import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { CommonBillingComponent } from '../../assets/common-billing/cocos/common-billing-component';
import { sealMarketKey } from '../../extensions/common-billing/src/settings/market-key-seal';
import { MemoryStorage } from '../../assets/common-billing/core/memory-storage';
import { oneStoreMarket } from '../../server/src/markets/one-store';
import { upsertAppMarket } from '../../server/src/storage/repos/apps';
import { startHarness, type Harness } from '../server/support/harness';
import { __setPlatform } from '../doubles/cc';
import { nodeFetch } from './support/billing-server';
import { FakeAndroidStore } from './support/fake-android-store';
import { RecordingListener } from './support/recording-listener';
import { memoryLogger } from './support/sdk-setup';

const PACKAGE = 'com.example.gasstation';

/**
 * ONE store on "Android", and a legacy Naver build (which buys through the ONE store SDK):
 * component → JSB transport → cc double → ONE store simulator (SHA512withRSA receipts,
 * developerPayload binding) → the REAL server's one-store verifier.
 */
for (const market of ['one-store', 'naver'] as const) {
  describe(`SDK end to end on Android with the ${market} market (ONE store simulator + real server)`, function () {
    let harness: Harness;
    let url: string;
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
      await harness.app.listen({ host: '127.0.0.1', port: 0 });
      url = `http://127.0.0.1:${(harness.app.server.address() as AddressInfo).port}`;
    });
    afterEach(async () => {
      await harness.close();
      __setPlatform('web');
    });

    it('buys in the build-in model: verified, consumed once, delivered, consumed at the store', async () => {
      const component = new CommonBillingComponent();
      Object.assign(component, { serverUrl: url, appKey: harness.appKey, androidMarket: market, consumeModel: 'build-in' });
      component.encryptedMarketKeys = JSON.stringify({ [market]: sealMarketKey(store.licenceKey, dataKey, harness.appKey, market, randomBytes(12)) });
      const listener = new RecordingListener();
      const storage = new MemoryStorage();
      const billing = await component.startBilling(listener, { storage, fetch: nodeFetch, logger: memoryLogger() });
      await billing.login('player-1', harness.loginToken('player-1'));
      expect(store.connectedWith).to.equal(store.licenceKey);
      const { status, purchase } = await billing.purchase('gas');
      expect(status).to.equal('verified');
      expect(purchase.market).to.equal('one-store');
      expect(await billing.consume(purchase.purchaseId)).to.deep.equal({ alreadyConsumed: false });
      expect(listener.of('deliver').map((d) => d.purchase.purchaseId)).to.deep.equal([purchase.purchaseId]);
      await billing.confirmDelivered(purchase.purchaseId);
      expect(store.ownedPurchases()).to.deep.equal([]);
      const row = await harness.tdb.db.get<{ state: string; store_transaction_id: string }>('SELECT state, store_transaction_id FROM purchases WHERE purchase_id = ?', [purchase.purchaseId]);
      expect(row).to.deep.equal({ state: 'CONSUMED', store_transaction_id: purchase.storeTransactionId });
    });

    it('no market key: login is refused with MARKET_KEY_MISSING naming the panel field, and the store is never connected', async () => {
      const component = new CommonBillingComponent();
      Object.assign(component, { serverUrl: url, appKey: harness.appKey, androidMarket: market, encryptedMarketKeys: '{}' });
      const billing = await component.startBilling(new RecordingListener(), { storage: new MemoryStorage(), fetch: nodeFetch, logger: memoryLogger() });
      const error = (await billing.login('player-1', harness.loginToken('player-1')).catch((e: unknown) => e)) as { code: string; message: string };
      expect(error.code).to.equal('MARKET_KEY_MISSING');
      expect(error.message).to.contain('Common Billing panel').and.to.contain('Public key');
      expect(store.connects).to.deep.equal([]);
    });
  });
}
