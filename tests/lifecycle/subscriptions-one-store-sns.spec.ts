import { expect } from 'chai';
import { oneStoreParser } from '../../server/src/markets/one-store/notifications';
import { SNS_EVENTS } from '../../server/src/markets/one-store/sns';
import type { IntakeContext } from '../../server/src/lifecycle/notifications/types';
import { forEachEngine } from '../server/support/engines';
import { LifecycleHarness, startStoreSimulators, type StoreSimulators } from './support/harness';

const MONTH = 30 * 86_400_000;

/**
 * Issue #16: ONE store SNS through the real notification route — authenticated like PNS, every
 * type parsed into a subscription notice with its event time, unknown types kept (200), a replay
 * a duplicate; PNS keeps working next to it.
 */
forEachEngine('ONE store SNS intake', (engine) => {
  let h: LifecycleHarness;
  let stores: StoreSimulators | undefined;
  before(async () => {
    stores = await startStoreSimulators();
  });
  after(async () => stores?.close());
  beforeEach(async () => {
    h = await LifecycleHarness.start({ ...engine(), stores });
  });
  afterEach(async () => h.close());

  const stored = (kind: string) =>
    h.db.get<{ status: string; code: string | null; notification_id: string | null }>(
      "SELECT status, code, notification_id FROM lifecycle_notifications WHERE market = 'one-store' AND kind = ?", [kind]);
  const parse = (body: unknown) => oneStoreParser().parse({ body, headers: {}, url: '/v1/notifications/one-store' }, { billing: { db: h.db, now: () => h.clock.now } } as unknown as IntakeContext);
  const resign = (m: Record<string, unknown>) => {
    const { signature: _drop, ...rest } = m;
    return { ...rest, signature: h.one.sign(JSON.stringify(rest)) };
  };

  it('parses every SNS type into a subscription notice with the event time and the token as the chain', async () => {
    const s = h.one.subscribe({ productId: 'vip_one', periodMs: MONTH });
    for (const [type, event] of Object.entries(SNS_EVENTS)) {
      const at = h.clock.now + 1234;
      const parsed = await parse(h.one.sns(s.purchaseToken, type, { eventTimeMs: at }));
      expect(parsed).to.include({ appKey: h.appKey, kind: type });
      expect(parsed.unknownKind).to.equal(undefined);
      expect(parsed.purchase).to.equal(undefined);
      expect(parsed.subscription).to.deep.equal({ chainKey: s.purchaseToken, marketProductId: 'vip_one', event, storeType: type, eventTimeMs: at });
    }
  });

  it('an authenticated SNS is stored once and answered 200; the replay is a duplicate', async () => {
    const s = h.one.subscribe({ productId: 'vip_one', periodMs: MONTH });
    const sns = h.one.renew(s.purchaseToken);
    const first = await h.notify('one-store', sns);
    expect(first.statusCode).to.equal(200);
    expect(await stored('SUBSCRIPTION_RENEWED')).to.have.property('notification_id').that.matches(/^sns:SUBSCRIPTION_RENEWED:/);
    const replay = await h.notify('one-store', sns);
    expect(replay.statusCode).to.equal(200);
    expect(replay.json()).to.deep.equal({ status: 'duplicate' });
    // The same type at another time is another delivery, not a duplicate.
    h.clock.now += 1000;
    expect((await h.notify('one-store', h.one.sns(s.purchaseToken, 'SUBSCRIPTION_RENEWED'))).json()).to.not.deep.equal({ status: 'duplicate' });
  });

  it('an unknown future type is stored as a NOTE and answered 200, never refused', async () => {
    const s = h.one.subscribe({ productId: 'vip_one', periodMs: MONTH });
    const body = h.one.sns(s.purchaseToken, 'SUBSCRIPTION_SOMETHING_NEW');
    const parsed = await parse(body);
    expect(parsed).to.include({ unknownKind: true });
    expect(parsed.subscription).to.include({ event: 'NOTE', storeType: 'SUBSCRIPTION_SOMETHING_NEW' });
    const res = await h.notify('one-store', body);
    expect(res.statusCode).to.equal(200);
    expect(await stored('SUBSCRIPTION_SOMETHING_NEW')).to.not.equal(undefined);
  });

  it('where the unconfirmed format differs it still never refuses: a numeric type is a NOTE, no event time takes the receive time', async () => {
    const s = h.one.subscribe({ productId: 'vip_one', periodMs: MONTH });
    const numeric = await parse(resign({ ...h.one.sns(s.purchaseToken, 'SUBSCRIPTION_RENEWED'), notificationType: 2 }));
    expect(numeric).to.include({ kind: '2', unknownKind: true });
    expect(numeric.subscription).to.include({ event: 'NOTE' });
    const untimed = resign({ ...h.one.sns(s.purchaseToken, 'SUBSCRIPTION_RENEWED'), eventTimeMillis: undefined });
    const parsed = await parse(untimed);
    expect(parsed.subscription).to.include({ event: 'RENEWED', eventTimeMs: h.clock.now });
    // Its id comes from the charge it names, so a redelivery later is still the same notification.
    h.clock.now += 60_000;
    expect((await parse(untimed)).notificationId).to.equal(parsed.notificationId);
    expect((await h.notify('one-store', untimed)).statusCode).to.equal(200);
  });

  it('attack: an SNS unsigned, re-signed by another key, or altered after signing is refused (401) and applies nothing', async () => {
    const s = h.one.subscribe({ productId: 'vip_one', periodMs: MONTH });
    const unsigned = h.one.sns(s.purchaseToken, 'SUBSCRIPTION_REVOKED', { signed: false });
    const altered = { ...h.one.sns(s.purchaseToken, 'SUBSCRIPTION_RENEWED'), notificationType: 'SUBSCRIPTION_REVOKED' };
    for (const body of [unsigned, altered, { ...unsigned, signature: h.one.sign('{}') }]) {
      const res = await h.notify('one-store', body);
      expect(res.statusCode).to.equal(401);
      expect(res.json().error.code).to.equal('NOTIFICATION_AUTH_FAILED');
    }
    expect(await stored('SUBSCRIPTION_REVOKED')).to.equal(undefined);
  });

  it('a malformed SNS (no token, a time that is not a number, a type that is not a name) is 400 NOTIFICATION_MALFORMED', async () => {
    const s = h.one.subscribe({ productId: 'vip_one', periodMs: MONTH });
    const base = h.one.sns(s.purchaseToken, 'SUBSCRIPTION_RENEWED', { signed: false });
    for (const body of [
      resign({ ...base, purchaseToken: undefined }),
      resign({ ...base, eventTimeMillis: 'soon' }),
      resign({ ...base, notificationType: 'renewed; drop table' }),
    ]) {
      const res = await h.notify('one-store', body);
      expect(res.statusCode, JSON.stringify(body)).to.equal(400);
      expect(res.json().error.code).to.equal('NOTIFICATION_MALFORMED');
    }
  });

  it('PNS keeps working next to SNS: a CANCELED payment still revokes the one-time purchase', async () => {
    const b = await h.buy('one-store', 'pia');
    h.one.refund(b.token);
    const res = await h.notify('one-store', h.one.pns(b.token, 'CANCELED'));
    expect(res.json()).to.deep.equal({ status: 'processed' });
    expect(await h.purchase(b.purchaseId)).to.include({ state: 'REVOKED' });
  });
});
