import { expect } from 'chai';
import { googlePlayParser } from '../../server/src/markets/google-play/notifications';
import { PUSH_AUDIENCE, startStoreSimulators, type LifecycleHarness, type StoreSimulators } from './support/harness';
import { startVipHarness, WEEK } from './support/google-subscriptions';
import { pubsubEnvelope } from '../simulators/google-play-wire';

/** Every RTDN subscriptionNotification.notificationType (rtdn-reference) and the event it is. */
const TYPES: [number, string, string][] = [
  [1, 'SUBSCRIPTION_RECOVERED', 'RECOVERED'], [2, 'SUBSCRIPTION_RENEWED', 'RENEWED'], [3, 'SUBSCRIPTION_CANCELED', 'CANCELED'],
  [4, 'SUBSCRIPTION_PURCHASED', 'PURCHASED'], [5, 'SUBSCRIPTION_ON_HOLD', 'ON_HOLD'], [6, 'SUBSCRIPTION_IN_GRACE_PERIOD', 'GRACE_STARTED'],
  [7, 'SUBSCRIPTION_RESTARTED', 'UNCANCELED'], [8, 'SUBSCRIPTION_PRICE_CHANGE_CONFIRMED', 'PRICE_CHANGE'], [9, 'SUBSCRIPTION_DEFERRED', 'EXTENDED'],
  [10, 'SUBSCRIPTION_PAUSED', 'PAUSED'], [11, 'SUBSCRIPTION_PAUSE_SCHEDULE_CHANGED', 'PAUSE_SCHEDULED'], [12, 'SUBSCRIPTION_REVOKED', 'REVOKED'],
  [13, 'SUBSCRIPTION_EXPIRED', 'EXPIRED'], [17, 'SUBSCRIPTION_ITEMS_CHANGED', 'CHANGED'], [18, 'SUBSCRIPTION_CANCELLATION_SCHEDULED', 'CANCELED'],
  [19, 'SUBSCRIPTION_PRICE_CHANGE_UPDATED', 'PRICE_CHANGE'], [20, 'SUBSCRIPTION_PENDING_PURCHASE_CANCELED', 'EXPIRED'],
  [22, 'SUBSCRIPTION_PRICE_STEP_UP_CONSENT_UPDATED', 'PRICE_CHANGE'],
];

/**
 * Issue #16: the Google RTDN parser reads every subscription notification type (and a voided
 * subscription) into a SubscriptionNotice, through an authenticated Pub/Sub push to the real
 * server; a type Google adds later is stored and answered 200, never refused.
 */
