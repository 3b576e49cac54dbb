import { expect } from 'chai';
import { forEachEngine } from '../server/support/engines';
import { startStoreSimulators, type LifecycleHarness, type StoreSimulators } from './support/harness';
import { DAY, startVipHarness, subscribeVip } from './support/google-subscriptions';

const HOUR = 3600_000;

/**
 * Issue #16: Google subscriptions are acknowledged within 3 days like one-time products
 * (purchases.subscriptions.acknowledge), or Play revokes them; the watchdog gets there first.
 */
forEachEngine('Google subscriptions: the 3-day acknowledgement', (engine) => {
  let h: LifecycleHarness;
  let stores: StoreSimulators | undefined;
  before(async () => {
    stores = await startStoreSimulators();
  });
  after(async () => stores?.close());
  afterEach(async () => h.close());

  it('the watchdog acknowledges a subscription purchase through the subscriptions endpoint; Play never revokes it', async () => {
    h = await startVipHarness({ ...engine(), stores, online: true });
    const s = await subscribeVip(h, 'ann', { acknowledge: false });
    expect(h.google.subscription(s.token).acknowledged).to.equal(false);
    h.clock.now += 13 * HOUR;
    await h.app.lifecycle.scheduler.tick();
    expect(h.google.subscription(s.token).acknowledged).to.equal(true);
    expect((await h.purchase(s.purchaseId)).store_finished).to.equal(1);
    expect(await h.events(s.purchaseId)).to.include('WATCHDOG_FINISHED');
    h.clock.now += 4 * DAY;
    expect(h.google.subscription(s.token).state, 'not revoked after 3 days').to.equal('SUBSCRIPTION_STATE_ACTIVE');
  });

  it('a subscription refunded before anyone acknowledged it: the watchdog revokes the purchase instead', async () => {
    h = await startVipHarness({ ...engine(), stores, online: true });
    const s = await subscribeVip(h, 'bea', { acknowledge: false });
    h.clock.now += HOUR;
    h.google.subs.revoke(h.google.subscription(s.token));
    h.clock.now += 12 * HOUR;
    await h.app.lifecycle.scheduler.tick();
    expect(h.google.subscription(s.token).acknowledged).to.equal(false);
    expect((await h.purchase(s.purchaseId)).state).to.equal('REVOKED');
  });
});
