import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BillingApiClient } from '../../assets/common-billing/core/api-client';
import { nodeFetch } from './support/billing-server';

/** The API client against a real HTTP server on 127.0.0.1 that answers like things in between do. */
describe('billing API client: answers that are not the billing server’s', () => {
  let server: Server;
  let url: string;
  let reply: { status: number; body: string; type: string };
  before(async () => {
    server = createServer((_req, res) => {
      res.writeHead(reply.status, { 'content-type': reply.type });
      res.end(reply.body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  const client = () => new BillingApiClient(url, 'app', nodeFetch);
  const attempt = (c = client()) => c.createSession('sandbox', 'p').catch((e: unknown) => e);

  it('a proxy’s HTML 502 is SERVER_BUSY (retryable)', async () => {
    reply = { status: 502, body: '<html>Bad gateway</html>', type: 'text/html' };
    expect(await attempt()).to.include({ code: 'SERVER_BUSY', retryable: true });
  });

  it('a 4xx without our error body is BAD_REQUEST', async () => {
    reply = { status: 404, body: 'nope', type: 'text/plain' };
    expect(await attempt()).to.include({ code: 'BAD_REQUEST', retryable: false });
  });

  it('our error body keeps its catalog code and retryable flag', async () => {
    reply = { status: 401, body: JSON.stringify({ error: { code: 'APP_KEY_INVALID', message: 'The app key is unknown.', retryable: false } }), type: 'application/json' };
    expect(await attempt()).to.include({ code: 'APP_KEY_INVALID', retryable: false });
  });

  it('a 200 that is not our answer is an error, not a session', async () => {
    reply = { status: 200, body: '{"hello":"captive portal"}', type: 'application/json' };
    expect(await attempt()).to.include({ code: 'NETWORK_ERROR' });
    reply = { status: 200, body: '<html>login to wifi</html>', type: 'text/html' };
    expect(await attempt()).to.include({ code: 'NETWORK_ERROR' });
  });

  it('calls that need a session say NOT_LOGGED_IN before touching the network', async () => {
    expect(await client().reserve('gas', 1).catch((e: unknown) => e)).to.include({ code: 'NOT_LOGGED_IN' });
  });

  it('a refused connection is NETWORK_ERROR (retryable)', async () => {
    const closed = new BillingApiClient('http://127.0.0.1:1', 'app', nodeFetch);
    expect(await attempt(closed)).to.include({ code: 'NETWORK_ERROR', retryable: true });
  });
});
