import { createHmac, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { ok, type Answer, type HttpClient } from './http-client';

/** Products of the temporary app: one of each kind a scenario needs. */
export const PRODUCTS = {
  consumable: { productId: 'conformance_coins', type: 'consumable', title: 'Conformance coins (test)' },
  nonConsumable: { productId: 'conformance_unlock', type: 'non-consumable', title: 'Conformance unlock (test)' },
  subscription: { productId: 'conformance_pass', type: 'subscription', title: 'Conformance pass (test)', subscription: { group: 'conformance_vip', period: 'P1M' } },
} as const;


/** The sandbox key of the temporary app: the target's sandbox store signs with it, and so can we. */
export interface SandboxKey {
  publicKeyPem: string;
  privateKeyPem: string;
}

export function newSandboxKey(): SandboxKey {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

/** A store purchase as the target's sandbox store reports it. */
export interface StorePurchase {
  orderId: string;
  purchaseToken: string;
  productId: string;
  state: string;
  developerPayload: string;
  receipt: { originalJson: string; signature: string };
}

export interface Reservation {
  purchaseId: string;
  marketProductId: string;
  payload: { developerPayload: string };
  /** When the payload expires (ISO 8601). */
  expiresAt: string;
}

export interface PurchaseView {
  purchaseId: string;
  state: string;
  userKey: string;
  environment: string;
  test: boolean;
}

/** What the scenarios read of an entitlement (protocol/entitlements.ts). */
export interface EntitlementView {
  productId: string;
  group: string;
  state: string;
  active: boolean;
  expiresAt: string | null;
}

/**
 * The temporary app a conformance run creates on the target through the admin API, and the
 * calls an SDK (session) and a game server (app secret) make for it. Each scenario uses its
 * own users (`user()`), so scenarios never see each other's purchases.
 */
export class TargetApp {
  private readonly run = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  readonly appKey = `conformance-${this.run}`;
  /**
   * The package name / bundle id of the temporary app in every market. One per run: store
   * notifications name the app by it, so two runs (or a retired app) never answer for each other.
   */
  readonly packageName = `com.common_billing.conformance.r${this.run}`;
  secretKey = '';
  /** Set from the app's admin view: whether logins need a game-server login token. */
  private loginTokens = false;
  private users = 0;

  constructor(
    readonly http: HttpClient,
    private readonly adminToken: string,
    /** Per-market settings of the studio's own apps (`--app-config`), laid over the test keys. */
    private readonly marketSettings: Record<string, Record<string, unknown>> = {},
    readonly sandboxKey: SandboxKey = newSandboxKey(),
  ) {}

  /** Enables a market with the simulator's keys and the studio's settings for that market. */
  async enableMarket(market: string, config: Record<string, unknown>): Promise<void> {
    ok(`enable the ${market} market`, await this.admin('PUT', `/v1/admin/apps/${this.appKey}/markets/${market}`, {
      enabled: true, config: { ...config, ...this.marketSettings[market] },
    }));
  }

  admin<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<Answer<T>> {
    return this.http.call<T>(method, path, { body, headers: { authorization: `Bearer ${this.adminToken}` } });
  }

  /** Creates the app, enables the sandbox market with our key, and adds the products. */
  async create(): Promise<void> {
    const created = ok('create the temporary app (admin API)', await this.admin<{ secretKey: string }>('POST', '/v1/admin/apps', { appKey: this.appKey, name: 'Common Billing conformance (temporary)' }));
    this.secretKey = created.secretKey;
    await this.enableMarket('sandbox', { ...this.sandboxKey, packageName: this.packageName });
    const view = ok('add the products', await this.admin<{ loginToken?: string }>('PUT', `/v1/admin/apps/${this.appKey}/products`, { products: Object.values(PRODUCTS) }));
    this.loginTokens = view.loginToken === 'required';
  }

  /**
   * Takes the app out of use: every market disabled, so no session, receipt or store call is
   * accepted for it any more. Its rows stay (a billing server keeps every purchase it recorded).
   */
  async retire(): Promise<void> {
    const view = await this.admin<{ markets?: Array<{ market: string; enabled: boolean }> }>('GET', `/v1/admin/apps/${this.appKey}`);
    for (const m of view.body.markets ?? []) {
      if (m.enabled) await this.admin('PUT', `/v1/admin/apps/${this.appKey}/markets/${m.market}`, { enabled: false, config: {} });
    }
  }

  /** A user key no other scenario uses. */
  user(label: string): string {
    this.users += 1;
    return `conf-${label}-${this.users}-${randomBytes(3).toString('hex')}`;
  }

  /** What the game server gives its client for login (cb-login-v1), when the app requires it. */
  loginToken(userKey: string, ttlS = 600): string {
    const exp = Math.floor(Date.now() / 1000) + ttlS;
    const mac = createHmac('sha256', this.secretKey).update(`cb-login-v1\n${this.appKey}\n${exp}\n${userKey}`).digest('base64url');
    return `v1.${exp}.${mac}`;
  }

  async login(userKey: string, market = 'sandbox'): Promise<Session> {
    const body: Record<string, string> = { market, userKey };
    if (this.loginTokens) body.loginToken = this.loginToken(userKey);
    const session = ok('log in (POST /v1/sessions)', await this.http.call<{ sessionToken: string; unfinished: Array<{ purchase: PurchaseView; paymentToken: string | null }> }>(
      'POST', '/v1/sessions', { body, headers: { 'x-app-key': this.appKey } },
    ));
    return new Session(this, userKey, session.sessionToken, session.unfinished);
  }

  /** The game server's consume (Bearer app secret). */
  consume(purchaseId: string, paymentToken: string): Promise<Answer<{ purchase: PurchaseView; alreadyConsumed: boolean }>> {
    return this.http.call('POST', `/v1/purchases/${purchaseId}/consume`, { body: { paymentToken }, headers: { authorization: `Bearer ${this.secretKey}` } });
  }

  /** The game server's view of what a user owns now (Bearer app secret). */
  async entitlementsOf(userKey: string): Promise<EntitlementView[]> {
    const answer = await this.http.call<{ entitlements: EntitlementView[] }>('GET', `/v1/users/${encodeURIComponent(userKey)}/entitlements`, { headers: { authorization: `Bearer ${this.secretKey}` } });
    return ok('list the user\u2019s entitlements (game server)', answer).entitlements;
  }

  /** The game server's view of a user's purchases (Bearer app secret). */
  async purchasesOf(userKey: string): Promise<PurchaseView[]> {
    const answer = await this.http.call<{ purchases: PurchaseView[] }>('GET', `/v1/users/${encodeURIComponent(userKey)}/purchases`, { headers: { authorization: `Bearer ${this.secretKey}` } });
    return ok('list the user\u2019s purchases (game server)', answer).purchases;
  }

  /** A sandbox receipt signed by us (as the store would), for tampering scenarios. */
  signSandboxReceipt(data: Record<string, unknown>, key = this.sandboxKey.privateKeyPem): { originalJson: string; signature: string } {
    const originalJson = JSON.stringify(data);
    return { originalJson, signature: sign('sha256', Buffer.from(originalJson), key).toString('base64') };
  }
}

/** One logged-in SDK user of the temporary app. */
export class Session {
  constructor(
    readonly app: TargetApp,
    readonly userKey: string,
    readonly token: string,
    readonly unfinished: Array<{ purchase: PurchaseView; paymentToken: string | null }>,
  ) {}

  call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<Answer<T>> {
    return this.app.http.call<T>(method, path, { body, headers: { authorization: `Bearer ${this.token}` } });
  }

  async reserve(productId: string = PRODUCTS.consumable.productId): Promise<Reservation> {
    return ok('reserve a purchase (POST /v1/purchases)', await this.call<Reservation>('POST', '/v1/purchases', { productId }));
  }

  /** Pays at the target's sandbox store with a scripted outcome (approve, pending, fail, cancel). */
  async storeBuy(reservation: Reservation, outcome: 'approve' | 'pending' | 'fail' | 'cancel'): Promise<StorePurchase | null> {
    const answer = await this.call<{ purchase: StorePurchase | null }>('POST', '/v1/sandbox/purchases', {
      productId: reservation.marketProductId, developerPayload: reservation.payload.developerPayload, outcome,
    });
    if (outcome === 'fail') return null;
    return ok('pay at the sandbox store', answer).purchase;
  }

  async storePurchases(): Promise<StorePurchase[]> {
    return ok('list the sandbox store purchases', await this.call<{ purchases: StorePurchase[] }>('GET', '/v1/sandbox/purchases')).purchases;
  }

  async storeResolve(purchaseToken: string, outcome: 'approve' | 'decline'): Promise<StorePurchase> {
    return ok('resolve the pending payment at the store', await this.call<{ purchase: StorePurchase }>('POST', `/v1/sandbox/purchases/${purchaseToken}/resolve`, { outcome })).purchase;
  }

  submit(receipt: unknown, market = 'sandbox'): Promise<Answer<{ purchase: PurchaseView; paymentToken: string | null }>> {
    return this.call('POST', '/v1/receipts', { market, receipt });
  }

  /** Reserve, pay and verify: a delivered-ready purchase and its payment token. */
  async buyVerified(productId: string = PRODUCTS.consumable.productId): Promise<{ purchase: PurchaseView; paymentToken: string; store: StorePurchase }> {
    const store = (await this.storeBuy(await this.reserve(productId), 'approve'))!;
    const verified = ok('verify the receipt (POST /v1/receipts)', await this.submit(store.receipt));
    if (!verified.paymentToken) throw new Error('verify the receipt: no payment token for a paid purchase');
    return { purchase: verified.purchase, paymentToken: verified.paymentToken, store };
  }
}
