import { expect } from 'chai';
import { lifecycleJobs } from '../../server/src/lifecycle/jobs/lifecycle-jobs';
import { JobScheduler } from '../../server/src/lifecycle/jobs/scheduler';
import { lifecycleOptions } from '../../server/src/lifecycle/options';
import { enqueueWebhookEvents } from '../../server/src/lifecycle/webhooks/outbox';
import { deliverDueWebhooks } from '../../server/src/lifecycle/webhooks/sender';
import { startGameServer } from './support/game-server';
import { forEachEngine } from '../server/support/engines';
import { startAppStoreSimulator, type AppStoreSimulator } from '../simulators/app-store';
import { AppleSubscriptionHarness, START, VIP_BUNDLE } from '../server/markets/app-store/subscription-harness';

const DAY = 86_400_000;
/** The simulator's period: the catalog's P1M from the harness start (January has 31 days). */
const MONTH = 31 * DAY;

interface SubscriptionRow {
  subscription_id: string;
  user_key: string;
  product_id: string;
  market_product_id: string;
  chain_key: string;
  state: string;
  period_start: number;
  period_end: number;
  period_end_estimated: number;
  grace_end: number | null;
  auto_renew: number;
  renews_into_product_id: string | null;
  price_consent: string | null;
  environment: string;
  test: number;
  verified_by: string;
  revoked_at: number | null;
  purchase_id: string | null;
}

/**
 * App Store subscriptions end to end (issue #16): the real server on an injected clock, the
 * Apple simulator scripting a subscription's life and signing App Store Server Notifications V2
 * with a test chain, with the App Store Server API key configured (every notification confirmed
 * with Get All Subscription Statuses) and without it (the signed statements alone).
 */
