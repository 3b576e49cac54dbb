import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { CreateSessionResponse, ReservePurchaseResponse, SubmitReceiptResponse } from '../../assets/common-billing/protocol/api';
import { buildApp } from '../../server/src/app';
import { appOptionsFrom, openRuntimeFrom, type Runtime } from '../../server/src/cli/runtime';
import { loadConfig } from '../../server/src/config/load';
import { createApp } from '../../server/src/domain/apps';
import { loginTokenFor } from '../../server/src/domain/login-token';
import { defaultMarketRegistry } from '../../server/src/market-registry';
import { upsertAppMarket } from '../../server/src/storage/repos/apps';
import { AppStoreSimulator } from '../simulators/app-store';
import { GooglePlaySimulator } from '../simulators/google-play';
import { OneStoreSimulator } from '../simulators/one-store';
import { forEachEngine, freshDatabase, type TestDatabase } from './support/engines';

const BIN = resolve(__dirname, '../../server/bin/common-billing.js');
const AUDIENCE = 'https://billing.example.com/v1/notifications/google-play';
const PRODUCT = { 'google-play': 'gas_100', 'app-store': 'com.example.gas', 'one-store': 'gas_one' } as const;

/**
 * Issue #13's two attacks, replayed against a server whose config file `common-billing init`
 * wrote, with an app set up the way a new user would (apps create + set-market): forged store
 * notifications and a login as someone else. Each is refused with its code and changes no row.
 */
