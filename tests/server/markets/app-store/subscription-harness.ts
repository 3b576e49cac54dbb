import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { CreateSessionResponse, ReservePurchaseResponse } from '../../../../assets/common-billing/protocol/api';
import { buildApp } from '../../../../server/src/app';
import { createApp } from '../../../../server/src/domain/apps';
import { ServerKeys } from '../../../../server/src/domain/keys';
import { loginTokenFor } from '../../../../server/src/domain/login-token';
import { registryOf } from '../../../../server/src/domain/market-services';
import type { Feature } from '../../../../server/src/features';
import { lifecycleFeature } from '../../../../server/src/lifecycle/feature';
import { appStoreMarket } from '../../../../server/src/markets/app-store';
import { upsertAppMarket } from '../../../../server/src/storage/repos/apps';
import type { Database, EngineName } from '../../../../server/src/storage/types';
import { type AppStoreSimulator } from '../../../simulators/app-store';
import { freshDatabase, type TestDatabase } from '../../support/engines';

export const VIP_BUNDLE = 'com.example.gasstation.vip';
/** The simulated month: what the catalog's P1M is from the harness start (31 days in January). */
export const START = Date.UTC(2026, 0, 5, 9);

/** The catalog: three App Store subscriptions of one entitlement group, and a consumable. */
export const SUBSCRIPTION_CATALOG = [
  { productId: 'vip_monthly', type: 'subscription' as const, title: 'VIP', marketProductIds: { 'app-store': 'vip_monthly' }, subscription: { group: 'vip', period: 'P1M' } },
  { productId: 'vip_premium', type: 'subscription' as const, title: 'VIP premium', marketProductIds: { 'app-store': 'vip_premium' }, subscription: { group: 'vip', period: 'P1M' } },
  { productId: 'vip_lite', type: 'subscription' as const, title: 'VIP lite', marketProductIds: { 'app-store': 'vip_lite' }, subscription: { group: 'vip', period: 'P1M' } },
  { productId: 'gas', type: 'consumable' as const, title: 'Gas', marketProductIds: { 'app-store': 'com.example.gas' } },
];

/** A billing server whose only market is the App Store simulator, on an injected clock. */
export class AppleSubscriptionHarness {
  private constructor(
    readonly app: FastifyInstance,
    readonly db: Database,
    readonly clock: { now: number },
    readonly appKey: string,
    readonly secretKey: string,
    readonly apple: AppStoreSimulator,
    private readonly tdb: TestDatabase,
  ) {}

  /**
   * `serverApi: false`: signed statements only (no App Store Server API key configured).
   * `features`: more features next to the lifecycle (the subscription core when it is one).
   */
  static async start(o: {
    engine: EngineName; pgUrl?: string; apple: AppStoreSimulator; clock: { now: number };
    serverApi?: boolean; environment?: 'Sandbox' | 'Production'; acceptSandbox?: boolean; features?: Feature[];
  }): Promise<AppleSubscriptionHarness> {
    const tdb = await freshDatabase(o.engine, o.pgUrl);
    o.clock.now = START;
    const keys = new ServerKeys(randomBytes(32));
    const created = await createApp(tdb.db, keys, { appKey: 'vip-station', name: 'VIP Station', products: SUBSCRIPTION_CATALOG }, o.clock.now);
    const config = { ...o.apple.marketConfig({ serverApi: o.serverApi !== false, acceptSandbox: o.acceptSandbox }) };
    await tdb.db.write((tx) => upsertAppMarket(tx, created.appKey, 'app-store', true, config, o.clock.now));
    const app = await buildApp({
      db: tdb.db, keys, now: () => o.clock.now, markets: registryOf([appStoreMarket]), rateLimitPerMinute: 0, forceCloseConnections: true,
      features: [lifecycleFeature({ runJobs: false }), ...(o.features ?? [])], logger: false,
    });
    await app.ready();
    return new AppleSubscriptionHarness(app, tdb.db, o.clock, created.appKey, created.secretKey, o.apple, tdb);
  }

  async session(userKey: string): Promise<string> {
    const loginToken = loginTokenFor(this.secretKey, this.appKey, userKey, Math.floor(this.clock.now / 1000) + 600);
    const res = await this.call('POST', '/v1/sessions', { market: 'app-store', userKey, loginToken });
    if (res.statusCode !== 200) throw new Error(`session refused: ${res.body}`);
    return res.json<CreateSessionResponse>().sessionToken;
  }

  async reserve(session: string, productId: string): Promise<ReservePurchaseResponse> {
    const res = await this.call('POST', '/v1/purchases', { productId }, session);
    if (res.statusCode !== 200) throw new Error(`reservation refused: ${res.body}`);
    return res.json<ReservePurchaseResponse>();
  }

  notify(body: { signedPayload: string }): Promise<LightMyRequestResponse> {
    return this.app.inject({ method: 'POST', url: '/v1/notifications/app-store', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ signedPayload: body.signedPayload }) });
  }

  call(method: 'GET' | 'POST', url: string, body?: unknown, bearer?: string): Promise<LightMyRequestResponse> {
    return this.app.inject({
      method, url,
      headers: { 'x-app-key': this.appKey, ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      ...(body === undefined ? {} : { payload: body as object }),
    });
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.tdb.drop();
  }
}
