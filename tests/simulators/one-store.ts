import { randomBytes } from 'node:crypto';
import { bearerOf, startLoopbackServer, type SimRequest, type SimResponse } from './http';
import { generateRsaLicenceKey, signText, type RsaLicenceKey } from './keys';

export interface OneStoreSimulatorOptions {
  packageName: string;
  environment?: 'sandbox' | 'production';
  marketCode?: 'MKT_ONE' | 'MKT_GLB';
  now?: () => number;
  tokenLifetimeS?: number;
}

export interface OneStorePurchaseRecord {
  productId: string;
  purchaseId: string;
  purchaseToken: string;
  orderId: string;
  purchaseTimeMs: number;
  developerPayload: string;
  quantity: number;
  /** 0 PURCHASED, 1 CANCEL, 2 REFUND. */
  purchaseState: 0 | 1 | 2;
  acknowledgeState: 0 | 1;
  consumptionState: 0 | 1;
}

/**
 * A scripted auto-renewing subscription as ONE store's getSubscriptionDetail shows it. Fields
 * follow the ONE store v21 "Subscriptions" guide (expiryTimeMillis, autoRenewing,
 * acknowledgementState: confirmed) and, where it is silent, Google Play's v1 SubscriptionPurchase
 * that the guide mirrors (paymentState, autoResumeTimeMillis, purchaseState, lastPurchaseId,
 * price: UNCONFIRMED, see server/src/markets/one-store/subscription-detail.ts).
 */
export interface OneStoreSubscriptionRecord {
  productId: string;
  purchaseToken: string;
  /** The first charge's purchase id (in the signed PurchaseData). */
  purchaseId: string;
  /** The current period's charge. */
  lastPurchaseId: string;
  developerPayload: string;
  startTimeMs: number;
  expiryTimeMs: number;
  periodMs: number;
  autoRenewing: boolean;
  /** 0 payment pending (renewal failed), 1 received, 2 free trial. */
  paymentState: 0 | 1 | 2;
  /** Set while paused: when it resumes. */
  autoResumeTimeMs?: number;
  /** 0 purchased, 1 canceled, 2 refunded. */
  purchaseState: 0 | 1 | 2;
  acknowledgementState: 0 | 1;
  price: string;
  currency: string;
  /** Set on the subscription a product conversion created: the token it replaced. */
  linkedPurchaseToken?: string;
}

/** The SNS types the simulator sends (ONE store v21 guide; see server/src/markets/one-store/sns.ts). */
export type OneStoreSnsType =
  | 'SUBSCRIPTION_PURCHASED' | 'SUBSCRIPTION_RENEWED' | 'SUBSCRIPTION_RECOVERED' | 'SUBSCRIPTION_IN_GRACE_PERIOD'
  | 'SUBSCRIPTION_ON_HOLD' | 'SUBSCRIPTION_PAUSED' | 'SUBSCRIPTION_PAUSE_SCHEDULE_CHANGED' | 'SUBSCRIPTION_CANCELED'
  | 'SUBSCRIPTION_RESTARTED' | 'SUBSCRIPTION_EXPIRED' | 'SUBSCRIPTION_REVOKED' | (string & {});

const THREE_DAYS_MS = 3 * 86_400_000;

/**
 * A local ONE store: licence key, SHA512withRSA-signed PurchaseData, and the V7 server API
 * (OAuth client credentials, purchase details, consume, acknowledge at /purchases/all/) with
 * the x-market-code header, error envelopes and the 3-day auto-refund on an injected clock.
 * Subscriptions (issue #16): getSubscriptionDetail and SNS messages signed like PNS, built from
 * ONE store developer guide v21 "Subscriptions" (onestore-dev.gitbook.io/dev/eng/tools/tools/v21/subscriptions);
 * what that guide does not show follows Google Play's v1 subscription model it mirrors (marked UNCONFIRMED).
 */
export class OneStoreSimulator {
  readonly key: RsaLicenceKey = generateRsaLicenceKey();
  readonly clientId: string;
  readonly clientSecret = randomBytes(16).toString('hex');
  readonly purchases = new Map<string, OneStorePurchaseRecord>();
  readonly subscriptions = new Map<string, OneStoreSubscriptionRecord>();
  tokensIssued = 0;
  private readonly tokens = new Map<string, number>();
  private readonly failures: SimResponse[] = [];
  private seq = 4560;

  private constructor(readonly opts: Required<OneStoreSimulatorOptions>, readonly origin: string, readonly close: () => Promise<void>) {
    this.clientId = opts.packageName;
  }

