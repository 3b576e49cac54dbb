import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { bearerOf, startLoopbackServer, type SimRequest, type SimResponse } from './http';
import { generateRsaLicenceKey, signText, verifyRs256Jwt, type RsaLicenceKey } from './keys';
import { GooglePurchaseBook, type GooglePurchaseRecord } from './google-play-records';
import { GooglePushAuthority } from './google-push-auth';
import { googleError, productPurchase, pubsubEnvelope, subscriptionOrder, subscriptionPurchaseV2 } from './google-play-wire';
import { GoogleSubscriptionBook, type GoogleSubscribeInput, type GoogleSubscriptionRecord } from './google-play-subscriptions';

export interface GooglePlaySimulatorOptions {
  packageName: string;
  /** Injected clock (ms). Drives purchase times, token expiry and the 3-day auto-refund. */
  now?: () => number;
  /** Lifetime of issued access tokens in seconds (default 3600). */
  tokenLifetimeS?: number;
}

export interface GooglePurchaseInput {
  productId: string;
  obfuscatedAccountId?: string;
  obfuscatedProfileId?: string;
  developerPayload?: string;
  quantity?: number;
  /** Starts as a pending (slow payment) purchase: raw purchaseState 4, no orderId. */
  pending?: boolean;
  /** A licence-tester purchase: the Developer API reports purchaseType 0. */
  test?: boolean;
  /** A promo-code redemption (started in the Play Store): the Developer API reports purchaseType 1. */
  promo?: boolean;
}

export interface SignedGoogleReceipt {
  originalJson: string;
  signature: string;
  purchaseToken: string;
  orderId?: string;
}

const SCOPE = 'https://www.googleapis.com/auth/androidpublisher';
/** Google requires the assertion's aud to be its token endpoint, whatever URL it was posted to (developers.google.com/identity/protocols/oauth2/service-account). */
const GOOGLE_TOKEN_AUDIENCE = 'https://oauth2.googleapis.com/token';
const API_PREFIX = '/androidpublisher/v3/applications/';

/**
 * A local Google Play: signs purchase JSON with its own licence key (SHA1withRSA, exact bytes),
 * and serves the Developer API (products get/acknowledge/consume, voidedpurchases,
 * subscriptionsv2 get, subscriptions acknowledge, orders get) plus an
 * OAuth jwt-bearer token endpoint on 127.0.0.1.
 */
export class GooglePlaySimulator {
  readonly book: GooglePurchaseBook;
  /** Subscriptions (purchases.subscriptionsv2), scripted through the methods below. */
  readonly subs: GoogleSubscriptionBook;
  /** The service account lacks "view financial data": orders.get answers 403 (as Google does). */
  ordersForbidden = false;
  /** Grace period of the base plans (Play Console default 7 days; 0 = straight to account hold). */
  graceMs = 7 * 86_400_000;
  readonly key: RsaLicenceKey = generateRsaLicenceKey();
  readonly serviceAccount: { client_email: string; private_key: string; token_uri: string };
  /** Number of access tokens issued so far (tests assert re-issue). */
  tokensIssued = 0;
  /** Voided purchases per page (the API's maxResults default is 1000); lower it to test paging. */
  voidedPageSize = 1000;
  private readonly accessTokens = new Map<string, number>();
  private readonly serviceAccountPublicKey: KeyObject;
  private readonly failures: SimResponse[] = [];
  private readonly now: () => number;

  private constructor(
    readonly packageName: string,
    readonly origin: string,
    opts: GooglePlaySimulatorOptions,
    /** RTDN push authentication: `pushAuth.mint(audience)`; certs at `pushCertsUrl`. */
    readonly pushAuth: GooglePushAuthority,
    readonly close: () => Promise<void>,
  ) {
    this.now = opts.now ?? Date.now;
    this.book = new GooglePurchaseBook(this.now);
    this.subs = new GoogleSubscriptionBook(packageName, this.book, this.now);
    const sa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.serviceAccountPublicKey = sa.publicKey;
    this.serviceAccount = {
      client_email: 'billing@sim-project.iam.gserviceaccount.com',
      private_key: sa.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      token_uri: `${origin}/token`,
    };
    this.tokenLifetimeS = opts.tokenLifetimeS ?? 3600;
  }
  private tokenLifetimeS: number;

