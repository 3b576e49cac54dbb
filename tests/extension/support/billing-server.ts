import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BillingError } from '../../../assets/common-billing/protocol/error-codes';
import type { Product, ProductsResponse } from '../../../assets/common-billing/protocol/api';

/**
 * A small HTTP billing server on 127.0.0.1 for the panel's "test connection" and data-key
 * registration, speaking the wire contract of protocol/api.ts and DESIGN.md §4 (errors as
 * ErrorBody). It stands in until the server-core routes can be started from tests; it
 * keeps what it was sent so tests can assert on the outcome.
 */
export interface TestBillingServer {
  url: string;
  registeredDataKeys: Map<string, string>;
  close(): Promise<void>;
}

export async function startTestBillingServer(opts: { appKey: string; adminToken: string; catalog: Record<string, Product[]> }): Promise<TestBillingServer> {
  const registeredDataKeys = new Map<string, string>();
  const server: Server = createServer((req, res) => {
    const send = (status: number, body?: unknown) => {
      res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    const fail = (code: ConstructorParameters<typeof BillingError>[0]) => {
      const err = new BillingError(code);
      send(err.status, err.toBody());
    };
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      if (req.method === 'GET' && url.pathname === '/healthz') return send(200, { status: 'ok' });
      if (req.method === 'GET' && url.pathname === '/v1/products') {
        if (req.headers['x-app-key'] !== opts.appKey) return fail('APP_KEY_INVALID');
        const products = opts.catalog[url.searchParams.get('market') ?? ''];
        if (!products) return fail('MARKET_NOT_ENABLED');
        const body: ProductsResponse = { products };
        return send(200, body);
      }
      const dataKeyRoute = /^\/v1\/admin\/apps\/([^/]+)\/data-key$/.exec(url.pathname);
      if (req.method === 'PUT' && dataKeyRoute) {
        if (req.headers.authorization !== `Bearer ${opts.adminToken}`) return fail('UNAUTHENTICATED');
        let body: unknown;
        try {
          body = JSON.parse(raw);
        } catch {
          return fail('BAD_REQUEST');
        }
        const dataKey = (body as { dataKey?: unknown }).dataKey;
        if (typeof dataKey !== 'string' || Buffer.from(dataKey, 'base64').length !== 32) return fail('VALIDATION_FAILED');
        registeredDataKeys.set(decodeURIComponent(dataKeyRoute[1]!), dataKey);
        return send(204);
      }
      fail('NOT_FOUND');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    registeredDataKeys,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port that was free a moment ago and now has nobody listening: an unreachable server. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