  static async start(options: OneStoreSimulatorOptions): Promise<OneStoreSimulator> {
    const opts = { environment: 'sandbox' as const, marketCode: 'MKT_ONE' as const, now: Date.now, tokenLifetimeS: 3600, ...options };
    const holder: { sim?: OneStoreSimulator } = {};
    const server = await startLoopbackServer((req) => holder.sim!.handle(req));
    holder.sim = new OneStoreSimulator(opts, server.origin, server.close);
    return holder.sim;
  }

  get licenceKey(): string {
    return this.key.licenceKey;
  }

  get baseUrl(): string {
    return this.origin;
  }

  marketConfig(extra: { allowTestPurchases?: boolean; online?: boolean; marketCode?: 'MKT_ONE' | 'MKT_GLB' } = {}) {
    return {
      packageName: this.opts.packageName,
      licenceKey: this.licenceKey,
      allowTestPurchases: extra.allowTestPurchases ?? this.opts.environment === 'sandbox',
      ...(extra.online === false ? {} : {
        serverApi: { clientId: this.clientId, clientSecret: this.clientSecret, environment: this.opts.environment, baseUrl: this.baseUrl, marketCode: extra.marketCode ?? this.opts.marketCode },
      }),
    };
  }

  purchase(input: { productId: string; developerPayload?: string; quantity?: number }) {
    this.seq += 1;
    const prefix = this.opts.environment === 'sandbox' ? 'SANDBOX' : '';
    const record: OneStorePurchaseRecord = {
      productId: input.productId,
      purchaseId: `${prefix}300000000${this.seq}`,
      purchaseToken: `${prefix}${randomBytes(18).toString('hex')}`,
      orderId: `ONESTORE${this.seq}`,
      purchaseTimeMs: this.opts.now(),
      developerPayload: input.developerPayload ?? '',
      quantity: input.quantity ?? 1,
      purchaseState: 0,
      acknowledgeState: 0,
      consumptionState: 0,
    };
    this.purchases.set(record.purchaseToken, record);
    return { ...this.receiptOf(record), purchaseToken: record.purchaseToken, purchaseId: record.purchaseId };
  }

  /** PurchaseData JSON (client view) signed SHA512withRSA over its exact bytes. */
  receiptOf(r: OneStorePurchaseRecord): { originalJson: string; signature: string } {
    const originalJson = JSON.stringify({
      orderId: r.orderId, packageName: this.opts.packageName, productId: r.productId, purchaseTime: r.purchaseTimeMs,
      purchaseId: r.purchaseId, purchaseToken: r.purchaseToken, developerPayload: r.developerPayload, purchaseState: r.purchaseState,
      recurringState: -1, acknowledgeState: r.acknowledgeState, quantity: r.quantity,
    });
    return { originalJson, signature: this.sign(originalJson) };
  }

  /** A new auto-renewing subscription: the signed PurchaseData (recurringState 0) and its token. */
  subscribe(input: { productId: string; developerPayload?: string; periodMs: number; price?: string; currency?: string; freeTrial?: boolean }) {
    this.seq += 1;
    const prefix = this.opts.environment === 'sandbox' ? 'SANDBOX' : '';
    const now = this.opts.now();
    const purchaseId = `${prefix}300000000${this.seq}`;
    const record: OneStoreSubscriptionRecord = {
      productId: input.productId, purchaseToken: `${prefix}${randomBytes(18).toString('hex')}`, purchaseId, lastPurchaseId: purchaseId,
      developerPayload: input.developerPayload ?? '', startTimeMs: now, expiryTimeMs: now + input.periodMs, periodMs: input.periodMs,
      autoRenewing: true, paymentState: input.freeTrial ? 2 : 1, purchaseState: 0, acknowledgementState: 0,
      price: input.price ?? '5500', currency: input.currency ?? 'KRW',
    };
    this.subscriptions.set(record.purchaseToken, record);
    const originalJson = JSON.stringify({
      orderId: `ONESTORE${this.seq}`, packageName: this.opts.packageName, productId: record.productId, purchaseTime: now, purchaseId,
      purchaseToken: record.purchaseToken, developerPayload: record.developerPayload, purchaseState: 0, recurringState: 0, acknowledgeState: 0, quantity: 1,
    });
    return { originalJson, signature: this.sign(originalJson), purchaseToken: record.purchaseToken, purchaseId };
  }

  subscription(purchaseToken: string): OneStoreSubscriptionRecord {
    this.autoRefund();
    const r = this.subscriptions.get(purchaseToken);
    if (!r) throw new Error(`no simulated ONE store subscription ${purchaseToken}`);
    return r;
  }

