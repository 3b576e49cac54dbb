import { expect } from 'chai';
import { buildApp } from '../../server/src/app';
import type { AuditResponse } from '../../server/src/console/api-schemas';
import { consoleFeature } from '../../server/src/console/feature';
import { registryOf } from '../../server/src/domain/market-services';
import { paidPurchase } from './support/fixtures';
import { ConsoleClient, errorCode } from './support/http-client';
import { startConsoleServer, type ConsoleServer } from './support/console-server';

describe('console API: sign-in, sessions, CSRF, rate limiting', function () {
  let server: ConsoleServer;
  let adminPassword: string;
  let supportPassword: string;

  before(async function () {
    server = await startConsoleServer('sqlite', undefined, {
      signInLimits: { windowMs: 10 * 60_000, maxAttemptsPerEmail: 3, maxAttemptsPerIp: 20, maxConcurrentPerIp: 2 },
      sessionPolicy: { maxAgeMs: 8 * 3600_000, idleMs: 30 * 60_000 },
    });
    adminPassword = await server.account('admin@example.com', 'admin');
    supportPassword = await server.account('Support@Example.com', 'support');
  });
  after(async () => server?.close());

  it('sets an HttpOnly, SameSite=Strict session cookie scoped to /console (not Secure over plain HTTP)', async function () {
    const client = new ConsoleClient(server.baseUrl);
    const answer = await client.signIn('admin@example.com', adminPassword);
    expect(answer.status).to.equal(200);
    const cookie = answer.headers.get('set-cookie') ?? '';
    expect(cookie).to.match(/^cb_console=[A-Za-z0-9_-]{40,};/);
    expect(cookie).to.include('HttpOnly').and.include('SameSite=Strict').and.include('Path=/console');
    expect(cookie).not.to.include('Secure');
    expect(answer.body).to.deep.include({ account: { email: 'admin@example.com', role: 'admin' } });
  });

  it('sends /console/api/me (it carries the CSRF token) with Cache-Control: no-store', async function () {
    const client = new ConsoleClient(server.baseUrl);
    await client.signIn('admin@example.com', adminPassword);
    const me = await client.get('/console/api/me');
    expect(me.status).to.equal(200);
    expect(me.headers.get('cache-control')).to.equal('no-store');
  });

  it('marks the cookie Secure when the console is reached over HTTPS (behind a trusted proxy)', async function () {
    const app = await buildApp({ db: server.db, keys: server.keys, markets: registryOf([]), now: () => server.clock.now, trustProxy: true, rateLimitPerMinute: 0, features: [consoleFeature()] });
    try {
      const res = await app.inject({ method: 'POST', url: '/console/api/session', headers: { 'x-forwarded-proto': 'https' }, payload: { email: 'admin@example.com', password: adminPassword } });
      expect(res.statusCode).to.equal(200);
      expect(String(res.headers['set-cookie'])).to.include('Secure');
    } finally {
      await app.close();
    }
  });

  it('treats emails case-insensitively and refuses a wrong password with CREDENTIALS_INVALID, audited', async function () {
    const ok = await new ConsoleClient(server.baseUrl).signIn('support@example.COM', supportPassword);
    expect(ok.status).to.equal(200);
    const bad = await new ConsoleClient(server.baseUrl).signIn('support@example.com', 'not-the-password');
    expect(bad.status).to.equal(401);
    expect(errorCode(bad)).to.equal('CREDENTIALS_INVALID');
    const unknown = await new ConsoleClient(server.baseUrl).signIn('nobody@example.com', 'whatever-password');
    expect(unknown.status).to.equal(401);
    expect((unknown.body as { error: { message: string } }).error.message).to.equal((bad.body as { error: { message: string } }).error.message);
    const admin = new ConsoleClient(server.baseUrl);
    await admin.signIn('admin@example.com', adminPassword);
    const audit = (await admin.get('/console/api/audit')).body as AuditResponse;
    const actions = audit.items.map((e) => `${e.action}:${e.actor}`);
    expect(actions).to.include('sign-in-failed:support@example.com').and.include('sign-in-failed:nobody@example.com').and.include('sign-in:support@example.com');
  });

  it('rejects writes without the session CSRF token, or with another session\u2019s token, and changes nothing', async function () {
    const { purchaseId } = await paidPurchase(server.db, { at: server.clock.now - 60_000 });
    const alice = new ConsoleClient(server.baseUrl);
    await alice.signIn('admin@example.com', adminPassword);
    const bob = new ConsoleClient(server.baseUrl);
    await bob.signIn('support@example.com', supportPassword);
    const url = `/console/api/purchases/${purchaseId}/redeliver`;
    for (const csrf of [null, '', 'x'.repeat(32), bob.csrfToken]) {
      const answer = await alice.post(url, { reason: 'player did not get the gas' }, { csrf });
      expect(answer.status, String(csrf)).to.equal(403);
      expect(errorCode(answer)).to.equal('CSRF_TOKEN_INVALID');
    }
    const signOut = await alice.request('DELETE', '/console/api/session', undefined, { csrf: null });
    expect(errorCode(signOut)).to.equal('CSRF_TOKEN_INVALID');
    const detail = await alice.get(`/console/api/purchases/${purchaseId}`);
    expect(detail.status).to.equal(200);
    expect((detail.body as { purchase: { state: string; redeliveryRequested: boolean } }).purchase).to.include({ state: 'VERIFIED', redeliveryRequested: false });
    const done = await alice.post(url, { reason: 'player did not get the gas' });
    expect(done.status).to.equal(200);
  });

  it('limits sign-in attempts per email: the 4th attempt is refused with 429 even with the right password, until the window passes', async function () {
    server.clock.now += 10 * 60_000 + 1; // a fresh window: earlier tests signed in from this address too
    const email = 'admin@example.com';
    for (let i = 0; i < 3; i++) expect((await new ConsoleClient(server.baseUrl).signIn(email, `wrong-${i}`)).status).to.equal(401);
    const limited = await new ConsoleClient(server.baseUrl).signIn(email, adminPassword);
    expect(limited.status).to.equal(429);
    expect(errorCode(limited)).to.equal('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).to.be.within(1, 600);
    server.clock.now += 10 * 60_000 + 1;
    expect((await new ConsoleClient(server.baseUrl).signIn(email, adminPassword)).status).to.equal(200);
  });

  it('limits sign-in attempts per client address across emails', async function () {
    server.clock.now += 10 * 60_000 + 1;
    for (let i = 0; i < 20; i++) expect((await new ConsoleClient(server.baseUrl).signIn(`guess${i}@example.com`, 'guess-password')).status).to.equal(401);
    const limited = await new ConsoleClient(server.baseUrl).signIn('support@example.com', supportPassword);
    expect(limited.status).to.equal(429);
    server.clock.now += 10 * 60_000 + 1;
  });

  it('signs out: the cookie is cleared and the old session token no longer works', async function () {
    const client = new ConsoleClient(server.baseUrl);
    await client.signIn('support@example.com', supportPassword);
    expect((await client.get('/console/api/me')).status).to.equal(200);
    const out = await client.request('DELETE', '/console/api/session');
    expect(out.status).to.equal(204);
    expect(out.headers.get('set-cookie')).to.match(/cb_console=;/);
    const after = await client.get('/console/api/me');
    expect(after.status).to.equal(401);
    expect(errorCode(after)).to.equal('UNAUTHENTICATED');
  });

  it('ends a session after the idle time and after its maximum age', async function () {
    const client = new ConsoleClient(server.baseUrl);
    await client.signIn('support@example.com', supportPassword);
    server.clock.now += 20 * 60_000;
    expect((await client.get('/console/api/me')).status).to.equal(200);
    server.clock.now += 20 * 60_000; // used 20 min ago: still within the 30 min idle limit
    expect((await client.get('/console/api/me')).status).to.equal(200);
    server.clock.now += 31 * 60_000;
    expect((await client.get('/console/api/me')).status).to.equal(401);

    const busy = new ConsoleClient(server.baseUrl);
    await busy.signIn('support@example.com', supportPassword);
    for (let i = 0; i < 17; i++) {
      server.clock.now += 29 * 60_000;
      const answer = await busy.get('/console/api/me');
      expect(answer.status, `after ${(i + 1) * 29} min`).to.equal((i + 1) * 29 * 60_000 < 8 * 3600_000 ? 200 : 401);
    }
  });

  it('answers 400 VALIDATION_FAILED to malformed console input, never 500', async function () {
    const client = new ConsoleClient(server.baseUrl);
    await client.signIn('admin@example.com', adminPassword);
    const cases: [string, string, unknown?][] = [
      ['GET', '/console/api/purchases?limit=0'],
      ['GET', '/console/api/purchases?limit=abc'],
      ['GET', '/console/api/purchases?state=PAID'],
      ['GET', '/console/api/purchases?from=2026-02-30'],
      ['GET', '/console/api/purchases?from=2026-03-02&to=2026-03-01'],
      ['GET', '/console/api/purchases?cursor=not-a-cursor'],
      ['GET', '/console/api/purchases?developerPayload=forged'],
      ['GET', '/console/api/purchases?unknown=1'],
      ['GET', '/console/api/queues/everything'],
      ['POST', '/console/api/purchases/abc/redeliver', { reason: '' }],
      ['POST', '/console/api/purchases/abc/redeliver', { reason: 'ok reason', extra: 1 }],
      ['POST', '/console/api/session', { email: 'a' }],
    ];
    for (const [method, path, body] of cases) {
      const answer = await client.request(method, path, body);
      expect(answer.status, `${method} ${path}`).to.equal(400);
      expect(errorCode(answer), `${method} ${path}`).to.be.oneOf(['VALIDATION_FAILED', 'BAD_REQUEST']);
    }
    const missing = await client.get('/console/api/purchases/00000000-0000-4000-8000-000000000000');
    expect(missing.status).to.equal(404);
  });
});
