import { expect } from 'chai';
import type { CreateSessionResponse, ReservePurchaseResponse } from '../../assets/common-billing/protocol/api';
import type { Entitlement, EntitlementsResponse } from '../../assets/common-billing/protocol/entitlements';
import { recheckSubscriptions } from '../../server/src/subscriptions/recheck';
import { upsertAppMarket } from '../../server/src/storage/repos/apps';
import { upsertProduct } from '../../server/src/storage/repos/products';
import { forEachEngine } from '../server/support/engines';
import { LifecycleHarness, startStoreSimulators, type StoreSimulators } from './support/harness';

const DAY = 86_400_000;
/** The catalog's P1M from the simulator's start (2026-01-05): calendar months in UTC. */
const JAN5 = Date.UTC(2026, 0, 5, 9);
const FEB5 = Date.UTC(2026, 1, 5, 9);
const MAR5 = Date.UTC(2026, 2, 5, 9);

interface SubscriptionRow {
  subscription_id: string;
  state: string;
  period_end: number;
  period_end_estimated: number;
  auto_renew: number;
  verified_by: string;
  resumes_at: number | null;
  revoked_at: number | null;
  replaced_by: string | null;
}

/**
 * Issue #16 on ONE store, end to end through the real server on loopback: a VIP pass bought through
 * the reservation and receipt routes, then run through its life by SNS messages on an injected
 * clock — with the V7 subscription API configured (every state confirmed with the store) and
 * without it (the signed PurchaseData and the authenticated SNS alone, `verifiedBy: signed`).
 */
