import { expect } from 'chai';
import { LifecycleHarness } from './support/harness';
import { startGoogleOidc } from './support/google-oidc';

const AUDIENCE = 'https://billing.example.com/v1/notifications/google-play';
const PUSH_ACCOUNT = 'rtdn-push@sim-project.iam.gserviceaccount.com';

/** Issue #4: optional verification of the Pub/Sub push OIDC token; ONE store PNS signature mode. */
describe('notification authentication [sqlite]', () => {
  let h: LifecycleHarness;
  let google: Awaited<ReturnType<typeof startGoogleOidc>>;
  afterEach(async () => {
    await h.close();
    await google?.close();
  });

  it('accepts an RTDN push only with a valid Google OIDC token for the configured audience and account', async () => {
    const clock = { now: Date.UTC(2026, 0, 5, 9) };
    google = await startGoogleOidc(() => clock.now);
    h = await LifecycleHarness.start({ engine: 'sqlite', options: { googlePush: { certsUrl: google.certsUrl, audience: AUDIENCE, serviceAccountEmail: PUSH_ACCOUNT } } });
    const nowS = Math.floor(h.clock.now / 1000);
    const good = { iss: 'https://accounts.google.com', aud: AUDIENCE, email: PUSH_ACCOUNT, email_verified: true, iat: nowS, exp: nowS + 3600 };
    const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
    const cases: [string, Record<string, string>][] = [
      ['no token', {}],
      ['another audience', bearer(google.token({ ...good, aud: 'https://evil.example.com/' }))],
      ['another account', bearer(google.token({ ...good, email: 'someone@else.iam.gserviceaccount.com' }))],
      ['expired', bearer(google.token({ ...good, exp: nowS - 3600, iat: nowS - 7200 }))],
      ['unknown key id', bearer(google.token(good, 'other-kid'))],
      ['tampered', bearer(`${google.token(good)}x`)],
    ];
    for (const [what, headers] of cases) {
      const res = await h.notify('google-play', h.google.testNotification(), headers);
      expect(res.statusCode, what).to.equal(401);
      expect(res.json().error.code, what).to.equal('NOTIFICATION_AUTH_FAILED');
    }
    const ok = await h.notify('google-play', h.google.testNotification(), bearer(google.token(good)));
    expect(ok.statusCode).to.equal(200);
    expect(ok.json()).to.deep.equal({ status: 'ignored' });
  });

  it('with the sha512-licence-key PNS mode, an unsigned or forged PNS is refused and changes nothing', async () => {
    h = await LifecycleHarness.start({ engine: 'sqlite', options: { oneStorePnsSignature: 'sha512-licence-key' } });
    const b = await h.buy('one-store', 'ann');
    h.one.refund(b.token);
    const unsigned = await h.notify('one-store', h.one.pns(b.token, 'CANCELED', { signed: false }));
    expect(unsigned.json().error.code).to.equal('NOTIFICATION_AUTH_FAILED');
    const forged = { ...h.one.pns(b.token, 'CANCELED'), price: '1' };
    expect((await h.notify('one-store', forged)).json().error.code).to.equal('NOTIFICATION_AUTH_FAILED');
    expect((await h.purchase(b.purchaseId)).state).to.equal('VERIFIED');
    const signed = await h.notify('one-store', h.one.pns(b.token, 'CANCELED'));
    expect(signed.json()).to.deep.equal({ status: 'processed' });
    expect((await h.purchase(b.purchaseId)).state).to.equal('REVOKED');
  });
});
