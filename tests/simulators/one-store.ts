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

const THREE_DAYS_MS = 3 * 86_400_000;

/**
 * A local ONE store: licence key, SHA512withRSA-signed PurchaseData, and the V7 server API
 * (OAuth client credentials, purchase details, consume, acknowledge at /purchases/all/) with
 * the x-market-code header, error envelopes and the 3-day auto-refund on an injected clock.
 */
export class OneStoreSimulator {
  readonly key: RsaLicenceKey = generateRsaLicenceKey();
  readonly clientId: string;
  readonly clientSecret = randomBytes(16).toString('hex');
  readonly purchases = new Map<string, OneStorePurchaseRecord>();
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
    const m = /^\/v7\/apps\/([^/]+)\/purchases\/(inapp|all)\/products\/([^/]+)\/([^/]+)(?:\/(consume|acknowledge))?$/.exec(req.path);
    if (!m) return oneError(404, 'NoSuchData');
    const [, clientId, kind, productId, token, action] = m.map((s) => (s === undefined ? s : decodeURIComponent(s))) as [string, string, string, string, string, string | undefined];
    this.autoRefund();
    const r = this.purchases.get(token);
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
