import { expect } from 'chai';
import { APPLE_NOTIFICATION_TYPES_V2 } from '../simulators/app-store';
import { forEachEngine } from '../server/support/engines';
import { LifecycleHarness, startStoreSimulators, type StoreSimulators } from './support/harness';

/**
 * Issue #14: every App Store Server Notifications V2 type in Apple's current list is answered
 * 200 and stored (Apple retries anything else for days), in the shape Apple sends it — summary,
 * externalPurchaseToken and appData payloads have no `data`. Unknown types are recorded.
 */
forEachEngine('App Store notification types', (engine) => {
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

  const stored = (uuid: string) =>
    h.db.get<{ status: string; kind: string; code: string | null }>(`SELECT status, kind, code FROM lifecycle_notifications WHERE market = 'app-store' AND notification_id = ?`, [uuid]);

  it('answers 200 to each of Apple\u2019s V2 types and stores it', async () => {
    const b = await h.buy('app-store', 'ann');
    for (const type of APPLE_NOTIFICATION_TYPES_V2) {
      const subtype = type === 'RENEWAL_EXTENSION' ? 'SUMMARY' : undefined;
      const n = h.apple.notificationOf(type, { subtype, transactionId: ['REFUND', 'REVOKE', 'REFUND_REVERSED'].includes(type) ? undefined : b.token });
      const res = await h.notify('app-store', { signedPayload: n.signedPayload });
      expect(res.statusCode, `${type}: ${res.body}`).to.equal(200);
      const row = await stored(n.notificationUUID);
      expect(row, type).to.not.equal(undefined);
      expect(row!.kind).to.equal(subtype ? `${type}:${subtype}` : type);
      expect(row!.code, type).to.not.equal('NOTIFICATION_TYPE_UNKNOWN');
    }
    // None of them revoked or changed the purchase (refund types came without a transaction here).
    expect((await h.purchase(b.purchaseId)).state).to.equal('VERIFIED');
  });

  it('records a type Apple adds later instead of refusing it', async () => {
    const n = h.apple.notificationOf('SOMETHING_NEW', { extra: { data: { environment: 'Sandbox', appAppleId: 1234567890, bundleId: h.apple.opts.bundleId, novel: true } } });
    const res = await h.notify('app-store', { signedPayload: n.signedPayload });
    expect(res.statusCode, res.body).to.equal(200);
    expect(await stored(n.notificationUUID)).to.deep.include({ status: 'ignored', kind: 'SOMETHING_NEW', code: 'NOTIFICATION_TYPE_UNKNOWN' });
  });

  it('refuses an expired or not-yet-valid signedPayload (exp / nbf)', async () => {
    const nowS = Math.floor(h.clock.now / 1000);
    for (const extra of [{ exp: nowS - 5 }, { nbf: nowS + 300 }]) {
      const res = await h.notify('app-store', { signedPayload: h.apple.notificationOf('TEST', { extra }).signedPayload });
      expect(res.statusCode).to.equal(401);
      expect(res.json().error.details.reason).to.equal('RECEIPT_PAYLOAD_EXPIRED');
    }
  });
});