  static async start(opts: GooglePlaySimulatorOptions): Promise<GooglePlaySimulator> {
    const holder: { sim?: GooglePlaySimulator } = {};
    const pushAuth = await GooglePushAuthority.create();
    const server = await startLoopbackServer((req) => holder.sim!.handle(req));
    holder.sim = new GooglePlaySimulator(opts.packageName, server.origin, opts, pushAuth, server.close);
    return holder.sim;
  }

  /** The Play Console licence key (base64 SPKI DER) to put in the market config. */
  get licenceKey(): string {
    return this.key.licenceKey;
  }

  /** androidpublisher rootUrl (with trailing slash). */
  get baseUrl(): string {
    return `${this.origin}/`;
  }

  get tokenUrl(): string {
    return this.serviceAccount.token_uri;
  }

  /** For `new OAuth2Client({ endpoints: { oauth2FederatedSignonPemCertsUrl } })`. */
  get pushCertsUrl(): string {
    return `${this.origin}/oauth2/v1/certs`;
  }

  /** A ready `google-play` market configuration pointing at this simulator. */
  marketConfig(extra: { allowTestPurchases?: boolean; online?: boolean } = {}) {
    return {
      packageName: this.packageName,
      licenceKey: this.licenceKey,
      ...(extra.allowTestPurchases !== undefined ? { allowTestPurchases: extra.allowTestPurchases } : {}),
      ...(extra.online === false ? {} : { developerApi: { serviceAccount: this.serviceAccount, rootUrl: this.baseUrl, tokenUrl: this.tokenUrl } }),
    };
  }

  /** A purchase as Play Billing hands it to the app, recorded on the store side. */
  purchase(input: GooglePurchaseInput): SignedGoogleReceipt {
    const record: GooglePurchaseRecord = {
      packageName: this.packageName,
      productId: input.productId,
      purchaseToken: this.book.newToken(),
      orderId: this.book.newOrderId(),
      purchaseTimeMs: this.now(),
      purchaseState: input.pending ? 2 : 0,
      acknowledged: false,
      consumed: false,
      test: input.test === true,
      ...(input.promo ? { promo: true } : {}),
      quantity: input.quantity ?? 1,
      obfuscatedAccountId: input.obfuscatedAccountId,
      obfuscatedProfileId: input.obfuscatedProfileId,
      developerPayload: input.developerPayload,
    };
    this.book.add(record);
    return this.receiptOf(record);
  }

  /** The client JSON of a record in its current state, signed like Play signs it. */
  receiptOf(record: GooglePurchaseRecord): SignedGoogleReceipt {
    const pending = record.purchaseState === 2;
    const json: Record<string, unknown> = {
      ...(pending ? {} : { orderId: record.orderId }),
      packageName: record.packageName,
      productId: record.productId,
      purchaseTime: record.purchaseTimeMs,
      purchaseState: pending ? 4 : 0,
      purchaseToken: record.purchaseToken,
      quantity: record.quantity,
      ...(record.obfuscatedAccountId ? { obfuscatedAccountId: record.obfuscatedAccountId } : {}),
      ...(record.obfuscatedProfileId ? { obfuscatedProfileId: record.obfuscatedProfileId } : {}),
      ...(record.developerPayload ? { developerPayload: record.developerPayload } : {}),
      acknowledged: record.acknowledged,
    };
    const originalJson = JSON.stringify(json);
    return { originalJson, signature: this.sign(originalJson), purchaseToken: record.purchaseToken, ...(pending ? {} : { orderId: record.orderId }) };
  }

  /** SHA1withRSA with this store's licence key over the exact string. */
  sign(originalJson: string): string {
    return signText(originalJson, this.key.privateKey, 'sha1');
  }

