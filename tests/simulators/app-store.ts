import { generateKeyPairSync, randomInt, randomUUID, verify, type KeyObject } from 'node:crypto';
import { bearerOf, startLoopbackServer, type SimRequest, type SimResponse } from './http';
import { createApplePki, type ApplePki } from './apple-pki';
import { signEs256Jws } from './jws';
import { AppleSubscriptions } from './app-store-subscriptions';

export interface AppStoreSimulatorOptions {
  bundleId: string;
  environment?: 'Sandbox' | 'Production';
  now?: () => number;
  appAppleId?: number;
}

export interface AppStorePurchaseInput {
  productId: string;
  appAccountToken?: string;
  quantity?: number;
  type?: 'Consumable' | 'Non-Consumable' | 'Auto-Renewable Subscription' | 'Non-Renewing Subscription';
  /** Default: the simulator's environment. 'Sandbox' on a Production store = an App Review / TestFlight purchase. */
  environment?: 'Sandbox' | 'Production' | 'Xcode' | 'LocalTesting';
  /** Price in milliunits and ISO 4217 currency (JWSTransactionDecodedPayload price/currency); default 1200000 KRW. */
  price?: number;
  currency?: string;
  /** PURCHASE (default) or an offer-code / promoted purchase (transactionReason stays PURCHASE; offerType 3 = offer code). */
  offerType?: number;
}

/**
 * App Store Server Notifications V2 notificationType values, as Apple lists them
 * (developer.apple.com/documentation/appstoreservernotifications/notificationtype;
 * app-store-server-library NotificationTypeV2).
 */
export const APPLE_NOTIFICATION_TYPES_V2 = [
  'CONSUMPTION_REQUEST', 'DID_CHANGE_RENEWAL_PREF', 'DID_CHANGE_RENEWAL_STATUS', 'DID_FAIL_TO_RENEW', 'DID_RENEW', 'EXPIRED',
  'EXTERNAL_PURCHASE_TOKEN', 'GRACE_PERIOD_EXPIRED', 'METADATA_UPDATE', 'MIGRATION', 'OFFER_REDEEMED', 'ONE_TIME_CHARGE',
  'PRICE_CHANGE', 'PRICE_INCREASE', 'REFUND', 'REFUND_DECLINED', 'REFUND_REVERSED', 'RENEWAL_EXTENDED', 'RENEWAL_EXTENSION',
  'RESCIND_CONSENT', 'REVOKE', 'SUBSCRIBED', 'TEST',
] as const;

/**
 * A local App Store: a test PKI with Apple's marker OIDs, StoreKit 2 JWS transactions signed
 * like the real ones, App Store Server Notifications V2, and the App Store Server API
 * (Get Transaction Info, Get Transaction History v2, Get All Subscription Statuses) on
 * 127.0.0.1 behind an ES256 bearer JWT. Auto-renewable subscriptions: `subscriptions`
 * (app-store-subscriptions.ts).
 */
export class AppStoreSimulator {
  readonly transactions = new Map<string, Record<string, unknown>>();
  /** Scripted auto-renewable subscriptions on the simulator's clock. */
  readonly subscriptions: AppleSubscriptions = new AppleSubscriptions(this);
  readonly apiKey: { keyId: string; issuerId: string; privateKeyPem: string };
  /** Bearer JWTs accepted so far (tests assert the client authenticates). */
  authorizedCalls = 0;
  private readonly apiPublicKey: KeyObject;
  private readonly failures: SimResponse[] = [];
  /** Transaction ids are unique across the App Store: each simulator starts at its own random point. */
  private nextId = 2000000000000000 + randomInt(0, 1_000_000) * 1_000_000;