  /**
   * A product conversion (upgrade / downgrade): the old subscription ends now, a new token names
   * it as linkedPurchaseToken (as Play's replacement does, which the guide mirrors: UNCONFIRMED).
   * Returns the new subscription's receipt and the SNS the store sends for it.
   */
  convert(oldToken: string, input: { productId: string; periodMs: number; price?: string }) {
    const old = this.subscription(oldToken);
    old.autoRenewing = false;
    old.expiryTimeMs = Math.min(old.expiryTimeMs, this.opts.now());
    const next = this.subscribe({ productId: input.productId, developerPayload: old.developerPayload, periodMs: input.periodMs, price: input.price });
    this.subscription(next.purchaseToken).linkedPurchaseToken = oldToken;
    return { ...next, sns: this.sns(next.purchaseToken, 'SUBSCRIPTION_PURCHASED') };
  }

  /** The store charged the next period (also from grace). Returns the SNS the store sends. */
  renew(purchaseToken: string, type: OneStoreSnsType = 'SUBSCRIPTION_RENEWED') {
    const r = this.subscription(purchaseToken);
    this.seq += 1;
    r.lastPurchaseId = `${r.purchaseId.replace(/\d+$/, '')}300000000${this.seq}`;
    r.expiryTimeMs = Math.max(r.expiryTimeMs, this.opts.now()) + r.periodMs;
    r.paymentState = 1;
    r.autoResumeTimeMs = undefined;
    return this.sns(purchaseToken, type);
  }

  /** The renewal charge failed; access kept for `graceMs` while the store retries. */
  failRenewal(purchaseToken: string, graceMs: number) {
    const r = this.subscription(purchaseToken);
    r.paymentState = 0;
    r.expiryTimeMs = this.opts.now() + graceMs;
    return this.sns(purchaseToken, 'SUBSCRIPTION_IN_GRACE_PERIOD');
  }

  /** Grace over, still failing: access ends while the store retries. */
  hold(purchaseToken: string) {
    const r = this.subscription(purchaseToken);
    r.paymentState = 0;
    r.expiryTimeMs = Math.min(r.expiryTimeMs, this.opts.now());
    return this.sns(purchaseToken, 'SUBSCRIPTION_ON_HOLD');
  }

  /** A failed renewal went through after all. */
  recover(purchaseToken: string) {
    return this.renew(purchaseToken, 'SUBSCRIPTION_RECOVERED');
  }

  cancel(purchaseToken: string) {
    this.subscription(purchaseToken).autoRenewing = false;
    return this.sns(purchaseToken, 'SUBSCRIPTION_CANCELED');
  }

  restart(purchaseToken: string) {
    this.subscription(purchaseToken).autoRenewing = true;
    return this.sns(purchaseToken, 'SUBSCRIPTION_RESTARTED');
  }

  /** Paused now until `resumeAtMs` (the paid period is over). */
  pause(purchaseToken: string, resumeAtMs: number) {
    const r = this.subscription(purchaseToken);
    r.expiryTimeMs = Math.min(r.expiryTimeMs, this.opts.now());
    r.autoResumeTimeMs = resumeAtMs;
    return this.sns(purchaseToken, 'SUBSCRIPTION_PAUSED');
  }

  /** Resumed: charged for a new period (Play, which the guide mirrors, sends RENEWED). */
  resume(purchaseToken: string) {
    return this.renew(purchaseToken, 'SUBSCRIPTION_RENEWED');
  }

  /** Ended: no more renewals (after a cancel, or the store gave up on a hold). */
  expire(purchaseToken: string) {
    const r = this.subscription(purchaseToken);
    r.autoRenewing = false;
    r.expiryTimeMs = Math.min(r.expiryTimeMs, this.opts.now());
    return this.sns(purchaseToken, 'SUBSCRIPTION_EXPIRED');
  }

  /** Refunded / revoked by the store: access ends now. */
  refundSubscription(purchaseToken: string) {
    const r = this.subscription(purchaseToken);
    r.purchaseState = 2;
    r.autoRenewing = false;
    r.expiryTimeMs = Math.min(r.expiryTimeMs, this.opts.now());
    return this.sns(purchaseToken, 'SUBSCRIPTION_REVOKED');
  }