forEachEngine('App Store subscriptions', (engine) => {
  let apple: AppStoreSimulator;
  const clock = { now: START };
  before(async () => {
    apple = await startAppStoreSimulator({ bundleId: VIP_BUNDLE, environment: 'Sandbox', now: () => clock.now });
  });
  after(async () => apple?.close());
  let open: AppleSubscriptionHarness | undefined;
  afterEach(async () => {
    await open?.close();
    open = undefined;
  });

  for (const serverApi of [true, false]) {
    describe(serverApi ? 'with the App Store Server API' : 'signed statements only', () => {
      const start = async () => (open = await AppleSubscriptionHarness.start({ ...engine(), apple, clock, serverApi }));
      const verifiedBy = serverApi ? 'store-api' : 'signed';

      it('follows every transition of a subscription\u2019s life', async () => {
        const h = await start();
        const { otid, purchaseId } = await buyVip(h, 'ann');
        const s = apple.subscriptions;
        let row = await subscriptionOf(h, otid);
        expect(row).to.deep.include({ user_key: 'ann', product_id: 'vip_monthly', state: 'ACTIVE', period_start: START, period_end: START + MONTH, period_end_estimated: 0, auto_renew: 1, verified_by: verifiedBy, purchase_id: purchaseId, test: 1 });

        const step = async (body: { signedPayload: string }, expected: Partial<SubscriptionRow>) => {
          const res = await h.notify(body);
          expect(res.statusCode, res.body).to.equal(200);
          row = await subscriptionOf(h, otid);
          expect(row, JSON.stringify(expected)).to.deep.include(expected);
        };
        await step(s.notify(otid, 'SUBSCRIBED', 'INITIAL_BUY'), { state: 'ACTIVE' });
        clock.now += DAY;
        await step(s.setAutoRenew(otid, false), { state: 'CANCELED_ACTIVE', auto_renew: 0 });
        await step(s.setAutoRenew(otid, true), { state: 'ACTIVE', auto_renew: 1 });
        clock.now = START + MONTH;
        await step(s.renew(otid), { state: 'ACTIVE', period_start: START + MONTH, period_end: START + 2 * MONTH });
        clock.now = START + 2 * MONTH;
        await step(s.failRenewal(otid, { graceMs: 6 * DAY }), { state: 'IN_GRACE', grace_end: START + 2 * MONTH + 6 * DAY });
        clock.now += 6 * DAY;
        await step(s.endGrace(otid), { state: 'ON_HOLD' });
        clock.now += DAY;
        await step(s.renew(otid), { state: 'ACTIVE', period_start: clock.now, period_end: clock.now + MONTH });
        await step(s.downgrade(otid, 'vip_lite'), { state: 'ACTIVE', renews_into_product_id: 'vip_lite' });
        await step(s.downgrade(otid, 'vip_monthly'), { renews_into_product_id: null });
        clock.now += DAY;
        await step(s.upgrade(otid, 'vip_premium'), { state: 'ACTIVE', product_id: 'vip_premium', market_product_id: 'vip_premium', period_start: clock.now, period_end: clock.now + MONTH });
        await step(s.priceIncrease(otid, 'PENDING'), { price_consent: 'pending' });
        await step(s.priceIncrease(otid, 'ACCEPTED'), { price_consent: 'accepted' });
        await step(s.redeemOffer(otid, { offerType: 2, offerIdentifier: 'loyal' }), { state: 'ACTIVE' });
        await step(s.extend(otid, 5 * DAY), { period_end: clock.now + MONTH + 5 * DAY });
        await step(s.notify(otid, 'REFUND_DECLINED'), { state: 'ACTIVE' });
        await step(s.notify(otid, 'CONSUMPTION_REQUEST'), { state: 'ACTIVE' });
        clock.now += DAY;
        await step(s.refund(otid), { state: 'REVOKED' });
        expect(row.revoked_at).to.be.a('number');
        clock.now += DAY;
        await step(s.reverseRefund(otid), { state: 'ACTIVE' });
        clock.now = row.period_end + DAY;
        await step(s.expire(otid, 'VOLUNTARY'), { state: 'EXPIRED', auto_renew: 0 });
        clock.now += 30 * DAY;
        await step(s.notify(otid, 'SUBSCRIBED', 'RESUBSCRIBE'), { state: 'EXPIRED' });
        // The timeline names each store event once, in order (NOTE: said again, or nothing changed now).
        const timeline = await h.db.all<{ type: string; detail: string }>('SELECT type, detail FROM subscription_events WHERE subscription_id = ? ORDER BY at, revision', [row.subscription_id]);
        const byStore = timeline.map((e) => `${(JSON.parse(e.detail) as { storeType?: string }).storeType ?? 'receipt'} ${e.type}`);
        expect(byStore).to.deep.equal([
          'receipt STARTED', 'SUBSCRIBED/INITIAL_BUY NOTE',
          'DID_CHANGE_RENEWAL_STATUS/AUTO_RENEW_DISABLED CANCELED', 'DID_CHANGE_RENEWAL_STATUS/AUTO_RENEW_ENABLED UNCANCELED',
          'DID_RENEW RENEWED', 'DID_FAIL_TO_RENEW/GRACE_PERIOD GRACE_STARTED', 'GRACE_PERIOD_EXPIRED ON_HOLD', 'DID_RENEW/BILLING_RECOVERY RECOVERED',
          'DID_CHANGE_RENEWAL_PREF/DOWNGRADE CHANGED', 'DID_CHANGE_RENEWAL_PREF/DOWNGRADE CHANGED', 'DID_CHANGE_RENEWAL_PREF/UPGRADE CHANGED',
          'PRICE_INCREASE/PENDING PRICE_CHANGE', 'PRICE_INCREASE/ACCEPTED PRICE_CHANGE', 'OFFER_REDEEMED NOTE', 'RENEWAL_EXTENDED EXTENDED',
          'REFUND_DECLINED NOTE', 'CONSUMPTION_REQUEST NOTE', 'REFUND REVOKED', 'REFUND_REVERSED REFUND_REVERSED', 'EXPIRED/VOLUNTARY EXPIRED',
          'SUBSCRIBED/RESUBSCRIBE NOTE',
        ]);
        // Every charge is one period: the first, two renewals and the upgrade.
        const periods = await h.db.all<{ period_transaction_id: string }>('SELECT period_transaction_id FROM subscription_periods WHERE subscription_id = ?', [row.subscription_id]);
        expect(periods.length).to.equal(4);
        expect(await h.db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM subscriptions WHERE market = 'app-store'`)).to.deep.equal({ n: 1 });
      });

      it('changes nothing on a replayed notification or a late DID_RENEW after EXPIRED', async () => {
        const h = await start();
        const { otid } = await buyVip(h, 'ann');
        const s = apple.subscriptions;
        clock.now = START + MONTH;
        const lateRenewal = s.renew(otid);
        clock.now += DAY;
        s.setAutoRenew(otid, false);
        clock.now = START + 2 * MONTH;
        const expired = s.expire(otid, 'VOLUNTARY');
        expect((await h.notify(expired)).statusCode).to.equal(200);
        const row = await subscriptionOf(h, otid);
        expect(row.state).to.equal('EXPIRED');
        const timeline = await eventsOf(h, row.subscription_id);
        expect((await h.notify(expired)).statusCode).to.equal(200);
        expect(await eventsOf(h, row.subscription_id)).to.deep.equal(timeline);
        expect((await h.notify(lateRenewal)).statusCode).to.equal(200);
        expect((await subscriptionOf(h, otid)).state).to.equal('EXPIRED');
        expect((await h.notify(lateRenewal)).statusCode).to.equal(200);
        expect(await subscriptionOf(h, otid)).to.deep.include({ state: 'EXPIRED', auto_renew: 0 });
      });

      it('revokes within one refund notification, and tells the game server once', async () => {
        const h = await start();
        const game = await startGameServer();
        try {
          await h.db.write((tx) => tx.run('INSERT INTO lifecycle_webhook_endpoints (app_key, url, enabled, created_at, updated_at) VALUES (?, ?, 1, ?, ?)', [h.appKey, game.url, 0, 0]));
          const { otid, purchaseId } = await buyVip(h, 'ann');
          clock.now += 3 * DAY;
          const refund = apple.subscriptions.refund(otid);
          expect((await h.notify(refund)).statusCode).to.equal(200);
          const row = await subscriptionOf(h, otid);
          expect(row.state).to.equal('REVOKED');
          expect(row.revoked_at).to.be.a('number');
          const periods = await h.db.all<{ revoked_at: number | null }>('SELECT revoked_at FROM subscription_periods WHERE subscription_id = ?', [row.subscription_id]);
          expect(periods.map((p) => p.revoked_at !== null)).to.deep.equal([true]);
          // Apple delivers it again: nothing more happens.
          expect((await h.notify(refund)).statusCode).to.equal(200);
          const options = lifecycleOptions({ runJobs: false });
          for (let i = 0; i < 2; i++) {
            await enqueueWebhookEvents(h.db, clock.now, options.webhooks.lookbackMs, 0);
            await deliverDueWebhooks({ db: h.db, keys: h.app.billing.keys, now: () => clock.now, options });
          }
          expect(game.received.map((r) => r.type).sort()).to.deep.equal(['entitlement.revoked', 'entitlement.started', 'purchase.verified']);
          const revoked = JSON.parse(game.received.find((r) => r.type === 'entitlement.revoked')!.body) as { userKey: string; entitlement: Record<string, unknown> };
          expect(revoked.userKey).to.equal('ann');
          expect(revoked.entitlement).to.deep.include({ group: 'vip', state: 'REVOKED', active: false, purchaseId, market: 'app-store' });
        } finally {
          await game.close();
        }
      });

      it('takes a renewal sent by the device as the same subscription, never a second delivery', async () => {
        const h = await start();
        const { otid, purchaseId } = await buyVip(h, 'ann');
        clock.now = START + MONTH;
        const session = await h.session('ann');
        const renewal = apple.subscriptions.renew(otid);
        const device = apple.subscriptions.deviceReceipt(otid);
        expect(device.transactionId).to.equal(renewal.transactionId);
        const res = await h.call('POST', '/v1/receipts', { market: 'app-store', receipt: { signedTransaction: device.signedTransaction } }, session);
        expect(res.statusCode, res.body).to.equal(200);
        const body = res.json<{ purchase: { purchaseId: string }; subscription?: { renewal: boolean; state: string } }>();
        expect(body.purchase.purchaseId).to.equal(purchaseId);
        expect(body.subscription).to.deep.include({ renewal: true, state: 'ACTIVE' });
        expect(await subscriptionOf(h, otid)).to.deep.include({ state: 'ACTIVE', period_end: START + 2 * MONTH });
        // The store's own notification of the same renewal changes nothing more.
        expect((await h.notify(renewal)).statusCode).to.equal(200);
        const delivered = await h.db.all<{ purchase_id: string }>(`SELECT purchase_id FROM purchases WHERE user_key = 'ann' AND state IN ('VERIFIED', 'CONSUMED')`);
        expect(delivered.map((p) => p.purchase_id)).to.deep.equal([purchaseId]);
        expect(await h.db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM subscriptions`)).to.deep.equal({ n: 1 });
        expect(await h.db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM subscription_periods`)).to.deep.equal({ n: 2 });
      });

      it('records a SUBSCRIBED that comes before the device’s receipt, and opens the subscription once from the receipt', async () => {
        const h = await start();
        const session = await h.session('ann');
        const reservation = await h.reserve(session, 'vip_monthly');
        const sub = apple.subscriptions.subscribe({ productId: 'vip_monthly', periodMs: MONTH, appAccountToken: reservation.purchaseId });
        expect((await h.notify(sub.notification)).statusCode).to.equal(200);
        const res = await h.call('POST', '/v1/receipts', { market: 'app-store', receipt: { signedTransaction: sub.signedTransaction } }, session);
        expect(res.statusCode, res.body).to.equal(200);
        expect(await subscriptionOf(h, sub.originalTransactionId)).to.deep.include({ state: 'ACTIVE', purchase_id: reservation.purchaseId, verified_by: verifiedBy });
        // Apple delivers it again (no 2xx seen): still one subscription, one period.
        expect((await h.notify(sub.notification)).statusCode).to.equal(200);
        expect(await h.db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM subscription_periods`)).to.deep.equal({ n: 1 });
      });

      it('keeps one subscription when the player upgrades in the game (a new reservation, the same originalTransactionId)', async () => {
        const h = await start();
        const { otid } = await buyVip(h, 'ann');
        clock.now += 10 * DAY;
        const session = await h.session('ann');
        const reservation = await h.reserve(session, 'vip_premium');
        const up = apple.subscriptions.upgrade(otid, 'vip_premium', { appAccountToken: reservation.purchaseId });
        const res = await h.call('POST', '/v1/receipts', { market: 'app-store', receipt: { signedTransaction: up.signedTransaction } }, session);
        expect(res.statusCode, res.body).to.equal(200);
        expect((await h.notify(up)).statusCode).to.equal(200);
        expect(await subscriptionOf(h, otid)).to.deep.include({ state: 'ACTIVE', product_id: 'vip_premium', period_start: clock.now, period_end: clock.now + MONTH });
        expect(await h.db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM subscriptions`)).to.deep.equal({ n: 1 });
      });

      it(serverApi
        ? 'catches a missed DID_RENEW with the scheduled re-check before the period ends'
        : 'expires by the server clock when no renewal signal came, and a later signed DID_RENEW still wins', async () => {
        const h = await start();
        const { otid } = await buyVip(h, 'ann');
        const end = START + MONTH;
        if (serverApi) {
          clock.now = end - 50 * 60_000;
          apple.subscriptions.renew(otid); // Apple renewed; its notification never arrived.
          await recheck(h);
          expect(await subscriptionOf(h, otid)).to.deep.include({ state: 'ACTIVE', period_start: end, period_end: end + MONTH, verified_by: 'store-api' });
        } else {
          clock.now = end + 11 * 60_000;
          await recheck(h);
          expect((await subscriptionOf(h, otid)).state).to.equal('EXPIRED');
          clock.now += 60_000;
          expect((await h.notify(apple.subscriptions.renew(otid))).statusCode).to.equal(200);
          expect(await subscriptionOf(h, otid)).to.deep.include({ state: 'ACTIVE', period_end: end + MONTH });
        }
      });
    });
  }

  describe('a Production app', () => {
    let production: AppStoreSimulator;
    before(async () => {
      // Its test certificates are valid around the harness start.
      clock.now = START;
      production = await startAppStoreSimulator({ bundleId: VIP_BUNDLE, environment: 'Production', now: () => clock.now });
    });
    after(async () => production?.close());

    it('accepts App Review\u2019s sandbox subscription as a test purchase, and its notifications', async () => {
      const h = open = await AppleSubscriptionHarness.start({ ...engine(), apple: production, clock });
      const { otid } = await buyVip(h, 'reviewer', { environment: 'Sandbox' });
      expect(await subscriptionOf(h, otid)).to.deep.include({ state: 'ACTIVE', environment: 'sandbox', test: 1, verified_by: 'store-api' });
      clock.now = START + MONTH;
      expect((await h.notify(production.subscriptions.renew(otid))).statusCode).to.equal(200);
      expect(await subscriptionOf(h, otid)).to.deep.include({ state: 'ACTIVE', period_end: START + 2 * MONTH, test: 1 });
    });

    it('refuses it when the app turned acceptSandbox off', async () => {
      const h = open = await AppleSubscriptionHarness.start({ ...engine(), apple: production, clock, acceptSandbox: false });
      const session = await h.session('reviewer');
      const reservation = await h.reserve(session, 'vip_monthly');
      const tx = production.subscriptions.subscribe({ productId: 'vip_monthly', periodMs: MONTH, appAccountToken: reservation.purchaseId, environment: 'Sandbox' });
      const res = await h.call('POST', '/v1/receipts', { market: 'app-store', receipt: { signedTransaction: tx.signedTransaction } }, session);
      expect([res.statusCode, res.json<{ error: { code: string } }>().error.code]).to.deep.equal([400, 'RECEIPT_ENVIRONMENT_MISMATCH']);
      expect(await h.db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM subscriptions`)).to.deep.equal({ n: 0 });
    });
  });

  /** The SDK's flow: session, reservation, StoreKit purchase with the reservation's appAccountToken, receipt. */
  async function buyVip(h: AppleSubscriptionHarness, userKey: string, o: { environment?: 'Sandbox' | 'Production' } = {}) {
    const session = await h.session(userKey);
    const reservation = await h.reserve(session, 'vip_monthly');
    const sub = h.apple.subscriptions.subscribe({ productId: 'vip_monthly', periodMs: MONTH, appAccountToken: reservation.purchaseId, ...o });
    const res = await h.call('POST', '/v1/receipts', { market: 'app-store', receipt: { signedTransaction: sub.signedTransaction } }, session);
    expect(res.statusCode, res.body).to.equal(200);
    expect(res.json<{ purchase: { purchaseId: string } }>().purchase.purchaseId).to.equal(reservation.purchaseId);
    return { otid: sub.originalTransactionId, purchaseId: reservation.purchaseId, session };
  }

  /** One run of the subscription re-check job, as the lifecycle scheduler would run it. */
  async function recheck(h: AppleSubscriptionHarness): Promise<void> {
    const jobs = lifecycleJobs(h.app.billing, lifecycleOptions({ runJobs: false })).filter((j) => j.name === 'subscription-recheck');
    expect(jobs).to.have.length(1);
    const ran = await new JobScheduler(jobs, { db: h.db, now: () => clock.now, holder: 'apple-spec', leaseMs: 5 * 60_000, log: h.app.log }).tick();
    expect(ran).to.deep.equal(['subscription-recheck']);
  }

  async function subscriptionOf(h: AppleSubscriptionHarness, chainKey: string): Promise<SubscriptionRow> {
    const row = await h.db.get<SubscriptionRow>(`SELECT * FROM subscriptions WHERE market = 'app-store' AND chain_key = ?`, [chainKey]);
    if (!row) throw new Error(`no subscription for chain ${chainKey}`);
    return { ...row, period_start: Number(row.period_start), period_end: Number(row.period_end), grace_end: row.grace_end === null ? null : Number(row.grace_end), revoked_at: row.revoked_at === null ? null : Number(row.revoked_at), test: Number(row.test), auto_renew: Number(row.auto_renew), period_end_estimated: Number(row.period_end_estimated) };
  }

  async function eventsOf(h: AppleSubscriptionHarness, subscriptionId: string): Promise<string[]> {
    return (await h.db.all<{ event_id: string }>('SELECT event_id FROM subscription_events WHERE subscription_id = ? ORDER BY event_id', [subscriptionId])).map((e) => e.event_id);
  }
});
