import { androidpublisher, auth, type androidpublisher_v3 } from '@googleapis/androidpublisher';
import { BillingError } from '../../../../assets/common-billing/protocol/error-codes';
import type { MarketContext, StorePurchaseRef, StorePurchaseStatus, StoreServerApi } from '../types';
import { storeHttpError, transient, type StoreCallPhase } from '../shared/store-http-errors';
import { ServiceAccountTokenSource } from './service-account-token';
import {
  ANDROIDPUBLISHER_SCOPE, DEFAULT_ANDROIDPUBLISHER_ROOT, DEFAULT_GOOGLE_TOKEN_URL, GOOGLE_PLAY_MARKET_ID,
  type GoogleDeveloperApiConfig,
} from './config';

type ProductPurchase = androidpublisher_v3.Schema$ProductPurchase;
export type SubscriptionPurchaseV2 = androidpublisher_v3.Schema$SubscriptionPurchaseV2;
export type PlayOrder = androidpublisher_v3.Schema$Order;

/** Developer API v1 ProductPurchase.purchaseState: 0 Purchased, 1 Canceled, 2 Pending. */
const API_STATE: Record<number, StorePurchaseStatus['state']> = { 0: 'PURCHASED', 1: 'CANCELED', 2: 'PENDING' };
/** purchaseType 0 = licence-tester purchase (absent for real ones). */
const PURCHASE_TYPE_TEST = 0;

/**
 * Google Play Developer API (purchases.products get / acknowledge / consume) through the
 * generated `@googleapis/androidpublisher` client. rootUrl and the token URL come from config,
 * which is all that changes when tests talk to the simulator.
 */
export class GooglePlayDeveloperApi implements StoreServerApi {
  private readonly api: androidpublisher_v3.Androidpublisher;
  private readonly oauth = new auth.OAuth2();
  private readonly tokens: ServiceAccountTokenSource;

  constructor(private readonly packageName: string, config: GoogleDeveloperApiConfig, ctx: Pick<MarketContext, 'now' | 'fetch'>) {
    const tokenUrl = config.tokenUrl ?? config.serviceAccount.token_uri ?? DEFAULT_GOOGLE_TOKEN_URL;
    this.tokens = new ServiceAccountTokenSource(config.serviceAccount, tokenUrl, ANDROIDPUBLISHER_SCOPE, ctx);
    // retry:false — the core owns retries (the error says retryable); gaxios must not stall a request.
    this.api = androidpublisher({ version: 'v3', auth: this.oauth, rootUrl: config.rootUrl ?? DEFAULT_ANDROIDPUBLISHER_ROOT, retry: false });
  }

  /**
   * purchases.products.get, mapped to a StorePurchaseStatus; a subscription's token is read with
   * purchases.subscriptionsv2.get instead (products.get does not know subscription tokens).
   */
  async getPurchase(ref: StorePurchaseRef, phase: StoreCallPhase = 'api'): Promise<StorePurchaseStatus> {
    if (ref.productType === 'subscription') return subscriptionStatus(await this.getSubscription(ref.purchaseToken, phase));
    const raw = await this.call(phase, () => this.api.purchases.products.get(this.params(ref)));
    return toStatus(raw.data);
  }

  /**
   * purchases.products.acknowledge, or purchases.subscriptions.acknowledge for a subscription:
   * Play refunds either one left unacknowledged for 3 days (STORES.md §1.2).
   */
  async acknowledge(ref: StorePurchaseRef): Promise<void> {
    const requestBody = ref.developerPayload ? { developerPayload: ref.developerPayload } : {};
    if (ref.productType === 'subscription') {
      const params = { packageName: this.packageName, subscriptionId: ref.marketProductId, token: ref.purchaseToken, requestBody };
      await this.call('api', () => this.api.purchases.subscriptions.acknowledge(params));
      return;
    }
    await this.call('api', () => this.api.purchases.products.acknowledge({ ...this.params(ref), requestBody }));
  }

  /** purchases.subscriptionsv2.get (no product id in the path: the token names the subscription). */
  async getSubscription(token: string, phase: StoreCallPhase = 'api'): Promise<SubscriptionPurchaseV2> {
    const res = await this.call(phase, () => this.api.purchases.subscriptionsv2.get({ packageName: this.packageName, token }));
    return res.data;
  }

  async consume(ref: StorePurchaseRef): Promise<void> {
    await this.call('api', () => this.api.purchases.products.consume(this.params(ref)));
  }