  private constructor(readonly opts: Required<Omit<AppStoreSimulatorOptions, 'appAppleId'>> & { appAppleId: number }, readonly pki: ApplePki, readonly origin: string, readonly close: () => Promise<void>) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.apiPublicKey = publicKey;
    this.apiKey = { keyId: 'SIMKEY1234', issuerId: randomUUID(), privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() };
  }

  static async start(options: AppStoreSimulatorOptions): Promise<AppStoreSimulator> {
    const opts = { environment: 'Sandbox' as const, now: Date.now, appAppleId: 1234567890, ...options };
    const pki = await createApplePki({ at: opts.now() });
    const holder: { sim?: AppStoreSimulator } = {};
    const server = await startLoopbackServer((req) => holder.sim!.handle(req));
    holder.sim = new AppStoreSimulator(opts, pki, server.origin, server.close);
    return holder.sim;
  }

  get baseUrl(): string {
    return this.origin;
  }

  /** Root certificate (PEM) to configure as trusted. */
  get rootPem(): string {
    return this.pki.rootPem;
  }

  /** A ready `app-store` market configuration for this simulator. */
  marketConfig(extra: { serverApi?: boolean; checkOnVerify?: boolean; acceptSandbox?: boolean; allowLocalTesting?: boolean } = {}) {
    return {
      bundleId: this.opts.bundleId,
      environment: this.opts.environment,
      rootCertificates: [this.rootPem],
      appAppleId: this.opts.appAppleId,
      ...(extra.acceptSandbox !== undefined ? { acceptSandbox: extra.acceptSandbox } : {}),
      ...(extra.allowLocalTesting !== undefined ? { allowLocalTesting: extra.allowLocalTesting } : {}),
      ...(extra.serverApi === false ? {} : {
        serverApi: { ...this.apiKey, baseUrl: this.baseUrl, sandboxBaseUrl: `${this.baseUrl}/sandbox`, checkOnVerify: extra.checkOnVerify ?? false },
      }),
    };
  }

  /** A new transaction id, unique across this simulated App Store. */
  newTransactionId(): string {
    this.nextId += 1;
    return String(this.nextId);
  }

  /** A completed StoreKit 2 purchase; returns the receipt the device would send. */
  purchase(input: AppStorePurchaseInput): { signedTransaction: string; transactionId: string; payload: Record<string, unknown> } {
    const transactionId = this.newTransactionId();
    const now = this.opts.now();
    const payload: Record<string, unknown> = {
      transactionId,
      originalTransactionId: transactionId,
      bundleId: this.opts.bundleId,
      productId: input.productId,
      purchaseDate: now,
      originalPurchaseDate: now,
      quantity: input.quantity ?? 1,
      type: input.type ?? 'Consumable',
      inAppOwnershipType: 'PURCHASED',
      signedDate: now,
      environment: input.environment ?? this.opts.environment,
      transactionReason: 'PURCHASE',
      storefront: 'KOR',
      storefrontId: '143466',
      price: input.price ?? 1200000,
      currency: input.currency ?? 'KRW',
      ...(input.offerType !== undefined ? { offerType: input.offerType } : {}),
      ...(input.appAccountToken ? { appAccountToken: input.appAccountToken } : {}),
    };
    this.transactions.set(transactionId, payload);
    return { signedTransaction: this.sign(payload), transactionId, payload };
  }

  /** Signs any payload with this store's leaf (valid chain, ES256, raw signature). */
  sign(payload: object): string {
    return signEs256Jws(payload, this.pki.leafKey, { x5c: this.pki.x5c });
  }

  /** Apple refunds the transaction: it gains revocationDate / revocationReason. */
  refund(transactionId: string, revocationReason = 0): void {
    const tx = this.transactions.get(transactionId);
    if (!tx) throw new Error(`no simulated App Store transaction ${transactionId}`);
    tx.revocationDate = this.opts.now();
    tx.revocationReason = revocationReason;
  }

  /** An App Store Server Notification V2 body `{signedPayload}`. */
  notification(notificationType: 'REFUND' | 'CONSUMPTION_REQUEST' | 'TEST' | 'ONE_TIME_CHARGE', transactionId?: string) {
    const tx = transactionId ? this.transactions.get(transactionId) : undefined;
    const now = this.opts.now();
    const payload = {
      notificationType,
      notificationUUID: randomUUID(),
      version: '2.0',
      signedDate: now,
      data: {
        environment: this.opts.environment,
        appAppleId: this.opts.appAppleId,
        bundleId: this.opts.bundleId,
        bundleVersion: '1.0.0',
        ...(tx ? { signedTransactionInfo: this.sign({ ...tx, signedDate: now }) } : {}),
        ...(notificationType === 'CONSUMPTION_REQUEST' ? { consumptionRequestReason: 'UNINTENDED_PURCHASE' } : {}),
      },
    };
    return { signedPayload: this.sign(payload), notificationUUID: payload.notificationUUID };
  }

  /**
   * Any V2 notification type, in the shape Apple sends it: SUMMARY-subtype RENEWAL_EXTENSION
   * carries `summary`, EXTERNAL_PURCHASE_TOKEN `externalPurchaseToken`, RESCIND_CONSENT
   * `appData`, every other type `data` (with the transaction when one is given).
   */
  notificationOf(notificationType: string, o: { subtype?: string; transactionId?: string; environment?: string; extra?: Record<string, unknown> } = {}) {
    const now = this.opts.now();
    const environment = o.environment ?? this.opts.environment;
    const app = { environment, appAppleId: this.opts.appAppleId, bundleId: this.opts.bundleId };
    const tx = o.transactionId ? this.transactions.get(o.transactionId) : undefined;
    const body: Record<string, unknown> =
      notificationType === 'EXTERNAL_PURCHASE_TOKEN'
        ? { externalPurchaseToken: { externalPurchaseId: `${environment === 'Sandbox' ? 'SANDBOX_' : ''}${randomUUID()}`, tokenCreationDate: now, appAppleId: this.opts.appAppleId, bundleId: this.opts.bundleId } }
        : notificationType === 'RENEWAL_EXTENSION' && o.subtype === 'SUMMARY'
          ? { summary: { ...app, productId: 'sub_monthly', requestIdentifier: randomUUID(), storefrontCountryCodes: ['KOR'], succeededCount: 10, failedCount: 0 } }
          : notificationType === 'RESCIND_CONSENT'
            ? { appData: { ...app, signedAppTransactionInfo: this.sign({ bundleId: this.opts.bundleId, receiptType: environment, signedDate: now }) } }
            : { data: { ...app, bundleVersion: '1.0.0', ...(tx ? { signedTransactionInfo: this.sign({ ...tx, signedDate: now }) } : {}) } };
    const payload = {
      notificationType,
      ...(o.subtype ? { subtype: o.subtype } : {}),
      notificationUUID: randomUUID(),
      version: '2.0',
      signedDate: now,
      ...body,
      ...o.extra,
    };
    return { signedPayload: this.sign(payload), notificationUUID: payload.notificationUUID };
  }

  /** The next API request gets exactly this answer (e.g. a forged or swapped signedTransactionInfo). */
  answerNextApiCall(response: SimResponse): void {
    this.failures.push(response);
  }

  /** The next API request gets this HTTP status and Apple errorCode instead. */
  failNextApiCall(status: number, errorCode?: number): void {
    this.failures.push({ status, body: errorCode === undefined ? undefined : { errorCode, errorMessage: 'Simulated failure.' } });
  }

  private handle(req: SimRequest): SimResponse {
    if (!this.authorized(req)) return { status: 401 };
    this.authorizedCalls += 1;
    const failure = this.failures.shift();
    if (failure) return failure;
    // Apple runs two hosts; here `/sandbox/...` is the sandbox host, the rest is this store's own environment.
    const sandboxHost = req.path.startsWith('/sandbox/');
    const path = sandboxHost ? req.path.slice('/sandbox'.length) : req.path;
    const hostEnvironment = sandboxHost ? 'Sandbox' : this.opts.environment;
    const one = /^\/inApps\/v1\/transactions\/([^/]+)$/.exec(path);
    const history = /^\/inApps\/v2\/history\/([^/]+)$/.exec(path);
    const statuses = /^\/inApps\/v1\/subscriptions\/([^/]+)$/.exec(path);
    const id = one?.[1] ?? history?.[1] ?? statuses?.[1];
    if (req.method !== 'GET' || !id) return { status: 404, body: { errorCode: 4040000, errorMessage: 'Not found.' } };
    if (!/^\d+$/.test(id)) return { status: 400, body: { errorCode: 4000006, errorMessage: 'Invalid transaction id.' } };
    const tx = this.transactions.get(id);
    if (!tx || tx.environment !== hostEnvironment) return { status: 404, body: { errorCode: 4040010, errorMessage: 'Transaction id not found.' } };
    if (statuses) return this.subscriptions.statusResponse(id, hostEnvironment) ?? { status: 404, body: { errorCode: 4040010, errorMessage: 'Transaction id not found.' } };
    const signedNow = (t: Record<string, unknown>) => this.sign({ ...t, signedDate: this.opts.now() });
    if (one) return { status: 200, body: { signedTransactionInfo: signedNow(tx) } };
    const related = [...this.transactions.values()].filter((t) => t.originalTransactionId === tx.originalTransactionId);
    return { status: 200, body: { revision: 'sim', hasMore: false, bundleId: this.opts.bundleId, appAppleId: this.opts.appAppleId, environment: this.opts.environment, signedTransactions: related.map(signedNow) } };
  }

  /** ES256 bearer JWT with our key: header kid, claims iss/aud/bid, not expired. */
  private authorized(req: SimRequest): boolean {
    const [h, p, s] = (bearerOf(req.headers) ?? '').split('.');
    if (!h || !p || !s) return false;
    try {
      const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as Record<string, unknown>;
      const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
      const nowS = this.opts.now() / 1000;
      return header.alg === 'ES256' && header.kid === this.apiKey.keyId &&
        verify('sha256', Buffer.from(`${h}.${p}`), { key: this.apiPublicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(s, 'base64url')) &&
        claims.iss === this.apiKey.issuerId && claims.aud === 'appstoreconnect-v1' && claims.bid === this.opts.bundleId &&
        typeof claims.exp === 'number' && claims.exp > nowS && typeof claims.iat === 'number' && claims.iat <= nowS + 60;
    } catch {
      return false;
    }
  }
}

export function startAppStoreSimulator(opts: AppStoreSimulatorOptions): Promise<AppStoreSimulator> {
  return AppStoreSimulator.start(opts);
}
