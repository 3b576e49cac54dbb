import { expect } from 'chai';
import type { EntitlementsResponse } from '../../assets/common-billing/protocol/entitlements';
import type { SandboxStorePurchase, SandboxStoreSubscription } from '../../assets/common-billing/protocol/sandbox';
import { JobScheduler } from '../../server/src/lifecycle/jobs/scheduler';
import { lifecycleOptions } from '../../server/src/lifecycle/options';
import { defaultMarketRegistry } from '../../server/src/market-registry';
import { sandboxMarket } from '../../server/src/markets/sandbox';
import { sandboxStoreOf } from '../../server/src/markets/sandbox/store-instance';
import { upsertAppMarket } from '../../server/src/storage/repos/apps';
import { upsertProduct } from '../../server/src/storage/repos/products';
import { isGranting } from '../../server/src/subscriptions/state-machine';
import { forEachEngine } from './support/engines';
import { startHarness, type Harness } from './support/harness';

const SANDBOX = 'sandbox';
const PASS = 'premium_pass';
const USER = 'player-1';
/** The store's accelerated clock in these specs: a month is a minute, grace 30 s, hold 20 s. */
const PERIOD = 60_000;
const GRACE = 30_000;
const HOLD = 20_000;

interface SubscriptionRow {
  state: string;
  period_end: number;
  auto_renew: number;
  revision: number;
}

/**
 * The sandbox store's subscriptions (issue #16) on an injected clock: the store renews, fails,
 * retries and expires on its own clock (the market's lifecycle job), and tells the subscription
 * core like a store notification; the entitlement the game server reads follows.
 */
