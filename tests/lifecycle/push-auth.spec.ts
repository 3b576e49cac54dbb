import { expect } from 'chai';
import { Writable } from 'node:stream';
import { GooglePushAuthority } from '../simulators/google-push-auth';
import { forEachEngine } from '../server/support/engines';
import { LifecycleHarness, PUSH_AUDIENCE } from './support/harness';
import { startGoogleOidc } from './support/google-oidc';

/** Issue #13: notification authentication per app and market (`notificationAuth` in the market config). */
forEachEngine('notification authentication', (engine) => {
  let h: LifecycleHarness;
  let google: Awaited<ReturnType<typeof startGoogleOidc>> | undefined;
  afterEach(async () => {
    await h?.close();
    await google?.close();
    google = undefined;
  });

  async function setAuth(market: string, notificationAuth: unknown): Promise<void> {
    const row = await h.db.get<{ config: string }>('SELECT config FROM app_markets WHERE app_key = ? AND market = ?', [h.appKey, market]);
    const config = { ...(JSON.parse(row!.config) as Record<string, unknown>), notificationAuth };
    if (notificationAuth === undefined) delete config.notificationAuth;
    await h.db.write((tx) => tx.run('UPDATE app_markets SET config = ? WHERE app_key = ? AND market = ?', [JSON.stringify(config), h.appKey, market]));
  }
  const rows = async () => (await h.db.all('SELECT purchase_id, state, revoked_at FROM purchases ORDER BY purchase_id')) as unknown[];

  it('accepts an RTDN push only with a Google OIDC token for the audience and account, from certificates cached per Cache-Control', async () => {
    h = await LifecycleHarness.start(engine());
    google = await startGoogleOidc();
    const account = 'rtdn-push@example-project.iam.gserviceaccount.com';
    await setAuth('google-play', { mode: 'pubsub-oidc', audience: PUSH_AUDIENCE, serviceAccountEmail: account, certsUrl: google.certsUrl });
    const b = await h.buy('google-play', 'ann');
    h.google.refund(b.token);
    const before = await rows();
    const voided = h.google.voidedNotification(b.token);
    const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
    const stranger = await GooglePushAuthority.create();
    const good = google.authority.mint(PUSH_AUDIENCE, { email: account });
    const cases: [string, Record<string, string>][] = [
      ['no token', { authorization: '' }],
      ['another audience', bearer(google.authority.mint('https://evil.example.com/', { email: account }))],
      ['another account', bearer(google.authority.mint(PUSH_AUDIENCE, { email: 'someone@else.iam.gserviceaccount.com' }))],
      ['unverified email', bearer(google.authority.mint(PUSH_AUDIENCE, { email: account, emailVerified: false }))],
      ['expired', bearer(google.authority.mint(PUSH_AUDIENCE, { email: account, issuedAtMs: Date.now() - 2 * 3600_000 }))],
      ['signed by a key Google does not publish', bearer(stranger.mint(PUSH_AUDIENCE, { email: account }))],
      ['tampered', bearer(`${good.slice(0, -4)}AAAA`)],
    ];
    for (const [what, headers] of cases) {
      const res = await h.notify('google-play', voided, headers);
      expect([res.statusCode, res.json().error?.code], what).to.deep.equal([401, 'NOTIFICATION_AUTH_FAILED']);
    }
    expect(await rows(), 'refused pushes change no purchase').to.deep.equal(before);
    const ok = await h.notify('google-play', voided, bearer(good));
    expect(ok.json()).to.deep.equal({ status: 'processed' });
    expect((await h.purchase(b.purchaseId)).state).to.equal('REVOKED');
    // Every check above used one certificate download: the answer said max-age=300.
    expect(google.fetches()).to.equal(1);
    const metrics = (await h.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).to.match(/billing_notifications_refused_total\{market="google-play",code="NOTIFICATION_AUTH_FAILED"\} 7/);
  });

  it('refuses a forged or unsigned ONE store PNS with pns-signature, and changes nothing', async () => {
    h = await LifecycleHarness.start(engine());
    const b = await h.buy('one-store', 'ann');
    h.one.refund(b.token);
    const before = await rows();
    const unsigned = await h.notify('one-store', h.one.pns(b.token, 'CANCELED', { signed: false }));
    expect([unsigned.statusCode, unsigned.json().error.code]).to.deep.equal([401, 'NOTIFICATION_AUTH_FAILED']);
    const forged = { ...h.one.pns(b.token, 'CANCELED'), price: '1' };
    expect((await h.notify('one-store', forged)).json().error.code).to.equal('NOTIFICATION_AUTH_FAILED');
    expect(await rows()).to.deep.equal(before);
    const signed = await h.notify('one-store', h.one.pns(b.token, 'CANCELED'));
    expect(signed.json()).to.deep.equal({ status: 'processed' });
    expect((await h.purchase(b.purchaseId)).state).to.equal('REVOKED');
  });

  it('refuses every notification of a market without notificationAuth (counted), unless the operator chose unauthenticated', async () => {
    h = await LifecycleHarness.start(engine());
    const b = await h.buy('one-store', 'ann');
    h.one.refund(b.token);
    await setAuth('one-store', undefined);
    await setAuth('google-play', undefined);
    const before = await rows();
    const one = await h.notify('one-store', h.one.pns(b.token, 'CANCELED'));
    expect([one.statusCode, one.json().error.code]).to.deep.equal([401, 'NOTIFICATION_AUTH_NOT_CONFIGURED']);
    expect(one.json().error.message).to.match(/notificationAuth/);
    const push = await h.notify('google-play', h.google.testNotification());
    expect(push.json().error.code).to.equal('NOTIFICATION_AUTH_NOT_CONFIGURED');
    expect(await rows()).to.deep.equal(before);
    const metrics = (await h.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).to.match(/billing_notifications_refused_total\{market="one-store",code="NOTIFICATION_AUTH_NOT_CONFIGURED"\} 1/);
    await setAuth('one-store', { mode: 'unauthenticated' });
    const open = await h.notify('one-store', h.one.pns(b.token, 'CANCELED', { signed: false }));
    expect(open.json()).to.deep.equal({ status: 'processed' });
  });

  it('logs a warning at start for every market whose notifications are unauthenticated', async () => {
    h = await LifecycleHarness.start(engine());
    await setAuth('one-store', { mode: 'unauthenticated' });
    const lines: string[] = [];
    const stream = new Writable({ write(chunk: Buffer, _enc, done) { lines.push(chunk.toString()); done(); } });
    const second = await LifecycleHarness.start({ ...engine(), shared: h, logger: { level: 'warn', stream } });
    try {
      const warnings = lines.map((l) => JSON.parse(l) as { level: number; appKey?: string; market?: string; msg: string }).filter((l) => l.level === 40);
      expect(warnings.map((w) => [w.appKey, w.market])).to.deep.equal([[h.appKey, 'one-store']]);
      expect(warnings[0]!.msg).to.match(/WITHOUT authentication/);
    } finally {
      await second.close();
    }
  });
});
