import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { CreateSessionResponse, ReservePurchaseResponse, SubmitReceiptResponse } from '../../../assets/common-billing/protocol/api';
import { buildApp, type BuildAppOptions } from '../../../server/src/app';
import { createApp } from '../../../server/src/domain/apps';
import { ServerKeys } from '../../../server/src/domain/keys';
import { loginTokenFor } from '../../../server/src/domain/login-token';
import { registryOf } from '../../../server/src/domain/market-services';
import type { Feature } from '../../../server/src/features';
import { lifecycleFeature } from '../../../server/src/lifecycle/feature';
import type { LifecycleOptions } from '../../../server/src/lifecycle/options';
import { appStoreMarket } from '../../../server/src/markets/app-store';
import { googlePlayMarket } from '../../../server/src/markets/google-play';
import { oneStoreMarket } from '../../../server/src/markets/one-store';
import { openDatabase } from '../../../server/src/storage/open';
import { upsertAppMarket } from '../../../server/src/storage/repos/apps';
import type { PurchaseRow } from '../../../server/src/storage/repos/rows';
import type { Database, EngineName } from '../../../server/src/storage/types';
import { AppStoreSimulator } from '../../simulators/app-store';
import { GooglePlaySimulator } from '../../simulators/google-play';
import { OneStoreSimulator } from '../../simulators/one-store';
import { freshDatabase, type TestDatabase } from '../../server/support/engines';

export const GOOGLE_PACKAGE = 'com.example.gasstation';
export const APPLE_BUNDLE = 'com.example.gasstation.ios';
export const ONE_PACKAGE = 'com.example.gasstation.one';
export const MARKET_PRODUCT = { 'google-play': 'gas_100', 'app-store': 'com.example.gas', 'one-store': 'gas_one' } as const;
export type LifecycleMarket = keyof typeof MARKET_PRODUCT;
/** The audience of the simulated Pub/Sub push subscription. */
export const PUSH_AUDIENCE = 'https://billing.example.com/v1/notifications/google-play';

/** How the harness app authenticates store notifications: as production should (issue #13). */
export function notificationAuthOf(google: GooglePlaySimulator) {
  return {
    'google-play': { mode: 'pubsub-oidc', audience: PUSH_AUDIENCE, serviceAccountEmail: google.pushAuth.email, certsUrl: google.pushCertsUrl },
    'one-store': { mode: 'pns-signature' },
  } as const;
}

export interface Bought {
  purchaseId: string;
  /** Null while the payment is pending. */
  paymentToken: string | null;
  /** Google/ONE purchaseToken, Apple transactionId. */
  token: string;
}

const START = Date.UTC(2026, 0, 5, 9);

/** The three store simulators on one clock; a spec file starts them once (key generation is slow). */
export interface StoreSimulators {
  clock: { now: number };
  google: GooglePlaySimulator;
  apple: AppStoreSimulator;
  one: OneStoreSimulator;
  close(): Promise<void>;
}

export async function startStoreSimulators(): Promise<StoreSimulators> {
  const clock = { now: START };
  const now = () => clock.now;
  const [google, apple, one] = await Promise.all([
    GooglePlaySimulator.start({ packageName: GOOGLE_PACKAGE, now }),
    AppStoreSimulator.start({ bundleId: APPLE_BUNDLE, now }),
    OneStoreSimulator.start({ packageName: ONE_PACKAGE, now }),
  ]);
  return { clock, google, apple, one, close: async () => void (await Promise.all([google.close(), apple.close(), one.close()])) };
}

/** A billing server with the lifecycle feature on one database, and the three store simulators. */
export class LifecycleHarness {
  private constructor(
    readonly app: FastifyInstance,
    readonly db: Database,
    readonly keys: ServerKeys,
    readonly clock: { now: number },
    readonly appKey: string,
    readonly secretKey: string,
    readonly google: GooglePlaySimulator,
    readonly apple: AppStoreSimulator,
    readonly one: OneStoreSimulator,
    private readonly owned: { tdb?: TestDatabase; stores?: StoreSimulators },
  ) {}

