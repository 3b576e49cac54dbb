import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { CommonBillingComponent } from '../../assets/common-billing/cocos/common-billing-component';
import { sealMarketKey } from '../../extensions/common-billing/src/settings/market-key-seal';
import { MemoryStorage } from '../../assets/common-billing/core/memory-storage';
import type { ConsumeResponse } from '../../assets/common-billing/protocol/api';
import { googlePlayMarket } from '../../server/src/markets/google-play';
import { sandboxMarket } from '../../server/src/markets/sandbox';
import { upsertAppMarket } from '../../server/src/storage/repos/apps';
import { __setPlatform } from '../doubles/cc';
import { startHarness, type Harness } from '../server/support/harness';
import { nodeFetch } from './support/billing-server';
import { FakeAndroidStore } from './support/fake-android-store';
import { RecordingListener } from './support/recording-listener';
import { memoryLogger } from './support/sdk-setup';

const PACKAGE = 'com.example.gasstation';

/**
 * Issue #14 end to end: a promo code redeemed in the Play Store (no reservation, no obfuscated
 * ids). At the player's next login the SDK's store query finds it, adopts it (no journal entry
 * matches) and sends its receipt with the session; the server records it UNCLAIMED and claims
 * it for this player, once. The SDK itself needs no change for this.
 */
describe('SDK end to end: a purchase made outside the game is claimed by the player at login', function () {
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

  async function start() {
    const component = new CommonBillingComponent();
    component.serverUrl = url;
    component.appKey = harness.appKey;
    component.encryptedMarketKeys = JSON.stringify({ 'google-play': sealMarketKey(store.licenceKey, dataKey, harness.appKey, 'google-play', randomBytes(12)) });
    const listener = new RecordingListener();
    const billing = await component.startBilling(listener, { storage: new MemoryStorage(), fetch: nodeFetch, logger: memoryLogger() });
    return { billing, listener };
  }

  it('the promo purchase is verified for the player at login, delivered once, and refused to anyone else', async () => {
    const promo = store.redeemPromoCode('gas');
    const { billing, listener } = await start();
    await billing.login('player-1', harness.loginToken('player-1'));
    const [verified] = listener.of('verified');
    expect(verified, 'verified at login').to.not.equal(undefined);
    expect(verified!.purchase).to.include({ productId: 'gas', storeTransactionId: promo.transactionId });
    const events = await harness.tdb.db.all<{ type: string }>('SELECT type FROM purchase_events WHERE purchase_id = ? ORDER BY at, type', [verified!.purchase.purchaseId]);
    expect(events.map((e) => e.type)).to.include.members(['UNCLAIMED', 'CLAIMED']);
    const consume = () => harness.app.inject({
      method: 'POST', url: `/v1/purchases/${verified!.purchase.purchaseId}/consume`,
      headers: { authorization: `Bearer ${harness.secretKey}` }, payload: { paymentToken: verified!.paymentToken },
    });
    expect((await consume()).json<ConsumeResponse>().alreadyConsumed).to.equal(false);
    expect((await consume()).json<ConsumeResponse>().alreadyConsumed).to.equal(true);
    await billing.confirmDelivered(verified!.purchase.purchaseId);
    expect(store.ownedPurchases()).to.deep.equal([]);
    const other = await harness.app.inject({
      method: 'POST', url: '/v1/purchases/claim', headers: { authorization: `Bearer ${harness.secretKey}` },
      payload: { userKey: 'player-2', purchaseId: verified!.purchase.purchaseId },
    });
    expect(other.json().error.code).to.equal('RECEIPT_ALREADY_USED');
  });
});
