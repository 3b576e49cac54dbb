import { expect } from 'chai';
import { unverifiedBundleId, verifyAppStoreNotification } from '../../../server/src/markets/app-store/notification';
import { startAppStoreSimulator, type AppStoreSimulator } from '../../simulators/app-store';
import { thrownBy } from './support';

const BUNDLE = 'com.example.game';

describe('app-store notifications (App Store Server Notifications V2)', () => {
  let sim: AppStoreSimulator;
  const now = () => Date.now();
  before(async () => {
    sim = await startAppStoreSimulator({ bundleId: BUNDLE, environment: 'Sandbox' });
  });
  after(() => sim.close());

  const config = () => sim.marketConfig({ serverApi: false });

  it('verifies a REFUND and its nested transaction (now CANCELED)', () => {
    const p = sim.purchase({ productId: 'gem_100' });
    sim.refund(p.transactionId);
    const body = sim.notification('REFUND', p.transactionId);
    const n = verifyAppStoreNotification(body.signedPayload, config(), now);
    expect(n).to.include({ notificationType: 'REFUND', notificationUUID: body.notificationUUID });
    expect(n.transaction).to.include({ storeTransactionId: p.transactionId, state: 'CANCELED', marketProductId: 'gem_100' });
  });

  it('verifies a TEST notification, which carries no transaction', () => {
    const n = verifyAppStoreNotification(sim.notification('TEST').signedPayload, config(), now);
    expect(n.notificationType).to.equal('TEST');
    expect(n.transaction).to.equal(undefined);
  });

  it('reads the bundle id before verification only to pick the app', () => {
    expect(unverifiedBundleId(sim.notification('TEST').signedPayload)).to.equal(BUNDLE);
    expect(unverifiedBundleId('not a jws')).to.equal(undefined);
  });

  it('rejects a notification for another bundle, another environment, a tampered one, and one without a UUID', () => {
    const signed = sim.notification('TEST').signedPayload;
    expect(thrownBy(() => verifyAppStoreNotification(signed, { ...config(), bundleId: 'com.other' }, now)).code).to.equal('NOTIFICATION_APP_UNKNOWN');
    expect(thrownBy(() => verifyAppStoreNotification(signed, { ...config(), environment: 'Production', acceptSandbox: false }, now)).code).to.equal('RECEIPT_ENVIRONMENT_MISMATCH');
    // Sandbox on a Production app is accepted unless turned off (App Review, issue #14).
    expect(verifyAppStoreNotification(signed, { ...config(), environment: 'Production' }, now).notificationType).to.equal('TEST');
    const [h, p, s] = signed.split('.') as [string, string, string];
    const forged = { ...JSON.parse(Buffer.from(p, 'base64url').toString()), notificationType: 'REFUND' };
    expect(thrownBy(() => verifyAppStoreNotification(`${h}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${s}`, config(), now)).code).to.equal('RECEIPT_SIGNATURE_INVALID');
    const noUuid = sim.sign({ notificationType: 'TEST', version: '2.0', signedDate: Date.now(), data: { bundleId: BUNDLE, environment: 'Sandbox' } });
    expect(thrownBy(() => verifyAppStoreNotification(noUuid, config(), now)).code).to.equal('NOTIFICATION_MALFORMED');
  });
});