  /** The slow payment went through: PENDING → PURCHASED; returns the new client receipt. */
  completePending(purchaseToken: string): SignedGoogleReceipt {
    const record = this.record(purchaseToken);
    record.purchaseState = 0;
    record.purchaseTimeMs = this.now();
    return this.receiptOf(record);
  }

  /** The user or Google voided the purchase (refund, chargeback…). */
  refund(purchaseToken: string, voidedReason = 1): void {
    this.book.void(this.record(purchaseToken), voidedReason);
  }

  record(purchaseToken: string): GooglePurchaseRecord {
    const record = this.book.get(purchaseToken);
    if (!record) throw new Error(`no simulated Google purchase ${purchaseToken}`);
    return record;
  }

  /** The next API (not token) request gets this answer instead, e.g. a 503 or a 500 outage. */
  failNextApiCall(status: number, reason = 'backendError'): void {
    this.failures.push(googleError(status, reason, 'Simulated failure'));
  }

  /** Forget every issued access token: the next API call answers 401. */
  revokeAccessTokens(): void {
    this.accessTokens.clear();
  }

  /** An RTDN Pub/Sub push body for a one-time product event (1 purchased, 2 canceled). */
  oneTimeNotification(purchaseToken: string, notificationType: 1 | 2, sku = this.record(purchaseToken).productId) {
    return pubsubEnvelope({
      version: '1.0', packageName: this.packageName, eventTimeMillis: String(this.now()),
      oneTimeProductNotification: { version: '1.0', notificationType, purchaseToken, sku },
    });
  }

  /** An RTDN Pub/Sub push body for a voided purchase (refundType 1 full, 2 partial). */
  voidedNotification(purchaseToken: string, refundType: 1 | 2 = 1) {
    const record = this.record(purchaseToken);
    return pubsubEnvelope({
      version: '1.0', packageName: this.packageName, eventTimeMillis: String(this.now()),
      voidedPurchaseNotification: { purchaseToken, orderId: record.orderId, productType: 2, refundType },
    });
  }

  /** A subscription bought through Play Billing: the store record and the client's signed Purchase JSON. */
  subscribe(input: GoogleSubscribeInput): SignedGoogleReceipt {
    return this.subscriptionReceiptOf(this.subs.create(input));
  }

  subscription(purchaseToken: string): GoogleSubscriptionRecord {
    const record = this.subs.get(purchaseToken);
    if (!record) throw new Error(`no simulated Google subscription ${purchaseToken}`);
    return record;
  }

  /** Purchase JSON of a subscription as Play Billing hands it to the app (`autoRenewing` only on subscriptions). */
  subscriptionReceiptOf(r: GoogleSubscriptionRecord): SignedGoogleReceipt {
    const pending = r.state === 'SUBSCRIPTION_STATE_PENDING';
    const orderId = this.subs.latestOrderId(r);
    const json: Record<string, unknown> = {
      ...(orderId ? { orderId } : {}),
      packageName: r.packageName,
      productId: r.productId,
      purchaseTime: r.purchaseTimeMs,
      purchaseState: pending ? 4 : 0,
      purchaseToken: r.purchaseToken,
      quantity: 1,
      autoRenewing: r.autoRenew,
      ...(r.obfuscatedAccountId ? { obfuscatedAccountId: r.obfuscatedAccountId } : {}),
      ...(r.obfuscatedProfileId ? { obfuscatedProfileId: r.obfuscatedProfileId } : {}),
      acknowledged: r.acknowledged,
    };
    const originalJson = JSON.stringify(json);
    return { originalJson, signature: this.sign(originalJson), purchaseToken: r.purchaseToken, ...(orderId ? { orderId } : {}) };
  }

  /** The app acknowledged on the device (Play Billing `acknowledgePurchase`), not through the Developer API. */
  acknowledgeOnDevice(token: string): void {
    this.subscription(token).acknowledged = true;
  }

  // Scripted subscription life: each changes the store and returns the RTDN push Google sends for it.

