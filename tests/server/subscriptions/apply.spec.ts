import { expect } from 'chai';
import { applySnapshot, type ApplyCause, type ApplyResult } from '../../../server/src/subscriptions/apply';
import { loadSubscriptionCatalog } from '../../../server/src/subscriptions/catalog-lookup';
import { findSubscriptionByChain, listSubscriptionEvents, listSubscriptionPeriods } from '../../../server/src/storage/repos/subscriptions';
import { openDatabase } from '../../../server/src/storage/open';
import type { Database } from '../../../server/src/storage/types';
import type { SubscriptionSnapshot } from '../../../server/src/subscriptions/types';
import { forEachEngine } from '../support/engines';
import { startHarness, type Harness } from '../support/harness';
import { TEST_MARKET } from '../support/test-market';
import { addVipProducts, APR1, DAY, FEB1, JAN1, MAR1, snapshot, VIP_YEAR } from './support/snapshots';

forEachEngine('subscriptions: applySnapshot', (engine) => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(engine());
    await addVipProducts(h.tdb.db, h.appKey, h.clock.now);
  });
  afterEach(async () => h?.close());

  async function apply(s: SubscriptionSnapshot, cause: ApplyCause, owner?: { userKey: string; purchaseId: string | null }, db: Database = h.tdb.db): Promise<ApplyResult> {
    const catalog = await loadSubscriptionCatalog(db, h.appKey, TEST_MARKET);
    return db.write((tx) => applySnapshot(tx, { appKey: h.appKey, snapshot: s, cause, catalog, owner, now: h.clock.now }));
  }
  const row = (chain: string) => findSubscriptionByChain(h.tdb.db, TEST_MARKET, chain);
  const timeline = async (chain: string) => (await listSubscriptionEvents(h.tdb.db, (await row(chain))!.subscription_id)).map((e) => `${e.type}:${e.from_state ?? '-'}>${e.to_state}`);
  const receipt: ApplyCause = { source: 'receipt' };
  const notice = (id: string, extra: Partial<ApplyCause> = {}): ApplyCause => ({ source: 'notification', notificationId: id, ...extra });

  it('opens a subscription for its owner with one STARTED event and one period at the catalog price when the store names no charge', async () => {
    const r = await apply(snapshot('chain-1'), receipt, { userKey: 'player-1', purchaseId: null });
    expect(r.outcome).to.equal('opened');
    const s = (await row('chain-1'))!;
    expect(s).to.deep.include({ user_key: 'player-1', entitlement_group: 'vip', product_id: 'vip_month', state: 'ACTIVE', period_end: FEB1, verified_by: 'store-api', next_check_at: FEB1 - 3_600_000 });
    expect(await timeline('chain-1')).to.deep.equal(['STARTED:->ACTIVE']);
    const periods = await listSubscriptionPeriods(h.tdb.db, s.subscription_id);
    expect(periods.map((p) => [p.period_transaction_id, p.price_micros, p.currency, p.estimated])).to.deep.equal([['chain-1.0', 4_990_000, 'USD', 1]]);
  });

  it('a replayed snapshot or notification changes nothing and inserts nothing', async () => {
    await apply(snapshot('chain-1'), receipt, { userKey: 'player-1', purchaseId: null });
    const renewal = snapshot('chain-1', { periodStartMs: FEB1, periodEndMs: MAR1, periodTransactionId: 'chain-1.1', asOfMs: FEB1, charged: { priceMicros: 5_000_000, currency: 'USD' } });
    expect((await apply(renewal, notice('n-1', { event: 'RENEWED' }))).outcome).to.equal('changed');
    const after = await row('chain-1');
    for (let i = 0; i < 3; i++) {
      const again = await apply(renewal, notice('n-1', { event: 'RENEWED' }));
      expect(again.outcome).to.equal('unchanged');
      expect((again as { events: string[] }).events).to.deep.equal([]);
    }
    expect((await apply(renewal, receipt)).outcome).to.equal('unchanged');
    expect(await row('chain-1')).to.deep.equal(after);
    expect(await timeline('chain-1')).to.deep.equal(['STARTED:->ACTIVE', 'RENEWED:ACTIVE>ACTIVE']);
    const periods = await listSubscriptionPeriods(h.tdb.db, after!.subscription_id);
    expect(periods.map((p) => [p.period_transaction_id, p.price_micros, p.estimated])).to.deep.equal([['chain-1.0', 4_990_000, 1], ['chain-1.1', 5_000_000, 0]]);
  });

  it('out of order: a late RENEWED after EXPIRED keeps the later truth by store time, but its charge is still recorded', async () => {
    await apply(snapshot('chain-1'), receipt, { userKey: 'player-1', purchaseId: null });
    await apply(snapshot('chain-1', { state: 'EXPIRED', autoRenew: false, periodStartMs: FEB1, periodEndMs: MAR1, periodTransactionId: undefined, asOfMs: MAR1 + DAY }), notice('n-expired', { event: 'EXPIRED' }));
    const late = snapshot('chain-1', { periodStartMs: FEB1, periodEndMs: MAR1, periodTransactionId: 'chain-1.1', asOfMs: FEB1 });
    const r = await apply(late, notice('n-renewed', { event: 'RENEWED' }));
    expect(r.outcome).to.equal('stale');
    const s = (await row('chain-1'))!;
    expect(s).to.deep.include({ state: 'EXPIRED', store_as_of: MAR1 + DAY, next_check_at: null });
    expect(await timeline('chain-1')).to.deep.equal(['STARTED:->ACTIVE', 'EXPIRED:ACTIVE>EXPIRED', 'NOTE:EXPIRED>EXPIRED']);
    expect((await listSubscriptionPeriods(h.tdb.db, s.subscription_id)).map((p) => p.period_transaction_id)).to.deep.equal(['chain-1.0', 'chain-1.1']);
  });

  it('an upgrade (replacesChainKey) closes the old subscription and opens the new one exactly once, even replayed', async () => {
    await apply(snapshot('old-token'), receipt, { userKey: 'player-1', purchaseId: null });
    const upgrade = snapshot('new-token', { replacesChainKey: 'old-token', marketProductId: VIP_YEAR.marketProductId, periodStartMs: JAN1 + 10 * DAY, periodEndMs: JAN1 + 375 * DAY, asOfMs: JAN1 + 10 * DAY, periodTransactionId: 'new-token.0' });
    // The store announces it (no owner: the old chain's player), then the device sends the receipt, then a replay.
    const first = await apply(upgrade, notice('n-up', { event: 'PURCHASED' }));
    expect(first.outcome).to.equal('opened');
    expect((await apply(upgrade, receipt, { userKey: 'player-1', purchaseId: null })).outcome).to.equal('unchanged');
    expect((await apply(upgrade, notice('n-up', { event: 'PURCHASED' }))).outcome).to.equal('unchanged');
    const oldRow = (await row('old-token'))!;
    const newRow = (await row('new-token'))!;
    expect(oldRow).to.deep.include({ state: 'EXPIRED', replaced_by: newRow.subscription_id, next_check_at: null, auto_renew: 0 });
    expect(newRow).to.deep.include({ state: 'ACTIVE', user_key: 'player-1', product_id: VIP_YEAR.productId, entitlement_group: 'vip', replaces_chain_key: 'old-token' });
    expect(await timeline('old-token')).to.deep.equal(['STARTED:->ACTIVE', 'REPLACED:ACTIVE>EXPIRED']);
    expect(await timeline('new-token')).to.deep.equal(['STARTED:->ACTIVE']);
    // A receipt of the new chain from another player is not theirs.
    expect((await apply(upgrade, receipt, { userKey: 'player-2', purchaseId: null })).outcome).to.equal('other-owner');
  });

  it('a refund revokes in one notification and marks the period revoked', async () => {
    await apply(snapshot('chain-1', { charged: { priceMicros: 4_990_000, currency: 'USD' } }), receipt, { userKey: 'player-1', purchaseId: null });
    const r = await apply(snapshot('chain-1', { state: 'REVOKED', autoRenew: false, asOfMs: JAN1 + 3 * DAY }), notice('n-refund', { event: 'REVOKED', eventTimeMs: JAN1 + 3 * DAY }));
    expect(r.outcome).to.equal('changed');
    const s = (await row('chain-1'))!;
    expect(s).to.deep.include({ state: 'REVOKED', revoked_at: JAN1 + 3 * DAY, next_check_at: null });
    expect((await listSubscriptionPeriods(h.tdb.db, s.subscription_id))[0]!.revoked_at).to.equal(JAN1 + 3 * DAY);
    expect(await timeline('chain-1')).to.deep.equal(['STARTED:->ACTIVE', 'REVOKED:ACTIVE>REVOKED']);
  });

  it('an unknown chain with no owner is unmatched; a product outside the catalog is not opened', async () => {
    expect(await apply(snapshot('nobody'), notice('n-x'))).to.deep.equal({ outcome: 'unmatched', reason: 'unknown-chain' });
    expect(await apply(snapshot('odd', { marketProductId: 'com.example.unknown' }), receipt, { userKey: 'p', purchaseId: null })).to.deep.equal({ outcome: 'unmatched', reason: 'unknown-product' });
    expect(await row('nobody')).to.equal(undefined);
  });

  if (engine().engine === 'postgres') {
    it('two server instances on PostgreSQL applying one snapshot concurrently change it once', async () => {
      const db2 = await openDatabase(h.tdb.config);
      try {
        await apply(snapshot('chain-1'), receipt, { userKey: 'player-1', purchaseId: null });
        const renewal = snapshot('chain-1', { periodStartMs: FEB1, periodEndMs: MAR1, periodTransactionId: 'chain-1.1', asOfMs: FEB1 });
        const results = await Promise.all(Array.from({ length: 8 }, (_, i) => apply(renewal, i % 3 ? notice('n-1') : receipt, undefined, i % 2 ? db2 : h.tdb.db)));
        expect(results.filter((r) => r.outcome === 'changed')).to.have.length(1);
        const s = (await row('chain-1'))!;
        expect(s).to.deep.include({ period_end: MAR1, revision: 1 });
        expect((await timeline('chain-1')).filter((t) => t.startsWith('RENEWED'))).to.have.length(1);
        expect((await listSubscriptionPeriods(h.tdb.db, s.subscription_id))).to.have.length(2);
        // Opening concurrently: one row, one STARTED.
        const opens = await Promise.all(Array.from({ length: 6 }, (_, i) => apply(snapshot('chain-2', { asOfMs: APR1 }), receipt, { userKey: 'player-2', purchaseId: null }, i % 2 ? db2 : h.tdb.db)));
        expect(opens.filter((r) => r.outcome === 'opened')).to.have.length(1);
        expect(await timeline('chain-2')).to.deep.equal(['STARTED:->ACTIVE']);
      } finally {
        await db2.close();
      }
    });
  }
});
