import type {
  ActionResponse, AuditResponse, PurchaseDetail, QueueKind, QueueResponse, SearchQuery, SearchResponse, SessionInfo, StatsResponse,
} from '../../server/src/console/api-schemas';
import type { PlayerEntitlements, SubscriptionSearchResponse, SubscriptionStatsResponse } from '../../server/src/console/subscription-schemas';

/** An error answer of the console API: the catalog code and its public message. */
export class ConsoleApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
    this.name = 'ConsoleApiError';
  }
}

export type ActionName = 'redeliver' | 'mark-delivered' | 'notes' | 'refund' | 'assign' | 'confirm-revocation' | 'dismiss-revocation';

/**
 * The browser side of `/console/api`. The session travels in an HttpOnly cookie; every write
 * carries the session's CSRF token in `X-CSRF-Token`.
 */
export class ConsoleApi {
  private csrfToken = '';

  constructor(private readonly base: string, private readonly fetchFn: typeof fetch = (input, init) => fetch(input, init)) {}

  async me(): Promise<SessionInfo | null> {
    try {
      return this.remember(await this.request<SessionInfo>('GET', '/me'));
    } catch (err) {
      if (err instanceof ConsoleApiError && err.status === 401) return null;
      throw err;
    }
  }

  async signIn(email: string, password: string): Promise<SessionInfo> {
    return this.remember(await this.request<SessionInfo>('POST', '/session', { email, password }));
  }

  async signOut(): Promise<void> {
    await this.request('DELETE', '/session');
    this.csrfToken = '';
  }

  search(query: SearchQuery): Promise<SearchResponse> {
    return this.request('GET', `/purchases?${toParams(query)}`);
  }

  /** The address of the streamed CSV export of the same search (a plain GET download). */
  csvUrl(query: SearchQuery): string {
    const { cursor: _cursor, limit: _limit, ...filters } = query;
    return `${this.base}/purchases.csv?${toParams(filters)}`;
  }

  detail(purchaseId: string): Promise<PurchaseDetail> {
    return this.request('GET', `/purchases/${encodeURIComponent(purchaseId)}`);
  }

  act(purchaseId: string, action: ActionName, reason: string): Promise<ActionResponse> {
    return this.request('POST', `/purchases/${encodeURIComponent(purchaseId)}/${action}`, { reason });
  }

  /** Gives an UNCLAIMED purchase (promo code, store-started) to a player; audited. */
  assign(purchaseId: string, userKey: string, reason: string): Promise<ActionResponse> {
    return this.request('POST', `/purchases/${encodeURIComponent(purchaseId)}/assign`, { userKey, reason });
  }

  queue(kind: QueueKind): Promise<QueueResponse> {
    return this.request('GET', `/queues/${kind}`);
  }

  stats(from: string, to: string): Promise<StatsResponse> {
    return this.request('GET', `/stats?${toParams({ from, to })}`);
  }

  /** What the player has now (the game's answer) and each subscription's periods and store events. */
  entitlements(appKey: string, userKey: string): Promise<PlayerEntitlements> {
    return this.request('GET', `/entitlements?${toParams({ appKey, userKey })}`);
  }

  /** Subscriptions by original transaction id, (linked) purchase token or a renewal's transaction id. */
  subscriptions(key: string): Promise<SubscriptionSearchResponse> {
    return this.request('GET', `/subscriptions?${toParams({ key })}`);
  }

  subscriptionStats(from: string, to: string): Promise<SubscriptionStatsResponse> {
    return this.request('GET', `/subscriptions/stats?${toParams({ from, to })}`);
  }

  audit(limit = 200): Promise<AuditResponse> {
    return this.request('GET', `/audit?limit=${limit}`);
  }

  private remember(info: SessionInfo): SessionInfo {
    this.csrfToken = info.csrfToken;
    return info;
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET') headers['x-csrf-token'] = this.csrfToken;
    const res = await this.fetchFn(this.base + path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const parsed: unknown = text ? JSON.parse(text) : null;
    if (!res.ok) {
      const error = (parsed as { error?: { code?: string; message?: string } } | null)?.error;
      throw new ConsoleApiError(res.status, error?.code ?? 'INTERNAL', error?.message ?? res.statusText);
    }
    return parsed as T;
  }
}

export function toParams(query: object): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  return params.toString();
}