  completeSubscriptionPending(token: string) { this.subs.completePending(this.subscription(token)); return this.subscriptionNotification(token, 4); }
  cancelSubscriptionPending(token: string) { this.subs.cancelPending(this.subscription(token)); return this.subscriptionNotification(token, 20); }
  renewSubscription(token: string) { this.subs.charge(this.subscription(token), 'paid-through'); return this.subscriptionNotification(token, 2); }
  /** The renewal charge failed: IN_GRACE_PERIOD (6), or ON_HOLD (5) when the base plan has no grace. */
  failSubscriptionRenewal(token: string) {
    this.subs.failRenewal(this.subscription(token), this.graceMs);
    return this.subscriptionNotification(token, this.graceMs > 0 ? 6 : 5);
  }
  holdSubscription(token: string) { this.subs.hold(this.subscription(token)); return this.subscriptionNotification(token, 5); }
  /** The retried charge went through: from grace the schedule stays, from hold the period restarts now. */
  recoverSubscription(token: string) {
    const r = this.subscription(token);
    this.subs.charge(r, r.state === 'SUBSCRIPTION_STATE_ON_HOLD' ? 'now' : 'paid-through');
    return this.subscriptionNotification(token, 1);
  }
  expireSubscription(token: string) { this.subs.expire(this.subscription(token)); return this.subscriptionNotification(token, 13); }
  cancelSubscription(token: string) { this.subs.cancel(this.subscription(token)); return this.subscriptionNotification(token, 3); }
  restartSubscription(token: string) { this.subs.restart(this.subscription(token)); return this.subscriptionNotification(token, 7); }
  schedulePause(token: string) { return this.subscriptionNotification(this.subscription(token).purchaseToken, 11); }
  pauseSubscription(token: string, pauseMs: number) { this.subs.pause(this.subscription(token), pauseMs); return this.subscriptionNotification(token, 10); }
  resumeSubscription(token: string) { this.subs.charge(this.subscription(token), 'now'); return this.subscriptionNotification(token, 1); }
  revokeSubscription(token: string) { this.subs.revoke(this.subscription(token)); return this.subscriptionNotification(token, 12); }
  deferSubscription(token: string, byMs: number) {
    const r = this.subscription(token);
    r.paidThroughMs += byMs;
    r.expiryMs = r.paidThroughMs;
    return this.subscriptionNotification(token, 9);
  }
  changeSubscriptionPrice(token: string, state: NonNullable<GoogleSubscriptionRecord['priceChangeState']>) {
    this.subscription(token).priceChangeState = state;
    return this.subscriptionNotification(token, 19);
  }

  /**
   * Upgrade / downgrade / crossgrade with an immediate replacement mode: a new token whose
   * linkedPurchaseToken is the old one; the old one ends now (replacementCancellation).
   */
  replaceSubscription(oldToken: string, input: Omit<GoogleSubscribeInput, 'linkedPurchaseToken'>) {
    const old = this.subscription(oldToken);
    const receipt = this.subscribe({ obfuscatedAccountId: old.obfuscatedAccountId, obfuscatedProfileId: old.obfuscatedProfileId, ...input, linkedPurchaseToken: oldToken });
    this.subs.expire(old, 'replacementCancellation');
    return { receipt, purchased: this.subscriptionNotification(receipt.purchaseToken, 4) };
  }

  /** An RTDN Pub/Sub push body for a subscription event (any notificationType, known or not). */
  subscriptionNotification(purchaseToken: string, notificationType: number) {
    return pubsubEnvelope({
      version: '1.0', packageName: this.packageName, eventTimeMillis: String(this.now()),
      subscriptionNotification: { version: '1.0', notificationType, purchaseToken },
    });
  }

  /** An RTDN Pub/Sub push body for a voided subscription (productType 1). */
  voidedSubscriptionNotification(purchaseToken: string) {
    const r = this.subscription(purchaseToken);
    return pubsubEnvelope({
      version: '1.0', packageName: this.packageName, eventTimeMillis: String(this.now()),
      voidedPurchaseNotification: { purchaseToken, orderId: this.subs.latestOrderId(r) ?? r.orderId, productType: 1, refundType: 1 },
    });
  }

