import { expect } from 'chai';
import type { PurchaseDetail } from '../../server/src/console/api-schemas';
import type { PlayerEntitlements, SubscriptionSearchResponse, SubscriptionStatsResponse } from '../../server/src/console/subscription-schemas';
import { loadEntitlements } from '../../server/src/domain/entitlements';
import type { EngineName } from '../../server/src/storage/types';
import { requirePostgres } from '../support/environment';
import { paidPurchase } from './support/fixtures';
import { ConsoleClient, errorCode } from './support/http-client';
import { APP_KEY, startConsoleServer, type ConsoleServer } from './support/console-server';
import { seedSubscription } from './support/subscriptions';

const DAY = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

for (const engine of ['sqlite', 'postgres'] as EngineName[]) {
  describe(`console API on ${engine}: entitlements, subscription timelines, search, counts and revenue`, function () {
    let server: ConsoleServer;
    let viewer: ConsoleClient;
    let NOW: number;
    const ids: Record<string, string> = {};

    before(async function () {
      const pgUrl = engine === 'postgres' ? requirePostgres(this) : undefined;
      server = await startConsoleServer(engine, pgUrl);
      NOW = server.clock.now;
      const db = server.db;
      // A VIP who subscribed on the App Store (renewed twice), upgraded on Google Play (the old token
      // expired, the new one is in grace), and owns a non-consumable.
      ids.apple = await seedSubscription(db, {
        userKey: 'vip-lee', market: 'app-store', chainKey: '2000001', state: 'ACTIVE',
        periods: [
          { transactionId: '2000001', start: NOW - 65 * DAY, end: NOW - 35 * DAY },
          { transactionId: '2000002', start: NOW - 35 * DAY, end: NOW - 5 * DAY },
          { transactionId: '2000003', start: NOW - 5 * DAY, end: NOW + 25 * DAY },
        ],
        events: [
          { at: NOW - 65 * DAY, type: 'PURCHASED', source: 'receipt', from: null, to: 'ACTIVE' },
          { at: NOW - 35 * DAY, type: 'RENEWED', from: 'ACTIVE', to: 'ACTIVE', detail: { storeType: 'DID_RENEW' } },
          { at: NOW - 5 * DAY, type: 'RENEWED', from: 'ACTIVE', to: 'ACTIVE', detail: { storeType: 'DID_RENEW' } },
        ],
      });
      ids.googleNew = await seedSubscription(db, {
        userKey: 'vip-lee', market: 'google-play', chainKey: 'gp-new-token', replacesChainKey: 'gp-old-token', state: 'IN_GRACE',
        periods: [{ transactionId: 'GPA.3333-0000-0000-00002', start: NOW - 20 * DAY, end: NOW - DAY, estimated: true }],
        events: [
          { at: NOW - 20 * DAY, type: 'PURCHASED', from: null, to: 'ACTIVE' },
          { at: NOW - DAY, type: 'GRACE_STARTED', from: 'ACTIVE', to: 'IN_GRACE', detail: { storeType: 'SUBSCRIPTION_IN_GRACE_PERIOD' } },
        ],
      });
      ids.googleOld = await seedSubscription(db, {
        userKey: 'vip-lee', market: 'google-play', chainKey: 'gp-old-token', replacedBy: ids.googleNew, state: 'EXPIRED',
        periods: [{ transactionId: 'GPA.3333-0000-0000-00001', start: NOW - 40 * DAY, end: NOW - 20 * DAY }],
        events: [
          { at: NOW - 40 * DAY, type: 'PURCHASED', from: null, to: 'ACTIVE' },
          { at: NOW - 20 * DAY, type: 'CHANGED', from: 'ACTIVE', to: 'EXPIRED' },
        ],
      });
      // Refunded on ONE store: revoked, its charge is not revenue.
      ids.one = await seedSubscription(db, {
        userKey: 'refund-park', market: 'one-store', chainKey: 'one-token-1', state: 'REVOKED', revokedAt: NOW - DAY,
        periods: [{ transactionId: 'ONE-ORDER-1', start: NOW - 3 * DAY, end: NOW + 27 * DAY, priceMicros: 6_500_000_000, currency: 'KRW', revokedAt: NOW - DAY }],
        events: [{ at: NOW - 3 * DAY, type: 'PURCHASED', to: 'ACTIVE' }, { at: NOW - DAY, type: 'REVOKED', from: 'ACTIVE', to: 'REVOKED' }],
      });
      // Lapsed: the player turned renewal off and the period ran out.
      ids.lapsed = await seedSubscription(db, {
        userKey: 'lapsed-han', market: 'app-store', chainKey: '5000001', state: 'EXPIRED', autoRenew: false,
        periods: [{ transactionId: '5000001', start: NOW - 45 * DAY, end: NOW - 15 * DAY }],
        events: [{ at: NOW - 45 * DAY, type: 'PURCHASED', to: 'ACTIVE' }, { at: NOW - 15 * DAY, type: 'EXPIRED', from: 'CANCELED_ACTIVE', to: 'EXPIRED' }],
      });
      // A store tester's sandbox subscription: counted apart, never revenue.
      ids.test = await seedSubscription(db, {
        userKey: 'tester-choi', market: 'app-store', chainKey: 'sandbox-orig-1', state: 'ACTIVE', environment: 'sandbox', test: true,
        periods: [{ transactionId: 'sandbox-orig-1', start: NOW - 2 * DAY, end: NOW + 28 * DAY }],
        events: [{ at: NOW - 2 * DAY, type: 'PURCHASED', to: 'ACTIVE' }],
      });
      ids.cancel = await seedSubscription(db, {
        userKey: 'cancel-jung', market: 'google-play', chainKey: 'gp-cancel-token', state: 'CANCELED_ACTIVE', autoRenew: false,
        periods: [{ transactionId: 'GPA.4444-0000-0000-00001', start: NOW - 10 * DAY, end: NOW + 20 * DAY }],
        events: [{ at: NOW - 10 * DAY, type: 'PURCHASED', to: 'ACTIVE' }, { at: NOW - 2 * DAY, type: 'CANCELED', from: 'ACTIVE', to: 'CANCELED_ACTIVE' }],
      });
      ids.car = (await paidPurchase(db, { userKey: 'vip-lee', productId: 'car_upgrade', productType: 'non-consumable', at: NOW - 50 * DAY })).purchaseId;
      viewer = new ConsoleClient(server.baseUrl);
      await viewer.signIn('viewer@example.com', await server.account('viewer@example.com', 'viewer'));
    });
    after(async () => server?.close());

    const ok = async <T>(path: string): Promise<T> => {
      const answer = await viewer.get(path);
      expect(answer.status, answer.text).to.equal(200);
      return answer.body as T;
    };

    it('shows a player\u2019s entitlements as the game gets them, and each subscription\u2019s charged periods and store events in order', async function () {
      const p = await ok<PlayerEntitlements>(`/console/api/entitlements?appKey=${APP_KEY}&userKey=vip-lee`);
      const game = await loadEntitlements(server.db, APP_KEY, 'vip-lee', NOW);
      expect(p.entitlements).to.deep.equal(game.entitlements);
      expect(p.entitlements.find((e) => e.productId === 'car_upgrade')).to.deep.include({ kind: 'non-consumable', state: 'ACTIVE', active: true, expiresAt: null, purchaseId: ids.car });
      expect(p.asOf).to.equal(new Date(NOW).toISOString());
      // The VIP group is one entitlement, granted (its subscriptions are ACTIVE and IN_GRACE).
      const vip = p.entitlements.filter((e) => e.group === 'vip');
      expect(vip).to.have.length(1);
      expect(vip[0]).to.deep.include({ kind: 'subscription', active: true });
      // Newest first: the upgrade, the token it replaced, the App Store subscription.
      expect(p.subscriptions.map((s) => s.subscription.subscriptionId)).to.deep.equal([ids.googleNew, ids.googleOld, ids.apple]);
      const apple = p.subscriptions[2]!;
      expect(apple.subscription).to.deep.include({ market: 'app-store', chainKey: '2000001', state: 'ACTIVE', entitlementGroup: 'vip', productId: 'premium_pass', autoRenew: true, test: false });
      expect(apple.subscription.periodEnd).to.equal(new Date(NOW + 25 * DAY).toISOString());
      expect(apple.periods.map((x) => [x.transactionId, x.start, x.amountMicros, x.currency, x.estimated])).to.deep.equal([
        ['2000001', new Date(NOW - 65 * DAY).toISOString(), 4_990_000, 'USD', false],
        ['2000002', new Date(NOW - 35 * DAY).toISOString(), 4_990_000, 'USD', false],
        ['2000003', new Date(NOW - 5 * DAY).toISOString(), 4_990_000, 'USD', false],
      ]);
      expect(apple.events.map((e) => [e.type, e.fromState, e.toState])).to.deep.equal([['PURCHASED', null, 'ACTIVE'], ['RENEWED', 'ACTIVE', 'ACTIVE'], ['RENEWED', 'ACTIVE', 'ACTIVE']]);
      expect(apple.events[1]!.details).to.deep.equal({ storeType: 'DID_RENEW' });
      const [upgrade, replaced] = p.subscriptions;
      expect(upgrade!.subscription).to.deep.include({ state: 'IN_GRACE', replacesChainKey: 'gp-old-token', periodEndEstimated: true });
      expect(upgrade!.periods[0]).to.deep.include({ transactionId: 'GPA.3333-0000-0000-00002', estimated: true });
      expect(replaced!.subscription).to.deep.include({ state: 'EXPIRED', replacedBy: ids.googleNew });
    });

    it('answers an unknown player with no entitlements and no subscriptions (not an error)', async function () {
      const p = await ok<PlayerEntitlements>(`/console/api/entitlements?appKey=${APP_KEY}&userKey=nobody`);
      expect(p).to.deep.include({ appKey: APP_KEY, userKey: 'nobody', entitlements: [], subscriptions: [] });
    });

    it('the payment detail names the app, so the console can open the player\u2019s entitlements from it', async function () {
      const d = await ok<PurchaseDetail>(`/console/api/purchases/${ids.car}`);
      expect(d.purchase).to.include({ appKey: APP_KEY, userKey: 'vip-lee', productType: 'non-consumable' });
    });

    it('finds a subscription and its player by original transaction id, purchase token, linked token or a renewal\u2019s transaction id', async function () {
      const find = async (query: string) => (await ok<SubscriptionSearchResponse>(`/console/api/subscriptions?${query}`)).items.map((s) => [s.subscriptionId, s.userKey, s.matchedBy]);
      expect(await find('key=2000001')).to.deep.equal([[ids.apple, 'vip-lee', 'chain']]);
      expect(await find('key=2000003')).to.deep.equal([[ids.apple, 'vip-lee', 'period-transaction']]);
      expect(await find('key=one-token-1')).to.deep.equal([[ids.one, 'refund-park', 'chain']]);
      // The old token finds its own subscription and the one that replaced it (Google linkedPurchaseToken).
      expect(await find('key=gp-old-token')).to.deep.equal([[ids.googleOld, 'vip-lee', 'chain'], [ids.googleNew, 'vip-lee', 'replaced-chain']]);
      expect(await find('key=gp-new-token&market=google-play')).to.deep.equal([[ids.googleNew, 'vip-lee', 'chain']]);
      expect(await find('key=gp-new-token&market=app-store')).to.deep.equal([]);
      expect(await find('key=no-such-token')).to.deep.equal([]);
    });

    it('counts subscriptions per product now (test apart) and churn in the period; revenue per day as charged, without test or refunded periods', async function () {
      const s = await ok<SubscriptionStatsResponse>(`/console/api/subscriptions/stats?from=${day(NOW - 30 * DAY)}&to=${day(NOW)}`);
      const zero = { active: 0, inGrace: 0, onHold: 0, paused: 0, canceledActive: 0, expired: 0, revoked: 0 };
      expect(s.counts).to.deep.equal([
        { productId: 'premium_pass', market: 'app-store', test: false, ...zero, active: 1, expired: 1 },
        // The old Google token ended because the upgrade replaced it: not churn.
        { productId: 'premium_pass', market: 'google-play', test: false, ...zero, inGrace: 1, canceledActive: 1 },
        { productId: 'premium_pass', market: 'one-store', test: false, ...zero, revoked: 1 },
        { productId: 'premium_pass', market: 'app-store', test: true, ...zero, active: 1 },
      ]);
      expect(s.revenue).to.deep.equal([
        { day: day(NOW - 20 * DAY), productId: 'premium_pass', market: 'google-play', currency: 'USD', amountMicros: 4_990_000, count: 1, estimatedCount: 1 },
        { day: day(NOW - 10 * DAY), productId: 'premium_pass', market: 'google-play', currency: 'USD', amountMicros: 4_990_000, count: 1, estimatedCount: 0 },
        { day: day(NOW - 5 * DAY), productId: 'premium_pass', market: 'app-store', currency: 'USD', amountMicros: 4_990_000, count: 1, estimatedCount: 0 },
      ]);
      // A period before the old token expired: no churn, and only the App Store's second charge.
      const before = await ok<SubscriptionStatsResponse>(`/console/api/subscriptions/stats?from=${day(NOW - 40 * DAY)}&to=${day(NOW - 30 * DAY)}`);
      expect(before.counts.every((c) => c.expired === 0 && c.revoked === 0)).to.equal(true);
      expect(before.revenue.map((r) => [r.day, r.market, r.count])).to.deep.equal([[day(NOW - 40 * DAY), 'google-play', 1], [day(NOW - 35 * DAY), 'app-store', 1]]);
      // Without dates: the 30 days up to today.
      const fallback = await ok<SubscriptionStatsResponse>('/console/api/subscriptions/stats');
      expect([fallback.from, fallback.to]).to.deep.equal([day(NOW - 29 * DAY), day(NOW)]);
    });

    it('answers a bad query with 400 VALIDATION_FAILED, never 500', async function () {
      for (const path of [
        '/console/api/entitlements?appKey=gas-station',
        '/console/api/entitlements?userKey=vip-lee',
        '/console/api/entitlements?appKey=a%20b&userKey=vip-lee',
        `/console/api/entitlements?appKey=${APP_KEY}&userKey=${'x'.repeat(129)}`,
        `/console/api/entitlements?appKey=${APP_KEY}&userKey=vip-lee&extra=1`,
        '/console/api/subscriptions',
        '/console/api/subscriptions?key=',
        '/console/api/subscriptions?key=has%20space',
        `/console/api/subscriptions?key=${'k'.repeat(2049)}`,
        '/console/api/subscriptions?key=2000001&market=NOT_A_MARKET',
        '/console/api/subscriptions/stats?from=2026-06-10&to=2026-06-01',
        '/console/api/subscriptions/stats?to=2026-02-30',
        '/console/api/subscriptions/stats?from=yesterday',
        '/console/api/subscriptions/stats?to=1978-59-30',
        '/console/api/subscriptions/stats?to=0000-01-01',
        '/console/api/subscriptions/stats?from=%00',
        '/console/api/subscriptions/stats?from=2026-06-01&from=2026-06-02',
        '/console/api/subscriptions?key=a&key=b',
        '/console/api/subscriptions?key=%00',
        `/console/api/entitlements?appKey=${APP_KEY}&userKey=a&userKey=b`,
      ]) {
        const answer = await viewer.get(path);
        expect(answer.status, `${path}: ${answer.text}`).to.equal(400);
        expect(errorCode(answer), path).to.equal('VALIDATION_FAILED');
      }
    });

    it('lets a viewer read everything here and changes nothing: no audit entry, the subscriptions as they were', async function () {
      const before = await server.db.all('SELECT subscription_id, state, revision, updated_at FROM subscriptions ORDER BY subscription_id');
      const audits = async () => Number((await server.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM console_audit'))!.n);
      const auditsBefore = await audits();
      await ok(`/console/api/entitlements?appKey=${APP_KEY}&userKey=vip-lee`);
      await ok('/console/api/subscriptions?key=2000001');
      await ok('/console/api/subscriptions/stats');
      expect(await server.db.all('SELECT subscription_id, state, revision, updated_at FROM subscriptions ORDER BY subscription_id')).to.deep.equal(before);
      expect(await audits()).to.equal(auditsBefore);
      const anonymous = new ConsoleClient(server.baseUrl);
      for (const path of [`/console/api/entitlements?appKey=${APP_KEY}&userKey=vip-lee`, '/console/api/subscriptions?key=2000001', '/console/api/subscriptions/stats']) {
        const answer = await anonymous.get(path);
        expect(answer.status, path).to.equal(401);
        expect(errorCode(answer)).to.equal('UNAUTHENTICATED');
      }
    });
  });
}
