import { expect } from 'chai';
import { ERROR_CATALOG } from '../../assets/common-billing/protocol/error-codes';
import { forEachEngine } from './support/engines';
import { startHarness, type Harness } from './support/harness';
import { TEST_MARKET } from './support/test-market';

forEachEngine('error mapping: every client mistake is a catalog code, never a 500', (engine) => {
  let h: Harness;
  let session: string;
  before(async () => {
    h = await startHarness({ ...engine(), bodyLimitBytes: 4096 });
    session = (await h.login('player-1')).sessionToken;
  });
  after(async () => h?.close());

  const cases: Array<[string, () => Promise<{ statusCode: number; json(): { error: { code: string } } }>, number, string]> = [
    ['malformed JSON', () => h.app.inject({ method: 'POST', url: '/v1/sessions', headers: { 'x-app-key': 'gas-station', 'content-type': 'application/json' }, payload: '{"market":' }), 400, 'BAD_REQUEST'],
    ['wrong content type', () => h.app.inject({ method: 'POST', url: '/v1/sessions', headers: { 'x-app-key': 'gas-station', 'content-type': 'text/xml' }, payload: '<a/>' }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['huge body', () => h.post('/v1/sessions', { market: TEST_MARKET, userKey: 'x'.repeat(10_000) }), 413, 'PAYLOAD_TOO_LARGE'],
    ['schema violation', () => h.post('/v1/sessions', { market: TEST_MARKET, userKey: '' }), 400, 'VALIDATION_FAILED'],
    ['extra property', () => h.post('/v1/sessions', { market: TEST_MARKET, userKey: 'a', admin: true }), 400, 'VALIDATION_FAILED'],
    ['unknown route', () => h.get('/v1/nothing-here'), 404, 'NOT_FOUND'],
    ['bad purchase id', () => h.post('/v1/purchases/not-a-uuid/consume', { paymentToken: 'x' }, h.secretKey), 400, 'VALIDATION_FAILED'],
    ['unknown purchase', () => h.post('/v1/purchases/0b6f5c7e-5a0e-4b7e-8a3e-2b8f0c9d1e2f/finished', {}, session), 404, 'PURCHASE_NOT_FOUND'],
    ['no session', () => h.post('/v1/purchases', { productId: 'gas' }), 401, 'UNAUTHENTICATED'],
    ['garbage session', () => h.post('/v1/purchases', { productId: 'gas' }, 's1.e30.xxxx'), 401, 'SESSION_INVALID'],
    ['unknown product', () => h.post('/v1/purchases', { productId: 'diamonds' }, session), 404, 'UNKNOWN_PRODUCT'],
    ['bad query', () => h.get('/v1/products?market=UPPER'), 400, 'VALIDATION_FAILED'],
    ['bad state filter', () => h.get('/v1/users/u/purchases?state=PAID', h.secretKey), 400, 'VALIDATION_FAILED'],
    ['receipt of wrong shape', () => h.post('/v1/receipts', { market: TEST_MARKET, receipt: { foo: 1 } }, session), 400, 'VALIDATION_FAILED'],
    ['empty JSON body', () => h.app.inject({ method: 'POST', url: '/v1/sessions', headers: { 'x-app-key': 'gas-station', 'content-type': 'application/json' }, payload: '' }), 400, 'BAD_REQUEST'],
  ];

  for (const [name, send, status, code] of cases) {
    it(`${name} → ${status} ${code}`, async () => {
      const res = await send();
      expect(res.statusCode).to.equal(status);
      expect(res.json().error.code).to.equal(code);
      expect(ERROR_CATALOG).to.have.property(res.json().error.code);
    });
  }

  it('answers a request id and security headers', async () => {
    const res = await h.get('/healthz');
    expect(res.statusCode).to.equal(200);
    expect(res.headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
    expect(res.headers['x-content-type-options']).to.equal('nosniff');
  });

  it('serves Prometheus metrics and an OpenAPI 3 document with every API route', async () => {
    const metrics = await h.get('/metrics');
    expect(metrics.headers['content-type']).to.match(/^text\/plain/);
    expect(metrics.body).to.match(/^http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+$/m);
    const doc = (await h.get('/openapi.json')).json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(doc.openapi).to.match(/^3\./);
    expect(Object.keys(doc.paths)).to.include.members([
      '/v1/sessions', '/v1/products', '/v1/purchases', '/v1/receipts', '/v1/purchases/{purchaseId}/consume',
      '/v1/purchases/{purchaseId}/finished', '/v1/users/{userKey}/purchases', '/v1/sandbox/purchases', '/v1/admin/apps/{appKey}/data-key',
    ]);
  });
});

describe('rate limiting', () => {
  it('answers 429 RATE_LIMITED past the per-IP limit', async () => {
    const h = await startHarness({ engine: 'sqlite', rateLimitPerMinute: 3 });
    try {
      const codes = [];
      for (let i = 0; i < 5; i++) codes.push((await h.get('/healthz')).statusCode);
      expect(codes).to.deep.equal([200, 200, 200, 429, 429]);
      expect((await h.get('/healthz')).json().error.code).to.equal('RATE_LIMITED');
    } finally {
      await h.close();
    }
  });
});