  /**
   * `stores`: simulators started once per spec file (their clock restarts at START);
   * `shared`: a second server instance on the first one's database and simulators.
   */
  static async start(o: {
    engine: EngineName; pgUrl?: string; options?: Partial<LifecycleOptions>; stores?: StoreSimulators; shared?: LifecycleHarness;
    /** More features next to the lifecycle (e.g. the console). */
    features?: Feature[];
    /** Catalog price of 'gas' (revenue estimates). */
    price?: { amountMicros: number; currency: string };
    logger?: BuildAppOptions['logger'];
  }): Promise<LifecycleHarness> {
    const shared = o.shared;
    const tdb = shared ? undefined : await freshDatabase(o.engine, o.pgUrl);
    const ownStores = shared || o.stores ? undefined : await startStoreSimulators();
    const stores = ownStores ?? o.stores;
    if (stores && !shared) stores.clock.now = START;
    const clock = shared?.clock ?? stores!.clock;
    const now = () => clock.now;
    const keys = shared?.keys ?? new ServerKeys(randomBytes(32));
    const google = shared?.google ?? stores!.google;
    const apple = shared?.apple ?? stores!.apple;
    const one = shared?.one ?? stores!.one;
    let db = tdb?.db;
    let appKey = shared?.appKey ?? 'gas-station';
    let secretKey = shared?.secretKey ?? '';
    if (shared) {
      // A second server instance: its own connections to the same database.
      db = await openDatabase(shared.owned.tdb!.config);
    } else {
      const created = await createApp(db!, keys, {
        appKey, name: 'Gas Station',
        products: [{ productId: 'gas', type: 'consumable', title: 'Gas', marketProductIds: { ...MARKET_PRODUCT }, ...(o.price ? { price: o.price } : {}) }],
      }, clock.now);
      appKey = created.appKey;
      secretKey = created.secretKey;
      await db!.write(async (tx) => {
        const auth = notificationAuthOf(google);
        await upsertAppMarket(tx, appKey, 'google-play', true, { ...google.marketConfig({ allowTestPurchases: true }), notificationAuth: auth['google-play'] }, clock.now);
        await upsertAppMarket(tx, appKey, 'app-store', true, apple.marketConfig(), clock.now);
        await upsertAppMarket(tx, appKey, 'one-store', true, { ...one.marketConfig(), notificationAuth: auth['one-store'] }, clock.now);
      });
    }
    const app = await buildApp({
      db: db!, keys, now, markets: registryOf([googlePlayMarket, appStoreMarket, oneStoreMarket]), rateLimitPerMinute: 0, forceCloseConnections: true,
      features: [lifecycleFeature({ runJobs: false, ...o.options }), ...(o.features ?? [])], logger: o.logger ?? false,
    });
    await app.ready();
    return new LifecycleHarness(app, db!, keys, clock, appKey, secretKey, google, apple, one, { tdb, stores: ownStores });
  }

  /** The SDK's flow through the real routes: login, reserve, store purchase, receipt. */
  async buy(market: LifecycleMarket, userKey: string, opts: { pending?: boolean } = {}): Promise<Bought> {
    const session = (await this.call('POST', '/v1/sessions', { market, userKey, loginToken: this.loginToken(userKey) })).json<CreateSessionResponse>().sessionToken;
    const reservation = (await this.call('POST', '/v1/purchases', { productId: 'gas' }, session)).json<ReservePurchaseResponse>();
    const { payload } = reservation;
    let receipt: object;
    let token: string;
    if (market === 'google-play') {
      const r = this.google.purchase({ productId: MARKET_PRODUCT[market], obfuscatedAccountId: payload.obfuscatedAccountId, obfuscatedProfileId: payload.obfuscatedProfileId, pending: opts.pending });
      receipt = { originalJson: r.originalJson, signature: r.signature };
      token = r.purchaseToken;
    } else if (market === 'app-store') {
      const r = this.apple.purchase({ productId: MARKET_PRODUCT[market], appAccountToken: payload.appAccountToken });
      receipt = { signedTransaction: r.signedTransaction };
      token = r.transactionId;
    } else {
      const r = this.one.purchase({ productId: MARKET_PRODUCT[market], developerPayload: payload.developerPayload });
      receipt = { originalJson: r.originalJson, signature: r.signature };
      token = r.purchaseToken;
    }
    const res = await this.call('POST', '/v1/receipts', { market, receipt }, session);
    if (res.statusCode !== 200) throw new Error(`receipt refused: ${res.statusCode} ${res.body}`);
    const body = res.json<SubmitReceiptResponse>();
    return { purchaseId: body.purchase.purchaseId, paymentToken: body.paymentToken, token };
  }

  /** What the game server hands its player for login (10 minutes). */
  loginToken(userKey: string): string {
    return loginTokenFor(this.secretKey, this.appKey, userKey, Math.floor(this.clock.now / 1000) + 600);
  }

  /** The game server consumes (grants) the purchase. */
  async consume(b: Bought): Promise<LightMyRequestResponse> {
    return this.call('POST', `/v1/purchases/${b.purchaseId}/consume`, { paymentToken: b.paymentToken ?? '' }, this.secretKey);
  }

  /**
   * Posts a store notification. A Google push carries the simulated Pub/Sub OIDC token, as a real
   * authenticated push subscription would, unless `headers` brings its own (or none: `{authorization: ''}`).
   */
  notify(market: string, body: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const push = market === 'google-play' && !('authorization' in headers) ? { authorization: `Bearer ${this.google.pushAuth.mint(PUSH_AUDIENCE)}` } : {};
    const all = { 'content-type': 'application/json', ...push, ...headers };
    if (all.authorization === '') delete (all as Record<string, string>).authorization;
    return this.app.inject({ method: 'POST', url: `/v1/notifications/${market}`, headers: all, payload: JSON.stringify(body) });
  }

  call(method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown, bearer?: string): Promise<LightMyRequestResponse> {
    return this.app.inject({
      method, url,
      headers: { 'x-app-key': this.appKey, ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      ...(body === undefined ? {} : { payload: body as object }),
    });
  }

  async purchase(purchaseId: string): Promise<PurchaseRow> {
    const row = await this.db.get<PurchaseRow & { revoke_reason: string | null; revoked_at: number | null }>('SELECT * FROM purchases WHERE purchase_id = ?', [purchaseId]);
    if (!row) throw new Error(`no purchase ${purchaseId}`);
    return row;
  }

  async events(purchaseId: string): Promise<string[]> {
    return (await this.db.all<{ type: string }>('SELECT type FROM purchase_events WHERE purchase_id = ? ORDER BY at, type', [purchaseId])).map((r) => r.type);
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.owned.stores?.close();
    if (this.owned.tdb) await this.owned.tdb.drop();
    else await this.db.close();
  }
}
