import { expect } from 'chai';
import { startLocalTarget, type LocalTarget, ADMIN_TOKEN } from '../conformance/support';
import { HttpClient } from '../../server/src/conformance/http-client';
import { TargetApp } from '../../server/src/conformance/target-app';

interface Operation {
  security?: Array<Record<string, string[]>>;
}
interface OpenApiDoc {
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, { type: string; in?: string; name?: string; scheme?: string }> };
}

/** What the server really requires, per route, as a client would find out. */
const EXPECTED: Record<string, string> = {
  'post /v1/sessions': 'appKey',
  'get /v1/products': 'appKey',
  'post /v1/purchases': 'session',
  'post /v1/receipts': 'session',
  'post /v1/purchases/{purchaseId}/consume': 'appSecret|session',
  'post /v1/purchases/{purchaseId}/finished': 'session',
  'get /v1/users/{userKey}/purchases': 'appSecret',
  'post /v1/sandbox/purchases': 'session',
  'post /v1/admin/apps': 'adminToken',
  'put /v1/admin/apps/{appKey}/markets/{market}': 'adminToken',
  'put /v1/lifecycle/webhook': 'appSecret',
  'post /v1/notifications/{market}': '',
  'post /console/api/session': '',
  'get /console/api/purchases': 'consoleSession',
  'post /console/api/purchases/{purchaseId}/redeliver': 'consoleSession',
};

describe('OpenAPI: every route declares its security scheme', () => {
  let target: LocalTarget;
  let doc: OpenApiDoc;
  before(async () => {
    target = await startLocalTarget({ engine: 'sqlite' });
    doc = (await (await fetch(`${target.url}/openapi.json`)).json()) as OpenApiDoc;
  });
  after(async () => target?.close());

  const operations = () => Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ key: `${method} ${path}`, op })));

  it('names a known scheme (or none, on purpose) on every operation', () => {
    const schemes = Object.keys(doc.components.securitySchemes);
    expect(schemes.sort()).to.deep.equal(['adminToken', 'appKey', 'appSecret', 'consoleSession', 'session']);
    const missing = operations().filter(({ op }) => !Array.isArray(op.security)).map(({ key }) => key);
    expect(missing, missing.join(', ')).to.deep.equal([]);
    const unknown = operations().flatMap(({ op }) => op.security!.flatMap((r) => Object.keys(r))).filter((s) => !schemes.includes(s));
    expect(unknown).to.deep.equal([]);
    expect(doc.components.securitySchemes.appKey).to.include({ type: 'apiKey', in: 'header', name: 'X-App-Key' });
    expect(doc.components.securitySchemes.consoleSession).to.include({ type: 'apiKey', in: 'cookie', name: 'cb_console' });
  });

  it('declares what each route really requires', () => {
    const declared = Object.fromEntries(operations().map(({ key, op }) => [key, (op.security ?? [{ MISSING: [] }]).flatMap((r) => Object.keys(r)).join('|')]));
    for (const [key, schemes] of Object.entries(EXPECTED)) expect(declared[key], key).to.equal(schemes);
  });

  it('answers 401 without the declared credential on the routes that require one', async () => {
    const app = new TargetApp(new HttpClient(target.url), ADMIN_TOKEN);
    await app.create();
    const bare = new HttpClient(target.url);
    const unauthenticated = [
      await bare.call('POST', '/v1/purchases', { body: { productId: 'conformance_coins' } }),
      await bare.call('GET', '/v1/users/someone/purchases'),
      await bare.call('POST', '/v1/admin/apps', { body: { name: 'x' } }),
      await bare.call('GET', '/console/api/purchases'),
      await bare.call('POST', '/v1/sessions', { body: { market: 'sandbox', userKey: 'someone' } }),
    ];
    expect(unauthenticated.map((a) => a.status)).to.deep.equal([401, 401, 401, 401, 401]);
  });
});
