import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { CreateSessionResponse, ReservePurchaseResponse } from '../../../assets/common-billing/protocol/api';
import { buildApp, type BuildAppOptions } from '../../../server/src/app';
import { createApp } from '../../../server/src/domain/apps';
import { ServerKeys } from '../../../server/src/domain/keys';
import { loginTokenFor } from '../../../server/src/domain/login-token';
import { registryOf } from '../../../server/src/domain/market-services';
import type { MarketModule } from '../../../server/src/markets/types';
import { upsertAppMarket } from '../../../server/src/storage/repos/apps';
import type { EngineName } from '../../../server/src/storage/types';
import { freshDatabase, type TestDatabase } from './engines';
import { TEST_MARKET, signTestReceipt, testMarketModule, type TestReceiptData } from './test-market';

export const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
export const PACKAGE = 'com.example.gasstation';
export const MARKET_SECRET = 'test-market-hmac-secret';

export interface Harness {
  app: FastifyInstance;
  tdb: TestDatabase;
  keys: ServerKeys;
  appKey: string;
  secretKey: string;
  clock: { now: number };
  /** Logs in with a fresh game-server login token (unless `extra` brings its own credentials). */
  login(userKey: string, extra?: Record<string, unknown>, market?: string): Promise<CreateSessionResponse>;
  /** A login token for `userKey`, as the game server makes it (expires in `minutes`, default 10). */
  loginToken(userKey: string, minutes?: number): string;
  reserve(session: string, productId: string): Promise<ReservePurchaseResponse>;
  receipt(data: Partial<TestReceiptData> & { productId: string }): { originalJson: string; signature: string };
  post(url: string, body: unknown, auth?: string): Promise<LightMyRequestResponse>;
  get(url: string, auth?: string): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export interface HarnessOptions extends Partial<BuildAppOptions> {
  engine: EngineName;
  pgUrl?: string;
  extraMarkets?: MarketModule[];
  /** Options of the created app (sandboxOnly, loginToken 'off', legacySignatureUntil). */
  identity?: { sandboxOnly?: boolean; loginToken?: 'required' | 'off'; legacySignatureUntil?: number };
}

/** A billing server on a fresh database with one app: sandbox + test market, products gas / car_upgrade. */
export async function startHarness(o: HarnessOptions): Promise<Harness> {
  const tdb = await freshDatabase(o.engine, o.pgUrl);
  const keys = new ServerKeys(randomBytes(32));
  const clock = { now: Date.UTC(2026, 0, 1) };
  const created = await createApp(
    tdb.db,
    keys,
    {
      appKey: 'gas-station',
      name: 'Gas Station',
      ...o.identity,
      sandbox: { packageName: PACKAGE },
      products: [
        { productId: 'gas', type: 'consumable', title: 'Gas', price: { amountMicros: 990000, currency: 'USD' } },
        { productId: 'car_upgrade', type: 'non-consumable', title: 'Car upgrade', marketProductIds: { [TEST_MARKET]: 'com.example.car_upgrade' } },
      ],
    },
    clock.now,
  );
  await tdb.db.write((tx) => upsertAppMarket(tx, created.appKey, TEST_MARKET, true, { packageName: PACKAGE, secret: MARKET_SECRET }, clock.now));
  const app = await buildApp({
    db: tdb.db,
    keys,
    markets: registryOf([testMarketModule, ...(o.extraMarkets ?? [])]),
    adminToken: ADMIN_TOKEN,
    now: () => clock.now,
    rateLimitPerMinute: 0,
    // close() must not wait for a client's open keep-alive connection (a spec's afterEach once waited 70 s).
    forceCloseConnections: true,
    ...o,
  });
  const headers = (auth?: string) => ({ 'x-app-key': created.appKey, ...(auth ? { authorization: `Bearer ${auth}` } : {}) });
  const h: Harness = {
    app,
    tdb,
    keys,
    appKey: created.appKey,
    secretKey: created.secretKey,
    clock,
    post: (url, body, auth) => app.inject({ method: 'POST', url, headers: headers(auth), payload: body as object }),
    get: (url, auth) => app.inject({ method: 'GET', url, headers: headers(auth) }),
    loginToken: (userKey, minutes = 10) => loginTokenFor(created.secretKey, created.appKey, userKey, Math.floor(clock.now / 1000) + minutes * 60),
    async login(userKey, extra = {}, market = TEST_MARKET) {
      const credentials = 'loginToken' in extra || 'userSignature' in extra ? {} : { loginToken: h.loginToken(userKey) };
      const res = await h.post('/v1/sessions', { market, userKey, ...credentials, ...extra });
      if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
      return res.json<CreateSessionResponse>();
    },
    async reserve(session, productId) {
      const res = await h.post('/v1/purchases', { productId }, session);
      if (res.statusCode !== 200) throw new Error(`reserve failed: ${res.statusCode} ${res.body}`);
      return res.json<ReservePurchaseResponse>();
    },
    receipt(data) {
      return signTestReceipt(MARKET_SECRET, {
        orderId: `GPA.${randomBytes(8).toString('hex')}`,
        packageName: PACKAGE,
        purchaseTime: clock.now,
        state: 'PURCHASED',
        ...data,
      });
    },
    async close() {
      await app.close();
      await tdb.drop();
    },
  };
  return h;
}