forEachEngine('sandbox store: subscriptions on an accelerated clock', (engine) => {
  let h: Harness;
  let session: string;
  beforeEach(async () => {
    h = await startHarness({ ...engine(), markets: defaultMarketRegistry });
    await h.tdb.db.write(async (tx) => {
      await upsertProduct(tx, h.appKey, { productId: PASS, type: 'subscription', title: 'Premium pass', price: { amountMicros: 4_990_000, currency: 'USD' }, subscription: { group: 'vip', period: 'P1M' } }, h.clock.now);
      const row = await tx.get<{ config: string }>('SELECT config FROM app_markets WHERE app_key = ? AND market = ?', [h.appKey, SANDBOX]);
      const config = { ...(JSON.parse(row!.config) as object), subscriptionClock: { periodMs: PERIOD, graceMs: GRACE, holdMs: HOLD } };
      await upsertAppMarket(tx, h.appKey, SANDBOX, true, config, h.clock.now);
    });
    session = (await h.login(USER, {}, SANDBOX)).sessionToken;
  });
  afterEach(async () => h?.close());

  /** The store's clock job, run the way the scheduler runs it. */
  async function runStoreClock(): Promise<void> {
    const [job] = sandboxMarket.lifecycleJobs!(h.app.billing, lifecycleOptions());
    await job!.run(null);
  }
  /** Moves the server's clock to `ms` after the purchase and lets the store's clock catch up. */
  let boughtAt = 0;
  async function at(ms: number): Promise<void> {
    h.clock.now = boughtAt + ms;
    await runStoreClock();
  }

  async function buyPass(script?: string): Promise<SandboxStorePurchase> {
    const r = await h.reserve(session, PASS);
    boughtAt = h.clock.now;
    const res = await h.post('/v1/sandbox/purchases', { productId: r.marketProductId, developerPayload: r.payload.developerPayload, outcome: 'approve', ...(script ? { script } : {}) }, session);
    expect(res.statusCode, res.body).to.equal(200);
    const purchase = res.json<{ purchase: SandboxStorePurchase }>().purchase;
    const verified = await h.post('/v1/receipts', { market: SANDBOX, receipt: purchase.receipt }, session);
    expect(verified.statusCode, verified.body).to.equal(200);
    return purchase;
  }
  async function storeView(): Promise<SandboxStoreSubscription> {
    const res = await h.get('/v1/sandbox/subscriptions', session);
    expect(res.statusCode, res.body).to.equal(200);
    return res.json<{ subscriptions: SandboxStoreSubscription[] }>().subscriptions[0]!;
  }
  async function act(token: string, action: string) {
    return h.post(`/v1/sandbox/subscriptions/${token}/actions`, { action }, session);
  }
  /** What the game server reads (GET /v1/users/{userKey}/entitlements). */
  async function entitlement() {
    const res = await h.get(`/v1/users/${USER}/entitlements`, h.secretKey);
    expect(res.statusCode, res.body).to.equal(200);
    const answer = res.json<EntitlementsResponse>();
    return answer.entitlements.find((e) => e.group === 'vip');
  }
  /** The subscription core's row of the player's pass, in the entitlement's terms. */
  async function vip() {
    const row = await h.tdb.db.get<SubscriptionRow & { product_id: string; market: string; revoked_at: number | null }>(
      'SELECT state, period_end, auto_renew, revision, product_id, market, revoked_at FROM subscriptions WHERE app_key = ? AND user_key = ? AND entitlement_group = ?',
      [h.appKey, USER, 'vip'],
    );
    if (!row) return undefined;
    return {
      productId: row.product_id, market: row.market, state: row.state, active: isGranting(row.state),
      expiresAt: iso(Number(row.period_end)), autoRenew: Boolean(Number(row.auto_renew)), revokedAt: row.revoked_at === null ? null : iso(Number(row.revoked_at)),
    };
  }
  const iso = (ms: number) => new Date(ms).toISOString();
  const coreRow = (token: string) => h.tdb.db.get<SubscriptionRow>('SELECT state, period_end, auto_renew, revision FROM subscriptions WHERE market = ? AND chain_key = ?', [SANDBOX, token]);
  const storeEvents = async (token: string) => (await h.tdb.db.all<{ type: string; event_time: number; delivered_at: number | null }>(
    'SELECT type, event_time, delivered_at FROM sandbox_store_subscription_events WHERE purchase_token = ? ORDER BY seq', [token],
  )).map((e) => ({ type: e.type, at: Number(e.event_time) - boughtAt, delivered: e.delivered_at !== null }));

  it('the first receipt carries the first period\u2019s end on the store\u2019s clock; the pass is ACTIVE until then', async () => {
    const p = await buyPass();
    expect(JSON.parse(p.receipt.originalJson)).to.include({ expiryTimeMillis: boughtAt + PERIOD, autoRenewing: true, productId: PASS });
    expect(await vip()).to.include({ productId: PASS, state: 'ACTIVE', active: true, expiresAt: iso(boughtAt + PERIOD), autoRenew: true, market: SANDBOX });
    expect(await storeView()).to.include({ state: 'ACTIVE', script: 'renew', renewals: 0, periodEnd: boughtAt + PERIOD, periodMs: PERIOD });
    expect(await entitlement()).to.include({ productId: PASS, kind: 'subscription', state: 'ACTIVE', active: true, expiresAt: iso(boughtAt + PERIOD), autoRenew: true });
  });

  it('renews twice on the store\u2019s clock, each renewal at its period\u2019s end however late the job runs', async () => {
    const p = await buyPass();
    await at(PERIOD + 5_000);
    expect(await vip()).to.include({ state: 'ACTIVE', expiresAt: iso(boughtAt + 2 * PERIOD) });
    await at(2 * PERIOD + 40_000);
    expect(await vip()).to.include({ state: 'ACTIVE', expiresAt: iso(boughtAt + 3 * PERIOD) });
    expect(await storeEvents(p.purchaseToken)).to.deep.equal([
      { type: 'RENEWED', at: PERIOD, delivered: true },
      { type: 'RENEWED', at: 2 * PERIOD, delivered: true },
    ]);
    const periods = await h.tdb.db.all<{ period_transaction_id: string }>('SELECT period_transaction_id FROM subscription_periods WHERE market = ? ORDER BY period_transaction_id', [SANDBOX]);
    expect(periods.map((r) => r.period_transaction_id)).to.deep.equal([p.orderId, `${p.orderId}..0`, `${p.orderId}..1`]);
  });

  it('fail → grace (benefits on) → recover: a new period from the recovery', async () => {
    const p = await buyPass('fail-recover');
    await at(PERIOD + 1_000);
    expect(await vip()).to.include({ state: 'IN_GRACE', active: true });
    expect((await storeView()).retryEnd).to.equal(boughtAt + PERIOD + GRACE);
    await at(PERIOD + GRACE / 2 + 1_000);
    expect(await vip()).to.include({ state: 'ACTIVE', active: true, expiresAt: iso(boughtAt + PERIOD + GRACE / 2 + PERIOD) });
    expect((await storeEvents(p.purchaseToken)).map((e) => e.type)).to.deep.equal(['GRACE_STARTED', 'RECOVERED']);
  });

  it('fail → grace → hold (benefits off) → expired, and the store\u2019s record ends there', async () => {
    const p = await buyPass();
    expect((await act(p.purchaseToken, 'fail-expire')).statusCode).to.equal(200);
    await at(PERIOD + 1_000);
    expect(await vip()).to.include({ state: 'IN_GRACE', active: true });
    await at(PERIOD + GRACE + 1_000);
    expect(await vip()).to.include({ state: 'ON_HOLD', active: false });
    await at(PERIOD + GRACE + HOLD + 1_000);
    expect(await vip()).to.include({ state: 'EXPIRED', active: false });
    expect(await storeEvents(p.purchaseToken)).to.deep.equal([
      { type: 'GRACE_STARTED', at: PERIOD, delivered: true },
      { type: 'ON_HOLD', at: PERIOD + GRACE, delivered: true },
      { type: 'EXPIRED', at: PERIOD + GRACE + HOLD, delivered: true },
    ]);
    expect((await act(p.purchaseToken, 'renew')).json().error.code).to.equal('PURCHASE_STATE_INVALID');
  });

  it('several periods behind, one job run replays them in order (grace, then hold, then expiry)', async () => {
    const p = await buyPass('fail-expire');
    await at(10 * PERIOD);
    expect((await storeEvents(p.purchaseToken)).map((e) => [e.type, e.at])).to.deep.equal([
      ['GRACE_STARTED', PERIOD], ['ON_HOLD', PERIOD + GRACE], ['EXPIRED', PERIOD + GRACE + HOLD],
    ]);
    expect(await vip()).to.include({ state: 'EXPIRED' });
  });

  it('cancel: auto-renew off, still paid to the period\u2019s end, then expired', async () => {
    const p = await buyPass();
    await at(10_000);
    const canceled = await act(p.purchaseToken, 'cancel');
    expect(canceled.json().subscription).to.include({ state: 'CANCELED_ACTIVE', autoRenew: false });
    expect(await vip()).to.include({ state: 'CANCELED_ACTIVE', active: true, autoRenew: false, expiresAt: iso(boughtAt + PERIOD) });
    await at(PERIOD - 1);
    expect(await vip()).to.include({ state: 'CANCELED_ACTIVE' });
    await at(PERIOD + 1);
    expect(await vip()).to.include({ state: 'EXPIRED', active: false });
  });

  it('refund: revoked now (not at the period\u2019s end); the purchase is revoked too', async () => {
    const p = await buyPass();
    await at(PERIOD + 5_000); // one renewal first
    const refunded = await act(p.purchaseToken, 'refund');
    expect(refunded.statusCode, refunded.body).to.equal(200);
    expect(refunded.json().subscription).to.include({ state: 'REVOKED' });
    const pass = await vip();
    expect(pass).to.include({ state: 'REVOKED', active: false });
    expect(pass?.revokedAt).to.equal(iso(boughtAt + PERIOD + 5_000));
    const purchase = await h.tdb.db.get<{ state: string; revoke_reason: string }>('SELECT state, revoke_reason FROM purchases WHERE purchase_token = ?', [p.purchaseToken]);
    expect(purchase).to.deep.equal({ state: 'REVOKED', revoke_reason: 'sandbox:refund' });
    await at(5 * PERIOD);
    expect(await vip()).to.include({ state: 'REVOKED' });
    expect((await act(p.purchaseToken, 'refund')).json().error.code).to.equal('PURCHASE_STATE_INVALID');
  });

  it('two server instances running the store’s clock at once renew once and notify once (the scheduler’s lease)', async () => {
    const p = await buyPass();
    const jobs = sandboxMarket.lifecycleJobs!(h.app.billing, lifecycleOptions());
    const instance = (holder: string) => new JobScheduler(jobs, { db: h.tdb.db, now: () => h.clock.now, holder, leaseMs: 60_000, log: { warn: () => undefined, info: () => undefined } });
    const [a, b] = [instance('instance-a'), instance('instance-b')];
    h.clock.now = boughtAt + PERIOD + 1_000;
    const ran = await Promise.all([a.tick(), b.tick()]);
    expect(ran.flat()).to.deep.equal(['sandbox-store-clock']);
    expect(await storeEvents(p.purchaseToken)).to.deep.equal([{ type: 'RENEWED', at: PERIOD, delivered: true }]);
    expect(await vip()).to.include({ state: 'ACTIVE', expiresAt: iso(boughtAt + 2 * PERIOD) });
    // Still within the job's interval: neither instance runs it again.
    expect((await Promise.all([a.tick(), b.tick()])).flat()).to.deep.equal([]);
  });

  it('a replayed notification, a second delivery and a job run with nothing due change nothing', async () => {
    const p = await buyPass();
    await at(PERIOD + 5_000);
    const before = await coreRow(p.purchaseToken);
    await h.tdb.db.write((tx) => tx.run('UPDATE sandbox_store_subscription_events SET delivered_at = NULL WHERE purchase_token = ?', [p.purchaseToken]));
    expect(await sandboxStoreOf(h.app.billing).subscriptions.deliver()).to.equal(1);
    await runStoreClock();
    expect(await coreRow(p.purchaseToken)).to.deep.equal(before);
    const timeline = await h.tdb.db.all('SELECT type FROM subscription_events WHERE subscription_id IN (SELECT subscription_id FROM subscriptions WHERE chain_key = ?)', [p.purchaseToken]);
    expect(timeline.filter((e) => (e as { type: string }).type === 'RENEWED')).to.have.length(1);
  });

  it('the store\u2019s subscription API (api.read) answers what the store\u2019s clock says now, without writing', async () => {
    const p = await buyPass();
    h.clock.now = boughtAt + PERIOD + 1; // the job has not run yet
    const service = await h.app.billing.markets.serviceFor(h.tdb.db, h.appKey, SANDBOX);
    const snapshot = await service.subscriptions!.api!.read({ chainKey: p.purchaseToken, marketProductId: PASS });
    expect(snapshot).to.include({ state: 'ACTIVE', periodEndMs: boughtAt + 2 * PERIOD, source: 'store-api', asOfMs: boughtAt + PERIOD + 1, periodTransactionId: `${p.orderId}..0` });
    expect(await storeEvents(p.purchaseToken)).to.deep.equal([]);
    expect(service.subscriptions!.manageUrl(PASS)).to.equal('/demo/?manage=premium_pass');
  });

  it('bad input: a subscription cannot be pending, a one-time product has no script, unknown actions are 400, another player\u2019s subscription is not found', async () => {
    const r = await h.reserve(session, PASS);
    const pending = await h.post('/v1/sandbox/purchases', { productId: PASS, developerPayload: r.payload.developerPayload, outcome: 'pending' }, session);
    expect(pending.statusCode).to.equal(400);
    expect(pending.json().error.code).to.equal('VALIDATION_FAILED');
    const g = await h.reserve(session, 'gas');
    expect((await h.post('/v1/sandbox/purchases', { productId: 'gas', developerPayload: g.payload.developerPayload, outcome: 'approve', script: 'renew' }, session)).statusCode).to.equal(400);
    const p = await buyPass();
    expect((await act(p.purchaseToken, 'explode')).statusCode).to.equal(400);
    const other = (await h.login('player-2', {}, SANDBOX)).sessionToken;
    const stolen = await h.post(`/v1/sandbox/subscriptions/${p.purchaseToken}/actions`, { action: 'refund' }, other);
    expect(stolen.json().error.code).to.equal('PURCHASE_NOT_FOUND');
    expect((await h.get('/v1/sandbox/subscriptions', other)).json().subscriptions).to.deep.equal([]);
  });
});