forEachEngine('safe defaults of a server configured by init', (engine) => {
  let dir: string;
  let tdb: TestDatabase;
  let rt: Runtime;
  let app: FastifyInstance;
  let sims: { google: GooglePlaySimulator; apple: AppStoreSimulator; foreignApple: AppStoreSimulator; one: OneStoreSimulator };
  let appKey: string;
  let secretKey: string;

  before(async function () {
    this.timeout(60_000);
    const [google, apple, foreignApple, one] = await Promise.all([
      GooglePlaySimulator.start({ packageName: 'com.example.safe' }),
      AppStoreSimulator.start({ bundleId: 'com.example.safe.ios' }),
      AppStoreSimulator.start({ bundleId: 'com.example.safe.ios' }), // another chain: not the app's roots
      OneStoreSimulator.start({ packageName: 'com.example.safe.one' }),
    ]);
    sims = { google, apple, foreignApple, one };
  });
  after(async () => Promise.all(Object.values(sims ?? {}).map((s) => s.close())));

  beforeEach(async function () {
    this.timeout(60_000);
    dir = mkdtempSync(join(tmpdir(), 'cb-safe-'));
    const file = join(dir, 'common-billing.json');
    await promisify(execFile)(process.execPath, [BIN, 'init', '--config', file, '--sqlite', join(dir, 'billing.sqlite')]);
    const config = loadConfig(file);
    tdb = await freshDatabase(engine().engine, engine().pgUrl);
    rt = await openRuntimeFrom({ ...config, database: tdb.config });
    const created = await createApp(rt.db, rt.keys, {
      appKey: 'safe-game', name: 'Safe game',
      products: [{ productId: 'gas', type: 'consumable', title: 'Gas', marketProductIds: { ...PRODUCT } }],
    }, Date.now());
    ({ appKey, secretKey } = created);
    await rt.db.write(async (tx) => {
      await upsertAppMarket(tx, appKey, 'google-play', true, sims.google.marketConfig({ allowTestPurchases: true }), Date.now());
      await upsertAppMarket(tx, appKey, 'app-store', true, sims.apple.marketConfig(), Date.now());
      await upsertAppMarket(tx, appKey, 'one-store', true, sims.one.marketConfig(), Date.now());
    });
    app = await buildApp({ ...appOptionsFrom(rt), markets: defaultMarketRegistry, logger: false });
    await app.ready();
  });
  afterEach(async () => {
    await app?.close();
    await rt?.db.close();
    await tdb?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const nowS = () => Math.floor(Date.now() / 1000);
  const post = (url: string, payload: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> =>
    app.inject({ method: 'POST', url, headers: { 'x-app-key': appKey, 'content-type': 'application/json', ...headers }, payload: JSON.stringify(payload) });
  const codeOf = (res: LightMyRequestResponse) => [res.statusCode, res.json().error?.code];
  const snapshot = async () => ({
    purchases: await rt.db.all('SELECT * FROM purchases ORDER BY purchase_id'),
    events: await rt.db.all('SELECT purchase_id, type FROM purchase_events ORDER BY purchase_id, at, type'),
  });

  async function buy(market: keyof typeof PRODUCT, userKey: string): Promise<{ purchaseId: string; token: string; paymentToken: string | null }> {
    const session = (await post('/v1/sessions', { market, userKey, loginToken: loginTokenFor(secretKey, appKey, userKey, nowS() + 600) })).json<CreateSessionResponse>().sessionToken;
    const auth = { authorization: `Bearer ${session}` };
    const { payload } = (await post('/v1/purchases', { productId: 'gas' }, auth)).json<ReservePurchaseResponse>();
    let receipt: object;
    let token: string;
    if (market === 'google-play') {
      const r = sims.google.purchase({ productId: PRODUCT[market], obfuscatedAccountId: payload.obfuscatedAccountId, obfuscatedProfileId: payload.obfuscatedProfileId });
      [receipt, token] = [{ originalJson: r.originalJson, signature: r.signature }, r.purchaseToken];
    } else if (market === 'app-store') {
      const r = sims.apple.purchase({ productId: PRODUCT[market], appAccountToken: payload.appAccountToken });
      [receipt, token] = [{ signedTransaction: r.signedTransaction }, r.transactionId];
    } else {
      const r = sims.one.purchase({ productId: PRODUCT[market], developerPayload: payload.developerPayload });
      [receipt, token] = [{ originalJson: r.originalJson, signature: r.signature }, r.purchaseToken];
    }
    const res = await post('/v1/receipts', { market, receipt }, auth);
    if (res.statusCode !== 200) throw new Error(`receipt refused: ${res.body}`);
    const body = res.json<SubmitReceiptResponse>();
    return { purchaseId: body.purchase.purchaseId, token, paymentToken: body.paymentToken };
  }

  it('refuses forged store notifications: RTDN and PNS without configured authentication, a foreign Apple chain, bad push tokens', async () => {
    const g = await buy('google-play', 'alice');
    const o = await buy('one-store', 'alice');
    const a = await buy('app-store', 'alice');
    sims.google.refund(g.token);
    const before = await snapshot();

    // 1. A made-up Pub/Sub envelope without Authorization: the market has no push authentication configured.
    expect(codeOf(await post('/v1/notifications/google-play', sims.google.voidedNotification(g.token)))).to.deep.equal([401, 'NOTIFICATION_AUTH_NOT_CONFIGURED']);
    // 2. A forged ONE store PNS (no valid signature; none configured either).
    expect(codeOf(await post('/v1/notifications/one-store', { ...sims.one.pns(o.token, 'CANCELED'), signature: 'Zm9yZ2Vk' }))).to.deep.equal([401, 'NOTIFICATION_AUTH_NOT_CONFIGURED']);
    // 3. An App Store refund signed by a chain that is not the app's configured Apple roots.
    sims.foreignApple.transactions.set(a.token, { ...sims.apple.transactions.get(a.token)!, revocationDate: Date.now(), revocationReason: 0 });
    expect(codeOf(await post('/v1/notifications/app-store', { signedPayload: sims.foreignApple.notification('REFUND', a.token).signedPayload }))).to.deep.equal([401, 'NOTIFICATION_AUTH_FAILED']);

    // The operator configures the push authentication: expired and foreign-audience tokens are refused.
    const row = await rt.db.get<{ config: string }>("SELECT config FROM app_markets WHERE app_key = ? AND market = 'google-play'", [appKey]);
    const withAuth = { ...JSON.parse(row!.config), notificationAuth: { mode: 'pubsub-oidc', audience: AUDIENCE, serviceAccountEmail: sims.google.pushAuth.email, certsUrl: sims.google.pushCertsUrl } };
    await rt.db.write((tx) => upsertAppMarket(tx, appKey, 'google-play', true, withAuth, Date.now()));
    const expired = sims.google.pushAuth.mint(AUDIENCE, { issuedAtMs: Date.now() - 3 * 3600_000 });
    const foreignAudience = sims.google.pushAuth.mint('https://attacker.example.com/push');
    for (const token of [expired, foreignAudience]) {
      expect(codeOf(await post('/v1/notifications/google-play', sims.google.voidedNotification(g.token), { authorization: `Bearer ${token}` }))).to.deep.equal([401, 'NOTIFICATION_AUTH_FAILED']);
    }
    expect(await snapshot()).to.deep.equal(before);
  });

  it('refuses a login with only the app key, an expired token, and tokens for another user or another app', async () => {
    const alice = await buy('google-play', 'alice'); // unfinished: her next login would return its payment token
    const before = await snapshot();
    const other = await createApp(rt.db, rt.keys, { appKey: 'other-game', name: 'Other game' }, Date.now());
    const attempts: [string, Record<string, unknown>, string][] = [
      ['only the app key', {}, 'LOGIN_TOKEN_REQUIRED'],
      ['an expired token', { loginToken: loginTokenFor(secretKey, appKey, 'alice', nowS() - 3600) }, 'LOGIN_TOKEN_EXPIRED'],
      ['a token for another user', { loginToken: loginTokenFor(secretKey, appKey, 'mallory', nowS() + 600) }, 'LOGIN_TOKEN_INVALID'],
      ['a token for another app', { loginToken: loginTokenFor(other.secretKey, 'other-game', 'alice', nowS() + 600) }, 'LOGIN_TOKEN_INVALID'],
    ];
    for (const [what, credentials, code] of attempts) {
      const res = await post('/v1/sessions', { market: 'google-play', userKey: 'alice', ...credentials });
      expect(codeOf(res), what).to.deep.equal([401, code]);
      expect(res.body, what).not.to.include(alice.paymentToken ?? 'no-payment-token');
    }
    expect(await snapshot()).to.deep.equal(before);
  });
});
