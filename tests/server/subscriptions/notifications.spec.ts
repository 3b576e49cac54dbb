import { expect } from 'chai';
import { openDatabase } from '../../../server/src/storage/open';
import { listSubscriptionEvents } from '../../../server/src/storage/repos/subscriptions';
import { forEachEngine } from '../support/engines';
import { notify } from './support/notices';
import { startSubscriptionHarness, VIP, type SubscriptionHarness } from './support/setup';
import { STAND_IN_MARKET } from './support/store-stand-in';

const DAY = 86_400_000;
const JAN1 = Date.UTC(2026, 0, 1);
const FEB1 = Date.UTC(2026, 1, 1);
const MAR1 = Date.UTC(2026, 2, 1);

forEachEngine('subscriptions: store notifications', (engine) => {
  let s: SubscriptionHarness;
  afterEach(async () => s?.close());

  const timeline = async (chain: string) => (await listSubscriptionEvents(s.h.tdb.db, (await s.row(chain))!.subscription_id)).map((e) => `${e.type}:${e.to_state}`);
  const status = async (id: string) => (await s.h.tdb.db.get<{ status: string; code: string | null }>('SELECT status, code FROM lifecycle_notifications WHERE market = ? AND notification_id = ?', [STAND_IN_MARKET, id]))!;

  it('with a store API: the store\u2019s answer decides; a replayed notification is a duplicate and changes nothing', async () => {
    s = await startSubscriptionHarness(engine(), { api: true });
    s.storeSays({ chainKey: 'chain-a', periodStartMs: JAN1, periodEndMs: FEB1, periodTransactionId: 'order-1' });
    await s.buy('player-1', VIP.month, { chainKey: 'chain-a', orderId: 'order-1' });
    s.h.clock.now = FEB1 - 1000;
    s.storeSays({ chainKey: 'chain-a', periodStartMs: FEB1, periodEndMs: MAR1, periodTransactionId: 'order-2', charged: { priceMicros: 4_990_000, currency: 'USD' } });
    const notice = { chainKey: 'chain-a', event: 'RENEWED' as const, storeType: 'STAND_IN_RENEWED', eventTimeMs: FEB1 - 2000 };
    expect(await notify(s, 'n-1', notice)).to.equal('processed');
    const row = (await s.row('chain-a'))!;
    expect(row).to.deep.include({ state: 'ACTIVE', period_end: MAR1, verified_by: 'store-api' });
    expect(await notify(s, 'n-1', notice)).to.equal('duplicate');
    expect(await s.row('chain-a')).to.deep.equal(row);
    expect(await timeline('chain-a')).to.deep.equal(['STARTED:ACTIVE', 'RENEWED:ACTIVE']);
  });

  it('without an API: the signed snapshot a notification carries; a late RENEWED after EXPIRED keeps the later truth by store time', async () => {
    s = await startSubscriptionHarness(engine(), { api: false });
    await s.buy('player-1', VIP.month, { chainKey: 'chain-a', orderId: 'order-1', expiresAt: FEB1 });
    const base = { market: STAND_IN_MARKET, chainKey: 'chain-a', marketProductId: VIP.monthId, environment: 'production' as const, test: false, source: 'signed' as const, binding: {} };
    const expired = { ...base, state: 'EXPIRED' as const, periodStartMs: FEB1, periodEndMs: MAR1, autoRenew: false, asOfMs: MAR1 + DAY };
    const renewed = { ...base, state: 'ACTIVE' as const, periodStartMs: FEB1, periodEndMs: MAR1, autoRenew: true, asOfMs: FEB1, periodTransactionId: 'order-2' };
    expect(await notify(s, 'n-expired', { chainKey: 'chain-a', event: 'EXPIRED', storeType: 'EXPIRED', eventTimeMs: MAR1 + DAY, snapshot: expired })).to.equal('processed');
    expect(await notify(s, 'n-renewed', { chainKey: 'chain-a', event: 'RENEWED', storeType: 'RENEWED', eventTimeMs: FEB1, snapshot: renewed })).to.equal('processed');
    expect((await s.row('chain-a'))!).to.deep.include({ state: 'EXPIRED', verified_by: 'signed' });
    expect(await timeline('chain-a')).to.deep.equal(['STARTED:ACTIVE', 'EXPIRED:EXPIRED', 'NOTE:EXPIRED']);
  });

  it('without an API or a snapshot: the event implies the state (renewal estimated from the catalog period, grace, revoke in one notification)', async () => {
    s = await startSubscriptionHarness(engine(), { api: false });
    await s.buy('player-1', VIP.month, { chainKey: 'chain-a', orderId: 'order-1', expiresAt: FEB1 });
    expect(await notify(s, 'n-1', { chainKey: 'chain-a', event: 'RENEWED', storeType: 'RENEWED', eventTimeMs: FEB1 - DAY })).to.equal('processed');
    expect((await s.row('chain-a'))!).to.deep.include({ state: 'ACTIVE', period_start: FEB1, period_end: MAR1, period_end_estimated: 1 });
    expect(await notify(s, 'n-2', { chainKey: 'chain-a', event: 'GRACE_STARTED', storeType: 'GRACE', eventTimeMs: MAR1 })).to.equal('processed');
    expect((await s.row('chain-a'))!.state).to.equal('IN_GRACE');
    expect(await notify(s, 'n-3', { chainKey: 'chain-a', event: 'REVOKED', storeType: 'REFUND', eventTimeMs: MAR1 + DAY })).to.equal('processed');
    expect((await s.row('chain-a'))!).to.deep.include({ state: 'REVOKED', revoked_at: MAR1 + DAY, next_check_at: null });
    expect(await timeline('chain-a')).to.deep.equal(['STARTED:ACTIVE', 'RENEWED:ACTIVE', 'GRACE_STARTED:IN_GRACE', 'REVOKED:REVOKED']);
  });

  it('an unknown chain is recorded unmatched, never refused; a renewal named by its transaction finds the chain', async () => {
    s = await startSubscriptionHarness(engine(), { api: false });
    expect(await notify(s, 'n-x', { chainKey: 'nobody', event: 'RENEWED', storeType: 'RENEWED', eventTimeMs: FEB1 })).to.equal('unmatched');
    expect(await status('n-x')).to.deep.equal({ status: 'unmatched', code: 'NOTIFICATION_UNMATCHED' });
    await s.buy('player-1', VIP.month, { chainKey: 'chain-a', orderId: 'order-1', expiresAt: FEB1 });
    expect(await notify(s, 'n-y', { chainKey: 'other-key', latestToken: 'order-1', event: 'CANCELED', storeType: 'CANCEL', eventTimeMs: JAN1 + DAY })).to.equal('processed');
    expect((await s.row('chain-a'))!).to.deep.include({ state: 'CANCELED_ACTIVE', auto_renew: 0 });
  });

  it('an upgrade announced by the store closes the old subscription and opens the new one for the same player, once', async () => {
    s = await startSubscriptionHarness(engine(), { api: false });
    await s.buy('player-1', VIP.month, { chainKey: 'old-token', orderId: 'order-1', expiresAt: FEB1 });
    const snapshot = { market: STAND_IN_MARKET, chainKey: 'new-token', replacesChainKey: 'old-token', marketProductId: VIP.yearId, state: 'ACTIVE' as const,
      periodStartMs: JAN1 + DAY, periodEndMs: JAN1 + 366 * DAY, autoRenew: true, environment: 'production' as const, test: false, asOfMs: JAN1 + DAY,
      source: 'signed' as const, binding: {}, periodTransactionId: 'order-9' };
    const notice = { chainKey: 'new-token', event: 'PURCHASED' as const, storeType: 'SUBSCRIPTION_PURCHASED', eventTimeMs: JAN1 + DAY, snapshot };
    expect(await notify(s, 'n-up', notice)).to.equal('processed');
    expect(await notify(s, 'n-up', notice)).to.equal('duplicate');
    // The store sends the same news under another notification id: on the timeline as a note, no change.
    s.h.clock.now += 1000;
    expect(await notify(s, 'n-up-again', notice)).to.equal('processed');
    const old = (await s.row('old-token'))!;
    const fresh = (await s.row('new-token'))!;
    expect(old).to.deep.include({ state: 'EXPIRED', replaced_by: fresh.subscription_id });
    expect(fresh).to.deep.include({ user_key: 'player-1', product_id: VIP.year, state: 'ACTIVE', purchase_id: null });
    expect(await timeline('old-token')).to.deep.equal(['STARTED:ACTIVE', 'REPLACED:EXPIRED']);
    expect(await timeline('new-token')).to.deep.equal(['STARTED:ACTIVE', 'NOTE:ACTIVE']);
  });

  if (engine().engine === 'postgres') {
    it('two server instances on PostgreSQL taking one notification at once change the subscription once', async () => {
      s = await startSubscriptionHarness(engine(), { api: false });
      await s.buy('player-1', VIP.month, { chainKey: 'chain-a', orderId: 'order-1', expiresAt: FEB1 });
      const db2 = await openDatabase(s.h.tdb.config);
      try {
        const second = { ...s.h.app.billing, db: db2 };
        const notice = { chainKey: 'chain-a', event: 'REVOKED' as const, storeType: 'REFUND', eventTimeMs: JAN1 + DAY };
        const results = await Promise.all(Array.from({ length: 6 }, (_, i) => notify(s, 'n-refund', notice, i % 2 ? second : s.h.app.billing)));
        // The intake lets a delivery still in progress be taken again (the store retries it); the core changes it once.
        expect(results.every((r) => r === 'processed' || r === 'duplicate'), results.join()).to.equal(true);
        expect((await s.row('chain-a'))!).to.deep.include({ state: 'REVOKED', revision: 1 });
        expect(await timeline('chain-a')).to.deep.equal(['STARTED:ACTIVE', 'REVOKED:REVOKED']);
      } finally {
        await db2.close();
      }
    });
  }
});
