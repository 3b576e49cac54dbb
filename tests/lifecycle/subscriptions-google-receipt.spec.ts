import { expect } from 'chai';
import { forEachEngine } from '../server/support/engines';
import { startStoreSimulators, type LifecycleHarness, type StoreSimulators } from './support/harness';
import { VIP, WEEK, startVipHarness, subscribeVip, subscriptionRow } from './support/google-subscriptions';

/**
 * Issue #16 on Google Play: a subscription receipt goes through the reservation and its binding,
 * then opens the subscription from subscriptionsv2 (Developer API configured) or from the signed
 * purchase alone (saying so: verifiedBy signed).
 */
forEachEngine('Google Play subscription receipts (e2e)', (engine) => {
  let h: LifecycleHarness;
  let stores: StoreSimulators | undefined;
  before(async () => {
    stores = await startStoreSimulators();
  });
  after(async () => stores?.close());
  afterEach(async () => h.close());

  for (const online of [true, false]) {
    const verifiedBy = online ? 'store-api' : 'signed';
    describe(online ? 'with the Developer API (subscriptionsv2)' : 'signed only (no Developer API)', () => {
      it('the receipt opens the subscription, through the reservation and its binding', async () => {
        h = await startVipHarness({ ...engine(), stores, online });
        const start = h.clock.now;
        const s = await subscribeVip(h, 'ivy');
        expect(s.response.subscription).to.deep.include({ group: VIP.group, state: 'ACTIVE', active: true, renewal: false, expiresAt: new Date(start + WEEK).toISOString() });
        expect(await subscriptionRow(h, s.token)).to.include({ state: 'ACTIVE', verified_by: verifiedBy, period_end: start + WEEK, user_key: 'ivy', product_id: VIP.productId });
        expect((await h.purchase(s.purchaseId)).product_type).to.equal('subscription');
      });

    });
  }
});