  /** orders.get (Orders API): one order's line items, with a subscription order's service period and what the buyer paid. */
  async getOrder(orderId: string): Promise<PlayOrder> {
    const res = await this.call('api', () => this.api.orders.get({ packageName: this.packageName, orderId }));
    return res.data;
  }

  /** purchases.voidedpurchases.list (in-app only), for a refund sweep; startTime ≤ 30 days back. */
  async listVoided(startTimeMs: number, pageToken?: string): Promise<androidpublisher_v3.Schema$VoidedPurchasesListResponse> {
    const res = await this.call('api', () =>
      this.api.purchases.voidedpurchases.list({ packageName: this.packageName, startTime: String(startTimeMs), token: pageToken, type: 0 }),
    );
    return res.data;
  }

  private params(ref: StorePurchaseRef) {
    return { packageName: this.packageName, productId: ref.marketProductId, token: ref.purchaseToken };
  }

  private async call<T>(phase: StoreCallPhase, request: () => Promise<T>): Promise<T> {
    let token: { token: string; expiresAtMs: number };
    try {
      token = await this.tokens.accessToken();
    } catch (err) {
      if (phase === 'verify' && err instanceof BillingError && err.code === 'STORE_UNAVAILABLE') throw transient(GOOGLE_PLAY_MARKET_ID, phase, err);
      throw err;
    }
    // No expiry_date: the library would judge it on the wall clock; our token source owns expiry (ctx.now).
    this.oauth.setCredentials({ access_token: token.token, token_type: 'Bearer' });
    try {
      return await request();
    } catch (err) {
      throw mapGoogleError(err, phase);
    }
  }
}

function toStatus(p: ProductPurchase): StorePurchaseStatus {
  const state = API_STATE[p.purchaseState ?? -1];
  if (!state) throw new BillingError('RECEIPT_STORE_REJECTED', 'The store reported an unknown purchase state.', { details: { market: GOOGLE_PLAY_MARKET_ID } });
  return {
    state,
    acknowledged: p.acknowledgementState === 1,
    consumed: p.consumptionState === 1,
    test: p.purchaseType === PURCHASE_TYPE_TEST,
    raw: p as Record<string, unknown>,
  };
}

/**
 * A subscription purchase as a StorePurchaseStatus, for the paths shared with one-time products
 * (verification, the 3-day acknowledge watchdog). Every state but the two unpaid ones is a paid
 * purchase: what the subscription is now (grace, hold, expired…) is the subscription core's
 * business (SubscriptionPurchaseV2.subscriptionState, purchases.subscriptionsv2 reference).
 */
function subscriptionStatus(s: SubscriptionPurchaseV2): StorePurchaseStatus {
  const acknowledged = s.acknowledgementState === 'ACKNOWLEDGEMENT_STATE_ACKNOWLEDGED';
  // Ended before anyone acknowledged it: refunded or revoked (Play's own 3-day revoke included), never a paid lapse.
  const voided = s.subscriptionState === 'SUBSCRIPTION_STATE_EXPIRED' && !acknowledged;
  const state: StorePurchaseStatus['state'] =
    s.subscriptionState === 'SUBSCRIPTION_STATE_PENDING' ? 'PENDING'
    : s.subscriptionState === 'SUBSCRIPTION_STATE_PENDING_PURCHASE_CANCELED' || voided ? 'CANCELED'
    : 'PURCHASED';
  return {
    state,
    acknowledged,
    consumed: false,
    test: s.testPurchase !== undefined && s.testPurchase !== null,
    raw: s as Record<string, unknown>,
  };
}

/** Google error envelope `{error:{code,message,errors:[{reason}]}}` → catalog code. */
export function mapGoogleError(err: unknown, phase: StoreCallPhase): BillingError {
  if (err instanceof BillingError) return err;
  const e = err as { status?: number; response?: { status?: number; data?: { error?: { errors?: { reason?: string }[] } } } };
  const status = e.response?.status ?? e.status;
  if (typeof status !== 'number') return transient(GOOGLE_PLAY_MARKET_ID, phase, err);
  const reason = e.response?.data?.error?.errors?.[0]?.reason;
  if (reason === 'purchaseTokenDoesNotMatchProductId') {
    return new BillingError('RECEIPT_PRODUCT_MISMATCH', undefined, { details: { market: GOOGLE_PLAY_MARKET_ID, status, reason }, cause: err });
  }
  if (reason === 'invalidPurchaseState') {
    return new BillingError('STORE_REQUEST_REJECTED', undefined, { details: { market: GOOGLE_PLAY_MARKET_ID, status, reason }, cause: err });
  }
  return storeHttpError(GOOGLE_PLAY_MARKET_ID, phase, status, reason, err);
}
