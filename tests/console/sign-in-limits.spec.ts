import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/src/app';
import { createAccount } from '../../server/src/console/accounts';
import { consoleFeature } from '../../server/src/console/feature';
import { ServerKeys } from '../../server/src/domain/keys';
import { registryOf } from '../../server/src/domain/market-services';
import { openDatabase } from '../../server/src/storage/open';
import type { Database } from '../../server/src/storage/types';
import { forEachEngine, freshDatabase, type TestDatabase } from '../server/support/engines';
import { requirePostgres } from '../support/environment';

const LIMITS = { windowMs: 10 * 60_000, maxAttemptsPerEmail: 5, maxAttemptsPerIp: 1000, maxConcurrentPerIp: 2 };
const EMAIL = 'admin@example.com';
const PASSWORD = 'the-right-password-123';

async function server(db: Database, keys: ServerKeys, clock: { now: number }, rateLimitPerMinute = 0): Promise<FastifyInstance> {
  const app = await buildApp({ db, keys, markets: registryOf([]), now: () => clock.now, rateLimitPerMinute, features: [consoleFeature({ signInLimits: LIMITS })] });
  await app.ready();
  return app;
}

const signIn = (app: FastifyInstance, password: string, remoteAddress: string) =>
  app.inject({ method: 'POST', url: '/console/api/session', remoteAddress, payload: { email: EMAIL, password } });

/** Password checks the server made: each one writes a sign-in or sign-in-failed audit record. */
const checked = async (db: Database) =>
  Number((await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM console_audit WHERE action IN ('sign-in', 'sign-in-failed')"))?.n);

/** Issue #13: the sign-in limit counts attempts before hashing, in the database. */
forEachEngine('console sign-in limits', (engine) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  afterEach(async () => {
    await app?.close();
    await tdb?.drop();
  });

  it('60 parallel wrong-then-right sign-ins at one account: at most the configured 5 passwords are checked', async () => {
    tdb = await freshDatabase(engine().engine, engine().pgUrl);
    const clock = { now: Date.UTC(2026, 5, 1) };
    await createAccount(tdb.db, { email: EMAIL, password: PASSWORD, role: 'admin' }, clock.now);
    app = await server(tdb.db, new ServerKeys(randomBytes(32)), clock);
    // Each guess from its own address, so only the per-email limit stands in the way.
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => signIn(app, i === 59 ? PASSWORD : `wrong-${i}`, `10.0.${i >> 8}.${i & 255}`)));
    const statuses = answers.map((a) => a.statusCode);
    expect(await checked(tdb.db)).to.be.at.most(LIMITS.maxAttemptsPerEmail);
    expect(statuses.filter((s) => s === 429).length).to.be.at.least(60 - LIMITS.maxAttemptsPerEmail);
    expect(statuses.filter((s) => s !== 429 && s !== 401 && s !== 200)).to.deep.equal([]);
    // Still locked for the right password until the window passes.
    expect((await signIn(app, PASSWORD, '10.9.9.9')).statusCode).to.equal(429);
    clock.now += LIMITS.windowMs + 1;
    expect((await signIn(app, PASSWORD, '10.9.9.9')).statusCode).to.equal(200);
  });

  it('one address hashes at most two passwords at once', async () => {
    tdb = await freshDatabase(engine().engine, engine().pgUrl);
    const clock = { now: Date.UTC(2026, 5, 1) };
    app = await server(tdb.db, new ServerKeys(randomBytes(32)), clock);
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) =>
      app.inject({ method: 'POST', url: '/console/api/session', remoteAddress: '10.1.1.1', payload: { email: `nobody${i}@example.com`, password: 'x-password-123' } })));
    expect(await checked(tdb.db)).to.be.at.most(LIMITS.maxConcurrentPerIp);
    expect(answers.filter((a) => a.statusCode === 429).length).to.be.at.least(6 - LIMITS.maxConcurrentPerIp);
  });
});

describe('two server instances on one PostgreSQL database', function () {
  let pgUrl: string;
  let tdb: TestDatabase | undefined;
  let second: Database | undefined;
  const apps: FastifyInstance[] = [];
  before(function () {
    pgUrl = requirePostgres(this);
  });
  afterEach(async () => {
    for (const a of apps.splice(0)) await a.close();
    await second?.close();
    await tdb?.drop();
  });

  it('share one request rate limit and one sign-in limit', async () => {
    tdb = await freshDatabase('postgres', pgUrl);
    if (tdb.config.engine !== 'postgres') throw new Error('postgres expected');
    second = await openDatabase(tdb.config);
    const keys = new ServerKeys(randomBytes(32));
    const clock = { now: Date.UTC(2026, 5, 1) };
    await createAccount(tdb.db, { email: EMAIL, password: PASSWORD, role: 'admin' }, clock.now);
    const a = await server(tdb.db, keys, clock, 10);
    const b = await server(second, keys, clock, 10);
    apps.push(a, b);

    // 12 requests from one address, alternating instances: the shared limit of 10 lets exactly 10 through.
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await (i % 2 ? b : a).inject({ method: 'GET', url: '/v1/products?market=sandbox', remoteAddress: '10.2.2.2' })).statusCode);
    expect(statuses.filter((s) => s === 429).length).to.equal(2);
    expect(statuses.slice(0, 10)).to.not.include(429);

    // 5 wrong passwords spread over both instances; the 6th attempt on either is refused, even the right one.
    for (let i = 0; i < 5; i++) expect((await signIn(i % 2 ? b : a, `wrong-${i}`, `10.3.0.${i}`)).statusCode).to.equal(401);
    expect((await signIn(a, PASSWORD, '10.3.1.1')).statusCode).to.equal(429);
    expect((await signIn(b, PASSWORD, '10.3.1.2')).statusCode).to.equal(429);
  });
});
