import { expect } from 'chai';
import { appStoreMarket } from '../../../../server/src/markets/app-store';
import { verifyAppStoreNotification } from '../../../../server/src/markets/app-store/notification';
import { subscriptionNoticeOf } from '../../../../server/src/markets/app-store/subscription-notices';
import type { MarketService } from '../../../../server/src/markets/types';
import type { SubscriptionNotice } from '../../../../server/src/subscriptions/types';
import { createApplePki } from '../../../simulators/apple-pki';
import { startAppStoreSimulator, type AppStoreSimulator } from '../../../simulators/app-store';
import { signEs256Jws } from '../../../simulators/jws';
import { rejectionOf, testContext } from '../support';

const BUNDLE = 'com.example.vip';
const MONTH = 30 * 86_400_000;
const DAY = 86_400_000;

/**
 * App Store subscriptions at the market boundary (issue #16): the snapshot a receipt supports on
 * its own, Get All Subscription Statuses through the simulator's Server API, and every ASSN V2
 * subscription type and subtype mapped to the core's event with its signed snapshot.
 */
describe('app-store subscriptions (market)', () => {
  let sim: AppStoreSimulator;
  const { ctx, clock } = testContext(Date.UTC(2026, 1, 1, 9));
  before(async () => {
    sim = await startAppStoreSimulator({ bundleId: BUNDLE, environment: 'Sandbox', now: () => clock.ms });
  });
  after(() => sim.close());

  const withApi = (): MarketService => appStoreMarket.create(sim.marketConfig(), ctx);
  const signedOnly = (): MarketService => appStoreMarket.create(sim.marketConfig({ serverApi: false }), ctx);
  const subscribe = (o: Partial<Parameters<AppStoreSimulator['subscriptions']['subscribe']>[0]> = {}) =>
    sim.subscriptions.subscribe({ productId: 'vip_monthly', periodMs: MONTH, appAccountToken: '5b1b1c3e-2d7a-4b7e-9f2c-0a4c1c2b9d11', ...o });
  const notice = (body: { signedPayload: string }): SubscriptionNotice => {
    const n = verifyAppStoreNotification(body.signedPayload, sim.marketConfig({ serverApi: false }), ctx.now);
    const parsed = subscriptionNoticeOf(n, ctx.now());
    if (!parsed) throw new Error('no subscription notice');
    return parsed;
  };

  describe('fromReceipt (the signed transaction alone)', () => {
    it('takes the real period end from expiresDate, the chain from originalTransactionId, the charge and the binding', async () => {
      const service = signedOnly();
      const s = subscribe({ offerType: 1, offerDiscountType: 'PAY_UP_FRONT', offerIdentifier: 'intro_3m' });
      const receipt = await service.verifier.verify({ signedTransaction: s.signedTransaction });
      const snap = service.subscriptions!.fromReceipt(receipt, { periodMs: 7 * DAY });
      expect(snap).to.deep.include({
        market: 'app-store', chainKey: s.originalTransactionId, marketProductId: 'vip_monthly', state: 'ACTIVE',
        periodStartMs: clock.ms, periodEndMs: clock.ms + MONTH, autoRenew: true, periodTransactionId: s.transactionId,
        environment: 'sandbox', test: true, source: 'signed', asOfMs: clock.ms,
      });
      expect(snap.periodEndEstimated).to.not.equal(true);
      expect(snap.offer).to.deep.equal({ kind: 'introductory', id: 'intro_3m' });
      expect(snap.charged).to.deep.equal({ priceMicros: 5_500_000_000, currency: 'KRW' });
      expect(snap.binding).to.deep.equal({ appAccountToken: '5b1b1c3e-2d7a-4b7e-9f2c-0a4c1c2b9d11' });
      expect(service.subscriptions!.manageUrl('vip_monthly')).to.equal('https://apps.apple.com/account/subscriptions');
      expect(service.subscriptions!.api).to.equal(undefined);
    });

    it('names offers by offerType: free trial, promotional, offer code, win-back', async () => {
      const service = signedOnly();
      const cases = [[1, 'FREE_TRIAL', 'free-trial'], [2, undefined, 'promotional'], [3, undefined, 'offer-code'], [4, undefined, 'win-back']] as const;
      for (const [offerType, offerDiscountType, kind] of cases) {
        const s = subscribe({ offerType, offerDiscountType, offerIdentifier: `offer_${offerType}` });
        const snap = service.subscriptions!.fromReceipt(await service.verifier.verify({ signedTransaction: s.signedTransaction }), { periodMs: MONTH });
        expect(snap.offer).to.deep.equal({ kind, id: `offer_${offerType}` });
        if (kind === 'free-trial') expect(snap.charged).to.deep.equal({ priceMicros: 0, currency: 'KRW' });
      }
    });

    it('keeps one chain across a renewal sent by the device, and a refunded period is REVOKED', async () => {
      const service = signedOnly();
      const s = subscribe();
      clock.ms += MONTH;
      const renewal = sim.subscriptions.renew(s.originalTransactionId);
      const device = sim.subscriptions.deviceReceipt(s.originalTransactionId);
      expect(device.transactionId).to.equal(renewal.transactionId);
      const snap = service.subscriptions!.fromReceipt(await service.verifier.verify({ signedTransaction: device.signedTransaction }), { periodMs: MONTH });
      expect(snap).to.deep.include({ chainKey: s.originalTransactionId, periodTransactionId: renewal.transactionId, state: 'ACTIVE', periodEndMs: s.payload.expiresDate as number + MONTH });
      sim.subscriptions.refund(s.originalTransactionId);
      const refunded = sim.subscriptions.deviceReceipt(s.originalTransactionId);
      expect(service.subscriptions!.fromReceipt(await service.verifier.verify({ signedTransaction: refunded.signedTransaction }), { periodMs: MONTH }).state).to.equal('REVOKED');
    });
  });

  it('estimates the end from the catalog only when a transaction has no expiresDate; a non-renewing one never renews', async () => {
    const service = signedOnly();
    const p = sim.purchase({ productId: 'season_pass', type: 'Non-Renewing Subscription' });
    const snap = service.subscriptions!.fromReceipt(await service.verifier.verify({ signedTransaction: p.signedTransaction }), { periodMs: 28 * DAY });
    expect(snap).to.deep.include({ chainKey: p.transactionId, periodEndMs: clock.ms + 28 * DAY, periodEndEstimated: true, autoRenew: false, state: 'ACTIVE' });
  });

  describe('api.read (Get All Subscription Statuses)', () => {
    it('reads every status Apple reports, verified, with the renewal intent', async () => {
      const api = withApi().subscriptions!.api!;
      const s = subscribe();
      const ref = { chainKey: s.originalTransactionId, marketProductId: 'vip_monthly' };
      const read = () => api.read(ref);
      expect(await read()).to.deep.include({ state: 'ACTIVE', autoRenew: true, source: 'store-api', asOfMs: clock.ms, chainKey: s.originalTransactionId });

      sim.subscriptions.setAutoRenew(s.originalTransactionId, false);
      expect(await read()).to.deep.include({ state: 'CANCELED_ACTIVE', autoRenew: false });
      sim.subscriptions.setAutoRenew(s.originalTransactionId, true);

      sim.subscriptions.downgrade(s.originalTransactionId, 'vip_lite');
      expect(await read()).to.deep.include({ state: 'ACTIVE', renewsIntoMarketProductId: 'vip_lite' });
      sim.subscriptions.downgrade(s.originalTransactionId, 'vip_monthly');

      sim.subscriptions.priceIncrease(s.originalTransactionId, 'PENDING');
      expect((await read()).priceConsent).to.equal('pending');
      sim.subscriptions.priceIncrease(s.originalTransactionId, 'ACCEPTED');
      expect((await read()).priceConsent).to.equal('accepted');

      clock.ms += MONTH;
      sim.subscriptions.failRenewal(s.originalTransactionId, { graceMs: 6 * DAY });
      const grace = await read();
      expect(grace).to.deep.include({ state: 'IN_GRACE', graceEndMs: (s.payload.expiresDate as number) + 6 * DAY });

      clock.ms += 6 * DAY;
      sim.subscriptions.endGrace(s.originalTransactionId);
      expect((await read()).state).to.equal('ON_HOLD');

      const recovered = sim.subscriptions.renew(s.originalTransactionId);
      expect(await api.read({ ...ref, latestToken: recovered.transactionId })).to.deep.include({ state: 'ACTIVE', periodTransactionId: recovered.transactionId, periodStartMs: clock.ms });

      sim.subscriptions.refund(s.originalTransactionId);
      expect((await read()).state).to.equal('REVOKED');

      const other = subscribe();
      sim.subscriptions.expire(other.originalTransactionId, 'VOLUNTARY');
      expect((await api.read({ chainKey: other.originalTransactionId, marketProductId: 'vip_monthly' })).state).to.equal('EXPIRED');
    });

    it('follows an upgrade inside the group: same chain, the new product and transaction', async () => {
      const api = withApi().subscriptions!.api!;
      const s = subscribe();
      clock.ms += 3 * DAY;
      const up = sim.subscriptions.upgrade(s.originalTransactionId, 'vip_premium');
      expect(await api.read({ chainKey: s.originalTransactionId, marketProductId: 'vip_monthly' })).to.deep.include({
        chainKey: s.originalTransactionId, marketProductId: 'vip_premium', periodTransactionId: up.transactionId, state: 'ACTIVE', periodEndMs: clock.ms + MONTH,
      });
    });

    it('finds an App Review sandbox subscription of a Production app on the sandbox host', async () => {
      const prod = await startAppStoreSimulator({ bundleId: BUNDLE, environment: 'Production', now: () => clock.ms });
      try {
        const api = appStoreMarket.create(prod.marketConfig(), ctx).subscriptions!.api!;
        const s = prod.subscriptions.subscribe({ productId: 'vip_monthly', periodMs: MONTH, environment: 'Sandbox' });
        expect(await api.read({ chainKey: s.originalTransactionId, marketProductId: 'vip_monthly' })).to.deep.include({ state: 'ACTIVE', test: true, environment: 'sandbox' });
        const strict = appStoreMarket.create(prod.marketConfig({ acceptSandbox: false }), ctx).subscriptions!.api!;
        expect((await rejectionOf(strict.read({ chainKey: s.originalTransactionId, marketProductId: 'vip_monthly' }))).code).to.equal('RECEIPT_STORE_REJECTED');
      } finally {
        await prod.close();
      }
    });

    it('fails closed on a forged answer, an unknown subscription and an outage', async () => {
      const api = withApi().subscriptions!.api!;
      const s = subscribe();
      const ref = { chainKey: s.originalTransactionId, marketProductId: 'vip_monthly' };
      const rogue = await createApplePki({ at: clock.ms });
      const forged = signEs256Jws({ ...s.payload, expiresDate: clock.ms + 100 * MONTH }, rogue.leafKey, { x5c: rogue.x5c });
      sim.answerNextApiCall({ status: 200, body: { environment: 'Sandbox', bundleId: BUNDLE, data: [{ subscriptionGroupIdentifier: '1', lastTransactions: [{ originalTransactionId: s.originalTransactionId, status: 1, signedTransactionInfo: forged }] }] } });
      expect((await rejectionOf(api.read(ref))).code).to.equal('RECEIPT_CHAIN_INVALID');
      expect((await rejectionOf(api.read({ chainKey: '1999999999999999', marketProductId: 'vip_monthly' }))).code).to.equal('RECEIPT_STORE_REJECTED');
      sim.failNextApiCall(503);
      expect((await rejectionOf(api.read(ref))).code).to.equal('STORE_UNAVAILABLE');
    });
  });

  describe('ASSN V2 notices', () => {
    it('maps every subscription type and subtype to its event, with the signed state', () => {
      const s = subscribe();
      const id = s.originalTransactionId;
      const subs = sim.subscriptions;
      const seen: [string, string, string][] = [];
      const check = (body: { signedPayload: string }, event: string, state: string) => {
        const n = notice(body);
        seen.push([n.storeType, n.event, n.snapshot!.state]);
        expect(n, n.storeType).to.deep.include({ chainKey: id, event });
        expect(n.snapshot!.state, n.storeType).to.equal(state);
        expect(n.snapshot!.asOfMs).to.equal(clock.ms);
        expect(n.eventTimeMs).to.equal(clock.ms);
        return n;
      };
      expect(check(s.notification, 'PURCHASED', 'ACTIVE').storeType).to.equal('SUBSCRIBED/INITIAL_BUY');
      check(subs.setAutoRenew(id, false), 'CANCELED', 'CANCELED_ACTIVE');
      check(subs.setAutoRenew(id, true), 'UNCANCELED', 'ACTIVE');
      clock.ms += MONTH;
      const renewed = check(subs.renew(id), 'RENEWED', 'ACTIVE');
      expect(renewed.latestToken).to.not.equal(id);
      expect(renewed.snapshot!.periodTransactionId).to.equal(renewed.latestToken);
      clock.ms += MONTH;
      expect(check(subs.failRenewal(id, { graceMs: 3 * DAY }), 'GRACE_STARTED', 'IN_GRACE').snapshot!.graceEndMs).to.be.a('number');
      clock.ms += 3 * DAY;
      check(subs.endGrace(id), 'ON_HOLD', 'ON_HOLD');
      check(subs.renew(id), 'RECOVERED', 'ACTIVE');
      clock.ms += MONTH;
      check(subs.failRenewal(id), 'ON_HOLD', 'ON_HOLD');
      check(subs.renew(id), 'RECOVERED', 'ACTIVE');
      expect(check(subs.downgrade(id, 'vip_lite'), 'CHANGED', 'ACTIVE').snapshot!.renewsIntoMarketProductId).to.equal('vip_lite');
      expect(check(subs.upgrade(id, 'vip_premium'), 'CHANGED', 'ACTIVE').marketProductId).to.equal('vip_premium');
      expect(check(subs.priceIncrease(id, 'PENDING'), 'PRICE_CHANGE', 'ACTIVE').snapshot!.priceConsent).to.equal('pending');
      expect(check(subs.priceIncrease(id, 'ACCEPTED'), 'PRICE_CHANGE', 'ACTIVE').snapshot!.priceConsent).to.equal('accepted');
      check(subs.redeemOffer(id, { offerType: 2, offerIdentifier: 'winter' }), 'OFFER_REDEEMED', 'ACTIVE');
      expect(check(subs.extend(id, 5 * DAY), 'EXTENDED', 'ACTIVE').snapshot!.periodEndMs).to.equal(clock.ms + MONTH + 5 * DAY);
      check(subs.notify(id, 'REFUND_DECLINED'), 'NOTE', 'ACTIVE');
      check(subs.notify(id, 'CONSUMPTION_REQUEST'), 'NOTE', 'ACTIVE');
      check(subs.notify(id, 'RENEWAL_EXTENSION', 'FAILURE'), 'NOTE', 'ACTIVE');
      check(subs.refund(id), 'REVOKED', 'REVOKED');
      check(subs.reverseRefund(id), 'REFUND_REVERSED', 'ACTIVE');
      check(subs.notify(id, 'REVOKE'), 'REVOKED', 'ACTIVE');
      for (const subtype of ['VOLUNTARY', 'BILLING_RETRY', 'PRICE_INCREASE', 'PRODUCT_NOT_FOR_SALE'] as const) {
        const expired = check(subs.expire(id, subtype), 'EXPIRED', 'EXPIRED');
        expect(expired.storeType).to.equal(`EXPIRED/${subtype}`);
        if (subtype === 'PRICE_INCREASE') expect(expired.snapshot!.priceConsent).to.equal('declined');
      }
      check(subs.notify(id, 'GRACE_PERIOD_EXPIRED'), 'ON_HOLD', 'EXPIRED');
      check(subs.notify(id, 'SUBSCRIBED', 'RESUBSCRIBE'), 'PURCHASED', 'EXPIRED');
      check(subs.notify(id, 'SOMETHING_NEW'), 'NOTE', 'EXPIRED');
      expect(seen.length).to.be.greaterThan(25);
    });

    it('takes a refund of an earlier period as a note, not a revocation of the subscription', () => {
      const s = subscribe();
      clock.ms += MONTH;
      sim.subscriptions.renew(s.originalTransactionId);
      clock.ms += DAY;
      const n = notice(sim.subscriptions.refund(s.originalTransactionId, { transactionId: s.transactionId }));
      expect(n).to.deep.include({ event: 'NOTE', storeType: 'REFUND', chainKey: s.originalTransactionId, latestToken: s.transactionId });
      expect(n.snapshot).to.equal(undefined);
      expect(notice(sim.subscriptions.refund(s.originalTransactionId))).to.deep.include({ event: 'REVOKED' });
    });

    it('leaves one-time products to the purchase signals', () => {
      const p = sim.purchase({ productId: 'gem_100', type: 'Consumable' });
      sim.refund(p.transactionId);
      const n = verifyAppStoreNotification(sim.notification('REFUND', p.transactionId).signedPayload, sim.marketConfig({ serverApi: false }), ctx.now);
      expect(subscriptionNoticeOf(n, ctx.now())).to.equal(undefined);
    });

    it('refuses renewal info of another subscription inside a notification', async () => {
      const a = subscribe();
      const b = subscribe();
      const body = sim.subscriptions.notify(a.originalTransactionId, 'DID_RENEW');
      const payload = JSON.parse(Buffer.from(body.signedPayload.split('.')[1]!, 'base64url').toString()) as { data: Record<string, unknown> };
      payload.data.signedRenewalInfo = sim.sign(sim.subscriptions.renewalInfo(sim.subscriptions.chain(b.originalTransactionId)));
      const spliced = sim.sign(payload);
      let code: string | undefined;
      try {
        verifyAppStoreNotification(spliced, sim.marketConfig({ serverApi: false }), ctx.now);
      } catch (error) {
        code = (error as { code?: string }).code;
      }
      expect(code).to.equal('RECEIPT_MALFORMED');
    });
  });
});
