import { expect } from 'chai';
import { registryOf } from '../../../server/src/domain/market-services';
import { listSubscriptionPeriods } from '../../../server/src/storage/repos/subscriptions';
import { forEachEngine } from '../support/engines';
import { testMarketModule } from '../support/test-market';
import { startSubscriptionHarness, VIP, type SubscriptionHarness } from './support/setup';

const DAY = 86_400_000;

forEachEngine('subscriptions: receipts', (engine) => {
  let s: SubscriptionHarness;
  afterEach(async () => s?.close());

  it('without a store API: the signed receipt opens the subscription (estimated end from the catalog period), verified by "signed"', async () => {
    s = await startSubscriptionHarness(engine(), { api: false });
    const start = s.h.clock.now;
    const res = await s.buy('player-1', VIP.month, { chainKey: 'chain-a' });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.purchase).to.deep.include({ state: 'VERIFIED', productId: VIP.month, productType: 'subscription' });
    expect(res.body.subscription).to.deep.include({ group: 'vip', state: 'ACTIVE', active: true, renewal: false, expiresAt: new Date(Date.UTC(2026, 1, 1)).toISOString() });
    const row = (await s.row('chain-a'))!;
    expect(row).to.deep.include({ user_key: 'player-1', purchase_id: res.body.purchase.purchaseId, verified_by: 'signed', period_start: start, period_end_estimated: 1 });
  });

  it('with a store API: the store\u2019s answer is the truth (verified by "store-api")', async () => {
    s = await startSubscriptionHarness(engine(), { api: true });
    s.storeSays({ chainKey: 'chain-a', periodStartMs: s.h.clock.now, periodEndMs: s.h.clock.now + 7 * DAY, offer: { kind: 'free-trial' }, periodTransactionId: 'order-1' });
    const res = await s.buy('player-1', VIP.month, { chainKey: 'chain-a' });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(s.store.reads.map((r) => r.chainKey)).to.deep.equal(['chain-a']);
    const row = (await s.row('chain-a'))!;
    expect(row).to.deep.include({ verified_by: 'store-api', period_end: s.h.clock.now + 7 * DAY, period_end_estimated: 0 });
    expect(JSON.parse(row.offer!)).to.deep.equal({ kind: 'free-trial' });
  });

  it('a renewal transaction of a known chain is no second purchase: the answer is the first purchase, flagged renewal; the same receipt again is not', async () => {
    s = await startSubscriptionHarness(engine(), { api: false });
    const first = await s.buy('player-1', VIP.month, { chainKey: 'chain-a', orderId: 'order-1' });
    // The first receipt sent again (its answer was lost): the same purchase, not a renewal.
    const again = await s.send('player-1', { orderId: 'order-1', chainKey: 'chain-a', productId: VIP.monthId, purchaseTime: s.h.clock.now, state: 'PURCHASED' });
    expect(again.body.subscription!.renewal).to.equal(false);
    s.h.clock.now += 31 * DAY;
    const renewal = await s.send('player-1', { orderId: 'order-2', chainKey: 'chain-a', productId: VIP.monthId, purchaseTime: s.h.clock.now, state: 'PURCHASED' });
    expect(renewal.status, JSON.stringify(renewal.body)).to.equal(200);
    expect(renewal.body.purchase.purchaseId).to.equal(first.body.purchase.purchaseId);
    expect(renewal.body.subscription).to.deep.include({ renewal: true, state: 'ACTIVE', active: true });
    expect(Number((await s.h.tdb.db.get<{ n: number }>("SELECT COUNT(*) AS n FROM purchases WHERE product_id = 'vip_month' AND state <> 'RESERVED'"))!.n)).to.equal(1);
    const row = (await s.row('chain-a'))!;
    expect((await listSubscriptionPeriods(s.h.tdb.db, row.subscription_id)).map((p) => p.period_transaction_id)).to.deep.equal(['order-1', 'order-2']);
  });

  it('a chain another player has is RECEIPT_ALREADY_USED', async () => {
    s = await startSubscriptionHarness(engine(), { api: false });
    await s.buy('player-1', VIP.month, { chainKey: 'chain-a', orderId: 'order-1' });
    const other = await s.send('player-2', { orderId: 'order-2', chainKey: 'chain-a', productId: VIP.monthId, purchaseTime: s.h.clock.now, state: 'PURCHASED' });
    expect(other.status).to.equal(409);
    expect(other.body.error!.code).to.equal('RECEIPT_ALREADY_USED');
    expect((await s.row('chain-a'))!.user_key).to.equal('player-1');
  });

  it('one-time products are unchanged (no subscription in the answer)', async () => {
    s = await startSubscriptionHarness(engine(), { api: false });
    const res = await s.buy('player-1', 'car_upgrade', { chainKey: 'not-a-chain' });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body).to.not.have.property('subscription');
    expect(await s.row('not-a-chain')).to.equal(undefined);
  });

  it('a market without subscription support refuses a subscription receipt (SUBSCRIPTIONS_NOT_SUPPORTED), records nothing', async () => {
    s = await startSubscriptionHarness(engine(), { api: false, markets: registryOf([testMarketModule]) });
    // The harness market has no `subscriptions`: make vip_month one of its products.
    const { h } = s;
    const session = (await h.login('player-1')).sessionToken;
    const r = await h.reserve(session, VIP.month);
    const res = await h.post('/v1/receipts', { market: 'test-market', receipt: h.receipt({ productId: r.marketProductId, developerPayload: r.payload.developerPayload }) }, session);
    expect(res.statusCode, res.body).to.equal(400);
    expect(res.json().error.code).to.equal('SUBSCRIPTIONS_NOT_SUPPORTED');
    expect((await h.tdb.db.get<{ state: string }>('SELECT state FROM purchases WHERE purchase_id = ?', [r.purchaseId]))!.state).to.equal('RESERVED');
  });
});
