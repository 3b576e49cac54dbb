import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SimRequest {
  method: string;
  /** Path without the query string, still percent-encoded. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: string;
}

export interface SimResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface LoopbackServer {
  /** `http://127.0.0.1:PORT` without a trailing slash. */
  origin: string;
  close(): Promise<void>;
}

/**
 * A tiny JSON HTTP server on 127.0.0.1, port 0: the transport of every store simulator.
 * Handlers are synchronous functions of the request, so the simulators stay easy to read.
 */
export async function startLoopbackServer(handle: (req: SimRequest) => SimResponse | Promise<SimResponse>): Promise<LoopbackServer> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      Promise.resolve()
        .then(() => handle({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, rawBody: Buffer.concat(chunks).toString('utf8') }))
        .catch((err: unknown): SimResponse => ({ status: 500, body: { error: { message: String(err) } } }))
        .then((out) => {
          const payload = out.body === undefined ? '' : typeof out.body === 'string' ? out.body : JSON.stringify(out.body);
          res.writeHead(out.status, { 'content-type': typeof out.body === 'string' ? 'text/html' : 'application/json', ...out.headers });
          res.end(payload);
        });
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function bearerOf(headers: IncomingHttpHeaders): string | undefined {
  const value = headers.authorization;
  return typeof value === 'string' && value.startsWith('Bearer ') ? value.slice('Bearer '.length) : undefined;
}
