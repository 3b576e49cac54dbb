import { expect } from 'chai';
import { countSubscriptionsByProductState, searchSubscriptionsByChain, subscriptionRevenue } from '../../../server/src/storage/repos/subscriptions-console';
import { forEachEngine } from '../support/engines';
import { notify } from './support/notices';
import { startSubscriptionHarness, VIP, type SubscriptionHarness } from './support/setup';
import { STAND_IN_MARKET } from './support/store-stand-in';

const DAY = 86_400_000;
const JAN1 = Date.UTC(2026, 0, 1);
const FEB1 = Date.UTC(2026, 1, 1);
const MAR1 = Date.UTC(2026, 2, 1);

forEachEngine('subscriptions: the console\u2019s reads', (engine) => {
  let s: SubscriptionHarness;
  afterEach(async () => s?.close());

  it('search by chain or replaced chain, counts per product and state, revenue per period as charged', async () => {
    s = await startSubscriptionHarness(engine(), { api: false });
    await s.buy('player-1', VIP.month, { chainKey: 'old-token', orderId: 'order-1', expiresAt: FEB1 });
    await s.buy('player-2', VIP.month, { chainKey: 'chain-b', orderId: 'order-2', expiresAt: FEB1 });
    await notify(s, 'n-b-grace', { chainKey: 'chain-b', event: 'GRACE_STARTED', storeType: 'GRACE', eventTimeMs: FEB1 });
    const snapshot = { market: STAND_IN_MARKET, chainKey: 'new-token', replacesChainKey: 'old-token', marketProductId: VIP.yearId, state: 'ACTIVE' as const,
      periodStartMs: JAN1 + DAY, periodEndMs: JAN1 + 366 * DAY, autoRenew: true, environment: 'production' as const, test: false, asOfMs: JAN1 + DAY,
      source: 'signed' as const, binding: {}, periodTransactionId: 'order-9', charged: { priceMicros: 45_000_000, currency: 'USD' } };
    s.h.clock.now += 1000;
    await notify(s, 'n-up', { chainKey: 'new-token', event: 'CHANGED', storeType: 'UPGRADE', eventTimeMs: JAN1 + DAY, snapshot });

    expect((await searchSubscriptionsByChain(s.h.tdb.db, s.h.appKey, 'old-token')).map((r) => r.chain_key)).to.deep.equal(['old-token', 'new-token']);
    expect(await searchSubscriptionsByChain(s.h.tdb.db, 'another-app', 'old-token')).to.deep.equal([]);
    expect(await countSubscriptionsByProductState(s.h.tdb.db, s.h.appKey)).to.deep.equal([
      { productId: VIP.month, state: 'EXPIRED', count: 1 },
      { productId: VIP.month, state: 'IN_GRACE', count: 1 },
      { productId: VIP.year, state: 'ACTIVE', count: 1 },
    ]);
    expect(await subscriptionRevenue(s.h.tdb.db, s.h.appKey, JAN1, MAR1)).to.deep.equal([
      { productId: VIP.month, currency: 'USD', periods: 2, amountMicros: 2 * 4_990_000, estimated: 2 },
      { productId: VIP.year, currency: 'USD', periods: 1, amountMicros: 45_000_000, estimated: 0 },
    ]);
  });
});