  /** getSubscriptionDetail's answer for the record now. */
  subscriptionDetail(purchaseToken: string): Record<string, unknown> {
    const r = this.subscription(purchaseToken);
    return {
      startTimeMillis: r.startTimeMs, expiryTimeMillis: r.expiryTimeMs, autoRenewing: r.autoRenewing, paymentState: r.paymentState,
      ...(r.autoResumeTimeMs !== undefined ? { autoResumeTimeMillis: r.autoResumeTimeMs } : {}),
      purchaseState: r.purchaseState, acknowledgementState: r.acknowledgementState, lastPurchaseId: r.lastPurchaseId,
      developerPayload: r.developerPayload, price: r.price, priceCurrencyCode: r.currency,
      ...(r.linkedPurchaseToken ? { linkedPurchaseToken: r.linkedPurchaseToken } : {}),
    };
  }

  /**
   * An SNS message for the subscription now, signed like PNS (SHA512withRSA with the licence key
   * over the JSON without `signature`). The member names are UNCONFIRMED (see sns.ts).
   */
  sns(purchaseToken: string, notificationType: OneStoreSnsType, opts: { signed?: boolean; eventTimeMs?: number } = {}) {
    const r = this.subscription(purchaseToken);
    const sandbox = this.opts.environment === 'sandbox';
    const message: Record<string, unknown> = {
      msgVersion: sandbox ? '3.1.0D' : '3.1.0', clientId: this.clientId, productId: r.productId, messageType: 'SUBSCRIPTION_NOTIFICATION',
      notificationType, purchaseId: r.lastPurchaseId, purchaseToken: r.purchaseToken, eventTimeMillis: opts.eventTimeMs ?? this.opts.now(),
      environment: sandbox ? 'SANDBOX' : 'COMMERCIAL', marketCode: this.opts.marketCode,
    };
    if (opts.signed !== false) message.signature = this.sign(JSON.stringify(message));
    return message;
  }

  sign(text: string): string {
    return signText(text, this.key.privateKey, 'sha512');
  }

  refund(purchaseToken: string): void {
    this.record(purchaseToken).purchaseState = 2;
  }

  record(purchaseToken: string): OneStorePurchaseRecord {
    this.autoRefund();
    const r = this.purchases.get(purchaseToken);
    if (!r) throw new Error(`no simulated ONE store purchase ${purchaseToken}`);
    return r;
  }

  /** Every issued access token is now expired: the next call gets 401 AccessTokenExpired. */
  expireAccessTokens(): void {
    for (const token of this.tokens.keys()) this.tokens.set(token, 0);
  }

  failNextApiCall(status: number, code: string): void {
    this.failures.push(oneError(status, code));
  }

  /**
   * A PNS message (v3.0.0[D]). Its `signature` is SHA512withRSA over the JSON without the
   * signature member — UNCONFIRMED with ONE store (STORES.md §3.2), so it is optional here.
   */
  pns(purchaseToken: string, purchaseState: 'COMPLETED' | 'CANCELED', opts: { signed?: boolean } = {}) {
    const r = this.record(purchaseToken);
    const sandbox = this.opts.environment === 'sandbox';
    const message: Record<string, unknown> = {
      msgVersion: sandbox ? '3.0.0D' : '3.0.0', packageName: this.opts.packageName, productId: r.productId, messageType: 'SINGLE_PAYMENT_TRANSACTION',
      purchaseId: r.purchaseId, developerPayload: r.developerPayload, purchaseTimeMillis: r.purchaseTimeMs, purchaseState, price: '1200',
      priceCurrencyCode: 'KRW', productName: r.productId, paymentTypeList: [{ paymentMethod: 'DCB', amount: '1200' }], billingKey: '',
      isTestMdn: sandbox, purchaseToken: r.purchaseToken, environment: sandbox ? 'SANDBOX' : 'COMMERCIAL', marketCode: this.opts.marketCode,
    };
    if (opts.signed !== false) message.signature = this.sign(JSON.stringify(message));
    return message;
  }

  private autoRefund(): void {
    for (const r of this.purchases.values()) {
      if (r.purchaseState === 0 && r.acknowledgeState === 0 && r.consumptionState === 0 && this.opts.now() - r.purchaseTimeMs > THREE_DAYS_MS) r.purchaseState = 2;
    }
    // Subscriptions have the same 3-day acknowledge deadline.
    for (const r of this.subscriptions.values()) {
      if (r.purchaseState === 0 && r.acknowledgementState === 0 && this.opts.now() - r.startTimeMs > THREE_DAYS_MS) {
        r.purchaseState = 2;
        r.autoRenewing = false;
        r.expiryTimeMs = Math.min(r.expiryTimeMs, r.startTimeMs + THREE_DAYS_MS);
      }
    }
  }

