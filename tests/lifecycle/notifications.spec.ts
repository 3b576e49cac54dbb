import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { forEachEngine } from '../server/support/engines';
import { LifecycleHarness, startStoreSimulators, type StoreSimulators } from './support/harness';

/** Issue #4: each notification type of each market changes state as specified; a replay changes nothing. */
forEachEngine('store notifications', (engine) => {
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

  const state = async (purchaseId: string) => (await h.purchase(purchaseId)).state;

  describe('Google Play RTDN', () => {
    it('a full void after consumption revokes the purchase with reason and time; the replay changes nothing', async () => {
      const b = await h.buy('google-play', 'ann');
      expect((await h.consume(b)).statusCode).to.equal(200);
      h.clock.now += 60_000;
      h.google.refund(b.token, 1);
      const push = h.google.voidedNotification(b.token, 1);
      const first = await h.notify('google-play', push);
      expect(first.statusCode).to.equal(200);
      expect(first.json()).to.deep.equal({ status: 'processed' });
      const row = await h.purchase(b.purchaseId) as unknown as Record<string, unknown>;
      expect(row).to.include({ state: 'REVOKED', revoke_reason: 'google:FULL_REFUND', revoked_from: 'CONSUMED' });
      expect(Number(row.revoked_at)).to.equal(h.clock.now);
      const eventsBefore = await h.events(b.purchaseId);
      const replay = await h.notify('google-play', push);
      expect(replay.json()).to.deep.equal({ status: 'duplicate' });
      expect(await h.events(b.purchaseId)).to.deep.equal(eventsBefore);
      const signal = await h.call('GET', '/v1/lifecycle/users/ann/refunds', undefined, h.secretKey);
      expect(signal.json()).to.include({ refundsAfterDelivery: 1, refundsTotal: 1 });
    });

    it('a store outage answers 503 so Pub/Sub retries, and the retry is processed', async () => {
      const b = await h.buy('google-play', 'abe');
      h.google.refund(b.token, 1);
      const push = h.google.voidedNotification(b.token, 1);
      h.google.failNextApiCall(503);
      const first = await h.notify('google-play', push);
      expect(first.statusCode).to.equal(503);
      expect(first.json().error).to.include({ code: 'STORE_UNAVAILABLE', retryable: true });
      expect(await state(b.purchaseId)).to.equal('VERIFIED');
      expect((await h.notify('google-play', push)).json()).to.deep.equal({ status: 'processed' });
      expect(await state(b.purchaseId)).to.equal('REVOKED');
    });

    it('a void RTDN the Developer API does not confirm revokes nothing', async () => {
      const b = await h.buy('google-play', 'bob');
      const res = await h.notify('google-play', h.google.voidedNotification(b.token, 1));
      expect(res.statusCode).to.equal(200);
      expect(await state(b.purchaseId)).to.equal('VERIFIED');
    });

    it('a quantity-based partial refund is recorded on the timeline and keeps the purchase', async () => {
      const b = await h.buy('google-play', 'cai');
      await h.notify('google-play', h.google.voidedNotification(b.token, 2));
      expect(await state(b.purchaseId)).to.equal('VERIFIED');
      expect(await h.events(b.purchaseId)).to.include('REFUND_PARTIAL');
    });

    it('ONE_TIME_PRODUCT_PURCHASED completes a pending purchase once the API says PURCHASED', async () => {
      const b = await h.buy('google-play', 'dan', { pending: true });
      expect(await state(b.purchaseId)).to.equal('PENDING');
      const early = await h.notify('google-play', h.google.oneTimeNotification(b.token, 1));
      expect(early.json()).to.deep.equal({ status: 'processed' });
      expect(await state(b.purchaseId), 'still pending at the store: nothing is granted').to.equal('PENDING');
      h.google.completePending(b.token);
      await h.notify('google-play', h.google.oneTimeNotification(b.token, 1));
      const row = await h.purchase(b.purchaseId);
      expect(row.state).to.equal('VERIFIED');
      expect(row.store_transaction_id).to.equal(h.google.record(b.token).orderId);
    });

    it('ONE_TIME_PRODUCT_CANCELED cancels a pending purchase the store cancelled', async () => {
      const b = await h.buy('google-play', 'eve', { pending: true });
      h.google.record(b.token).purchaseState = 1;
      await h.notify('google-play', h.google.oneTimeNotification(b.token, 2));
      expect(await state(b.purchaseId)).to.equal('CANCELED');
    });

    it('a test notification is recorded and answered 200', async () => {
      const res = await h.notify('google-play', h.google.testNotification());
      expect(res.json()).to.deep.equal({ status: 'ignored' });
      const rows = await h.db.all<{ kind: string; status: string }>("SELECT kind, status FROM lifecycle_notifications WHERE market = 'google-play'");
      expect(rows).to.deep.equal([{ kind: 'TEST', status: 'ignored' }]);
    });
  });

  describe('App Store Server Notifications V2', () => {
    const signed = (type: string, transactionId: string, extra: Record<string, unknown> = {}) => {
      const tx = h.apple.transactions.get(transactionId)!;
      const payload = {
        notificationType: type, notificationUUID: randomUUID(), version: '2.0', signedDate: h.clock.now,
        data: { environment: 'Sandbox', appAppleId: 1234567890, bundleId: h.apple.opts.bundleId, bundleVersion: '1', signedTransactionInfo: h.apple.sign({ ...tx, signedDate: h.clock.now }), ...extra },
      };
      return { signedPayload: h.apple.sign(payload) };
    };

    it('REFUND revokes, REFUND_REVERSED restores, REVOKE revokes again; replays change nothing', async () => {
      const b = await h.buy('app-store', 'fay');
      await h.consume(b);
      h.apple.refund(b.token, 1);
      const refund = signed('REFUND', b.token);
      expect((await h.notify('app-store', refund)).statusCode).to.equal(200);
      expect(await h.purchase(b.purchaseId)).to.include({ state: 'REVOKED', revoke_reason: 'apple:REFUND:1' });
      expect((await h.notify('app-store', refund)).json()).to.deep.equal({ status: 'duplicate' });

      delete h.apple.transactions.get(b.token)!.revocationDate;
      await h.notify('app-store', signed('REFUND_REVERSED', b.token));
      expect(await state(b.purchaseId)).to.equal('CONSUMED');

      h.apple.refund(b.token, 0);
      await h.notify('app-store', signed('REVOKE', b.token));
      expect(await h.purchase(b.purchaseId)).to.include({ state: 'REVOKED', revoke_reason: 'apple:REVOKE:0' });
    });

    it('REFUND_DECLINED and CONSUMPTION_REQUEST go on the timeline only', async () => {
      const b = await h.buy('app-store', 'gus');
      await h.notify('app-store', signed('REFUND_DECLINED', b.token));
      await h.notify('app-store', signed('CONSUMPTION_REQUEST', b.token, { consumptionRequestReason: 'UNINTENDED_PURCHASE' }));
      expect(await state(b.purchaseId)).to.equal('VERIFIED');
      expect(await h.events(b.purchaseId)).to.include.members(['STORE_REFUND_DECLINED', 'STORE_CONSUMPTION_REQUEST']);
    });

    it('TEST is answered 200 and recorded', async () => {
      const res = await h.notify('app-store', { signedPayload: h.apple.notification('TEST').signedPayload });
      expect(res.json()).to.deep.equal({ status: 'ignored' });
    });
  });

  describe('ONE store PNS', () => {
    it('CANCELED revokes after the V7 API confirms the refund; COMPLETED grants nothing new', async () => {
      const b = await h.buy('one-store', 'hal');
      await h.notify('one-store', h.one.pns(b.token, 'COMPLETED'));
      expect(await state(b.purchaseId)).to.equal('VERIFIED');
      h.one.refund(b.token);
      const pns = h.one.pns(b.token, 'CANCELED');
      await h.notify('one-store', pns);
      expect(await h.purchase(b.purchaseId)).to.include({ state: 'REVOKED', revoke_reason: 'one-store:CANCELED' });
      expect((await h.notify('one-store', pns)).json()).to.deep.equal({ status: 'duplicate' });
    });
  });

  describe('bad notifications', () => {
    const rejectedCodes = async () =>
      (await h.db.all<{ code: string }>("SELECT code FROM lifecycle_notifications WHERE status = 'rejected' ORDER BY received_at, code")).map((r) => r.code);

    it('are refused with a stable code, recorded raw, and change no purchase', async () => {
      const b = await h.buy('google-play', 'ivy');
      const a = await h.buy('app-store', 'ivy');
      h.google.refund(b.token);
      h.apple.refund(a.token);
      const foreignPackage = { message: { messageId: '77', data: Buffer.from(JSON.stringify({ version: '1.0', packageName: 'com.other.game', eventTimeMillis: '1', testNotification: { version: '1.0' } })).toString('base64') } };
      const cases: [string, unknown, number, string][] = [
        ['google-play', { message: { messageId: '1', data: 'not base64 json!' } }, 400, 'NOTIFICATION_MALFORMED'],
        ['google-play', { hello: 'world' }, 400, 'NOTIFICATION_MALFORMED'],
        ['google-play', foreignPackage, 400, 'NOTIFICATION_APP_UNKNOWN'],
        ['app-store', { signedPayload: tamper(h.apple.notification('REFUND', a.token).signedPayload) }, 401, 'NOTIFICATION_AUTH_FAILED'],
        ['app-store', { signedPayload: 'abc.def.ghi' }, 400, 'NOTIFICATION_MALFORMED'],
        ['one-store', { ...h.one.pns(h.one.purchase({ productId: 'gas_one' }).purchaseToken, 'CANCELED'), packageName: 'com.other' }, 400, 'NOTIFICATION_APP_UNKNOWN'],
      ];
      for (const [market, body, status, code] of cases) {
        const res = await h.notify(market, body);
        expect(res.statusCode, `${market} ${code}`).to.equal(status);
        expect(res.json().error.code, `${market} ${JSON.stringify(body).slice(0, 60)}`).to.equal(code);
      }
      expect(await rejectedCodes()).to.have.length(cases.length);
      expect(await state(b.purchaseId)).to.equal('VERIFIED');
      expect(await state(a.purchaseId)).to.equal('VERIFIED');
    });

    it('a notification for an unknown purchase is recorded as unmatched', async () => {
      const receipt = h.google.purchase({ productId: 'gas_100' });
      h.google.refund(receipt.purchaseToken);
      const res = await h.notify('google-play', h.google.voidedNotification(receipt.purchaseToken));
      expect(res.json()).to.deep.equal({ status: 'unmatched' });
      const row = await h.db.get<{ status: string; code: string }>("SELECT status, code FROM lifecycle_notifications WHERE kind = 'VOIDED_FULL_REFUND'");
      expect(row).to.deep.equal({ status: 'unmatched', code: 'NOTIFICATION_UNMATCHED' });
    });

    it('an unknown market is a 400 UNKNOWN_MARKET', async () => {
      const res = await h.notify('nowhere', {});
      expect(res.statusCode).to.equal(400);
      expect(res.json().error.code).to.equal('UNKNOWN_MARKET');
    });
  });
});

/** Flips one character of the JWS payload: the signature no longer matches. */
function tamper(jws: string): string {
  const [h, p, s] = jws.split('.') as [string, string, string];
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as { notificationType: string };
  payload.notificationType = 'REFUND_REVERSED';
  return `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
}