forEachEngine('ONE store subscriptions end to end', (engine) => {
  let h: LifecycleHarness;
  let stores: StoreSimulators | undefined;
  before(async () => {
    stores = await startStoreSimulators();
  });
  after(async () => stores?.close());
  afterEach(async () => h.close());

  async function start(online: boolean): Promise<void> {
    h = await LifecycleHarness.start({ ...engine(), stores });
    await h.db.write(async (tx) => {
      await upsertProduct(tx, h.appKey, {
        productId: 'vip', type: 'subscription', title: 'VIP', marketProductIds: { 'one-store': 'vip_one' }, subscription: { group: 'vip', period: 'P1M' },
        price: { amountMicros: 5_500_000_000, currency: 'KRW' },
      }, h.clock.now);
      await upsertProduct(tx, h.appKey, {
        productId: 'vip_year', type: 'subscription', title: 'VIP (year)', marketProductIds: { 'one-store': 'vip_year_one' }, subscription: { group: 'vip', period: 'P1Y' },
      }, h.clock.now);
      if (!online) await upsertAppMarket(tx, h.appKey, 'one-store', true, { ...h.one.marketConfig({ online: false }), notificationAuth: { mode: 'pns-signature' } }, h.clock.now);
    });
  }

  async function subscribe(userKey: string): Promise<string> {
    const session = (await h.call('POST', '/v1/sessions', { market: 'one-store', userKey, loginToken: h.loginToken(userKey) })).json<CreateSessionResponse>().sessionToken;
    const reservation = (await h.call('POST', '/v1/purchases', { productId: 'vip' }, session)).json<ReservePurchaseResponse>();
    const s = h.one.subscribe({ productId: 'vip_one', developerPayload: reservation.payload.developerPayload, periodMs: FEB5 - JAN5, price: '5500' });
    const res = await h.call('POST', '/v1/receipts', { market: 'one-store', receipt: { originalJson: s.originalJson, signature: s.signature } }, session);
    expect(res.statusCode, res.body).to.equal(200);
    // The SDK acknowledges at the store, as a game does after granting (the watchdog would otherwise).
    h.one.subscription(s.purchaseToken).acknowledgementState = 1;
    return s.purchaseToken;
  }

  const sub = async (token: string): Promise<SubscriptionRow> => {
    const row = await h.db.get<SubscriptionRow>("SELECT * FROM subscriptions WHERE market = 'one-store' AND chain_key = ?", [token]);
    if (!row) throw new Error(`no subscription for ${token}`);
    return row;
  };
  const events = async (token: string) =>
    (await h.db.all<{ type: string }>('SELECT type FROM subscription_events WHERE subscription_id = ? ORDER BY at, event_id', [(await sub(token)).subscription_id])).map((e) => e.type);
  async function vip(userKey: string): Promise<Entitlement | undefined> {
    const res = await h.call('GET', `/v1/users/${userKey}/entitlements`, undefined, h.secretKey);
    expect(res.statusCode, res.body).to.equal(200);
    return res.json<EntitlementsResponse>().entitlements.find((e) => e.group === 'vip');
  }
  async function notify(body: unknown): Promise<string> {
    const res = await h.notify('one-store', body);
    expect(res.statusCode, res.body).to.equal(200);
    return (res.json() as { status: string }).status;
  }

  describe('with the V7 subscription API configured (confirmed with the store)', () => {
    beforeEach(async () => start(true));

    it('runs through renew, grace, hold, recovery, cancel, uncancel, pause, resume and expiry', async () => {
      const t = await subscribe('ana');
      expect(await sub(t)).to.include({ state: 'ACTIVE', period_end: FEB5, verified_by: 'store-api', auto_renew: 1 });

      h.clock.now = FEB5;
      await notify(h.one.renew(t));
      expect(await sub(t)).to.include({ state: 'ACTIVE', period_end: h.one.subscription(t).expiryTimeMs, verified_by: 'store-api' });

      h.clock.now += DAY * 30;
      await notify(h.one.failRenewal(t, 3 * DAY));
      expect(await sub(t)).to.include({ state: 'IN_GRACE' });
      h.clock.now += 3 * DAY;
      await notify(h.one.hold(t));
      h.clock.now += 1;
      expect(await sub(t)).to.include({ state: 'ON_HOLD' });
      h.clock.now += DAY;
      await notify(h.one.recover(t));
      expect(await sub(t)).to.include({ state: 'ACTIVE', period_end: h.one.subscription(t).expiryTimeMs });

      h.clock.now += DAY;
      await notify(h.one.cancel(t));
      expect(await sub(t)).to.include({ state: 'CANCELED_ACTIVE', auto_renew: 0 });
      h.clock.now += DAY;
      await notify(h.one.restart(t));
      expect(await sub(t)).to.include({ state: 'ACTIVE', auto_renew: 1 });

      h.clock.now = h.one.subscription(t).expiryTimeMs;
      const resumeAt = h.clock.now + 20 * DAY;
      await notify(h.one.pause(t, resumeAt));
      h.clock.now += 1;
      expect(await sub(t)).to.include({ state: 'PAUSED', resumes_at: resumeAt });
      h.clock.now = resumeAt;
      await notify(h.one.resume(t));
      expect(await sub(t)).to.include({ state: 'ACTIVE', period_end: h.one.subscription(t).expiryTimeMs });

      await notify(h.one.cancel(t));
      h.clock.now = h.one.subscription(t).expiryTimeMs;
      await notify(h.one.expire(t));
      h.clock.now += 1;
      expect(await sub(t)).to.include({ state: 'EXPIRED', auto_renew: 0 });
      expect(await events(t)).to.include.members(['STARTED', 'GRACE_STARTED', 'ON_HOLD', 'PAUSED', 'EXPIRED']);
    });

    it('a replayed SNS is a duplicate and a late RENEWED after EXPIRED keeps the later truth', async () => {
      const t = await subscribe('ben');
      h.clock.now = FEB5;
      const renewed = h.one.renew(t);
      await notify(renewed);
      const before = await events(t);
      expect(await notify(renewed)).to.equal('duplicate');
      expect(await events(t)).to.deep.equal(before);

      await notify(h.one.cancel(t));
      h.clock.now = h.one.subscription(t).expiryTimeMs;
      const expired = h.one.expire(t);
      h.clock.now += DAY;
      await notify(expired);
      expect(await sub(t)).to.include({ state: 'EXPIRED' });
      // An older RENEWED, delivered late (another delivery of an earlier renewal).
      await notify(h.one.sns(t, 'SUBSCRIPTION_RENEWED', { eventTimeMs: FEB5 + 1 }));
      expect(await sub(t)).to.include({ state: 'EXPIRED' });
    });

    it('a refund revokes within one notification', async () => {
      const t = await subscribe('cid');
      h.clock.now += 2 * DAY;
      await notify(h.one.refundSubscription(t));
      expect(await sub(t)).to.include({ state: 'REVOKED', revoked_at: h.clock.now });
      expect(await vip('cid')).to.include({ state: 'REVOKED', active: false, market: 'one-store' });
    });

    it('a product conversion (upgrade) closes the old subscription and opens the new one for the same player, once', async () => {
      const t = await subscribe('hal');
      h.clock.now += 10 * DAY;
      const next = h.one.convert(t, { productId: 'vip_year_one', periodMs: 365 * DAY });
      expect(await notify(next.sns)).to.equal('processed');
      expect(await notify(next.sns)).to.equal('duplicate');
      const opened = await sub(next.purchaseToken);
      expect(opened).to.include({ state: 'ACTIVE', verified_by: 'store-api' });
      expect(await h.db.get('SELECT user_key FROM subscriptions WHERE subscription_id = ?', [opened.subscription_id])).to.deep.equal({ user_key: 'hal' });
      expect(await sub(t)).to.include({ state: 'EXPIRED', replaced_by: opened.subscription_id });
      expect(await vip('hal')).to.include({ productId: 'vip_year', state: 'ACTIVE', active: true });
    });

    it('the game sees a confirmed VIP; a renewal whose SNS never came is caught by the re-check before the period ends', async () => {
      const t = await subscribe('gus');
      expect(await vip('gus')).to.include({ state: 'ACTIVE', active: true, verifiedBy: 'store-api', expiresAtEstimated: false, expiresAt: new Date(FEB5).toISOString() });
      // The store renews ahead of the end; its SNS is lost.
      h.clock.now = FEB5 - 3 * 3_600_000;
      h.one.renew(t);
      const renewedEnd = h.one.subscription(t).expiryTimeMs;
      while ((await sub(t)).period_end !== renewedEnd && h.clock.now < FEB5) {
        h.clock.now += 600_000;
        await recheckSubscriptions(h.app.billing, { batch: 50 });
      }
      expect(h.clock.now, 'caught before the period ended').to.be.below(FEB5);
      expect(await vip('gus')).to.include({ state: 'ACTIVE', active: true, expiresAt: new Date(renewedEnd).toISOString() });
    });
  });

  describe('without the API (signed PurchaseData and authenticated SNS alone)', () => {
    beforeEach(async () => start(false));

    it('runs through renew, grace, hold, recovery, cancel, uncancel, pause, resume and expiry, saying it is signed only', async () => {
      const t = await subscribe('dee');
      expect(await sub(t)).to.include({ state: 'ACTIVE', period_end: FEB5, verified_by: 'signed', period_end_estimated: 1 });

      h.clock.now = FEB5;
      await notify(h.one.renew(t));
      expect(await sub(t)).to.include({ state: 'ACTIVE', period_end: MAR5, period_end_estimated: 1 });
      h.clock.now = MAR5;
      await notify(h.one.failRenewal(t, 3 * DAY));
      expect(await sub(t)).to.include({ state: 'IN_GRACE' });
      h.clock.now += 3 * DAY;
      await notify(h.one.hold(t));
      expect(await sub(t)).to.include({ state: 'ON_HOLD' });
      h.clock.now += DAY;
      await notify(h.one.recover(t));
      expect(await sub(t)).to.include({ state: 'ACTIVE' });
      h.clock.now += DAY;
      await notify(h.one.cancel(t));
      expect(await sub(t)).to.include({ state: 'CANCELED_ACTIVE', auto_renew: 0 });
      h.clock.now += DAY;
      await notify(h.one.restart(t));
      expect(await sub(t)).to.include({ state: 'ACTIVE', auto_renew: 1 });
      // A pause takes effect when the paid period ends.
      h.clock.now = (await sub(t)).period_end;
      await notify(h.one.pause(t, h.clock.now + 20 * DAY));
      expect(await sub(t)).to.include({ state: 'PAUSED' });
      h.clock.now += 20 * DAY;
      await notify(h.one.resume(t));
      expect(await sub(t)).to.include({ state: 'ACTIVE' });
      h.clock.now += DAY;
      await notify(h.one.cancel(t));
      h.clock.now += 40 * DAY;
      await notify(h.one.expire(t));
      const row = await sub(t);
      expect(row).to.include({ state: 'EXPIRED', verified_by: 'signed' });
    });

    it('a replayed SNS changes nothing; an out-of-order RENEWED (older event time) after EXPIRED changes nothing', async () => {
      const t = await subscribe('eve');
      h.clock.now = FEB5;
      const renewed = h.one.renew(t);
      await notify(renewed);
      const before = await events(t);
      expect(await notify(renewed)).to.equal('duplicate');
      expect(await events(t)).to.deep.equal(before);
      h.clock.now = MAR5;
      await notify(h.one.expire(t));
      expect(await sub(t)).to.include({ state: 'EXPIRED' });
      await notify(h.one.sns(t, 'SUBSCRIPTION_RENEWED', { eventTimeMs: FEB5 + 1 }));
      expect(await sub(t)).to.include({ state: 'EXPIRED' });
    });

    it('a refund revokes within one notification', async () => {
      const t = await subscribe('fay');
      expect(await vip('fay')).to.include({ state: 'ACTIVE', active: true, verifiedBy: 'signed', expiresAtEstimated: true });
      h.clock.now += 2 * DAY;
      await notify(h.one.refundSubscription(t));
      expect(await sub(t)).to.include({ state: 'REVOKED' });
      expect(await vip('fay')).to.include({ state: 'REVOKED', active: false });
    });
  });
});
