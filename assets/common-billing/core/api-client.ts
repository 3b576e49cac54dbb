import type {
  ConsumeResponse,
  CreateSessionResponse,
  FinishedResponse,
  ReservePurchaseResponse,
  SubmitReceiptResponse,
} from '../protocol/api';
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

  get session(): string | null {
    return this.sessionToken;
  }

  async createSession(market: string, userKey: string, userSignature?: string): Promise<CreateSessionResponse> {
    const body: Record<string, string> = { market, userKey };
    if (userSignature !== undefined) body.userSignature = userSignature;
    const answer = await this.request<CreateSessionResponse>('POST', '/v1/sessions', body, false);
    expectFields(answer, ['sessionToken', 'products', 'unfinished']);
    this.sessionToken = answer.sessionToken;
    return answer;
  }

  async reserve(productId: string, quantity: number): Promise<ReservePurchaseResponse> {
    const answer = await this.request<ReservePurchaseResponse>('POST', '/v1/purchases', { productId, quantity });
    expectFields(answer, ['purchaseId', 'payload', 'marketProductId']);
    return answer;
  }

  async submitReceipt(market: string, receipt: Receipt): Promise<SubmitReceiptResponse> {
    const answer = await this.request<SubmitReceiptResponse>('POST', '/v1/receipts', { market, receipt });
    expectFields(answer, ['purchase']);
    return answer;
  }

  async consume(purchaseId: string, paymentToken: string): Promise<ConsumeResponse> {
    const answer = await this.request<ConsumeResponse>('POST', `/v1/purchases/${encodeURIComponent(purchaseId)}/consume`, { paymentToken });
    expectFields(answer, ['purchase', 'alreadyConsumed']);
    return answer;
  }

  async finished(purchaseId: string): Promise<FinishedResponse> {
    return this.request<FinishedResponse>('POST', `/v1/purchases/${encodeURIComponent(purchaseId)}/finished`, {});
  }

  /** Generic call, also used by the sandbox store bridge for `/v1/sandbox/*`. */
  async request<T>(method: string, path: string, body?: unknown, withSession = true): Promise<T> {
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

/** A cheap shape check of answers (typebox is never bundled into the SDK). */
function expectFields(value: unknown, fields: string[]): void {
  const record = value as Record<string, unknown>;
  for (const field of fields) {
    if (record[field] === undefined) {
      throw new BillingError('NETWORK_ERROR', `Server answer without "${field}".`, { retryable: false });
    }
  }
}