describe('Google RTDN subscription notifications (parser, through the real server)', () => {
  let h: LifecycleHarness;
  let stores: StoreSimulators | undefined;
  before(async () => {
    stores = await startStoreSimulators();
    h = await startVipHarness({ engine: 'sqlite', stores, online: true });
  });
  after(async () => {
    await h.close();
    await stores?.close();
  });

  const parse = (body: unknown) =>
    googlePlayParser().parse(
      { body, headers: { authorization: `Bearer ${h.google.pushAuth.mint(PUSH_AUDIENCE)}` }, url: PUSH_AUDIENCE },
      { billing: h.app.billing, options: h.app.lifecycle.options, log: h.app.log },
    );
  const kindOf = async (messageId: string) =>
    (await h.db.get<{ kind: string; status: string }>('SELECT kind, status FROM lifecycle_notifications WHERE notification_id = ?', [messageId]))!;

  it('maps every subscription notification type to its event, with the token and the event time', async () => {
    const r = h.google.subscribe({ productId: 'vip_weekly', periodMs: WEEK });
    for (const [type, storeType, event] of TYPES) {
      const push = h.google.subscriptionNotification(r.purchaseToken, type);
      const parsed = await parse(push);
      expect(parsed.kind, storeType).to.equal(storeType);
      expect(parsed.unknownKind, storeType).to.equal(undefined);
      expect(parsed.subscription, storeType).to.deep.equal({ chainKey: r.purchaseToken, event, storeType, eventTimeMs: h.clock.now });
      const settles = type === 4 ? 'completed' : type === 20 ? 'canceled' : undefined;
      expect(parsed.purchase?.signal, storeType).to.equal(settles);
      const res = await h.notify('google-play', push);
      expect(res.statusCode, storeType).to.equal(200);
      expect((await kindOf(push.message.messageId)).kind).to.equal(storeType);
    }
  });

  it('eventTimeMillis as a number (the reference says long) or a string (its examples)', async () => {
    const n = { version: '1.0', packageName: h.google.packageName, subscriptionNotification: { version: '1.0', notificationType: 2, purchaseToken: 'tok-1' } };
    expect((await parse(pubsubEnvelope({ ...n, eventTimeMillis: '1767603600123' }))).subscription!.eventTimeMs).to.equal(1767603600123);
    const numeric = pubsubEnvelope({ ...n, eventTimeMillis: '0' });
    const data = JSON.parse(Buffer.from(numeric.message.data, 'base64').toString()) as Record<string, unknown>;
    numeric.message.data = Buffer.from(JSON.stringify({ ...data, eventTimeMillis: 1767603600456 })).toString('base64');
    expect((await parse(numeric)).subscription!.eventTimeMs).to.equal(1767603600456);
  });

  it('an unknown future type is a NOTE: stored, answered 200, never refused', async () => {
    const push = h.google.subscriptionNotification('tok-future', 99);
    const parsed = await parse(push);
    expect(parsed).to.deep.include({ kind: 'SUBSCRIPTION_99', unknownKind: true });
    expect(parsed.subscription).to.deep.include({ event: 'NOTE', storeType: 'SUBSCRIPTION_99', chainKey: 'tok-future' });
    const res = await h.notify('google-play', push);
    expect(res.statusCode).to.equal(200);
    expect((await kindOf(push.message.messageId)).kind).to.equal('SUBSCRIPTION_99');
  });

  it('an unknown notification kind (e.g. pendingRefundReviewNotification) is stored and answered 200', async () => {
    const push = pubsubEnvelope({ version: '1.0', packageName: h.google.packageName, eventTimeMillis: String(h.clock.now), pendingRefundReviewNotification: { purchaseToken: 't' } });
    expect(await parse(push)).to.deep.include({ kind: 'pendingRefundReviewNotification', unknownKind: true });
    expect((await h.notify('google-play', push)).statusCode).to.equal(200);
  });

  it('a voided subscription (productType 1) is a REVOKED subscription notice, not a one-time refund', async () => {
    const r = h.google.subscribe({ productId: 'vip_weekly', periodMs: WEEK });
    h.google.revokeSubscription(r.purchaseToken);
    const parsed = await parse(h.google.voidedSubscriptionNotification(r.purchaseToken));
    expect(parsed.kind).to.equal('VOIDED_SUBSCRIPTION');
    expect(parsed.subscription).to.deep.equal({ chainKey: r.purchaseToken, event: 'REVOKED', storeType: 'VOIDED_SUBSCRIPTION', eventTimeMs: h.clock.now });
    expect(parsed.purchase).to.equal(undefined);
  });

  it('a pending subscription purchase is settled by SUBSCRIPTION_PURCHASED like a one-time product', async () => {
    const session = (await h.call('POST', '/v1/sessions', { market: 'google-play', userKey: 'pat', loginToken: h.loginToken('pat') })).json<{ sessionToken: string }>().sessionToken;
    const { payload } = (await h.call('POST', '/v1/purchases', { productId: 'vip' }, session)).json<{ payload: { obfuscatedAccountId: string; obfuscatedProfileId: string } }>();
    const r = h.google.subscribe({ productId: 'vip_weekly', periodMs: WEEK, pending: true, ...payload });
    const res = await h.call('POST', '/v1/receipts', { market: 'google-play', receipt: { originalJson: r.originalJson, signature: r.signature } }, session);
    const purchaseId = res.json<{ purchase: { purchaseId: string; state: string } }>().purchase.purchaseId;
    expect((await h.purchase(purchaseId)).state).to.equal('PENDING');
    expect((await h.notify('google-play', h.google.completeSubscriptionPending(r.purchaseToken))).statusCode).to.equal(200);
    expect((await h.purchase(purchaseId)).state).to.equal('VERIFIED');
  });

  it('still refuses a push without the Pub/Sub token, and two notification kinds at once', async () => {
    const push = h.google.subscriptionNotification('tok-2', 2);
    expect((await h.notify('google-play', push, { authorization: '' })).statusCode).to.equal(401);
    const both = pubsubEnvelope({
      version: '1.0', packageName: h.google.packageName, eventTimeMillis: String(h.clock.now),
      subscriptionNotification: { version: '1.0', notificationType: 2, purchaseToken: 't' }, testNotification: { version: '1.0' },
    });
    expect((await h.notify('google-play', both)).statusCode).to.equal(400);
  });
});