  testNotification() {
    return pubsubEnvelope({ version: '1.0', packageName: this.packageName, eventTimeMillis: String(this.now()), testNotification: { version: '1.0' } });
  }

  private handle(req: SimRequest): SimResponse {
    if (req.method === 'POST' && req.path === '/token') return this.issueToken(req);
    if (req.method === 'GET' && req.path === '/oauth2/v1/certs') return { status: 200, body: this.pushAuth.certs(), headers: { 'cache-control': 'public, max-age=60' } };
    if (!req.path.startsWith(API_PREFIX)) return { status: 404, body: '<html>Not Found</html>' };
    const expires = this.accessTokens.get(bearerOf(req.headers) ?? '');
    if (expires === undefined || expires <= this.now()) return googleError(401, 'authError', 'Invalid Credentials');
    const failure = this.failures.shift();
    if (failure) return failure;
    return this.api(req);
  }

  private issueToken(req: SimRequest): SimResponse {
    const form = new URLSearchParams(req.rawBody);
    const claims = form.get('grant_type') === 'urn:ietf:params:oauth:grant-type:jwt-bearer'
      ? verifyRs256Jwt(form.get('assertion') ?? '', this.serviceAccountPublicKey)
      : undefined;
    // The assertion is signed on the server's wall clock and Google checks it against its own:
    // the simulated clock (purchase ages) does not apply to it.
    const wallS = Date.now() / 1000;
    const valid = claims && claims.iss === this.serviceAccount.client_email && claims.aud === GOOGLE_TOKEN_AUDIENCE && claims.scope === SCOPE &&
      typeof claims.exp === 'number' && typeof claims.iat === 'number' && claims.exp > wallS && claims.iat <= wallS + 300;
    if (!valid) return { status: 400, body: { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' } };
    this.tokensIssued += 1;
    const token = `ya29.sim-${this.tokensIssued}-${Math.random().toString(36).slice(2)}`;
    this.accessTokens.set(token, this.now() + this.tokenLifetimeS * 1000);
    return { status: 200, body: { access_token: token, expires_in: this.tokenLifetimeS, token_type: 'Bearer' } };
  }

  private api(req: SimRequest): SimResponse {
    const rest = decodeURIComponent(req.path.slice(API_PREFIX.length));
    const [pkg, ...parts] = rest.split('/');
    if (pkg !== this.packageName) return googleError(400, 'invalid', 'Invalid Value');
    if (req.method === 'GET' && parts.join('/') === 'purchases/voidedpurchases') return this.listVoided(req);
    const orderPath = /^orders\/([^/:]+)$/.exec(parts.join('/'));
    if (req.method === 'GET' && orderPath) {
      if (this.ordersForbidden) return googleError(403, 'permissionDenied', 'The caller does not have permission');
      const found = this.subs.order(orderPath[1]!);
      return found ? { status: 200, body: subscriptionOrder(found.subscription, found.order) } : googleError(404, 'notFound', 'The order was not found.');
    }
    const subscription = this.subscriptionApi(req, parts.join('/'));
    if (subscription) return subscription;
    const match = /^purchases\/products\/([^/]+)\/tokens\/([^/:]+)(?::(acknowledge|consume))?$/.exec(parts.join('/'));
    if (!match) return { status: 404, body: '<html>Not Found</html>' };
    const [, productId, token, action] = match as unknown as [string, string, string, string | undefined];
    const record = this.book.get(token);
    if (!record) return googleError(404, 'purchaseTokenNotFound', 'The purchase token was not found.');
    if (record.productId !== productId) return googleError(400, 'purchaseTokenDoesNotMatchProductId', 'The purchase token does not match the product ID.');
    if (req.method === 'GET' && !action) return { status: 200, body: productPurchase(record) };
    if (req.method !== 'POST' || !action) return googleError(405, 'methodNotAllowed', 'Method not allowed');
    if (record.purchaseState !== 0) return googleError(400, 'invalidPurchaseState', 'The purchase is not in a valid state to perform the desired operation.');
    if (action === 'acknowledge') {
      if (record.acknowledged) return googleError(400, 'invalidPurchaseState', 'The purchase is already acknowledged.');
      record.acknowledged = true;
      const body = req.rawBody ? (JSON.parse(req.rawBody) as { developerPayload?: string }) : {};
      if (body.developerPayload) record.developerPayload = body.developerPayload;
    } else {
      if (record.consumed) return googleError(400, 'invalidPurchaseState', 'The purchase is already consumed.');
      record.consumed = true;
      record.acknowledged = true;
    }
    return { status: 204 };
  }

  /** purchases.subscriptionsv2.get and purchases.subscriptions.acknowledge; undefined = not one of theirs. */
  private subscriptionApi(req: SimRequest, path: string): SimResponse | undefined {
    const get = /^purchases\/subscriptionsv2\/tokens\/([^/:]+)$/.exec(path);
    const ack = /^purchases\/subscriptions\/([^/]+)\/tokens\/([^/:]+):acknowledge$/.exec(path);
    if (!get && !ack) return undefined;
    const token = (get?.[1] ?? ack?.[2])!;
    const record = this.subs.get(token);
    if (!record) {
      // A one-time product's token is a token of this app, but not a subscription's.
      return this.book.get(token)
        ? googleError(400, 'invalid', 'Invalid Value')
        : googleError(404, 'purchaseTokenNotFound', 'The purchase token was not found.');
    }
    if (get) {
      if (req.method !== 'GET') return googleError(405, 'methodNotAllowed', 'Method not allowed');
      return { status: 200, body: subscriptionPurchaseV2(record, this.subs.latestOrderId(record)) };
    }
    if (req.method !== 'POST') return googleError(405, 'methodNotAllowed', 'Method not allowed');
    if (ack![1] !== record.productId) return googleError(400, 'purchaseTokenDoesNotMatchSubscriptionId', 'The purchase token does not match the subscription ID.');
    if (record.state === 'SUBSCRIPTION_STATE_PENDING' || record.state === 'SUBSCRIPTION_STATE_PENDING_PURCHASE_CANCELED' || record.state === 'SUBSCRIPTION_STATE_EXPIRED') {
      return googleError(400, 'invalidPurchaseState', 'The purchase is not in a valid state to perform the desired operation.');
    }
    if (record.acknowledged) return googleError(400, 'invalidPurchaseState', 'The subscription is already acknowledged.');
    record.acknowledged = true;
    // Google answers an acknowledge with 200 and an empty body.
    return { status: 200 };
  }

  private listVoided(req: SimRequest): SimResponse {
    const start = Number(req.query.get('startTime') ?? this.now() - 30 * 86_400_000);
    this.book.autoRefund();
    this.subs.applyClock();
    // type 0 (default) lists in-app purchases only; 1 adds subscriptions.
    const subscriptionTokens = req.query.get('type') === '1' ? new Set<string>() : new Set(this.subs.subscriptions.keys());
    const all = this.book.voided.filter((v) => !subscriptionTokens.has(v.purchaseToken)).filter((v) => Number(v.voidedTimeMillis) >= start);
    // Pages as the API does: `maxResults` (or the simulator's page size), an opaque `token` for the next page.
    const size = Math.min(Number(req.query.get('maxResults') ?? this.voidedPageSize), this.voidedPageSize);
    const token = req.query.get('token');
    const offset = token ? Number(Buffer.from(token, 'base64url').toString()) : 0;
    if (!Number.isInteger(offset) || offset < 0) return { status: 400, body: { error: { code: 400, message: 'Invalid Value', status: 'INVALID_ARGUMENT', errors: [{ reason: 'invalid', location: 'token' }] } } };
    const page = all.slice(offset, offset + size);
    const next = offset + size < all.length ? Buffer.from(String(offset + size)).toString('base64url') : undefined;
    return { status: 200, body: { voidedPurchases: page, ...(next ? { tokenPagination: { nextPageToken: next } } : {}) } };
  }
}

export function startGooglePlaySimulator(opts: GooglePlaySimulatorOptions): Promise<GooglePlaySimulator> {
  return GooglePlaySimulator.start(opts);
}
