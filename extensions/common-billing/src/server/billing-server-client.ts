import { BillingError, type ErrorBody } from '../../../../assets/common-billing/protocol/error-codes';
import { errorBody } from '../../../../assets/common-billing/protocol/errors/messages';
import type { ProductsResponse } from '../../../../assets/common-billing/protocol/api';
import { fieldError } from '../settings/field-error';
import { checkDataKey } from '../settings/data-key';
import { normalizeAppKey, normalizeServerUrl } from '../settings/fields';

/**
 * The panel's calls to the billing server. They run in the editor's main process (Node
 * fetch, no CORS), reached through extension messages, so every result is plain JSON.
 */
export type FetchLike = (url: string, init?: { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal }) => Promise<{
  status: number;
  ok: boolean;
  json(): Promise<unknown>;
}>;

export interface ClientOptions { fetch: FetchLike; timeoutMs?: number }

export interface MarketCheck { market: string; ok: boolean; productIds?: string[]; error?: ErrorBody['error'] }
export interface ConnectionReport { serverUrl: string; healthy: boolean; markets: MarketCheck[] }

/** `GET /healthz`, then `GET /v1/products?market=` with X-App-Key for each market. */
export async function testConnection(opts: ClientOptions, serverUrl: string, appKey: string, markets: readonly string[]): Promise<ConnectionReport> {
  const base = normalizeServerUrl(serverUrl);
  const key = normalizeAppKey(appKey);
  const health = await call(opts, `${base}/healthz`, { method: 'GET' });
  const report: ConnectionReport = { serverUrl: base, healthy: health.ok, markets: [] };
  for (const market of markets) {
    const res = await call(opts, `${base}/v1/products?market=${encodeURIComponent(market)}`, { method: 'GET', headers: { 'X-App-Key': key } });
    if (res.ok) {
      const products = (res.body as Partial<ProductsResponse> | undefined)?.products;
      report.markets.push({ market, ok: true, productIds: Array.isArray(products) ? products.map((p) => p.productId) : [] });
    } else {
      report.markets.push({ market, ok: false, error: errorBody(BillingError.fromBody(res.body, 'BAD_REQUEST')).error });
    }
  }
  return report;
}

/** `PUT /v1/admin/apps/{appKey}/data-key` with the admin token; throws the server's error. */
export async function registerDataKey(opts: ClientOptions, serverUrl: string, appKey: string, adminToken: string, dataKey: string): Promise<void> {
  const base = normalizeServerUrl(serverUrl);
  const key = normalizeAppKey(appKey);
  const token = adminToken.trim();
  if (!token) throw fieldError('adminToken', 'admin-token-missing', 'Enter the server admin token to register the data key.');
  const res = await call(opts, `${base}/v1/admin/apps/${encodeURIComponent(key)}/data-key`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ dataKey: checkDataKey(dataKey) }),
  });
  if (!res.ok) throw BillingError.fromBody(res.body, res.status === 401 || res.status === 403 ? 'UNAUTHENTICATED' : 'BAD_REQUEST');
}

async function call(opts: ClientOptions, url: string, init: Parameters<FetchLike>[1]): Promise<{ ok: boolean; status: number; body: unknown }> {
  let res: Awaited<ReturnType<FetchLike>>;
  try {
    res = await opts.fetch(url, { ...init, signal: AbortSignal.timeout(opts.timeoutMs ?? 5000) });
  } catch {
    throw fieldError('serverUrl', 'server-unreachable', `The billing server at ${new URL(url).origin} could not be reached.`, {}, 'NETWORK_ERROR');
  }
  const body = await res.json().catch(() => undefined);
  return { ok: res.ok, status: res.status, body };
}
