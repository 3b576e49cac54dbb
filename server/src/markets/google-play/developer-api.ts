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

  /** purchases.products.get, mapped to a StorePurchaseStatus. */
  async getPurchase(ref: StorePurchaseRef, phase: StoreCallPhase = 'api'): Promise<StorePurchaseStatus> {
    const raw = await this.call(phase, () => this.api.purchases.products.get(this.params(ref)));
    return toStatus(raw.data);
  }

  async acknowledge(ref: StorePurchaseRef): Promise<void> {
    const requestBody = ref.developerPayload ? { developerPayload: ref.developerPayload } : {};
    await this.call('api', () => this.api.purchases.products.acknowledge({ ...this.params(ref), requestBody }));
  }

  async consume(ref: StorePurchaseRef): Promise<void> {
    await this.call('api', () => this.api.purchases.products.consume(this.params(ref)));
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

/** Google error envelope `{error:{code,message,errors:[{reason}]}}` → catalog code. */
function mapGoogleError(err: unknown, phase: StoreCallPhase): BillingError {
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