  private handle(req: SimRequest): SimResponse {
    if (req.method === 'POST' && req.path === '/v7/oauth/token') return this.issueToken(req);
    if (!req.path.startsWith('/v7/apps/')) return { status: 404, body: '<html>404 Not Found</html>' };
    if (req.headers.authorization?.startsWith('bearer ')) return oneError(401, 'InvalidAccessToken');
    const expires = this.tokens.get(bearerOf(req.headers) ?? '');
    if (expires === undefined) return oneError(401, 'InvalidAccessToken');
    if (expires <= this.opts.now()) return oneError(401, 'AccessTokenExpired');
    const failure = this.failures.shift();
    if (failure) return failure;
    if (req.path.includes('%2F')) return { status: 404, body: '<html>404 Not Found</html>' };
    const m = /^\/v7\/apps\/([^/]+)\/purchases\/(inapp|all|subscription)\/products\/([^/]+)\/([^/]+)(?:\/(consume|acknowledge))?$/.exec(req.path);
    if (!m) return oneError(404, 'NoSuchData');
    const [, clientId, kind, productId, token, action] = m.map((s) => (s === undefined ? s : decodeURIComponent(s))) as [string, string, string, string, string, string | undefined];
    this.autoRefund();
    const sub = this.subscriptions.get(token);
    if (sub) return this.handleSubscription(req, { clientId, kind, productId, action }, sub);
    const r = kind === 'subscription' ? undefined : this.purchases.get(token);
    // A wrong market code or client id looks exactly like a missing purchase.
    if (!r || clientId !== this.clientId || r.productId !== productId || req.headers['x-market-code'] !== this.opts.marketCode) return oneError(404, 'NoSuchData');
    if (!action && req.method === 'GET' && kind === 'inapp') {
      return { status: 200, body: { consumptionState: r.consumptionState, developerPayload: r.developerPayload, purchaseState: r.purchaseState, purchaseTime: r.purchaseTimeMs, purchaseId: r.purchaseId, acknowledgeState: r.acknowledgeState, quantity: r.quantity } };
    }
    if (req.method !== 'POST' || (action === 'consume') !== (kind === 'inapp')) return oneError(404, 'NoSuchData');
    if (r.purchaseState !== 0) return oneError(409, 'InvalidPurchaseState');
    if (action === 'consume') {
      if (r.consumptionState === 1) return oneError(409, 'InvalidPurchaseState');
      r.consumptionState = 1;
      r.acknowledgeState = 1;
    } else {
      if (r.acknowledgeState === 1) return oneError(409, 'InvalidPurchaseState');
      r.acknowledgeState = 1;
    }
    return { status: 200, body: {} };
  }

  /** A subscription is read at `/subscription/` only (never `/inapp/`) and acknowledged at `/all/`. */
  private handleSubscription(req: SimRequest, p: { clientId: string; kind: string; productId: string; action?: string }, r: OneStoreSubscriptionRecord): SimResponse {
    if (p.clientId !== this.clientId || r.productId !== p.productId || req.headers['x-market-code'] !== this.opts.marketCode) return oneError(404, 'NoSuchData');
    if (req.method === 'GET' && !p.action && p.kind === 'subscription') return { status: 200, body: this.subscriptionDetail(r.purchaseToken) };
    if (req.method === 'POST' && p.action === 'acknowledge' && p.kind === 'all') {
      if (r.purchaseState !== 0 || r.acknowledgementState === 1) return oneError(409, 'InvalidPurchaseState');
      r.acknowledgementState = 1;
      return { status: 200, body: {} };
    }
    return oneError(404, 'NoSuchData');
  }

  private issueToken(req: SimRequest): SimResponse {
    const form = new URLSearchParams(req.rawBody);
    if (form.get('grant_type') !== 'client_credentials' || form.get('client_id') !== this.clientId || form.get('client_secret') !== this.clientSecret) {
      return oneError(401, 'InvalidClient');
    }
    this.tokensIssued += 1;
    const token = randomBytes(20).toString('hex');
    this.tokens.set(token, this.opts.now() + this.opts.tokenLifetimeS * 1000);
    return { status: 200, body: { client_id: this.clientId, access_token: token, token_type: 'bearer', expires_in: this.opts.tokenLifetimeS, scope: 'DEFAULT' } };
  }
}

function oneError(status: number, code: string): SimResponse {
  return { status, body: { error: { code, message: code } } };
}

export function startOneStoreSimulator(opts: OneStoreSimulatorOptions): Promise<OneStoreSimulator> {
  return OneStoreSimulator.start(opts);
}
