import type {
  ConsumeResponse,
  CreateSessionResponse,
  FinishedResponse,
  ReservePurchaseResponse,
  SubmitReceiptResponse,
} from '../protocol/api';
import type { EntitlementsResponse } from '../protocol/entitlements';
import type { Receipt } from '../protocol/receipts';
import { BillingError } from '../protocol/error-codes';
import { parseJson } from './json';
import type { FetchLike } from './types';

/**
 * The billing server's HTTP API v1 as the SDK uses it (DESIGN.md §4). Transport failures
 * are NETWORK_ERROR (retryable); error answers keep the server's catalog code.
 */
export class BillingApiClient {
  private sessionToken: string | null = null;

  constructor(
    private readonly baseUrl: string,
    private readonly appKey: string,
    private readonly fetch: FetchLike,
  ) {}

  async createSession(market: string, userKey: string, loginToken?: string): Promise<CreateSessionResponse> {
    // JSON leaves out an undefined loginToken.
    const answer = await this.request<CreateSessionResponse>('POST', '/v1/sessions', { market, userKey, loginToken }, ['sessionToken', 'products', 'unfinished'], false);
    this.sessionToken = answer.sessionToken;
    return answer;
  }

  reserve(productId: string, quantity: number): Promise<ReservePurchaseResponse> {
    return this.request('POST', '/v1/purchases', { productId, quantity }, ['purchaseId', 'payload', 'marketProductId']);
  }

  submitReceipt(market: string, receipt: Receipt): Promise<SubmitReceiptResponse> {
    return this.request('POST', '/v1/receipts', { market, receipt }, ['purchase']);
  }

  consume(purchaseId: string, paymentToken: string): Promise<ConsumeResponse> {
    return this.request('POST', `/v1/purchases/${encodeURIComponent(purchaseId)}/consume`, { paymentToken }, ['purchase', 'alreadyConsumed']);
  }

  /** The session player's entitlements, as the server computes them now. */
  entitlements(): Promise<EntitlementsResponse> {
    return this.request('GET', '/v1/entitlements', undefined, ['userKey', 'asOf', 'entitlements']);
  }

  finished(purchaseId: string): Promise<FinishedResponse> {
    return this.request('POST', `/v1/purchases/${encodeURIComponent(purchaseId)}/finished`, {});
  }

  /**
   * Generic call, also used by the sandbox store bridge for `/v1/sandbox/*`. A success answer
   * must be a JSON object with every `required` field (a cheap shape check: typebox is never
   * bundled into the SDK).
   */
  async request<T>(method: string, path: string, body?: unknown, required: string[] = [], withSession = true): Promise<T> {
    const headers: Record<string, string> = { 'x-app-key': this.appKey, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (withSession) {
      if (!this.sessionToken) throw new BillingError('NOT_LOGGED_IN');
      headers.authorization = `Bearer ${this.sessionToken}`;
    }
    let status: number;
    let text: string;
    try {
      const response = await this.fetch(joinUrl(this.baseUrl, path), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      status = response.status;
      text = await response.text();
    } catch (cause) {
      throw new BillingError('NETWORK_ERROR', undefined, { cause });
    }
    const parsed = parseJson(text);
    if (status >= 200 && status < 300) {
      if (parsed === undefined || parsed === null || typeof parsed !== 'object') {
        throw new BillingError('NETWORK_ERROR', `Server answer ${status} is not a JSON object.`);
      }
      const missing = required.find((field) => (parsed as Record<string, unknown>)[field] === undefined);
      if (missing) throw new BillingError('NETWORK_ERROR', `Server answer without "${missing}".`, { retryable: false });
      return parsed as T;
    }
    // An answer without our error body came from something in between (proxy, load balancer).
    const fallback = status >= 500 || status === 429 ? 'SERVER_BUSY' : 'BAD_REQUEST';
    const error = BillingError.fromBody(parsed, fallback);
    if (error.code === 'SESSION_INVALID') this.sessionToken = null;
    return Promise.reject(error);
  }
}

function joinUrl(base: string, path: string): string {
  return base.replace(/\/+$/, '') + path;
}
