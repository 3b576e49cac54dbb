import { BillingError } from '../../../../assets/common-billing/protocol/error-codes';
import type { MarketContext, StorePurchaseRef, StorePurchaseStatus, StoreServerApi } from '../types';
import { storeHttpError, transient, type StoreCallPhase } from '../shared/store-http-errors';
import { ONE_STORE_API_BASE, ONE_STORE_MARKET_ID, type OneStoreServerApiConfig } from './config';
import { parseSubscriptionDetail, type OneStoreSubscriptionDetail } from './subscription-detail';

/** ONE store asks clients to re-issue a token once fewer than 600 s remain. */
const REISSUE_BEFORE_MS = 600_000;
const API_STATE: Record<number, StorePurchaseStatus['state']> = { 0: 'PURCHASED', 1: 'CANCELED', 2: 'REFUNDED' };
/**
 * The product-type segment of "get subscription detail" (getSubscriptionDetail). UNCONFIRMED: the
 * V7 reference shows `inapp` (details, consume) and `all` (acknowledge); `subscription` is the
 * SDK v21 ProductType of auto-renewing products (STORES.md §3.1), the older `auto` type being
 * deprecated. Kept in this one place so a correction is one line.
 */
const SUBSCRIPTION_SEGMENT = 'subscription';

interface OneStoreErrorBody {
  error?: { code?: string; message?: string };
}

/**
 * ONE store server API V7: client-credentials OAuth, `x-market-code`, purchase details,
 * consume (`/inapp/…/consume`) and acknowledge (`/all/…/acknowledge`). A token the store
 * calls expired is dropped and the call is repeated once with a fresh one.
 */
export class OneStoreApiClient implements StoreServerApi {
  private readonly baseUrl: string;
  private token?: { value: string; expiresAtMs: number };

  constructor(private readonly config: OneStoreServerApiConfig, private readonly ctx: Pick<MarketContext, 'now' | 'fetch'>) {
    this.baseUrl = (config.baseUrl ?? ONE_STORE_API_BASE[config.environment]).replace(/\/+$/, '');
  }

  get isSandbox(): boolean {
    return this.config.environment === 'sandbox';
  }

  async getPurchase(ref: StorePurchaseRef, phase: StoreCallPhase = 'api'): Promise<StorePurchaseStatus> {
    // A subscription is not an in-app product at the store: the watchdog and the intake re-read it here.
    if (ref.productType === 'subscription') return this.subscriptionStatus(ref, phase);
    const body = (await this.request('GET', this.productPath('inapp', ref), undefined, phase)) as Record<string, unknown>;
    const state = API_STATE[typeof body.purchaseState === 'number' ? body.purchaseState : -1];
    if (!state) throw new BillingError('RECEIPT_STORE_REJECTED', 'The store reported an unknown purchase state.', { details: { market: ONE_STORE_MARKET_ID } });
    return { state, acknowledged: body.acknowledgeState === 1, consumed: body.consumptionState === 1, test: this.isSandbox, raw: body };
  }

  /** getSubscriptionDetail: the subscription as the store sees it now. */
  async getSubscription(ref: Pick<StorePurchaseRef, 'marketProductId' | 'purchaseToken'>, phase: StoreCallPhase = 'api'): Promise<{ detail: OneStoreSubscriptionDetail; raw: Record<string, unknown> }> {
    const raw = (await this.request('GET', this.productPath(SUBSCRIPTION_SEGMENT, ref), undefined, phase)) as Record<string, unknown>;
    return { detail: parseSubscriptionDetail(raw), raw };
  }

  private async subscriptionStatus(ref: StorePurchaseRef, phase: StoreCallPhase): Promise<StorePurchaseStatus> {
    const { detail, raw } = await this.getSubscription(ref, phase);
    // An expired subscription was still paid for: only a cancel or refund voids the purchase.
    const state = detail.purchaseState === 2 ? 'REFUNDED' : detail.purchaseState === 1 ? 'CANCELED' : 'PURCHASED';
    return { state, acknowledged: detail.acknowledged, consumed: false, test: this.isSandbox, ...(detail.charged ? { charged: detail.charged } : {}), raw };
  }

  async consume(ref: StorePurchaseRef): Promise<void> {
    await this.request('POST', `${this.productPath('inapp', ref)}/consume`, { developerPayload: ref.developerPayload ?? '' }, 'api');
  }

  async acknowledge(ref: StorePurchaseRef): Promise<void> {
    await this.request('POST', `${this.productPath('all', ref)}/acknowledge`, { developerPayload: ref.developerPayload ?? '' }, 'api');
  }

  private productPath(kind: 'inapp' | 'all' | typeof SUBSCRIPTION_SEGMENT, ref: Pick<StorePurchaseRef, 'marketProductId' | 'purchaseToken'>): string {
    const seg = encodeURIComponent;
    return `/v7/apps/${seg(this.config.clientId)}/purchases/${kind}/products/${seg(ref.marketProductId)}/${seg(ref.purchaseToken)}`;
  }

  private async request(method: 'GET' | 'POST', path: string, body: object | undefined, phase: StoreCallPhase, retried = false): Promise<unknown> {
    const token = await this.accessToken(phase);
    const response = await this.send(`${this.baseUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        'x-market-code': this.config.marketCode ?? 'MKT_ONE',
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    }, phase);
    const parsed = (await response.json().catch(() => ({}))) as OneStoreErrorBody & Record<string, unknown>;
    if (response.ok) return parsed;
    const code = parsed.error?.code;
    if (response.status === 401 && code === 'AccessTokenExpired' && !retried) {
      this.token = undefined;
      return this.request(method, path, body, phase, true);
    }
    throw storeHttpError(ONE_STORE_MARKET_ID, phase, response.status, code);
  }

  private async accessToken(phase: StoreCallPhase): Promise<string> {
    if (this.token && this.token.expiresAtMs - REISSUE_BEFORE_MS > this.ctx.now()) return this.token.value;
    const response = await this.send(`${this.baseUrl}/v7/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: this.config.clientId, client_secret: this.config.clientSecret }).toString(),
    }, phase);
    const body = (await response.json().catch(() => ({}))) as OneStoreErrorBody & { access_token?: unknown; expires_in?: unknown };
    if (!response.ok || typeof body.access_token !== 'string') {
      // A refused client is a credentials problem whatever status the store picks for it.
      const status = response.ok ? 502 : response.status < 500 && response.status !== 429 ? 401 : response.status;
      throw storeHttpError(ONE_STORE_MARKET_ID, phase, status, body.error?.code ?? 'oauth');
    }
    const lifetimeS = typeof body.expires_in === 'number' ? body.expires_in : 3600;
    this.token = { value: body.access_token, expiresAtMs: this.ctx.now() + lifetimeS * 1000 };
    return this.token.value;
  }

  private async send(url: string, init: RequestInit, phase: StoreCallPhase): Promise<Response> {
    try {
      return await this.ctx.fetch(url, init);
    } catch (cause) {
      throw transient(ONE_STORE_MARKET_ID, phase, cause);
    }
  }
}
